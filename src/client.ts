/**
 * The WAMP client of Autobahn|TS for browsers (and Bun, Deno or any runtime
 * with a platform `WebSocket`), small enough to ship to a web page: a
 * {@linkcode Component} with {@linkcode run}, the promise-based
 * {@linkcode Session} with its errors and types, the platform-`WebSocket`
 * transport, the JSON serializer, and anonymous and ticket authentication.
 *
 * Nothing here touches `Deno` when loaded, and the WebSocket engine,
 * RawSocket, the router, compression and the crypto libraries stay out of a
 * bundle. Components built from this entry connect with the platform
 * `WebSocket` ({@linkcode platformConnector}) and offer the serializers this
 * build speaks.
 *
 * More serializers and authentication methods are opt-in; import their
 * module once, next to this one, and components use them:
 *
 * - `@autobahn/autobahn/client/msgpack`, `/client/cbor`, `/client/ubjson`
 * - `@autobahn/autobahn/client/wampcra`, `/client/cryptosign`, `/client/scram`
 * - `@autobahn/autobahn/client/all`: everything above plus this entry.
 *
 * @example
 * ```ts ignore
 * import { Component, run } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/msgpack";
 *
 * const comp = new Component({ transports: "ws://localhost:8080/ws", realm: "realm1" });
 * comp.onJoin(async (session) => {
 *   console.log(await session.call("com.example.add2", [2, 3])); // 5
 *   await session.subscribe("com.example.tick", ([n]) => console.log("tick", n));
 * });
 * await run(comp);
 * ```
 *
 * @module
 */

// The component.
export {
  Component,
  type ComponentEvents,
  type ComponentOptions,
  type Connector,
  defaultIsFatal,
  platformConnector,
  RetriesExhaustedError,
  type SessionFactory,
} from "./component/component.ts";
export {
  type AnonymousAuthConfig,
  type AuthenticationConfig,
  type AuthMethodBuilder,
  type AuthMethodContribution,
  type EndpointConfig,
  type NormalizedTransport,
  registerAuthMethod,
  type TicketAuthConfig,
  type TransportConfig,
  type TransportOptions,
} from "./component/config.ts";
export type { Clock, RetryOptions } from "./component/reconnect.ts";
export { run, type RunOptions } from "./component/run.ts";
export {
  ApplicationRunner,
  type ApplicationRunnerOptions,
  ApplicationSession,
  type ComponentConfig,
  ComponentHandlerError,
  type SessionMaker,
} from "./component/application_session.ts";

// The session.
export type { SessionState } from "./session/core.ts";
export {
  type ChunkedCall,
  type EventsOptions,
  type ProgressiveCall,
  RUNTIME_ERROR,
  Session,
  type SessionOptions,
} from "./session/session.ts";
export { Registration, type RegistrationOwner } from "./session/registrations.ts";
export { Subscription, type SubscriptionOwner } from "./session/subscriptions.ts";
export { type RequestKind, SessionClosedError, SessionStateError } from "./session/requests.ts";
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
} from "./session/types.ts";

// Errors.
export { AutobahnError } from "./errors.ts";
export {
  ApplicationError,
  applicationErrorFromUri,
  type ApplicationErrorOptions,
  CanceledError,
  FeatureNotSupportedError,
  InvalidArgumentError,
  InvalidUriError,
  NoAvailableCalleeError,
  NoSuchProcedureError,
  NoSuchRegistrationError,
  NoSuchSubscriptionError,
  NotAuthorizedError,
  PayloadSizeExceededError,
  ProcedureAlreadyExistsError,
  ProtocolError,
  TimeoutError,
  WampError,
  type WellKnownErrorClass,
} from "./wamp/errors.ts";

// The platform WebSocket transport and the serializers.
export {
  type BrowserWebSocketOptions,
  connectBrowserWebSocket,
  type PlatformSerializerFactory,
  platformSerializers,
  registerPlatformSerializer,
} from "./transport/browser_websocket.ts";
export {
  type MessageTransport,
  type MessageTransportHandler,
  SerializerNegotiationError,
  TransportClosedError,
  type TransportCloseInfo,
  type TransportConnectOptions,
  type TransportDetails,
  TransportError,
  type TransportKind,
} from "./transport/message_transport.ts";
export { JsonSerializer } from "./wamp/serializers/json.ts";
export type {
  CallOptions as WireCallOptions,
  CancelOptions,
  CloseDetails,
  ErrorDetails,
  EventDetails as WireEventDetails,
  HelloDetails,
  InvocationDetails,
  PublishOptions as WirePublishOptions,
  RegisterOptions as WireRegisterOptions,
  ResultDetails,
  RoleDetails,
  SubscribeOptions as WireSubscribeOptions,
  UnregisteredDetails,
  UnsubscribedDetails,
  WelcomeDetails,
  YieldOptions,
} from "./wamp/types.ts";
export type { ConnectionRequest, ExtensionOffer, RawHeader } from "./websocket/types.ts";
export type { PeerAddress } from "./transport/types.ts";

// WAMP messages and codes (for transports used directly).
export * from "./wamp/messages.ts";
export {
  type ErrorRequestType,
  MessageType,
  type MessageTypeCode,
  type MessageTypeName,
} from "./wamp/codes.ts";
export type { ParseOptions } from "./wamp/validate.ts";
export { CloseUri, type CloseUriValue, ErrorUri, type ErrorUriValue } from "./wamp/uri.ts";
export type {
  Serializer,
  SerializerName,
  SerializerOptions,
} from "./wamp/serializers/serializer.ts";

// Logging.
export {
  consoleSink,
  createLogger,
  type EnabledLevels,
  type LevelLogger,
  type Logger,
  type LogLevel,
  type LogProperties,
  type LogRecord,
  type LogSink,
  noopLogger,
} from "./util/logger.ts";
