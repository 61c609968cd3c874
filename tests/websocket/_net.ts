// Shared helpers for the end-to-end WebSocket tests over real sockets: raw TCP
// peers that misbehave on purpose, a tiny frame reader, a capturing logger and
// byte-connection wrappers that observe what the engine does to a socket.
import type { ByteConnection } from "../../src/transport/types.ts";
import type { ByteListener } from "../../src/transport/deno_conn.ts";
import { computeAcceptKey } from "../../src/websocket/handshake.ts";
import type { Logger, LogLevel, LogProperties } from "../../src/util/logger.ts";
import { concatBytes } from "../../src/util/bytes.ts";

export { maskedFrame, plainFrame } from "./_core_harness.ts";

/** Short timeouts (seconds) so the suite stays fast. */
export const SHORT = 0.2;

const enc = new TextEncoder();
const dec = new TextDecoder();

/** UTF-8 bytes of `s`. */
export function bytes(s: string): Uint8Array {
  return enc.encode(s);
}

/** Closes a Deno connection, ignoring "already closed". */
export function safeClose(c: { close(): void }): void {
  try {
    c.close();
  } catch {
    // Already closed.
  }
}

/** Opens a raw TCP connection to 127.0.0.1:`port`. */
export function rawConnect(port: number): Promise<Deno.TcpConn> {
  return Deno.connect({ hostname: "127.0.0.1", port });
}

/** A parsed HTTP response (or request) head plus the bytes after it. */
export interface RawHead {
  /** The first line, e.g. `HTTP/1.1 101 Switching Protocols`. */
  startLine: string;
  /** The status code (responses). */
  status: number;
  /** Header names lowercased; repeats joined with ", ". */
  headers: Record<string, string>;
  /** Bytes read after the blank line. */
  rest: Uint8Array;
}

/**
 * Reads from `conn` until the end of an HTTP head (bounded: 64 KiB, `ms`
 * milliseconds; the connection is closed on timeout). Returns `null` on EOF
 * before a complete head.
 */
export async function readHead(conn: Deno.Conn, ms = 3000): Promise<RawHead | null> {
  let buf: Uint8Array = new Uint8Array(0);
  const chunk = new Uint8Array(4096);
  const timer = setTimeout(() => safeClose(conn), ms);
  try {
    while (buf.length < 65536) {
      let n: number | null;
      try {
        n = await conn.read(chunk);
      } catch {
        return null;
      }
      if (n === null) return null;
      buf = concatBytes([buf, chunk.subarray(0, n)]);
      const end = indexOfBlankLine(buf);
      if (end >= 0) {
        const text = dec.decode(buf.subarray(0, end));
        const [startLine = "", ...lines] = text.split("\r\n");
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const i = line.indexOf(":");
          const name = line.slice(0, i).trim().toLowerCase();
          const value = line.slice(i + 1).trim();
          headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
        }
        const status = Number(startLine.split(" ")[1]);
        return { startLine, status, headers, rest: buf.slice(end + 4) };
      }
    }
    throw new Error("HTTP head too long");
  } finally {
    clearTimeout(timer);
  }
}

function indexOfBlankLine(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}

/** What {@linkcode readToEof} saw. */
export interface ReadResult {
  /** Every byte read. */
  data: Uint8Array;
  /** True when EOF (or a reset) came before the deadline. */
  eof: boolean;
  /** Milliseconds until EOF or the deadline. */
  elapsed: number;
}

/**
 * Reads until EOF or `ms` milliseconds pass. On timeout the connection is
 * closed by this helper (so the caller must not rely on it staying open).
 */
export async function readToEof(conn: Deno.Conn, ms = 3000): Promise<ReadResult> {
  const parts: Uint8Array[] = [];
  const start = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    safeClose(conn);
  }, ms);
  const chunk = new Uint8Array(16384);
  try {
    for (;;) {
      let n: number | null;
      try {
        n = await conn.read(chunk);
      } catch {
        n = null;
      }
      if (n === null) break;
      parts.push(chunk.slice(0, n));
    }
  } finally {
    clearTimeout(timer);
  }
  return {
    data: concatBytes(parts.length ? parts : [new Uint8Array(0)]),
    eof: !timedOut,
    elapsed: performance.now() - start,
  };
}

/** A fixed, valid `Sec-WebSocket-Key` (RFC 6455 §1.3). */
export const SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** Options of {@linkcode upgradeRequest}. */
export interface UpgradeRequestOptions {
  /** Request target. Default "/". */
  path?: string;
  /** `Sec-WebSocket-Version`. Default 13; `null` omits it. */
  version?: number | null;
  /** `Origin` header. */
  origin?: string;
  /** Subprotocols offered. */
  protocols?: string[];
  /** More header lines. */
  headers?: Record<string, string>;
  /** `Sec-WebSocket-Key`. Default {@linkcode SAMPLE_KEY}. */
  key?: string;
}

/** A hand-made HTTP/1.1 upgrade request. */
export function upgradeRequest(port: number, o: UpgradeRequestOptions = {}): string {
  const lines = [
    `GET ${o.path ?? "/"} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${o.key ?? SAMPLE_KEY}`,
  ];
  const version = o.version === undefined ? 13 : o.version;
  if (version !== null) lines.push(`Sec-WebSocket-Version: ${version}`);
  if (o.origin !== undefined) lines.push(`Origin: ${o.origin}`);
  if (o.protocols) lines.push(`Sec-WebSocket-Protocol: ${o.protocols.join(", ")}`);
  for (const [k, v] of Object.entries(o.headers ?? {})) lines.push(`${k}: ${v}`);
  return lines.join("\r\n") + "\r\n\r\n";
}

/** Sends `request` on a fresh connection and reads the whole answer up to EOF. */
export async function httpExchange(
  port: number,
  request: string,
): Promise<{ head: RawHead; body: string }> {
  const conn = await rawConnect(port);
  try {
    await conn.write(bytes(request));
    const head = await readHead(conn);
    if (head === null) throw new Error("No HTTP response");
    const tail = await readToEof(conn);
    return { head, body: dec.decode(concatBytes([head.rest, tail.data])) };
  } finally {
    safeClose(conn);
  }
}

/** Opens a raw TCP connection and completes the opening handshake by hand. */
export async function rawUpgrade(
  port: number,
  o: UpgradeRequestOptions = {},
): Promise<{ conn: Deno.TcpConn; head: RawHead; frames: FrameReader }> {
  const conn = await rawConnect(port);
  await conn.write(bytes(upgradeRequest(port, o)));
  const head = await readHead(conn);
  if (head === null || head.status !== 101) {
    safeClose(conn);
    throw new Error(`Upgrade failed: ${head?.startLine ?? "EOF"}`);
  }
  return { conn, head, frames: new FrameReader(conn, head.rest) };
}

/** One frame as read off the wire (payload unmasked). */
export interface WireFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  /** The masking key, when masked. */
  key: Uint8Array | null;
  /** The payload as on the wire (still masked). */
  raw: Uint8Array;
  /** The payload unmasked. */
  payload: Uint8Array;
}

/** Reads frames from a raw connection (bounded by a per-call deadline). */
export class FrameReader {
  #conn: Deno.Conn;
  #buf: Uint8Array;

  constructor(conn: Deno.Conn, initial: Uint8Array = new Uint8Array(0)) {
    this.#conn = conn;
    this.#buf = initial;
  }

  /** The next frame, or `null` on EOF (or after `ms` milliseconds, closing the connection). */
  async next(ms = 3000): Promise<WireFrame | null> {
    const timer = setTimeout(() => safeClose(this.#conn), ms);
    try {
      for (;;) {
        const f = this.#parse();
        if (f) return f;
        const chunk = new Uint8Array(16384);
        let n: number | null;
        try {
          n = await this.#conn.read(chunk);
        } catch {
          n = null;
        }
        if (n === null) return null;
        this.#buf = concatBytes([this.#buf, chunk.subarray(0, n)]);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  #parse(): WireFrame | null {
    const b = this.#buf;
    if (b.length < 2) return null;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let o = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = (b[2]! << 8) | b[3]!;
      o = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      len = Number(new DataView(b.buffer, b.byteOffset + 2, 8).getBigUint64(0));
      o = 10;
    }
    const key = masked ? b.slice(o, o + 4) : null;
    if (masked) o += 4;
    if (b.length < o + len) return null;
    const raw = b.slice(o, o + len);
    const payload = key ? raw.map((x, i) => x ^ key[i & 3]!) : raw.slice();
    this.#buf = b.slice(o + len);
    return {
      fin: (b[0]! & 0x80) !== 0,
      rsv: (b[0]! >> 4) & 7,
      opcode: b[0]! & 0x0f,
      masked,
      key,
      raw,
      payload,
    };
  }
}

/** The close code of a close frame payload, or `null` when it has none. */
export function closeCode(payload: Uint8Array): number | null {
  return payload.length >= 2 ? (payload[0]! << 8) | payload[1]! : null;
}

/** A close frame payload with `code` and `reason`. */
export function closePayload(code: number, reason = ""): Uint8Array {
  const r = bytes(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >> 8;
  out[1] = code & 255;
  out.set(r, 2);
  return out;
}

/** One record seen by a {@linkcode captureLogger}. */
export interface LogRecord {
  level: LogLevel;
  category: string;
  message: string;
  properties: LogProperties | undefined;
}

/** A logger that keeps every record at the enabled levels. */
export function captureLogger(
  levels: LogLevel[] = ["trace", "debug", "info", "warn", "error"],
): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const enabled = {
    trace: levels.includes("trace"),
    debug: levels.includes("debug"),
    info: levels.includes("info"),
    warn: levels.includes("warn"),
    error: levels.includes("error"),
  };
  return {
    records,
    logger: {
      enabled,
      log(level, category, message, properties) {
        records.push({ level, category, message, properties });
      },
    },
  };
}

/** A byte connection that records `setNoDelay` calls. */
export interface ObservedConnection extends ByteConnection {
  /** Every value passed to `setNoDelay`. */
  readonly noDelay: boolean[];
}

/** Wraps `inner`, recording `setNoDelay` calls (and forwarding everything). */
export function observeConnection(
  inner: ByteConnection,
  noDelay: boolean[] = [],
): ObservedConnection {
  return {
    noDelay,
    read: (b) => inner.read(b),
    write: (d) => inner.write(d),
    closeWrite: () => inner.closeWrite(),
    close: () => inner.close(),
    setNoDelay(on: boolean) {
      noDelay.push(on);
      inner.setNoDelay?.(on);
    },
    get remoteAddr() {
      return inner.remoteAddr;
    },
    get localAddr() {
      return inner.localAddr;
    },
  };
}

/** Wraps a listener so that every accepted connection records `setNoDelay` calls into `noDelay`. */
export function observeListener(inner: ByteListener, noDelay: boolean[]): ByteListener {
  return {
    addr: inner.addr,
    close: () => inner.close(),
    async *[Symbol.asyncIterator]() {
      for await (const c of inner) yield observeConnection(c, noDelay);
    },
  };
}

/** A one-shot raw TCP server for client tests: `handler` gets the first connection. */
export interface RawServer {
  port: number;
  /** Resolves when the handler is done (and the connection closed). */
  done: Promise<void>;
  /** Stops listening and waits for the handler. */
  close(): Promise<void>;
}

/** Starts a {@linkcode RawServer}. */
export function rawServer(handler: (conn: Deno.TcpConn) => Promise<void>): RawServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    let conn: Deno.TcpConn;
    try {
      conn = await listener.accept();
    } catch {
      return;
    } finally {
      safeClose(listener);
    }
    try {
      await handler(conn);
    } finally {
      safeClose(conn);
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    done,
    async close() {
      safeClose(listener);
      await done;
    },
  };
}

/** Reads a client's upgrade request on `conn` and answers 101 (plus `extra` header lines). */
export async function acceptUpgrade(
  conn: Deno.Conn,
  extra: string[] = [],
): Promise<{ request: RawHead; frames: FrameReader }> {
  const request = await readHead(conn);
  if (request === null) throw new Error("No upgrade request");
  const key = request.headers["sec-websocket-key"] ?? "";
  const lines = [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${computeAcceptKey(key)}`,
    ...extra,
  ];
  await conn.write(bytes(lines.join("\r\n") + "\r\n\r\n"));
  return { request, frames: new FrameReader(conn, request.rest) };
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects when `p` takes longer than `ms` (the timer is always cleared). */
export async function within<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the test run may listen on a Unix socket at `path`: Deno asks for
 * both write access to the directory and net access to `unix:<path>` (which
 * `--allow-net=127.0.0.1,localhost` does not grant).
 */
export async function canUseUnixSocket(path: string): Promise<boolean> {
  const write = await Deno.permissions.query({ name: "write", path });
  const net = await Deno.permissions.query({ name: "net", host: `unix:${path}` });
  return write.state === "granted" && net.state === "granted";
}

/** A fresh Unix socket path under /tmp. */
export function socketPath(): string {
  return `/tmp/autobahn-ts-test-${crypto.randomUUID().slice(0, 8)}.sock`;
}
