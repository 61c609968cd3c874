/**
 * The sans-I/O WAMP client session: messages in, events and messages out. It
 * never awaits, starts no timer and touches no transport: a face (see
 * `session.ts`) feeds it received messages with {@linkcode SessionCore.receive},
 * drives it with the role methods (`call`, `publish`, ...), then sends
 * {@linkcode SessionCore.messagesToSend} and handles
 * {@linkcode SessionCore.eventsReceived}.
 *
 * Local handlers are opaque to the core: it stores what it is given (`EH`
 * for event handlers, `P` for procedures) and hands them back in events.
 *
 * @module
 */
import { MessageType } from "../wamp/codes.ts";
import {
  ApplicationError,
  applicationErrorFromUri,
  CanceledError,
  FeatureNotSupportedError,
  ProtocolError,
} from "../wamp/errors.ts";
import {
  AbortMessage,
  AuthenticateMessage,
  CallMessage,
  CancelMessage,
  ErrorMessage,
  type EventMessage,
  GoodbyeMessage,
  HelloMessage,
  type InterruptMessage,
  type InvocationMessage,
  type PublishedMessage,
  PublishMessage,
  type RegisteredMessage,
  RegisterMessage,
  type ResultMessage,
  type SubscribedMessage,
  SubscribeMessage,
  type UnregisteredMessage,
  UnregisterMessage,
  type UnsubscribedMessage,
  UnsubscribeMessage,
  type WampMessage,
  type WelcomeMessage,
  YieldMessage,
} from "../wamp/messages.ts";
import type { ChallengeMessage } from "../wamp/messages.ts";
import {
  type CallOptions as WireCallOptions,
  type CancelMode,
  Feature,
  type FeatureName,
  type HelloDetails,
  type PublishOptions as WirePublishOptions,
  type RegisterOptions as WireRegisterOptions,
  type RoleDetails,
  type SubscribeOptions as WireSubscribeOptions,
  type WampDict,
} from "../wamp/types.ts";
import { CloseUri, ErrorUri, type MatchPolicy } from "../wamp/uri.ts";
import { IdGenerator } from "../util/ids.ts";
import type { TransportDetails } from "../transport/message_transport.ts";
import { RegistrationTable } from "./registrations.ts";
import {
  kindOfErrorType,
  type RequestKind,
  RequestTable,
  SessionClosedError,
  SessionStateError,
} from "./requests.ts";
import { SubscriptionTable } from "./subscriptions.ts";
import {
  type Challenge,
  type EventDetails,
  eventDetailsFromWire,
  type InvocationInfo,
  invocationInfoFromWire,
  type Kwargs,
  type LeaveDetails,
  type SessionDetails,
  sessionDetailsFromWelcome,
  TRANSPORT_LOST,
} from "./types.ts";

/**
 * The roles and features this client announces in HELLO: exactly those that
 * the core and its face implement (advanced profile "Feature Announcement").
 */
export const CLIENT_ROLES: { readonly [role: string]: RoleDetails } = Object.freeze({
  caller: features(
    Feature.PROGRESSIVE_CALL_RESULTS,
    Feature.PROGRESSIVE_CALL_INVOCATIONS,
    Feature.CALL_TIMEOUT,
    Feature.CALL_CANCELING,
    Feature.CALLER_IDENTIFICATION,
  ),
  callee: features(
    Feature.PROGRESSIVE_CALL_RESULTS,
    Feature.PROGRESSIVE_CALL_INVOCATIONS,
    Feature.CALL_CANCELING,
    Feature.CALLER_IDENTIFICATION,
    Feature.PATTERN_BASED_REGISTRATION,
    Feature.SHARED_REGISTRATION,
    Feature.REGISTRATION_REVOCATION,
  ),
  publisher: features(
    Feature.PUBLISHER_EXCLUSION,
    Feature.PUBLISHER_IDENTIFICATION,
    Feature.SUBSCRIBER_BLACKWHITE_LISTING,
    Feature.EVENT_RETENTION,
  ),
  subscriber: features(
    Feature.PATTERN_BASED_SUBSCRIPTION,
    Feature.PUBLISHER_IDENTIFICATION,
    Feature.SUBSCRIPTION_REVOCATION,
    Feature.EVENT_RETENTION,
  ),
});

function features(...names: FeatureName[]): RoleDetails {
  return Object.freeze({
    features: Object.freeze(Object.fromEntries(names.map((n) => [n, true]))),
  });
}

/** The default `HELLO.Details.agent`. */
export const DEFAULT_AGENT = "Autobahn|TS";

/**
 * Session states: `idle` (no session; `join` allowed), `establishing` (HELLO
 * or AUTHENTICATE sent), `authenticating` (CHALLENGE received, waiting for
 * `authenticate`), `established`, `closing` (GOODBYE sent), `closed`
 * (transport gone or protocol violation; terminal).
 *
 * @example Checking the state of a session
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, type SessionState } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * const before: SessionState = session.state;
 * await session.join("realm1");
 * if (before !== "idle" || session.state !== "established") throw new Error(session.state);
 * ```
 */
export type SessionState =
  | "idle"
  | "establishing"
  | "authenticating"
  | "established"
  | "closing"
  | "closed";

/** What the core tells its face. `EH` and `P` are the opaque local handlers. */
export type SessionEvent<EH = unknown, P = unknown> =
  | { readonly type: "challenge"; readonly challenge: Challenge }
  | { readonly type: "joined"; readonly details: SessionDetails }
  | { readonly type: "join-failed"; readonly error: Error }
  | { readonly type: "left"; readonly details: LeaveDetails }
  | { readonly type: "protocol-violation"; readonly error: ProtocolError }
  | {
    readonly type: "call-progress";
    readonly requestId: number;
    readonly args: readonly unknown[];
    readonly kwargs: Kwargs;
  }
  | {
    readonly type: "call-result";
    readonly requestId: number;
    readonly args: readonly unknown[];
    readonly kwargs: Kwargs;
  }
  | { readonly type: "published"; readonly requestId: number; readonly publication: number }
  | {
    readonly type: "subscribed";
    readonly requestId: number;
    readonly subscription: number;
    readonly topic: string;
    readonly match: MatchPolicy;
    readonly handler: EH;
  }
  | { readonly type: "unsubscribed"; readonly requestId: number; readonly subscription: number }
  | {
    readonly type: "registered";
    readonly requestId: number;
    readonly registration: number;
    readonly procedure: string;
    readonly match: MatchPolicy;
    readonly handler: P;
  }
  | { readonly type: "unregistered"; readonly requestId: number; readonly registration: number }
  | {
    readonly type: "request-failed";
    readonly requestId: number;
    readonly kind: RequestKind;
    readonly error: Error;
  }
  | {
    readonly type: "subscription-ended";
    readonly subscription: number;
    readonly handlers: readonly EH[];
    readonly revoked: boolean;
    readonly reason?: string;
  }
  | {
    readonly type: "registration-ended";
    readonly registration: number;
    readonly handler: P;
    readonly revoked: boolean;
    readonly reason?: string;
  }
  | {
    readonly type: "event";
    readonly handlers: readonly EH[];
    readonly args: readonly unknown[];
    readonly kwargs: Kwargs;
    readonly details: EventDetails;
  }
  | {
    readonly type: "invocation";
    readonly requestId: number;
    readonly registration: number;
    readonly handler: P;
    readonly args: readonly unknown[];
    readonly kwargs: Kwargs;
    readonly info: InvocationInfo;
  }
  | {
    readonly type: "invocation-input";
    readonly requestId: number;
    readonly args: readonly unknown[];
    readonly kwargs: Kwargs;
    readonly final: boolean;
  }
  | {
    readonly type: "interrupt";
    readonly requestId: number;
    readonly mode: CancelMode;
    readonly reason?: string;
    /** True when the session ended (not an INTERRUPT from the dealer). */
    readonly sessionEnded: boolean;
  };

/** Options of {@linkcode SessionCore}. */
export interface SessionCoreOptions {
  /** The transport, reported in {@linkcode SessionDetails}. */
  readonly transport?: TransportDetails;
  /** `HELLO.Details.agent`. Default {@linkcode DEFAULT_AGENT}. */
  readonly agent?: string;
}

/** HELLO authentication fields of {@linkcode SessionCore.join}. */
export interface HelloAuth {
  /** Methods offered. */
  readonly authmethods?: readonly string[];
  /** Requested authid. */
  readonly authid?: string;
  /** Requested authrole. */
  readonly authrole?: string;
  /** Method-specific data. */
  readonly authextra?: WampDict;
}

/**
 * The sans-I/O client session state machine. Internal: no entry point
 * exports it (tests import `src/session/core.ts`), so this example is not run.
 *
 * @example Driving the core message by message
 * ```ts ignore
 * import { SessionCore } from "./core.ts";
 * import { WelcomeMessage } from "@autobahn/autobahn/wamp";
 *
 * const core = new SessionCore();
 * core.join("realm1");
 * core.messagesToSend(); // [HelloMessage]
 * core.receive(new WelcomeMessage({ session: 1, details: { roles: { dealer: {} } } }));
 * core.eventsReceived(); // [{ type: "joined", details: { realm: "realm1", session: 1, ... } }]
 * const id = core.call("com.myapp.add2", [2, 3], {}, {});
 * core.messagesToSend(); // [CallMessage]
 * ```
 */
export class SessionCore<EH = unknown, P = unknown> {
  #state: SessionState = "idle";
  #options: SessionCoreOptions;
  #ids = new IdGenerator();
  #out: WampMessage[] = [];
  #events: SessionEvent<EH, P>[] = [];
  #requests = new RequestTable<EH, P>();
  #subs = new SubscriptionTable<EH>();
  #regs = new RegistrationTable<P>();
  #realm = "";
  #details: SessionDetails | undefined;
  #leaveReason: string = CloseUri.NORMAL;
  #leaveMessage: string | undefined;
  #lastClose: LeaveDetails | undefined;

  /** Creates an idle session core. */
  constructor(options: SessionCoreOptions = {}) {
    this.#options = options;
  }

  /** The current state. */
  get state(): SessionState {
    return this.#state;
  }

  /** The session's details once joined; `undefined` before and after. */
  get details(): SessionDetails | undefined {
    return this.#details;
  }

  /** How the last session ended, if one did. */
  get lastClose(): LeaveDetails | undefined {
    return this.#lastClose;
  }

  /** Number of outstanding requests (for tests and diagnostics). */
  get outstandingRequests(): number {
    return this.#requests.size;
  }

  /**
   * True when messages or events are waiting: a cheap check before
   * {@linkcode SessionCore.messagesToSend} and {@linkcode SessionCore.eventsReceived}.
   */
  get hasPending(): boolean {
    return this.#out.length > 0 || this.#events.length > 0;
  }

  /** Returns and clears the messages to send, in order. */
  messagesToSend(): WampMessage[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /** Returns and clears the events produced, in order. */
  eventsReceived(): SessionEvent<EH, P>[] {
    const ev = this.#events;
    this.#events = [];
    return ev;
  }

  /** Whether the router announced `feature` for `role` in WELCOME. */
  routerSupports(role: "dealer" | "broker", feature: FeatureName): boolean {
    return this.#details?.routerRoles[role]?.features?.[feature] === true;
  }

  // -------------------------------------------------------------------------
  // Lifecycle

  /**
   * Sends HELLO (basic profile "HELLO").
   *
   * @throws {SessionStateError} unless idle.
   */
  join(realm: string, auth: HelloAuth = {}): void {
    if (this.#state !== "idle") {
      throw new SessionStateError(`Cannot join: the session is ${this.#state}`);
    }
    if (typeof realm !== "string") throw new TypeError("Cannot join: realm must be a string");
    this.#realm = realm;
    const details: Record<string, unknown> = {
      agent: this.#options.agent ?? DEFAULT_AGENT,
      roles: CLIENT_ROLES,
    };
    if (auth.authmethods !== undefined) details.authmethods = [...auth.authmethods];
    if (auth.authid !== undefined) details.authid = auth.authid;
    if (auth.authrole !== undefined) details.authrole = auth.authrole;
    if (auth.authextra !== undefined) details.authextra = auth.authextra;
    this.#state = "establishing";
    this.#send(new HelloMessage({ realm, details: details as HelloDetails }));
  }

  /**
   * Answers a CHALLENGE with AUTHENTICATE (advanced profile "Authentication").
   *
   * @throws {SessionStateError} unless a challenge is waiting.
   */
  authenticate(signature: string, extra: WampDict = {}): void {
    if (this.#state !== "authenticating") {
      throw new SessionStateError(`Cannot authenticate: the session is ${this.#state}`);
    }
    this.#state = "establishing";
    this.#send(new AuthenticateMessage({ signature, extra }));
  }

  /**
   * Gives up joining: sends ABORT with `reason` (e.g. when the challenge
   * handler failed). A no-op unless joining.
   */
  abortJoin(reason: string, message?: string): void {
    if (this.#state !== "establishing" && this.#state !== "authenticating") return;
    this.#send(new AbortMessage({ reason, details: message ? { message } : {} }));
    this.#end(
      { reason, message, initiator: "local" },
      false,
      new ApplicationError(reason, message ? [message] : []),
    );
  }

  /**
   * Starts closing the session with GOODBYE (basic profile "Session
   * Closing"); the `left` event follows the router's GOODBYE reply. While
   * joining, aborts instead. A no-op when there is no session.
   */
  leave(reason: string = CloseUri.CLOSE_REALM, message?: string): void {
    if (this.#state === "establishing" || this.#state === "authenticating") {
      this.abortJoin(reason, message);
      return;
    }
    if (this.#state !== "established") return;
    this.#state = "closing";
    this.#leaveReason = reason;
    this.#leaveMessage = message;
    this.#send(new GoodbyeMessage({ reason, details: message ? { message } : {} }));
  }

  /** The transport is gone: everything outstanding fails, the state becomes `closed`. */
  transportClosed(message?: string): void {
    if (this.#state === "closed") return;
    this.#end({ reason: TRANSPORT_LOST, message, initiator: "transport" }, true);
  }

  /**
   * The transport received something that is not a valid WAMP message: ABORT
   * with `wamp.error.protocol_violation` and end the session.
   */
  protocolError(error: ProtocolError): void {
    this.#violation(error.message, error);
  }

  // -------------------------------------------------------------------------
  // Caller

  /**
   * Sends CALL and returns its request ID (basic profile "CALL"). With
   * `progressive`, more argument chunks follow through
   * {@linkcode SessionCore.sendCallInput} (advanced profile "Progressive Call
   * Invocations").
   *
   * @throws {SessionClosedError} unless established.
   * @throws {FeatureNotSupportedError} for a progressive call when the dealer
   *   did not announce progressive call invocations (sending it would be a
   *   protocol error).
   */
  call(
    procedure: string,
    args: readonly unknown[] | undefined,
    kwargs: Kwargs | undefined,
    options: WireCallOptions,
    progressive = false,
  ): number {
    this.#requireEstablished("call");
    // Advanced profile "Progressive Call Invocations": a CALL with progress
    // when the dealer did not announce the feature MUST be treated as a protocol error.
    if (progressive && !this.routerSupports("dealer", Feature.PROGRESSIVE_CALL_INVOCATIONS)) {
      throw new FeatureNotSupportedError([
        "Cannot call: the dealer does not support progressive call invocations",
      ]);
    }
    const requestId = this.#ids.next();
    this.#requests.add({
      kind: "call",
      requestId,
      procedure,
      state: "active",
      inputOpen: progressive,
      progressive,
    });
    const opts = progressive ? { ...options, progress: true } : options;
    this.#send(new CallMessage({ requestId, procedure, options: opts, args, kwargs }));
    return requestId;
  }

  /**
   * Sends the next argument chunk of a progressive call; `final` closes the
   * input. Dropped when the call already failed locally.
   *
   * @throws {SessionStateError} when the call is not open for input.
   */
  sendCallInput(
    requestId: number,
    args: readonly unknown[] | undefined,
    kwargs: Kwargs | undefined,
    final: boolean,
  ): void {
    const r = this.#requests.get(requestId, "call");
    if (!r || !r.inputOpen) {
      throw new SessionStateError("Cannot send call input: the call is not open for input");
    }
    r.inputOpen = !final;
    if (r.state !== "active" || this.#state !== "established") return;
    // Advanced profile "Progressive Call Invocations": except for progress,
    // the options of the initiating CALL stay in effect; they are not repeated.
    this.#send(
      new CallMessage({
        requestId,
        procedure: r.procedure,
        options: final ? {} : { progress: true },
        args,
        kwargs,
      }),
    );
  }

  /**
   * Cancels a call (advanced profile "Call Canceling"): sends CANCEL with
   * `mode` and waits for the dealer's ERROR; when the dealer does not support
   * canceling, fails the call locally with {@linkcode CanceledError} and drops
   * its late reply. A no-op for a call that is not active.
   */
  cancel(requestId: number, mode: CancelMode = "killnowait"): void {
    const r = this.#requests.get(requestId, "call");
    if (!r || r.state !== "active") return;
    if (this.#state === "established" && this.routerSupports("dealer", Feature.CALL_CANCELING)) {
      r.state = "canceling";
      this.#send(new CancelMessage({ requestId, options: { mode } }));
      return;
    }
    r.state = "abandoned";
    this.#emit({
      type: "request-failed",
      requestId,
      kind: "call",
      error: new CanceledError(["Call canceled locally: the dealer does not support canceling"]),
    });
  }

  /**
   * Fails a call locally with `error` (e.g. a local timeout) and drops its
   * late reply; asks the dealer to cancel it (mode `killnowait`) when it can.
   */
  abandonCall(requestId: number, error: Error): void {
    const r = this.#requests.get(requestId, "call");
    if (!r || r.state === "abandoned") return;
    const wasActive = r.state === "active";
    r.state = "abandoned";
    this.#emit({ type: "request-failed", requestId, kind: "call", error });
    if (
      wasActive && this.#state === "established" &&
      this.routerSupports("dealer", Feature.CALL_CANCELING)
    ) {
      this.#send(new CancelMessage({ requestId, options: { mode: "killnowait" } }));
    }
  }

  // -------------------------------------------------------------------------
  // Publisher

  /**
   * Sends PUBLISH and returns its request ID (basic profile "PUBLISH"); a
   * `published` or `request-failed` event follows only with `acknowledge`.
   *
   * @throws {SessionClosedError} unless established.
   */
  publish(
    topic: string,
    args: readonly unknown[] | undefined,
    kwargs: Kwargs | undefined,
    options: WirePublishOptions,
  ): number {
    this.#requireEstablished("publish");
    const requestId = this.#ids.next();
    if (options.acknowledge === true) this.#requests.add({ kind: "publish", requestId, topic });
    this.#send(new PublishMessage({ requestId, topic, options, args, kwargs }));
    return requestId;
  }

  // -------------------------------------------------------------------------
  // Subscriber

  /**
   * Sends SUBSCRIBE for `handler` and returns its request ID.
   *
   * @throws {SessionClosedError} unless established.
   */
  subscribe(topic: string, options: WireSubscribeOptions, handler: EH): number {
    this.#requireEstablished("subscribe");
    const requestId = this.#ids.next();
    const match = options.match ?? "exact";
    this.#requests.add({ kind: "subscribe", requestId, topic, match, handler });
    this.#send(new SubscribeMessage({ requestId, topic, options }));
    return requestId;
  }

  /**
   * Detaches `handler` from a subscription. Returns the UNSUBSCRIBE request
   * ID when it was the last handler (the router is asked), else `undefined`
   * (done locally, or nothing to do).
   */
  unsubscribe(subscription: number, handler: EH): number | undefined {
    if (this.#state !== "established") return undefined;
    if (!this.#subs.detach(subscription, handler)) return undefined;
    const requestId = this.#ids.next();
    this.#requests.add({ kind: "unsubscribe", requestId, subscription });
    this.#send(new UnsubscribeMessage({ requestId, subscription }));
    return requestId;
  }

  // -------------------------------------------------------------------------
  // Callee

  /**
   * Sends REGISTER for `handler` and returns its request ID.
   *
   * @param concurrency Most invocations running at once; more are answered
   *   with `wamp.error.unavailable`.
   * @throws {SessionClosedError} unless established.
   */
  register(
    procedure: string,
    options: WireRegisterOptions,
    handler: P,
    concurrency?: number,
  ): number {
    this.#requireEstablished("register");
    const requestId = this.#ids.next();
    const match = options.match ?? "exact";
    this.#requests.add({ kind: "register", requestId, procedure, match, handler, concurrency });
    this.#send(new RegisterMessage({ requestId, procedure, options }));
    return requestId;
  }

  /** Sends UNREGISTER; returns its request ID, or `undefined` when there is nothing to do. */
  unregister(registration: number): number | undefined {
    if (this.#state !== "established") return undefined;
    const e = this.#regs.get(registration);
    if (!e || e.unregistering) return undefined;
    e.unregistering = true;
    const requestId = this.#ids.next();
    this.#requests.add({ kind: "unregister", requestId, registration });
    this.#send(new UnregisterMessage({ requestId, registration }));
    return requestId;
  }

  /**
   * Answers an invocation with YIELD; with `progress`, a progressive result
   * that is sent only when the caller asked for them (advanced profile
   * "Progressive Call Results"). Returns whether it was sent: an interrupted
   * or unknown invocation, or a session that is not established, drops it.
   */
  sendYield(
    requestId: number,
    args: readonly unknown[] | undefined,
    kwargs: Kwargs | undefined,
    progress = false,
  ): boolean {
    const inv = this.#regs.invocation(requestId);
    if (!inv || this.#state !== "established") return false;
    if (progress && !inv.receiveProgress) return false;
    if (!progress) this.#regs.finishInvocation(requestId);
    this.#send(
      new YieldMessage({ requestId, options: progress ? { progress: true } : {}, args, kwargs }),
    );
    return true;
  }

  /**
   * Answers an invocation with ERROR (basic profile "ERROR"). Returns whether
   * it was sent (see {@linkcode SessionCore.sendYield}).
   */
  sendInvocationError(
    requestId: number,
    error: string,
    args?: readonly unknown[],
    kwargs?: Kwargs,
  ): boolean {
    const inv = this.#regs.finishInvocation(requestId);
    if (!inv || this.#state !== "established") return false;
    this.#sendInvocationError(requestId, error, args, kwargs);
    return true;
  }

  /**
   * A message handed out by {@linkcode SessionCore.messagesToSend} could not
   * be sent (too large for the peer, or not serializable): the request it
   * belongs to fails with `error`; a YIELD becomes an ERROR.
   */
  failOutgoing(msg: WampMessage, error: Error): void {
    switch (msg.type) {
      case MessageType.CALL: {
        const r = this.#requests.get(msg.requestId, "call");
        if (!r || r.state === "abandoned") return;
        if (r.progressive) this.abandonCall(msg.requestId, error);
        else {
          this.#requests.take(msg.requestId, "call");
          this.#emit({ type: "request-failed", requestId: msg.requestId, kind: "call", error });
        }
        return;
      }
      case MessageType.PUBLISH:
      case MessageType.SUBSCRIBE:
      case MessageType.UNSUBSCRIBE:
      case MessageType.REGISTER:
      case MessageType.UNREGISTER: {
        const kind = kindOfErrorType(msg.type)!;
        if (this.#requests.take(msg.requestId, kind)) {
          this.#emit({ type: "request-failed", requestId: msg.requestId, kind, error });
        }
        return;
      }
      case MessageType.YIELD: {
        this.#regs.finishInvocation(msg.requestId);
        const uri = error instanceof ApplicationError ? error.error : "wamp.error.runtime_error";
        this.#sendInvocationError(msg.requestId, uri, [error.message]);
        return;
      }
      case MessageType.ERROR:
        // The error payload itself was too large: answer without it.
        if (
          msg.requestType === MessageType.INVOCATION &&
          msg.args.length + Object.keys(msg.kwargs).length > 0
        ) {
          this.#sendInvocationError(msg.requestId, msg.error);
        }
        return;
      default:
        return;
    }
  }

  // -------------------------------------------------------------------------
  // Receiving

  /** Processes one received message. */
  receive(msg: WampMessage): void {
    switch (this.#state) {
      case "closed":
        return;
      case "idle":
        this.#violation(`Unexpected ${name(msg)} message: no session is open`);
        return;
      case "establishing":
      case "authenticating":
        this.#receiveJoining(msg);
        return;
      case "established":
      case "closing":
        this.#receiveEstablished(msg);
        return;
    }
  }

  #receiveJoining(msg: WampMessage): void {
    switch (msg.type) {
      case MessageType.WELCOME:
        if (this.#state === "authenticating") break;
        this.#welcome(msg);
        return;
      case MessageType.CHALLENGE:
        if (this.#state === "authenticating") break;
        this.#challenge(msg);
        return;
      case MessageType.ABORT: {
        // Basic profile "ABORT": the router refuses the session.
        const message = typeof msg.details.message === "string" ? msg.details.message : undefined;
        this.#end(
          { reason: msg.reason, message, initiator: "router" },
          false,
          applicationErrorFromUri(msg.reason, message ? [message] : [], {}, {
            details: msg.details,
          }),
        );
        return;
      }
    }
    // Basic profile "Session Establishment": only WELCOME, ABORT (and CHALLENGE) may answer HELLO.
    this.#violation(`Unexpected ${name(msg)} message while joining`);
  }

  #welcome(msg: WelcomeMessage): void {
    this.#state = "established";
    this.#details = sessionDetailsFromWelcome(
      this.#realm,
      msg.session,
      msg.details,
      this.#options.transport,
    );
    this.#lastClose = undefined;
    this.#emit({ type: "joined", details: this.#details });
  }

  #challenge(msg: ChallengeMessage): void {
    this.#state = "authenticating";
    this.#emit({ type: "challenge", challenge: { method: msg.authMethod, extra: msg.extra } });
  }

  #receiveEstablished(msg: WampMessage): void {
    const closing = this.#state === "closing";
    switch (msg.type) {
      case MessageType.GOODBYE:
        if (closing) {
          // Our GOODBYE was answered (or both sides said goodbye at once).
          this.#end(
            { reason: this.#leaveReason, message: this.#leaveMessage, initiator: "local" },
            false,
          );
        } else {
          // Basic profile "GOODBYE": the peer replies with wamp.close.goodbye_and_out.
          this.#send(new GoodbyeMessage({ reason: CloseUri.GOODBYE_AND_OUT }));
          const message = typeof msg.details.message === "string" ? msg.details.message : undefined;
          this.#end({ reason: msg.reason, message, initiator: "router" }, false);
        }
        return;
      case MessageType.ABORT: {
        const message = typeof msg.details.message === "string" ? msg.details.message : undefined;
        this.#end({ reason: msg.reason, message, initiator: "router" }, false);
        return;
      }
      case MessageType.RESULT:
        return this.#result(msg);
      case MessageType.ERROR:
        return this.#error(msg);
      case MessageType.PUBLISHED:
        return this.#published(msg);
      case MessageType.SUBSCRIBED:
        return this.#subscribed(msg);
      case MessageType.UNSUBSCRIBED:
        return this.#unsubscribed(msg);
      case MessageType.EVENT:
        // After our GOODBYE, handlers are not called any more.
        if (!closing) this.#event(msg);
        return;
      case MessageType.REGISTERED:
        return this.#registered(msg);
      case MessageType.UNREGISTERED:
        return this.#unregistered(msg);
      case MessageType.INVOCATION:
        if (!closing) this.#invocation(msg);
        return;
      case MessageType.INTERRUPT:
        if (!closing) this.#interrupt(msg);
        return;
    }
    this.#violation(`Unexpected ${name(msg)} message in an established session`);
  }

  #result(msg: ResultMessage): void {
    const r = this.#requests.get(msg.requestId, "call");
    if (!r) return this.#violation(`RESULT for unknown call request ${msg.requestId}`);
    // Advanced profile "Progressive Call Results": RESULT.Details.progress marks a non-final result.
    if (msg.details.progress === true) {
      if (r.state !== "abandoned") {
        this.#emit({
          type: "call-progress",
          requestId: msg.requestId,
          args: msg.args,
          kwargs: msg.kwargs,
        });
      }
      return;
    }
    this.#requests.take(msg.requestId, "call");
    if (r.state === "abandoned") return;
    this.#emit({
      type: "call-result",
      requestId: msg.requestId,
      args: msg.args,
      kwargs: msg.kwargs,
    });
  }

  #error(msg: ErrorMessage): void {
    const kind = kindOfErrorType(msg.requestType);
    // A router never sends ERROR for an INVOCATION to a callee.
    if (!kind) return this.#violation(`ERROR for request type ${msg.requestType} sent to a client`);
    const r = this.#requests.take(msg.requestId, kind);
    if (!r) return this.#violation(`ERROR for unknown ${kind} request ${msg.requestId}`);
    if (r.kind === "call" && r.state === "abandoned") return;
    if (r.kind === "unsubscribe") this.#subs.delete(r.subscription);
    if (r.kind === "unregister") this.#regs.delete(r.registration);
    const error = applicationErrorFromUri(msg.error, msg.args, msg.kwargs, {
      details: msg.details,
    });
    this.#emit({ type: "request-failed", requestId: msg.requestId, kind, error });
  }

  #published(msg: PublishedMessage): void {
    if (!this.#requests.take(msg.requestId, "publish")) {
      return this.#violation(`PUBLISHED for unknown request ${msg.requestId}`);
    }
    this.#emit({ type: "published", requestId: msg.requestId, publication: msg.publication });
  }

  #subscribed(msg: SubscribedMessage): void {
    const r = this.#requests.take(msg.requestId, "subscribe");
    if (!r) return this.#violation(`SUBSCRIBED for unknown request ${msg.requestId}`);
    this.#subs.attach(msg.subscription, r.topic, r.match, r.handler);
    this.#emit({
      type: "subscribed",
      requestId: msg.requestId,
      subscription: msg.subscription,
      topic: r.topic,
      match: r.match,
      handler: r.handler,
    });
  }

  #unsubscribed(msg: UnsubscribedMessage): void {
    if (msg.isRevocation) {
      // Advanced profile "Subscription Revocation": request ID 0, details.subscription.
      const id = msg.details.subscription!;
      const e = this.#subs.delete(id);
      if (e && e.handlers.length > 0) {
        this.#emit({
          type: "subscription-ended",
          subscription: id,
          handlers: e.handlers,
          revoked: true,
          reason: msg.details.reason,
        });
      }
      return;
    }
    const r = this.#requests.take(msg.requestId, "unsubscribe");
    if (!r) return this.#violation(`UNSUBSCRIBED for unknown request ${msg.requestId}`);
    const e = this.#subs.get(r.subscription);
    if (e?.unsubscribing) this.#subs.delete(r.subscription);
    this.#emit({ type: "unsubscribed", requestId: msg.requestId, subscription: r.subscription });
  }

  #event(msg: EventMessage): void {
    const e = this.#subs.get(msg.subscription);
    if (!e) return this.#violation(`EVENT for unknown subscription ${msg.subscription}`);
    if (e.unsubscribing || e.handlers.length === 0) return;
    this.#emit({
      type: "event",
      handlers: e.handlers.slice(),
      args: msg.args,
      kwargs: msg.kwargs,
      details: eventDetailsFromWire(msg.details, msg.subscription, msg.publication, e.topic),
    });
  }

  #registered(msg: RegisteredMessage): void {
    const r = this.#requests.take(msg.requestId, "register");
    if (!r) return this.#violation(`REGISTERED for unknown request ${msg.requestId}`);
    this.#regs.add(msg.registration, r.procedure, r.match, r.handler, r.concurrency);
    this.#emit({
      type: "registered",
      requestId: msg.requestId,
      registration: msg.registration,
      procedure: r.procedure,
      match: r.match,
      handler: r.handler,
    });
  }

  #unregistered(msg: UnregisteredMessage): void {
    if (msg.isRevocation) {
      // Advanced profile "Registration Revocation": request ID 0, details.registration.
      const id = msg.details.registration!;
      const e = this.#regs.delete(id);
      if (e && !e.unregistering) {
        this.#emit({
          type: "registration-ended",
          registration: id,
          handler: e.handler,
          revoked: true,
          reason: msg.details.reason,
        });
      }
      return;
    }
    const r = this.#requests.take(msg.requestId, "unregister");
    if (!r) return this.#violation(`UNREGISTERED for unknown request ${msg.requestId}`);
    this.#regs.delete(r.registration);
    this.#emit({ type: "unregistered", requestId: msg.requestId, registration: r.registration });
  }

  #invocation(msg: InvocationMessage): void {
    const progress = msg.details.progress === true;
    const running = this.#regs.invocation(msg.requestId);
    if (running) {
      // Advanced profile "Progressive Call Invocations": later chunks carry the same request ID.
      if (!running.inputOpen) {
        return this.#violation(`INVOCATION ${msg.requestId} after its final chunk`);
      }
      running.inputOpen = progress;
      this.#emit({
        type: "invocation-input",
        requestId: msg.requestId,
        args: msg.args,
        kwargs: msg.kwargs,
        final: !progress,
      });
      return;
    }
    if (this.#regs.isAnsweredWithInputOpen(msg.requestId)) {
      if (!progress) this.#regs.forgetAnswered(msg.requestId);
      return;
    }
    const reg = this.#regs.get(msg.registration);
    if (!reg) {
      return this.#violation(`INVOCATION for unknown registration ${msg.registration}`);
    }
    const info = invocationInfoFromWire(msg.details, reg.procedure);
    this.#regs.startInvocation({
      requestId: msg.requestId,
      registration: reg.id,
      receiveProgress: info.receiveProgress,
      inputOpen: progress,
    });
    if (reg.concurrency !== undefined && reg.running > reg.concurrency) {
      // Advanced profile "Call Rerouting": a busy callee answers wamp.error.unavailable.
      this.#regs.finishInvocation(msg.requestId);
      this.#sendInvocationError(msg.requestId, ErrorUri.UNAVAILABLE, [
        `Procedure ${reg.procedure} is at its concurrency limit of ${reg.concurrency}`,
      ]);
      return;
    }
    this.#emit({
      type: "invocation",
      requestId: msg.requestId,
      registration: reg.id,
      handler: reg.handler,
      args: msg.args,
      kwargs: msg.kwargs,
      info,
    });
  }

  #interrupt(msg: InterruptMessage): void {
    const inv = this.#regs.finishInvocation(msg.requestId, false);
    if (!inv) return; // already answered: the interrupt crossed our reply
    const mode = msg.options.mode ?? "kill";
    this.#emit({
      type: "interrupt",
      requestId: msg.requestId,
      mode,
      reason: msg.options.reason,
      sessionEnded: false,
    });
    // Advanced profile "Call Canceling": with kill the dealer waits for the
    // callee's answer; we answer at once, since a JavaScript handler cannot be
    // stopped, only told (its signal is aborted). With killnowait any answer
    // is discarded, so none is sent.
    if (mode !== "killnowait") {
      this.#sendInvocationError(msg.requestId, ErrorUri.CANCELED, ["Invocation interrupted"]);
    }
  }

  // -------------------------------------------------------------------------
  // Internals

  #emit(event: SessionEvent<EH, P>): void {
    this.#events.push(event);
  }

  #send(msg: WampMessage): void {
    this.#out.push(msg);
  }

  #sendInvocationError(
    requestId: number,
    error: string,
    args?: readonly unknown[],
    kwargs?: Kwargs,
  ): void {
    this.#send(
      new ErrorMessage({ requestType: MessageType.INVOCATION, requestId, error, args, kwargs }),
    );
  }

  #requireEstablished(what: string): void {
    if (this.#state === "established") return;
    const reason = this.#lastClose?.reason ?? CloseUri.NORMAL;
    throw new SessionClosedError(reason, `Cannot ${what}: the session is ${this.#state}`);
  }

  #violation(text: string, error = new ProtocolError(text)): void {
    if (this.#state === "closed") return;
    this.#send(
      new AbortMessage({ reason: ErrorUri.PROTOCOL_VIOLATION, details: { message: text } }),
    );
    this.#end({
      reason: ErrorUri.PROTOCOL_VIOLATION,
      message: text,
      initiator: "protocol_violation",
    }, true);
    this.#emit({ type: "protocol-violation", error });
  }

  /**
   * Ends the session: every outstanding request fails, running invocations
   * are interrupted, subscriptions and registrations end; then `left` (or
   * `join-failed` when it never got established).
   */
  #end(close: LeaveDetails, terminal: boolean, joinError?: Error): void {
    const prev = this.#state;
    this.#state = terminal ? "closed" : "idle";
    if (prev === "idle" || prev === "closed") return;
    this.#lastClose = close;
    this.#details = undefined;
    const text = close.message ? `${close.reason}: ${close.message}` : close.reason;
    const lost = () =>
      new SessionClosedError(close.reason, `Session closed before the request completed (${text})`);
    for (const r of this.#requests.drain()) {
      if (r.kind === "call" && r.state === "abandoned") continue;
      this.#emit({ type: "request-failed", requestId: r.requestId, kind: r.kind, error: lost() });
    }
    const { registrations, invocations } = this.#regs.drain();
    for (const inv of invocations) {
      this.#emit({
        type: "interrupt",
        requestId: inv.requestId,
        mode: "killnowait",
        reason: close.reason,
        sessionEnded: true,
      });
    }
    for (const reg of registrations) {
      this.#emit({
        type: "registration-ended",
        registration: reg.id,
        handler: reg.handler,
        revoked: false,
      });
    }
    for (const sub of this.#subs.drain()) {
      if (sub.handlers.length === 0) continue;
      this.#emit({
        type: "subscription-ended",
        subscription: sub.id,
        handlers: sub.handlers,
        revoked: false,
      });
    }
    if (prev === "established" || prev === "closing") {
      this.#emit({ type: "left", details: close });
    } else {
      const error = joinError ??
        new SessionClosedError(close.reason, `Cannot join: session closed (${text})`);
      this.#emit({ type: "join-failed", error });
    }
  }
}

function name(msg: WampMessage): string {
  return msg.constructor.name.replace(/Message$/, "").toUpperCase();
}
