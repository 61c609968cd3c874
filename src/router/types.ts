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

/** What an {@linkcode Authenticator} learns about a joining client. */
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

/** The identity of a welcomed session (advanced profile "Authentication": WELCOME.Details). */
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
 */
export type AuthDecision =
  | ({ readonly kind: "welcome" } & SessionIdentity)
  | { readonly kind: "challenge"; readonly authMethod: string; readonly extra?: WampDict }
  | { readonly kind: "abort"; readonly reason: string; readonly message?: string };

/**
 * The authentication seam (advanced profile "Authentication"). Answers may be
 * synchronous or promises; while one is pending the session accepts nothing
 * but ABORT. The default is {@linkcode anonymousAuthenticator}.
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
 * const d = anonymousAuthenticator.hello({ realm: "realm1", details: { roles: {} }, sessionId: 1 });
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

/** An action an {@linkcode Authorizer} rules on. */
export type AuthorizeAction = "call" | "register" | "publish" | "subscribe";

/** Who asks, for an {@linkcode Authorizer}. */
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
 */
export type AuthorizeDecision = boolean | { readonly allow: boolean; readonly disclose?: boolean };

/**
 * The authorization seam. Synchronous answers keep routing synchronous; a
 * promise defers just that request. A denial fails the request with
 * `wamp.error.not_authorized`. The default allows everything.
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
 * allowAllAuthorizer.authorize({ session: 1, realm: "r", authid: "a", authrole: "x" }, "a.b", "call", {});
 * ```
 */
export const allowAllAuthorizer: Authorizer = Object.freeze({
  authorize: (): AuthorizeDecision => true,
});

/** Options of one realm. */
export interface RealmOptions {
  /** The realm name (a URI). */
  readonly name: string;
  /** Rules on call/register/publish/subscribe; default: the router's, else allow all. */
  readonly authorizer?: Authorizer;
  /** Most topics that keep a retained event; the oldest is dropped beyond. Default 10,000. */
  readonly maxRetainedTopics?: number;
}

/** Options of a {@linkcode Router}. */
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
