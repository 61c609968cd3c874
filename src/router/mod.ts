/**
 * The embedded WAMP router core of Autobahn|TS: realms, router-side
 * sessions, the broker (PubSub) and the dealer (RPC) with the advanced
 * profile features, and the meta API. It is transport-agnostic: attach any
 * message transport (WebSocket, RawSocket, in-process) with
 * {@linkcode Router.attach}.
 *
 * @example
 * ```ts
 * import { Router } from "@autobahn/autobahn/router";
 *
 * const router = new Router({ realms: ["realm1"] });
 * // listener: for each accepted WAMP transport
 * // router.attach(transport);
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
export type { Logger, LogLevel, LogProperties } from "../util/logger.ts";
export type * from "../wamp/mod.ts";
export type {
  MessageTransportHandler,
  TransportCloseInfo,
  TransportDetails,
  TransportKind,
} from "../transport/message_transport.ts";
export type { ConnectionRequest, ExtensionOffer, RawHeader } from "../websocket/types.ts";
export type { PeerAddress } from "../transport/types.ts";
