/**
 * WAMP over RawSocket (WAMP advanced profile, "RawSocket Transport") on any
 * {@linkcode ByteConnection}: {@linkcode connectRawSocket} runs the client
 * handshake, {@linkcode acceptRawSocket} the router's, and
 * {@linkcode serveRawSocket} accepts every connection of a listener. The
 * sans-I/O engine frames; this file owns the socket, the batched writes and
 * the handshake and ping timers.
 *
 * @module
 */
import {
  RawSocketHandshakeError,
  RawSocketPayloadTooLargeError,
  RawSocketProtocolError,
} from "../rawsocket/errors.ts";
import type { RawSocketEvent } from "../rawsocket/events.ts";
import { lengthExponentFor } from "../rawsocket/handshake.ts";
import type { RawSocketProtocol } from "../rawsocket/protocol.ts";
import { RawSocketClientProtocol } from "../rawsocket/client.ts";
import { type RawSocketHandshakeRequest, RawSocketServerProtocol } from "../rawsocket/server.ts";
import type { RawSocketErrorCode } from "../rawsocket/errors.ts";
import type { ProtocolError } from "../wamp/errors.ts";
import { createSerializer, serializerForRawSocketId } from "../wamp/serializers/registry.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";
import type { ByteListener } from "./deno_conn.ts";
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  type MessageTransport,
  MessageTransportBase,
  PayloadTooLargeError,
  SerializerNegotiationError,
  type TransportDetails,
} from "./message_transport.ts";
import { type ByteConnection, formatPeer } from "./types.ts";

/**
 * Options shared by both RawSocket roles.
 *
 * @example Announcing a 1 MiB limit and pinging every 30 s
 * ```ts
 * import type { RawSocketTransportOptions } from "@autobahn/autobahn/transport";
 *
 * const options: RawSocketTransportOptions = {
 *   maxMessageSize: 1024 * 1024,
 *   openHandshakeTimeout: 5,
 *   autoPingInterval: 30,
 *   autoPingTimeout: 10,
 * };
 * if (options.maxMessageSize !== 2 ** 20) throw new Error("unexpected");
 * ```
 */
export interface RawSocketTransportOptions {
  /** The largest message we accept, in octets (rounded up to `2^(9+L)`, at most 16 MiB). Default 16 MiB. */
  maxMessageSize?: number;
  /** Seconds allowed for the 4-octet handshake; 0 = no limit. Default 5. */
  openHandshakeTimeout?: number;
  /** Seconds between our PINGs; 0 disables them. Default 0. */
  autoPingInterval?: number;
  /** Seconds to wait for the PONG before failing the connection. Default: the interval. */
  autoPingTimeout?: number;
  /** The URL, for {@linkcode TransportDetails.url}. */
  url?: string;
}

/**
 * Options of {@linkcode connectRawSocket}.
 *
 * @example Requesting MessagePack with a deadline
 * ```ts
 * import type { RawSocketConnectOptions } from "@autobahn/autobahn/transport";
 *
 * const options: RawSocketConnectOptions = {
 *   serializer: "msgpack",
 *   signal: AbortSignal.timeout(10_000),
 *   url: "rs://127.0.0.1:8080",
 * };
 * if (options.serializer !== "msgpack") throw new Error("unexpected");
 * ```
 */
export interface RawSocketConnectOptions extends RawSocketTransportOptions {
  /** The serializer to request. Default `"json"`. */
  serializer?: SerializerName;
  /** Rejects (and closes the connection) while the handshake runs. */
  signal?: AbortSignal;
}

/**
 * Options of {@linkcode acceptRawSocket}.
 *
 * @example A router side that speaks CBOR and JSON and admits 100 clients
 * ```ts
 * import { type RawSocketAcceptOptions, RawSocketErrorCode } from "@autobahn/autobahn/transport";
 *
 * let open = 0;
 * const options: RawSocketAcceptOptions = {
 *   serializers: ["cbor", "json"],
 *   minPeerMaxMessageSize: 4096,
 *   accept: () => (open >= 100 ? RawSocketErrorCode.MAX_CONNECTION_COUNT : undefined),
 * };
 * open = 100;
 * if (options.accept?.({ serializerId: 3, lengthExponent: 15, maxLength: 2 ** 24 }) !== 4) {
 *   throw new Error("expected a refusal");
 * }
 * ```
 */
export interface RawSocketAcceptOptions extends RawSocketTransportOptions {
  /** The serializers we speak. Default: all four. */
  serializers?: readonly SerializerName[];
  /** Refuse clients announcing a smaller maximum than this, in octets (error 2). Default 512. */
  minPeerMaxMessageSize?: number;
  /** Decides on each handshake request: return an error code 1..4 to refuse (e.g. 4 when full). */
  accept?: (request: RawSocketHandshakeRequest) => RawSocketErrorCode | undefined | void;
}

const READ_SIZE = 64 * 1024;
/** Above this many octets waiting to be written, reading pauses. */
const HIGH_WATER = 4 * 1024 * 1024;

function seconds(name: string, v: number | undefined, dflt: number): number {
  const s = v ?? dflt;
  if (typeof s !== "number" || !Number.isFinite(s) || s < 0) {
    throw new RangeError(`Cannot set option "${name}": expected a non-negative number of seconds`);
  }
  return s * 1000;
}

function maxExponent(maxMessageSize: number | undefined): number {
  const m = maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  if (!Number.isSafeInteger(m) || m <= 0) {
    throw new RangeError(`Cannot set option "maxMessageSize": expected a positive integer`);
  }
  return lengthExponentFor(m);
}

/** A MessageTransport over one RawSocket connection. */
class RawSocketTransport extends MessageTransportBase {
  details!: TransportDetails;
  readonly #conn: ByteConnection;
  readonly #engine: RawSocketProtocol;
  readonly #pingIntervalMs: number;
  readonly #pingTimeoutMs: number;
  #flushQueued = false;
  #writing = false;
  #writingBytes = 0;
  #drainWaiter: (() => void) | undefined;
  #connClosed = false;
  #error: unknown;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #opened = false;
  #resolveOpen!: () => void;
  #rejectOpen!: (err: unknown) => void;
  /** Settles when the handshake completed or failed. */
  readonly opened: Promise<void>;

  constructor(
    conn: ByteConnection,
    engine: RawSocketProtocol,
    options: RawSocketTransportOptions,
  ) {
    // Replaced by the negotiated serializer when the handshake completes.
    super(createSerializer("json"));
    this.#conn = conn;
    this.#engine = engine;
    this.#pingIntervalMs = seconds("autoPingInterval", options.autoPingInterval, 0);
    this.#pingTimeoutMs = seconds("autoPingTimeout", options.autoPingTimeout, 0) ||
      this.#pingIntervalMs;
    this.opened = new Promise((resolve, reject) => {
      this.#resolveOpen = resolve;
      this.#rejectOpen = reject;
    });
    this.opened.catch(() => {});
    const hsMs = seconds("openHandshakeTimeout", options.openHandshakeTimeout, 5);
    if (hsMs > 0) {
      this.#handshakeTimer = setTimeout(() => {
        this.#handshakeTimer = undefined;
        this.#abort(
          new RawSocketProtocolError(
            `RawSocket handshake not completed within ${hsMs} ms`,
            "unexpected_eof",
          ),
        );
      }, hsMs);
    }
  }

  /** Starts the read loop; the handshake request (if any) is already queued. */
  start(): void {
    this.#flush();
    void this.#readLoop();
  }

  /** Aborts before the handshake completes (signal). */
  abortHandshake(reason: unknown): void {
    if (!this.#opened) this.#abort(reason);
  }

  protected _sendPayload(payload: Uint8Array, writeAt: number): void {
    const engine = this.#engine;
    const before = engine.bufferedAmount;
    try {
      engine.sendMessage(payload);
    } catch (err) {
      if (err instanceof RawSocketPayloadTooLargeError) {
        throw new PayloadTooLargeError(err.size, err.limit, { cause: err });
      }
      throw err;
    }
    // As over WebSocket: at the end of the task, or sooner (see _writeNow).
    if (this._writeNow(before, engine.bufferedAmount, writeAt, engine.role === "client")) {
      this.#flush();
    } else this.#scheduleFlush();
  }

  protected _close(): void {
    this.#engine.close();
    this.#process();
  }

  protected _failProtocol(error: ProtocolError): void {
    this.#error = error;
    this.#engine.close();
    this.#process();
  }

  protected _failInternal(error: unknown): void {
    this.#error = error;
    this.#engine.close();
    this.#process();
  }

  #scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.#flush();
    });
  }

  /** Writes what the engine queued, one write per batch; closes the socket when the engine is done. */
  #flush(): void {
    if (this.#writing || this.#connClosed) return;
    const data = this.#engine.dataToSend();
    if (data.length === 0) {
      this.#afterWrites();
      return;
    }
    this.#writing = true;
    void this.#writeLoop(data);
  }

  async #writeLoop(data: Uint8Array): Promise<void> {
    try {
      while (data.length > 0) {
        this.#writingBytes = data.length;
        await this.#conn.write(data);
        data = this.#engine.dataToSend();
      }
    } catch (err) {
      this.#writing = false;
      this.#writingBytes = 0;
      this.#abort(err);
      return;
    }
    this.#writing = false;
    this.#writingBytes = 0;
    this.#afterWrites();
  }

  #afterWrites(): void {
    const w = this.#drainWaiter;
    if (w) {
      this.#drainWaiter = undefined;
      w();
    }
    if (this.#engine.shouldClose) this.#closeConn();
  }

  async #readLoop(): Promise<void> {
    const buf = new Uint8Array(READ_SIZE);
    try {
      while (!this.#connClosed && !this.#engine.shouldClose) {
        if (this.#writing && this.#writingBytes > HIGH_WATER) {
          await new Promise<void>((r) => (this.#drainWaiter = r));
          continue;
        }
        const n = await this.#conn.read(buf);
        if (this.#connClosed) break;
        if (n === null) {
          this.#engine.receiveEof();
          this.#process();
          break;
        }
        this.#engine.receiveData(buf.subarray(0, n), performance.now());
        this.#process();
      }
    } catch (err) {
      this.#abort(err);
    }
  }

  /** Drains the engine's events, then flushes. */
  #process(): void {
    for (const ev of this.#engine.eventsReceived()) this.#event(ev);
    this.#flush();
  }

  #event(ev: RawSocketEvent): void {
    switch (ev.type) {
      case "open": {
        this.#opened = true;
        clearTimeout(this.#handshakeTimer);
        this.#handshakeTimer = undefined;
        const serializer = serializerForRawSocketId(ev.serializerId)!;
        this._serializer = serializer;
        this.details = {
          ...this.details,
          serializer: serializer.name,
          maxSendLength: ev.maxSendLength,
          subprotocol: `wamp.2.${serializer.name}`,
        };
        if (this.#pingIntervalMs > 0) {
          this.#pingTimer = setInterval(() => this.#ping(), this.#pingIntervalMs);
        }
        this.#resolveOpen();
        break;
      }
      case "message":
        this._receive(ev.payload);
        break;
      case "pong":
        if (ev.solicited && this.#engine.pingOutstandingSince === undefined) {
          clearTimeout(this.#pongTimer);
          this.#pongTimer = undefined;
        }
        break;
      case "ping":
        break;
      case "failed":
        this.#error ??= ev.error;
        if (!this.#opened) this.#rejectOpen(ev.error);
        break;
      case "closed":
        if (!this.#opened) {
          this.#rejectOpen(new RawSocketProtocolError("Connection closed during the handshake"));
        }
        break;
    }
  }

  #ping(): void {
    if (this.#engine.pingOutstandingSince !== undefined || this.#engine.state !== "open") return;
    this.#engine.sendPing(undefined, performance.now());
    this.#flush();
    this.#pongTimer = setTimeout(() => {
      this.#pongTimer = undefined;
      this.#engine.checkPingTimeout(performance.now(), this.#pingTimeoutMs);
      this.#process();
    }, this.#pingTimeoutMs);
  }

  #abort(err: unknown): void {
    this.#error ??= err;
    if (!this.#opened) this.#rejectOpen(err);
    this.#engine.close();
    this.#engine.eventsReceived();
    this.#closeConn();
  }

  #closeConn(): void {
    if (this.#connClosed) return;
    this.#connClosed = true;
    clearTimeout(this.#handshakeTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#conn.close();
    const w = this.#drainWaiter;
    if (w) {
      this.#drainWaiter = undefined;
      w();
    }
    if (!this.#opened) return;
    const error = this.#error;
    if (error === undefined) {
      this._closed({ wasClean: true, reason: "Connection closed" });
    } else {
      this._closed({
        wasClean: false,
        reason: String((error as Error)?.message ?? error),
        error,
      });
    }
  }
}

function baseDetails(conn: ByteConnection, isServer: boolean, url?: string): TransportDetails {
  const tls = conn.tls;
  return {
    kind: "rawsocket",
    channel: conn.remoteAddr.transport === "unix" ? "unix" : tls ? "tls" : "tcp",
    isServer,
    isSecure: tls !== undefined,
    ...(url !== undefined ? { url } : {}),
    peer: formatPeer(conn.remoteAddr),
    serializer: "json",
    subprotocol: "wamp.2.json",
    ...(tls?.channelId ? { channelId: tls.channelId, channelBinding: "tls-unique" as const } : {}),
  };
}

/**
 * Runs the client side of the RawSocket handshake on `conn` and resolves
 * with the open transport. On failure the connection is closed.
 *
 * @example Connecting to a router's RawSocket listener
 * ```ts
 * import { type ByteConnection, connectRawSocket } from "@autobahn/autobahn/transport";
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
 * const c = await Deno.connect({ hostname: "127.0.0.1", port: router.transports[0]!.port });
 * const conn: ByteConnection = {
 *   read: (buffer) => c.read(buffer),
 *   write: async (data) => {
 *     for (let i = 0; i < data.length;) i += await c.write(data.subarray(i));
 *   },
 *   closeWrite: () => c.closeWrite(),
 *   close: () => c.close(),
 *   remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: c.remoteAddr.port },
 *   localAddr: { transport: "tcp", hostname: "127.0.0.1", port: c.localAddr.port },
 * };
 * await using transport = await connectRawSocket(conn, { serializer: "cbor" });
 * if (transport.details.subprotocol !== "wamp.2.cbor") throw new Error("expected CBOR");
 * ```
 *
 * @throws {RawSocketHandshakeError} when the router refused (e.g. error 1, serializer unsupported).
 * @throws {RawSocketProtocolError} on a broken handshake, EOF or handshake timeout.
 */
export async function connectRawSocket(
  conn: ByteConnection,
  options: RawSocketConnectOptions = {},
): Promise<MessageTransport> {
  const name = options.serializer ?? "json";
  const serializer = createSerializer(name);
  let transport: RawSocketTransport;
  try {
    const engine = new RawSocketClientProtocol({
      serializerId: serializer.rawSocketId,
      maxLengthExponent: maxExponent(options.maxMessageSize),
    });
    transport = new RawSocketTransport(conn, engine, options);
  } catch (err) {
    conn.close();
    throw err;
  }
  transport.details = baseDetails(conn, false, options.url);
  const signal = options.signal;
  const onAbort = () => transport.abortHandshake(signal!.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  transport.start();
  try {
    await transport.opened;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (signal) {
    const goAway = () => void transport.close();
    signal.addEventListener("abort", goAway, { once: true });
    void transport.closed.then(() => signal.removeEventListener("abort", goAway));
  }
  return transport;
}

/**
 * Runs the router side of the RawSocket handshake on an accepted `conn` and
 * resolves with the open transport. A refused request is answered with the
 * RawSocket error reply before the connection closes.
 *
 * @throws {RawSocketHandshakeError} when we refused the client (the reply was sent).
 * @throws {RawSocketProtocolError} on a broken handshake, EOF or handshake timeout.
 *
 * @example Both ends of a RawSocket connection over TCP
 * ```ts
 * import {
 *   acceptRawSocket,
 *   type ByteConnection,
 *   connectRawSocket,
 * } from "@autobahn/autobahn/transport";
 *
 * const wrap = (c: Deno.TcpConn): ByteConnection => ({
 *   read: (buffer) => c.read(buffer),
 *   write: async (data) => {
 *     for (let i = 0; i < data.length;) i += await c.write(data.subarray(i));
 *   },
 *   closeWrite: () => c.closeWrite(),
 *   close: () => c.close(),
 *   remoteAddr: { transport: "tcp", hostname: c.remoteAddr.hostname, port: c.remoteAddr.port },
 *   localAddr: { transport: "tcp", hostname: c.localAddr.hostname, port: c.localAddr.port },
 * });
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const accepted = listener.accept().then((c) => acceptRawSocket(wrap(c)));
 * await using client = await connectRawSocket(wrap(await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port })));
 * await using server = await accepted;
 * if (!server.details.isServer || client.details.serializer !== "json") throw new Error();
 * ```
 */
export async function acceptRawSocket(
  conn: ByteConnection,
  options: RawSocketAcceptOptions = {},
): Promise<MessageTransport> {
  let transport: RawSocketTransport;
  try {
    const ids = (options.serializers ?? ["json", "msgpack", "cbor", "ubjson"]).map((n) =>
      createSerializer(n).rawSocketId
    );
    const engine = new RawSocketServerProtocol({
      serializers: ids,
      maxLengthExponent: maxExponent(options.maxMessageSize),
      minPeerLengthExponent: lengthExponentFor(options.minPeerMaxMessageSize ?? 512),
      ...(options.accept ? { accept: options.accept } : {}),
    });
    transport = new RawSocketTransport(conn, engine, options);
  } catch (err) {
    conn.close();
    throw err;
  }
  transport.details = baseDetails(conn, true, options.url);
  transport.start();
  await transport.opened;
  return transport;
}

/**
 * Options of {@linkcode serveRawSocket}.
 *
 * @example Logging refused handshakes
 * ```ts
 * import type { RawSocketServeOptions } from "@autobahn/autobahn/transport";
 *
 * const refused: unknown[] = [];
 * const options: RawSocketServeOptions = {
 *   serializers: ["json"],
 *   onTransport(transport) {
 *     transport.setHandler({ onMessage: () => {}, onClose: () => {} });
 *   },
 *   onHandshakeError: (error) => refused.push(error),
 * };
 * options.onHandshakeError?.(new Error("bad magic"));
 * if (refused.length !== 1) throw new Error("not logged");
 * ```
 */
export interface RawSocketServeOptions extends RawSocketAcceptOptions {
  /** Receives each accepted transport; set its handler at once. */
  onTransport(transport: MessageTransport): void;
  /** Told about connections whose handshake failed or was refused. */
  onHandshakeError?(error: unknown): void;
}

/**
 * A running RawSocket acceptor.
 *
 * @example Stopping a server with `await using`
 * ```ts
 * import { type ByteListener, type RawSocketServer, serveRawSocket } from "@autobahn/autobahn/transport";
 *
 * const listener: ByteListener = {
 *   addr: { transport: "tcp", hostname: "127.0.0.1", port: 8080 },
 *   close() {},
 *   async *[Symbol.asyncIterator]() {},
 * };
 * {
 *   await using server: RawSocketServer = serveRawSocket(listener, { onTransport: () => {} });
 * } // closed here: no more connections, every open transport closed
 * ```
 */
export interface RawSocketServer extends AsyncDisposable {
  /** Stops accepting and closes every open transport; resolves when all are closed. */
  close(): Promise<void>;
}

/**
 * Accepts RawSocket connections from `listener` until closed.
 *
 * @example An echo server on a TCP listener
 * ```ts
 * import {
 *   type ByteConnection,
 *   type ByteListener,
 *   connectTransport,
 *   serveRawSocket,
 * } from "@autobahn/autobahn/transport";
 *
 * const tcp = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const wrap = (c: Deno.TcpConn): ByteConnection => ({
 *   read: (buffer) => c.read(buffer),
 *   write: async (data) => {
 *     for (let i = 0; i < data.length;) i += await c.write(data.subarray(i));
 *   },
 *   closeWrite: () => c.closeWrite(),
 *   close: () => c.close(),
 *   remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: c.remoteAddr.port },
 *   localAddr: { transport: "tcp", hostname: "127.0.0.1", port: c.localAddr.port },
 * });
 * const listener: ByteListener = {
 *   addr: { transport: "tcp", hostname: "127.0.0.1", port: tcp.addr.port },
 *   close: () => tcp.close(),
 *   async *[Symbol.asyncIterator]() {
 *     try {
 *       for (;;) yield wrap(await tcp.accept());
 *     } catch {
 *       return; // the listener was closed
 *     }
 *   },
 * };
 * await using _server = serveRawSocket(listener, {
 *   onTransport: (t) => t.setHandler({ onMessage: (m) => t.send(m), onClose: () => {} }),
 * });
 * await using client = await connectTransport(`rs://127.0.0.1:${tcp.addr.port}`);
 * if (client.details.kind !== "rawsocket") throw new Error(client.details.kind);
 * ```
 */
export function serveRawSocket(
  listener: ByteListener,
  options: RawSocketServeOptions,
): RawSocketServer {
  const open = new Set<MessageTransport>();
  const pending = new Set<Promise<void>>();
  let closing = false;
  const loop = (async () => {
    for await (const conn of listener) {
      if (closing) {
        conn.close();
        break;
      }
      const p = acceptRawSocket(conn, options).then((t) => {
        if (closing) {
          void t.close();
          return;
        }
        open.add(t);
        void t.closed.then(() => open.delete(t));
        options.onTransport(t);
      }, (err) => options.onHandshakeError?.(err));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  })();
  const close = async () => {
    closing = true;
    listener.close();
    await loop;
    await Promise.all([...pending]);
    await Promise.all([...open].map((t) => t.close()));
  };
  return { close, [Symbol.asyncDispose]: close };
}

/**
 * Connects with each serializer in turn until the router accepts one: a
 * RawSocket handshake names a single serializer, so a refusal with error 1
 * (serializer unsupported) moves on to the next on a new connection.
 *
 * @param dial Opens a fresh byte connection.
 * @throws {SerializerNegotiationError} when every serializer was refused.
 *
 * @example Falling back to JSON when the router refuses CBOR
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { connectTransport } from "@autobahn/autobahn/transport";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint: { type: "tcp", port: 8080 }, serializers: ["json"] }],
 *   }],
 * }, { ephemeralPorts: true });
 * // connectTransport dials rs:// URLs with connectRawSocketWithFallback.
 * await using transport = await connectTransport(router.transports[0]!.url, {
 *   serializers: ["cbor", "json"],
 * });
 * if (transport.details.serializer !== "json") throw new Error(transport.details.serializer);
 * ```
 */
export async function connectRawSocketWithFallback(
  dial: () => Promise<ByteConnection>,
  serializers: readonly SerializerName[],
  options: RawSocketConnectOptions = {},
): Promise<MessageTransport> {
  if (serializers.length === 0) {
    throw new TypeError("Cannot offer serializers: the list is empty");
  }
  for (const serializer of serializers) {
    options.signal?.throwIfAborted();
    const conn = await dial();
    try {
      return await connectRawSocket(conn, { ...options, serializer });
    } catch (err) {
      if (!(err instanceof RawSocketHandshakeError && err.errorCode === 1)) throw err;
    }
  }
  throw new SerializerNegotiationError(
    `Cannot open WAMP transport: the router refused every serializer (${serializers.join(", ")})`,
  );
}
