/**
 * The WAMP client session of Autobahn|TS: all four roles (caller, callee,
 * publisher, subscriber) over any {@linkcode MessageTransport}, as promises,
 * `AbortSignal` cancellation and async iterables, on top of a sans-I/O
 * session core (`core.ts`) that tests and other faces drive message by
 * message.
 *
 * @example Registering and calling a typed procedure
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { procedure, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const add2 = procedure<[number, number], number>("com.myapp.add2");
 * // Any MessageTransport works, e.g. `await connectTransport("ws://127.0.0.1:8080/ws")`.
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register(add2, ([a, b]) => a + b);
 * console.log(await session.call(add2, [2, 3])); // 5
 * ```
 *
 * @module
 */

export { type SessionState } from "./core.ts";
export {
  type ChunkedCall,
  type EventsOptions,
  type ProgressiveCall,
  RUNTIME_ERROR,
  Session,
  type SessionOptions,
} from "./session.ts";
export { Registration, type RegistrationOwner } from "./registrations.ts";
export { Subscription, type SubscriptionOwner } from "./subscriptions.ts";
export { type RequestKind, SessionClosedError, SessionStateError } from "./requests.ts";
export {
  type AnyArgs,
  type AnyKwargs,
  type CallDetails,
  type CallOptions,
  CallResult,
  type CancelMode,
  type Challenge,
  type ChallengeHandler,
  type ChallengeResponse,
  type EventDetails,
  type EventHandler,
  type HandlerResult,
  type InvocationInfo,
  type InvokePolicy,
  type JoinOptions,
  type Kwargs,
  type LeaveDetails,
  type LeaveInitiator,
  type MatchPolicy,
  packResult,
  type Procedure,
  procedure,
  type ProcedureHandler,
  type Publication,
  type PublishOptions,
  type RegisterOptions,
  type SessionDetails,
  type SubscribeOptions,
  type Topic,
  topic,
  TRANSPORT_LOST,
  unpackResult,
  type WampDict,
  type WampEvent,
} from "./types.ts";
export type {
  MessageTransport,
  MessageTransportHandler,
  TransportCloseInfo,
  TransportDetails,
  TransportKind,
} from "../transport/message_transport.ts";
export type { RoleDetails } from "../wamp/types.ts";
export type { SerializerName } from "../wamp/serializers/serializer.ts";
export type { Logger, LogLevel, LogProperties } from "../util/logger.ts";
export { AutobahnError } from "../errors.ts";
export * from "../wamp/mod.ts";
export type {
  CallOptions as WireCallOptions,
  EventDetails as WireEventDetails,
  PublishOptions as WirePublishOptions,
  RegisterOptions as WireRegisterOptions,
  SubscribeOptions as WireSubscribeOptions,
} from "../wamp/types.ts";
export type * from "../websocket/types.ts";
