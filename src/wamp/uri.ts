/**
 * WAMP URIs: validation (loose and strict rules, with or without empty
 * components), pattern matching for prefix and wildcard subscriptions and
 * registrations, and the URIs predefined by the protocol.
 *
 * @module
 */

// Basic profile "Identifiers > URIs > Relaxed/Loose URIs": components MUST NOT
// contain `.`, `#` or whitespace and MUST NOT be empty.
const LOOSE = /^([^\s.#]+\.)*([^\s.#]+)$/u;
// Same, allowing empty components (pattern-based subscriptions/registrations).
const LOOSE_EMPTY = /^(([^\s.#]+\.)|\.)*([^\s.#]+)?$/u;
// Same, allowing only the last component to be empty (prefix patterns like `com.myapp.`).
const LOOSE_LAST_EMPTY = /^([^\s.#]+\.)*([^\s.#]*)$/u;
// "Strict URIs": components SHOULD only contain lower-case letters, digits and `_`.
const STRICT = /^([0-9a-z_]+\.)*([0-9a-z_]+)$/;
const STRICT_EMPTY = /^(([0-9a-z_]+\.)|\.)*([0-9a-z_]+)?$/;
const STRICT_LAST_EMPTY = /^([0-9a-z_]+\.)*([0-9a-z_]*)$/;

/**
 * Options of {@linkcode isValidUri}.
 *
 * @example Checking a prefix pattern
 * ```ts
 * import { isValidUri, type UriCheckOptions } from "@autobahn/autobahn/wamp";
 *
 * const prefix: UriCheckOptions = { strict: true, allowLastEmpty: true };
 * if (!isValidUri("com.myapp.", prefix)) throw new Error("a prefix pattern");
 * if (isValidUri("com..myapp", prefix)) throw new Error("only the last component may be empty");
 * ```
 */
export interface UriCheckOptions {
  /** Apply the strict rule (lower-case letters, digits and `_` only). Default `false`. */
  strict?: boolean;
  /** Allow empty components anywhere (wildcard patterns). Default `false`. */
  allowEmptyComponents?: boolean;
  /** Allow only the last component to be empty (prefix patterns). Default `false`. */
  allowLastEmpty?: boolean;
}

/**
 * Returns whether `uri` is a valid WAMP URI under the given rules (basic
 * profile "Identifiers > URIs").
 *
 * @example
 * ```ts
 * import { isValidUri } from "@autobahn/autobahn/wamp";
 * isValidUri("com.myapp.topic1"); // true
 * isValidUri("com.myapp..topic1"); // false
 * isValidUri("com.myapp..topic1", { allowEmptyComponents: true }); // true
 * isValidUri("com.MyApp.topic", { strict: true }); // false
 * ```
 */
export function isValidUri(uri: unknown, options: UriCheckOptions = {}): boolean {
  if (typeof uri !== "string") return false;
  const { strict = false, allowEmptyComponents = false, allowLastEmpty = false } = options;
  if (strict) {
    if (allowEmptyComponents) return STRICT_EMPTY.test(uri);
    if (allowLastEmpty) return STRICT_LAST_EMPTY.test(uri);
    return STRICT.test(uri);
  }
  if (allowEmptyComponents) return LOOSE_EMPTY.test(uri);
  if (allowLastEmpty) return LOOSE_LAST_EMPTY.test(uri);
  return LOOSE.test(uri);
}

/**
 * A matching policy of a subscription or registration (`Options.match`).
 *
 * @example Matching under each policy
 * ```ts
 * import { type MatchPolicy, matchesUri } from "@autobahn/autobahn/wamp";
 *
 * const policies: MatchPolicy[] = ["exact", "prefix", "wildcard"];
 * const hits = policies.filter((p) => matchesUri("com.myapp.obj1.get", "com.myapp.obj1.get", p));
 * if (hits.length !== 3) throw new Error("an equal URI matches under every policy");
 * ```
 */
export type MatchPolicy = "exact" | "prefix" | "wildcard";

/**
 * Returns whether `uri` matches a prefix pattern. Advanced profile
 * "Pattern-based Registrations > Prefix Matching": any URI that has the pattern
 * as a (string) prefix matches, so `com.myapp.obj1` matches both
 * `com.myapp.obj1.proc1` and `com.myapp.obj1-sub1`.
 *
 * @example
 * ```ts
 * import { matchesPrefix } from "@autobahn/autobahn/wamp";
 * matchesPrefix("com.myapp.obj1.proc1", "com.myapp.obj1"); // true
 * matchesPrefix("com.myapp.obj2", "com.myapp.obj1"); // false
 * ```
 */
export function matchesPrefix(uri: string, prefix: string): boolean {
  return uri.startsWith(prefix);
}

/**
 * Returns whether `uri` matches a wildcard pattern. Advanced profile
 * "Pattern-based Registrations > Wildcard Matching": an empty pattern
 * component matches any one component; other components must be equal and the
 * number of components must be the same.
 *
 * @example
 * ```ts
 * import { matchesWildcard } from "@autobahn/autobahn/wamp";
 * matchesWildcard("com.myapp.obj1.proc1", "com.myapp..proc1"); // true
 * matchesWildcard("com.myapp.obj1.proc1.sub", "com.myapp..proc1"); // false
 * ```
 */
export function matchesWildcard(uri: string, pattern: string): boolean {
  const u = uri.split(".");
  const p = pattern.split(".");
  if (u.length !== p.length) return false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== "" && p[i] !== u[i]) return false;
  }
  return true;
}

/**
 * Returns whether `uri` matches `pattern` under the given policy.
 *
 * @example
 * ```ts
 * import { matchesUri } from "@autobahn/autobahn/wamp";
 * matchesUri("a.b.c", "a..c", "wildcard"); // true
 * ```
 */
export function matchesUri(uri: string, pattern: string, policy: MatchPolicy): boolean {
  switch (policy) {
    case "exact":
      return uri === pattern;
    case "prefix":
      return matchesPrefix(uri, pattern);
    case "wildcard":
      return matchesWildcard(uri, pattern);
  }
}

/**
 * Error URIs predefined by WAMP (basic profile "Predefined URIs" and advanced
 * profile "URIs").
 *
 * @example
 * ```ts
 * import { ErrorUri } from "@autobahn/autobahn/wamp";
 * ErrorUri.NO_SUCH_PROCEDURE; // "wamp.error.no_such_procedure"
 * ```
 */
export const ErrorUri = {
  /** A peer provided an incorrect URI for a URI-based attribute. */
  INVALID_URI: "wamp.error.invalid_uri",
  /** No procedure is registered under the called URI. */
  NO_SUCH_PROCEDURE: "wamp.error.no_such_procedure",
  /** A procedure is already registered under the URI. */
  PROCEDURE_ALREADY_EXISTS: "wamp.error.procedure_already_exists",
  /** The registration to unregister is not active. */
  NO_SUCH_REGISTRATION: "wamp.error.no_such_registration",
  /** The subscription to unsubscribe is not active. */
  NO_SUCH_SUBSCRIPTION: "wamp.error.no_such_subscription",
  /** The arguments were not acceptable to the procedure (or failed payload validation). */
  INVALID_ARGUMENT: "wamp.error.invalid_argument",
  /** The call was canceled. */
  CANCELED: "wamp.error.canceled",
  /** A message exceeded the payload size limit of a peer or transport. */
  PAYLOAD_SIZE_EXCEEDED: "wamp.error.payload_size_exceeded",
  /** A peer received an invalid WAMP protocol message. */
  PROTOCOL_VIOLATION: "wamp.error.protocol_violation",
  /** The peer is not authorized to perform the operation. */
  NOT_AUTHORIZED: "wamp.error.not_authorized",
  /** The authorization operation itself failed. */
  AUTHORIZATION_FAILED: "wamp.error.authorization_failed",
  /** The realm does not exist. */
  NO_SUCH_REALM: "wamp.error.no_such_realm",
  /** The role the peer was authenticated under does not exist. */
  NO_SUCH_ROLE: "wamp.error.no_such_role",
  /** No authentication method the peer offered is acceptable. */
  NO_MATCHING_AUTH_METHOD: "wamp.error.no_matching_auth_method",
  /** The authentication ID is unknown. */
  NO_SUCH_PRINCIPAL: "wamp.error.no_such_principal",
  /** Authentication was denied. */
  AUTHENTICATION_DENIED: "wamp.error.authentication_denied",
  /** The authentication operation itself failed. */
  AUTHENTICATION_FAILED: "wamp.error.authentication_failed",
  /** Authentication is required but none was offered. */
  AUTHENTICATION_REQUIRED: "wamp.error.authentication_required",
  /** Authorization was denied. */
  AUTHORIZATION_DENIED: "wamp.error.authorization_denied",
  /** Authorization is required. */
  AUTHORIZATION_REQUIRED: "wamp.error.authorization_required",
  /** The call timed out (call timeout feature). */
  TIMEOUT: "wamp.error.timeout",
  /** An option was given that the router does not allow. */
  OPTION_NOT_ALLOWED: "wamp.error.option_not_allowed",
  /** The router refused to disclose the caller or publisher. */
  OPTION_DISALLOWED_DISCLOSE_ME: "wamp.error.option_disallowed.disclose_me",
  /** A network failure happened (e.g. the callee's transport was lost). */
  NETWORK_FAILURE: "wamp.error.network_failure",
  /** The callee is unavailable to handle the invocation. */
  UNAVAILABLE: "wamp.error.unavailable",
  /** No callee is available to handle the call. */
  NO_AVAILABLE_CALLEE: "wamp.error.no_available_callee",
  /** The requested feature is not supported by a peer on the path. */
  FEATURE_NOT_SUPPORTED: "wamp.error.feature_not_supported",
  /** The session does not exist (session meta API). */
  NO_SUCH_SESSION: "wamp.error.no_such_session",
} as const;

/**
 * One of the predefined error URIs.
 *
 * @example Typing an error URI
 * ```ts
 * import { ErrorUri, type ErrorUriValue } from "@autobahn/autobahn/wamp";
 *
 * const reason: ErrorUriValue = ErrorUri.NOT_AUTHORIZED;
 * if (reason !== "wamp.error.not_authorized") throw new Error(reason);
 * ```
 */
export type ErrorUriValue = typeof ErrorUri[keyof typeof ErrorUri];

/**
 * Close reasons for GOODBYE and ABORT (basic profile "Session Closing").
 *
 * @example
 * ```ts
 * import { CloseUri } from "@autobahn/autobahn/wamp";
 * CloseUri.GOODBYE_AND_OUT; // "wamp.close.goodbye_and_out"
 * ```
 */
export const CloseUri = {
  /** The peer is shutting down completely. */
  SYSTEM_SHUTDOWN: "wamp.close.system_shutdown",
  /** The peer wants to leave the realm. */
  CLOSE_REALM: "wamp.close.close_realm",
  /** The reply to a GOODBYE. */
  GOODBYE_AND_OUT: "wamp.close.goodbye_and_out",
  /** A normal close. */
  NORMAL: "wamp.close.normal",
} as const;

/**
 * One of the predefined close URIs.
 *
 * @example Typing a close reason
 * ```ts
 * import { CloseUri, type CloseUriValue, GoodbyeMessage } from "@autobahn/autobahn/wamp";
 *
 * const reason: CloseUriValue = CloseUri.CLOSE_REALM;
 * const goodbye = new GoodbyeMessage({ reason });
 * if (goodbye.marshal()[2] !== "wamp.close.close_realm") throw new Error("wrong reason");
 * ```
 */
export type CloseUriValue = typeof CloseUri[keyof typeof CloseUri];

/**
 * Procedures and topics of the meta API (advanced profile "Session Meta API",
 * "Registration Meta API", "Subscription Meta API", "Testament").
 *
 * @example
 * ```ts
 * import { MetaUri } from "@autobahn/autobahn/wamp";
 * MetaUri.SESSION_COUNT; // "wamp.session.count"
 * ```
 */
export const MetaUri = {
  /** Procedure: number of sessions attached to the realm. */
  SESSION_COUNT: "wamp.session.count",
  /** Procedure: IDs of sessions attached to the realm. */
  SESSION_LIST: "wamp.session.list",
  /** Procedure: details of one session. */
  SESSION_GET: "wamp.session.get",
  /** Procedure: kill one session. */
  SESSION_KILL: "wamp.session.kill",
  /** Procedure: kill all sessions with an authid. */
  SESSION_KILL_BY_AUTHID: "wamp.session.kill_by_authid",
  /** Procedure: kill all sessions with an authrole. */
  SESSION_KILL_BY_AUTHROLE: "wamp.session.kill_by_authrole",
  /** Procedure: kill all sessions but the caller. */
  SESSION_KILL_ALL: "wamp.session.kill_all",
  /** Event: a session joined the realm (details dict). */
  SESSION_ON_JOIN: "wamp.session.on_join",
  /** Event: a session left the realm (session, authid, authrole). */
  SESSION_ON_LEAVE: "wamp.session.on_leave",
  /** Procedure: add a testament (scope `destroyed` by default, or `detached`). */
  SESSION_ADD_TESTAMENT: "wamp.session.add_testament",
  /** Procedure: remove the caller's testaments. */
  SESSION_FLUSH_TESTAMENTS: "wamp.session.flush_testaments",
  /** Procedure: registration IDs grouped by match policy. */
  REGISTRATION_LIST: "wamp.registration.list",
  /** Procedure: registration ID for a procedure URI and match policy. */
  REGISTRATION_LOOKUP: "wamp.registration.lookup",
  /** Procedure: best-matching registration ID for a procedure URI. */
  REGISTRATION_MATCH: "wamp.registration.match",
  /** Procedure: details of one registration. */
  REGISTRATION_GET: "wamp.registration.get",
  /** Procedure: session IDs of the callees of a registration. */
  REGISTRATION_LIST_CALLEES: "wamp.registration.list_callees",
  /** Procedure: number of callees of a registration. */
  REGISTRATION_COUNT_CALLEES: "wamp.registration.count_callees",
  /** Event: a registration was created. */
  REGISTRATION_ON_CREATE: "wamp.registration.on_create",
  /** Event: a callee was added to a registration. */
  REGISTRATION_ON_REGISTER: "wamp.registration.on_register",
  /** Event: a callee was removed from a registration. */
  REGISTRATION_ON_UNREGISTER: "wamp.registration.on_unregister",
  /** Event: a registration was deleted. */
  REGISTRATION_ON_DELETE: "wamp.registration.on_delete",
  /** Procedure: subscription IDs grouped by match policy. */
  SUBSCRIPTION_LIST: "wamp.subscription.list",
  /** Procedure: subscription ID for a topic URI and match policy. */
  SUBSCRIPTION_LOOKUP: "wamp.subscription.lookup",
  /** Procedure: IDs of all subscriptions matching a topic URI. */
  SUBSCRIPTION_MATCH: "wamp.subscription.match",
  /** Procedure: details of one subscription. */
  SUBSCRIPTION_GET: "wamp.subscription.get",
  /** Procedure: session IDs of the subscribers of a subscription. */
  SUBSCRIPTION_LIST_SUBSCRIBERS: "wamp.subscription.list_subscribers",
  /** Procedure: number of subscribers of a subscription. */
  SUBSCRIPTION_COUNT_SUBSCRIBERS: "wamp.subscription.count_subscribers",
  /** Event: a subscription was created. */
  SUBSCRIPTION_ON_CREATE: "wamp.subscription.on_create",
  /** Event: a subscriber was added to a subscription. */
  SUBSCRIPTION_ON_SUBSCRIBE: "wamp.subscription.on_subscribe",
  /** Event: a subscriber was removed from a subscription. */
  SUBSCRIPTION_ON_UNSUBSCRIBE: "wamp.subscription.on_unsubscribe",
  /** Event: a subscription was deleted. */
  SUBSCRIPTION_ON_DELETE: "wamp.subscription.on_delete",
} as const;

/**
 * One of the predefined meta API URIs.
 *
 * @example Typing a meta API URI
 * ```ts
 * import { MetaUri, type MetaUriValue } from "@autobahn/autobahn/wamp";
 *
 * const procedure: MetaUriValue = MetaUri.SESSION_LIST;
 * if (procedure !== "wamp.session.list") throw new Error(procedure);
 * ```
 */
export type MetaUriValue = typeof MetaUri[keyof typeof MetaUri];
