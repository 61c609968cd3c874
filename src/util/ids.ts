/**
 * WAMP ID generation (basic profile "Identifiers > IDs"): IDs are integers in
 * [1, 2^53]; global-scope IDs (sessions, publications) are drawn uniformly at
 * random, session-scope IDs (requests) count up from 1.
 *
 * @module
 */

/**
 * The largest WAMP ID, 2^53 = 9007199254740992.
 *
 * @example Checking the ID range
 * ```ts
 * import { isValidId, MAX_WAMP_ID, newGlobalId } from "@autobahn/autobahn/wamp";
 *
 * const id = newGlobalId();
 * if (id < 1 || id > MAX_WAMP_ID) throw new Error(`out of range: ${id}`);
 * if (!isValidId(MAX_WAMP_ID) || isValidId(MAX_WAMP_ID + 2)) throw new Error("wrong bound");
 * ```
 */
export const MAX_WAMP_ID = 9007199254740992;

/**
 * Returns a random ID drawn uniformly from [1, 2^53], as WAMP requires for IDs
 * in the global scope (session and publication IDs). Uses
 * `crypto.getRandomValues`: 53 random bits give a uniform value in
 * [0, 2^53 − 1], plus one.
 *
 * @example
 * ```ts
 * import { newGlobalId } from "@autobahn/autobahn/wamp";
 * const session = newGlobalId(); // e.g. 5512315355
 * ```
 */
export function newGlobalId(): number {
  const words = crypto.getRandomValues(new Uint32Array(2));
  // 21 high bits + 32 low bits = 53 bits; exact in a double.
  return (words[0]! & 0x1f_ffff) * 0x1_0000_0000 + words[1]! + 1;
}

/**
 * Sequential IDs for the session scope: 1, 2, 3, … and back to 1 after 2^53
 * (basic profile "Identifiers > IDs": session-scope IDs MUST be incremented
 * by 1 beginning with 1, separately for each direction).
 *
 * @example
 * ```ts
 * import { IdGenerator } from "@autobahn/autobahn/wamp";
 * const ids = new IdGenerator();
 * ids.next(); // 1
 * ids.next(); // 2
 * ```
 */
export class IdGenerator {
  #next: number;

  /**
   * Creates a generator.
   *
   * @param start The first ID to hand out, in [1, 2^53]. Default 1.
   * @throws {RangeError} When `start` is not an integer in [1, 2^53].
   */
  constructor(start = 1) {
    if (!Number.isInteger(start) || start < 1 || start > MAX_WAMP_ID) {
      throw new RangeError(`IdGenerator start must be an integer in [1, 2^53], got ${start}`);
    }
    this.#next = start;
  }

  /** Returns the next ID and advances; after 2^53 it wraps to 1. */
  next(): number {
    const id = this.#next;
    this.#next = id >= MAX_WAMP_ID ? 1 : id + 1;
    return id;
  }

  /** Returns the ID that {@linkcode IdGenerator.next} will hand out next, without advancing. */
  peek(): number {
    return this.#next;
  }
}
