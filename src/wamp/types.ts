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
 */
export type WampDict = { readonly [key: string]: unknown };

/** Roles a client may announce in `HELLO.Details.roles` (basic profile "HELLO"). */
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

/** A client role name. */
export type ClientRoleName = typeof ClientRole[keyof typeof ClientRole];

/** Roles a router may announce in `WELCOME.Details.roles` (basic profile "WELCOME"). */
export const RouterRole = {
  /** Routes events. */
  BROKER: "broker",
  /** Routes calls. */
  DEALER: "dealer",
} as const;

/** A router role name. */
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

/** An advanced-profile feature key. */
export type FeatureName = typeof Feature[keyof typeof Feature];

/** Cancel modes of `CANCEL.Options.mode` (advanced profile "Call Canceling"). */
export type CancelMode = "skip" | "kill" | "killnowait";

/** A role's announcement: `{ features: { call_canceling: true, ... } }` (empty for basic profile). */
export interface RoleDetails {
  /** Supported advanced features, each `true`. */
  readonly features?: { readonly [feature: string]: boolean | undefined };
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `HELLO.Details` (basic profile "HELLO", advanced profile "Authentication"). */
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

/** `WELCOME.Details` (basic profile "WELCOME", advanced profile "Authentication"). */
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

/** `ABORT.Details` and `GOODBYE.Details` (basic profile "ABORT", "GOODBYE"). */
export interface CloseDetails {
  /** A human-readable message. */
  readonly message?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `CALL.Options` (basic profile "CALL" and advanced RPC features). */
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

/** `INVOCATION.Details` (basic profile "INVOCATION" and advanced RPC features). */
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

/** `YIELD.Options` (basic profile "YIELD"). */
export interface YieldOptions {
  /** This is a progressive result (not the last). */
  readonly progress?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `RESULT.Details` (basic profile "RESULT"). */
export interface ResultDetails {
  /** This is a progressive result (not the last). */
  readonly progress?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `ERROR.Details`. */
export interface ErrorDetails {
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `REGISTER.Options` (basic profile "REGISTER" and advanced RPC features). */
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

/** `CANCEL.Options` and `INTERRUPT.Options` (advanced profile "Call Canceling"). */
export interface CancelOptions {
  /** How to cancel. */
  readonly mode?: CancelMode;
  /** The reason (INTERRUPT). */
  readonly reason?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `PUBLISH.Options` (basic profile "PUBLISH" and advanced PubSub features). */
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

/** `SUBSCRIBE.Options` (basic profile "SUBSCRIBE" and advanced PubSub features). */
export interface SubscribeOptions {
  /** Matching policy (pattern-based subscription). Default `exact`. */
  readonly match?: "exact" | "prefix" | "wildcard";
  /** Ask for the retained event (event retention). */
  readonly get_retained?: boolean;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `EVENT.Details` (basic profile "EVENT" and advanced PubSub features). */
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

/** `UNREGISTERED.Details` of a router-initiated revocation (advanced profile "Registration Revocation"). */
export interface UnregisteredDetails {
  /** The revoked registration ID. */
  readonly registration?: number;
  /** Why it was revoked. */
  readonly reason?: string;
  /** Unknown keys are kept. */
  readonly [key: string]: unknown;
}

/** `UNSUBSCRIBED.Details` of a router-initiated revocation (advanced profile "Subscription Revocation"). */
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
