/**
 * The retry policy of a component's transports (Autobahn|Python's
 * `maxRetries`, `initialRetryDelay`, `retryDelayGrowth`, `maxRetryDelay`,
 * `retryDelayJitter`) and the clock it waits on, injectable so that tests
 * check the timings without waiting for them.
 *
 * @module
 */

/**
 * Retry settings of one transport; delays in seconds.
 *
 * @example Retrying forever with a fixed delay
 * ```ts
 * import { type RetryOptions, RetryPolicy } from "@autobahn/autobahn/component";
 *
 * const options: RetryOptions = {
 *   maxRetries: -1,
 *   maxRetryDelay: 2,
 *   initialRetryDelay: 2,
 *   retryDelayGrowth: 1,
 *   retryDelayJitter: 0,
 * };
 * const policy = new RetryPolicy(options);
 * const delays = [policy.nextDelay(), policy.nextDelay(), policy.nextDelay()];
 * if (delays.join() !== "0,2,2") throw new Error(`Unexpected delays ${delays}`);
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt before giving up; `-1` retries forever. */
  readonly maxRetries: number;
  /** The longest delay between attempts, in seconds. */
  readonly maxRetryDelay: number;
  /** The delay before the first retry, in seconds. */
  readonly initialRetryDelay: number;
  /** Factor by which the delay grows after each failed retry (≥ 1). */
  readonly retryDelayGrowth: number;
  /** Relative jitter in [0, 1]: each delay is drawn uniformly from delay·(1 ± jitter). */
  readonly retryDelayJitter: number;
}

/**
 * Autobahn|Python's defaults.
 *
 * @example Starting from the defaults
 * ```ts
 * import { DEFAULT_RETRY, RetryPolicy } from "@autobahn/autobahn/component";
 *
 * const policy = new RetryPolicy({ ...DEFAULT_RETRY, retryDelayJitter: 0 });
 * policy.nextDelay(); // 0: the first attempt
 * if (policy.nextDelay() !== DEFAULT_RETRY.initialRetryDelay) throw new Error("Unexpected delay");
 * ```
 */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxRetries: 15,
  maxRetryDelay: 300,
  initialRetryDelay: 1.5,
  retryDelayGrowth: 1.5,
  retryDelayJitter: 0.1,
});

/**
 * Counts attempts and computes the delay before each: none before the first
 * attempt, `initialRetryDelay` before the first retry, then growing by
 * `retryDelayGrowth` up to `maxRetryDelay`, each with jitter. `reset()`
 * after a successful connection starts over.
 *
 * @example
 * ```ts
 * import { RetryPolicy } from "@autobahn/autobahn/component";
 * const p = new RetryPolicy({ maxRetries: 2, maxRetryDelay: 10, initialRetryDelay: 1,
 *   retryDelayGrowth: 2, retryDelayJitter: 0 });
 * [p.nextDelay(), p.nextDelay(), p.nextDelay(), p.nextDelay()]; // [0, 1, 2, undefined]
 * ```
 */
export class RetryPolicy {
  /** The settings. */
  readonly options: RetryOptions;
  readonly #random: () => number;
  #attempts = 0;

  /**
   * Creates a policy.
   *
   * @param options Retry settings.
   * @param random Uniform [0, 1) source for jitter. Default `Math.random`.
   */
  constructor(options: RetryOptions = DEFAULT_RETRY, random: () => number = Math.random) {
    this.options = options;
    this.#random = random;
  }

  /** Attempts started since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  /** True while another attempt is allowed. */
  get canRetry(): boolean {
    const max = this.options.maxRetries;
    return max < 0 || this.#attempts <= max;
  }

  /**
   * Counts an attempt and returns the seconds to wait before it, or
   * `undefined` when the retries are exhausted (nothing is counted then).
   */
  nextDelay(): number | undefined {
    if (!this.canRetry) return undefined;
    const n = this.#attempts++;
    if (n === 0) return 0;
    const o = this.options;
    const base = Math.min(o.maxRetryDelay, o.initialRetryDelay * o.retryDelayGrowth ** (n - 1));
    const jittered = base * (1 + o.retryDelayJitter * (2 * this.#random() - 1));
    return Math.max(0, Math.min(o.maxRetryDelay, jittered));
  }

  /** Starts over (after a successful connection). */
  reset(): void {
    this.#attempts = 0;
  }
}

/**
 * A clock: what the component waits on. Times in milliseconds.
 *
 * @example A clock that fires at once and records the delays
 * ```ts
 * import { type Clock, sleep } from "@autobahn/autobahn/component";
 *
 * const requested: number[] = [];
 * const instant: Clock = {
 *   now: () => 0,
 *   setTimeout: (fn, ms) => (requested.push(ms), queueMicrotask(fn)),
 *   clearTimeout: () => {},
 * };
 * await sleep(instant, 1500);
 * if (requested[0] !== 1500) throw new Error("Delay not requested");
 * ```
 */
export interface Clock {
  /** The current time, ms. */
  now(): number;
  /** Calls `fn` after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a pending `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock.
 *
 * @example Waiting on the real clock
 * ```ts
 * import { sleep, systemClock } from "@autobahn/autobahn/component";
 *
 * const start = systemClock.now();
 * await sleep(systemClock, 10);
 * if (systemClock.now() < start) throw new Error("Time went backwards");
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as number),
};

/**
 * Waits `ms` on `clock`; rejects with the signal's reason when it aborts.
 *
 * @example
 * ```ts
 * import { sleep, systemClock } from "@autobahn/autobahn/component";
 * await sleep(systemClock, 1);
 * ```
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A clock that only moves when told: `advance(ms)` runs the timers that
 * fall due. For tests of retry timings.
 *
 * @example
 * ```ts
 * import { ManualClock, sleep } from "@autobahn/autobahn/component";
 * const clock = new ManualClock();
 * const done = sleep(clock, 1500);
 * clock.advance(1500);
 * await done;
 * ```
 */
export class ManualClock implements Clock {
  #now = 0;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();
  /** Every delay ever asked for via `setTimeout`, in ms, in order. */
  readonly requested: number[] = [];
  #waiters: (() => void)[] = [];

  /** The current (virtual) time, ms. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at now + `ms`. */
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + ms, fn });
    this.requested.push(ms);
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
    return id;
  }

  /** Cancels a timer. */
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Number of pending timers. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Resolves once at least `n` timers are pending. */
  async waitForTimers(n = 1): Promise<void> {
    while (this.#timers.size < n) await new Promise<void>((r) => this.#waiters.push(r));
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = end;
  }
}
