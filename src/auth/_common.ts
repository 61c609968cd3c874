/**
 * Internals shared by the router-side authentication methods (ticket,
 * WAMP-CRA, WAMP-SCRAM, WAMP-Cryptosign, and the combining authenticator):
 * the bounded store of pending challenges, the uniform failure decision,
 * and constant-time string comparison.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { encodeBase64, timingSafeEqual, utf8Encoder } from "../util/bytes.ts";
import type { AuthDecision, HelloContext } from "../router/types.ts";

/**
 * The reason of every failed authentication. Advanced profile
 * "Authentication": a wrong secret, an unknown authid and a refused role all
 * give the same URI and message, so a peer learns nothing about which part
 * was wrong.
 */
export const AUTHENTICATION_FAILED = "wamp.error.authentication_failed";

/** The reason when a HELLO offers none of an authenticator's methods. */
export const NO_MATCHING_AUTH_METHOD = "wamp.error.no_matching_auth_method";

/**
 * Limits of the pending-challenge store of a router-side authenticator.
 *
 * @example Challenges that expire after ten seconds
 * ```ts
 * import { type PendingChallengeOptions, ticketAuthenticator } from "@autobahn/autobahn/auth";
 *
 * const limits: PendingChallengeOptions = { challengeTimeout: 10_000, maxPending: 100 };
 * const auth = ticketAuthenticator(
 *   { type: "static", principals: { joe: { ticket: "secret!!!", role: "user" } } },
 *   limits,
 * );
 * if (typeof auth.authenticate !== "function") throw new Error("ticket challenges");
 * ```
 */
export interface PendingChallengeOptions {
  /** Milliseconds an issued challenge stays answerable. Default 60,000. */
  readonly challengeTimeout?: number;
  /** Most challenges outstanding at once; the oldest is dropped beyond. Default 10,000. */
  readonly maxPending?: number;
  /** The clock, in milliseconds; inject one in tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** The uniform failure decision (see {@linkcode AUTHENTICATION_FAILED}). */
export function authenticationFailed(): AuthDecision {
  return { kind: "abort", reason: AUTHENTICATION_FAILED, message: "Authentication failed" };
}

/** Validates the limits and fills in defaults; throws `RangeError` for a bad limit. */
function resolveLimits(options: PendingChallengeOptions | undefined): Required<
  PendingChallengeOptions
> {
  const challengeTimeout = options?.challengeTimeout ?? 60_000;
  const maxPending = options?.maxPending ?? 10_000;
  if (!(challengeTimeout > 0)) {
    throw new RangeError("Cannot create authenticator: challengeTimeout must be positive");
  }
  if (!Number.isInteger(maxPending) || maxPending < 1) {
    throw new RangeError("Cannot create authenticator: maxPending must be a positive integer");
  }
  return { challengeTimeout, maxPending, now: options?.now ?? Date.now };
}

/**
 * Per-session challenge state of one authenticator instance: keyed by the
 * pending session ID, single-use (taking removes it, so a replayed
 * AUTHENTICATE finds nothing), expiring, and bounded (oldest dropped).
 */
export class PendingChallenges<T> {
  readonly #entries = new Map<number, { readonly state: T; readonly expires: number }>();
  readonly #limits: Required<PendingChallengeOptions>;

  /** Creates an empty store; throws `RangeError` for a bad limit. */
  constructor(options?: PendingChallengeOptions) {
    this.#limits = resolveLimits(options);
  }

  /** Remembers the state of the challenge just issued to `sessionId`. */
  put(sessionId: number, state: T): void {
    const now = this.#limits.now();
    this.#entries.delete(sessionId);
    // Drop expired entries from the front (insertion order is expiry order).
    for (const [id, entry] of this.#entries) {
      if (entry.expires > now) break;
      this.#entries.delete(id);
    }
    while (this.#entries.size >= this.#limits.maxPending) {
      const oldest = this.#entries.keys().next().value as number;
      this.#entries.delete(oldest);
    }
    this.#entries.set(sessionId, { state, expires: now + this.#limits.challengeTimeout });
  }

  /** Removes and returns the state for `sessionId`; `undefined` when absent or expired. */
  take(sessionId: number): T | undefined {
    const entry = this.#entries.get(sessionId);
    if (!entry) return undefined;
    this.#entries.delete(sessionId);
    return entry.expires > this.#limits.now() ? entry.state : undefined;
  }

  /** How many challenges are outstanding (expired ones included until pruned). */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * Compares two strings in constant time with respect to their content and
 * length: both are hashed first, so no early exit leaks a length or prefix.
 */
export function stringsEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(utf8Encoder.encode(a)), sha256(utf8Encoder.encode(b)));
}

/** `n` random bytes, base64-encoded. */
export function randomBase64(n: number): string {
  return encodeBase64(crypto.getRandomValues(new Uint8Array(n)));
}

/** The first of `names` the HELLO offers, or `undefined`. */
export function offeredMethod(context: HelloContext, names: readonly string[]): string | undefined {
  const offered = context.details.authmethods ?? [];
  return offered.find((m) => names.includes(m));
}

/** Asserts a non-empty string config field; throws `TypeError` otherwise. */
export function requireString(where: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`Invalid ${where}: ${name} must be a non-empty string`);
  }
  return value;
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Decodes hex; throws `TypeError` for odd length or a non-hex digit. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new TypeError("Cannot decode hex: expected an even number of hex digits");
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
