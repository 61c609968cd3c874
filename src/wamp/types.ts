/**
 * Wire types of the well-known WAMP `Options|dict` and `Details|dict`
 * elements, and the role and feature names that peers announce in HELLO and
 * WELCOME. Keys keep the spec's snake_case names; every dict also accepts
 * unknown keys (custom `x_`/`_` attributes and future extensions), which the
 * message layer passes through untouched.
 *
 * @module
 */

/**
 * A WAMP `dict`: a map with string keys (basic profile "Messages"). Unknown
 * keys are kept as given.
 *
 * @example A dict that keeps unknown keys
 * ```ts
 * import { isDict, type WampDict } from "@autobahn/autobahn/wamp";
 *
 * const details: WampDict = { x_trace_id: "ab12", retries: 2 };
 * if (!isDict(details) || details["x_trace_id"] !== "ab12") throw new Error("not kept");
 * ```
 */
export type WampDict = { readonly [key: string]: unknown };

/**
 * Roles a client may announce in `HELLO.Details.roles` (basic profile "HELLO").
 *
 * @example Announcing client roles in HELLO
 * ```ts
 * import { ClientRole, HelloMessage } from "@autobahn/autobahn/wamp";
 *
 * const hello = new HelloMessage({
 *   realm: "realm1",
 *   details: { roles: { [ClientRole.CALLER]: {}, [ClientRole.SUBSCRIBER]: {} } },
 * });
 * if (!("caller" in hello.details.roles)) throw new Error("caller not announced");
 * ```
 */
export const ClientRole = {
  /** Publishes events. */
  PUBLISHER: "publisher",
  /** Receives events. */
  SUBSCRIBER: "subscriber",
  /** Calls procedures. */
  CALLER: "caller",
  /** Implements procedures. */
  CALLEE: "callee",
} as const;

/**
 * A client role name.
 *
 * @example Listing the roles a client implements
 * ```ts
 * import { ClientRole, type ClientRoleName } from "@autobahn/autobahn/wamp";
 *
 * const roles: ClientRoleName[] = [ClientRole.PUBLISHER, ClientRole.CALLEE];
 * if (roles.join() !== "publisher,callee") throw new Error(roles.join());
 * ```
 */
export type ClientRoleName = typeof ClientRole[keyof typeof ClientRole];

/**
 * Roles a router may announce in `WELCOME.Details.roles` (basic profile "WELCOME").
 *
 * @example Checking a WELCOME for a dealer
 * ```ts
 * import { RouterRole, WelcomeMessage } from "@autobahn/autobahn/wamp";
 *
 * const welcome = WelcomeMessage.parse([2, 1, { roles: { broker: {}, dealer: {} } }]);
 * if (welcome.details.roles[RouterRole.DEALER] === undefined) throw new Error("no dealer");
 * ```
 */
export const RouterRole = {
  /** Routes events. */
  BROKER: "broker",
  /** Routes calls. */
  DEALER: "dealer",
} as const;

/**
 * A router role name.
 *
 * @example Typing a router role
 * ```ts
 * import { RouterRole, type RouterRoleName } from "@autobahn/autobahn/wamp";
 *
 * const role: RouterRoleName = RouterRole.BROKER;
 * if (role !== "broker") throw new Error(role);
 * ```
 */
export type RouterRoleName = typeof RouterRole[keyof typeof RouterRole];

/**
 * Advanced-profile feature keys, announced as
 * `HELLO.Details.roles.<role>.features.<feature>|bool := true` (advanced
 * profile "Feature Announcement"). Announce exactly what is implemented.
 *
 * @example
 * ```ts
 * import { Feature } from "@autobahn/autobahn/wamp";
 * const caller = { features: { [Feature.CALL_CANCELING]: true } };
 * ```
 */
export const Feature = {
  // RPC
  /** RESULT with `progress: true` before the final one. */
  PROGRESSIVE_CALL_RESULTS: "progressive_call_results",
  /** CALL/INVOCATION with `progress: true` before the final one. */
  PROGRESSIVE_CALL_INVOCATIONS: "progressive_call_invocations",
  /** `CALL.Options.timeout`. */
  CALL_TIMEOUT: "call_timeout",
  /** CANCEL and INTERRUPT messages. */
  CALL_CANCELING: "call_canceling",
  /** `CALL.Options.disclose_me` and `INVOCATION.Details.caller`. */
  CALLER_IDENTIFICATION: "caller_identification",
  /** `INVOCATION.Details.trustlevel`. */
  CALL_TRUSTLEVELS: "call_trustlevels",
  /** `REGISTER.Options.match` of `prefix` or `wildcard`. */
  PATTERN_BASED_REGISTRATION: "pattern_based_registration",
  /** `REGISTER.Options.invoke` policies. */
  SHARED_REGISTRATION: "shared_registration",
  /** Sharded registrations. */
  SHARDED_REGISTRATION: "sharded_registration",
  /** Router-initiated UNREGISTERED. */
  REGISTRATION_REVOCATION: "registration_revocation",
  /** Procedure reflection. */
  PROCEDURE_REFLECTION: "procedure_reflection",
  // PubSub
  /** `PUBLISH.Options.exclude`/`eligible` and friends. */
  SUBSCRIBER_BLACKWHITE_LISTING: "subscriber_blackwhite_listing",
  /** `PUBLISH.Options.exclude_me`. */
  PUBLISHER_EXCLUSION: "publisher_exclusion",
  /** `PUBLISH.Options.disclose_me` and `EVENT.Details.publisher`. */
  PUBLISHER_IDENTIFICATION: "publisher_identification",
  /** `EVENT.Details.trustlevel`. */
  PUBLICATION_TRUSTLEVELS: "publication_trustlevels",
  /** `SUBSCRIBE.Options.match` of `prefix` or `wildcard`. */
  PATTERN_BASED_SUBSCRIPTION: "pattern_based_subscription",
  /** Sharded subscriptions. */
  SHARDED_SUBSCRIPTION: "sharded_subscription",
  /** Event history. */
  EVENT_HISTORY: "event_history",
  /** `PUBLISH.Options.retain` and `SUBSCRIBE.Options.get_retained`. */
  EVENT_RETENTION: "event_retention",
  /** Router-initiated UNSUBSCRIBED. */
  SUBSCRIPTION_REVOCATION: "subscription_revocation",
  // Other
  /** `wamp.session.*` meta procedures and events. */
  SESSION_META_API: "session_meta_api",
  /** `wamp.registration.*` meta procedures and events. */
  REGISTRATION_META_API: "registration_meta_api",
  /** `wamp.subscription.*` meta procedures and events. */
  SUBSCRIPTION_META_API: "subscription_meta_api",
  /** `wamp.session.add_testament` and `wamp.session.flush_testaments`. */
  TESTAMENT_META_API: "testament_meta_api",
  /** `ppt_*` options and opaque binary payloads. */
  PAYLOAD_PASSTHRU_MODE: "payload_passthru_mode",
} as const;

/**
 * An advanced-profile feature key.
 *
 * @example Listing announced features
 * ```ts
 * import { Feature, type FeatureName } from "@autobahn/autobahn/wamp";
 *
 * const features: FeatureName[] = [Feature.CALL_CANCELING, Feature.PROGRESSIVE_CALL_RESULTS];
 * const announced = Object.fromEntries(features.map((f) => [f, true]));
 * if (announced["call_canceling"] !== true) throw new Error("not announced");
 * ```
 */
export type FeatureName = typeof Feature[keyof typeof Feature];

/**
 * Cancel modes of `CANCEL.Options.mode` (advanced profile "Call Canceling").
 *
 * @example Choosing a cancel mode
 * ```ts
 * import { CancelMessage, type CancelMode } from "@autobahn/autobahn/wamp";
 *
 * const mode: CancelMode = "killnowait";
 * const cancel = new CancelMessage({ requestId: 1, options: { mode } });
 * if (cancel.options.mode !== "killnowait") throw new Error("mode lost");
 * ```
 */
export type CancelMode = "skip" | "kill" | "killnowait";

/**
 * A role's announcement: `{ features: { call_canceling: true, ... } }` (empty for basic profile).
 *
 * @example A role with features
 * ```ts
 * import { Feature, type RoleDetails } from "@autobahn/autobahn/wamp";
 *
 * const callee: RoleDetails = { features: { [Feature.SHARED_REGISTRATION]: true } };
 * if (callee.features?.["shared_registration"] !== true) throw new Error("feature lost");
 * ```
 */
export interface RoleDetails {
  /** Supported advanced features, each `true`. */
  readonly features?: { readonly [feature: string]: boolean | undefined };
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `HELLO.Details` (basic profile "HELLO", advanced profile "Authentication").
 *
 * @example HELLO details with authentication
 * ```ts
 * import { HelloMessage, type HelloDetails } from "@autobahn/autobahn/wamp";
 *
 * const details: HelloDetails = {
 *   roles: { caller: {} },
 *   authmethods: ["ticket"],
 *   authid: "joe",
 * };
 * const hello = HelloMessage.parse([1, "realm1", details]);
 * if (hello.details.authid !== "joe") throw new Error("authid lost");
 * ```
 */
export interface HelloDetails {
  /** The roles the client implements; at least one. */
  readonly roles: { readonly [role: string]: RoleDetails | undefined };
  /** The implementation, like an HTTP `User-Agent`. */
  readonly agent?: string;
  /** Authentication methods the client offers, in order of preference. */
  readonly authmethods?: readonly string[];
  /** The authentication ID (user name) the client wants. */
  readonly authid?: string;
  /** The authentication role the client wants. */
  readonly authrole?: string;
  /** Method-specific extra data (e.g. a cryptosign public key). */
  readonly authextra?: WampDict;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `WELCOME.Details` (basic profile "WELCOME", advanced profile "Authentication").
 *
 * @example Reading who the router authenticated
 * ```ts
 * import { WelcomeMessage, type WelcomeDetails } from "@autobahn/autobahn/wamp";
 *
 * const welcome = WelcomeMessage.parse([2, 1, { roles: { dealer: {} }, authrole: "user" }]);
 * const details: WelcomeDetails = welcome.details;
 * if (details.authrole !== "user") throw new Error("authrole lost");
 * ```
 */
export interface WelcomeDetails {
  /** The roles the router implements. */
  readonly roles: { readonly [role: string]: RoleDetails | undefined };
  /** The router implementation. */
  readonly agent?: string;
  /** The realm the session joined. */
  readonly realm?: string;
  /** The authenticated ID. */
  readonly authid?: string;
  /** The authenticated role. */
  readonly authrole?: string;
  /** The method that authenticated the session. */
  readonly authmethod?: string;
  /** The authentication provider. */
  readonly authprovider?: string;
  /** Method-specific extra data. */
  readonly authextra?: WampDict;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `ABORT.Details` and `GOODBYE.Details` (basic profile "ABORT", "GOODBYE").
 *
 * @example A GOODBYE with a message
 * ```ts
 * import { type CloseDetails, GoodbyeMessage } from "@autobahn/autobahn/wamp";
 *
 * const details: CloseDetails = { message: "The host is shutting down now." };
 * const goodbye = new GoodbyeMessage({ reason: "wamp.close.system_shutdown", details });
 * if (goodbye.details.message === undefined) throw new Error("message lost");
 * ```
 */
export interface CloseDetails {
  /** A human-readable message. */
  readonly message?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `CALL.Options` (basic profile "CALL" and advanced RPC features).
 *
 * @example CALL options in wire form
 * ```ts
 * import { type CallOptions, CallMessage } from "@autobahn/autobahn/wamp";
 *
 * const options: CallOptions = { timeout: 5_000, receive_progress: true };
 * const call = new CallMessage({ requestId: 1, procedure: "com.myapp.longop", options });
 * if (call.marshal()[2] !== options) throw new Error("options not sent");
 * ```
 */
export interface CallOptions {
  /** Milliseconds after which the dealer cancels the call (call timeout). */
  readonly timeout?: number;
  /** Ask for progressive results. */
  readonly receive_progress?: boolean;
  /** This CALL is a progressive invocation chunk (not the last). */
  readonly progress?: boolean;
  /** Ask the dealer to disclose the caller to the callee. */
  readonly disclose_me?: boolean;
  /** Payload passthru scheme. */
  readonly ppt_scheme?: string;
  /** Payload passthru serializer. */
  readonly ppt_serializer?: string;
  /** Payload passthru cipher. */
  readonly ppt_cipher?: string;
  /** Payload passthru key ID. */
  readonly ppt_keyid?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `INVOCATION.Details` (basic profile "INVOCATION" and advanced RPC features).
 *
 * @example Reading the caller of an invocation
 * ```ts
 * import { type InvocationDetails, InvocationMessage } from "@autobahn/autobahn/wamp";
 *
 * const inv = InvocationMessage.parse([68, 6, 2103333224, { caller: 42, caller_authid: "joe" }]);
 * const details: InvocationDetails = inv.details;
 * if (details.caller !== 42 || details.caller_authid !== "joe") throw new Error("no caller");
 * ```
 */
export interface InvocationDetails {
  /** The concrete procedure called (pattern-based registrations). */
  readonly procedure?: string;
  /** The caller expects progressive results. */
  readonly receive_progress?: boolean;
  /** This INVOCATION is a progressive invocation chunk (not the last). */
  readonly progress?: boolean;
  /** The caller's session ID (caller identification). */
  readonly caller?: number;
  /** The caller's authid (caller identification). */
  readonly caller_authid?: string;
  /** The caller's authrole (caller identification). */
  readonly caller_authrole?: string;
  /** The call's trust level. */
  readonly trustlevel?: number;
  /** The call timeout the callee should observe, in milliseconds. */
  readonly timeout?: number;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `YIELD.Options` (basic profile "YIELD").
 *
 * @example Yielding a progressive result
 * ```ts
 * import { YieldMessage, type YieldOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: YieldOptions = { progress: true };
 * const wire = JSON.stringify(new YieldMessage({ requestId: 6, options, args: [10] }).marshal());
 * if (wire !== '[70,6,{"progress":true},[10]]') throw new Error(wire);
 * ```
 */
export interface YieldOptions {
  /** This is a progressive result (not the last). */
  readonly progress?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `RESULT.Details` (basic profile "RESULT").
 *
 * @example Telling a progressive result from the final one
 * ```ts
 * import { type ResultDetails, ResultMessage } from "@autobahn/autobahn/wamp";
 *
 * const details: ResultDetails = ResultMessage.parse([50, 1, { progress: true }, [10]]).details;
 * if (details.progress !== true) throw new Error("not progressive");
 * ```
 */
export interface ResultDetails {
  /** This is a progressive result (not the last). */
  readonly progress?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `ERROR.Details`.
 *
 * @example Reading ERROR details
 * ```ts
 * import { type ErrorDetails, ErrorMessage } from "@autobahn/autobahn/wamp";
 *
 * const err = ErrorMessage.parse([8, 48, 1, { x_hint: "retry" }, "com.myapp.error.busy"]);
 * const details: ErrorDetails = err.details;
 * if (details["x_hint"] !== "retry") throw new Error("details lost");
 * ```
 */
export interface ErrorDetails {
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `REGISTER.Options` (basic profile "REGISTER" and advanced RPC features).
 *
 * @example REGISTER options in wire form
 * ```ts
 * import { RegisterMessage, type RegisterOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: RegisterOptions = { match: "prefix", invoke: "roundrobin" };
 * const reg = RegisterMessage.parse([64, 1, options, "com.myapp."]);
 * if (reg.options.invoke !== "roundrobin") throw new Error("options lost");
 * ```
 */
export interface RegisterOptions {
  /** Matching policy (pattern-based registration). Default `exact`. */
  readonly match?: "exact" | "prefix" | "wildcard";
  /** Invocation policy (shared registration). Default `single`. */
  readonly invoke?: "single" | "roundrobin" | "random" | "first" | "last";
  /** Ask the dealer to disclose callers in INVOCATION details. */
  readonly disclose_caller?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `CANCEL.Options` and `INTERRUPT.Options` (advanced profile "Call Canceling").
 *
 * @example CANCEL options in wire form
 * ```ts
 * import { CancelMessage, type CancelOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: CancelOptions = { mode: "skip" };
 * const wire = JSON.stringify(new CancelMessage({ requestId: 3, options }).marshal());
 * if (wire !== '[49,3,{"mode":"skip"}]') throw new Error(wire);
 * ```
 */
export interface CancelOptions {
  /** How to cancel. */
  readonly mode?: CancelMode;
  /** The reason (INTERRUPT). */
  readonly reason?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `PUBLISH.Options` (basic profile "PUBLISH" and advanced PubSub features).
 *
 * @example PUBLISH options in wire form
 * ```ts
 * import { PublishMessage, type PublishOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: PublishOptions = { acknowledge: true, exclude_me: false };
 * const pub = PublishMessage.parse([16, 1, options, "com.myapp.hello", ["Hello"]]);
 * if (pub.options.acknowledge !== true) throw new Error("options lost");
 * ```
 */
export interface PublishOptions {
  /** Ask for PUBLISHED or ERROR. */
  readonly acknowledge?: boolean;
  /** Exclude the publisher from receivers (default `true`). */
  readonly exclude_me?: boolean;
  /** Session IDs to exclude. */
  readonly exclude?: readonly number[];
  /** Authids to exclude. */
  readonly exclude_authid?: readonly string[];
  /** Authroles to exclude. */
  readonly exclude_authrole?: readonly string[];
  /** Session IDs allowed to receive. */
  readonly eligible?: readonly number[];
  /** Authids allowed to receive. */
  readonly eligible_authid?: readonly string[];
  /** Authroles allowed to receive. */
  readonly eligible_authrole?: readonly string[];
  /** Ask the broker to disclose the publisher. */
  readonly disclose_me?: boolean;
  /** Ask the broker to retain the event (event retention). */
  readonly retain?: boolean;
  /** Payload passthru scheme. */
  readonly ppt_scheme?: string;
  /** Payload passthru serializer. */
  readonly ppt_serializer?: string;
  /** Payload passthru cipher. */
  readonly ppt_cipher?: string;
  /** Payload passthru key ID. */
  readonly ppt_keyid?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `SUBSCRIBE.Options` (basic profile "SUBSCRIBE" and advanced PubSub features).
 *
 * @example SUBSCRIBE options in wire form
 * ```ts
 * import { SubscribeMessage, type SubscribeOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: SubscribeOptions = { match: "wildcard" };
 * const sub = SubscribeMessage.parse([32, 1, options, "com.myapp..update"]);
 * if (sub.options.match !== "wildcard") throw new Error("options lost");
 * ```
 */
export interface SubscribeOptions {
  /** Matching policy (pattern-based subscription). Default `exact`. */
  readonly match?: "exact" | "prefix" | "wildcard";
  /** Ask for the retained event (event retention). */
  readonly get_retained?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `EVENT.Details` (basic profile "EVENT" and advanced PubSub features).
 *
 * @example Reading the concrete topic of a pattern event
 * ```ts
 * import { type EventDetails, EventMessage } from "@autobahn/autobahn/wamp";
 *
 * const ev = EventMessage.parse([36, 1, 2, { topic: "com.myapp.obj1.update" }, [1]]);
 * const details: EventDetails = ev.details;
 * if (details.topic !== "com.myapp.obj1.update") throw new Error("topic lost");
 * ```
 */
export interface EventDetails {
  /** The concrete topic (pattern-based subscriptions). */
  readonly topic?: string;
  /** The publisher's session ID (publisher identification). */
  readonly publisher?: number;
  /** The publisher's authid. */
  readonly publisher_authid?: string;
  /** The publisher's authrole. */
  readonly publisher_authrole?: string;
  /** The event's trust level. */
  readonly trustlevel?: number;
  /** The event was retained (event retention). */
  readonly retained?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `UNREGISTERED.Details` of a router-initiated revocation (advanced profile
 * "Registration Revocation").
 *
 * @example A dealer revoking a registration
 * ```ts
 * import { type UnregisteredDetails, UnregisteredMessage } from "@autobahn/autobahn/wamp";
 *
 * const m = UnregisteredMessage.parse([67, 0, {
 *   registration: 2103333224,
 *   reason: "wamp.error.x",
 * }]);
 * const details: UnregisteredDetails = m.details;
 * if (details.registration !== 2103333224) throw new Error("registration lost");
 * ```
 */
export interface UnregisteredDetails {
  /** The revoked registration ID. */
  readonly registration?: number;
  /** Why it was revoked. */
  readonly reason?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * `UNSUBSCRIBED.Details` of a router-initiated revocation (advanced profile
 * "Subscription Revocation").
 *
 * @example A broker revoking a subscription
 * ```ts
 * import { type UnsubscribedDetails, UnsubscribedMessage } from "@autobahn/autobahn/wamp";
 *
 * const m = UnsubscribedMessage.parse([35, 0, { subscription: 5512315355 }]);
 * const details: UnsubscribedDetails = m.details;
 * if (details.subscription !== 5512315355) throw new Error("subscription lost");
 * ```
 */
export interface UnsubscribedDetails {
  /** The revoked subscription ID. */
  readonly subscription?: number;
  /** Why it was revoked. */
  readonly reason?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/**
 * Returns whether an options or details dict requests payload passthru mode
 * (advanced profile "Payload Passthru Mode": a router recognizes the mode by
 * the existence and non-empty value of `ppt_scheme`).
 *
 * @example
 * ```ts
 * import { isPayloadPassthru } from "@autobahn/autobahn/wamp";
 * isPayloadPassthru({ ppt_scheme: "mqtt" }); // true
 * isPayloadPassthru({}); // false
 * ```
 */
export function isPayloadPassthru(dict: WampDict): boolean {
  const scheme = dict["ppt_scheme"];
  return typeof scheme === "string" && scheme.length > 0;
}
