/**
 * TLS byte connections on Deno (`Deno.connectTls` / `Deno.listenTls`), for
 * `wss://` and RawSocket over TLS.
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { TcpEndpoint } from "./deno_tcp.ts";
import type { ByteConnection } from "./types.ts";

/**
 * Client-side TLS settings.
 *
 * @example Trusting a test CA and offering HTTP/1.1
 * ```ts
 * import type { TlsClientOptions } from "@autobahn/autobahn/transport";
 *
 * const caPem = "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n";
 * const tls: TlsClientOptions = {
 *   caCerts: [caPem],
 *   serverName: "router.test",
 *   alpnProtocols: ["http/1.1"],
 * };
 * if (tls.serverName !== "router.test") throw new Error();
 * ```
 */
export interface TlsClientOptions {
  /** Extra trusted CA certificates (PEM), e.g. a test CA. */
  caCerts?: string[];
  /** Server name for SNI and verification (default: the hostname). */
  serverName?: string;
  /** ALPN protocols to offer. */
  alpnProtocols?: string[];
}

/**
 * Server-side TLS settings: PEM certificate chain and key.
 *
 * @example Certificate and key from PEM text
 * ```ts
 * import type { TlsServerOptions } from "@autobahn/autobahn/transport";
 *
 * const pem = (label: string) => `-----BEGIN ${label}-----\n...\n-----END ${label}-----\n`;
 * const tls: TlsServerOptions = { cert: pem("CERTIFICATE"), key: pem("PRIVATE KEY") };
 * if (!tls.cert.startsWith("-----BEGIN CERTIFICATE-----")) throw new Error();
 * ```
 */
export interface TlsServerOptions {
  /** Certificate chain (PEM). */
  cert: string;
  /** Private key (PEM). */
  key: string;
  /** ALPN protocols to accept. */
  alpnProtocols?: string[];
}

/**
 * Opens a TLS connection and completes the TLS handshake. The TCP socket is
 * opened first with TCP_NODELAY set and then upgraded (`Deno.startTls`): Deno's
 * TLS connections have no `setNoDelay`, and with Nagle's algorithm on, small
 * back-to-back writes (ping/pong, close, short messages) wait ~40 ms.
 *
 * @example TLS to a listener that uses the repository's test certificate
 * ```ts
 * import { connectTls, listenTls } from "@autobahn/autobahn/transport";
 * const pem = (f: string) => Deno.readTextFileSync(`tests/fixtures/tls/${f}`);
 * const listener = listenTls({ hostname: "127.0.0.1", port: 0 }, {
 *   cert: pem("server.pem"),
 *   key: pem("server-key.pem"),
 * });
 * const port = (listener.addr as { port: number }).port;
 * const accepted = (async () => {
 *   for await (const conn of listener) {
 *     await conn.write(new TextEncoder().encode("hello over TLS"));
 *     conn.close();
 *     return;
 *   }
 * })();
 * const conn = await connectTls({ hostname: "127.0.0.1", port }, {
 *   serverName: "localhost",
 *   caCerts: [pem("ca.pem")],
 * });
 * const buf = new Uint8Array(64);
 * const n = await conn.read(buf);
 * conn.close();
 * await accepted;
 * listener.close();
 * if (new TextDecoder().decode(buf.subarray(0, n ?? 0)) !== "hello over TLS") throw new Error("no greeting");
 * ```
 */
export async function connectTls(
  endpoint: TcpEndpoint,
  tls: TlsClientOptions = {},
): Promise<ByteConnection> {
  const tcp = await Deno.connect({ hostname: endpoint.hostname, port: endpoint.port });
  try {
    tcp.setNoDelay(true);
    const conn = await Deno.startTls(tcp, {
      hostname: tls.serverName ?? endpoint.hostname,
      ...(tls.caCerts ? { caCerts: tls.caCerts } : {}),
      ...(tls.alpnProtocols ? { alpnProtocols: tls.alpnProtocols } : {}),
    });
    const hs = await conn.handshake();
    return new DenoByteConnection(conn, { alpnProtocol: hs.alpnProtocol });
  } catch (err) {
    try {
      tcp.close();
    } catch {
      // Already closed by the failed TLS upgrade.
    }
    throw err;
  }
}

/**
 * Listens for TLS connections; each yielded connection has completed its TLS
 * handshake. A {@linkcode ByteListener} for `serve`, `serveRawSocket` and
 * friends.
 *
 * @example A `wss://`-ready listener from PEM files
 * ```ts
 * import { listenTls } from "@autobahn/autobahn/transport";
 * const listener = listenTls({ hostname: "127.0.0.1", port: 0 }, {
 *   cert: Deno.readTextFileSync("tests/fixtures/tls/server.pem"),
 *   key: Deno.readTextFileSync("tests/fixtures/tls/server-key.pem"),
 *   alpnProtocols: ["http/1.1"],
 * });
 * listener.close();
 * ```
 */
export function listenTls(endpoint: TcpEndpoint, tls: TlsServerOptions): ByteListener {
  const l = Deno.listenTls({
    hostname: endpoint.hostname,
    port: endpoint.port,
    cert: tls.cert,
    key: tls.key,
    ...(tls.alpnProtocols ? { alpnProtocols: tls.alpnProtocols } : {}),
  });
  return wrapListener(l, (c) => new DenoByteConnection(c, { alpnProtocol: null }));
}
