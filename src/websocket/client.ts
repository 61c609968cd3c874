/**
 * WebSocket clients: the seed's callback face ({@linkcode WebSocketClientProtocol},
 * {@linkcode WebSocketClientFactory}, {@linkcode connectWebSocket}) over the
 * sans-I/O handshake and frame engine, on TCP, TLS or a Unix socket.
 *
 * @module
 */
import { connectTcp } from "../transport/deno_tcp.ts";
import { connectTls } from "../transport/deno_tls.ts";
import { connectUnix } from "../transport/deno_unix.ts";
import { connectViaProxy, type ProxyOptions } from "../transport/proxy.ts";
import { type ByteConnection, formatPeer } from "../transport/types.ts";
import { protocolEvents, WebSocketProtocol } from "./base.ts";
import { WebSocketDriver } from "./driver.ts";
import { HandshakeError } from "./errors.ts";
import { buildClientHandshakeRequest, validateServerHandshake } from "./handshake.ts";
import { DEFAULT_HTTP_LIMITS, type HttpResponseHead, HttpResponseReader } from "./http11.ts";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import type { ConnectionResponse } from "./types.ts";
import {
  formatPerMessageDeflateOffers,
  negotiatePerMessageDeflateClient,
  type PerMessageCompressionAcceptClient,
} from "./deflate_negotiation.ts";

/**
 * A client-side WebSocket connection with Autobahn's callbacks. Subclass it and
 * set it as a factory's `protocol`.
 *
 * @example Saying hello to an echo server
 * ```ts
 * import {
 *   connectWebSocket,
 *   serve,
 *   WebSocketClientFactory,
 *   WebSocketClientProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg);
 * });
 * class Hello extends WebSocketClientProtocol {
 *   override onOpen() {
 *     this.sendMessage("Hello, world!");
 *   }
 *   override onMessage(payload: Uint8Array) {
 *     console.log(new TextDecoder().decode(payload)); // Hello, world!
 *     this.sendClose(1000);
 *   }
 * }
 * const factory = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}`);
 * factory.protocol = Hello;
 * const client = await connectWebSocket(factory);
 * await client.closed;
 * ```
 */
export class WebSocketClientProtocol extends WebSocketProtocol {
  /** The factory that created this protocol. */
  factory!: WebSocketClientFactory;
  /** The server's opening handshake answer, once received. */
  response: ConnectionResponse | undefined;
  /** @internal */
  _closed!: Promise<void>;

  /** Resolves when the connection is closed (after `onClose`). */
  get closed(): Promise<void> {
    return this._closed;
  }

  /** Called when the TCP (or TLS) connection is up, before the handshake. */
  onConnecting(): void {}

  /** Called with the server's validated handshake answer; may be async. */
  onConnect(_response: ConnectionResponse): void | Promise<void> {}
}

/**
 * A constructor of client protocols.
 *
 * @example Choosing the protocol class of a factory
 * ```ts
 * import {
 *   type ClientProtocolClass,
 *   WebSocketClientFactory,
 *   WebSocketClientProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * class Chat extends WebSocketClientProtocol {
 *   override onOpen() {
 *     this.sendMessage("hi");
 *   }
 * }
 * const protocol: ClientProtocolClass = Chat;
 * const factory = new WebSocketClientFactory("ws://127.0.0.1:9000/chat");
 * factory.protocol = protocol;
 * ```
 */
export type ClientProtocolClass = new () => WebSocketClientProtocol;

/**
 * Options of a {@linkcode WebSocketClientFactory}, as in Autobahn.
 *
 * @example Offering a subprotocol and sending an Origin
 * ```ts
 * import { type ClientFactoryOptions, WebSocketClientFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ClientFactoryOptions = {
 *   origin: "https://app.example.com",
 *   protocols: ["wamp.2.json"],
 *   headers: { Cookie: "session=abc" },
 * };
 * const factory = new WebSocketClientFactory("wss://example.com/ws", options);
 * if (!factory.isSecure || factory.protocols[0] !== "wamp.2.json") throw new Error();
 * ```
 */
export interface ClientFactoryOptions {
  /** The `Origin` header to send. */
  origin?: string;
  /** Subprotocols to offer, in preference order. */
  protocols?: string[];
  /** The `User-Agent` header. */
  useragent?: string;
  /** Extra request headers (an array writes one line per value, e.g. cookies). */
  headers?: Record<string, string | string[]>;
  /** Connect through this HTTP proxy (CONNECT tunnel; TLS over it for `wss://`). */
  proxy?: ProxyOptions;
}

/**
 * Makes a {@linkcode WebSocketClientProtocol} per connection and holds the
 * URL and options it uses. URLs: `ws://`, `wss://`, and `ws+unix:///path.sock`
 * (Unix socket; the request path is `/`).
 *
 * @example A factory with engine options
 * ```ts
 * import { WebSocketClientFactory } from "@autobahn/autobahn/websocket";
 *
 * const factory = new WebSocketClientFactory("ws://127.0.0.1:9000/ws", { protocols: ["chat"] });
 * factory.setProtocolOptions({ openHandshakeTimeout: 5, autoPingInterval: 20 });
 * if (factory.options.autoPingInterval !== 20) throw new Error("option not set");
 * ```
 */
export class WebSocketClientFactory {
  /** The protocol class instantiated per connection. */
  protocol: ClientProtocolClass = WebSocketClientProtocol;
  /** The server URL. */
  readonly url: URL;
  /** The `Origin` header, or `null`. */
  origin: string | null;
  /** Subprotocols offered. */
  protocols: string[];
  /** Extra request headers. */
  headers: Record<string, string | string[]>;
  /** The HTTP proxy to tunnel through, or `null` for a direct connection. */
  proxy: ProxyOptions | null;
  /** @internal */
  _options: ResolvedOptions;

  /**
   * Creates a client factory.
   *
   * @param url The server URL.
   * @param options Origin, subprotocols, headers.
   * @throws {TypeError} for a URL that is not ws://, wss:// or ws+unix://, or has a fragment.
   */
  constructor(url: string, options: ClientFactoryOptions = {}) {
    this.url = new URL(url);
    if (!["ws:", "wss:", "ws+unix:"].includes(this.url.protocol)) {
      throw new TypeError(`Cannot create client factory: ${url} is not a ws:// or wss:// URL`);
    }
    if (this.url.hash) {
      throw new TypeError(`Cannot create client factory: ${url} has a fragment (RFC 6455 §3)`);
    }
    this.origin = options.origin ?? null;
    this.protocols = options.protocols ?? [];
    this.headers = options.headers ?? {};
    this.proxy = options.proxy ?? null;
    this._options = resolveOptions(
      "client",
      options.useragent ? { useragent: options.useragent } : {},
    );
  }

  /** True for `wss://`. */
  get isSecure(): boolean {
    return this.url.protocol === "wss:";
  }

  /** The resolved options in force. */
  get options(): Readonly<ResolvedOptions> {
    return this._options;
  }

  /** Sets protocol options (Autobahn's names; see `ClientOptions`). Unknown names and wrong types throw. */
  setProtocolOptions(options: ClientOptions): void {
    this._options = resolveOptions("client", options, this._options);
  }
}

/**
 * Options of {@linkcode connectWebSocket}.
 *
 * @example Giving up after a deadline
 * ```ts
 * import { type ConnectOptions, WebSocketClientFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ConnectOptions = { signal: AbortSignal.timeout(5_000) };
 * const factory = new WebSocketClientFactory("ws://127.0.0.1:9000");
 * // const client = await connectWebSocket(factory, options);
 * if (options.signal?.aborted || factory.url.port !== "9000") throw new Error();
 * ```
 */
export interface ConnectOptions {
  /** Aborts the connection attempt, and later closes the connection (1001). */
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM) for `wss://`. */
  caCerts?: string[];
  /** Use this byte connection instead of dialing (other runtimes, tests, proxies). */
  connection?: ByteConnection;
  /** Tunnel through this HTTP proxy (overrides the factory's `proxy`); throws `ProxyError` on refusal. */
  proxy?: ProxyOptions;
}

/** Dials the factory's URL. */
function dial(factory: WebSocketClientFactory, options: ConnectOptions): Promise<ByteConnection> {
  if (options.connection) return Promise.resolve(options.connection);
  const url = factory.url;
  if (url.protocol === "ws+unix:") return connectUnix(decodeURIComponent(url.pathname));
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (factory.isSecure ? 443 : 80));
  const proxy = options.proxy ?? factory.proxy;
  if (proxy) {
    const tls = factory.isSecure
      ? (options.caCerts ? { caCerts: options.caCerts } : {})
      : undefined;
    return connectViaProxy(proxy, { hostname, port }, tls);
  }
  return factory.isSecure
    ? connectTls({ hostname, port }, options.caCerts ? { caCerts: options.caCerts } : {})
    : connectTcp({ hostname, port });
}

function withTimeout<T>(
  p: Promise<T>,
  seconds: number,
  what: string,
  onTimeout: () => void,
): Promise<T> {
  if (seconds <= 0) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new HandshakeError(`Cannot open WebSocket connection: ${what} timed out after ${seconds}s`),
      );
    }, seconds * 1000);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function readResponseHead(
  conn: ByteConnection,
  reader: HttpResponseReader,
): Promise<HttpResponseHead> {
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) {
      throw new HandshakeError("Cannot open WebSocket connection: server closed during handshake");
    }
    const head = reader.feed(buf.subarray(0, n));
    if (head) return head;
  }
}

/**
 * Connects a {@linkcode WebSocketClientFactory}: dials, runs the opening
 * handshake (bounded by `openHandshakeTimeout`) and resolves with the open
 * protocol instance.
 *
 * @throws {HandshakeError} when the server refuses or breaks the handshake.
 *
 * @example Connecting a callback client to an echo server
 * ```ts
 * import {
 *   connectWebSocket,
 *   serve,
 *   WebSocketClientFactory,
 *   WebSocketClientProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg);
 * });
 * let echoed = "";
 * class Hello extends WebSocketClientProtocol {
 *   override onOpen() {
 *     this.sendMessage("Hello");
 *   }
 *   override onMessage(payload: Uint8Array) {
 *     echoed = new TextDecoder().decode(payload);
 *     this.sendClose(1000);
 *   }
 * }
 * const factory = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}`);
 * factory.protocol = Hello;
 * const client = await connectWebSocket(factory);
 * await client.closed;
 * if (echoed !== "Hello") throw new Error(echoed);
 * ```
 */
export async function connectWebSocket<P extends WebSocketClientProtocol = WebSocketClientProtocol>(
  factory: WebSocketClientFactory,
  options: ConnectOptions = {},
): Promise<P> {
  const opts = factory.options;
  options.signal?.throwIfAborted();
  const proto = new factory.protocol() as P;
  proto.factory = factory;
  proto._options = opts;
  proto._startedAt = performance.now();
  let conn: ByteConnection | undefined;
  const abort = () => conn?.close();
  options.signal?.addEventListener("abort", abort, { once: true });
  try {
    const dialed = dial(factory, options);
    conn = await withTimeout(dialed, opts.openHandshakeTimeout, "connecting", () => {
      dialed.then((c) => c.close(), () => {});
    });
    if (opts.tcpNoDelay) conn.setNoDelay?.(true);
    proto.peer = formatPeer(conn.remoteAddr);
    proto._track("connected");
    proto.onConnecting();
    const url = factory.url;
    const isUnix = url.protocol === "ws+unix:";
    const deflateOffers = opts.perMessageCompressionOffers;
    const offers = formatPerMessageDeflateOffers(deflateOffers);
    const { bytes, key } = buildClientHandshakeRequest({
      host: isUnix ? "localhost" : url.hostname,
      port: isUnix ? 80 : Number(url.port || (factory.isSecure ? 443 : 80)),
      secure: factory.isSecure,
      path: isUnix ? "/" : (url.pathname || "/") + url.search,
      origin: factory.origin,
      protocols: factory.protocols,
      headers: factory.headers,
      version: opts.version as 8 | 13,
      useragent: opts.useragent,
      extensions: offers,
    });
    const c = conn;
    const reader = new HttpResponseReader(DEFAULT_HTTP_LIMITS);
    const head = await withTimeout(
      (async () => {
        await c.write(bytes);
        proto._track("handshakeSent");
        return await readResponseHead(c, reader);
      })(),
      opts.openHandshakeTimeout,
      "opening handshake",
      () => c.close(),
    );
    const response = validateServerHandshake(head, {
      key,
      protocols: factory.protocols,
      extensionsOffered: offers,
      version: opts.version as 8 | 13,
    }, conn.remoteAddr);
    // RFC 7692 §5.2: a response the client can't accept fails the connection.
    const deflate = negotiatePerMessageDeflateClient(
      deflateOffers,
      response.extensions,
      (opts.perMessageCompressionAccept as PerMessageCompressionAcceptClient | null) ??
        undefined,
      { maxMessageSize: opts.maxMessagePayloadSize },
    );
    proto.response = response;
    proto.websocketProtocolInUse = response.protocol;
    proto.websocketExtensionsInUse = response.extensions;
    await proto.onConnect(response);
    options.signal?.throwIfAborted();
    const driver = new WebSocketDriver(
      conn,
      "client",
      opts,
      protocolEvents(proto),
      deflate,
    );
    proto._attach(driver);
    proto._closed = driver.closed.then(() => {});
    options.signal?.removeEventListener("abort", abort);
    const signal = options.signal;
    if (signal) {
      const goAway = () => {
        driver.core.closeWith(1001, "Going away");
        driver.scheduleFlush();
      };
      signal.addEventListener("abort", goAway, { once: true });
      driver.closed.then(() => signal.removeEventListener("abort", goAway));
    }
    proto._track("open");
    proto._guard(() => proto.onOpen());
    driver.start(reader.rest);
    driver.flush();
    return proto;
  } catch (err) {
    conn?.close();
    options.signal?.removeEventListener("abort", abort);
    if (options.signal?.aborted) throw options.signal.reason;
    throw err;
  }
}
