/**
 * WAMP-Cryptosign (advanced profile "Cryptosign-based Authentication"),
 * both sides: {@linkcode cryptosignClient} answers a router's CHALLENGE with
 * an Ed25519 signature; {@linkcode cryptosignAuthenticator} is the router's
 * static, Crossbar-style authenticator. Optional TLS channel binding
 * (`tls-unique`) signs the challenge XOR the channel ID.
 *
 * @module
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { AuthMethodContribution } from "../component/config.ts";
import type { Challenge, ChallengeResponse } from "../session/types.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";
import type { WampDict } from "../wamp/types.ts";
import { timingSafeEqual } from "../util/bytes.ts";
import { CryptosignKey } from "./keys.ts";
import { type PendingChallengeOptions, PendingChallenges } from "./_common.ts";

const CHALLENGE_LENGTH = 32;
const SIGNATURE_HEX_LENGTH = 128;
const HEX64_RE = /^[0-9a-fA-F]{64}$/;

/**
 * The TLS channel binding type cryptosign knows.
 *
 * @example Asking for TLS channel binding
 * ```ts
 * import {
 *   type CryptosignChannelBinding,
 *   cryptosignClient,
 *   CryptosignKey,
 * } from "@autobahn/autobahn/auth";
 *
 * const channelBinding: CryptosignChannelBinding = "tls-unique";
 * const auth = cryptosignClient({
 *   key: CryptosignKey.fromSeed(new Uint8Array(32)),
 *   channelBinding,
 *   channelId: () => new Uint8Array(32), // read from the TLS connection in practice
 * });
 * if (auth.authextra?.channel_binding !== "tls-unique") throw new Error("not announced");
 * ```
 */
export type CryptosignChannelBinding = "tls-unique";

/**
 * Client configuration of {@linkcode cryptosignClient}.
 *
 * @example A client with a key object
 * ```ts
 * import {
 *   cryptosignClient,
 *   type CryptosignClientConfig,
 *   CryptosignKey,
 * } from "@autobahn/autobahn/auth";
 *
 * const key = CryptosignKey.fromSeed(new Uint8Array(32).fill(7));
 * const config: CryptosignClientConfig = { authid: "alice", key, authrole: "user" };
 * const auth = cryptosignClient(config);
 * if (auth.authextra?.pubkey !== key.publicKeyHex) throw new Error("pubkey not announced");
 * ```
 */
export interface CryptosignClientConfig {
  /** The authid asked for; absent lets the router pick it by public key. */
  readonly authid?: string;
  /** The 32-byte Ed25519 seed as 64 hex characters (Autobahn's `privkey`). */
  readonly privkey?: string;
  /** The key, instead of `privkey`. */
  readonly key?: CryptosignKey;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Further HELLO.Details.authextra (`pubkey` and `channel_binding` are set here). */
  readonly authextra?: WampDict;
  /** Asks for TLS channel binding; default none. */
  readonly channelBinding?: CryptosignChannelBinding | null;
  /**
   * The channel ID (32 bytes of `tls-unique`), or a function reading it from
   * the transport when the challenge arrives. Needed when the router binds.
   */
  readonly channelId?: Uint8Array | (() => Uint8Array | undefined);
}

/** XORs two equally long byte arrays into a new one. */
function _xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * The message the client signs: the challenge, XORed bytewise with the
 * 32-byte channel ID when channel binding is active ("Computing the
 * Signature").
 *
 * @throws {TypeError} for a challenge or channel ID that is not 32 bytes.
 *
 * @example The signed message with channel binding
 * ```ts
 * import { cryptosignMessage } from "@autobahn/autobahn/auth";
 *
 * const challenge = new Uint8Array(32).fill(0b1010);
 * const channelId = new Uint8Array(32).fill(0b0110);
 * const message = cryptosignMessage(challenge, channelId);
 * if (message[0] !== 0b1100) throw new Error("expected challenge XOR channel ID");
 * if (cryptosignMessage(challenge)[0] !== 0b1010) throw new Error("unbound: the challenge");
 * ```
 */
export function cryptosignMessage(challenge: Uint8Array, channelId?: Uint8Array): Uint8Array {
  if (challenge.length !== CHALLENGE_LENGTH) {
    throw new TypeError("Cannot sign challenge: expected 32 bytes");
  }
  if (channelId === undefined) return Uint8Array.from(challenge);
  if (channelId.length !== CHALLENGE_LENGTH) {
    throw new TypeError("Cannot sign challenge: the channel ID must be 32 bytes");
  }
  return _xor(challenge, channelId);
}

/**
 * Signs a challenge for AUTHENTICATE: hex(signature(64)) followed by
 * hex(signed message(32)), 192 hex characters.
 *
 * @example
 * ```ts
 * import { CryptosignKey, signCryptosignChallenge } from "@autobahn/autobahn/auth";
 * const key = CryptosignKey.fromSeed(
 *   "4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510",
 * );
 * signCryptosignChallenge(key, "ff".repeat(32)).length; // 192
 * ```
 *
 * @throws {TypeError} for a challenge that is not 64 hex characters.
 */
export function signCryptosignChallenge(
  key: CryptosignKey,
  challengeHex: string,
  channelId?: Uint8Array,
): string {
  if (typeof challengeHex !== "string" || !HEX64_RE.test(challengeHex)) {
    throw new TypeError("Cannot sign challenge: expected 32 bytes as hex");
  }
  const message = cryptosignMessage(hexToBytes(challengeHex), channelId);
  return bytesToHex(key.sign(message)) + bytesToHex(message);
}

/**
 * The client side of WAMP-Cryptosign, for `Component({ authentication:
 * { cryptosign: {...} } })` or `session.join`: announces `pubkey` (and
 * `channel_binding`) in authextra and signs the CHALLENGE.
 *
 * @example
 * ```ts
 * import { cryptosignClient } from "@autobahn/autobahn/auth";
 * const auth = cryptosignClient({
 *   authid: "alice",
 *   privkey: "4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510",
 * });
 * auth.authextra?.pubkey; // "1adfc8bf..."
 * ```
 *
 * @throws {TypeError} for a missing or malformed key, or a bad `channelBinding`.
 */
export function cryptosignClient(config: CryptosignClientConfig): AuthMethodContribution {
  if (config === null || typeof config !== "object") {
    throw new TypeError("Cannot configure cryptosign: config must be an object");
  }
  let key: CryptosignKey;
  if (config.key instanceof CryptosignKey) key = config.key;
  else if (typeof config.privkey === "string") {
    key = CryptosignKey.fromPrivateKeyHex(config.privkey);
  } else throw new TypeError("Cannot configure cryptosign: privkey (hex seed) or key is required");
  const binding = config.channelBinding ?? null;
  if (binding !== null && binding !== "tls-unique") {
    throw new TypeError('Cannot configure cryptosign: channelBinding must be "tls-unique" or null');
  }
  if (config.authid !== undefined && typeof config.authid !== "string") {
    throw new TypeError("Cannot configure cryptosign: authid must be a string");
  }
  const channelIdSource = config.channelId;
  const authextra: WampDict = {
    ...config.authextra,
    pubkey: key.publicKeyHex,
    channel_binding: binding,
  };
  const onChallenge = (challenge: Challenge): ChallengeResponse => {
    if (challenge.method !== "cryptosign") {
      throw new TypeError(`Cannot answer challenge: method ${challenge.method} is not cryptosign`);
    }
    const routerBinding = challenge.extra.channel_binding ?? null;
    let channelId: Uint8Array | undefined;
    if (routerBinding !== null) {
      // Spec: the client MUST verify the binding in use is the one it asked for.
      if (routerBinding !== binding) {
        throw new TypeError(
          `Cannot answer challenge: router binds to ${String(routerBinding)}, not ${binding}`,
        );
      }
      channelId = typeof channelIdSource === "function" ? channelIdSource() : channelIdSource;
      if (channelId === undefined) {
        throw new TypeError("Cannot answer challenge: channel binding without a channel ID");
      }
    }
    return signCryptosignChallenge(key, String(challenge.extra.challenge), channelId);
  };
  return {
    ...(config.authid !== undefined ? { authid: config.authid } : {}),
    ...(config.authrole !== undefined ? { authrole: config.authrole } : {}),
    authextra,
    onChallenge,
  };
}

/**
 * One principal of a static cryptosign configuration.
 *
 * @example A full cryptosign exchange
 * ```ts
 * import {
 *   cryptosignAuthenticator,
 *   cryptosignClient,
 *   CryptosignKey,
 *   type CryptosignPrincipal,
 *   type HelloContext,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * const key = CryptosignKey.fromSeed(new Uint8Array(32).fill(1));
 * const alice: CryptosignPrincipal = { role: "user", authorized_keys: [key.publicKeyHex] };
 * const router = cryptosignAuthenticator({ type: "static", principals: { alice } });
 * const client = cryptosignClient({ authid: "alice", key });
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: {
 *     roles: { caller: {} },
 *     authmethods: ["cryptosign"],
 *     authid: "alice",
 *     authextra: client.authextra,
 *   },
 * };
 * const challenge = await router.hello(ctx);
 * if (challenge.kind !== "challenge") throw new Error(challenge.kind);
 * const signature = await client.onChallenge!({
 *   method: "cryptosign",
 *   extra: challenge.extra ?? {},
 * });
 * const d = await router.authenticate!(
 *   ctx,
 *   new AuthenticateMessage({ signature: String(signature) }),
 * );
 * if (d.kind !== "welcome" || d.authrole !== "user") throw new Error(d.kind);
 * ```
 */
export interface CryptosignPrincipal {
  /** The realm the principal may join; absent means any. */
  readonly realm?: string;
  /** The authrole given on success. */
  readonly role: string;
  /** Public keys (64 hex characters) allowed to authenticate as this authid. */
  readonly authorized_keys: readonly string[];
}

/**
 * Router configuration of {@linkcode cryptosignAuthenticator} (Crossbar's `auth.cryptosign`).
 *
 * @example Tighter challenge limits
 * ```ts
 * import {
 *   cryptosignAuthenticator,
 *   type CryptosignAuthenticatorConfig,
 * } from "@autobahn/autobahn/auth";
 *
 * const config: CryptosignAuthenticatorConfig = {
 *   type: "static",
 *   principals: {
 *     alice: {
 *       realm: "realm1",
 *       role: "user",
 *       authorized_keys: ["1adfc8bfe1d35616e64dffbd900096f23b066f914c8c2ffbb66f6075b96e116d"],
 *     },
 *   },
 * };
 * const auth = cryptosignAuthenticator(config, { challengeTimeout: 10_000, maxPending: 1_000 });
 * if (!auth.authenticate) throw new Error("cryptosign challenges");
 * ```
 */
export interface CryptosignAuthenticatorConfig {
  /** Only static principals here; dynamic authenticators are configured elsewhere. */
  readonly type: "static";
  /** Principals by authid. */
  readonly principals: Readonly<Record<string, CryptosignPrincipal>>;
  /**
   * Most challenges awaiting AUTHENTICATE; the oldest is dropped beyond. Default 10,000.
   *
   * @deprecated Pass `{ maxPending }` as the second argument of
   *   {@linkcode cryptosignAuthenticator}, as for the other methods.
   */
  readonly maxPendingChallenges?: number;
  /**
   * Milliseconds a challenge stays valid. Default 60,000.
   *
   * @deprecated Pass `{ challengeTimeout }` as the second argument of
   *   {@linkcode cryptosignAuthenticator}.
   */
  readonly challengeTimeout?: number;
  /**
   * The clock, in milliseconds; default `Date.now`.
   *
   * @deprecated Pass `{ now }` as the second argument of {@linkcode cryptosignAuthenticator}.
   */
  readonly now?: () => number;
}

/** The failure of every bad authentication: no hint which part was wrong. */
const FAILED: AuthDecision = Object.freeze({
  kind: "abort",
  reason: "wamp.error.authentication_failed",
  message: "cryptosign authentication failed",
});

interface _Pending {
  /** The expected signed message: challenge, XOR channel ID if bound. */
  readonly message: Uint8Array;
  readonly pubkey: Uint8Array;
  /** Undefined for a decoy challenge (unknown authid or key): always fails. */
  readonly identity?: { readonly authid: string; readonly authrole: string };
}

/**
 * The router side of WAMP-Cryptosign with static principals (as Crossbar's
 * `{"type": "static", "principals": {...}}`). The client is found by
 * `authid`, or by its public key when it gives none; it must present a key
 * in that principal's `authorized_keys` and join the principal's realm.
 * Unknown authids and keys get a decoy challenge, so every failure looks
 * the same: ABORT `wamp.error.authentication_failed` after AUTHENTICATE. Challenges
 * are 32 random bytes, single-use, per session, bounded and expiring.
 *
 * @example
 * ```ts
 * import { cryptosignAuthenticator } from "@autobahn/autobahn/auth";
 * const auth = cryptosignAuthenticator({
 *   type: "static",
 *   principals: {
 *     alice: {
 *       realm: "realm1",
 *       role: "user",
 *       authorized_keys: ["1adfc8bfe1d35616e64dffbd900096f23b066f914c8c2ffbb66f6075b96e116d"],
 *     },
 *   },
 * });
 * ```
 *
 * @param config The principals (and, deprecated, the challenge limits).
 * @param options Limits of the pending challenges, as for the other methods.
 * @throws {TypeError} for a malformed configuration; {RangeError} for bad limits.
 */
export function cryptosignAuthenticator(
  config: CryptosignAuthenticatorConfig,
  options?: PendingChallengeOptions,
): Authenticator {
  if (
    config?.type !== "static" || config.principals === null || typeof config.principals !== "object"
  ) {
    throw new TypeError(
      'Cannot configure cryptosign: expected {type: "static", principals: {...}}',
    );
  }
  // The limits as for every method; the config's own fields still count.
  const limits: PendingChallengeOptions = {
    maxPending: options?.maxPending ?? config.maxPendingChallenges,
    challengeTimeout: options?.challengeTimeout ?? config.challengeTimeout,
    now: options?.now ?? config.now,
  };
  const pending = new PendingChallenges<_Pending>(limits); // RangeError for a bad limit

  // Principals copied and keys normalized, so later edits to config do not apply.
  const principals = new Map<string, { realm?: string; role: string; keys: Set<string> }>();
  const byKey = new Map<string, string>(); // pubkey hex -> authid (first wins, as listed)
  for (const [authid, p] of Object.entries(config.principals)) {
    if (!p || typeof p.role !== "string" || !Array.isArray(p.authorized_keys)) {
      throw new TypeError(
        `Cannot configure cryptosign: principal ${authid} needs role and authorized_keys`,
      );
    }
    const keys = new Set<string>();
    for (const k of p.authorized_keys) {
      if (typeof k !== "string" || !HEX64_RE.test(k)) {
        throw new TypeError(`Cannot configure cryptosign: principal ${authid} has a malformed key`);
      }
      keys.add(k.toLowerCase());
      if (!byKey.has(k.toLowerCase())) byKey.set(k.toLowerCase(), authid);
    }
    principals.set(authid, { realm: p.realm, role: p.role, keys });
  }

  return {
    hello(context: HelloContext): AuthDecision {
      const extra = context.details.authextra ?? {};
      const pubkeyHex = extra.pubkey;
      if (typeof pubkeyHex !== "string" || !HEX64_RE.test(pubkeyHex)) {
        return {
          kind: "abort",
          reason: "wamp.error.authentication_failed",
          message: "cryptosign needs authextra.pubkey: 32 bytes as hex",
        };
      }
      const pubkey = pubkeyHex.toLowerCase();
      const askedId = context.details.authid;
      const authid = typeof askedId === "string" ? askedId : byKey.get(pubkey);
      const principal = authid === undefined ? undefined : principals.get(authid);
      const askedRole = context.details.authrole;
      const ok = principal !== undefined && principal.keys.has(pubkey) &&
        (principal.realm === undefined || principal.realm === context.realm) &&
        (askedRole === undefined || askedRole === principal.role);

      // Channel binding: used when asked for and the transport has it; else
      // the spec lets the router continue without (CHALLENGE says null).
      const t = context.transport;
      const bound = extra.channel_binding === "tls-unique" && t?.channelBinding === "tls-unique" &&
        t.channelId?.length === CHALLENGE_LENGTH;
      const challenge = crypto.getRandomValues(new Uint8Array(CHALLENGE_LENGTH));
      const message = cryptosignMessage(challenge, bound ? t!.channelId : undefined);

      pending.put(context.sessionId, {
        message,
        pubkey: hexToBytes(pubkey),
        ...(ok ? { identity: { authid: authid!, authrole: principal!.role } } : {}),
      });
      return {
        kind: "challenge",
        authMethod: "cryptosign",
        extra: { challenge: bytesToHex(challenge), channel_binding: bound ? "tls-unique" : null },
      };
    },

    authenticate(context: HelloContext, message: AuthenticateMessage): AuthDecision {
      const state = pending.take(context.sessionId); // single-use, whatever the outcome
      if (state === undefined) return FAILED; // none issued, taken before, or expired
      const signature = message.signature;
      if (typeof signature !== "string" || !/^[0-9a-fA-F]{192}$/.test(signature)) return FAILED;
      const sig = hexToBytes(signature.slice(0, SIGNATURE_HEX_LENGTH));
      const echoed = hexToBytes(signature.slice(SIGNATURE_HEX_LENGTH));
      // The echoed message must be the one we issued (challenge XOR channel ID).
      const sameMessage = timingSafeEqual(echoed, state.message);
      const valid = CryptosignKey.verify(state.pubkey, sig, state.message);
      if (!sameMessage || !valid || state.identity === undefined) return FAILED;
      return {
        kind: "welcome",
        authid: state.identity.authid,
        authrole: state.identity.authrole,
        authmethod: "cryptosign",
        authprovider: "static",
      };
    },
  };
}

/**
 * WAMP-Cryptosign as one value: its name, the client builder and the
 * router authenticator factory, for registries of methods.
 *
 * @example
 * ```ts
 * import { cryptosignMethod } from "@autobahn/autobahn/auth";
 * cryptosignMethod.name; // "cryptosign"
 * ```
 */
export const cryptosignMethod: {
  readonly name: "cryptosign";
  readonly client: typeof cryptosignClient;
  readonly authenticator: typeof cryptosignAuthenticator;
} = Object.freeze({
  name: "cryptosign",
  client: cryptosignClient,
  authenticator: cryptosignAuthenticator,
});
