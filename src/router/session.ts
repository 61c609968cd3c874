/**
 * The router side of one WAMP session: the session state machine (basic
 * profile "Sessions > Session Statechart") over one transport. It opens the
 * session (HELLO → optional CHALLENGE/AUTHENTICATE → WELCOME or ABORT),
 * hands established-state messages to the realm's broker and dealer, and
 * closes it (GOODBYE, ABORT, transport loss).
 *
 * @module
 */
import { MessageType } from "../wamp/codes.ts";
import { ProtocolError } from "../wamp/errors.ts";
import type { WampMessage } from "../wamp/messages.ts";
import {
  AbortMessage,
  type AuthenticateMessage,
  ChallengeMessage,
  ErrorMessage,
  GoodbyeMessage,
  type HelloMessage,
  WelcomeMessage,
} from "../wamp/messages_session.ts";
import type { HelloDetails, WampDict } from "../wamp/types.ts";
import { CloseUri, ErrorUri, isValidUri } from "../wamp/uri.ts";
import { IdGenerator, newGlobalId } from "../util/ids.ts";
import type { Logger } from "../util/logger.ts";
import type { TransportCloseInfo, TransportDetails } from "../transport/message_transport.ts";
import type {
  AuthDecision,
  Authenticator,
  HelloContext,
  RouterTransport,
  SessionIdentity,
} from "./types.ts";
import type { Realm } from "./realm.ts";

/**
 * Where a router session is in its lifecycle (basic profile "Session
 * Statechart", router side).
 *
 * - `closed`: no WAMP session; waiting for HELLO.
 * - `authenticating`: HELLO received, waiting for the authenticator or AUTHENTICATE.
 * - `established`: WELCOME sent; routing.
 * - `shutting_down`: the router sent GOODBYE; waiting for the reply, other messages are ignored.
 * - `gone`: the transport is closed.
 *
 * @example The router-side state of a joined client
 * ```ts
 * import { type RouterSessionState, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const state: RouterSessionState | undefined = router.router.getRealm("realm1")!
 *   .getSession(session.id!)?.state;
 * if (state !== "established") throw new Error(`Unexpected state ${state}`);
 * ```
 */
export type RouterSessionState =
  | "closed"
  | "authenticating"
  | "established"
  | "shutting_down"
  | "gone";

/**
 * What a {@linkcode RouterSession} needs of its router.
 *
 * @example The router is the host of its sessions
 * ```ts
 * import { Router, type SessionHost } from "@autobahn/autobahn/router";
 *
 * const host: SessionHost = new Router({ realms: ["realm1"] });
 * if (host.resolveRealm("realm1")?.name !== "realm1") throw new Error("Realm not found");
 * if (host.resolveRealm("nope") !== undefined) throw new Error("Unexpected realm");
 * ```
 */
export interface SessionHost {
  /** Finds (or auto-creates) the realm a HELLO names. */
  resolveRealm(name: string): Realm | undefined;
  /** Decides on HELLO and AUTHENTICATE. */
  readonly authenticator: Authenticator;
  /** `WELCOME.Details.agent`. */
  readonly agent: string;
  /** Structured logger. */
  readonly logger: Logger;
  /** Called once when the session's transport is gone. */
  sessionGone(session: RouterSession): void;
}

/**
 * The result of {@linkcode RouterSession.send}: `undefined` when the message
 * was queued, `"closed"` when the transport is gone (its close notice
 * follows), or the error URI that describes why the message could not be
 * sent (`wamp.error.payload_size_exceeded`, `wamp.error.invalid_argument`).
 *
 * @example Reporting why a message was not sent
 * ```ts
 * import type { SendFailure } from "@autobahn/autobahn/router";
 *
 * const describe = (failure: SendFailure | undefined) =>
 *   failure === undefined ? "queued" : failure === "closed" ? "transport gone" : failure;
 * if (describe("wamp.error.payload_size_exceeded") !== "wamp.error.payload_size_exceeded") {
 *   throw new Error("Unexpected description");
 * }
 * ```
 */
export type SendFailure = "closed" | string;

/**
 * One client attached to the router. Created by `Router.attach`; the router
 * drives it, applications read it (meta API, authorizers, logging).
 *
 * @example Reading a client's identity on the router side
 * ```ts
 * import { type RouterSession, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1", { authid: "backend-1" });
 * const rs: RouterSession = router.router.getRealm("realm1")!.getSession(session.id!)!;
 * if (rs.authid !== "backend-1" || rs.authrole !== "trusted") throw new Error(rs.authid);
 * ```
 */
export class RouterSession {
  readonly #host: SessionHost;
  readonly #transport: RouterTransport;
  #state: RouterSessionState = "closed";
  #id = 0;
  #realm: Realm | undefined;
  #identity: SessionIdentity | undefined;
  #helloDetails: HelloDetails | undefined;
  #features = new Set<string>();
  #helloContext: HelloContext | undefined;
  #challengeSent = false;
  /** Bumped on every session (re)start so late authenticator answers are dropped. */
  #generation = 0;
  #outgoingIds = new IdGenerator();

  /**
   * Creates a session over `transport` and takes over its handler.
   *
   * @param host The router.
   * @param transport The message transport.
   */
  constructor(host: SessionHost, transport: RouterTransport) {
    this.#host = host;
    this.#transport = transport;
    transport.setHandler({
      onMessage: (msg) => this.#onMessage(msg),
      onProtocolError: (err) => this.#onProtocolError(err),
      onClose: (info) => this.#onClose(info),
    });
  }

  /** The session ID (global scope, random in [1, 2^53]); 0 before WELCOME. */
  get id(): number {
    return this.#id;
  }

  /** The lifecycle state. */
  get state(): RouterSessionState {
    return this.#state;
  }

  /** The realm joined, while established. */
  get realm(): Realm | undefined {
    return this.#realm;
  }

  /** The authenticated ID (empty before WELCOME). */
  get authid(): string {
    return this.#identity?.authid ?? "";
  }

  /** The role the session acts under (empty before WELCOME). */
  get authrole(): string {
    return this.#identity?.authrole ?? "";
  }

  /** The authentication method (empty before WELCOME). */
  get authmethod(): string {
    return this.#identity?.authmethod ?? "";
  }

  /** The authentication provider (empty before WELCOME). */
  get authprovider(): string {
    return this.#identity?.authprovider ?? "";
  }

  /** `HELLO.Details` of the current session, if any. */
  get helloDetails(): HelloDetails | undefined {
    return this.#helloDetails;
  }

  /** What the transport tells about itself, if anything. */
  get transportDetails(): TransportDetails | undefined {
    return this.#transport.details;
  }

  /**
   * Whether the client announced `feature` for `role` in HELLO (advanced
   * profile "Feature Announcement").
   */
  hasFeature(role: string, feature: string): boolean {
    return this.#features.has(`${role}.${feature}`);
  }

  /** The next router-to-client request ID (session scope: 1, 2, 3, ...), used for INVOCATION. */
  nextRequestId(): number {
    return this.#outgoingIds.next();
  }

  /**
   * Sends a message to the client.
   *
   * @returns `undefined` when queued, else a {@linkcode SendFailure}.
   */
  send(message: WampMessage): SendFailure | undefined {
    if (this.#state === "gone") return "closed";
    try {
      this.#transport.send(message);
      return undefined;
    } catch (err) {
      const reason = (err as { reason?: unknown })?.reason;
      if (reason === ErrorUri.PAYLOAD_SIZE_EXCEEDED) return ErrorUri.PAYLOAD_SIZE_EXCEEDED;
      if (err instanceof TypeError) return ErrorUri.INVALID_ARGUMENT;
      return "closed";
    }
  }

  /**
   * Closes the WAMP session from the router side with GOODBYE (basic profile
   * "Session Closing"); the session leaves its realm at once and ignores
   * everything but the client's GOODBYE reply. Used by `wamp.session.kill`
   * and router shutdown.
   *
   * @param reason The close reason URI. Default `wamp.close.normal`.
   * @param message A human-readable message for `GOODBYE.Details.message`.
   * @param silent Leave without meta events and testaments (`wamp.session.kill_all`).
   */
  goodbye(reason: string = CloseUri.NORMAL, message?: string, silent = false): void {
    if (this.#state !== "established") return;
    this.send(new GoodbyeMessage({ reason, details: message === undefined ? {} : { message } }));
    this.#state = "shutting_down";
    this.#leaveRealm(silent);
  }

  /**
   * Aborts the session with ABORT and closes the transport (basic profile
   * "ABORT": protocol violations, refused sessions).
   *
   * @param reason The reason URI, e.g. `wamp.error.protocol_violation`.
   * @param message A human-readable message.
   */
  abort(reason: string, message?: string): void {
    if (this.#state === "gone") return;
    this.send(new AbortMessage({ reason, details: message === undefined ? {} : { message } }));
    this.#leaveRealm(false);
    this.#state = "closed";
    this.#generation++;
    void this.#transport.close(1000, "");
  }

  // -- incoming -------------------------------------------------------------

  #onMessage(msg: WampMessage): void {
    try {
      switch (this.#state) {
        case "closed":
          return this.#onClosedState(msg);
        case "authenticating":
          return this.#onAuthenticatingState(msg);
        case "established":
          return this.#onEstablishedState(msg);
        case "shutting_down":
          // Basic profile "Session Statechart" (14): after sending GOODBYE,
          // other messages are ignored until the GOODBYE reply.
          if (msg.type === MessageType.GOODBYE) this.#state = "closed";
          return;
        case "gone":
          return;
      }
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.#log("warn", "Protocol violation", { error: err.message });
        this.abort(ErrorUri.PROTOCOL_VIOLATION, err.message);
      } else {
        this.#log("error", "Internal error while routing", { error: String(err) });
        this.abort("wamp.error.internal_error", "Internal router error");
      }
    }
  }

  #onProtocolError(err: ProtocolError): void {
    // The transport closes right after this call; the ABORT still goes out.
    this.#log("warn", "Protocol violation", { error: err.message });
    this.abort(ErrorUri.PROTOCOL_VIOLATION, err.message);
  }

  #onClose(_info: TransportCloseInfo): void {
    if (this.#state === "gone") return;
    this.#leaveRealm(false);
    this.#state = "gone";
    this.#generation++;
    this.#host.sessionGone(this);
  }

  #onClosedState(msg: WampMessage): void {
    if (msg.type === MessageType.HELLO) return this.#onHello(msg);
    // Basic profile "HELLO": the HELLO message MUST be the very first message.
    throw new ProtocolError(`Received ${messageName(msg)} before HELLO`);
  }

  #onAuthenticatingState(msg: WampMessage): void {
    if (msg.type === MessageType.ABORT) {
      this.#state = "closed";
      this.#generation++;
      void this.#transport.close(1000, "");
      return;
    }
    if (msg.type === MessageType.AUTHENTICATE && this.#challengeSent) {
      this.#challengeSent = false;
      const auth = this.#host.authenticator;
      const ctx = this.#helloContext!;
      if (!auth.authenticate) {
        return this.abort(ErrorUri.AUTHENTICATION_FAILED, "No authenticator for AUTHENTICATE");
      }
      return this.#decide(() => auth.authenticate!(ctx, msg as AuthenticateMessage));
    }
    // Basic profile "Session Statechart" (13): anything else while
    // establishing fails the session.
    throw new ProtocolError(`Received ${messageName(msg)} while the session is being established`);
  }

  /**
   * Basic profile "URIs": a PUBLISH, SUBSCRIBE, CALL or REGISTER with an
   * invalid URI is answered with ERROR `wamp.error.invalid_uri` (a PUBLISH
   * only when acknowledged); the session goes on.
   */
  #rejectInvalidUri(msg: WampMessage): boolean {
    let uri: string;
    let match: unknown = "exact";
    if (msg.type === MessageType.PUBLISH || msg.type === MessageType.SUBSCRIBE) {
      uri = msg.topic;
      if (msg.type === MessageType.SUBSCRIBE) match = msg.options.match;
    } else if (msg.type === MessageType.CALL || msg.type === MessageType.REGISTER) {
      uri = msg.procedure;
      if (msg.type === MessageType.REGISTER) match = msg.options.match;
    } else {
      return false;
    }
    if (
      isValidUri(uri, {
        allowEmptyComponents: match === "wildcard",
        allowLastEmpty: match === "prefix",
      })
    ) {
      return false;
    }
    if (msg.type !== MessageType.PUBLISH || msg.options.acknowledge === true) {
      this.send(
        new ErrorMessage({
          requestType: msg.type,
          requestId: msg.requestId,
          error: ErrorUri.INVALID_URI,
          args: [`invalid URI ${JSON.stringify(uri)}`],
        }),
      );
    }
    return true;
  }

  #onEstablishedState(msg: WampMessage): void {
    const realm = this.#realm!;
    if (this.#rejectInvalidUri(msg)) return;
    switch (msg.type) {
      case MessageType.PUBLISH:
        return realm.broker.publish(this, msg);
      case MessageType.SUBSCRIBE:
        return realm.broker.subscribe(this, msg);
      case MessageType.UNSUBSCRIBE:
        return realm.broker.unsubscribe(this, msg);
      case MessageType.CALL:
        return realm.dealer.call(this, msg);
      case MessageType.CANCEL:
        return realm.dealer.cancel(this, msg);
      case MessageType.YIELD:
        return realm.dealer.yieldResult(this, msg);
      case MessageType.REGISTER:
        return realm.dealer.register(this, msg);
      case MessageType.UNREGISTER:
        return realm.dealer.unregister(this, msg);
      case MessageType.ERROR:
        // Basic profile "Calling and Invocations": a callee answers an
        // INVOCATION with ERROR; no other client-sent ERROR exists.
        if (msg.requestType !== MessageType.INVOCATION) {
          throw new ProtocolError(`Received ERROR for request type ${msg.requestType}`);
        }
        return realm.dealer.invocationError(this, msg);
      case MessageType.GOODBYE:
        // Basic profile "GOODBYE": a GOODBYE must be replied to.
        this.send(new GoodbyeMessage({ reason: CloseUri.GOODBYE_AND_OUT }));
        this.#leaveRealm(false);
        this.#state = "closed";
        return;
      case MessageType.ABORT:
        this.#leaveRealm(false);
        this.#state = "closed";
        void this.#transport.close(1000, "");
        return;
      case MessageType.HELLO:
        // Basic profile "HELLO": a second HELLO is a protocol error.
        throw new ProtocolError("Received HELLO message after session was established");
      default:
        // WELCOME, CHALLENGE, AUTHENTICATE, EVENT, RESULT, INVOCATION, ... are
        // never sent by a client to a router.
        throw new ProtocolError(`Received ${messageName(msg)}, which a router never accepts`);
    }
  }

  #onHello(msg: HelloMessage): void {
    const realm = this.#host.resolveRealm(msg.realm);
    if (!realm) {
      // Basic profile "WELCOME" note: a router may deny a realm that does not exist.
      return this.abort(ErrorUri.NO_SUCH_REALM, `The realm "${msg.realm}" does not exist`);
    }
    this.#state = "authenticating";
    this.#generation++;
    this.#helloDetails = msg.details;
    this.#helloContext = {
      realm: msg.realm,
      details: msg.details,
      transport: this.#transport.details,
      // Basic profile "WELCOME": the session ID MUST be randomly generated.
      sessionId: newGlobalId(),
    };
    const auth = this.#host.authenticator;
    const ctx = this.#helloContext;
    this.#decide(() => auth.hello(ctx));
  }

  #decide(ask: () => AuthDecision | Promise<AuthDecision>): void {
    const generation = this.#generation;
    let decision: AuthDecision | Promise<AuthDecision>;
    try {
      decision = ask();
    } catch (err) {
      return this.abort(ErrorUri.AUTHENTICATION_FAILED, String((err as Error)?.message ?? err));
    }
    if (decision instanceof Promise) {
      decision.then(
        (d) => {
          if (generation === this.#generation && this.#state === "authenticating") this.#apply(d);
        },
        (err) => {
          if (generation === this.#generation && this.#state === "authenticating") {
            this.abort(ErrorUri.AUTHENTICATION_FAILED, String((err as Error)?.message ?? err));
          }
        },
      );
    } else {
      this.#apply(decision);
    }
  }

  #apply(d: AuthDecision): void {
    switch (d.kind) {
      case "abort":
        return this.abort(d.reason, d.message);
      case "challenge":
        this.#challengeSent = true;
        this.send(new ChallengeMessage({ authMethod: d.authMethod, extra: d.extra ?? {} }));
        return;
      case "welcome":
        return this.#welcome(d);
    }
  }

  #welcome(identity: SessionIdentity): void {
    const ctx = this.#helloContext!;
    const realm = this.#host.resolveRealm(ctx.realm);
    if (!realm) {
      return this.abort(ErrorUri.NO_SUCH_REALM, `The realm "${ctx.realm}" does not exist`);
    }
    this.#id = ctx.sessionId;
    this.#identity = {
      authid: identity.authid,
      authrole: identity.authrole,
      authmethod: identity.authmethod,
      authprovider: identity.authprovider,
      authextra: identity.authextra,
    };
    this.#features = announcedFeatures(ctx.details);
    this.#outgoingIds = new IdGenerator();
    this.#state = "established";
    const details: WampDict = {
      realm: realm.name,
      authid: identity.authid,
      authrole: identity.authrole,
      authmethod: identity.authmethod,
      authprovider: identity.authprovider,
      ...(identity.authextra ? { authextra: identity.authextra } : {}),
      agent: this.#host.agent,
      roles: realm.roles,
    };
    this.send(new WelcomeMessage({ session: this.#id, details: details as never }));
    this.#realm = realm;
    realm.join(this);
    this.#log("info", "Session joined", { realm: realm.name, authid: identity.authid });
  }

  #leaveRealm(silent: boolean): void {
    const realm = this.#realm;
    if (!realm) return;
    this.#realm = undefined;
    realm.leave(this, silent);
    this.#log("info", "Session left", { realm: realm.name });
  }

  #log(level: "info" | "warn" | "error", message: string, props: Record<string, unknown>): void {
    const logger = this.#host.logger;
    if (!logger.enabled[level]) return;
    logger.log(level, "router.session", message, {
      session: this.#id,
      peer: this.#transport.details?.peer,
      ...props,
    });
  }
}

function messageName(msg: WampMessage): string {
  return msg.constructor.name.replace(/Message$/, "").toUpperCase();
}

/** `role.feature` keys of every feature announced `true` in HELLO. */
function announcedFeatures(details: HelloDetails): Set<string> {
  const out = new Set<string>();
  for (const [role, roleDetails] of Object.entries(details.roles ?? {})) {
    const features = roleDetails?.features;
    if (!features) continue;
    for (const [f, on] of Object.entries(features)) if (on === true) out.add(`${role}.${f}`);
  }
  return out;
}
