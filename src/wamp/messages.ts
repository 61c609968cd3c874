/**
 * Typed WAMP messages: one class per message type, the {@linkcode WampMessage}
 * union and the {@linkcode parseMessage} dispatcher that turns a decoded wire
 * array into a validated message.
 *
 * @module
 */
import { MessageType } from "./codes.ts";
import { ProtocolError } from "./errors.ts";
import {
  AbortMessage,
  AuthenticateMessage,
  ChallengeMessage,
  ErrorMessage,
  GoodbyeMessage,
  HelloMessage,
  WelcomeMessage,
} from "./messages_session.ts";
import {
  EventMessage,
  PublishedMessage,
  PublishMessage,
  SubscribedMessage,
  SubscribeMessage,
  UnsubscribedMessage,
  UnsubscribeMessage,
} from "./messages_pubsub.ts";
import {
  CallMessage,
  CancelMessage,
  InterruptMessage,
  InvocationMessage,
  ResultMessage,
  YieldMessage,
} from "./messages_rpc.ts";
import {
  RegisteredMessage,
  RegisterMessage,
  UnregisteredMessage,
  UnregisterMessage,
} from "./messages_registration.ts";
import type { ParseOptions } from "./validate.ts";

export * from "./messages_session.ts";
export * from "./messages_pubsub.ts";
export * from "./messages_rpc.ts";
export * from "./messages_registration.ts";

/**
 * Any WAMP message of the basic or advanced profile. Switch on `type` to
 * narrow it.
 *
 * @example
 * ```ts
 * import { MessageType, parseMessage, type WampMessage } from "@autobahn/autobahn/wamp";
 * const msg: WampMessage = parseMessage([50, 7814135, {}, [30]]);
 * if (msg.type === MessageType.RESULT) console.log(msg.args[0]); // 30
 * ```
 */
export type WampMessage =
  | HelloMessage
  | WelcomeMessage
  | AbortMessage
  | ChallengeMessage
  | AuthenticateMessage
  | GoodbyeMessage
  | ErrorMessage
  | PublishMessage
  | PublishedMessage
  | SubscribeMessage
  | SubscribedMessage
  | UnsubscribeMessage
  | UnsubscribedMessage
  | EventMessage
  | CallMessage
  | CancelMessage
  | ResultMessage
  | RegisterMessage
  | RegisteredMessage
  | UnregisterMessage
  | UnregisteredMessage
  | InvocationMessage
  | InterruptMessage
  | YieldMessage;

type Parser = (arr: readonly unknown[], options: ParseOptions) => WampMessage;

const PARSERS: ReadonlyMap<number, Parser> = new Map<number, Parser>([
  [MessageType.HELLO, HelloMessage.parse],
  [MessageType.WELCOME, WelcomeMessage.parse],
  [MessageType.ABORT, AbortMessage.parse],
  [MessageType.CHALLENGE, ChallengeMessage.parse],
  [MessageType.AUTHENTICATE, AuthenticateMessage.parse],
  [MessageType.GOODBYE, GoodbyeMessage.parse],
  [MessageType.ERROR, ErrorMessage.parse],
  [MessageType.PUBLISH, PublishMessage.parse],
  [MessageType.PUBLISHED, PublishedMessage.parse],
  [MessageType.SUBSCRIBE, SubscribeMessage.parse],
  [MessageType.SUBSCRIBED, SubscribedMessage.parse],
  [MessageType.UNSUBSCRIBE, UnsubscribeMessage.parse],
  [MessageType.UNSUBSCRIBED, UnsubscribedMessage.parse],
  [MessageType.EVENT, EventMessage.parse],
  [MessageType.CALL, CallMessage.parse],
  [MessageType.CANCEL, CancelMessage.parse],
  [MessageType.RESULT, ResultMessage.parse],
  [MessageType.REGISTER, RegisterMessage.parse],
  [MessageType.REGISTERED, RegisteredMessage.parse],
  [MessageType.UNREGISTER, UnregisterMessage.parse],
  [MessageType.UNREGISTERED, UnregisteredMessage.parse],
  [MessageType.INVOCATION, InvocationMessage.parse],
  [MessageType.INTERRUPT, InterruptMessage.parse],
  [MessageType.YIELD, YieldMessage.parse],
]);

/**
 * Parses and validates a decoded WAMP message array (basic profile
 * "Messages": `[MessageType|integer, ...]`). Throws {@linkcode ProtocolError}
 * on any violation: not a list, empty, unknown type code, wrong element count
 * or type, ID out of [1, 2^53], invalid URI. Extension message codes
 * (256–1023) are not understood and rejected too.
 *
 * @example
 * ```ts
 * import { CallMessage, parseMessage } from "@autobahn/autobahn/wamp";
 * const msg = parseMessage([48, 7814135, {}, "com.myapp.add2", [23, 7]]);
 * msg instanceof CallMessage; // true
 * ```
 */
export function parseMessage(arr: unknown, options: ParseOptions = {}): WampMessage {
  if (!Array.isArray(arr)) throw new ProtocolError("Cannot parse message: message must be a list");
  if (arr.length === 0) throw new ProtocolError("Cannot parse message: message is empty");
  const code = arr[0];
  const parser = typeof code === "number" ? PARSERS.get(code) : undefined;
  if (parser === undefined) {
    const shown = typeof code === "number" ? String(code) : typeof code;
    throw new ProtocolError(`Cannot parse message: unknown message type ${shown}`);
  }
  return parser(arr, options);
}
