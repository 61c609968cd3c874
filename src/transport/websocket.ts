/**
 * WAMP over our WebSocket engine (WAMP basic profile, "WebSocket Transport"):
 * {@linkcode connectWebSocketTransport} dials a router and negotiates a
 * `wamp.2.*` subprotocol; {@linkcode createWebSocketTransportFactory} makes a
 * server factory for `listenWebSocket` that hands each accepted connection to
 * the router as a {@linkcode MessageTransport}.
 *
 * @module
 */
import { concatBytes } from "../util/bytes.ts";
import { WAMP_SUBPROTOCOLS } from "../wamp/serializers/registry.ts";
import { serializerForSubprotocol } from "../wamp/serializers/registry.ts";
import type { Serializer } from "../wamp/serializers/serializer.ts";
import type { ProtocolError } from "../wamp/errors.ts";
import type { WebSocketProtocol } from "../websocket/base.ts";
import {
  type ClientFactoryOptions,
  connectWebSocket,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../websocket/client.ts";
import { CloseCode, ConnectionDeny } from "../websocket/errors.ts";
import type { ClientOptions, ServerOptions } from "../websocket/options.ts";
import {
  type ListenOptions,
  listenWebSocket,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../websocket/server.ts";
import type { ConnectionRequest, ConnectionResponse } from "../websocket/types.ts";
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  type MessageTransport,
  MessageTransportBase,
  SerializerNegotiationError,
  subprotocolsFor,
  type TransportConnectOptions,
  type TransportDetails,
} from "./message_transport.ts";
import type { ByteConnection } from "./types.ts";

/**
 * Keepalive settings shared by the WebSocket client and server.
 *
 * @example Pinging every 20 s, giving up after 5 s
 * ```ts
 * import type { WebSocketKeepaliveOptions, WebSocketTransportOptions } from "@autobahn/autobahn/transport";
 *
 * const keepalive: WebSocketKeepaliveOptions = { autoPingInterval: 20, autoPingTimeout: 5 };
 * const options: WebSocketTransportOptions = { ...keepalive, serializers: ["cbor"] };
 * if (options.autoPingTimeout !== 5) throw new Error("unexpected");
 * ```
 */
export interface WebSocketKeepaliveOptions {
  /** Seconds between our pings; 0 disables them. Default 0. */
  autoPingInterval?: number;
  /** Seconds to wait for the pong before dropping the connection. Default: the interval. */
  autoPingTimeout?: number;
}

/**
 * Options of {@linkcode connectWebSocketTransport}.
 *
 * @example Sending an `Origin` and an extra header
 * ```ts
 * import { connectWebSocketTransport, listenWebSocketTransport, type WebSocketTransportOptions } from "@autobahn/autobahn/transport";
 *
 * let seen: string | undefined;
 * await using server = await listenWebSocketTransport("ws://127.0.0.1:0", {
 *   onConnect: (request) => void (seen = request.headers["x-client"]),
 *   onTransport: (t) => t.setHandler({ onMessage: () => {}, onClose: () => {} }),
 * });
 * const options: WebSocketTransportOptions = {
 *   serializers: ["json"],
 *   origin: "https://app.example.com",
 *   headers: { "X-Client": "docs" },
 * };
 * await using _t = await connectWebSocketTransport(`ws://127.0.0.1:${server.port}`, options);
 * if (seen !== "docs") throw new Error(`header not seen: ${seen}`);
 * ```
 */
export interface WebSocketTransportOptions
  extends TransportConnectOptions, WebSocketKeepaliveOptions {
  /** The subprotocols to offer verbatim (overrides `serializers` and `batched`). */
  protocols?: readonly string[];
  /** The `Origin` header to send. */
  origin?: string;
  /** Extra request headers. */
  headers?: Record<string, string | string[]>;
  /** More WebSocket engine options (Autobahn's names), e.g. `openHandshakeTimeout`. */
  webSocketOptions?: ClientOptions;
  /** Use this byte connection instead of dialing (proxies, tests, other runtimes). */
  connection?: ByteConnection;
}

/** Validates keepalive options; returns milliseconds, or undefined when off. */
function keepaliveMs(
  o: WebSocketKeepaliveOptions,
): { interval: number; timeout: number } | undefined {
  const i = o.autoPingInterval ?? 0;
  const t = o.autoPingTimeout ?? i;
  if (!(i >= 0) || !(t >= 0) || !Number.isFinite(i) || !Number.isFinite(t)) {
    throw new RangeError("Cannot set keepalive: expected non-negative seconds");
  }
  return i > 0 ? { interval: i * 1000, timeout: (t || i) * 1000 } : undefined;
}

/** A MessageTransport over one WebSocket connection of our engine. */
class WebSocketTransport extends MessageTransportBase {
  readonly details: TransportDetails;
  readonly #proto: WebSocketProtocol;
  #batch: Uint8Array[] = [];
  #batchQueued = false;
  #error: unknown;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #pingPayload: Uint8Array | undefined;
  #pingCount = 0;

  constructor(
    proto: WebSocketProtocol,
    serializer: Serializer,
    details: TransportDetails,
    keepalive: { interval: number; timeout: number } | undefined,
  ) {
    super(serializer);
    this.#proto = proto;
    this.details = details;
    if (keepalive) {
      this.#pingTimer = setInterval(() => this.#ping(keepalive.timeout), keepalive.interval);
    }
  }

  protected _sendPayload(payload: Uint8Array, writeAt: number): void {
    if (!this._serializer.batched) {
      const before = this.#proto._driver?.core.bufferedAmount ?? 0;
      this.#proto.sendMessage(payload, this._serializer.isBinary); // throws unless open
      const d = this.#proto._driver!;
      // Output normally leaves in one write at the end of the task (the
      // driver's scheduled flush); see _writeNow for when it starts sooner.
      if (this._writeNow(before, d.core.bufferedAmount, writeAt, d.core.role === "client")) {
        d.flush();
      }
      return;
    }
    // Batched mode: every message sent in this task travels in one WebSocket message.
    this.#batch.push(payload);
    if (!this.#batchQueued) {
      this.#batchQueued = true;
      queueMicrotask(() => this.#flushBatch());
    }
  }

  #flushBatch(): void {
    this.#batchQueued = false;
    const parts = this.#batch;
    if (parts.length === 0) return;
    this.#batch = [];
    const payload = concatBytes(parts);
    try {
      this.#proto.sendMessage(payload, this._serializer.isBinary);
    } catch {
      // Closed meanwhile: the close notice tells the session.
    }
  }

  protected _close(code: number, reason: string): void {
    if (code !== 1000 && (code < 3000 || code > 4999) && code !== 1001 && code !== 1011) {
      throw new RangeError(`Cannot close: code ${code} is not 1000, 1001, 1011 or 3000-4999`);
    }
    this.#flushBatch();
    this.#closeWith(code, reason);
  }

  protected _failProtocol(error: ProtocolError): void {
    this.#flushBatch();
    this.#error = error;
    this.#closeWith(CloseCode.PROTOCOL_ERROR, "WAMP protocol violation");
  }

  protected _failInternal(error: unknown): void {
    this.#error = error;
    this.#closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
  }

  #closeWith(code: number, reason: string): void {
    // The callback face's sendClose admits only 1000 and 3000-4999; a WAMP
    // transport also needs 1002 (protocol error) and 1011, so use the core.
    const d = this.#proto._driver;
    if (!d) return;
    d.core.closeWith(code, reason);
    d.scheduleFlush();
  }

  #ping(timeoutMs: number): void {
    if (this.#pingPayload !== undefined) return;
    const c = this.#pingCount = (this.#pingCount + 1) >>> 0;
    const payload = Uint8Array.of(c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff);
    try {
      this.#proto.sendPing(payload);
    } catch {
      return;
    }
    this.#pingPayload = payload;
    this.#pongTimer = setTimeout(() => {
      this.#pongTimer = undefined;
      this.#error = new Error(`WebSocket ping not answered within ${timeoutMs} ms`);
      this.#proto.dropConnection();
    }, timeoutMs);
  }

  /** @internal */
  _onMessage(payload: Uint8Array, isBinary: boolean): void {
    this._receive(payload, isBinary);
  }

  /** @internal */
  _onPong(payload: Uint8Array): void {
    const p = this.#pingPayload;
    if (p && p.length === payload.length && p.every((b, i) => b === payload[i])) {
      this.#pingPayload = undefined;
      clearTimeout(this.#pongTimer);
      this.#pongTimer = undefined;
    }
  }

  /** @internal */
  _onClose(wasClean: boolean, code: number, reason: string): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#batch = [];
    const error = this.#error;
    const info = error === undefined ? { wasClean, code, reason } : {
      wasClean: false,
      code,
      reason: reason || String((error as Error)?.message ?? error),
      error,
    };
    this._closed(info);
  }
}

/**
 * Connects to a WAMP router over WebSocket with our engine (`ws://`,
 * `wss://`, `ws+unix:///path.sock`), offering the `wamp.2.*` subprotocols of
 * `serializers`.
 *
 * @example Connecting to a router with the engine
 * ```ts
 * import { connectWebSocketTransport } from "@autobahn/autobahn/transport";
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
 * await using transport = await connectWebSocketTransport(router.transports[0]!.url, {
 *   serializers: ["cbor", "json"],
 * });
 * if (transport.details.subprotocol !== "wamp.2.cbor") throw new Error("expected CBOR");
 * ```
 *
 * @throws {SerializerNegotiationError} when the server picked no subprotocol we offered.
 * @throws {HandshakeError} when the server refused the opening handshake (e.g. 400).
 */
export async function connectWebSocketTransport(
  url: string,
  options: WebSocketTransportOptions = {},
): Promise<MessageTransport> {
  const protocols = options.protocols
    ? [...options.protocols]
    : subprotocolsFor(options.serializers, options.batched);
  for (const p of protocols) {
    if (serializerForSubprotocol(p) === undefined) {
      throw new TypeError(`Cannot offer subprotocol "${p}": not a WAMP subprotocol we speak`);
    }
  }
  const keepalive = keepaliveMs(options);
  const factoryOptions: ClientFactoryOptions = { protocols };
  if (options.origin !== undefined) factoryOptions.origin = options.origin;
  if (options.headers !== undefined) factoryOptions.headers = options.headers;
  const factory = new WebSocketClientFactory(url, factoryOptions);
  factory.setProtocolOptions({
    maxMessagePayloadSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    ...options.webSocketOptions,
  });
  const secure = factory.isSecure;
  const unix = factory.url.protocol === "ws+unix:";

  class Protocol extends WebSocketClientProtocol {
    transport: WebSocketTransport | undefined;

    override onConnect(response: ConnectionResponse): void {
      const p = response.protocol;
      if (p === null || !protocols.includes(p)) {
        throw new SerializerNegotiationError(
          `Cannot open WAMP transport: the server chose no WAMP subprotocol (offered ${
            protocols.join(", ")
          })`,
        );
      }
    }

    override onOpen(): void {
      const subprotocol = this.websocketProtocolInUse!;
      const serializer = serializerForSubprotocol(subprotocol)!;
      this.transport = new WebSocketTransport(this, serializer, {
        kind: "websocket",
        channel: unix ? "unix" : secure ? "tls" : "tcp",
        isServer: false,
        isSecure: secure,
        url,
        peer: this.peer,
        serializer: serializer.name,
        subprotocol,
        httpHeadersReceived: this.response?.headers ?? {},
      }, keepalive);
    }

    override onMessage(payload: Uint8Array, isBinary: boolean): void {
      this.transport?._onMessage(payload, isBinary);
    }

    override onPong(payload: Uint8Array): void {
      this.transport?._onPong(payload);
    }

    override onClose(wasClean: boolean, code: number, reason: string): void {
      this.transport?._onClose(wasClean, code, reason);
    }
  }
  factory.protocol = Protocol;
  const proto = await connectWebSocket<Protocol>(factory, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.caCerts ? { caCerts: options.caCerts } : {}),
    ...(options.connection ? { connection: options.connection } : {}),
  });
  return proto.transport!;
}

/**
 * Options of {@linkcode createWebSocketTransportFactory}.
 *
 * @example A server that speaks JSON only and checks the path
 * ```ts
 * import { ConnectionDeny } from "@autobahn/autobahn/websocket";
 * import { connectWebSocketTransport, listenWebSocketTransport, type WebSocketTransportServerOptions } from "@autobahn/autobahn/transport";
 *
 * const options: WebSocketTransportServerOptions = {
 *   subprotocols: ["wamp.2.json"],
 *   onConnect(request) {
 *     if (request.path !== "/ws") throw new ConnectionDeny(ConnectionDeny.NOT_FOUND);
 *   },
 *   onTransport: (t) => t.setHandler({ onMessage: () => {}, onClose: () => {} }),
 * };
 * await using server = await listenWebSocketTransport("ws://127.0.0.1:0", options);
 * await using t = await connectWebSocketTransport(`ws://127.0.0.1:${server.port}/ws`);
 * if (t.details.subprotocol !== "wamp.2.json") throw new Error(t.details.subprotocol);
 * ```
 */
export interface WebSocketTransportServerOptions extends WebSocketKeepaliveOptions {
  /**
   * Receives each accepted connection as an open transport; set its handler
   * at once (messages queue until then).
   */
  onTransport(transport: MessageTransport): void;
  /**
   * The subprotocols we speak, most preferred first: the first one of them
   * that the client offered is chosen. Default {@linkcode WAMP_SUBPROTOCOLS}.
   */
  subprotocols?: readonly string[];
  /**
   * Inspects the opening handshake before accepting (path, cookies, origin);
   * throw a `ConnectionDeny` to refuse with its HTTP status. May be async.
   */
  onConnect?(request: ConnectionRequest): void | Promise<void>;
  /** The largest message we accept, in octets (close 1009 beyond). Default 16 MiB. */
  maxMessageSize?: number;
  /** More WebSocket engine options (Autobahn's names). */
  webSocketOptions?: ServerOptions;
}

/**
 * Creates a WebSocket server factory that speaks WAMP: it negotiates a
 * `wamp.2.*` subprotocol (our preference first, among those the client
 * offered; HTTP 400 when none matches), and hands every open connection to
 * `onTransport`. Run it with `listenWebSocket`.
 *
 * @example
 * ```ts ignore
 * import { listenWebSocket } from "../websocket/server.ts";
 * import { createWebSocketTransportFactory } from "./websocket.ts";
 *
 * const factory = createWebSocketTransportFactory("ws://127.0.0.1:8080/ws", {
 *   onTransport(transport) {
 *     transport.setHandler({ onMessage: (m) => console.log(m.type), onClose: () => {} });
 *   },
 * });
 * const server = await listenWebSocket(factory);
 * await server.close();
 * ```
 *
 * @throws {TypeError} for a subprotocol we do not speak.
 */
export function createWebSocketTransportFactory(
  url: string,
  options: WebSocketTransportServerOptions,
): WebSocketServerFactory {
  const ours = [...(options.subprotocols ?? WAMP_SUBPROTOCOLS)];
  for (const p of ours) {
    if (serializerForSubprotocol(p) === undefined) {
      throw new TypeError(`Cannot speak subprotocol "${p}": not a WAMP subprotocol we speak`);
    }
  }
  const keepalive = keepaliveMs(options);
  const factory = new WebSocketServerFactory(url, { protocols: ours });
  factory.setProtocolOptions({
    maxMessagePayloadSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    ...options.webSocketOptions,
  });

  class Protocol extends WebSocketServerProtocol {
    transport: WebSocketTransport | undefined;

    override async onConnect(request: ConnectionRequest): Promise<string> {
      await options.onConnect?.(request);
      // WAMP basic profile: the WAMP protocol "MUST BE negotiated during the
      // WebSocket opening handshake" via the subprotocol mechanism.
      const chosen = ours.find((p) => request.protocols.includes(p));
      if (chosen === undefined) {
        throw new ConnectionDeny(
          ConnectionDeny.BAD_REQUEST,
          `This server only speaks WebSocket subprotocols ${ours.join(", ")}`,
        );
      }
      return chosen;
    }

    override onOpen(): void {
      const subprotocol = this.websocketProtocolInUse!;
      const serializer = serializerForSubprotocol(subprotocol)!;
      const request = this.request!;
      this.transport = new WebSocketTransport(this, serializer, {
        kind: "websocket",
        channel: request.peerAddress.transport === "unix"
          ? "unix"
          : this.factory.isSecure
          ? "tls"
          : "tcp",
        isServer: true,
        isSecure: this.factory.isSecure,
        peer: this.peer,
        serializer: serializer.name,
        subprotocol,
        httpHeadersReceived: request.headers,
        websocketRequest: request,
      }, keepalive);
      options.onTransport(this.transport);
    }

    override onMessage(payload: Uint8Array, isBinary: boolean): void {
      this.transport?._onMessage(payload, isBinary);
    }

    override onPong(payload: Uint8Array): void {
      this.transport?._onPong(payload);
    }

    override onClose(wasClean: boolean, code: number, reason: string): void {
      this.transport?._onClose(wasClean, code, reason);
    }
  }
  factory.protocol = Protocol;
  return factory;
}

/**
 * Listens for WAMP-over-WebSocket connections: a
 * {@linkcode createWebSocketTransportFactory} factory run by `listenWebSocket`.
 *
 * @example An echo server on a free port
 * ```ts
 * import {
 *   connectWebSocketTransport,
 *   HelloMessage,
 *   listenWebSocketTransport,
 *   type WampMessage,
 * } from "@autobahn/autobahn/transport";
 *
 * await using server = await listenWebSocketTransport("ws://127.0.0.1:0/ws", {
 *   onTransport: (t) => t.setHandler({ onMessage: (m) => t.send(m), onClose: () => {} }),
 * });
 * await using client = await connectWebSocketTransport(`ws://127.0.0.1:${server.port}/ws`);
 * const echoed = new Promise<WampMessage>((resolve) =>
 *   client.setHandler({ onMessage: resolve, onClose: () => {} })
 * );
 * client.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 * if (!((await echoed) instanceof HelloMessage)) throw new Error("not echoed");
 * ```
 *
 * @param url `ws://host:port[/path]` or `wss://...`.
 * @param options WAMP options: `onTransport`, subprotocols, limits, keepalive.
 * @param listen Where and how to listen: port 0, a Unix path, TLS, a plain-HTTP `fetch` handler.
 */
export function listenWebSocketTransport(
  url: string,
  options: WebSocketTransportServerOptions,
  listen: ListenOptions = {},
): Promise<WebSocketServer> {
  return listenWebSocket(createWebSocketTransportFactory(url, options), listen);
}
