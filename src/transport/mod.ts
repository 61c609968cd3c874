/**
 * WAMP transports of Autobahn|TS: one {@linkcode MessageTransport} interface
 * (push-based: `send` a message, receive through a handler, `close`,
 * `details`) over WebSocket (our engine on Deno, and on Bun when asked for;
 * the platform `WebSocket` in browsers and by default on Bun) and RawSocket
 * (TCP, TLS and Unix sockets of Deno or Bun; see `bun.ts` for the adapter).
 *
 * URL forms: `ws://`, `wss://`, `rs://host:port`, `rss://host:port`,
 * `rs://unix:/path/to.sock`.
 *
 * @example Joining a realm by hand over RawSocket
 * ```ts
 * import { connectTransport } from "@autobahn/autobahn/transport";
 * import { HelloMessage, MessageType } from "@autobahn/autobahn/wamp";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * }, { ephemeralPorts: true });
 * await using transport = await connectTransport(router.transports[0]!.url, {
 *   serializers: ["cbor"],
 * });
 * const welcomed = new Promise<boolean>((resolve) =>
 *   transport.setHandler({
 *     onMessage: (msg) => resolve(msg.type === MessageType.WELCOME),
 *     onClose: () => resolve(false),
 *   })
 * );
 * transport.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 * if (!await welcomed) throw new Error("not welcomed");
 * ```
 *
 * @module
 */
import { connectBrowserWebSocket, registerPlatformSerializer } from "./browser_websocket.ts";
import { createSerializer } from "../wamp/serializers/registry.ts";
import type { MessageTransport, TransportConnectOptions } from "./message_transport.ts";
import { connectRawSocketWithFallback, type RawSocketTransportOptions } from "./rawsocket.ts";
import { parseTransportUrl } from "./url.ts";
import { connectWebSocketTransport, type WebSocketTransportOptions } from "./websocket.ts";
import type { ByteConnection } from "./types.ts";
import { hasDeno, runtimeDialers } from "./runtime.ts";

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
export {
  type BrowserWebSocketOptions,
  connectBrowserWebSocket,
  type PlatformSerializerFactory,
  platformSerializers,
  registerPlatformSerializer,
} from "./browser_websocket.ts";
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
export {
  BunByteConnection,
  BunConnectionClosedError,
  type BunListenOptions,
  connectBunTcp,
  connectBunTls,
  connectBunUnix,
  dialBun,
  type DialBunOptions,
  isBun,
  listenBun,
  listenBunTcp,
  listenBunTls,
  listenBunUnix,
} from "./bun.ts";
export { connectTcp, listenTcp, type TcpEndpoint } from "./deno_tcp.ts";
export { connectTls, listenTls, type TlsClientOptions, type TlsServerOptions } from "./deno_tls.ts";
export { connectUnix, listenUnix } from "./deno_unix.ts";
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

// The platform WebSocket speaks every serializer once this module is loaded
// (the browser entry, src/client.ts, registers only the ones it imports).
for (const name of ["msgpack", "cbor", "ubjson"] as const) {
  registerPlatformSerializer(name, (options) => createSerializer(name, options));
}

/**
 * Options of {@linkcode connectTransport}: the union of what the WebSocket and RawSocket connectors take.
 *
 * @example Preferring CBOR with a 1 MiB limit
 * ```ts
 * import { type ConnectTransportOptions, connectTransport } from "@autobahn/autobahn/transport";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * }, { ephemeralPorts: true });
 * const options: ConnectTransportOptions = { serializers: ["cbor", "json"], maxMessageSize: 2 ** 20 };
 * await using transport = await connectTransport(router.transports[0]!.url, options);
 * if (transport.details.subprotocol !== "wamp.2.cbor") throw new Error("expected CBOR");
 * ```
 */
export interface ConnectTransportOptions
  extends TransportConnectOptions, Omit<RawSocketTransportOptions, "url"> {
  /**
   * Which WebSocket implementation to use for `ws://` and `wss://`: our
   * engine (`"engine"`, over Deno or Bun sockets), or the platform
   * `WebSocket` (`"platform"`). Default: the engine on Deno, else the
   * platform (browsers, and Bun, whose native client is the default there).
   */
  webSocket?: "engine" | "platform";
  /** WebSocket only: more engine options and headers; see {@linkcode WebSocketTransportOptions}. */
  websocket?: Omit<WebSocketTransportOptions, keyof TransportConnectOptions>;
}

/**
 * Opens a WAMP transport to `url`: `ws://` / `wss://` over WebSocket,
 * `rs://host:port` / `rss://host:port` / `rs://unix:/path` over RawSocket.
 *
 * @example The same call for WebSocket and RawSocket
 * ```ts
 * import { connectTransport } from "@autobahn/autobahn/transport";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [
 *       { type: "websocket", endpoint: { type: "tcp", port: 8080 } },
 *       { type: "rawsocket", endpoint: { type: "tcp", port: 8081 } },
 *     ],
 *   }],
 * }, { ephemeralPorts: true });
 * for (const { url } of router.transports) { // ws://127.0.0.1:…/, rs://127.0.0.1:…
 *   await using t = await connectTransport(url, { serializers: ["cbor", "json"] });
 *   if (t.details.serializer !== "cbor") throw new Error(`${url}: ${t.details.serializer}`);
 * }
 * ```
 *
 * @throws {TypeError} for a bad URL or option, or RawSocket outside Deno and Bun.
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
    // Off Deno (Bun) the engine runs over this runtime's sockets: dial here.
    const net = hasDeno() || options.websocket?.connection ? undefined : runtimeDialers();
    if (net) {
      const endpoint = { hostname: parsed.hostname, port: parsed.port };
      const dialing = parsed.secure
        ? net.tls(endpoint, options.caCerts ? { caCerts: options.caCerts } : {})
        : net.tcp(endpoint);
      return dialing.then((connection) =>
        connectWebSocketTransport(parsed.url, {
          ...options.websocket,
          ...base,
          connection,
          ...(options.autoPingInterval !== undefined
            ? { autoPingInterval: options.autoPingInterval }
            : {}),
          ...(options.autoPingTimeout !== undefined
            ? { autoPingTimeout: options.autoPingTimeout }
            : {}),
        })
      );
    }
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
  const net = runtimeDialers();
  if (!net) {
    return Promise.reject(
      new TypeError(`Cannot connect to ${url}: RawSocket needs Deno or Bun sockets`),
    );
  }
  if (options.batched) {
    return Promise.reject(new TypeError("Cannot connect: RawSocket has no batched mode"));
  }
  let dial: () => Promise<ByteConnection>;
  if (parsed.path !== undefined) {
    const path = parsed.path;
    dial = () => net.unix(path);
  } else {
    const endpoint = { hostname: parsed.hostname, port: parsed.port };
    dial = parsed.secure
      ? () => net.tls(endpoint, options.caCerts ? { caCerts: options.caCerts } : {})
      : () => net.tcp(endpoint);
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
