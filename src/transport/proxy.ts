/**
 * Client connections through an explicit HTTP proxy (HTTP CONNECT, RFC 9110
 * §9.3.6): for `ws://` the tunnel is the byte connection; for `wss://` TLS is
 * started over the tunnel (`Deno.startTls`), so the proxy sees only ciphertext.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";
import { DenoByteConnection } from "./deno_conn.ts";
import type { TcpEndpoint } from "./deno_tcp.ts";
import type { TlsClientOptions } from "./deno_tls.ts";
import type { ByteConnection } from "./types.ts";

/**
 * An HTTP proxy that supports CONNECT, as Autobahn's `proxy={"host":…, "port":…}`.
 *
 * @example Options for connecting through an HTTP proxy
 * ```ts
 * import type { ConnectWebSocketOptions, ProxyOptions } from "@autobahn/autobahn/websocket";
 *
 * const proxy: ProxyOptions = { host: "proxy.internal", port: 3128 };
 * const options: ConnectWebSocketOptions = { proxy }; // for connect("wss://…", options)
 * if (options.proxy?.port !== 3128) throw new Error("unexpected");
 * ```
 */
export interface ProxyOptions {
  /** The proxy's host name or address. */
  host: string;
  /** The proxy's port. */
  port: number;
}

/**
 * The proxy refused or broke the CONNECT request.
 *
 * @example Telling a proxy refusal from other failures
 * ```ts
 * import { ProxyError } from "@autobahn/autobahn/websocket";
 *
 * const err: unknown = new ProxyError("Cannot open tunnel: proxy answered 407", 407);
 * if (err instanceof ProxyError && err.status === 407) {
 *   // The proxy wants credentials: ask the user, don't retry blindly.
 * } else {
 *   throw new Error("expected a 407 ProxyError");
 * }
 * ```
 */
export class ProxyError extends AutobahnError {
  /** The proxy's HTTP status code, or 0 when it sent no valid answer. */
  readonly status: number;

  /**
   * Creates a proxy error.
   *
   * @param message What went wrong (sentence case, no period).
   * @param status The proxy's status code, or 0.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, status = 0, options?: ErrorOptions) {
    super("proxy_error", message, options);
    this.status = status;
  }
}

/** The proxy's answer head may not grow beyond this. */
const MAX_HEAD = 16 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Opens a tunnel to `target` through `proxy`, then TLS over it when `tls` is
 * given (server name and verification use the target's hostname).
 *
 * @example
 * ```ts ignore
 * import { connectViaProxy } from "./proxy.ts";
 * const conn = await connectViaProxy({ host: "127.0.0.1", port: 8888 }, {
 *   hostname: "example.com",
 *   port: 443,
 * }, {});
 * conn.close();
 * ```
 *
 * @throws {ProxyError} when the proxy answers with a non-2xx status or an invalid answer.
 */
export async function connectViaProxy(
  proxy: ProxyOptions,
  target: TcpEndpoint,
  tls?: TlsClientOptions,
): Promise<ByteConnection> {
  if (typeof proxy?.host !== "string" || !Number.isInteger(proxy.port)) {
    throw new TypeError("Cannot use proxy: expected { host: string, port: number }");
  }
  const conn = await Deno.connect({
    hostname: proxy.host.replace(/^\[|\]$/g, ""),
    port: proxy.port,
    transport: "tcp",
  });
  try {
    await tunnel(conn, target);
    if (!tls) return new DenoByteConnection(conn);
    const tlsConn = await Deno.startTls(conn, {
      hostname: tls.serverName ?? target.hostname,
      ...(tls.caCerts ? { caCerts: tls.caCerts } : {}),
      ...(tls.alpnProtocols ? { alpnProtocols: tls.alpnProtocols } : {}),
    });
    try {
      const hs = await tlsConn.handshake();
      return new DenoByteConnection(tlsConn, { alpnProtocol: hs.alpnProtocol });
    } catch (err) {
      tlsConn.close();
      throw err;
    }
  } catch (err) {
    try {
      conn.close();
    } catch {
      // Already closed (startTls took it over).
    }
    throw err;
  }
}

/** Sends CONNECT and reads the proxy's answer head, byte-exact (nothing after it is consumed). */
async function tunnel(conn: Deno.Conn, target: TcpEndpoint): Promise<void> {
  const host = target.hostname.includes(":") ? `[${target.hostname}]` : target.hostname;
  const authority = `${host}:${target.port}`;
  await writeAll(
    conn,
    encoder.encode(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`),
  );
  const head = await readHead(conn);
  const m = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?\r\n/.exec(head);
  if (!m) throw new ProxyError("Cannot connect through proxy: invalid answer to CONNECT");
  const status = Number(m[1]);
  if (status < 200 || status > 299) {
    throw new ProxyError(
      `Cannot connect through proxy: CONNECT ${authority} refused with ${status} ${m[2] ?? ""}`
        .trimEnd(),
      status,
    );
  }
}

/**
 * Reads up to the blank line that ends the head, one byte at a time so that no
 * tunnel byte is swallowed (a proxy's answer is tiny).
 */
async function readHead(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(MAX_HEAD);
  let len = 0;
  while (len < MAX_HEAD) {
    const n = await conn.read(buf.subarray(len, len + 1));
    if (n === null) {
      throw new ProxyError("Cannot connect through proxy: proxy closed the connection");
    }
    len += n;
    if (
      len >= 4 && buf[len - 1] === 10 && buf[len - 2] === 13 && buf[len - 3] === 10 &&
      buf[len - 4] === 13
    ) {
      return decoder.decode(buf.subarray(0, len));
    }
  }
  throw new ProxyError("Cannot connect through proxy: answer head too large");
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}
