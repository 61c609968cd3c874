/**
 * WAMP-SCRAM (advanced profile "Authentication > Salted Challenge Response
 * Authentication Mechanism"), both sides, with the Argon2id and PBKDF2 KDFs.
 *
 * Two dialects exist in the wild and both are spoken, chosen by the method
 * name of the exchange:
 * - `wamp-scram` (the spec): AuthMessage as RFC 5802 §7, with an escaped
 *   username and `c=` carrying base64 of the GS2 header and channel binding.
 * - `scram` (Autobahn|Python and Crossbar.io): unescaped username, empty
 *   `c=`.
 *
 * The KDF name picks the SaltedPassword encoding, so stored keys are valid in
 * both dialects: `argon2id13` (spec) and `pbkdf2` use the raw 32 KDF bytes;
 * `argon2id-13` (Crossbar) uses the unpadded base64 text of the Argon2id hash,
 * as Autobahn and Crossbar do. WELCOME carries the server signature as both
 * `verifier` (spec) and `scram_server_signature` (Autobahn); either is
 * accepted. Passwords and usernames are normalized with NFKC, which matches
 * SASLprep (RFC 4013) for ordinary text.
 *
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { argon2id } from "@noble/hashes/argon2.js";
import type { AuthMethodContribution } from "../component/config.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";
import type { WampDict } from "../wamp/types.ts";
import { AutobahnError } from "../errors.ts";
import {
  concatBytes,
  decodeBase64,
  encodeBase64,
  timingSafeEqual,
  utf8Encoder,
} from "../util/bytes.ts";
import {
  AUTHENTICATION_FAILED,
  authenticationFailed,
  fromHex,
  NO_MATCHING_AUTH_METHOD,
  offeredMethod,
  type PendingChallengeOptions,
  PendingChallenges,
  randomBase64,
  requireString,
  toHex,
} from "./_common.ts";

/**
 * The method names of WAMP-SCRAM: the spec's and Autobahn/Crossbar's.
 *
 * @example Offering both dialects
 * ```ts
 * import { SCRAM_METHODS, scramClient } from "@autobahn/autobahn/auth";
 *
 * const auth = scramClient({ authid: "alice", password: "pencil" });
 * const join = { authmethods: [...SCRAM_METHODS], ...auth }; // for session.join
 * if (join.authmethods.join() !== "wamp-scram,scram") throw new Error(join.authmethods.join());
 * ```
 */
export const SCRAM_METHODS: readonly ["wamp-scram", "scram"] = Object.freeze(
  ["wamp-scram", "scram"] as const,
);

/**
 * A method name of WAMP-SCRAM; also the dialect of the AuthMessage.
 *
 * @example Choosing a dialect
 * ```ts
 * import { scramAuthMessage, type ScramMethodName } from "@autobahn/autobahn/auth";
 *
 * const input = {
 *   authid: "alice",
 *   clientNonce: "a",
 *   nonce: "ab",
 *   salt: "c2FsdA==",
 *   iterations: 4096,
 * };
 * const dialects: ScramMethodName[] = ["wamp-scram", "scram"];
 * const [spec, autobahn] = dialects.map((method) => scramAuthMessage({ method, ...input }));
 * if (spec === autobahn) throw new Error("the dialects differ in c=");
 * ```
 */
export type ScramMethodName = (typeof SCRAM_METHODS)[number];

/**
 * A KDF type string: `argon2id13` (spec), `argon2id-13` (Crossbar), or `pbkdf2`.
 *
 * @example Refusing any KDF but Argon2id
 * ```ts
 * import { scramClient, type ScramKdf } from "@autobahn/autobahn/auth";
 *
 * const kdf: ScramKdf = "argon2id13";
 * const auth = scramClient({ authid: "alice", password: "pencil", kdf });
 * try {
 *   await auth.onChallenge!({
 *     method: "wamp-scram",
 *     extra: {
 *       nonce: `${auth.authextra?.nonce}xyz`,
 *       salt: "c2FsdA==",
 *       kdf: "pbkdf2",
 *       iterations: 4096,
 *     },
 *   });
 *   throw new Error("expected a refusal");
 * } catch (err) {
 *   if (!(err instanceof TypeError)) throw err;
 * }
 * ```
 */
export type ScramKdf = "argon2id13" | "argon2id-13" | "pbkdf2";

/**
 * KDF parameters, as stored per user and sent in CHALLENGE.
 *
 * @example Deriving with PBKDF2
 * ```ts
 * import { type ScramKdfParams, scramSaltedPassword } from "@autobahn/autobahn/auth";
 *
 * const params: ScramKdfParams = { kdf: "pbkdf2", iterations: 4096 };
 * const salted = scramSaltedPassword("pencil", new Uint8Array(16), params);
 * if (salted.length !== 32) throw new Error("SaltedPassword is 32 bytes");
 * ```
 */
export interface ScramKdfParams {
  /** The KDF. */
  readonly kdf: ScramKdf;
  /** Time cost (Argon2 passes, PBKDF2 iterations). */
  readonly iterations: number;
  /** Argon2 memory in KiB; ignored by PBKDF2. */
  readonly memory?: number | null;
}

/**
 * What a router stores per user, as Crossbar's `auth.scram.principals` (hex fields).
 *
 * @example What a router stores for a password
 * ```ts
 * import { type ScramCredential, scramDerive } from "@autobahn/autobahn/auth";
 *
 * const stored: ScramCredential = scramDerive("pencil", { kdf: "pbkdf2", iterations: 4096 });
 * if (stored["stored-key"].length !== 64 || stored.salt.length !== 32) throw new Error("not hex");
 * if (JSON.stringify(stored).includes("pencil")) throw new Error("the password is not stored");
 * ```
 */
export interface ScramCredential extends ScramKdfParams {
  /** The per-user salt, hex. */
  readonly salt: string;
  /** StoredKey = SHA256(HMAC(SaltedPassword, "Client Key")), hex. */
  readonly "stored-key": string;
  /** ServerKey = HMAC(SaltedPassword, "Server Key"), hex. */
  readonly "server-key": string;
}

/**
 * A principal of the static SCRAM table.
 *
 * @example A principal of the static table
 * ```ts
 * import { scramAuthenticator, scramDerive, type ScramPrincipal } from "@autobahn/autobahn/auth";
 *
 * const alice: ScramPrincipal = {
 *   ...scramDerive("pencil", { kdf: "pbkdf2", iterations: 4096 }),
 *   role: "user",
 * };
 * const auth = scramAuthenticator({ type: "static", principals: { alice } });
 * if (!auth.authenticate) throw new Error("SCRAM challenges");
 * ```
 */
export interface ScramPrincipal extends ScramCredential {
  /** The role the principal is welcomed with. */
  readonly role: string;
}

/**
 * Raised on the client when the router's verifier is missing or wrong (mutual authentication).
 *
 * @example A WELCOME without a verifier is refused
 * ```ts
 * import { scramClient, ScramVerificationError } from "@autobahn/autobahn/auth";
 *
 * const auth = scramClient({ authid: "alice", password: "pencil" });
 * try {
 *   auth.verifyWelcome({}); // no challenge answered, no verifier
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof ScramVerificationError)) throw err;
 *   if (err.code !== "scram_verification_failed") throw err;
 * }
 * ```
 */
export class ScramVerificationError extends AutobahnError {
  /** Creates the error. */
  constructor(message: string) {
    super("scram_verification_failed", message);
  }
}

function isScramMethod(m: string): m is ScramMethodName {
  return (SCRAM_METHODS as readonly string[]).includes(m);
}

function checkKdfParams(p: ScramKdfParams, where: string): void {
  if (p.kdf !== "argon2id13" && p.kdf !== "argon2id-13" && p.kdf !== "pbkdf2") {
    throw new TypeError(`Invalid ${where}: unknown kdf "${String(p.kdf)}"`);
  }
  if (!Number.isSafeInteger(p.iterations) || p.iterations < 1) {
    throw new RangeError(`Invalid ${where}: iterations must be a positive integer`);
  }
  if (p.kdf !== "pbkdf2") {
    const m = p.memory;
    if (typeof m !== "number" || !Number.isSafeInteger(m) || m < 8) {
      throw new RangeError(`Invalid ${where}: argon2id requires memory (KiB, at least 8)`);
    }
  }
}

/**
 * Computes SaltedPassword = KDF(Normalize(password), salt, params) with the
 * encoding the KDF name implies (see the module notes).
 *
 * @throws {TypeError} for an unknown KDF; {RangeError} for bad parameters.
 *
 * @example
 * ```ts
 * import { scramSaltedPassword } from "@autobahn/autobahn/auth";
 * scramSaltedPassword("pencil", new Uint8Array(16), { kdf: "pbkdf2", iterations: 4096 });
 * ```
 */
export function scramSaltedPassword(
  password: string,
  salt: Uint8Array,
  params: ScramKdfParams,
): Uint8Array {
  checkKdfParams(params, "KDF parameters");
  const pw = utf8Encoder.encode(password.normalize("NFKC"));
  if (params.kdf === "pbkdf2") {
    return pbkdf2(sha256, pw, salt, { c: params.iterations, dkLen: 32 });
  }
  const raw = argon2id(pw, salt, {
    t: params.iterations,
    m: params.memory as number,
    p: 1, // WAMP-SCRAM: parallelism is fixed to 1
    dkLen: 32,
  });
  if (params.kdf === "argon2id13") return raw;
  // Crossbar/Autobahn key the HMAC with the PHC-string hash field (unpadded base64).
  return utf8Encoder.encode(encodeBase64(raw).replace(/=+$/, ""));
}

/**
 * Derives a router principal entry (without its role) from a password, for
 * config files and the `scram-derive` CLI. The salt defaults to 16 random
 * bytes.
 *
 * @throws {TypeError} for an unknown KDF; {RangeError} for bad parameters.
 *
 * @example
 * ```ts
 * import { scramDerive } from "@autobahn/autobahn/auth";
 * const entry = scramDerive("secret", { kdf: "pbkdf2", iterations: 4096 });
 * ```
 */
export function scramDerive(
  password: string,
  options: ScramKdfParams & { readonly salt?: Uint8Array },
): ScramCredential {
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const salted = scramSaltedPassword(password, salt, options);
  const clientKey = hmac(sha256, salted, utf8Encoder.encode("Client Key"));
  const serverKey = hmac(sha256, salted, utf8Encoder.encode("Server Key"));
  salted.fill(0);
  return {
    kdf: options.kdf,
    iterations: options.iterations,
    memory: options.kdf === "pbkdf2" ? null : options.memory ?? null,
    salt: toHex(salt),
    "stored-key": toHex(sha256(clientKey)),
    "server-key": toHex(serverKey),
  };
}

/** RFC 5802 §7 saslname: "=" and "," escaped as "=3D" and "=2C". */
function escapeName(s: string): string {
  return s.replaceAll("=", "=3D").replaceAll(",", "=2C");
}

/**
 * The inputs of an AuthMessage.
 *
 * @example The AuthMessage of the spec's dialect
 * ```ts
 * import { scramAuthMessage, type ScramAuthMessageInput } from "@autobahn/autobahn/auth";
 *
 * const input: ScramAuthMessageInput = {
 *   method: "wamp-scram",
 *   authid: "user",
 *   clientNonce: "rOprNGfwEbeRWgbNEkqO",
 *   nonce: "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
 *   salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
 *   iterations: 4096,
 * };
 * const message = scramAuthMessage(input);
 * if (!message.startsWith("n=user,r=rOprNGfwEbeRWgbNEkqO,")) throw new Error(message);
 * if (!message.includes(",c=biws,")) throw new Error("c= is base64 of the GS2 header n,,");
 * ```
 */
export interface ScramAuthMessageInput {
  /** The dialect: `wamp-scram` (spec) or `scram` (Autobahn/Crossbar). */
  readonly method: ScramMethodName;
  /** HELLO.Details.authid. */
  readonly authid: string;
  /** HELLO.Details.authextra.nonce. */
  readonly clientNonce: string;
  /** CHALLENGE.Details.nonce. */
  readonly nonce: string;
  /** CHALLENGE.Details.salt (base64, as sent). */
  readonly salt: string;
  /** CHALLENGE.Details.iterations. */
  readonly iterations: number;
  /** AUTHENTICATE.Extra.channel_binding (spec dialect). */
  readonly channelBinding?: string | null;
  /** AUTHENTICATE.Extra.cbind_data, base64 (spec dialect). */
  readonly cbindData?: string | null;
}

/**
 * Builds the AuthMessage (advanced profile "WAMP-SCRAM > AuthMessage") of a
 * dialect.
 *
 * @example
 * ```ts
 * import { scramAuthMessage } from "@autobahn/autobahn/auth";
 * scramAuthMessage({
 *   method: "wamp-scram",
 *   authid: "user",
 *   clientNonce: "a",
 *   nonce: "ab",
 *   salt: "c2FsdA==",
 *   iterations: 4096,
 * }); // "n=user,r=a,r=ab,s=c2FsdA==,i=4096,c=biws,r=ab"
 * ```
 */
export function scramAuthMessage(input: ScramAuthMessageInput): string {
  const name = input.authid.normalize("NFKC");
  const serverFirst = `r=${input.nonce},s=${input.salt},i=${input.iterations}`;
  if (input.method === "scram") {
    return `n=${name},r=${input.clientNonce},${serverFirst},c=,r=${input.nonce}`;
  }
  const flag = input.channelBinding == null ? "n" : `p=${input.channelBinding}`;
  const cbind = concatBytes([
    utf8Encoder.encode(`${flag},,`),
    input.cbindData == null ? new Uint8Array(0) : decodeBase64(input.cbindData),
  ]);
  return `n=${escapeName(name)},r=${input.clientNonce},${serverFirst},c=${
    encodeBase64(cbind)
  },r=${input.nonce}`;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ (b[i] ?? 0);
  return out;
}

/**
 * Computes the client's answer from SaltedPassword: the base64 ClientProof
 * and the ServerSignature the client expects in WELCOME.
 *
 * @example
 * ```ts
 * import { scramClientProof } from "@autobahn/autobahn/auth";
 * scramClientProof(new Uint8Array(32), "n=user,r=a,r=ab,s=c2FsdA==,i=1,c=biws,r=ab");
 * ```
 */
export function scramClientProof(
  saltedPassword: Uint8Array,
  authMessage: string,
): { readonly proof: string; readonly serverSignature: string } {
  const msg = utf8Encoder.encode(authMessage);
  const clientKey = hmac(sha256, saltedPassword, utf8Encoder.encode("Client Key"));
  const clientSignature = hmac(sha256, sha256(clientKey), msg);
  const serverKey = hmac(sha256, saltedPassword, utf8Encoder.encode("Server Key"));
  return {
    proof: encodeBase64(xor(clientKey, clientSignature)),
    serverSignature: encodeBase64(hmac(sha256, serverKey, msg)),
  };
}

function startsWithNonce(combined: string, client: string): boolean {
  if (combined.startsWith(client)) return true;
  // Crossbar base64-encodes clientBytes + serverBytes: compare as bytes.
  try {
    const c = decodeBase64(client);
    const s = decodeBase64(combined);
    return s.length > c.length && timingSafeEqual(s.subarray(0, c.length), c);
  } catch {
    return false;
  }
}

/**
 * Client config of WAMP-SCRAM.
 *
 * @example Bounding the cost a router may ask for
 * ```ts
 * import { scramClient, type ScramClientConfig } from "@autobahn/autobahn/auth";
 *
 * const config: ScramClientConfig = {
 *   authid: "alice",
 *   password: "pencil",
 *   kdf: "pbkdf2",
 *   limits: { minIterations: 100_000 },
 * };
 * const auth = scramClient(config);
 * const extra = {
 *   nonce: `${auth.authextra?.nonce}xyz`,
 *   salt: "c2FsdA==",
 *   kdf: "pbkdf2",
 *   iterations: 4096,
 * };
 * const err = await Promise.resolve()
 *   .then(() => auth.onChallenge!({ method: "wamp-scram", extra }))
 *   .catch((e) => e);
 * if (!(err instanceof RangeError)) throw new Error("too few iterations must be refused");
 * ```
 */
export interface ScramClientConfig {
  /** The authid (user name). */
  readonly authid: string;
  /** The password. */
  readonly password: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Extra data for HELLO; `nonce` and `channel_binding` are added. */
  readonly authextra?: WampDict;
  /** Accept only this KDF in CHALLENGE (a rogue router could ask for a weaker one). */
  readonly kdf?: ScramKdf;
  /** Channel binding type to request (spec dialect); needs {@linkcode ScramClientConfig.channelId}. */
  readonly channelBinding?: "tls-unique";
  /** Returns the transport's channel binding data when answering. */
  readonly channelId?: () => Uint8Array | undefined;
  /**
   * Cost bounds accepted in CHALLENGE (spec: a client SHOULD refuse unusually
   * low parameters). Defaults: PBKDF2 iterations 4,096..10,000,000; Argon2id
   * iterations 1..100,000, memory 512..1,048,576 KiB.
   */
  readonly limits?: {
    readonly minIterations?: number;
    readonly maxIterations?: number;
    readonly minMemory?: number;
    readonly maxMemory?: number;
  };
}

/**
 * The client side of WAMP-SCRAM: a contribution plus the WELCOME check.
 *
 * @example A full exchange, with the router verified
 * ```ts
 * import {
 *   type HelloContext,
 *   scramAuthenticator,
 *   scramClient,
 *   type ScramClientContribution,
 *   scramDerive,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * const alice = { ...scramDerive("pencil", { kdf: "pbkdf2", iterations: 4096 }), role: "user" };
 * const router = scramAuthenticator({ type: "static", principals: { alice } });
 * const client: ScramClientContribution = scramClient({ authid: "alice", password: "pencil" });
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: {
 *     roles: { caller: {} },
 *     authmethods: ["wamp-scram"],
 *     authid: "alice",
 *     authextra: client.authextra,
 *   },
 * };
 * const challenge = await router.hello(ctx);
 * if (challenge.kind !== "challenge") throw new Error(challenge.kind);
 * const answer = await client.onChallenge!({ method: "wamp-scram", extra: challenge.extra ?? {} });
 * if (typeof answer === "string") throw new Error("SCRAM answers with extra");
 * const welcome = await router.authenticate!(ctx, new AuthenticateMessage(answer));
 * if (welcome.kind !== "welcome") throw new Error(welcome.kind);
 * client.verifyWelcome(welcome.authextra); // throws ScramVerificationError for a rogue router
 * ```
 */
export interface ScramClientContribution extends AuthMethodContribution {
  /**
   * Checks WELCOME.Details.authextra (`verifier` or `scram_server_signature`,
   * an optional `v=` prefix) against the last exchange.
   *
   * @throws {ScramVerificationError} when it is missing or wrong.
   */
  verifyWelcome(authextra: WampDict | undefined): void;
}

/**
 * Builds the client side of WAMP-SCRAM. HELLO carries a fresh client nonce;
 * the handler answers `wamp-scram` and `scram` challenges; call
 * `verifyWelcome` with WELCOME's authextra to authenticate the router.
 *
 * @throws {TypeError} when `authid` or `password` is missing.
 *
 * @example
 * ```ts
 * import { scramClient } from "@autobahn/autobahn/auth";
 * const c = scramClient({ authid: "user", password: "pencil" });
 * c.authextra?.nonce; // base64 of 16 random bytes
 * ```
 */
export function scramClient(config: ScramClientConfig): ScramClientContribution {
  const authid = requireString("scram config", "authid", config.authid);
  if (typeof config.password !== "string") {
    throw new TypeError("Invalid scram config: password must be a string");
  }
  const password = config.password;
  const clientNonce = randomBase64(16);
  const channelBinding = config.channelBinding ?? null;
  let expected: string | undefined;

  const onChallenge = (challenge: { method: string; extra: WampDict }): {
    signature: string;
    extra: WampDict;
  } => {
    if (!isScramMethod(challenge.method)) {
      throw new TypeError(`Cannot answer challenge: unexpected method "${challenge.method}"`);
    }
    const e = challenge.extra;
    const { nonce, salt, kdf, iterations } = e;
    const memory = e.memory ?? null;
    if (typeof nonce !== "string" || !startsWithNonce(nonce, clientNonce)) {
      throw new TypeError("Cannot answer challenge: nonce does not extend the client nonce");
    }
    if (typeof salt !== "string") throw new TypeError("Cannot answer challenge: salt missing");
    if (kdf !== "argon2id13" && kdf !== "argon2id-13" && kdf !== "pbkdf2") {
      throw new TypeError(`Cannot answer challenge: unsupported kdf "${String(kdf)}"`);
    }
    if (config.kdf !== undefined && kdf !== config.kdf) {
      throw new TypeError(`Cannot answer challenge: kdf "${kdf}" refused`);
    }
    const pb = kdf === "pbkdf2";
    const l = config.limits ?? {};
    const minIt = l.minIterations ?? (pb ? 4096 : 1);
    const maxIt = l.maxIterations ?? (pb ? 10_000_000 : 100_000);
    if (typeof iterations !== "number" || !(iterations >= minIt && iterations <= maxIt)) {
      throw new RangeError(`Cannot answer challenge: iterations outside ${minIt}..${maxIt}`);
    }
    if (!pb) {
      const minM = l.minMemory ?? 512;
      const maxM = l.maxMemory ?? 1_048_576;
      if (typeof memory !== "number" || !(memory >= minM && memory <= maxM)) {
        throw new RangeError(`Cannot answer challenge: memory outside ${minM}..${maxM}`);
      }
    }
    let cbindData: string | null = null;
    if (channelBinding !== null) {
      const id = config.channelId?.();
      if (!id) throw new TypeError("Cannot answer challenge: no channel binding data");
      cbindData = encodeBase64(id);
    }
    const salted = scramSaltedPassword(password, decodeBase64(salt), {
      kdf,
      iterations,
      memory: memory as number | null,
    });
    const authMessage = scramAuthMessage({
      method: challenge.method,
      authid,
      clientNonce,
      nonce,
      salt,
      iterations,
      channelBinding,
      cbindData,
    });
    const { proof, serverSignature } = scramClientProof(salted, authMessage);
    salted.fill(0);
    expected = serverSignature;
    return {
      signature: proof,
      extra: { nonce, channel_binding: channelBinding, cbind_data: cbindData },
    };
  };

  return {
    authid,
    authrole: config.authrole,
    authextra: { ...config.authextra, nonce: clientNonce, channel_binding: channelBinding },
    onChallenge,
    verifyWelcome(authextra: WampDict | undefined): void {
      const got = authextra?.verifier ?? authextra?.scram_server_signature;
      if (expected === undefined) {
        throw new ScramVerificationError("Cannot verify server: no challenge was answered");
      }
      if (typeof got !== "string") {
        throw new ScramVerificationError("Cannot verify server: WELCOME has no verifier");
      }
      const sig = got.startsWith("v=") ? got.slice(2) : got;
      let ok = false;
      try {
        ok = timingSafeEqual(decodeBase64(sig), decodeBase64(expected));
      } catch {
        ok = false;
      }
      expected = undefined;
      if (!ok) throw new ScramVerificationError("Cannot verify server: wrong verifier");
    },
  };
}

/**
 * Router config of WAMP-SCRAM.
 *
 * @example A router table with Argon2id
 * ```ts
 * import {
 *   scramAuthenticator,
 *   type ScramAuthenticatorConfig,
 *   scramDerive,
 * } from "@autobahn/autobahn/auth";
 *
 * const config: ScramAuthenticatorConfig = {
 *   type: "static",
 *   principals: {
 *     alice: {
 *       ...scramDerive("pencil", { kdf: "argon2id13", iterations: 1, memory: 64 }),
 *       role: "user",
 *     },
 *   },
 * };
 * const auth = scramAuthenticator(config);
 * if (!auth.authenticate) throw new Error("SCRAM challenges");
 * ```
 */
export interface ScramAuthenticatorConfig {
  /** Only static tables are built in. */
  readonly type: "static";
  /** The principals, by authid (see {@linkcode scramDerive}). */
  readonly principals: { readonly [authid: string]: ScramPrincipal };
}

interface ScramPending {
  readonly method: ScramMethodName;
  readonly authid: string;
  readonly clientNonce: string;
  readonly nonce: string;
  readonly salt: string;
  readonly iterations: number;
  readonly channelBinding: string | null;
  readonly storedKey: Uint8Array;
  readonly serverKey: Uint8Array;
  /** Undefined for an unknown authid or a refused role: the check then always fails. */
  readonly principal: ScramPrincipal | undefined;
}

/**
 * Builds the router side of WAMP-SCRAM over a static table. It answers the
 * first of `wamp-scram`/`scram` the HELLO offers, in that dialect. An unknown
 * authid gets a mock CHALLENGE whose salt is fixed per authid (as the spec
 * advises) and, like a wrong proof or a refused role, fails at AUTHENTICATE
 * with `wamp.error.authentication_failed`.
 *
 * @throws {TypeError} for a malformed table; {RangeError} for bad limits.
 *
 * @example
 * ```ts
 * import { scramAuthenticator, scramDerive } from "@autobahn/autobahn/auth";
 * const alice = { ...scramDerive("pw", { kdf: "pbkdf2", iterations: 4096 }), role: "user" };
 * const a = scramAuthenticator({ type: "static", principals: { alice } });
 * ```
 */
export function scramAuthenticator(
  config: ScramAuthenticatorConfig,
  options?: PendingChallengeOptions,
): Authenticator {
  if (config?.type !== "static") {
    throw new TypeError('Invalid scram authenticator config: type must be "static"');
  }
  const principals = new Map<string, ScramPrincipal>();
  for (const [authid, p] of Object.entries(config.principals ?? {})) {
    const where = `scram principal "${authid}"`;
    requireString(where, "role", p?.role);
    checkKdfParams(p, where);
    for (const k of ["salt", "stored-key", "server-key"] as const) {
      fromHex(requireString(where, k, p[k]));
    }
    principals.set(authid, { ...p });
  }
  const template: ScramKdfParams = principals.values().next().value ??
    { kdf: "argon2id-13", iterations: 4096, memory: 512 };
  const mockKey = crypto.getRandomValues(new Uint8Array(32));
  const pending = new PendingChallenges<ScramPending>(options);

  return {
    hello(context: HelloContext): AuthDecision {
      const method = offeredMethod(context, SCRAM_METHODS) as ScramMethodName | undefined;
      if (!method) return { kind: "abort", reason: NO_MATCHING_AUTH_METHOD };
      const extra = context.details.authextra ?? {};
      const clientNonce = extra.nonce;
      let nonceOk = typeof clientNonce === "string" && clientNonce.length > 0;
      try {
        if (nonceOk) decodeBase64(clientNonce as string);
      } catch {
        nonceOk = false;
      }
      if (!nonceOk) {
        return { kind: "abort", reason: AUTHENTICATION_FAILED, message: "Nonce missing" };
      }
      const channelBinding = (extra.channel_binding as string | null | undefined) ?? null;
      if (
        channelBinding !== null &&
        (method !== "wamp-scram" || context.transport?.channelBinding !== channelBinding)
      ) {
        return {
          kind: "abort",
          reason: AUTHENTICATION_FAILED,
          message: "Channel binding not supported",
        };
      }
      const authid = context.details.authid ?? "";
      let principal = principals.get(authid);
      const params: ScramKdfParams = principal ?? template;
      const saltBytes = principal
        ? fromHex(principal.salt)
        : hmac(sha256, mockKey, utf8Encoder.encode(authid)).subarray(0, 16);
      const wanted = context.details.authrole;
      if (principal && wanted !== undefined && wanted !== principal.role) principal = undefined;
      const salt = encodeBase64(saltBytes);
      const nonce = (clientNonce as string) + randomBase64(16);
      pending.put(context.sessionId, {
        method,
        authid,
        clientNonce: clientNonce as string,
        nonce,
        salt,
        iterations: params.iterations,
        channelBinding,
        storedKey: principal ? fromHex(principal["stored-key"]) : new Uint8Array(32),
        serverKey: principal ? fromHex(principal["server-key"]) : new Uint8Array(32),
        principal,
      });
      return {
        kind: "challenge",
        authMethod: method,
        extra: {
          nonce,
          salt,
          kdf: params.kdf,
          iterations: params.iterations,
          memory: params.kdf === "pbkdf2" ? null : params.memory ?? null,
        },
      };
    },
    authenticate(context: HelloContext, message: AuthenticateMessage): AuthDecision {
      const s = pending.take(context.sessionId);
      if (!s) return authenticationFailed();
      const extra = message.extra ?? {};
      if (extra.nonce !== undefined && extra.nonce !== s.nonce) return authenticationFailed();
      let cbindData: string | null = null;
      if (s.method === "wamp-scram") {
        if ((extra.channel_binding ?? null) !== s.channelBinding) return authenticationFailed();
        if (s.channelBinding !== null) {
          const id = context.transport?.channelId;
          const sent = extra.cbind_data;
          if (!id || typeof sent !== "string" || sent !== encodeBase64(id)) {
            return authenticationFailed();
          }
          cbindData = sent;
        }
      }
      let proof: Uint8Array;
      try {
        proof = decodeBase64(typeof message.signature === "string" ? message.signature : "");
      } catch {
        return authenticationFailed();
      }
      const msg = utf8Encoder.encode(scramAuthMessage({
        method: s.method,
        authid: s.authid,
        clientNonce: s.clientNonce,
        nonce: s.nonce,
        salt: s.salt,
        iterations: s.iterations,
        channelBinding: s.channelBinding,
        cbindData,
      }));
      const clientSignature = hmac(sha256, s.storedKey, msg);
      const recovered = sha256(xor(clientSignature, proof));
      const ok = proof.length === 32 && timingSafeEqual(recovered, s.storedKey);
      if (!ok || !s.principal) return authenticationFailed();
      const verifier = encodeBase64(hmac(sha256, s.serverKey, msg));
      return {
        kind: "welcome",
        authid: s.authid,
        authrole: s.principal.role,
        authmethod: s.method,
        authprovider: "static",
        authextra: { verifier, scram_server_signature: verifier },
      };
    },
  };
}

/**
 * Registration record of WAMP-SCRAM (spec name; `aliases` lists Autobahn's).
 *
 * @example The spec's name and Autobahn's
 * ```ts
 * import { scramMethod } from "@autobahn/autobahn/auth";
 *
 * if (scramMethod.name !== "wamp-scram" || scramMethod.aliases[0] !== "scram") {
 *   throw new Error("unexpected names");
 * }
 * const client = scramMethod.client({ authid: "alice", password: "pencil" });
 * if (typeof client.authextra?.nonce !== "string") throw new Error("HELLO carries a nonce");
 * ```
 */
export const scramMethod: {
  readonly name: "wamp-scram";
  readonly aliases: readonly ["scram"];
  readonly client: typeof scramClient;
  readonly authenticator: typeof scramAuthenticator;
} = Object.freeze({
  name: "wamp-scram",
  aliases: ["scram"] as const,
  client: scramClient,
  authenticator: scramAuthenticator,
});
