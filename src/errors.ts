/**
 * The shared error base of Autobahn|TS. Every layer's `errors.ts` derives from
 * {@linkcode AutobahnError}, so callers can catch the whole family at once and
 * switch on the stable {@linkcode AutobahnError.code}.
 *
 * @module
 */

/**
 * Base class of all errors raised by Autobahn|TS.
 *
 * @example Catching every Autobahn|TS error by its code
 * ```ts
 * import { AutobahnError, parseMessage } from "@autobahn/autobahn/wamp";
 *
 * try {
 *   parseMessage([48, 0, {}, "com.myapp.add2"]); // request ID 0 is out of range
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof AutobahnError)) throw err;
 *   if (err.code !== "protocol_violation") throw new Error(`unexpected ${err.code}`);
 * }
 * ```
 */
export class AutobahnError extends Error {
  /** A stable, machine-readable code such as `"protocol_violation"`. */
  readonly code: string;

  /**
   * Creates an error.
   *
   * @param code A stable machine-readable code.
   * @param message A human-readable message (sentence case, no period).
   * @param options Standard error options (`cause`).
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
