/**
 * The WAMP message layer of Autobahn|TS: typed messages of the basic and
 * advanced profiles with full validation, message type codes, URI rules and
 * matching, predefined URIs, wire types of options and details, ID
 * generation, and the WAMP errors.
 *
 * Parse a decoded message array with {@linkcode parseMessage}, switch on its
 * `type`, and turn a message back into an array with `marshal()`.
 *
 * @example
 * ```ts
 * import { CallMessage, MessageType, parseMessage } from "@autobahn/autobahn/wamp";
 *
 * const msg = parseMessage([48, 1, {}, "com.myapp.add2", [23, 7]]);
 * if (msg.type === MessageType.CALL) {
 *   console.log(msg.procedure, msg.args); // "com.myapp.add2" [23, 7]
 * }
 * new CallMessage({ requestId: 2, procedure: "com.myapp.ping" }).marshal();
 * // [48, 2, {}, "com.myapp.ping"]
 * ```
 *
 * @module
 */

export {
  ERROR_REQUEST_TYPES,
  type ErrorRequestType,
  isMessageTypeCode,
  MessageType,
  type MessageTypeCode,
  type MessageTypeName,
  messageTypeName,
} from "./codes.ts";

export * from "./messages.ts";

export { isDict, isValidId, type ParseOptions } from "./validate.ts";

export {
  CloseUri,
  type CloseUriValue,
  ErrorUri,
  type ErrorUriValue,
  isValidUri,
  matchesPrefix,
  matchesUri,
  matchesWildcard,
  type MatchPolicy,
  MetaUri,
  type MetaUriValue,
  type UriCheckOptions,
} from "./uri.ts";

export * from "./types.ts";

export { AutobahnError } from "../errors.ts";
export * from "./errors.ts";

export { IdGenerator, MAX_WAMP_ID, newGlobalId } from "../util/ids.ts";

export * from "./serializers/mod.ts";
