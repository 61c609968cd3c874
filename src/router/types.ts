/**
 * Types shared by the router core: the transport it drives, the clock it
 * reads, the authentication and authorization seams, and the options of a
 * router and a realm.
 *
 * @module
 */
import type { Logger } from "../util/logger.ts";
import type {
  MessageTransportHandler,
  TransportCloseInfo,
  TransportDetails,
} from "../transport/message_transport.ts";
import type { WampMessage } from "../wamp/messages.ts";
import type { HelloDetails, WampDict } from "../wamp/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";

/**
 * What the router needs of a message transport: the push-based face of
 * `MessageTransport` (`src/transport/message_transport.ts`). Any object with
 * these members works, so tests and in-process connections can attach
 * without sockets.
 *
 * @example Attaching one end of an in-process pair
 * ```ts
 * import { Router, type RouterTransport } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { createInProcessPair } from "@autobahn/autobahn/transport";
 *
 * const router = new Router({ realms: ["realm1"] });
 * const [client, server] = createInProcessPair();
 * const transport: RouterTransport = server;
 * router.attach(transport);
 * await using session = new Session(client);
 * await session.join("realm1");
 * if (router.attachedCount !== 1) throw new Error("Expected one attached session");
 * ```
 */
export interface RouterTransport {
  /** What the transport tells about itself (peer, serializer, ...), if known. */
  readonly details?: TransportDetails;
  /** Sets the receiver of messages and of the close notice. */
  setHandler(handler: MessageTransportHandler): void;
  /** Sends one message; throws when the transport is closed or the message is too large. */
  send(message: WampMessage): void;
  /** Closes the transport; idempotent. */
  close(code?: number, reason?: string): Promise<TransportCloseInfo> | void;
}

/**
 * The clock and timer source of the router (call timeouts, creation
 * timestamps). Inject a fake one in tests to drive time without sleeping.
 *
 * @example A frozen clock for tests
 * ```ts
 * import { Router, type RouterScheduler } from "@autobahn/autobahn/router";
 *
 * const timers = new Map<number, () => void>();
 * const scheduler: RouterScheduler = {
 *   now: () => 1_700_000_000_000,
 *   setTimer: (callback) => (timers.set(timers.size + 1, callback), timers.size),
 *   clearTimer: (handle) => void timers.delete(handle as number),
 * };
 * const router = new Router({ realms: ["realm1"], scheduler });
 * if (router.getRealm("realm1")!.scheduler.now() !== 1_700_000_000_000) throw new Error();
 * ```
 */
export interface RouterScheduler {
  /** The current time in milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds; returns a handle for {@linkcode RouterScheduler.clearTimer}. */
  setTimer(callback: () => void, ms: number): unknown;
  /** Cancels a timer started by {@linkcode RouterScheduler.setTimer}; unknown handles are ignored. */
  clearTimer(handle: unknown): void;
}

/**
 * The default scheduler: `Date.now`, `setTimeout` and `clearTimeout`.
 *
 * @example
 * ```ts
 * import { systemScheduler } from "@autobahn/autobahn/router";
 * const handle = systemScheduler.setTimer(() => {}, 10);
 * systemScheduler.clearTimer(handle);
 * ```
 */
export const systemScheduler: RouterScheduler = Object.freeze({
  now: () => Date.now(),
  setTimer: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimer: (handle: unknown): void => clearTimeout(handle as number),
});

/**
 * What an {@linkcode Authenticator} learns about a joining client.
 *
 * @example Deciding on the authid a client asks for
 * ```ts
 * import type { AuthDecision, HelloContext } from "@autobahn/autobahn/router";
 *
 * function hello(ctx: HelloContext): AuthDecision {
 *   const authid = ctx.details.authid;
 *   if (typeof authid !== "string") return { kind: "abort", reason: "wamp.error.not_authorized" };
 *   return {
 *     kind: "welcome",
 *     authid,
 *     authrole: "user",
 *     authmethod: "anonymous",
 *     authprovider: "demo",
 *   };
 * }
 * const decision = hello({
 *   realm: "realm1",
 *   details: { roles: {}, authid: "alice" },
 *   sessionId: 1,
 * });
 * if (decision.kind !== "welcome" || decision.authid !== "alice") throw new Error();
 * ```
 */
export interface HelloContext {
  /** The realm the client asked for (it exists). */
  readonly realm: string;
  /** `HELLO.Details`: roles, authmethods, authid, authextra, ... */
  readonly details: HelloDetails;
  /** The transport's details, if it has any. */
  readonly transport?: TransportDetails;
  /** The session ID the session will get when welcomed. */
  readonly sessionId: number;
}

/**
 * The identity of a welcomed session (advanced profile "Authentication": WELCOME.Details).
 *
 * @example The identity a welcome decision carries
 * ```ts
 * import type { AuthDecision, SessionIdentity } from "@autobahn/autobahn/router";
 *
 * const identity: SessionIdentity = {
 *   authid: "alice",
 *   authrole: "user",
 *   authmethod: "ticket",
 *   authprovider: "static",
 * };
 * const decision: AuthDecision = { kind: "welcome", ...identity };
 * if (decision.kind !== "welcome") throw new Error("Expected a welcome");
 * ```
 */
export interface SessionIdentity {
  /** The authenticated ID. */
  readonly authid: string;
  /** The role the session acts under. */
  readonly authrole: string;
  /** The method that authenticated the session, e.g. `anonymous`. */
  readonly authmethod: string;
  /** Who authenticated the session, e.g. `static`. */
  readonly authprovider: string;
  /** Method-specific extra data for WELCOME.Details.authextra. */
  readonly authextra?: WampDict;
}

/**
 * An authenticator's answer: welcome the client, challenge it (CHALLENGE;
 * its AUTHENTICATE goes to {@linkcode Authenticator.authenticate}), or abort
 * with a reason URI such as `wamp.error.not_authorized`.
 *
 * @example Challenging, then aborting
 * ```ts
 * import type { AuthDecision } from "@autobahn/autobahn/router";
 *
 * const challenge: AuthDecision = { kind: "challenge", authMethod: "ticket" };
 * const deny: AuthDecision = { kind: "abort", reason: "wamp.error.not_authorized" };
 * const kinds = [challenge, deny].map((d) => d.kind);
 * if (kinds.join() !== "challenge,abort") throw new Error("Unexpected kinds");
 * ```
 */
export type AuthDecision =
  | ({ readonly kind: "welcome" } & SessionIdentity)
  | { readonly kind: "challenge"; readonly authMethod: string; readonly extra?: WampDict }
  | { readonly kind: "abort"; readonly reason: string; readonly message?: string };

/**
 * The authentication seam (advanced profile "Authentication"). Answers may be
 * synchronous or promises; while one is pending the session accepts nothing
 * but ABORT. The default is {@linkcode anonymousAuthenticator}.
 *
 * @example A ticket authenticator
 * ```ts
 * import { type Authenticator, Router } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { createInProcessPair } from "@autobahn/autobahn/transport";
 *
 * const authenticator: Authenticator = {
 *   hello: () => ({ kind: "challenge", authMethod: "ticket" }),
 *   authenticate: (ctx, msg) =>
 *     msg.signature === "secret!!!"
 *       ? {
 *         kind: "welcome",
 *         authid: String(ctx.details.authid),
 *         authrole: "user",
 *         authmethod: "ticket",
 *         authprovider: "demo",
 *       }
 *       : { kind: "abort", reason: "wamp.error.not_authorized" },
 * };
 * const router = new Router({ realms: ["realm1"], authenticator });
 * const [client, server] = createInProcessPair();
 * router.attach(server);
 * await using session = new Session(client);
 * const details = await session.join("realm1", {
 *   authid: "alice",
 *   onChallenge: () => "secret!!!",
 * });
 * if (details.authrole !== "user") throw new Error(`Unexpected role ${details.authrole}`);
 * ```
 */
export interface Authenticator {
  /** Decides on a HELLO. */
  hello(context: HelloContext): AuthDecision | Promise<AuthDecision>;
  /** Decides on an AUTHENTICATE answering an earlier challenge; absent means abort. */
  authenticate?(
    context: HelloContext,
    message: AuthenticateMessage,
  ): AuthDecision | Promise<AuthDecision>;
}

/**
 * Welcomes everyone as authrole `anonymous`, authmethod `anonymous`, with a
 * random authid (advanced profile "Authentication > Anonymous").
 *
 * @example
 * ```ts
 * import { anonymousAuthenticator } from "@autobahn/autobahn/router";
 * const d = anonymousAuthenticator.hello({
 *   realm: "realm1",
 *   details: { roles: {} },
 *   sessionId: 1,
 * });
 * ```
 */
export const anonymousAuthenticator: Authenticator = Object.freeze({
  hello(): AuthDecision {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    const authid = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return {
      kind: "welcome",
      authid,
      authrole: "anonymous",
      authmethod: "anonymous",
      authprovider: "static",
    };
  },
});

/**
 * An action an {@linkcode Authorizer} rules on.
 *
 * @example Ruling by action
 * ```ts
 * import type { AuthorizeAction } from "@autobahn/autobahn/router";
 *
 * const readOnly = (action: AuthorizeAction) => action === "call" || action === "subscribe";
 * if (readOnly("publish")) throw new Error("publish is not read-only");
 * ```
 */
export type AuthorizeAction = "call" | "register" | "publish" | "subscribe";

/**
 * Who asks, for an {@linkcode Authorizer}.
 *
 * @example Who asks
 * ```ts
 * import { allowAllAuthorizer, type AuthorizeSubject } from "@autobahn/autobahn/router";
 *
 * const subject: AuthorizeSubject = {
 *   session: 42,
 *   realm: "realm1",
 *   authid: "alice",
 *   authrole: "user",
 * };
 * if (allowAllAuthorizer.authorize(subject, "com.myapp.add2", "call", {}) !== true) {
 *   throw new Error();
 * }
 * ```
 */
export interface AuthorizeSubject {
  /** The session ID. */
  readonly session: number;
  /** The realm. */
  readonly realm: string;
  /** The session's authid. */
  readonly authid: string;
  /** The session's authrole. */
  readonly authrole: string;
}

/**
 * An authorizer's answer: `true`/`false`, or a dict whose `disclose` forces
 * (true) or forbids (false) disclosing the caller or publisher.
 *
 * @example Allowing, and forcing disclosure of the caller
 * ```ts
 * import type { AuthorizeDecision } from "@autobahn/autobahn/router";
 *
 * const decide = (uri: string): AuthorizeDecision =>
 *   uri.startsWith("com.myapp.audit.") ? { allow: true, disclose: true } : true;
 * const d = decide("com.myapp.audit.delete");
 * if (typeof d !== "object" || !d.disclose) throw new Error("Expected disclosure");
 * ```
 */
export type AuthorizeDecision = boolean | { readonly allow: boolean; readonly disclose?: boolean };

/**
 * The authorization seam. Synchronous answers keep routing synchronous; a
 * promise defers just that request. A denial fails the request with
 * `wamp.error.not_authorized`. The default allows everything.
 *
 * @example Publishing only to public topics
 * ```ts
 * import { type Authorizer, Router } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { createInProcessPair } from "@autobahn/autobahn/transport";
 *
 * const authorizer: Authorizer = {
 *   authorize: (_subject, uri, action) =>
 *     action !== "publish" || uri.startsWith("com.myapp.public."),
 * };
 * const router = new Router({ realms: [{ name: "realm1", authorizer }] });
 * const [client, server] = createInProcessPair();
 * router.attach(server);
 * await using session = new Session(client);
 * await session.join("realm1");
 * const denied = await session.publish("com.myapp.secret", [], {}, { acknowledge: true })
 *   .then(() => false, () => true);
 * if (!denied) throw new Error("Expected a denial");
 * ```
 */
export interface Authorizer {
  /** Rules on one action on one URI (for patterns, the pattern and its match policy). */
  authorize(
    subject: AuthorizeSubject,
    uri: string,
    action: AuthorizeAction,
    options: WampDict,
  ): AuthorizeDecision | Promise<AuthorizeDecision>;
}

/**
 * Allows every action.
 *
 * @example
 * ```ts
 * import { allowAllAuthorizer } from "@autobahn/autobahn/router";
 * allowAllAuthorizer.authorize(
 *   { session: 1, realm: "r", authid: "a", authrole: "x" },
 *   "a.b",
 *   "call",
 *   {},
 * );
 * ```
 */
export const allowAllAuthorizer: Authorizer = Object.freeze({
  authorize: (): AuthorizeDecision => true,
});

/**
 * Options of one realm.
 *
 * @example A realm with a smaller retention limit
 * ```ts
 * import { type RealmOptions, Router } from "@autobahn/autobahn/router";
 *
 * const realm: RealmOptions = { name: "realm1", maxRetainedTopics: 100 };
 * const router = new Router({ realms: [realm] });
 * if (router.getRealm("realm1")?.name !== "realm1") throw new Error("Realm not created");
 * ```
 */
export interface RealmOptions {
  /** The realm name (a URI). */
  readonly name: string;
  /** Rules on call/register/publish/subscribe; default: the router's, else allow all. */
  readonly authorizer?: Authorizer;
  /** Most topics that keep a retained event; the oldest is dropped beyond. Default 10,000. */
  readonly maxRetainedTopics?: number;
}

/**
 * Options of a {@linkcode Router}.
 *
 * @example Realms created on demand
 * ```ts
 * import { Router, type RouterOptions } from "@autobahn/autobahn/router";
 *
 * const options: RouterOptions = { autoCreateRealms: true, agent: "my-router/1.0" };
 * const router = new Router(options);
 * const realm = router.resolveRealm("com.example.tenant1");
 * if (realm?.name !== "com.example.tenant1" || router.agent !== "my-router/1.0") throw new Error();
 * ```
 */
export interface RouterOptions {
  /** Realms to create at once. */
  readonly realms?: readonly (string | RealmOptions)[];
  /**
   * Create a realm when a client asks for one that does not exist, instead
   * of aborting with `wamp.error.no_such_realm`. Default false.
   */
  readonly autoCreateRealms?: boolean;
  /** Decides who may join; default {@linkcode anonymousAuthenticator}. */
  readonly authenticator?: Authenticator;
  /** Default authorizer of realms without one; default allows everything. */
  readonly authorizer?: Authorizer;
  /** Clock and timers; default {@linkcode systemScheduler}. */
  readonly scheduler?: RouterScheduler;
  /** Structured logger; default no-op. */
  readonly logger?: Logger;
  /** `WELCOME.Details.agent`. Default `"Autobahn|TS router"`. */
  readonly agent?: string;
}
