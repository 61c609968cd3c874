/**
 * The embedded WAMP router core of Autobahn|TS: realms, router-side
 * sessions, the broker (PubSub) and the dealer (RPC) with the advanced
 * profile features, and the meta API. It is transport-agnostic: attach any
 * message transport (WebSocket, RawSocket, in-process) with
 * {@linkcode Router.attach}.
 *
 * @example Attaching a transport to the router core
 * ```ts
 * import { Router } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { createInProcessPair } from "@autobahn/autobahn/transport";
 *
 * const router = new Router({ realms: ["realm1"] });
 * const [client, server] = createInProcessPair();
 * router.attach(server); // a listener does this for each accepted WAMP transport
 * await using session = new Session(client);
 * const details = await session.join("realm1");
 * if (details.realm !== "realm1") throw new Error("Not joined");
 * ```
 *
 * @example Listeners from a Crossbar-style config
 * With a config object, a file path, or nothing for realm `realm1` on
 * `ws://127.0.0.1:8080/ws` (here on a free port instead of 8080):
 *
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter(undefined, { ephemeralPorts: true });
 * console.log(router.transports.map((t) => t.url)); // ["ws://127.0.0.1:<port>/ws"]
 * ```
 *
 * @module
 */

export { Router, ROUTER_AGENT } from "./router.ts";
export { BROKER_FEATURES, DEALER_FEATURES, Realm, type RealmContext } from "./realm.ts";
export {
  RouterSession,
  type RouterSessionState,
  type SendFailure,
  type SessionHost,
} from "./session.ts";
export {
  Broker,
  type BrokerOptions,
  DEFAULT_MAX_RETAINED_TOPICS,
  type Subscription,
  type Testament,
  type TestamentScope,
} from "./broker.ts";
export { Dealer, type InvokePolicy, type Registration, type RegistrationCallee } from "./dealer.ts";
export { META_PROCEDURES, type MetaOutcome } from "./meta.ts";
export { UriMatcher } from "./matcher.ts";
export {
  allowAllAuthorizer,
  anonymousAuthenticator,
  type AuthDecision,
  type Authenticator,
  type AuthorizeAction,
  type AuthorizeDecision,
  type Authorizer,
  type AuthorizeSubject,
  type HelloContext,
  type RealmOptions,
  type RouterOptions,
  type RouterScheduler,
  type RouterTransport,
  type SessionIdentity,
  systemScheduler,
} from "./types.ts";

// Types the router API mentions, re-exported so this entry point documents them.
export type { EnabledLevels, Logger, LogLevel, LogProperties } from "../util/logger.ts";
export type * from "../wamp/mod.ts";
export type {
  MessageTransportHandler,
  TransportCloseInfo,
  TransportDetails,
  TransportKind,
} from "../transport/message_transport.ts";
export type { ConnectionRequest, ExtensionOffer, RawHeader } from "../websocket/types.ts";
export type { PeerAddress } from "../transport/types.ts";
export {
  type AnonymousAuthConfig,
  type AuthConfig,
  ConfigError,
  type CryptosignAuthConfig,
  type CryptosignPrincipalConfig,
  DEFAULT_CONFIG,
  type DynamicAuthConfig,
  type EndpointConfig,
  parseRouterConfig,
  parseRouterConfigText,
  type PermissionAllow,
  type PermissionConfig,
  type RawSocketTransportConfig,
  type RealmConfig,
  type RoleConfig,
  type RouterConfig,
  type RouterWorkerConfig,
  type ScramAuthConfig,
  type ScramPrincipalConfig,
  type StaticPathConfig,
  type TcpEndpointConfig,
  type TicketAuthConfig,
  type TicketPrincipalConfig,
  type TlsConfig,
  type TransportConfig,
  type UnixEndpointConfig,
  type WampcraAuthConfig,
  type WampcraUserConfig,
  type WebPathConfig,
  type WebSocketOptionsConfig,
  type WebSocketPathConfig,
  type WebSocketServiceConfig,
  type WebSocketTransportConfig,
  type WebTransportConfig,
} from "./config.ts";
export {
  type ListenerContext,
  type RunningListener,
  startListener,
  subprotocolsForSerializers,
  type TlsMaterial,
} from "./listener.ts";
export {
  compileWebRoutes,
  CONTENT_TYPES,
  createStaticHandler,
  denoFileSystem,
  type StaticFileSystem,
  type WebRoutes,
} from "./web.ts";
export {
  createRoleAuthorizer,
  type InProcessOptions,
  type RouterHandle,
  type StartedTransport,
  startRouter,
  type StartRouterOptions,
  TRUSTED_ROLE,
} from "./start.ts";
export type { MessageTransport } from "../transport/message_transport.ts";
export type { SerializerName } from "../wamp/serializers/serializer.ts";
