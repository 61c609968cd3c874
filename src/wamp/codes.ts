/**
 * WAMP message type codes of the basic and advanced profiles.
 *
 * @module
 */

/**
 * The message type code that opens every WAMP message array.
 *
 * Basic profile "Message Codes and Direction" (codes 1–70, 20 messages) and
 * advanced profile "Message Codes and Direction" (CHALLENGE, AUTHENTICATE,
 * CANCEL, INTERRUPT).
 *
 * @example
 * ```ts
 * import { MessageType } from "@autobahn/autobahn/wamp";
 * const call = [MessageType.CALL, 1, {}, "com.myapp.ping"];
 * ```
 */
export const MessageType = {
  /** `[HELLO, Realm|uri, Details|dict]` */
  HELLO: 1,
  /** `[WELCOME, Session|id, Details|dict]` */
  WELCOME: 2,
  /** `[ABORT, Details|dict, Reason|uri]` */
  ABORT: 3,
  /** `[CHALLENGE, AuthMethod|string, Extra|dict]` (advanced) */
  CHALLENGE: 4,
  /** `[AUTHENTICATE, Signature|string, Extra|dict]` (advanced) */
  AUTHENTICATE: 5,
  /** `[GOODBYE, Details|dict, Reason|uri]` */
  GOODBYE: 6,
  /** `[ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]` */
  ERROR: 8,
  /** `[PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]` */
  PUBLISH: 16,
  /** `[PUBLISHED, PUBLISH.Request|id, Publication|id]` */
  PUBLISHED: 17,
  /** `[SUBSCRIBE, Request|id, Options|dict, Topic|uri]` */
  SUBSCRIBE: 32,
  /** `[SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]` */
  SUBSCRIBED: 33,
  /** `[UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]` */
  UNSUBSCRIBE: 34,
  /** `[UNSUBSCRIBED, UNSUBSCRIBE.Request|id, Details|dict]` (details: advanced, revocation) */
  UNSUBSCRIBED: 35,
  /** `[EVENT, Subscription|id, Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict]` */
  EVENT: 36,
  /** `[CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]` */
  CALL: 48,
  /** `[CANCEL, CALL.Request|id, Options|dict]` (advanced) */
  CANCEL: 49,
  /** `[RESULT, CALL.Request|id, Details|dict, Arguments|list, ArgumentsKw|dict]` */
  RESULT: 50,
  /** `[REGISTER, Request|id, Options|dict, Procedure|uri]` */
  REGISTER: 64,
  /** `[REGISTERED, REGISTER.Request|id, Registration|id]` */
  REGISTERED: 65,
  /** `[UNREGISTER, Request|id, REGISTERED.Registration|id]` */
  UNREGISTER: 66,
  /** `[UNREGISTERED, UNREGISTER.Request|id, Details|dict]` (details: advanced, revocation) */
  UNREGISTERED: 67,
  /** `[INVOCATION, Request|id, Registration|id, Details|dict, Arguments|list, ArgumentsKw|dict]` */
  INVOCATION: 68,
  /** `[INTERRUPT, INVOCATION.Request|id, Options|dict]` (advanced) */
  INTERRUPT: 69,
  /** `[YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]` */
  YIELD: 70,
} as const;

/**
 * A message type code, e.g. `48` for CALL.
 *
 * @example Typing a message code
 * ```ts
 * import { MessageType, type MessageTypeCode } from "@autobahn/autobahn/wamp";
 *
 * const code: MessageTypeCode = MessageType.CALL;
 * if (code !== 48) throw new Error("CALL is 48");
 * ```
 */
export type MessageTypeCode = typeof MessageType[keyof typeof MessageType];

/**
 * The name of a message type, e.g. `"CALL"`.
 *
 * @example Naming a message type
 * ```ts
 * import { MessageType, type MessageTypeName, messageTypeName } from "@autobahn/autobahn/wamp";
 *
 * const name: MessageTypeName | undefined = messageTypeName(MessageType.RESULT);
 * if (name !== "RESULT") throw new Error(`unexpected ${name}`);
 * ```
 */
export type MessageTypeName = keyof typeof MessageType;

const NAMES: ReadonlyMap<number, MessageTypeName> = new Map(
  (Object.keys(MessageType) as MessageTypeName[]).map((k) => [MessageType[k], k]),
);

/**
 * Returns the name of a message type code, or `undefined` for an unknown code.
 *
 * @example
 * ```ts
 * import { messageTypeName } from "@autobahn/autobahn/wamp";
 * messageTypeName(48); // "CALL"
 * messageTypeName(7); // undefined
 * ```
 */
export function messageTypeName(code: number): MessageTypeName | undefined {
  return NAMES.get(code);
}

/**
 * Returns whether `code` is a message type code of the basic or advanced profile.
 *
 * @example Checking the head of a wire array
 * ```ts
 * import { isMessageTypeCode } from "@autobahn/autobahn/wamp";
 *
 * if (!isMessageTypeCode(48)) throw new Error("CALL is a message type");
 * if (isMessageTypeCode(7) || isMessageTypeCode("48")) throw new Error("not message types");
 * ```
 */
export function isMessageTypeCode(code: unknown): code is MessageTypeCode {
  return typeof code === "number" && NAMES.has(code);
}

/**
 * The request types an ERROR message may answer (basic profile "Publish ERROR",
 * "Subscribe ERROR", "Unsubscribe ERROR", "Register ERROR", "Unregister ERROR",
 * "Invocation ERROR", "Call ERROR"). A canceled call is answered with
 * ERROR/CALL and an interrupted invocation with ERROR/INVOCATION (advanced
 * profile "Call Canceling"), so CANCEL and INTERRUPT never appear here.
 *
 * @example Which requests ERROR can answer
 * ```ts
 * import { ERROR_REQUEST_TYPES, MessageType } from "@autobahn/autobahn/wamp";
 *
 * if (!ERROR_REQUEST_TYPES.has(MessageType.CALL)) throw new Error("CALL can fail");
 * if (ERROR_REQUEST_TYPES.has(MessageType.CANCEL)) throw new Error("CANCEL is answered as CALL");
 * ```
 */
export const ERROR_REQUEST_TYPES: ReadonlySet<number> = new Set([
  MessageType.SUBSCRIBE,
  MessageType.UNSUBSCRIBE,
  MessageType.PUBLISH,
  MessageType.REGISTER,
  MessageType.UNREGISTER,
  MessageType.CALL,
  MessageType.INVOCATION,
]);

/**
 * A message type an ERROR message may answer.
 *
 * @example The request type of an ERROR
 * ```ts
 * import { ErrorMessage, type ErrorRequestType, MessageType } from "@autobahn/autobahn/wamp";
 *
 * const requestType: ErrorRequestType = MessageType.REGISTER;
 * const err = new ErrorMessage({ requestType, requestId: 1, error: "wamp.error.invalid_uri" });
 * if (err.marshal()[1] !== 64) throw new Error("REGISTER is 64");
 * ```
 */
export type ErrorRequestType =
  | typeof MessageType.SUBSCRIBE
  | typeof MessageType.UNSUBSCRIBE
  | typeof MessageType.PUBLISH
  | typeof MessageType.REGISTER
  | typeof MessageType.UNREGISTER
  | typeof MessageType.CALL
  | typeof MessageType.INVOCATION;
