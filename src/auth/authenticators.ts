/**
 * Router-side authentication for a transport's `auth` section: the
 * combining {@linkcode Authenticator} that picks the first method of the
 * client's `HELLO.Details.authmethods` the transport offers, and Crossbar's
 * dynamic authenticators (a WAMP procedure that the router calls with
 * `(realm, authid, details)`).
 *
 * The per-method static authenticators (ticket, wampcra, cryptosign, scram)
 * are plugged in through an {@linkcode AuthMethodFactories} table, so this
 * module only routes, checks roles and fails closed:
 *
 * - no method in common: ABORT `wamp.error.no_matching_auth_method`;
 * - an AUTHENTICATE with no challenge pending for the session (replayed,
 *   late, or after a failed attempt): ABORT `wamp.error.authentication_failed`;
 * - a client asking for an authrole other than the one its principal has:
 *   ABORT `wamp.error.not_authorized`; a role the realm does not define:
 *   ABORT `wamp.error.no_such_role`;
 * - an authenticator that throws, or a dynamic authenticator procedure that
 *   is missing, fails, times out or answers something unusable: ABORT
 *   `wamp.error.authentication_failed`, with no hint which part was wrong.
 *
 * Dynamic authenticators (Crossbar semantics):
 * - `ticket`: the procedure is called on AUTHENTICATE with
 *   `details.ticket` set to the client's ticket; it returns the authrole
 *   (a string) or `{role, authid?, extra?}`, or raises to deny;
 * - `wampcra`: called on HELLO; returns `{secret, role, salt?, iterations?,
 *   keylen?}` (the user entry of a static config);
 * - `cryptosign`: called on HELLO (`details.authextra.pubkey` is the
 *   client's key); returns `{pubkey, role}` or `{authorized_keys, role}`;
 * - `scram`: called on HELLO; returns a static principal entry `{role, kdf,
 *   iterations, memory, salt, "stored-key", "server-key"}`.
 *
 * Every answer may also carry `authid` (the authid the session gets).
 *
 * @module
 */
import type { MessageTransport } from "../transport/message_transport.ts";
import { Session } from "../session/session.ts";
import type { WampDict } from "../wamp/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";
import type { AuthConfig, DynamicAuthConfig } from "../router/config.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
import { type PendingChallengeOptions, PendingChallenges } from "./_common.ts";

const NO_MATCHING_AUTH_METHOD = "wamp.error.no_matching_auth_method";
const AUTHENTICATION_FAILED = "wamp.error.authentication_failed";
const NOT_AUTHORIZED = "wamp.error.not_authorized";
const NO_SUCH_ROLE = "wamp.error.no_such_role";

/**
 * Default milliseconds a dynamic authenticator procedure has to answer.
 *
 * @example Giving a slow authenticator more time
 * ```ts
 * import {
 *   BUILTIN_AUTHENTICATORS,
 *   createAuthenticator,
 *   DEFAULT_AUTHENTICATOR_TIMEOUT,
 * } from "@autobahn/autobahn/auth";
 *
 * const auth = createAuthenticator(
 *   { ticket: { type: "dynamic", authenticator: "com.example.authenticate" } },
 *   { factories: BUILTIN_AUTHENTICATORS, timeout: 2 * DEFAULT_AUTHENTICATOR_TIMEOUT },
 * );
 * if (DEFAULT_AUTHENTICATOR_TIMEOUT !== 5000 || !auth.authenticate) throw new Error("unexpected");
 * ```
 */
export const DEFAULT_AUTHENTICATOR_TIMEOUT = 5000;
/**
 * Milliseconds a challenge stays answerable.
 *
 * @example A late answer fails
 * ```ts
 * import {
 *   BUILTIN_AUTHENTICATORS,
 *   CHALLENGE_TTL,
 *   createAuthenticator,
 *   type HelloContext,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * let now = 0;
 * const auth = createAuthenticator(
 *   { ticket: { type: "static", principals: { joe: { ticket: "s3cret", role: "user" } } } },
 *   { factories: BUILTIN_AUTHENTICATORS, now: () => now },
 * );
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
 * };
 * await auth.hello(ctx);
 * now += CHALLENGE_TTL; // the challenge has expired
 * const decision = await auth.authenticate!(ctx, new AuthenticateMessage({ signature: "s3cret" }));
 * if (decision.kind !== "abort") throw new Error("expected an abort");
 * ```
 */
export const CHALLENGE_TTL = 60_000;

/**
 * The methods that authenticate with a challenge, with their static configs.
 *
 * @example Checking which challenge methods a build has
 * ```ts
 * import { BUILTIN_AUTHENTICATORS, type ChallengeMethod } from "@autobahn/autobahn/auth";
 *
 * const methods: ChallengeMethod[] = ["ticket", "wampcra", "cryptosign", "scram"];
 * const missing = methods.filter((m) => BUILTIN_AUTHENTICATORS[m] === undefined);
 * if (missing.length > 0) throw new Error(`missing ${missing.join()}`);
 * ```
 */
export type ChallengeMethod = "ticket" | "wampcra" | "cryptosign" | "scram";

/**
 * Builds a method's static router authenticator from its Crossbar-style
 * static config; the second argument carries the combining authenticator's
 * clock (`now`), for the method's own challenge expiry.
 *
 * @example Plugging in a factory of your own
 * ```ts
 * import {
 *   type AuthMethodFactories,
 *   createAuthenticator,
 *   type StaticAuthenticatorFactory,
 * } from "@autobahn/autobahn/auth";
 *
 * // Accepts every ticket: for a demonstration only.
 * const anyTicket: StaticAuthenticatorFactory = () => ({
 *   hello: () => ({ kind: "challenge", authMethod: "ticket" }),
 *   authenticate: (ctx) => ({
 *     kind: "welcome",
 *     authid: ctx.details.authid ?? "guest",
 *     authrole: "guest",
 *     authmethod: "ticket",
 *     authprovider: "static",
 *   }),
 * });
 * const factories: AuthMethodFactories = { ticket: anyTicket };
 * const auth = createAuthenticator({ ticket: { type: "static", principals: {} } }, { factories });
 * const hello = await auth.hello({
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"] },
 * });
 * if (hello.kind !== "challenge") throw new Error(hello.kind);
 * ```
 */
export type StaticAuthenticatorFactory = (
  config: never,
  options?: PendingChallengeOptions,
) => Authenticator;

/**
 * The static authenticator factory of each challenge method.
 *
 * @example Only ticket and WAMP-CRA
 * ```ts
 * import {
 *   type AuthMethodFactories,
 *   BUILTIN_AUTHENTICATORS,
 *   createAuthenticator,
 * } from "@autobahn/autobahn/auth";
 *
 * const factories: AuthMethodFactories = {
 *   ticket: BUILTIN_AUTHENTICATORS.ticket,
 *   wampcra: BUILTIN_AUTHENTICATORS.wampcra,
 * };
 * const auth = createAuthenticator(
 *   { wampcra: { type: "static", users: { joe: { secret: "s3cret", role: "user" } } } },
 *   { factories },
 * );
 * if (typeof auth.hello !== "function") throw new Error("not an authenticator");
 * ```
 */
export type AuthMethodFactories = Readonly<
  Partial<Record<ChallengeMethod, StaticAuthenticatorFactory>>
>;

/**
 * Calls a WAMP procedure on a realm; rejects on errors and timeouts.
 *
 * @example A stand-in caller for a dynamic authenticator
 * ```ts
 * import {
 *   BUILTIN_AUTHENTICATORS,
 *   createAuthenticator,
 *   type HelloContext,
 *   type ProcedureCaller,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * // Stands in for calling the procedure on the router: (realm, authid, details) → authrole.
 * const call: ProcedureCaller = (_realm, _procedure, [, authid, details]) => {
 *   const { ticket } = details as { ticket: string };
 *   return authid === "joe" && ticket === "s3cret"
 *     ? Promise.resolve("user")
 *     : Promise.reject(new Error("denied"));
 * };
 * const auth = createAuthenticator(
 *   { ticket: { type: "dynamic", authenticator: "com.example.authenticate" } },
 *   { factories: BUILTIN_AUTHENTICATORS, call },
 * );
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
 * };
 * await auth.hello(ctx);
 * const d = await auth.authenticate!(ctx, new AuthenticateMessage({ signature: "s3cret" }));
 * if (d.kind !== "welcome" || d.authrole !== "user") throw new Error(d.kind);
 * ```
 */
export type ProcedureCaller = (
  realm: string,
  procedure: string,
  args: unknown[],
  timeout: number,
) => Promise<unknown>;

/**
 * Options of {@linkcode createAuthenticator}.
 *
 * @example Limiting the roles of a realm
 * ```ts
 * import {
 *   BUILTIN_AUTHENTICATORS,
 *   type CombinedAuthenticatorOptions,
 *   createAuthenticator,
 * } from "@autobahn/autobahn/auth";
 *
 * const options: CombinedAuthenticatorOptions = {
 *   factories: BUILTIN_AUTHENTICATORS,
 *   realmRoles: (realm) => realm === "realm1" ? ["user"] : undefined,
 * };
 * const auth = createAuthenticator({ anonymous: { type: "static", role: "guest" } }, options);
 * const d = await auth.hello({
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} } },
 * });
 * if (d.kind !== "abort" || d.reason !== "wamp.error.no_such_role") throw new Error(d.kind);
 * ```
 */
export interface CombinedAuthenticatorOptions {
  /** The static authenticator factory of each method. */
  readonly factories: AuthMethodFactories;
  /** Calls a dynamic authenticator procedure; without it dynamic methods fail closed. */
  readonly call?: ProcedureCaller;
  /**
   * The roles a realm defines (`undefined`: any role). A welcomed session's
   * role must be one of them or `trustedRole`.
   */
  readonly realmRoles?: (realm: string) => readonly string[] | undefined;
  /**
   * A role whose anonymous sessions keep the authid they ask for (the
   * router's in-process components). Default none.
   */
  readonly trustedRole?: string;
  /** Milliseconds a dynamic authenticator may take. Default {@linkcode DEFAULT_AUTHENTICATOR_TIMEOUT}. */
  readonly timeout?: number;
  /** The clock, for challenge expiry. Default `Date.now`. */
  readonly now?: () => number;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function randomAuthid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fail(message = "Authentication failed"): AuthDecision {
  return { kind: "abort", reason: AUTHENTICATION_FAILED, message };
}

/** Which authenticator answers a session's AUTHENTICATE, and under which method name. */
interface Delegate {
  readonly auth: Authenticator;
  readonly method: string;
}

/**
 * Challenge state per session, in the shared bounded store: single-use,
 * expiring after {@linkcode CHALLENGE_TTL}, at most 10,000 outstanding (the
 * oldest is dropped beyond), so a flood of HELLOs costs constant work each.
 */
function delegateStore(now: () => number): PendingChallenges<Delegate> {
  return new PendingChallenges<Delegate>({ challengeTimeout: CHALLENGE_TTL, now });
}

/** HELLO details as the dynamic authenticator procedure sees them (Crossbar's shape). */
function helloDetails(ctx: HelloContext, method: string): WampDict {
  const d = ctx.details;
  return {
    authmethod: method,
    authid: d.authid ?? null,
    authrole: d.authrole ?? null,
    authextra: d.authextra ?? {},
    authmethods: d.authmethods ?? [],
    session: ctx.sessionId,
    realm: ctx.realm,
    transport: ctx.transport ? { ...(ctx.transport as unknown as WampDict) } : {},
  };
}

/** Reads a dynamic authenticator's answer: role and optional authid/extra; fails closed. */
function readPrincipal(
  result: unknown,
): { role: string; authid?: string; extra?: WampDict; entry: Record<string, unknown> } | undefined {
  if (typeof result === "string") return result ? { role: result, entry: {} } : undefined;
  if (!isDict(result)) return undefined;
  if (typeof result.role !== "string" || !result.role) return undefined;
  if (result.authid !== undefined && (typeof result.authid !== "string" || !result.authid)) {
    return undefined;
  }
  return {
    role: result.role,
    ...(typeof result.authid === "string" ? { authid: result.authid } : {}),
    ...(isDict(result.extra) ? { extra: result.extra as WampDict } : {}),
    entry: result,
  };
}

/** Builds the static config for one principal returned by a dynamic authenticator. */
function staticConfigOf(
  method: Exclude<ChallengeMethod, "ticket">,
  key: string,
  principal: Record<string, unknown>,
  role: string,
): { type: "static" } | undefined {
  const s = (k: string) => typeof principal[k] === "string" ? principal[k] as string : undefined;
  const n = (k: string) =>
    typeof principal[k] === "number" && Number.isInteger(principal[k])
      ? principal[k] as number
      : undefined;
  switch (method) {
    case "wampcra": {
      const secret = s("secret");
      if (secret === undefined) return undefined;
      const salt = s("salt");
      const user = {
        secret,
        role,
        ...(salt !== undefined ? { salt } : {}),
        ...(salt !== undefined && n("iterations") !== undefined
          ? { iterations: n("iterations") }
          : {}),
        ...(salt !== undefined && n("keylen") !== undefined ? { keylen: n("keylen") } : {}),
      };
      return { type: "static", users: { [key]: user } } as { type: "static" };
    }
    case "cryptosign": {
      const keys = Array.isArray(principal.authorized_keys)
        ? principal.authorized_keys
        : s("pubkey") !== undefined
        ? [s("pubkey")]
        : [];
      if (
        keys.length === 0 || !keys.every((k) => typeof k === "string" && /^[0-9a-f]{64}$/i.test(k))
      ) {
        return undefined;
      }
      const authorized_keys = (keys as string[]).map((k) => k.toLowerCase());
      return { type: "static", principals: { [key]: { role, authorized_keys } } } as {
        type: "static";
      };
    }
    case "scram": {
      const entry: Record<string, unknown> = { ...principal, role };
      delete entry.authid;
      delete entry.extra;
      return { type: "static", principals: { [key]: entry } } as { type: "static" };
    }
  }
}

/**
 * A Crossbar-style dynamic authenticator for one method (see the module
 * documentation for what the procedure gets and returns).
 *
 * @example A dynamic WAMP-CRA authenticator
 * ```ts
 * import {
 *   BUILTIN_AUTHENTICATORS,
 *   createDynamicAuthenticator,
 *   type HelloContext,
 * } from "@autobahn/autobahn/auth";
 *
 * const auth = createDynamicAuthenticator(
 *   "wampcra",
 *   { type: "dynamic", authenticator: "com.example.authenticate" },
 *   {
 *     factories: BUILTIN_AUTHENTICATORS,
 *     // The procedure returns the user entry: {secret, role}.
 *     call: () => Promise.resolve({ secret: "s3cret", role: "user" }),
 *   },
 * );
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["wampcra"], authid: "joe" },
 * };
 * const d = await auth.hello(ctx);
 * if (d.kind !== "challenge" || d.authMethod !== "wampcra") throw new Error(d.kind);
 * ```
 */
export function createDynamicAuthenticator(
  method: ChallengeMethod,
  config: DynamicAuthConfig,
  options: Pick<CombinedAuthenticatorOptions, "factories" | "call" | "timeout" | "now">,
): Authenticator {
  const timeout = options.timeout ?? DEFAULT_AUTHENTICATOR_TIMEOUT;
  const now = options.now ?? Date.now;
  const delegates = delegateStore(now);
  const ask = async (ctx: HelloContext, details: WampDict): Promise<unknown> => {
    if (!options.call) throw new Error("no procedure caller");
    return await options.call(
      config["authenticator-realm"] ?? ctx.realm,
      config.authenticator,
      [ctx.realm, ctx.details.authid ?? null, details],
      timeout,
    );
  };

  if (method === "ticket") {
    return {
      hello(ctx) {
        if (typeof ctx.details.authid !== "string" || !ctx.details.authid) {
          return fail("Ticket authentication needs an authid");
        }
        return { kind: "challenge", authMethod: "ticket", extra: {} };
      },
      async authenticate(ctx, msg) {
        let principal;
        try {
          principal = readPrincipal(
            await ask(ctx, { ...helloDetails(ctx, "ticket"), ticket: msg.signature }),
          );
        } catch {
          return fail();
        }
        if (!principal) return fail();
        return {
          kind: "welcome",
          authid: principal.authid ?? ctx.details.authid!,
          authrole: principal.role,
          authmethod: "ticket",
          authprovider: "dynamic",
          ...(principal.extra ? { authextra: principal.extra } : {}),
        };
      },
    };
  }

  return {
    async hello(ctx) {
      const factory = options.factories[method];
      if (!factory) return fail(`Authentication method ${method} is not available`);
      let principal;
      try {
        principal = readPrincipal(await ask(ctx, helloDetails(ctx, method)));
      } catch {
        return fail();
      }
      if (!principal) return fail();
      const pubkey = ctx.details.authextra?.pubkey;
      const key = typeof ctx.details.authid === "string" && ctx.details.authid
        ? ctx.details.authid
        : principal.authid ?? (typeof pubkey === "string" ? pubkey : "");
      if (!key) return fail();
      const cfg = staticConfigOf(method, key, principal.entry, principal.role);
      if (!cfg) return fail();
      let auth: Authenticator;
      let d: AuthDecision;
      try {
        auth = factory(cfg as never, { now });
        d = await auth.hello(ctx);
      } catch {
        return fail();
      }
      if (d.kind === "challenge") delegates.put(ctx.sessionId, { auth, method });
      return d.kind === "welcome" ? { ...d, authprovider: "dynamic" } : d;
    },
    async authenticate(ctx, msg) {
      const p = delegates.take(ctx.sessionId);
      if (!p?.auth.authenticate) return fail();
      try {
        const d = await p.auth.authenticate(ctx, msg);
        if (d.kind === "challenge") delegates.put(ctx.sessionId, { auth: p.auth, method });
        return d.kind === "welcome" ? { ...d, authprovider: "dynamic" } : d;
      } catch {
        return fail();
      }
    },
  };
}

/**
 * The authenticator of one transport's `auth`: picks the first method of the
 * client's `authmethods` (default `["anonymous"]`) that `auth` offers, and
 * routes the AUTHENTICATE to it. Absent `auth` means anonymous with role
 * `anonymous`. `wamp-scram` is accepted as a name of `scram`.
 *
 * @example
 * ```ts
 * import { BUILTIN_AUTHENTICATORS, createAuthenticator } from "@autobahn/autobahn/auth";
 * const auth = createAuthenticator(
 *   { ticket: { type: "static", principals: { joe: { ticket: "secret", role: "user" } } } },
 *   { factories: BUILTIN_AUTHENTICATORS },
 * );
 * const d = await auth.hello({
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["wampcra"] },
 * });
 * if (d.kind !== "abort" || d.reason !== "wamp.error.no_matching_auth_method") {
 *   throw new Error("this transport offers only ticket");
 * }
 * ```
 */
export function createAuthenticator(
  auth: AuthConfig | undefined,
  options: CombinedAuthenticatorOptions,
): Authenticator {
  const config: AuthConfig = auth ?? { anonymous: { type: "static", role: "anonymous" } };
  const now = options.now ?? Date.now;
  const pending = delegateStore(now);
  const methods = new Map<ChallengeMethod, Authenticator>();
  const setupErrors = new Map<ChallengeMethod, string>();
  for (const m of ["ticket", "wampcra", "cryptosign", "scram"] as const) {
    const c = config[m];
    if (!c) continue;
    if (c.type === "dynamic") {
      methods.set(m, createDynamicAuthenticator(m, c, { ...options, now }));
      continue;
    }
    const factory = options.factories[m];
    if (!factory) {
      setupErrors.set(m, `Authentication method ${m} is not available in this build`);
      continue;
    }
    methods.set(m, factory(c as never, { now }));
  }

  /** Checks a welcome against the requested role and the realm's roles. */
  const check = (ctx: HelloContext, d: AuthDecision, method: string): AuthDecision => {
    if (d.kind !== "welcome") {
      return d.kind === "challenge" && method === "wamp-scram" && d.authMethod === "scram"
        ? { ...d, authMethod: "wamp-scram" }
        : d;
    }
    if (
      typeof d.authid !== "string" || !d.authid || typeof d.authrole !== "string" || !d.authrole
    ) {
      return fail();
    }
    const asked = ctx.details.authrole;
    if (
      method !== "anonymous" && typeof asked === "string" && asked !== "" && asked !== d.authrole
    ) {
      return {
        kind: "abort",
        reason: NOT_AUTHORIZED,
        message: `The authrole "${asked}" is not permitted`,
      };
    }
    const roles = options.realmRoles?.(ctx.realm);
    if (roles && d.authrole !== options.trustedRole && !roles.includes(d.authrole)) {
      return {
        kind: "abort",
        reason: NO_SUCH_ROLE,
        message: `The role "${d.authrole}" does not exist in realm "${ctx.realm}"`,
      };
    }
    return method === "wamp-scram" && d.authmethod === "scram"
      ? { ...d, authmethod: "wamp-scram" }
      : d;
  };

  const decide = async (
    ctx: HelloContext,
    method: string,
    run: () => AuthDecision | Promise<AuthDecision>,
    auth: Authenticator,
  ): Promise<AuthDecision> => {
    let d: AuthDecision;
    try {
      d = await run();
    } catch {
      return fail();
    }
    d = check(ctx, d, method);
    if (d.kind === "challenge") pending.put(ctx.sessionId, { auth, method });
    return d;
  };

  return {
    hello(ctx) {
      const offered = ctx.details.authmethods?.length ? ctx.details.authmethods : ["anonymous"];
      for (const name of offered) {
        if (name === "anonymous" && config.anonymous) {
          const role = config.anonymous.role;
          const authid = config.anonymous.authid ??
            (typeof ctx.details.authid === "string" && ctx.details.authid &&
                options.trustedRole !== undefined && role === options.trustedRole
              ? ctx.details.authid
              : randomAuthid());
          return check(ctx, {
            kind: "welcome",
            authid,
            authrole: role,
            authmethod: "anonymous",
            authprovider: "static",
          }, name);
        }
        const key = (name === "wamp-scram" ? "scram" : name) as ChallengeMethod;
        const error = setupErrors.get(key);
        if (error) return fail(error);
        const a = methods.get(key);
        if (a) return decide(ctx, name, () => a.hello(ctx), a);
      }
      return {
        kind: "abort",
        reason: NO_MATCHING_AUTH_METHOD,
        message: `No authentication method in common (this transport offers ${
          Object.keys(config).join(", ")
        })`,
      };
    },
    authenticate(ctx, msg: AuthenticateMessage) {
      const p = pending.take(ctx.sessionId);
      if (!p?.auth.authenticate) return fail();
      const a = p.auth;
      return decide(ctx, p.method, () => a.authenticate!(ctx, msg), a);
    },
  };
}

/**
 * A {@linkcode ProcedureCaller} over router-internal sessions, with `close()`.
 *
 * @example Calling and closing
 * ```ts
 * import { createInternalCaller, type InternalCaller } from "@autobahn/autobahn/auth";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const caller: InternalCaller = createInternalCaller(() => router.connectInProcess());
 * const count = await caller.call("realm1", "wamp.session.count", [], 1000);
 * await caller.close();
 * if (count !== 1) throw new Error(`unexpected ${count}`); // the caller's own session
 * ```
 */
export interface InternalCaller {
  /** Calls `procedure` on `realm` through the realm's internal session. */
  readonly call: ProcedureCaller;
  /** Leaves every internal session; later calls reject. */
  close(): Promise<void>;
}

/**
 * Calls procedures through one router-internal session per realm, joined
 * over `connect(realm)` (an in-process transport whose session gets a
 * trusted role), created on first use and again after it is lost: the
 * approach of `src/router/dynamic_authorizer.ts`.
 *
 * @example Calling a procedure from inside the router
 * ```ts
 * import { createInternalCaller } from "@autobahn/autobahn/auth";
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using callee = new Session(router.connectInProcess());
 * await callee.join("realm1");
 * await callee.register("com.example.add2", ([a, b]) => Number(a) + Number(b));
 * const caller = createInternalCaller(() => router.connectInProcess());
 * try {
 *   const sum = await caller.call("realm1", "com.example.add2", [2, 3], 1000);
 *   if (sum !== 5) throw new Error(`unexpected ${sum}`);
 * } finally {
 *   await caller.close();
 * }
 * ```
 */
export function createInternalCaller(connect: (realm: string) => MessageTransport): InternalCaller {
  const sessions = new Map<string, Promise<Session>>();
  let closed = false;
  const session = (realm: string): Promise<Session> => {
    let p = sessions.get(realm);
    if (p) return p;
    p = (async () => {
      const s = new Session(connect(realm));
      try {
        await s.join(realm);
      } catch (err) {
        await s.transport.close().catch(() => {});
        throw err;
      }
      if (closed) {
        await s[Symbol.asyncDispose]().catch(() => {});
        throw new Error("router closed");
      }
      return s;
    })();
    sessions.set(realm, p);
    p.catch(() => {
      if (sessions.get(realm) === p) sessions.delete(realm);
    });
    return p;
  };
  return {
    async call(realm, procedure, args, timeout) {
      if (closed) throw new Error("router closed");
      let s = await session(realm);
      if (!s.isJoined) {
        sessions.delete(realm);
        s = await session(realm);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          s.call(procedure, args, {}, { timeout }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("timeout")), timeout + 500);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(all.map(async (p) => {
        const s = await p;
        await s[Symbol.asyncDispose]();
      }));
    },
  };
}
