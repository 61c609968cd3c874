/**
 * {@linkcode ByteConnection}s and {@linkcode ByteListener}s over Bun's native
 * sockets (`Bun.connect` / `Bun.listen`): TCP, TLS and Unix domain sockets.
 * With them our RFC 6455 engine and RawSocket run on Bun exactly as on Deno.
 * One of the few files allowed to touch the `Bun` namespace, and only when a
 * function is called: importing this module is safe in any runtime.
 *
 * Bun pushes received data to a callback; the adapter queues it for
 * `read()` and pauses the socket above a high-water mark (read backpressure).
 * `write()` loops over partial writes and waits for the `drain` event (write
 * backpressure). Sockets are opened with `allowHalfOpen` so `closeWrite()`
 * sends a FIN and the other direction stays readable, as on Deno.
 *
 * @example
 * ```ts ignore
 * import { connect, serve } from "@autobahn/autobahn/websocket";
 * import { dialBun, listenBun } from "@autobahn/autobahn/transport";
 *
 * // Our WebSocket server and client on Bun sockets.
 * await using server = await serve({ listener: listenBun({ port: 0 }) }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg);
 * });
 * const url = `ws://127.0.0.1:${server.port}`;
 * await using ws = await connect(url, { connection: await dialBun(url) });
 * ws.send("Hello");
 * ```
 *
 * @module
 */
import type { ByteListener } from "./deno_conn.ts";
import type { TcpEndpoint } from "./deno_tcp.ts";
import type { TlsClientOptions, TlsServerOptions } from "./deno_tls.ts";
import type { ByteConnection, PeerAddress, TlsInfo } from "./types.ts";
import { parseTransportUrl, type TransportUrl } from "./url.ts";

// --- The little of Bun's API we use (no Bun type declarations in Deno) --------

interface BunSocket {
  /** Our per-socket slot: the adapter wrapping this socket. */
  data: BunByteConnection | undefined;
  write(data: Uint8Array): number;
  end(): void;
  shutdown(halfClose?: boolean): void;
  flush(): void;
  pause(): void;
  resume(): void;
  setNoDelay(on?: boolean): boolean;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly alpnProtocol?: string | false | null;
}

interface BunSocketHandler {
  open(socket: BunSocket): void;
  data(socket: BunSocket, data: Uint8Array): void;
  drain(socket: BunSocket): void;
  end(socket: BunSocket): void;
  close(socket: BunSocket, error?: Error): void;
  error(socket: BunSocket, error: Error): void;
  handshake?(socket: BunSocket, success: boolean, authorizationError: Error | null): void;
}

interface BunTlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  serverName?: string;
  ALPNProtocols?: string[];
  rejectUnauthorized?: boolean;
}

interface BunSocketOptions {
  hostname?: string;
  port?: number;
  unix?: string;
  tls?: BunTlsOptions;
  allowHalfOpen: boolean;
  socket: BunSocketHandler;
}

interface BunListenerHandle {
  readonly hostname?: string;
  readonly port?: number;
  stop(closeActiveConnections?: boolean): void;
}

interface BunNamespace {
  connect(options: BunSocketOptions): Promise<BunSocket>;
  listen(options: BunSocketOptions): BunListenerHandle;
}

function bunApi(what: string): BunNamespace {
  const b = (globalThis as { Bun?: Partial<BunNamespace> }).Bun;
  if (typeof b?.connect !== "function" || typeof b.listen !== "function") {
    throw new TypeError(`Cannot ${what}: Bun sockets are not available in this runtime`);
  }
  return b as BunNamespace;
}

/**
 * Whether this runtime is Bun (has `Bun.connect` and `Bun.listen`).
 *
 * @example Choosing the socket adapter
 * ```ts
 * import { connectTcp, connectBunTcp, isBun } from "@autobahn/autobahn/transport";
 * const dial = isBun() ? connectBunTcp : connectTcp;
 * if (typeof dial !== "function") throw new Error("no dialer");
 * ```
 */
export function isBun(): boolean {
  const b = (globalThis as { Bun?: { connect?: unknown; listen?: unknown } }).Bun;
  return typeof b?.connect === "function" && typeof b.listen === "function";
}

/** Received bytes queued above this pause reading from the socket. */
const READ_HIGH_WATER = 1024 * 1024;
/** Reading resumes once the queue is below this. */
const READ_LOW_WATER = 256 * 1024;

/**
 * The error a write rejects with once the connection is closed.
 *
 * @example Telling a closed connection from other failures
 * ```ts
 * import { BunConnectionClosedError } from "@autobahn/autobahn/transport";
 * const err: unknown = new BunConnectionClosedError();
 * if (!(err instanceof BunConnectionClosedError) || err.message !== "Connection closed") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class BunConnectionClosedError extends Error {
  /**
   * Creates the error.
   *
   * @param message What failed.
   */
  constructor(message = "Connection closed") {
    super(message);
    this.name = "BunConnectionClosedError";
  }
}

/**
 * A {@linkcode ByteConnection} over a Bun socket. Made by
 * {@linkcode connectBunTcp}, {@linkcode connectBunTls},
 * {@linkcode connectBunUnix} and the `listenBun*` listeners.
 *
 * @example Reading and writing raw bytes (on Bun)
 * ```ts
 * import { type BunByteConnection, connectBunTcp, isBun } from "@autobahn/autobahn/transport";
 * async function hello(port: number): Promise<string> {
 *   const conn = await connectBunTcp({ hostname: "127.0.0.1", port }) as BunByteConnection;
 *   await conn.write(new TextEncoder().encode("hello"));
 *   const buf = new Uint8Array(64);
 *   const n = await conn.read(buf);
 *   conn.close();
 *   return new TextDecoder().decode(buf.subarray(0, n ?? 0));
 * }
 * if (isBun()) console.log(await hello(9000)); // under Deno, nothing to do
 * ```
 */
export class BunByteConnection implements ByteConnection {
  readonly #socket: BunSocket;
  readonly #chunks: Uint8Array[] = [];
  #head = 0;
  #queued = 0;
  #readPaused = false;
  #eof = false;
  #gone = false;
  #closed = false;
  #reader: { buffer: Uint8Array; resolve: (n: number | null) => void } | undefined;
  #drainWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #lastError: Error | undefined;
  #writeChain: Promise<void> = Promise.resolve();
  /** The remote address. */
  readonly remoteAddr: PeerAddress;
  /** The local address. */
  readonly localAddr: PeerAddress;
  /** TLS facts when the connection is TLS. */
  readonly tls?: TlsInfo;

  /** @internal Made by the `connectBun*` / `listenBun*` functions. */
  constructor(socket: BunSocket, unixPath: string | undefined, tls: boolean) {
    this.#socket = socket;
    if (unixPath !== undefined) {
      this.remoteAddr = { transport: "unix", path: unixPath };
      this.localAddr = { transport: "unix", path: unixPath };
    } else {
      this.remoteAddr = {
        transport: "tcp",
        hostname: socket.remoteAddress ?? "",
        port: socket.remotePort ?? 0,
      };
      this.localAddr = {
        transport: "tcp",
        hostname: socket.localAddress ?? "",
        port: socket.localPort ?? 0,
      };
    }
    if (tls) {
      const alpn = socket.alpnProtocol;
      this.tls = { alpnProtocol: typeof alpn === "string" ? alpn : null };
    }
  }

  /** Reads into `buffer`; `null` at EOF, after a reset, or once closed. */
  read(buffer: Uint8Array): Promise<number | null> {
    if (this.#queued > 0) return Promise.resolve(this.#take(buffer));
    if (this.#eof || this.#closed || buffer.length === 0) {
      return Promise.resolve(this.#eof || this.#closed ? null : 0);
    }
    if (this.#reader) {
      return Promise.reject(new TypeError("Cannot read: a read is already pending"));
    }
    return new Promise((resolve) => (this.#reader = { buffer, resolve }));
  }

  /** Writes all of `data`, waiting for `drain` when the socket is backpressured. */
  write(data: Uint8Array): Promise<void> {
    const p = this.#writeChain.then(() => this.#writeAll(data));
    this.#writeChain = p.catch(() => {});
    return p;
  }

  async #writeAll(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) {
      if (this.#closed || this.#gone) throw this.#closedError();
      const n = this.#socket.write(off === 0 ? data : data.subarray(off));
      if (n < 0) throw this.#closedError();
      off += n;
      if (off < data.length) {
        await new Promise<void>((resolve, reject) => this.#drainWaiters.push({ resolve, reject }));
      }
    }
  }

  /** Half-closes the write side (sends FIN) once queued writes are out. */
  async closeWrite(): Promise<void> {
    await this.#writeChain;
    if (this.#closed || this.#gone) return;
    try {
      this.#socket.flush();
      // Bun 1.4: `shutdown()` without an argument is shutdown(SHUT_WR); the
      // portable tests check that the peer reads EOF and can still answer.
      this.#socket.shutdown();
    } catch {
      // Already closed.
    }
  }

  /** Closes the connection (FIN after pending bytes); idempotent, never throws. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks.length = 0;
    this.#head = 0;
    this.#queued = 0;
    if (!this.#gone) {
      try {
        this.#socket.end();
      } catch {
        // Already closed.
      }
    }
    this.#finish();
  }

  /** Sets TCP_NODELAY (TCP only). */
  setNoDelay(on: boolean): void {
    try {
      this.#socket.setNoDelay(on);
    } catch {
      // Not a TCP socket.
    }
  }

  // --- called by the socket handlers -----------------------------------------

  /** @internal */
  _data(chunk: Uint8Array): void {
    if (this.#closed || chunk.length === 0) return;
    const r = this.#reader;
    if (r && this.#queued === 0) {
      this.#reader = undefined;
      const n = Math.min(chunk.length, r.buffer.length);
      r.buffer.set(n === chunk.length ? chunk : chunk.subarray(0, n));
      if (n < chunk.length) this.#push(chunk.subarray(n));
      r.resolve(n);
      return;
    }
    this.#push(chunk);
  }

  /** @internal The peer half-closed (FIN). */
  _end(): void {
    this.#eof = true;
    this.#wakeReader();
  }

  /** @internal The socket is closed (by either side, or failed). */
  _close(error?: Error): void {
    if (error && !this.#lastError) this.#lastError = error;
    this.#gone = true;
    this.#eof = true;
    this.#finish();
  }

  /** @internal */
  _error(error: Error): void {
    this.#lastError ??= error;
  }

  /** @internal */
  _drain(): void {
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of ws) w.resolve();
  }

  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#queued += chunk.length;
    if (!this.#readPaused && this.#queued > READ_HIGH_WATER && !this.#gone) {
      this.#readPaused = true;
      try {
        this.#socket.pause();
      } catch {
        // Closing.
      }
    }
  }

  #take(buffer: Uint8Array): number {
    let n = 0;
    while (n < buffer.length && this.#head < this.#chunks.length) {
      const c = this.#chunks[this.#head]!;
      const k = Math.min(c.length, buffer.length - n);
      buffer.set(k === c.length ? c : c.subarray(0, k), n);
      n += k;
      if (k === c.length) this.#chunks[this.#head++] = EMPTY;
      else this.#chunks[this.#head] = c.subarray(k);
    }
    this.#queued -= n;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    }
    if (this.#readPaused && this.#queued < READ_LOW_WATER && !this.#gone && !this.#closed) {
      this.#readPaused = false;
      try {
        this.#socket.resume();
      } catch {
        // Closing.
      }
    }
    return n;
  }

  #wakeReader(): void {
    const r = this.#reader;
    if (r && this.#queued === 0) {
      this.#reader = undefined;
      r.resolve(null);
    }
  }

  #finish(): void {
    this.#wakeReader();
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of ws) w.reject(this.#closedError());
  }

  #closedError(): Error {
    const cause = this.#lastError;
    return new BunConnectionClosedError(
      cause ? `Connection closed: ${cause.message}` : "Connection closed",
    );
  }
}

const EMPTY = new Uint8Array(0);

/** Socket handlers shared by every socket: the adapter sits in `socket.data`. */
const HANDLERS: BunSocketHandler = {
  open() {},
  data(socket, data) {
    socket.data?._data(data);
  },
  drain(socket) {
    socket.data?._drain();
  },
  end(socket) {
    socket.data?._end();
  },
  close(socket, error) {
    socket.data?._close(error);
  },
  error(socket, error) {
    socket.data?._error(error);
  },
};

async function dial(
  options: Omit<BunSocketOptions, "socket" | "allowHalfOpen">,
  what: string,
): Promise<BunByteConnection> {
  const api = bunApi(what);
  const tls = options.tls !== undefined;
  // `open` runs once the socket is usable: after the TLS handshake for TLS,
  // which may be after `Bun.connect` resolved.
  let opened!: (c: BunByteConnection) => void;
  let failed!: (e: Error) => void;
  const ready = new Promise<BunByteConnection>((resolve, reject) => {
    opened = resolve;
    failed = reject;
  });
  ready.catch(() => {}); // observed below, unless connecting already failed
  let lastError: Error | undefined;
  const fail = (detail: string) => new BunConnectionClosedError(`Cannot ${what}: ${detail}`);
  const handlers: BunSocketHandler = {
    ...HANDLERS,
    open(socket) {
      if (tls) return; // wait for the verified handshake
      const conn = new BunByteConnection(socket, options.unix, false);
      socket.data = conn;
      opened(conn);
    },
    // Bun calls this for TLS only. Without it, Bun 1.4 accepts any server
    // certificate even with `rejectUnauthorized`: verify here.
    handshake(socket, success, authorizationError) {
      if (socket.data) return;
      if (!success || authorizationError) {
        failed(
          fail(
            `TLS handshake failed: ${authorizationError?.message ?? "certificate not trusted"}`,
          ),
        );
        try {
          socket.end();
        } catch {
          // Already closed.
        }
        return;
      }
      const conn = new BunByteConnection(socket, undefined, true);
      socket.data = conn;
      opened(conn);
    },
    close(socket, error) {
      if (socket.data) socket.data._close(error);
      else failed(fail((error ?? lastError)?.message ?? "the socket closed while opening"));
    },
    error(socket, error) {
      if (socket.data) socket.data._error(error);
      else lastError = error;
    },
  };
  try {
    await api.connect({ ...options, allowHalfOpen: true, socket: handlers });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw fail(`${e?.code ? `${e.code}: ` : ""}${e?.message ?? String(err)}`);
  }
  return await ready;
}

/**
 * Opens a TCP connection with Bun (TCP_NODELAY on).
 *
 * @example A RawSocket WAMP transport over Bun TCP
 * ```ts
 * import { connectBunTcp, connectRawSocket, isBun } from "@autobahn/autobahn/transport";
 * async function open(port: number) {
 *   const connection = await connectBunTcp({ hostname: "127.0.0.1", port });
 *   return await connectRawSocket(connection, { serializer: "cbor" });
 * }
 * if (isBun()) await (await open(8081)).close();
 * ```
 */
export async function connectBunTcp(endpoint: TcpEndpoint): Promise<ByteConnection> {
  const conn = await dial(
    { hostname: endpoint.hostname, port: endpoint.port },
    `connect to ${endpoint.hostname}:${endpoint.port}`,
  );
  conn.setNoDelay(true);
  return conn;
}

/**
 * Opens a TLS connection with Bun and completes the handshake; the server
 * certificate is verified against the system store plus `tls.caCerts`.
 *
 * @example TLS with a private CA (on Bun)
 * ```ts
 * import { connectBunTls, isBun } from "@autobahn/autobahn/transport";
 * async function open(caPem: string) {
 *   return await connectBunTls({ hostname: "127.0.0.1", port: 8443 }, {
 *     serverName: "localhost",
 *     caCerts: [caPem],
 *   });
 * }
 * // Call `open(pem)` on Bun with your CA certificate's PEM text.
 * if (!isBun()) void open;
 * ```
 */
export async function connectBunTls(
  endpoint: TcpEndpoint,
  tls: TlsClientOptions = {},
): Promise<ByteConnection> {
  const conn = await dial(
    {
      hostname: endpoint.hostname,
      port: endpoint.port,
      tls: {
        rejectUnauthorized: true,
        serverName: tls.serverName ?? endpoint.hostname,
        ...(tls.caCerts ? { ca: tls.caCerts } : {}),
        ...(tls.alpnProtocols ? { ALPNProtocols: tls.alpnProtocols } : {}),
      },
    },
    `connect to ${endpoint.hostname}:${endpoint.port} over TLS`,
  );
  conn.setNoDelay(true);
  return conn;
}

/**
 * Connects to a Unix domain socket at `path` with Bun.
 *
 * @example A Unix socket connection (on Bun)
 * ```ts
 * import { connectBunUnix, isBun } from "@autobahn/autobahn/transport";
 * if (isBun()) (await connectBunUnix("/tmp/router.sock")).close();
 * ```
 */
export function connectBunUnix(path: string): Promise<ByteConnection> {
  return dial({ unix: path }, `connect to unix:${path}`);
}

/** A {@linkcode ByteListener} over `Bun.listen`. */
class BunByteListener implements ByteListener {
  readonly #handle: BunListenerHandle;
  readonly #pending: BunByteConnection[] = [];
  #waiter: ((c: BunByteConnection | null) => void) | undefined;
  #closed = false;
  /** The bound address. */
  readonly addr: PeerAddress;

  constructor(
    listen: (handlers: BunSocketHandler) => BunListenerHandle,
    unixPath: string | undefined,
    tls: boolean,
  ) {
    this.#handle = listen({
      ...HANDLERS,
      open: (socket) => {
        const conn = new BunByteConnection(socket, unixPath, tls);
        socket.data = conn;
        if (unixPath === undefined) conn.setNoDelay(true);
        this.#accept(conn);
      },
    });
    this.addr = unixPath !== undefined
      ? { transport: "unix", path: unixPath }
      : { transport: "tcp", hostname: this.#handle.hostname ?? "", port: this.#handle.port ?? 0 };
  }

  #accept(conn: BunByteConnection): void {
    if (this.#closed) {
      conn.close();
      return;
    }
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w(conn);
    } else {
      this.#pending.push(conn);
    }
  }

  /** Stops accepting (open connections stay open); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#handle.stop(false);
    } catch {
      // Already stopped.
    }
    for (const c of this.#pending.splice(0)) c.close();
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.(null);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ByteConnection> {
    while (!this.#closed) {
      const next = this.#pending.shift() ??
        await new Promise<BunByteConnection | null>((r) => (this.#waiter = r));
      if (next === null) return;
      yield next;
    }
  }
}

/**
 * Listens for TCP connections with `Bun.listen` (port 0 picks a free one).
 *
 * @example Accepting raw connections (on Bun)
 * ```ts
 * import { isBun, listenBunTcp } from "@autobahn/autobahn/transport";
 * if (isBun()) {
 *   const listener = listenBunTcp({ hostname: "127.0.0.1", port: 0 });
 *   console.log("listening on", listener.addr);
 *   listener.close();
 * }
 * ```
 */
export function listenBunTcp(endpoint: TcpEndpoint): ByteListener {
  const api = bunApi(`listen on ${endpoint.hostname}:${endpoint.port}`);
  return new BunByteListener(
    (socket) =>
      api.listen({ hostname: endpoint.hostname, port: endpoint.port, allowHalfOpen: true, socket }),
    undefined,
    false,
  );
}

/**
 * Listens for TLS connections with `Bun.listen`; connections are yielded after the handshake.
 *
 * @example A TLS listener from PEM files (on Bun)
 * ```ts
 * import { isBun, listenBunTls } from "@autobahn/autobahn/transport";
 * function listen(cert: string, key: string) {
 *   return listenBunTls({ hostname: "127.0.0.1", port: 0 }, { cert, key });
 * }
 * // Call `listen(certPem, keyPem)` on Bun; it throws a TypeError elsewhere.
 * if (!isBun()) void listen;
 * ```
 */
export function listenBunTls(endpoint: TcpEndpoint, tls: TlsServerOptions): ByteListener {
  const api = bunApi(`listen on ${endpoint.hostname}:${endpoint.port} over TLS`);
  return new BunByteListener(
    (socket) =>
      api.listen({
        hostname: endpoint.hostname,
        port: endpoint.port,
        tls: {
          cert: tls.cert,
          key: tls.key,
          ...(tls.alpnProtocols ? { ALPNProtocols: tls.alpnProtocols } : {}),
        },
        allowHalfOpen: true,
        socket,
      }),
    undefined,
    true,
  );
}

/**
 * Listens on a Unix domain socket at `path` with `Bun.listen` (the file must not exist).
 *
 * @example A Unix socket listener (on Bun)
 * ```ts
 * import { isBun, listenBunUnix } from "@autobahn/autobahn/transport";
 * if (isBun()) listenBunUnix(`/tmp/autobahn-${crypto.randomUUID()}.sock`).close();
 * ```
 */
export function listenBunUnix(path: string): ByteListener {
  const api = bunApi(`listen on unix:${path}`);
  return new BunByteListener(
    (socket) => api.listen({ unix: path, allowHalfOpen: true, socket }),
    path,
    false,
  );
}

/**
 * Where and how {@linkcode listenBun} listens.
 *
 * @example TCP on a free port, or a Unix socket
 * ```ts
 * import type { BunListenOptions } from "@autobahn/autobahn/transport";
 * const tcp: BunListenOptions = { hostname: "127.0.0.1", port: 0 };
 * const unix: BunListenOptions = { path: "/tmp/autobahn.sock" };
 * if (tcp.port !== 0 || !unix.path) throw new Error("unexpected");
 * ```
 */
export interface BunListenOptions {
  /** Host to bind. Default `127.0.0.1`. */
  hostname?: string;
  /** Port to bind; 0 (the default) picks a free one. */
  port?: number;
  /** Listen on a Unix socket at this path instead of TCP. */
  path?: string;
  /** TLS certificate and key (PEM), for `wss://` and RawSocket over TLS. */
  tls?: TlsServerOptions;
}

/**
 * Opens a Bun listener for the WebSocket server (`serve({ listener })`,
 * `listenWebSocket(factory, { listener })`, `listenWebSocketTransport`) or
 * RawSocket (`serveRawSocket(listener)`): TCP, TLS with `tls`, or a Unix
 * socket with `path`.
 *
 * @throws {TypeError} outside Bun.
 *
 * @example Our WebSocket server on Bun sockets
 * ```ts
 * import { serve } from "@autobahn/autobahn/websocket";
 * import { isBun, listenBun } from "@autobahn/autobahn/transport";
 * if (isBun()) {
 *   await using server = await serve({ listener: listenBun({ port: 0 }) }, async (ws) => {
 *     for await (const msg of ws) ws.send(msg);
 *   });
 *   console.log("echo server on port", server.port);
 * }
 * ```
 */
export function listenBun(options: BunListenOptions = {}): ByteListener {
  if (options.path !== undefined) return listenBunUnix(options.path);
  const endpoint = { hostname: options.hostname ?? "127.0.0.1", port: options.port ?? 0 };
  return options.tls ? listenBunTls(endpoint, options.tls) : listenBunTcp(endpoint);
}

/**
 * Options of {@linkcode dialBun}.
 *
 * @example Trusting a private CA for `wss://`
 * ```ts
 * import type { DialBunOptions } from "@autobahn/autobahn/transport";
 * const options: DialBunOptions = { caCerts: ["-----BEGIN CERTIFICATE-----\n..."], serverName: "localhost" };
 * if (options.caCerts?.length !== 1) throw new Error("unexpected");
 * ```
 */
export interface DialBunOptions {
  /** Extra trusted CA certificates (PEM) for `wss://` and `rss://`. */
  caCerts?: string[];
  /** TLS server name (default: the URL's host). */
  serverName?: string;
}

/**
 * Opens the byte connection a URL needs, with Bun sockets: TCP for `ws://`
 * and `rs://host:port`, TLS for `wss://` and `rss://`, a Unix socket for
 * `ws+unix:///path` and `rs://unix:/path`. Hand the result to `connect(url, {
 * connection })`, `connectWebSocketTransport(url, { connection })` or
 * `connectRawSocket(connection, …)`.
 *
 * @throws {TypeError} for an unsupported URL, or outside Bun.
 *
 * @example Our WebSocket client on a Bun socket
 * ```ts
 * import { connect } from "@autobahn/autobahn/websocket";
 * import { dialBun, isBun } from "@autobahn/autobahn/transport";
 * if (isBun()) {
 *   const url = "ws://127.0.0.1:9000";
 *   await using ws = await connect(url, { connection: await dialBun(url) });
 *   ws.send("Hello");
 * }
 * ```
 */
export function dialBun(url: string, options: DialBunOptions = {}): Promise<ByteConnection> {
  if (url.slice(0, 10).toLowerCase() === "ws+unix://") {
    let path: string;
    try {
      path = decodeURIComponent(new URL(url).pathname);
    } catch {
      return Promise.reject(new TypeError(`Cannot dial ${url}: not a URL`));
    }
    return connectBunUnix(path);
  }
  let parsed: TransportUrl;
  try {
    parsed = parseTransportUrl(url);
  } catch (err) {
    return Promise.reject(err);
  }
  if (parsed.kind === "rawsocket" && parsed.path !== undefined) {
    return connectBunUnix(parsed.path);
  }
  const endpoint = { hostname: parsed.hostname, port: parsed.port };
  if (!parsed.secure) return connectBunTcp(endpoint);
  return connectBunTls(endpoint, {
    ...(options.caCerts ? { caCerts: options.caCerts } : {}),
    ...(options.serverName ? { serverName: options.serverName } : {}),
  });
}
