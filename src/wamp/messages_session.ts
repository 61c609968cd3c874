/**
 * Session messages: HELLO, WELCOME, ABORT, CHALLENGE, AUTHENTICATE, GOODBYE,
 * and ERROR (basic profile "Messages > Session Lifecycle", advanced profile
 * "Messages").
 *
 * @module
 */
import { ERROR_REQUEST_TYPES, type ErrorRequestType, MessageType } from "./codes.ts";
import { argsOrEmpty, checkHead, dictOrEmpty, readPayload } from "./messages_base.ts";
import type {
  CloseDetails,
  ErrorDetails,
  HelloDetails,
  WampDict,
  WelcomeDetails,
} from "./types.ts";
import {
  checkDict,
  checkId,
  checkInteger,
  checkLength,
  checkString,
  checkUri,
  fail,
  isDict,
  type ParseOptions,
  payloadTail,
} from "./validate.ts";

/**
 * Basic profile "HELLO"/"WELCOME > Role and Feature Announcement": a peer MUST
 * announce at least one role, each mapping to a dict.
 */
function checkRoles(name: string, details: WampDict): void {
  const roles = details["roles"];
  if (!isDict(roles)) fail(name, "details.roles must be a dict");
  const keys = Object.keys(roles);
  if (keys.length === 0) fail(name, "details.roles must announce at least one role");
  for (const k of keys) {
    const role = roles[k];
    if (!isDict(role)) fail(name, `details.roles.${k} must be a dict`);
    const features = role["features"];
    if (features !== undefined && !isDict(features)) {
      fail(name, `details.roles.${k}.features must be a dict`);
    }
  }
}

/**
 * Fields of a {@linkcode HelloMessage}.
 *
 * @example Building a HELLO
 * ```ts
 * import { HelloMessage, type HelloInit } from "@autobahn/autobahn/wamp";
 *
 * const init: HelloInit = { realm: "realm1", details: { roles: { subscriber: {} } } };
 * const wire = JSON.stringify(new HelloMessage(init).marshal());
 * if (wire !== '[1,"realm1",{"roles":{"subscriber":{}}}]') throw new Error(wire);
 * ```
 */
export interface HelloInit {
  /** The realm to join. */
  realm: string;
  /** Roles, features, agent and authentication details. */
  details: HelloDetails;
}

/**
 * `[HELLO, Realm|uri, Details|dict]`: a client opens a session (basic profile "HELLO").
 *
 * @example
 * ```ts
 * import { HelloMessage } from "@autobahn/autobahn/wamp";
 * const hello = new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } });
 * hello.marshal(); // [1, "realm1", { roles: { caller: {} } }]
 * ```
 */
export class HelloMessage {
  /** The message type code, 1. */
  readonly type: typeof MessageType.HELLO = MessageType.HELLO;
  /** The realm to join. */
  readonly realm: string;
  /** Roles, features, agent and authentication details. */
  readonly details: HelloDetails;

  /** Creates a HELLO message. */
  constructor(init: HelloInit) {
    this.realm = init.realm;
    this.details = init.details;
  }

  /** Parses and validates a HELLO message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): HelloMessage {
    const N = "HELLO";
    checkHead(N, arr, MessageType.HELLO);
    checkLength(N, arr, 3, 3);
    const realm = checkUri(N, "realm", arr[1], options);
    const details = checkDict(N, "details", arr[2]);
    checkRoles(N, details);
    return new HelloMessage({ realm, details: details as HelloDetails });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.HELLO, this.realm, this.details];
  }
}

/**
 * Fields of a {@linkcode WelcomeMessage}.
 *
 * @example Building a WELCOME
 * ```ts
 * import { WelcomeMessage, type WelcomeInit } from "@autobahn/autobahn/wamp";
 *
 * const init: WelcomeInit = { session: 9129137332, details: { roles: { broker: {} } } };
 * const wire = JSON.stringify(new WelcomeMessage(init).marshal());
 * if (wire !== '[2,9129137332,{"roles":{"broker":{}}}]') throw new Error(wire);
 * ```
 */
export interface WelcomeInit {
  /** The session ID, random in [1, 2^53]. */
  session: number;
  /** Roles, features, agent and authentication results. */
  details: WelcomeDetails;
}

/**
 * `[WELCOME, Session|id, Details|dict]`: a router accepts a session (basic profile "WELCOME").
 *
 * @example
 * ```ts
 * import { WelcomeMessage } from "@autobahn/autobahn/wamp";
 * const m = WelcomeMessage.parse([2, 9129137332, { roles: { broker: {} } }]);
 * m.session; // 9129137332
 * ```
 */
export class WelcomeMessage {
  /** The message type code, 2. */
  readonly type: typeof MessageType.WELCOME = MessageType.WELCOME;
  /** The session ID. */
  readonly session: number;
  /** Roles, features, agent and authentication results. */
  readonly details: WelcomeDetails;

  /** Creates a WELCOME message. */
  constructor(init: WelcomeInit) {
    this.session = init.session;
    this.details = init.details;
  }

  /** Parses and validates a WELCOME message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): WelcomeMessage {
    const N = "WELCOME";
    checkHead(N, arr, MessageType.WELCOME);
    checkLength(N, arr, 3, 3);
    const session = checkId(N, "session ID", arr[1]);
    const details = checkDict(N, "details", arr[2]);
    checkRoles(N, details);
    return new WelcomeMessage({ session, details: details as WelcomeDetails });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.WELCOME, this.session, this.details];
  }
}

/**
 * Fields of an {@linkcode AbortMessage} or a {@linkcode GoodbyeMessage}.
 *
 * @example Building an ABORT with a message
 * ```ts
 * import { AbortMessage, type CloseInit } from "@autobahn/autobahn/wamp";
 *
 * const init: CloseInit = {
 *   reason: "wamp.error.no_such_realm",
 *   details: { message: "no realm1" },
 * };
 * const wire = JSON.stringify(new AbortMessage(init).marshal());
 * if (wire !== '[3,{"message":"no realm1"},"wamp.error.no_such_realm"]') throw new Error(wire);
 * ```
 */
export interface CloseInit {
  /** The reason URI, e.g. `wamp.error.no_such_realm` or `wamp.close.close_realm`. */
  reason: string;
  /** Details such as a human-readable `message`. Default `{}`. */
  details?: CloseDetails;
}

/**
 * `[ABORT, Details|dict, Reason|uri]`: a peer aborts the opening of a session
 * or reports a protocol violation (basic profile "ABORT").
 *
 * @example
 * ```ts
 * import { AbortMessage } from "@autobahn/autobahn/wamp";
 * new AbortMessage({ reason: "wamp.error.no_such_realm" }).marshal();
 * // [3, {}, "wamp.error.no_such_realm"]
 * ```
 */
export class AbortMessage {
  /** The message type code, 3. */
  readonly type: typeof MessageType.ABORT = MessageType.ABORT;
  /** Details such as a human-readable `message`. */
  readonly details: CloseDetails;
  /** The reason URI. */
  readonly reason: string;

  /** Creates an ABORT message. */
  constructor(init: CloseInit) {
    this.details = dictOrEmpty(init.details);
    this.reason = init.reason;
  }

  /** Parses and validates an ABORT message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): AbortMessage {
    const N = "ABORT";
    checkHead(N, arr, MessageType.ABORT);
    checkLength(N, arr, 3, 3);
    const details = checkDict(N, "details", arr[1]);
    const reason = checkUri(N, "reason", arr[2], options);
    return new AbortMessage({ details, reason });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.ABORT, this.details, this.reason];
  }
}

/**
 * Fields of a {@linkcode ChallengeMessage}.
 *
 * @example Building a CHALLENGE
 * ```ts
 * import { ChallengeMessage, type ChallengeInit } from "@autobahn/autobahn/wamp";
 *
 * const init: ChallengeInit = { authMethod: "wampcra", extra: { challenge: "{}" } };
 * const wire = JSON.stringify(new ChallengeMessage(init).marshal());
 * if (wire !== '[4,"wampcra",{"challenge":"{}"}]') throw new Error(wire);
 * ```
 */
export interface ChallengeInit {
  /** The authentication method, e.g. `wampcra`, `cryptosign`, `ticket`. */
  authMethod: string;
  /** Method-specific challenge data. Default `{}`. */
  extra?: WampDict;
}

/**
 * `[CHALLENGE, AuthMethod|string, Extra|dict]`: a router challenges a client
 * during authentication (advanced profile "Messages > CHALLENGE").
 *
 * @example
 * ```ts
 * import { ChallengeMessage } from "@autobahn/autobahn/wamp";
 * ChallengeMessage.parse([4, "ticket", {}]).authMethod; // "ticket"
 * ```
 */
export class ChallengeMessage {
  /** The message type code, 4. */
  readonly type: typeof MessageType.CHALLENGE = MessageType.CHALLENGE;
  /** The authentication method. */
  readonly authMethod: string;
  /** Method-specific challenge data. */
  readonly extra: WampDict;

  /** Creates a CHALLENGE message. */
  constructor(init: ChallengeInit) {
    this.authMethod = init.authMethod;
    this.extra = dictOrEmpty(init.extra);
  }

  /** Parses and validates a CHALLENGE message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): ChallengeMessage {
    const N = "CHALLENGE";
    checkHead(N, arr, MessageType.CHALLENGE);
    checkLength(N, arr, 3, 3);
    const authMethod = checkString(N, "auth method", arr[1]);
    const extra = checkDict(N, "extra", arr[2]);
    return new ChallengeMessage({ authMethod, extra });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.CHALLENGE, this.authMethod, this.extra];
  }
}

/**
 * Fields of an {@linkcode AuthenticateMessage}.
 *
 * @example Building an AUTHENTICATE
 * ```ts
 * import { AuthenticateMessage, type AuthenticateInit } from "@autobahn/autobahn/wamp";
 *
 * const init: AuthenticateInit = { signature: "secret!!!" };
 * const wire = JSON.stringify(new AuthenticateMessage(init).marshal());
 * if (wire !== '[5,"secret!!!",{}]') throw new Error(wire);
 * ```
 */
export interface AuthenticateInit {
  /** The signature or token answering the challenge. */
  signature: string;
  /** Method-specific extra data. Default `{}`. */
  extra?: WampDict;
}

/**
 * `[AUTHENTICATE, Signature|string, Extra|dict]`: a client answers a challenge
 * (advanced profile "Messages > AUTHENTICATE").
 *
 * @example
 * ```ts
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 * new AuthenticateMessage({ signature: "secret!!!" }).marshal(); // [5, "secret!!!", {}]
 * ```
 */
export class AuthenticateMessage {
  /** The message type code, 5. */
  readonly type: typeof MessageType.AUTHENTICATE = MessageType.AUTHENTICATE;
  /** The signature or token. */
  readonly signature: string;
  /** Method-specific extra data. */
  readonly extra: WampDict;

  /** Creates an AUTHENTICATE message. */
  constructor(init: AuthenticateInit) {
    this.signature = init.signature;
    this.extra = dictOrEmpty(init.extra);
  }

  /** Parses and validates an AUTHENTICATE message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): AuthenticateMessage {
    const N = "AUTHENTICATE";
    checkHead(N, arr, MessageType.AUTHENTICATE);
    checkLength(N, arr, 3, 3);
    const signature = checkString(N, "signature", arr[1]);
    const extra = checkDict(N, "extra", arr[2]);
    return new AuthenticateMessage({ signature, extra });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.AUTHENTICATE, this.signature, this.extra];
  }
}

/**
 * `[GOODBYE, Details|dict, Reason|uri]`: a peer closes a session; the other
 * peer echoes it with `wamp.close.goodbye_and_out` (basic profile "GOODBYE").
 *
 * @example
 * ```ts
 * import { CloseUri, GoodbyeMessage } from "@autobahn/autobahn/wamp";
 * new GoodbyeMessage({ reason: CloseUri.GOODBYE_AND_OUT }).marshal();
 * // [6, {}, "wamp.close.goodbye_and_out"]
 * ```
 */
export class GoodbyeMessage {
  /** The message type code, 6. */
  readonly type: typeof MessageType.GOODBYE = MessageType.GOODBYE;
  /** Details such as a human-readable `message`. */
  readonly details: CloseDetails;
  /** The reason URI. */
  readonly reason: string;

  /** Creates a GOODBYE message. */
  constructor(init: CloseInit) {
    this.details = dictOrEmpty(init.details);
    this.reason = init.reason;
  }

  /** Parses and validates a GOODBYE message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): GoodbyeMessage {
    const N = "GOODBYE";
    checkHead(N, arr, MessageType.GOODBYE);
    checkLength(N, arr, 3, 3);
    const details = checkDict(N, "details", arr[1]);
    const reason = checkUri(N, "reason", arr[2], options);
    return new GoodbyeMessage({ details, reason });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.GOODBYE, this.details, this.reason];
  }
}

/**
 * Fields of an {@linkcode ErrorMessage}.
 *
 * @example Building an ERROR with payload
 * ```ts
 * import { ErrorMessage, type ErrorInit, MessageType } from "@autobahn/autobahn/wamp";
 *
 * const init: ErrorInit = {
 *   requestType: MessageType.CALL,
 *   requestId: 7,
 *   error: "com.myapp.error.range",
 *   args: ["too large"],
 * };
 * const wire = JSON.stringify(new ErrorMessage(init).marshal());
 * if (wire !== '[8,48,7,{},"com.myapp.error.range",["too large"]]') throw new Error(wire);
 * ```
 */
export interface ErrorInit {
  /** The type of the request that failed, e.g. `MessageType.CALL`. */
  requestType: ErrorRequestType;
  /** The ID of the request that failed. */
  requestId: number;
  /** The error URI. */
  error: string;
  /** Error details. Default `{}`. */
  details?: ErrorDetails;
  /** Positional error payload. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword error payload. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri,
 * Arguments|list, ArgumentsKw|dict]`: the error reply to a request (basic
 * profile "ERROR"). The request type is one of SUBSCRIBE, UNSUBSCRIBE,
 * PUBLISH, REGISTER, UNREGISTER, CALL or INVOCATION.
 *
 * @example
 * ```ts
 * import { ErrorMessage, MessageType } from "@autobahn/autobahn/wamp";
 * const m = new ErrorMessage({
 *   requestType: MessageType.CALL,
 *   requestId: 7814135,
 *   error: "wamp.error.no_such_procedure",
 * });
 * m.marshal(); // [8, 48, 7814135, {}, "wamp.error.no_such_procedure"]
 * ```
 */
export class ErrorMessage {
  /** The message type code, 8. */
  readonly type: typeof MessageType.ERROR = MessageType.ERROR;
  /** The type of the request that failed. */
  readonly requestType: ErrorRequestType;
  /** The ID of the request that failed. */
  readonly requestId: number;
  /** Error details. */
  readonly details: ErrorDetails;
  /** The error URI. */
  readonly error: string;
  /** Positional error payload (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword error payload (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates an ERROR message. */
  constructor(init: ErrorInit) {
    this.requestType = init.requestType;
    this.requestId = init.requestId;
    this.details = dictOrEmpty(init.details);
    this.error = init.error;
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates an ERROR message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): ErrorMessage {
    const N = "ERROR";
    checkHead(N, arr, MessageType.ERROR);
    checkLength(N, arr, 5, 7);
    const requestType = checkInteger(N, "request type", arr[1]);
    if (!ERROR_REQUEST_TYPES.has(requestType)) {
      fail(N, `request type ${requestType} cannot have an error reply`);
    }
    const requestId = checkId(N, "request ID", arr[2]);
    const details = checkDict(N, "details", arr[3]);
    const error = checkUri(N, "error URI", arr[4], options);
    const { args, kwargs } = readPayload(N, arr, 5);
    return new ErrorMessage({
      requestType: requestType as ErrorRequestType,
      requestId,
      details,
      error,
      args,
      kwargs,
    });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.ERROR,
      this.requestType,
      this.requestId,
      this.details,
      this.error,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}
