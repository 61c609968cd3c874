/**
 * WebSocket servers: the seed's callback face ({@linkcode WebSocketServerProtocol},
 * {@linkcode WebSocketServerFactory}, {@linkcode listenWebSocket}) over the
 * sans-I/O handshake and frame engine, on any {@linkcode ByteListener}.
 *
 * @module
 */
import { listenTcp } from "../transport/deno_tcp.ts";
import { listenTls } from "../transport/deno_tls.ts";
import { listenUnix } from "../transport/deno_unix.ts";
import type { ByteListener } from "../transport/deno_conn.ts";
import { type ByteConnection, formatPeer, type PeerAddress } from "../transport/types.ts";
import { protocolEvents, WebSocketProtocol } from "./base.ts";
import { WebSocketDriver } from "./driver.ts";
import { ConnectionDeny, HandshakeError } from "./errors.ts";
import {
  buildHandshakeErrorResponse,
  buildServerHandshakeResponse,
  buildStatusPage,
  isWebSocketUpgrade,
  parseExtensions,
  validateClientHandshake,
} from "./handshake.ts";
import {
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  type HttpRequestHead,
  HttpRequestReader,
} from "./http11.ts";
import { compileOriginPatterns, type OriginPolicy } from "./origin.ts";
import { type ResolvedOptions, resolveOptions, type ServerOptions } from "./options.ts";
import { serveHttp } from "./http_fallback.ts";
import type { ConnectionAccept, ConnectionRequest } from "./types.ts";
import {
  negotiatePerMessageDeflateServer,
  type PerMessageCompressionAcceptServer,
} from "./deflate_negotiation.ts";

/**
 * A server-side WebSocket connection with Autobahn's callbacks. Subclass it and
 * set it as a factory's `protocol`.
 *
 * @example An echo server
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
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0"); // port 0: any free port
 * factory.protocol = Echo;
 * const server = await listenWebSocket(factory);
 * console.log(`listening on ${server.port}`);
 * await server.close();
 * ```
 */
export class WebSocketServerProtocol extends WebSocketProtocol {
  /** The factory that created this protocol. */
  factory!: WebSocketServerFactory;
  /** The client's opening handshake, once received. */
  request: ConnectionRequest | undefined;

  /** Called when a TCP connection arrives, before the handshake. */
  onConnecting(_peer: PeerAddress): void {}

  /**
   * Called with the client's opening handshake. Return the subprotocol to
   * speak (a string, or a {@linkcode ConnectionAccept} with headers), nothing
   * for none; may be async; throw {@linkcode ConnectionDeny} to refuse.
   */
  onConnect(
    _request: ConnectionRequest,
  ): string | null | void | ConnectionAccept | Promise<string | null | void | ConnectionAccept> {}
}

/**
 * A constructor of server protocols.
 *
 * @example Setting a factory's protocol
 * ```ts
 * import {
 *   type ServerProtocolClass,
 *   WebSocketServerFactory,
 *   WebSocketServerProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * class Echo extends WebSocketServerProtocol {
 *   override onMessage(payload: Uint8Array, isBinary: boolean) {
 *     this.sendMessage(payload, isBinary);
 *   }
 * }
 * const protocol: ServerProtocolClass = Echo;
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.protocol = protocol;
 * ```
 */
export type ServerProtocolClass = new () => WebSocketServerProtocol;

/**
 * Options of a {@linkcode WebSocketServerFactory}, as in Autobahn.
 *
 * @example Speaking two subprotocols and adding a header
 * ```ts
 * import { type ServerFactoryOptions, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ServerFactoryOptions = {
 *   protocols: ["wamp.2.cbor", "wamp.2.json"],
 *   headers: { "X-Powered-By": "Autobahn|TS" },
 * };
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0", options);
 * if (factory.protocols.length !== 2) throw new Error();
 * ```
 */
export interface ServerFactoryOptions {
  /** Subprotocols the server speaks, in preference order (used when `onConnect` returns nothing). */
  protocols?: string[];
  /** The `Server` header value. */
  server?: string;
  /** Extra headers for every `101` response. */
  headers?: Record<string, string | string[]>;
  /** The port the server is reached at from outside (behind a proxy). */
  externalPort?: number;
}

/**
 * Makes {@linkcode WebSocketServerProtocol}s for incoming connections and holds
 * the options they use.
 *
 * @example Limiting message size and the HTTP head
 * ```ts
 * import { listenWebSocket, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.setProtocolOptions({ maxMessagePayloadSize: 1 << 20, openHandshakeTimeout: 5 });
 * factory.setHttpLimits({ maxHeadSize: 8192 });
 * await using server = await listenWebSocket(factory);
 * if (server.connections !== 0) throw new Error("no client yet");
 * ```
 */
export class WebSocketServerFactory {
  /** The protocol class instantiated per connection. */
  protocol: ServerProtocolClass = WebSocketServerProtocol;
  /** The URL the server listens on (`ws://host:port/` or `wss://...`). */
  readonly url: URL;
  /** Subprotocols spoken, in preference order. */
  protocols: string[];
  /** Extra headers of every `101` response. */
  headers: Record<string, string | string[]>;
  /** The external port (behind a proxy). */
  externalPort: number;
  /** @internal */
  _options: ResolvedOptions;
  /** @internal */
  _origins: OriginPolicy;
  /** @internal */
  _httpLimits: Required<HttpLimits> = { ...DEFAULT_HTTP_LIMITS };
  /** Number of open connections. */
  connectionCount = 0;

  /**
   * Creates a server factory.
   *
   * @param url `ws://host:port[/path]` or `wss://...` (default `ws://127.0.0.1:9000`).
   * @param options Subprotocols, `Server` header, extra headers.
   */
  constructor(url = "ws://127.0.0.1:9000", options: ServerFactoryOptions = {}) {
    this.url = new URL(url);
    if (this.url.protocol !== "ws:" && this.url.protocol !== "wss:") {
      throw new TypeError(`Cannot create server factory: ${url} is not a ws:// or wss:// URL`);
    }
    this.protocols = options.protocols ?? [];
    this.headers = options.headers ?? {};
    this.externalPort = options.externalPort ?? Number(this.url.port || (this.isSecure ? 443 : 80));
    this._options = resolveOptions("server", options.server ? { server: options.server } : {});
    this._origins = compileOriginPatterns(this._options.allowedOrigins);
  }

  /** True for `wss://`. */
  get isSecure(): boolean {
    return this.url.protocol === "wss:";
  }

  /** The resolved options in force. */
  get options(): Readonly<ResolvedOptions> {
    return this._options;
  }

  /**
   * Sets protocol options (Autobahn's names; see `ServerOptions`). Unknown
   * names and wrong types throw.
   */
  setProtocolOptions(options: ServerOptions): void {
    this._options = resolveOptions("server", options, this._options);
    this._origins = compileOriginPatterns(this._options.allowedOrigins);
  }

  /** Sets limits on the HTTP head of the opening handshake. */
  setHttpLimits(limits: HttpLimits): void {
    this._httpLimits = { ...this._httpLimits, ...limits };
  }
}

/**
 * A plain-HTTP handler for requests that are not WebSocket upgrades.
 *
 * @example Serving plain HTTP on the WebSocket port
 * ```ts
 * import { type FetchHandler, listenWebSocket, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const health: FetchHandler = () => new Response("ok");
 * await using server = await listenWebSocket(new WebSocketServerFactory("ws://127.0.0.1:0"), {
 *   fetch: health,
 * });
 * const res = await fetch(`http://127.0.0.1:${server.port}/health`);
 * if (await res.text() !== "ok") throw new Error("no health check");
 * ```
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Where and how {@linkcode listenWebSocket} listens.
 *
 * @example Binding a free port
 * ```ts
 * import { type ListenOptions, listenWebSocket, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ListenOptions = { hostname: "127.0.0.1", port: 0 };
 * await using server = await listenWebSocket(new WebSocketServerFactory(), options);
 * if (server.port === 0 || server.addr.transport !== "tcp") throw new Error("not bound");
 * ```
 */
export interface ListenOptions {
  /** Host to bind (default: the factory URL's host). */
  hostname?: string;
  /** Port to bind (default: the factory URL's port; 0 picks a free one). */
  port?: number;
  /** Listen on a Unix socket at this path instead of TCP. */
  path?: string;
  /** TLS certificate and key (PEM) for `wss://`. */
  tls?: { cert: string; key: string };
  /** Serves plain HTTP requests (not upgrades) on the same port. */
  fetch?: FetchHandler;
  /** Closes the server when aborted. */
  signal?: AbortSignal;
  /** Use this listener instead of opening one (other runtimes, tests). */
  listener?: ByteListener;
}

/**
 * A running WebSocket server.
 *
 * @example Waiting for a server to stop
 * ```ts
 * import { listenWebSocket, WebSocketServerFactory, type WebSocketServer } from "@autobahn/autobahn/websocket";
 *
 * const server: WebSocketServer = await listenWebSocket(new WebSocketServerFactory(), { port: 0 });
 * const stopped = server.finished;
 * await server.close();
 * await stopped;
 * ```
 */
export interface WebSocketServer extends AsyncDisposable {
  /** The bound address. */
  readonly addr: PeerAddress;
  /** The bound port (TCP). */
  readonly port: number;
  /** Open connections. */
  readonly connections: number;
  /** Stops listening, closes open connections (1001 going away) and waits for them. */
  close(): Promise<void>;
  /** Resolves when the server has stopped. */
  readonly finished: Promise<void>;
}

/**
 * Starts a WebSocket server for `factory` (TCP, TLS or a Unix socket).
 *
 * @example An echo server on a free port
 * ```ts
 * import {
 *   connect,
 *   listenWebSocket,
 *   WebSocketServerFactory,
 *   WebSocketServerProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.protocol = class extends WebSocketServerProtocol {
 *   override onMessage(payload: Uint8Array, isBinary: boolean) {
 *     this.sendMessage(payload, isBinary);
 *   }
 * };
 * await using server = await listenWebSocket(factory);
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * ws.send("ping?");
 * for await (const msg of ws) {
 *   if (msg !== "ping?") throw new Error(`${msg}`);
 *   break;
 * }
 * ```
 */
export function listenWebSocket(
  factory: WebSocketServerFactory,
  options: ListenOptions = {},
): Promise<WebSocketServer> {
  let listener: ByteListener;
  if (options.listener) listener = options.listener;
  else if (options.path) listener = listenUnix(options.path);
  else {
    const hostname = options.hostname ?? factory.url.hostname.replace(/^\[|\]$/g, "");
    const port = options.port ?? Number(factory.url.port || (factory.isSecure ? 443 : 80));
    if (factory.isSecure || options.tls) {
      if (!options.tls) {
        throw new TypeError("Cannot listen on wss://: the tls option (cert, key) is missing");
      }
      listener = listenTls({ hostname, port }, options.tls);
    } else {
      listener = listenTcp({ hostname, port });
    }
  }
  const drivers = new Set<WebSocketDriver>();
  // Connections still in the opening handshake: close() drops them, so that a
  // silent client cannot hold up shutdown until openHandshakeTimeout (or forever).
  const handshaking = new Set<ByteConnection>();
  const pending = new Set<Promise<void>>();
  let closing = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => (resolveFinished = r));

  const acceptLoop = (async () => {
    for await (const conn of listener) {
      if (closing) {
        conn.close();
        break;
      }
      handshaking.add(conn);
      const p = handleConnection(conn, factory, options.fetch, drivers, handshaking)
        .catch(() => {})
        .finally(() => handshaking.delete(conn));
      pending.add(p);
      p.finally(() => pending.delete(p));
    }
  })();

  const close = async () => {
    if (!closing) {
      closing = true;
      listener.close();
      for (const c of handshaking) c.close();
      for (const d of drivers) {
        d.core.closeWith(1001, "Server shutting down");
        d.scheduleFlush();
      }
    }
    await acceptLoop;
    await Promise.all([...pending]);
    resolveFinished();
  };
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  const addr = listener.addr;
  return Promise.resolve({
    addr,
    port: addr.transport === "tcp" ? addr.port : 0,
    get connections() {
      return factory.connectionCount;
    },
    close,
    finished,
    [Symbol.asyncDispose]: close,
  });
}

async function readHead(
  conn: ByteConnection,
  reader: HttpRequestReader,
  deadline: number,
): Promise<HttpRequestHead | null> {
  const buf = new Uint8Array(4096);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = deadline > 0
    ? new Promise<null>((r) => (timer = setTimeout(() => r(null), deadline)))
    : null;
  try {
    for (;;) {
      const read = conn.read(buf);
      const n = timeout ? await Promise.race([read, timeout]) : await read;
      if (n === null) return null;
      const head = reader.feed(buf.subarray(0, n));
      if (head) return head;
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

async function writeAndClose(conn: ByteConnection, bytes: Uint8Array): Promise<void> {
  try {
    await conn.write(bytes);
  } catch {
    // The peer is gone; nothing to report.
  }
  conn.close();
}

async function handleConnection(
  conn: ByteConnection,
  factory: WebSocketServerFactory,
  fetchHandler: FetchHandler | undefined,
  drivers: Set<WebSocketDriver>,
  handshaking: Set<ByteConnection>,
): Promise<void> {
  const opts = factory.options;
  // RFC 6455 §4.4: a 426 names the versions this server speaks (not the defaults).
  const errorOptions = { server: opts.server, versions: opts.versions };
  const proto = new factory.protocol();
  proto.factory = factory;
  proto._options = opts;
  proto._startedAt = performance.now();
  proto.peer = formatPeer(conn.remoteAddr);
  if (opts.tcpNoDelay) conn.setNoDelay?.(true);
  factory.connectionCount++;
  let counted = true;
  const uncount = () => {
    if (counted) {
      counted = false;
      factory.connectionCount--;
    }
  };
  try {
    proto.onConnecting(conn.remoteAddr);
    const reader = new HttpRequestReader(factory._httpLimits);
    let head: HttpRequestHead | null;
    try {
      head = await readHead(conn, reader, opts.openHandshakeTimeout * 1000);
    } catch (err) {
      if (err instanceof HandshakeError) {
        await writeAndClose(conn, buildHandshakeErrorResponse(err, errorOptions));
      } else conn.close();
      return;
    }
    if (head === null) {
      // EOF or openHandshakeTimeout: drop the half-open connection.
      conn.close();
      return;
    }
    proto._track("handshakeReceived");
    if (!isWebSocketUpgrade(head)) {
      if (fetchHandler) {
        await serveHttp(conn, head, reader.rest, fetchHandler, factory.isSecure, opts.server);
      } else if (opts.webStatus && head.method === "GET") {
        await writeAndClose(conn, buildStatusPage(opts.server));
      } else {
        await writeAndClose(
          conn,
          buildHandshakeErrorResponse(
            new HandshakeError("This is a WebSocket endpoint: upgrade required", 426),
            errorOptions,
          ),
        );
      }
      return;
    }
    let accept: ConnectionAccept;
    try {
      const request = validateClientHandshake(head, {
        versions: opts.versions,
        allowedOrigins: factory._origins,
        trustXForwardedFor: opts.trustXForwardedFor,
      }, conn.remoteAddr);
      proto.request = request;
      proto.peer = request.peer;
      if (opts.maxConnections > 0 && factory.connectionCount > opts.maxConnections) {
        throw new ConnectionDeny(503, "Too many connections");
      }
      const r = await proto.onConnect(request);
      accept = typeof r === "string" || r === null ? { subprotocol: r } : r ??
        { subprotocol: factory.protocols.find((p) => request.protocols.includes(p)) ?? null };
      const headers = { ...factory.headers, ...accept.headers };
      // RFC 7692 §5: accept one permessage-deflate offer, if the application wants to.
      const deflateAccept = opts.perMessageCompressionAccept as
        | PerMessageCompressionAcceptServer
        | null;
      const deflate = deflateAccept
        ? negotiatePerMessageDeflateServer(request.extensions, deflateAccept, {
          maxMessageSize: opts.maxMessagePayloadSize,
        })
        : null;
      const response = buildServerHandshakeResponse(
        request,
        { ...accept, headers, extensions: deflate?.response ?? null },
        { server: opts.server },
      );
      proto.websocketProtocolInUse = accept.subprotocol ?? null;
      if (deflate) proto.websocketExtensionsInUse = parseExtensions(deflate.response);
      const driver = new WebSocketDriver(
        conn,
        "server",
        opts,
        protocolEvents(proto),
        deflate?.deflate ?? null,
      );
      driver.core.queueRaw(response);
      proto._attach(driver);
      drivers.add(driver);
      handshaking.delete(conn); // from now on, close() sends 1001 instead
      proto._track("open");
      proto._guard(() => proto.onOpen());
      driver.start(reader.rest);
      driver.flush();
      await driver.closed;
      drivers.delete(driver);
    } catch (err) {
      if (err instanceof ConnectionDeny || err instanceof HandshakeError) {
        await writeAndClose(conn, buildHandshakeErrorResponse(err, errorOptions));
      } else {
        const logger = opts.logger;
        if (logger.enabled.error) {
          logger.log("error", "websocket", "onConnect failed", {
            peer: proto.peer,
            error: String(err),
          });
        }
        await writeAndClose(
          conn,
          buildHandshakeErrorResponse(
            new ConnectionDeny(500, "Internal server error"),
            errorOptions,
          ),
        );
      }
    }
  } finally {
    uncount();
  }
}
