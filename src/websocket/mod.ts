/**
 * Autobahn|TS WebSocket (RFC 6455): a sans-I/O frame engine with two faces,
 * Autobahn's callbacks ({@linkcode WebSocketServerProtocol},
 * {@linkcode WebSocketClientProtocol}) and promises with async iteration
 * ({@linkcode serve}, {@linkcode connect}).
 *
 * @example The seed's callback face
 * ```ts
 * import {
 *   listenWebSocket,
 *   WebSocketServerFactory,
 *   WebSocketServerProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * class Echo extends WebSocketServerProtocol {
 *   override onMessage(payload: Uint8Array, isBinary: boolean) {
 *     this.sendMessage(payload, isBinary);
 *   }
 * }
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.protocol = Echo;
 * factory.setProtocolOptions({ maxMessagePayloadSize: 1 << 20 });
 * const server = await listenWebSocket(factory);
 * await server.close();
 * ```
 *
 * @example The modern face: echo with `serve` and `connect`
 * ```ts
 * import { connect, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg);
 * });
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * ws.send("Hello");
 * for await (const msg of ws) {
 *   if (msg !== "Hello") throw new Error(`unexpected ${msg}`);
 *   break;
 * }
 * ```
 *
 * @module
 */
export { WebSocketProtocol } from "./base.ts";
export {
  type ClientFactoryOptions,
  type ClientProtocolClass,
  type ConnectOptions,
  connectWebSocket,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "./client.ts";
export {
  connect,
  type ConnectWebSocketOptions,
  type SendOptions,
  serve,
  type ServeOptions,
  WebSocketConnection,
  type WebSocketMessage,
} from "./connection.ts";
export {
  CloseCode,
  ConnectionDeny,
  Disconnected,
  HandshakeError,
  WebSocketError,
  WebSocketProtocolError,
} from "./errors.ts";
export { encodeFrame, type EncodeFrameOptions, Opcode } from "./frame.ts";
export {
  AUTO_PING_TIMEOUT_REASON,
  defaultTimerService,
  TimerService,
  type TimerServiceStats,
  type TimerTask,
} from "./timer_service.ts";
export { ProxyError, type ProxyOptions } from "../transport/proxy.ts";
export {
  DeflateDataError,
  DeflateMessageTooBigError,
  PerMessageDeflate,
  type PerMessageDeflateParams,
} from "./deflate.ts";
export {
  DeflateNegotiationError,
  type ExtensionParams,
  formatPerMessageDeflateOffers,
  negotiatePerMessageDeflateClient,
  negotiatePerMessageDeflateServer,
  parsePerMessageDeflateOffers,
  type PerMessageCompressionAcceptClient,
  type PerMessageCompressionAcceptServer,
  type PerMessageDeflateCodecOptions,
  PerMessageDeflateOffer,
  PerMessageDeflateOfferAccept,
  type PerMessageDeflateOfferAcceptOptions,
  type PerMessageDeflateOfferOptions,
  PerMessageDeflateResponse,
  PerMessageDeflateResponseAccept,
  type PerMessageDeflateResponseAcceptOptions,
  type PerMessageDeflateResponseFields,
  type ServerDeflateNegotiation,
} from "./deflate_negotiation.ts";
export type { ByteConnection, PeerAddress, TlsInfo } from "../transport/types.ts";
export type { ByteListener } from "../transport/deno_conn.ts";
export type { Logger, LogLevel, LogProperties } from "../util/logger.ts";
export { AutobahnError } from "../errors.ts";
export {
  buildClientHandshakeRequest,
  buildHandshakeErrorResponse,
  buildHttpErrorResponse,
  buildServerHandshakeResponse,
  buildStatusPage,
  type ClientHandshakeExpectations,
  type ClientHandshakeOptions,
  computeAcceptKey,
  formatExtension,
  generateClientKey,
  type HandshakeErrorResponseOptions,
  type HandshakeFailure,
  isWebSocketUpgrade,
  parseCookies,
  parseExtensions,
  parseHeaderList,
  reasonPhrase,
  type ServerHandshakeAccept,
  type ServerHandshakeOptions,
  type ServerResponseOptions,
  validateClientHandshake,
  validateServerHandshake,
} from "./handshake.ts";
export {
  DEFAULT_HTTP_LIMITS,
  type HttpHead,
  type HttpLimits,
  type HttpRequestHead,
  HttpRequestReader,
  type HttpResponseHead,
  HttpResponseReader,
  type HttpVersion,
} from "./http11.ts";
export {
  type ClientOptions,
  type CommonOptions,
  DEFAULT_OPTIONS,
  type ResolvedOptions,
  resolveOptions,
  type ServerOptions,
} from "./options.ts";
export {
  compileOriginPatterns,
  isOriginAllowed,
  OriginPolicy,
  type OriginPolicyOptions,
  type ParsedOrigin,
  parseOrigin,
} from "./origin.ts";
export {
  type CloseInfo,
  ConnectionState,
  type ConnectionStateValue,
  type WebSocketEventHandler,
  WebSocketProtocolCore,
  type WebSocketRole,
} from "./protocol.ts";
export {
  type FetchHandler,
  type ListenOptions,
  listenWebSocket,
  type ServerFactoryOptions,
  type ServerProtocolClass,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "./server.ts";
export type {
  ConnectionAccept,
  ConnectionRequest,
  ConnectionResponse,
  ExtensionOffer,
  RawHeader,
} from "./types.ts";
