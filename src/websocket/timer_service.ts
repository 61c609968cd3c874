/**
 * One batched timer for every connection's auto-ping: a {@linkcode TimerService}
 * runs a single `setInterval` while at least one task is registered, and stops
 * it as soon as none is. Tasks keep a `due` time (ms, `performance.now()`
 * clock) that their owner may move at any moment at O(1) cost; each tick runs
 * the tasks that are due. {@linkcode AutoPinger} is the auto-ping state machine
 * (`autoPingInterval`, `autoPingTimeout`, `autoPingSize`,
 * `autoPingRestartOnAnyTraffic`) that the driver hangs on the service.
 *
 * Why a scan and not a heap: traffic moves deadlines constantly (restart on any
 * traffic), which is a plain field write here; a tick costs one comparison per
 * connection, about 10 µs per 10,000 connections.
 *
 * @module
 */

/**
 * A task registered with a {@linkcode TimerService}.
 *
 * @example A task that runs once
 * ```ts
 * import { TimerService, type TimerTask } from "@autobahn/autobahn/websocket";
 *
 * const service = new TimerService();
 * const { promise, resolve } = Promise.withResolvers<void>();
 * const task: TimerTask = {
 *   due: performance.now() + 10,
 *   granularityMs: 5,
 *   run() {
 *     service.remove(task);
 *     resolve();
 *   },
 * };
 * service.add(task);
 * await promise;
 * ```
 */
export interface TimerTask {
  /** When to run next (ms on the `performance.now()` clock); `Infinity` = not scheduled. */
  due: number;
  /** The tick granularity (ms) this task needs; the service ticks at the smallest. */
  readonly granularityMs: number;
  /** Runs when `now >= due`; should move `due` forward or unregister. */
  run(now: number): void;
}

/**
 * Counters for tests and benchmarks.
 *
 * @example An idle service runs no timer
 * ```ts
 * import { TimerService, type TimerServiceStats } from "@autobahn/autobahn/websocket";
 *
 * const service = new TimerService();
 * const task = { due: Infinity, granularityMs: 100, run() {} };
 * service.add(task);
 * const busy: TimerServiceStats = service.stats;
 * service.remove(task);
 * if (busy.activeTimers !== 1 || service.stats.activeTimers !== 0) throw new Error();
 * ```
 */
export interface TimerServiceStats {
  /** Tasks registered now. */
  readonly tasks: number;
  /** Platform timers running now: 0 (idle) or 1. */
  readonly activeTimers: number;
  /** Platform timers started since the service was created. */
  readonly timersStarted: number;
  /** Ticks run since the service was created. */
  readonly ticks: number;
  /** The current tick interval in ms (0 when idle). */
  readonly tickMs: number;
}

const MIN_TICK_MS = 5;
const MAX_TICK_MS = 1000;

/**
 * A single shared interval that runs registered tasks when they are due.
 *
 * @example
 * ```ts
 * import { TimerService } from "@autobahn/autobahn/websocket";
 *
 * const service = new TimerService();
 * const done = Promise.withResolvers<number>();
 * const task = {
 *   due: performance.now() + 20,
 *   granularityMs: 10,
 *   run(now: number) {
 *     service.remove(task); // the last task stops the shared interval
 *     done.resolve(now);
 *   },
 * };
 * service.add(task);
 * await done.promise;
 * if (service.stats.activeTimers !== 0) throw new Error("interval still running");
 * ```
 */
export class TimerService {
  readonly #tasks = new Set<TimerTask>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #tickMs = 0;
  #timersStarted = 0;
  #ticks = 0;
  readonly #tick = () => this.#runDue();

  /** Registers `task`; starts the interval (or makes it finer) when needed. */
  add(task: TimerTask): void {
    this.#tasks.add(task);
    const want = clampTick(task.granularityMs);
    if (this.#timer === undefined || want < this.#tickMs) this.#restart(want);
  }

  /** Unregisters `task`; stops the interval when no task is left. */
  remove(task: TimerTask): void {
    if (!this.#tasks.delete(task)) return;
    if (this.#tasks.size === 0) this.#stop();
  }

  /** Counters: tasks, running timers, ticks. */
  get stats(): TimerServiceStats {
    return {
      tasks: this.#tasks.size,
      activeTimers: this.#timer === undefined ? 0 : 1,
      timersStarted: this.#timersStarted,
      ticks: this.#ticks,
      tickMs: this.#timer === undefined ? 0 : this.#tickMs,
    };
  }

  #restart(tickMs: number): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#tickMs = tickMs;
    this.#timer = setInterval(this.#tick, tickMs);
    this.#timersStarted++;
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#tickMs = 0;
  }

  #runDue(): void {
    this.#ticks++;
    const now = performance.now();
    for (const task of this.#tasks) {
      if (now >= task.due) {
        try {
          task.run(now);
        } catch {
          // A task's failure must not stop the others; tasks handle their own errors.
        }
      }
    }
  }
}

function clampTick(ms: number): number {
  return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(ms)));
}

/**
 * The service every driver uses unless told otherwise.
 *
 * @example Watching the shared service
 * ```ts
 * import { defaultTimerService } from "@autobahn/autobahn/websocket";
 *
 * const { tasks, activeTimers } = defaultTimerService.stats;
 * if (activeTimers > 1 || tasks < 0) throw new Error("one shared timer at most");
 * ```
 */
export const defaultTimerService: TimerService = new TimerService();

/** What an {@linkcode AutoPinger} needs from its connection. */
export interface AutoPingHost {
  /** Sends a ping with `payload`; false when the connection can no longer send. */
  sendPing(payload: Uint8Array): boolean;
  /** The pong did not come in time: drop the connection with `reason`. */
  timedOut(reason: string): void;
}

/** Auto-ping settings, in seconds (as the options). */
export interface AutoPingSettings {
  /** Seconds between pings (> 0). */
  autoPingInterval: number;
  /** Seconds to wait for the pong; 0 = never drop. */
  autoPingTimeout: number;
  /** Random payload bytes per ping (4-125). */
  autoPingSize: number;
  /** Any received data counts as a pong and restarts the interval. */
  autoPingRestartOnAnyTraffic: boolean;
}

/**
 * The reason given when a pong does not arrive within `autoPingTimeout`.
 *
 * @example Telling a ping timeout from other closes
 * ```ts
 * import { AUTO_PING_TIMEOUT_REASON, type CloseInfo } from "@autobahn/autobahn/websocket";
 *
 * const timedOut = (info: CloseInfo) => info.reason === AUTO_PING_TIMEOUT_REASON;
 * const info: CloseInfo = {
 *   wasClean: false,
 *   code: 1006,
 *   reason: AUTO_PING_TIMEOUT_REASON,
 *   transport: "drop",
 * };
 * if (!timedOut(info)) throw new Error();
 * ```
 */
export const AUTO_PING_TIMEOUT_REASON =
  "WebSocket ping timeout (peer did not respond with pong in time)";

/**
 * One connection's auto-ping: sends a ping of `autoPingSize` random bytes every
 * `autoPingInterval` seconds, accepts only a pong echoing those bytes, measures
 * the round-trip time, and asks the host to drop the connection when no pong
 * (or, with `autoPingRestartOnAnyTraffic`, no traffic at all) arrives within
 * `autoPingTimeout` seconds.
 */
export class AutoPinger implements TimerTask {
  /** @internal */
  due: number;
  /** @internal */
  readonly granularityMs: number;
  readonly #host: AutoPingHost;
  readonly #service: TimerService;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #size: number;
  readonly #anyTraffic: boolean;
  #expected: Uint8Array | undefined;
  #sentAt = 0;
  #lastRx: number;
  #stopped = false;
  /** The last measured round-trip time in ms, or `undefined` before the first pong. */
  rtt: number | undefined;
  /** Pings sent. */
  pingsSent = 0;

  /**
   * Starts auto-ping for one connection.
   *
   * @param host The connection.
   * @param settings The resolved auto-ping options.
   * @param service The shared timer service.
   */
  constructor(
    host: AutoPingHost,
    settings: AutoPingSettings,
    service: TimerService = defaultTimerService,
  ) {
    this.#host = host;
    this.#service = service;
    this.#intervalMs = settings.autoPingInterval * 1000;
    this.#timeoutMs = settings.autoPingTimeout * 1000;
    this.#size = settings.autoPingSize;
    this.#anyTraffic = settings.autoPingRestartOnAnyTraffic;
    const finest = this.#timeoutMs > 0
      ? Math.min(this.#intervalMs, this.#timeoutMs)
      : this.#intervalMs;
    // A tenth of the shortest period keeps firing within 10% of the deadline.
    this.granularityMs = finest / 10;
    const now = performance.now();
    this.#lastRx = now;
    this.due = now + this.#intervalMs;
    service.add(this);
  }

  /** Notes that data arrived (cheap: one clock read and a field write). */
  traffic(): void {
    if (this.#anyTraffic) this.#lastRx = performance.now();
  }

  /** Handles a pong: only one echoing the outstanding ping's payload counts. */
  pong(payload: Uint8Array): void {
    const want = this.#expected;
    if (this.#stopped || !want || !sameBytes(want, payload)) return;
    const now = performance.now();
    this.rtt = now - this.#sentAt;
    this.#expected = undefined;
    this.due = now + this.#intervalMs;
  }

  /** Stops pinging and leaves the timer service. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.due = Infinity;
    this.#service.remove(this);
  }

  /** @internal Called by the timer service when due. */
  run(now: number): void {
    if (this.#stopped) return;
    if (this.#expected && this.#timeoutMs > 0) {
      if (this.#anyTraffic && this.#lastRx > this.#sentAt) {
        // The peer is alive; keep the ping's payload so a late pong still measures rtt.
        this.due = this.#lastRx + this.#intervalMs;
        if (now < this.due) return;
      } else {
        this.stop();
        this.#host.timedOut(AUTO_PING_TIMEOUT_REASON);
        return;
      }
    } else if (!this.#expected && this.#anyTraffic) {
      const next = this.#lastRx + this.#intervalMs;
      if (next > now) {
        this.due = next;
        return;
      }
    }
    const payload = crypto.getRandomValues(new Uint8Array(this.#size));
    if (!this.#host.sendPing(payload)) {
      this.stop();
      return;
    }
    this.pingsSent++;
    this.#expected = payload;
    this.#sentAt = now;
    this.due = now + (this.#timeoutMs > 0 ? this.#timeoutMs : this.#intervalMs);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
