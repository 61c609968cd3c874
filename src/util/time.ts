/**
 * Time helpers from Autobahn|Python's `autobahn.util`: UTC timestamps as
 * ISO 8601 strings, a monotonic clock in seconds, and a pausable stopwatch.
 *
 * @module
 */

/**
 * Formats `date` as an ISO 8601 UTC string with milliseconds, e.g.
 * `"2026-11-25T03:19:53.123Z"`.
 *
 * @example
 * ```ts
 * import { utcstr } from "@autobahn/autobahn/util";
 * utcstr(new Date(0)); // "1970-01-01T00:00:00.000Z"
 * ```
 *
 * @throws {RangeError} for an invalid date.
 */
export function utcstr(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Cannot format an invalid date");
  return date.toISOString();
}

/**
 * The current time as an ISO 8601 UTC string.
 *
 * @example
 * ```ts
 * import { utcnow } from "@autobahn/autobahn/util";
 * utcnow().endsWith("Z"); // true
 * ```
 */
export function utcnow(): string {
  return utcstr(new Date());
}

/**
 * A monotonic, high-resolution time in seconds (for measuring intervals;
 * the origin is arbitrary).
 *
 * @example
 * ```ts
 * import { rtime } from "@autobahn/autobahn/util";
 * const t0 = rtime();
 * const elapsed = rtime() - t0; // seconds
 * ```
 */
export function rtime(): number {
  return performance.now() / 1000;
}

/**
 * A stopwatch measuring elapsed seconds; can be paused and resumed.
 *
 * @example
 * ```ts
 * import { Stopwatch } from "@autobahn/autobahn/util";
 * const sw = new Stopwatch();
 * sw.pause();
 * const t = sw.elapsed(); // stays put while paused
 * sw.resume();
 * ```
 */
export class Stopwatch {
  #elapsed = 0;
  #since: number | undefined;
  readonly #now: () => number;

  /**
   * Creates a stopwatch.
   *
   * @param start Start running at once. Default `true`.
   * @param now The clock, in seconds. Default {@linkcode rtime}.
   */
  constructor(start = true, now: () => number = rtime) {
    this.#now = now;
    if (start) this.#since = now();
  }

  /** True while running. */
  get isRunning(): boolean {
    return this.#since !== undefined;
  }

  /** Seconds measured so far. */
  elapsed(): number {
    return this.#elapsed + (this.#since === undefined ? 0 : this.#now() - this.#since);
  }

  /** Pauses; returns the elapsed seconds. */
  pause(): number {
    if (this.#since !== undefined) {
      this.#elapsed += this.#now() - this.#since;
      this.#since = undefined;
    }
    return this.#elapsed;
  }

  /** Resumes (or starts); returns the elapsed seconds. */
  resume(): number {
    if (this.#since === undefined) this.#since = this.#now();
    return this.#elapsed;
  }

  /** Stops and returns the elapsed seconds; the next `resume()` starts from zero. */
  stop(): number {
    const total = this.pause();
    this.#elapsed = 0;
    return total;
  }
}
