/**
 * Outstanding requests of a session (CALL, PUBLISH with acknowledgement,
 * SUBSCRIBE, UNSUBSCRIBE, REGISTER, UNREGISTER), keyed by request ID, and the
 * errors they fail with when they cannot complete.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";
import { type ErrorRequestType, MessageType } from "../wamp/codes.ts";
import type { MatchPolicy } from "../wamp/uri.ts";

/**
 * The session is not established, or it ended (left, aborted, protocol
 * violation, transport lost) while the request was outstanding. Every
 * outstanding request fails with it; none is left hanging.
 *
 * @example
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, SessionClosedError } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.leave();
 * try {
 *   await session.call("com.myapp.slow");
 * } catch (e) {
 *   if (!(e instanceof SessionClosedError)) throw e;
 *   console.log("session gone:", e.reason);
 * }
 * ```
 */
export class SessionClosedError extends AutobahnError {
  /** The close reason URI (`wamp.close.*`, `wamp.error.*` or `wamp.close.transport_lost`). */
  readonly reason: string;

  /**
   * Creates the error.
   *
   * @param reason The close reason URI.
   * @param message What could not complete.
   */
  constructor(reason: string, message: string, options?: ErrorOptions) {
    super("session_closed", message, options);
    this.reason = reason;
  }
}

/**
 * Local misuse: an operation that the session's state does not allow (join twice, authenticate unasked).
 *
 * @example Joining twice
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, SessionStateError } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const second = await session.join("realm1").catch((e) => e);
 * if (!(second instanceof SessionStateError)) throw new Error("Expected SessionStateError");
 * ```
 */
export class SessionStateError extends AutobahnError {
  /**
   * Creates the error.
   *
   * @param message What was attempted.
   */
  constructor(message: string, options?: ErrorOptions) {
    super("invalid_state", message, options);
  }
}

/** An outstanding CALL. */
export interface PendingCall {
  /** Kind tag. */
  readonly kind: "call";
  /** The request ID. */
  readonly requestId: number;
  /** The procedure URI. */
  readonly procedure: string;
  /**
   * `active`: waiting for RESULT/ERROR; `canceling`: CANCEL sent, still
   * waiting; `abandoned`: already failed locally, a late reply is dropped.
   */
  state: "active" | "canceling" | "abandoned";
  /** More argument chunks may follow (progressive call invocations). */
  inputOpen: boolean;
  /** The call sends its arguments in chunks. */
  readonly progressive: boolean;
}

/** An outstanding PUBLISH with `acknowledge: true`. */
export interface PendingPublish {
  /** Kind tag. */
  readonly kind: "publish";
  /** The request ID. */
  readonly requestId: number;
  /** The topic. */
  readonly topic: string;
}

/** An outstanding SUBSCRIBE. */
export interface PendingSubscribe<EH> {
  /** Kind tag. */
  readonly kind: "subscribe";
  /** The request ID. */
  readonly requestId: number;
  /** The topic or pattern. */
  readonly topic: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** The local handler to attach. */
  readonly handler: EH;
}

/** An outstanding UNSUBSCRIBE. */
export interface PendingUnsubscribe {
  /** Kind tag. */
  readonly kind: "unsubscribe";
  /** The request ID. */
  readonly requestId: number;
  /** The subscription ID. */
  readonly subscription: number;
}

/** An outstanding REGISTER. */
export interface PendingRegister<P> {
  /** Kind tag. */
  readonly kind: "register";
  /** The request ID. */
  readonly requestId: number;
  /** The procedure URI or pattern. */
  readonly procedure: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** The local procedure to attach. */
  readonly handler: P;
  /** Local concurrency limit, if any. */
  readonly concurrency?: number;
}

/** An outstanding UNREGISTER. */
export interface PendingUnregister {
  /** Kind tag. */
  readonly kind: "unregister";
  /** The request ID. */
  readonly requestId: number;
  /** The registration ID. */
  readonly registration: number;
}

/** Any outstanding request. */
export type PendingRequest<EH, P> =
  | PendingCall
  | PendingPublish
  | PendingSubscribe<EH>
  | PendingUnsubscribe
  | PendingRegister<P>
  | PendingUnregister;

/**
 * The kind of an outstanding request.
 *
 * @example Naming the kind of a request
 * ```ts
 * import type { RequestKind } from "@autobahn/autobahn/session";
 *
 * const kinds: RequestKind[] = ["call", "publish", "subscribe", "register"];
 * if (!kinds.includes("call")) throw new Error("Missing kind");
 * ```
 */
export type RequestKind =
  | "call"
  | "publish"
  | "subscribe"
  | "unsubscribe"
  | "register"
  | "unregister";

const KIND_OF_ERROR_TYPE: ReadonlyMap<number, RequestKind> = new Map<number, RequestKind>([
  [MessageType.CALL, "call"],
  [MessageType.PUBLISH, "publish"],
  [MessageType.SUBSCRIBE, "subscribe"],
  [MessageType.UNSUBSCRIBE, "unsubscribe"],
  [MessageType.REGISTER, "register"],
  [MessageType.UNREGISTER, "unregister"],
]);

/**
 * The request kind an ERROR with `requestType` answers on the client side
 * (basic profile "ERROR"); `undefined` for INVOCATION, which a client never
 * receives an ERROR for.
 */
export function kindOfErrorType(requestType: ErrorRequestType): RequestKind | undefined {
  return KIND_OF_ERROR_TYPE.get(requestType);
}

/** Outstanding requests by ID. */
export class RequestTable<EH, P> {
  #requests = new Map<number, PendingRequest<EH, P>>();

  /** Number of outstanding requests (abandoned calls included). */
  get size(): number {
    return this.#requests.size;
  }

  /** Adds a request. */
  add(request: PendingRequest<EH, P>): void {
    this.#requests.set(request.requestId, request);
  }

  /** Returns the request with `requestId` if it is of `kind`. */
  get<K extends RequestKind>(
    requestId: number,
    kind: K,
  ): Extract<PendingRequest<EH, P>, { kind: K }> | undefined {
    const r = this.#requests.get(requestId);
    return r && r.kind === kind ? r as Extract<PendingRequest<EH, P>, { kind: K }> : undefined;
  }

  /** Removes and returns the request with `requestId` if it is of `kind`. */
  take<K extends RequestKind>(
    requestId: number,
    kind: K,
  ): Extract<PendingRequest<EH, P>, { kind: K }> | undefined {
    const r = this.get(requestId, kind);
    if (r) this.#requests.delete(requestId);
    return r;
  }

  /** Removes and returns every request. */
  drain(): PendingRequest<EH, P>[] {
    const all = [...this.#requests.values()];
    this.#requests.clear();
    return all;
  }
}
