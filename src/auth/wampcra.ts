/**
 * WAMP-CRA, challenge-response authentication (advanced profile
 * "Authentication > Challenge Response Authentication"), both sides, wire
 * compatible with Autobahn and Crossbar.io: the signature is
 * base64(HMAC-SHA256(key, challenge)), where the key is the secret as UTF-8
 * or, for salted secrets, the base64 text of
 * PBKDF2-HMAC-SHA256(secret, salt, iterations, keylen).
 *
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import type { AuthMethodContribution } from "../component/config.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";
import type { WampDict } from "../wamp/types.ts";
import { encodeBase64, utf8Encoder } from "../util/bytes.ts";
import {
  authenticationFailed,
  NO_MATCHING_AUTH_METHOD,
  offeredMethod,
  type PendingChallengeOptions,
  PendingChallenges,
  randomBase64,
  requireString,
  stringsEqual,
} from "./_common.ts";

/** Most PBKDF2 iterations a client accepts from a CHALLENGE (a rogue router could stall it). */
const MAX_ITERATIONS = 10_000_000;
/** Most derived-key bytes a client accepts from a CHALLENGE. */
const MAX_KEYLEN = 1024;

function toBytes(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? utf8Encoder.encode(v) : v;
}

/**
 * Computes a WAMP-CRA signature: base64(HMAC-SHA256(key, challenge)).
 * Strings are taken as UTF-8; pass the secret itself, or the result of
 * {@linkcode deriveKey} for a salted secret.
 *
 * @example
 * ```ts
 * import { computeWcs } from "@autobahn/autobahn/auth";
 * computeWcs("L3L1YUE8Txlw", "[1, 2, 3]"); // "1njQtmmeYO41N5EWEzD2kAjjEKRZ5kPZt/TzpYXOzR0="
 * ```
 */
export function computeWcs(key: string | Uint8Array, challenge: string | Uint8Array): string {
  return encodeBase64(hmac(sha256, toBytes(key), toBytes(challenge)));
}

/**
 * Derives a salted WAMP-CRA key: base64(PBKDF2-HMAC-SHA256(secret, salt,
 * iterations, keylen)). As in Autobahn, the base64 text (as UTF-8 bytes) is
 * the HMAC key, and it is what a Crossbar-style router stores as `secret`.
 *
 * @throws {RangeError} for a non-positive or non-integer `iterations`/`keylen`.
 *
 * @example
 * ```ts
 * import { deriveKey } from "@autobahn/autobahn/auth";
 * deriveKey("L3L1YUE8Txlw", "salt123"); // "qzcdsr9uu/L5hnss3kjNTRe490ETgA70ZBaB5rvnJ5Y="
 * ```
 */
export function deriveKey(
  secret: string | Uint8Array,
  salt: string | Uint8Array,
  iterations = 1000,
  keylen = 32,
): string {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError("Cannot derive key: iterations must be a positive integer");
  }
  if (!Number.isSafeInteger(keylen) || keylen < 1) {
    throw new RangeError("Cannot derive key: keylen must be a positive integer");
  }
  return encodeBase64(
    pbkdf2(sha256, toBytes(secret), toBytes(salt), { c: iterations, dkLen: keylen }),
  );
}

/**
 * Client config of WAMP-CRA.
 *
 * @example Answering a challenge
 * ```ts
 * import { computeWcs, type WampcraClientConfig, wampcraClient } from "@autobahn/autobahn/auth";
 *
 * const config: WampcraClientConfig = { authid: "joe", secret: "secret1" };
 * const auth = wampcraClient(config);
 * const challenge = '{"nonce":"abc"}';
 * const signature = await auth.onChallenge?.({ method: "wampcra", extra: { challenge } });
 * if (signature !== computeWcs("secret1", challenge)) throw new Error("wrong signature");
 * ```
 */
export interface WampcraClientConfig {
  /** The authid (user name). */
  readonly authid: string;
  /** The shared secret (password); derived on the fly when the CHALLENGE carries a salt. */
  readonly secret: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Extra data for HELLO. */
  readonly authextra?: WampDict;
}

function intParam(extra: WampDict, name: string, fallback: number, max: number): number {
  const v = extra[name] ?? fallback;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new RangeError(`Cannot answer challenge: ${name} must be an integer in 1..${max}`);
  }
  return v;
}

/**
 * Builds the client side of WAMP-CRA. The handler signs
 * `CHALLENGE.Extra.challenge`; when the extra has a `salt`, it first derives
 * the key with the extra's `iterations` (default 1000) and `keylen`
 * (default 32).
 *
 * @throws {TypeError} when `authid` or `secret` is missing.
 *
 * @example
 * ```ts
 * import { wampcraClient } from "@autobahn/autobahn/auth";
 * const c = wampcraClient({ authid: "joe", secret: "L3L1YUE8Txlw" });
 * await c.onChallenge?.({ method: "wampcra", extra: { challenge: "[1, 2, 3]" } });
 * ```
 */
export function wampcraClient(config: WampcraClientConfig): AuthMethodContribution {
  const authid = requireString("wampcra config", "authid", config.authid);
  if (typeof config.secret !== "string") {
    throw new TypeError("Invalid wampcra config: secret must be a string");
  }
  const secret = config.secret;
  return {
    authid,
    authrole: config.authrole,
    authextra: config.authextra,
    onChallenge: (challenge) => {
      if (challenge.method !== "wampcra") {
        throw new TypeError(`Cannot answer challenge: unexpected method "${challenge.method}"`);
      }
      const extra = challenge.extra;
      if (typeof extra.challenge !== "string") {
        throw new TypeError("Cannot answer challenge: extra.challenge must be a string");
      }
      let key: string = secret;
      if (extra.salt !== undefined && extra.salt !== null) {
        if (typeof extra.salt !== "string") {
          throw new TypeError("Cannot answer challenge: extra.salt must be a string");
        }
        key = deriveKey(
          secret,
          extra.salt,
          intParam(extra, "iterations", 1000, MAX_ITERATIONS),
          intParam(extra, "keylen", 32, MAX_KEYLEN),
        );
      }
      return computeWcs(key, extra.challenge);
    },
  };
}

/**
 * One user of the static WAMP-CRA table, as in Crossbar's `auth.wampcra.users`.
 *
 * @example A user with a salted secret
 * ```ts
 * import { deriveKey, wampcraAuthenticator, type WampcraUser } from "@autobahn/autobahn/auth";
 *
 * // The router stores only the derived key; the client still knows "secret1".
 * const joe: WampcraUser = {
 *   secret: deriveKey("secret1", "salt123", 1000, 32),
 *   salt: "salt123",
 *   iterations: 1000,
 *   keylen: 32,
 *   role: "user",
 * };
 * const auth = wampcraAuthenticator({ type: "static", users: { joe } });
 * if (!auth.authenticate) throw new Error("WAMP-CRA challenges");
 * ```
 */
export interface WampcraUser {
  /** The secret; for a salted user, the derived key (see {@linkcode deriveKey}). */
  readonly secret: string;
  /** The role the user is welcomed with. */
  readonly role: string;
  /** The PBKDF2 salt, when the secret is derived. */
  readonly salt?: string;
  /** PBKDF2 iterations (default 1000); only with `salt`. */
  readonly iterations?: number;
  /** Derived key length in bytes (default 32); only with `salt`. */
  readonly keylen?: number;
}

/**
 * Router config of WAMP-CRA.
 *
 * @example A full WAMP-CRA exchange
 * ```ts
 * import {
 *   type HelloContext,
 *   wampcraAuthenticator,
 *   type WampcraAuthenticatorConfig,
 *   wampcraClient,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * const config: WampcraAuthenticatorConfig = {
 *   type: "static",
 *   users: { joe: { secret: "secret1", role: "user" } },
 * };
 * const router = wampcraAuthenticator(config);
 * const client = wampcraClient({ authid: "joe", secret: "secret1" });
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["wampcra"], authid: "joe" },
 * };
 * const challenge = await router.hello(ctx);
 * if (challenge.kind !== "challenge") throw new Error(challenge.kind);
 * const signature = await client.onChallenge!({ method: "wampcra", extra: challenge.extra ?? {} });
 * const d = await router.authenticate!(
 *   ctx,
 *   new AuthenticateMessage({ signature: String(signature) }),
 * );
 * if (d.kind !== "welcome" || d.authrole !== "user") throw new Error(d.kind);
 * ```
 */
export interface WampcraAuthenticatorConfig {
  /** Only static tables are built in. */
  readonly type: "static";
  /** The users, by authid. */
  readonly users: { readonly [authid: string]: WampcraUser };
}

interface CraPending {
  readonly authid: string;
  readonly challenge: string;
  /** Undefined for an unknown authid or a refused role: the check then always fails. */
  readonly user: WampcraUser | undefined;
}

/**
 * Builds the router side of WAMP-CRA over a static table. The challenge is
 * the JSON text Crossbar sends (authid, authrole, authmethod, authprovider,
 * a random nonce, timestamp, session), with `salt`, `iterations` and
 * `keylen` for salted users. An unknown authid gets a look-alike challenge
 * (same salt parameters, a salt fixed per authid) and, like a wrong secret or
 * a refused role, fails at AUTHENTICATE with `wamp.error.authentication_failed`.
 *
 * @throws {TypeError} for a malformed table; {RangeError} for bad limits.
 *
 * @example
 * ```ts
 * import { wampcraAuthenticator } from "@autobahn/autobahn/auth";
 * const a = wampcraAuthenticator({
 *   type: "static",
 *   users: { joe: { secret: "L3L1YUE8Txlw", role: "user" } },
 * });
 * ```
 */
export function wampcraAuthenticator(
  config: WampcraAuthenticatorConfig,
  options?: PendingChallengeOptions,
): Authenticator {
  if (config?.type !== "static") {
    throw new TypeError('Invalid wampcra authenticator config: type must be "static"');
  }
  const users = new Map<string, WampcraUser>();
  for (const [authid, u] of Object.entries(config.users ?? {})) {
    const where = `wampcra user "${authid}"`;
    if (typeof u?.secret !== "string") {
      throw new TypeError(`Invalid ${where}: secret must be a string`);
    }
    requireString(where, "role", u.role);
    if (u.salt !== undefined) requireString(where, "salt", u.salt);
    for (const k of ["iterations", "keylen"] as const) {
      const v = u[k];
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) {
        throw new TypeError(`Invalid ${where}: ${k} must be a positive integer`);
      }
    }
    users.set(authid, { ...u });
  }
  // Look-alike salt parameters for unknown authids: those of the first salted user.
  const saltedTemplate = [...users.values()].find((u) => u.salt !== undefined);
  const fakeSaltKey = crypto.getRandomValues(new Uint8Array(32));
  const fallbackRole = users.values().next().value?.role ?? "user";
  const now = options?.now ?? Date.now;
  const pending = new PendingChallenges<CraPending>(options);

  return {
    hello(context: HelloContext): AuthDecision {
      if (!offeredMethod(context, ["wampcra"])) {
        return { kind: "abort", reason: NO_MATCHING_AUTH_METHOD };
      }
      const authid = context.details.authid ?? "";
      const wanted = context.details.authrole;
      let user = users.get(authid);
      const looksLike = user ?? (saltedTemplate ? { ...saltedTemplate, salt: "" } : undefined);
      const authrole = wanted ?? user?.role ?? fallbackRole;
      if (user && wanted !== undefined && wanted !== user.role) user = undefined;
      const challenge = JSON.stringify({
        authid,
        authrole,
        authmethod: "wampcra",
        authprovider: "static",
        nonce: randomBase64(16),
        timestamp: new Date(now()).toISOString(),
        session: context.sessionId,
      });
      const extra: Record<string, unknown> = { challenge };
      if (looksLike?.salt !== undefined) {
        extra.salt = looksLike.salt !== ""
          ? looksLike.salt
          : encodeBase64(hmac(sha256, fakeSaltKey, utf8Encoder.encode(authid))).slice(0, 16);
        extra.iterations = looksLike.iterations ?? 1000;
        extra.keylen = looksLike.keylen ?? 32;
      }
      pending.put(context.sessionId, { authid, challenge, user });
      return { kind: "challenge", authMethod: "wampcra", extra: extra as WampDict };
    },
    authenticate(context: HelloContext, message: AuthenticateMessage): AuthDecision {
      const state = pending.take(context.sessionId);
      if (!state) return authenticationFailed();
      const signature = typeof message.signature === "string" ? message.signature : "";
      // Unknown users sign with a random key no one knows; the comparison runs either way.
      const key = state.user?.secret ?? fakeSaltKey;
      const ok = stringsEqual(signature, computeWcs(key, state.challenge));
      if (!ok || !state.user) return authenticationFailed();
      return {
        kind: "welcome",
        authid: state.authid,
        authrole: state.user.role,
        authmethod: "wampcra",
        authprovider: "static",
      };
    },
  };
}

/**
 * Registration record of WAMP-CRA for the component and router wiring.
 *
 * @example Both sides from one record
 * ```ts
 * import { wampcraMethod } from "@autobahn/autobahn/auth";
 *
 * const client = wampcraMethod.client({ authid: "joe", secret: "secret1" });
 * const router = wampcraMethod.authenticator({ type: "static", users: {} });
 * if (wampcraMethod.name !== "wampcra" || client.authid !== "joe" || !router.authenticate) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export const wampcraMethod: {
  readonly name: "wampcra";
  readonly client: typeof wampcraClient;
  readonly authenticator: typeof wampcraAuthenticator;
} = Object.freeze({ name: "wampcra", client: wampcraClient, authenticator: wampcraAuthenticator });
