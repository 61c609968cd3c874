/**
 * Shared pieces of the interop suite: the {@linkcode Endpoint} abstraction
 * that every implementation under test is wrapped in, adapters for our two
 * faces and for the web-standard `WebSocket`, payload generators, content
 * assertions and the committed TLS test certificate.
 *
 * @module
 */
import { AssertionError } from "../_assert.ts";
import {
  type ClientOptions,
  connect,
  connectWebSocket,
  listenWebSocket,
  serve,
  type ServerOptions,
  WebSocketClientFactory,
  WebSocketClientProtocol,
  type WebSocketConnection,
  type WebSocketProtocol,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";

/** A message as the suite compares it: text as `string`, binary as `Uint8Array`. */
export type Message = string | Uint8Array;

/** How one side saw the connection end. */
export interface CloseRecord {
  /** The close code the peer sent (1005 none, 1006 no close frame). */
  code: number;
  /** The close reason the peer sent. */
  reason: string;
  /** Whether the closing handshake completed. */
  wasClean: boolean;
}

/**
 * One side of an open WebSocket connection, whatever implements it. Optional
 * members are capabilities: a scenario that needs a missing one is skipped.
 */
export interface Endpoint {
  /** Sends one text or binary message in one frame. */
  send(data: Message): void;
  /** Sends one message in frames of at most `fragmentSize` payload bytes. */
  sendFragmented?(data: Message, fragmentSize: number): void;
  /** Sends a ping; resolves when the matching pong has arrived. */
  ping?(): Promise<void>;
  /** Starts the closing handshake with `code` and `reason`. Idempotent. */
  close(code: number, reason: string): void;
  /** The next message, in order; rejects once the connection is closed. */
  receive(): Promise<Message>;
  /** Resolves once the transport is closed. */
  readonly closed: Promise<CloseRecord>;
}

/** Longest wait for any single step, so that a broken peer fails instead of hanging. */
export const STEP_TIMEOUT_MS = 10_000;

/** Races `p` against a timer that is always cleared (sanitizer friendly). */
export function withTimeout<T>(p: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** An ordered queue with promise-based reads; `end()` rejects current and later reads. */
export class Inbox<T> {
  #items: T[] = [];
  #waiters: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  #ended: Error | undefined;

  /** Delivers `v` to the oldest waiting reader, or queues it. */
  push(v: T): void {
    const w = this.#waiters.shift();
    if (w) w.resolve(v);
    else this.#items.push(v);
  }

  /** Ends the queue: queued items can still be read, then reads reject with `err`. */
  end(err: Error): void {
    this.#ended ??= err;
    for (const w of this.#waiters.splice(0)) w.reject(err);
  }

  /** Reads the next item (bounded by {@linkcode STEP_TIMEOUT_MS}). */
  next(what = "next item"): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    if (this.#ended) return Promise.reject(this.#ended);
    return withTimeout(
      new Promise<T>((resolve, reject) => this.#waiters.push({ resolve, reject })),
      what,
    );
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

/** Copies a view (e.g. a Node `Buffer`) into a plain `Uint8Array` for comparisons. */
export function plainBytes(v: ArrayBufferView | ArrayBuffer): Uint8Array {
  const u = v instanceof ArrayBuffer
    ? new Uint8Array(v)
    : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return new Uint8Array(u);
}

/** Decodes UTF-8 strictly: invalid text must never pass through an implementation. */
export function decodeText(bytes: Uint8Array): string {
  return strictUtf8.decode(bytes);
}

/** Encodes a message's payload as bytes. */
export function payloadBytes(m: Message): Uint8Array {
  return typeof m === "string" ? utf8.encode(m) : m;
}

/**
 * Deterministic pseudo-random bytes (xorshift32): content errors such as a
 * reordered or duplicated chunk cannot go unnoticed.
 */
export function randomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
    out[i + 1] = x >>> 8;
    out[i + 2] = x >>> 16;
    out[i + 3] = x >>> 24;
  }
  for (; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}

/**
 * Deterministic text of exactly `byteLength` UTF-8 bytes mixing 1-, 2-, 3- and
 * 4-byte characters, so that fragment boundaries fall inside characters.
 */
export function randomText(byteLength: number, seed = 0x2545f491): string {
  const b = new Uint8Array(byteLength);
  let x = seed | 0 || 1;
  let i = 0;
  while (i < byteLength) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    const room = byteLength - i;
    const width = Math.min(room, 1 + (r & 3));
    if (width === 1) {
      b[i++] = 0x20 + (r >>> 8) % 95;
    } else if (width === 2) {
      const cp = 0xa0 + (r >>> 8) % (0x800 - 0xa0);
      b[i++] = 0xc0 | (cp >> 6);
      b[i++] = 0x80 | (cp & 0x3f);
    } else if (width === 3) {
      const cp = 0x800 + (r >>> 8) % (0xd800 - 0x800);
      b[i++] = 0xe0 | (cp >> 12);
      b[i++] = 0x80 | ((cp >> 6) & 0x3f);
      b[i++] = 0x80 | (cp & 0x3f);
    } else {
      const cp = 0x10000 + (r >>> 8) % 0x100000;
      b[i++] = 0xf0 | (cp >> 18);
      b[i++] = 0x80 | ((cp >> 12) & 0x3f);
      b[i++] = 0x80 | ((cp >> 6) & 0x3f);
      b[i++] = 0x80 | (cp & 0x3f);
    }
  }
  return strictUtf8.decode(b);
}

/**
 * Asserts that `actual` is the same kind of message as `expected` with the same
 * content, reporting the first difference instead of dumping megabytes.
 */
export function assertMessage(actual: Message, expected: Message, what = "message"): void {
  if (typeof expected === "string") {
    if (typeof actual !== "string") {
      throw new AssertionError(`${what}: expected text, got ${actual.length} binary bytes`);
    }
    if (actual === expected) return;
    let i = 0;
    while (i < actual.length && actual[i] === expected[i]) i++;
    throw new AssertionError(
      `${what}: text differs at index ${i} (got ${actual.length} UTF-16 units, ` +
        `expected ${expected.length})`,
    );
  }
  if (typeof actual === "string") {
    throw new AssertionError(`${what}: expected binary, got text of length ${actual.length}`);
  }
  if (!(actual instanceof Uint8Array)) {
    throw new AssertionError(`${what}: expected a Uint8Array`);
  }
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i !== actual.length || i !== expected.length) {
    throw new AssertionError(
      `${what}: bytes differ at offset ${i} (got ${actual.length} bytes, ` +
        `expected ${expected.length})`,
    );
  }
}

// --- TLS ---------------------------------------------------------------------

const TLS_DIR = new URL("../fixtures/tls/", import.meta.url);

/** The committed test CA and server certificate (valid for localhost, 127.0.0.1, ::1). */
export const testTls: {
  caPath: string;
  ca: string;
  cert: string;
  key: string;
} = {
  caPath: decodeURIComponent(new URL("ca.pem", TLS_DIR).pathname),
  ca: await Deno.readTextFile(new URL("ca.pem", TLS_DIR)),
  cert: await Deno.readTextFile(new URL("server.pem", TLS_DIR)),
  key: await Deno.readTextFile(new URL("server-key.pem", TLS_DIR)),
};

// --- Our callback face -------------------------------------------------------

/** Adapts one of our callback-face protocols (client or server side) to {@linkcode Endpoint}. */
export class ProtocolProbe implements Endpoint {
  readonly #p: WebSocketProtocol;
  readonly #inbox = new Inbox<Message>();
  readonly #pongs: (() => void)[] = [];
  #resolveClosed!: (r: CloseRecord) => void;
  /** See {@linkcode Endpoint.closed}. */
  readonly closed: Promise<CloseRecord> = new Promise((r) => (this.#resolveClosed = r));

  /** @param p The protocol instance whose callbacks forward here. */
  constructor(p: WebSocketProtocol) {
    this.#p = p;
  }

  /** Forwarded from `onMessage`. */
  message(payload: Uint8Array, isBinary: boolean): void {
    this.#inbox.push(isBinary ? payload : decodeText(payload));
  }

  /** Forwarded from `onPong`. */
  pong(): void {
    this.#pongs.shift()?.();
  }

  /** Forwarded from `onClose`. */
  ended(wasClean: boolean, code: number, reason: string): void {
    this.#inbox.end(new Error(`Connection closed (${code} ${reason})`));
    this.#resolveClosed({ wasClean, code, reason });
  }

  send(data: Message): void {
    this.#p.sendMessage(data, typeof data !== "string");
  }

  sendFragmented(data: Message, fragmentSize: number): void {
    this.#p.sendMessage(data, typeof data !== "string", fragmentSize);
  }

  ping(): Promise<void> {
    const pong = new Promise<void>((r) => this.#pongs.push(r));
    this.#p.sendPing();
    return withTimeout(pong, "pong");
  }

  close(code: number, reason: string): void {
    this.#p.sendClose(code, reason || undefined);
  }

  receive(): Promise<Message> {
    return this.#inbox.next("message");
  }
}

/** Connects our callback-face client (`WebSocketClientFactory` + `connectWebSocket`). */
export async function connectOurCallbackClient(
  url: string,
  options: ClientOptions & { caCerts?: string[] } = {},
): Promise<Endpoint> {
  const { caCerts, ...protocolOptions } = options;
  const factory = new WebSocketClientFactory(url);
  factory.setProtocolOptions(protocolOptions);
  class ProbeClient extends WebSocketClientProtocol {
    readonly probe = new ProtocolProbe(this);
    override onMessage(payload: Uint8Array, isBinary: boolean): void {
      this.probe.message(payload, isBinary);
    }
    override onPong(): void {
      this.probe.pong();
    }
    override onClose(wasClean: boolean, code: number, reason: string): void {
      this.probe.ended(wasClean, code, reason);
    }
  }
  factory.protocol = ProbeClient;
  const p = await connectWebSocket<ProbeClient>(factory, caCerts ? { caCerts } : {});
  return p.probe;
}

/** Adapts our modern-face {@linkcode WebSocketConnection} to {@linkcode Endpoint}. */
export function modernEndpoint(ws: WebSocketConnection): Endpoint {
  const it = ws[Symbol.asyncIterator]();
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => void ws.close(code, reason),
    receive: async () => {
      const r = await withTimeout(it.next(), "message");
      if (r.done) throw new Error("Connection closed");
      return r.value;
    },
    closed: ws.closed.then(({ wasClean, code, reason }) => ({ wasClean, code, reason })),
  };
}

/** Connects our modern-face client (`connect`). */
export async function connectOurModernClient(
  url: string,
  options: ClientOptions & { caCerts?: string[] } = {},
): Promise<Endpoint> {
  return modernEndpoint(await connect(url, options));
}

/** One of our servers, with the server side of each accepted connection. */
export interface OurServer {
  /** The `ws://` or `wss://` URL to reach it at. */
  url: string;
  /** Server-side endpoints, in the order the connections opened. */
  accepted: Inbox<Endpoint>;
  /** The server. */
  server: WebSocketServer;
}

/** Starts our callback-face server (`WebSocketServerFactory` + `listenWebSocket`). */
export async function listenOurCallbackServer(
  options: ServerOptions & { tls?: { cert: string; key: string }; protocols?: string[] } = {},
): Promise<OurServer> {
  const { tls, protocols, ...protocolOptions } = options;
  const accepted = new Inbox<Endpoint>();
  const scheme = tls ? "wss" : "ws";
  const factory = new WebSocketServerFactory(
    `${scheme}://127.0.0.1:0`,
    protocols ? { protocols } : {},
  );
  factory.setProtocolOptions(protocolOptions);
  factory.protocol = class ProbeServer extends WebSocketServerProtocol {
    readonly probe = new ProtocolProbe(this);
    override onOpen(): void {
      accepted.push(this.probe);
    }
    override onMessage(payload: Uint8Array, isBinary: boolean): void {
      this.probe.message(payload, isBinary);
    }
    override onPong(): void {
      this.probe.pong();
    }
    override onClose(wasClean: boolean, code: number, reason: string): void {
      this.probe.ended(wasClean, code, reason);
    }
  };
  const server = await listenWebSocket(factory, tls ? { port: 0, tls } : { port: 0 });
  return { url: `${scheme}://127.0.0.1:${server.port}`, accepted, server };
}

/** Starts our modern-face server (`serve`). */
export async function serveOurModern(
  options: ServerOptions & { tls?: { cert: string; key: string }; protocols?: string[] } = {},
): Promise<OurServer> {
  const accepted = new Inbox<Endpoint>();
  const server = await serve({ ...options, port: 0 }, (ws) => accepted.push(modernEndpoint(ws)));
  return { url: `${options.tls ? "wss" : "ws"}://127.0.0.1:${server.port}`, accepted, server };
}

// --- The web-standard WebSocket (Deno's native server socket and the platform client) ----

/** Adapts a web-standard `WebSocket` to {@linkcode Endpoint}; `opened` settles on open or failure. */
export function webEndpoint(socket: WebSocket): { endpoint: Endpoint; opened: Promise<void> } {
  socket.binaryType = "arraybuffer";
  const inbox = new Inbox<Message>();
  let resolveOpened!: () => void;
  let rejectOpened!: (e: Error) => void;
  const opened = new Promise<void>((res, rej) => {
    resolveOpened = res;
    rejectOpened = rej;
  });
  const closed = new Promise<CloseRecord>((resolve) => {
    socket.onclose = (ev) => {
      rejectOpened(new Error(`Closed before open (${ev.code} ${ev.reason})`));
      inbox.end(new Error(`Connection closed (${ev.code} ${ev.reason})`));
      resolve({ code: ev.code, reason: ev.reason, wasClean: ev.wasClean });
    };
  });
  socket.onopen = () => resolveOpened();
  socket.onmessage = (ev: MessageEvent) => {
    const d = ev.data;
    inbox.push(typeof d === "string" ? d : plainBytes(d as ArrayBuffer));
  };
  // Errors are followed by a close event, which is what the tests observe.
  socket.onerror = () => {};
  opened.catch(() => {});
  return {
    opened,
    endpoint: {
      send: (data) => socket.send(data),
      close: (code, reason) => socket.close(code, reason),
      receive: () => inbox.next("message"),
      closed,
    },
  };
}

/** A server that is not ours, with the server side of each accepted connection. */
export interface ForeignServer {
  /** The URL to reach it at. */
  url: string;
  /** Server-side endpoints, in the order the connections opened. */
  accepted: Inbox<Endpoint>;
  /** Stops the server (after its connections have closed). */
  close(): Promise<void>;
}

/** Starts a Deno native server: `Deno.serve` + `Deno.upgradeWebSocket`. */
export function startDenoNativeServer(
  options: { tls?: { cert: string; key: string }; protocol?: string } = {},
): ForeignServer {
  const accepted = new Inbox<Endpoint>();
  const server = Deno.serve(
    {
      hostname: "127.0.0.1",
      port: 0,
      onListen() {},
      ...(options.tls ? { cert: options.tls.cert, key: options.tls.key } : {}),
    },
    (req) => {
      const { socket, response } = Deno.upgradeWebSocket(
        req,
        options.protocol ? { protocol: options.protocol } : {},
      );
      const { endpoint, opened } = webEndpoint(socket);
      opened.then(() => accepted.push(endpoint), () => {});
      return response;
    },
  );
  return {
    url: `${options.tls ? "wss" : "ws"}://127.0.0.1:${server.addr.port}`,
    accepted,
    close: () => server.shutdown(),
  };
}

/** Opens the platform (global) `WebSocket` client. */
export async function connectPlatformClient(url: string, protocols?: string[]): Promise<{
  endpoint: Endpoint;
  socket: WebSocket;
}> {
  const socket = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
  const { endpoint, opened } = webEndpoint(socket);
  await withTimeout(opened, "platform WebSocket open");
  return { endpoint, socket };
}

// --- Pairs -------------------------------------------------------------------

/** Both sides of one open connection: ours and the other implementation's. */
export interface Pair {
  /** Our side (client or server). */
  ours: Endpoint;
  /** The other implementation's side. */
  theirs: Endpoint;
  /** Closes the connection if still open, waits for both sides, and stops servers. */
  dispose(): Promise<void>;
}

/** Closes `ours` (a no-op when already closed) and waits for both sides to see the end. */
export async function closeBoth(ours: Endpoint, theirs: Endpoint): Promise<void> {
  ours.close(1000, "");
  await withTimeout(Promise.all([ours.closed, theirs.closed]), "both sides closed");
}
