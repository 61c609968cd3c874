/**
 * The RawSocket engine of Autobahn|TS: WAMP-over-RawSocket (WAMP advanced
 * profile, "RawSocket Transport") as a sans-I/O state machine. Bytes in,
 * events and bytes out; the adapter owns the socket and the clock.
 *
 * @example
 * ```ts
 * import { RawSocketClientProtocol, RawSocketServerProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * const server = new RawSocketServerProtocol({ serializers: [1] });
 * server.receiveData(client.dataToSend());
 * client.receiveData(server.dataToSend());
 * client.sendMessage(new TextEncoder().encode('[1,"realm1",{}]'));
 * server.receiveData(client.dataToSend());
 * for (const event of server.eventsReceived()) {
 *   if (event.type === "message") console.log(new TextDecoder().decode(event.payload));
 * }
 * ```
 *
 * @module
 */
export { AutobahnError } from "../errors.ts";
export {
  RawSocketError,
  RawSocketErrorCode,
  rawSocketErrorName,
  RawSocketHandshakeError,
  RawSocketPayloadTooLargeError,
  RawSocketPingTimeoutError,
  RawSocketProtocolError,
  type RawSocketProtocolErrorCode,
  RawSocketStateError,
} from "./errors.ts";
export {
  DEFAULT_LENGTH_EXPONENT,
  encodeHandshake,
  encodeHandshakeError,
  HANDSHAKE_LENGTH,
  type HandshakeParams,
  type HandshakeReply,
  lengthExponentFor,
  MAX_LENGTH_EXPONENT,
  maxLengthOf,
  MIN_LENGTH_EXPONENT,
  parseHandshakeReply,
  RAWSOCKET_MAGIC,
  RawSocketSerializer,
} from "./handshake.ts";
export {
  FRAME_HEADER_LENGTH,
  type FrameHandler,
  FrameParser,
  FrameType,
  FrameWriter,
  MAX_FRAME_PAYLOAD,
} from "./framing.ts";
export type {
  RawSocketClosedEvent,
  RawSocketEvent,
  RawSocketFailedEvent,
  RawSocketMessageEvent,
  RawSocketOpenEvent,
  RawSocketPingEvent,
  RawSocketPongEvent,
  RawSocketState,
} from "./events.ts";
export { type RawSocketOptions, RawSocketProtocol } from "./protocol.ts";
export { type RawSocketClientOptions, RawSocketClientProtocol } from "./client.ts";
export {
  type RawSocketHandshakeRequest,
  type RawSocketServerOptions,
  RawSocketServerProtocol,
} from "./server.ts";
