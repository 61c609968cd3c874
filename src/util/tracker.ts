/**
 * A tracker of named points in time, as in Autobahn|Python's
 * `autobahn.util.Tracker`: record when things happened, then read the
 * differences (e.g. the phases of an opening handshake).
 *
 * @module
 */
import { rtime } from "./time.ts";

/**
 * Records named points in time and reports the differences between them.
 *
 * @example
 * ```ts
 * import { Tracker } from "@autobahn/autobahn/util";
 * const t = new Tracker("handshake");
 * t.track("start");
 * t.track("done");
 * t.diff("start", "done"); // milliseconds
 * t.diff("start", "done", true); // e.g. "0.1 ms"
 * ```
 */
export class Tracker {
  /** What is tracked (for `toString`). */
  readonly name: string;
  readonly #points = new Map<string, number>();
  readonly #now: () => number;

  /**
   * Creates a tracker.
   *
   * @param name What is tracked.
   * @param now The clock in seconds. Default {@linkcode rtime}.
   */
  constructor(name: string, now: () => number = rtime) {
    this.name = name;
    this.#now = now;
  }

  /** Records `key` as happening now (again, if it was already recorded). */
  track(key: string): void {
    this.#points.set(key, this.#now());
  }

  /** True when `key` was recorded. */
  has(key: string): boolean {
    return this.#points.has(key);
  }

  /** The recorded time of `key` in seconds, if any. */
  get(key: string): number | undefined {
    return this.#points.get(key);
  }

  /** Every recorded key, in the order first recorded. */
  keys(): string[] {
    return [...this.#points.keys()];
  }

  /** The time from `start` to `end` formatted, like `"12.3 ms"` (`"n.a."` when either is missing). */
  diff(start: string, end: string, formatted: true): string;
  /** Milliseconds from `start` to `end`; `undefined` when either is missing. */
  diff(start: string, end: string, formatted?: false): number | undefined;
  diff(start: string, end: string, formatted = false): number | string | undefined {
    const a = this.#points.get(start);
    const b = this.#points.get(end);
    if (a === undefined || b === undefined) return formatted ? "n.a." : undefined;
    const ms = (b - a) * 1000;
    if (!formatted) return ms;
    if (ms < 1) return `${(ms * 1000).toFixed(0)} us`;
    if (ms < 1000) return `${ms.toFixed(1)} ms`;
    return `${(ms / 1000).toFixed(2)} s`;
  }

  /** `"name: key=+0.0 ms, …"` relative to the first point. */
  toString(): string {
    const keys = this.keys();
    if (keys.length === 0) return `${this.name}: (nothing tracked)`;
    return `${this.name}: ` + keys.map((k) => `${k}=+${this.diff(keys[0]!, k, true)}`).join(", ");
  }
}
