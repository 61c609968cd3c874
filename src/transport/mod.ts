/**
 * WAMP transports of Autobahn|TS: one {@linkcode MessageTransport} interface
 * (push-based: `send` a message, receive through a handler, `close`,
 * `details`) over WebSocket (our engine on Deno, the platform `WebSocket` in
 * browsers and Bun) and RawSocket (Deno TCP, TLS and Unix sockets).
 *
 * URL forms: `ws://`, `wss://`, `rs://host:port`, `rss://host:port`,
 * `rs://unix:/path/to.sock`.
 *
 * @example
 * ```ts ignore
 * import { connectTransport } from "@autobahn/autobahn/transport";
 * import { HelloMessage, MessageType } from "@autobahn/autobahn/wamp";
 *
 * const transport = await connectTransport("rs://127.0.0.1:8080", { serializers: ["cbor"] });
 * transport.setHandler({
 *   onMessage(msg) {
 *     if (msg.type === MessageType.WELCOME) console.log("joined", msg.session);
 *   },
 *   onClose(info) {
 *     console.log("closed", info.wasClean, info.reason);
 *   },
 * });
 * transport.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 * ```
 *
 * @module
 */
import { connectTcp } from "./deno_tcp.ts";
import { connectTls } from "./deno_tls.ts";
import { connectUnix } from "./deno_unix.ts";
import { connectBrowserWebSocket } from "./browser_websocket.ts";
import type { MessageTransport, TransportConnectOptions } from "./message_transport.ts";
import { connectRawSocketWithFallback, type RawSocketTransportOptions } from "./rawsocket.ts";
import { parseTransportUrl } from "./url.ts";
import { connectWebSocketTransport, type WebSocketTransportOptions } from "./websocket.ts";
import type { ByteConnection } from "./types.ts";

export {
  DEFAULT_MAX_MESSAGE_SIZE,
  type MessageTransport,
  type MessageTransportHandler,
  PayloadTooLargeError,
  SerializerNegotiationError,
  subprotocolsFor,
  TransportClosedError,
  type TransportCloseInfo,
  type TransportConnectOptions,
  type TransportDetails,
  TransportError,
  type TransportKind,
} from "./message_transport.ts";
export {
  parseTransportUrl,
  type RawSocketTcpUrl,
  type RawSocketUnixUrl,
  type TransportUrl,
  type WebSocketTransportUrl,
} from "./url.ts";
export {
  connectWebSocketTransport,
  listenWebSocketTransport,
  type WebSocketKeepaliveOptions,
  type WebSocketTransportOptions,
  type WebSocketTransportServerOptions,
} from "./websocket.ts";
export { type BrowserWebSocketOptions, connectBrowserWebSocket } from "./browser_websocket.ts";
export {
  acceptRawSocket,
  connectRawSocket,
  connectRawSocketWithFallback,
  type RawSocketAcceptOptions,
  type RawSocketConnectOptions,
  type RawSocketServeOptions,
  type RawSocketServer,
  type RawSocketTransportOptions,
  serveRawSocket,
} from "./rawsocket.ts";
export type { ByteListener } from "./deno_conn.ts";
export { createInProcessPair } from "./inprocess.ts";
// The WAMP and WebSocket names the transport API refers to, so that one
// import has everything (and the docs are complete).
export * from "../wamp/mod.ts";
export type { ConnectionRequest, ExtensionOffer, RawHeader } from "../websocket/types.ts";
export type { ClientOptions, CommonOptions, ServerOptions } from "../websocket/options.ts";
export type { FetchHandler, ListenOptions, WebSocketServer } from "../websocket/server.ts";
export type { Logger, LogLevel, LogProperties } from "../util/logger.ts";
export { RawSocketErrorCode } from "../rawsocket/errors.ts";
export type { RawSocketHandshakeRequest } from "../rawsocket/server.ts";
export { type ByteConnection, formatPeer, type PeerAddress, type TlsInfo } from "./types.ts";

/** Options of {@linkcode connectTransport}: the union of what the WebSocket and RawSocket connectors take. */
export interface ConnectTransportOptions
  extends TransportConnectOptions, Omit<RawSocketTransportOptions, "url"> {
  /**
   * Which WebSocket implementation to use for `ws://` and `wss://`: our
   * engine (`"engine"`, needs Deno), or the platform `WebSocket`
   * (`"platform"`). Default: the engine on Deno, else the platform.
   */
  webSocket?: "engine" | "platform";
  /** WebSocket only: more engine options and headers; see {@linkcode WebSocketTransportOptions}. */
  websocket?: Omit<WebSocketTransportOptions, keyof TransportConnectOptions>;
}

function hasDeno(): boolean {
  const d = (globalThis as { Deno?: { connect?: unknown } }).Deno;
  return typeof d?.connect === "function";
}

/**
 * Opens a WAMP transport to `url`: `ws://` / `wss://` over WebSocket,
 * `rs://host:port` / `rss://host:port` / `rs://unix:/path` over RawSocket.
 *
 * @example
 * ```ts ignore
 * import { connectTransport } from "@autobahn/autobahn/transport";
 * const t = await connectTransport("wss://example.com/ws", { serializers: ["cbor", "json"] });
 * console.log(t.details.subprotocol);
 * await t.close();
 * ```
 *
 * @throws {TypeError} for a bad URL or option, or RawSocket outside Deno.
 * @throws {SerializerNegotiationError} when the router speaks none of `serializers`.
 */
export function connectTransport(
  url: string,
  options: ConnectTransportOptions = {},
): Promise<MessageTransport> {
  let parsed;
  try {
    parsed = parseTransportUrl(url);
  } catch (err) {
    return Promise.reject(err);
  }
  const base: TransportConnectOptions = {};
  if (options.serializers) base.serializers = options.serializers;
  if (options.batched !== undefined) base.batched = options.batched;
  if (options.maxMessageSize !== undefined) base.maxMessageSize = options.maxMessageSize;
  if (options.signal) base.signal = options.signal;
  if (parsed.kind === "websocket") {
    const engine = options.webSocket ? options.webSocket === "engine" : hasDeno();
    if (!engine) return connectBrowserWebSocket(parsed.url, base);
    if (options.caCerts) base.caCerts = options.caCerts;
    return connectWebSocketTransport(parsed.url, {
      ...options.websocket,
      ...base,
      ...(options.autoPingInterval !== undefined
        ? { autoPingInterval: options.autoPingInterval }
        : {}),
      ...(options.autoPingTimeout !== undefined
        ? { autoPingTimeout: options.autoPingTimeout }
        : {}),
    });
  }
  if (!hasDeno()) {
    return Promise.reject(
      new TypeError(`Cannot connect to ${url}: RawSocket needs Deno sockets in this runtime`),
    );
  }
  if (options.batched) {
    return Promise.reject(new TypeError("Cannot connect: RawSocket has no batched mode"));
  }
  let dial: () => Promise<ByteConnection>;
  if (parsed.path !== undefined) {
    const path = parsed.path;
    dial = () => connectUnix(path);
  } else {
    const endpoint = { hostname: parsed.hostname, port: parsed.port };
    dial = parsed.secure
      ? () => connectTls(endpoint, options.caCerts ? { caCerts: options.caCerts } : {})
      : () => connectTcp(endpoint);
  }
  const rs: RawSocketTransportOptions & { signal?: AbortSignal } = { url };
  for (
    const k of [
      "maxMessageSize",
      "openHandshakeTimeout",
      "autoPingInterval",
      "autoPingTimeout",
      "signal",
    ] as const
  ) {
    if (options[k] !== undefined) (rs as Record<string, unknown>)[k] = options[k];
  }
  return connectRawSocketWithFallback(dial, options.serializers ?? ["json"], rs);
}
