/**
 * TLS byte connections on Deno (`Deno.connectTls` / `Deno.listenTls`), for
 * `wss://` and RawSocket over TLS.
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { TcpEndpoint } from "./deno_tcp.ts";
import type { ByteConnection } from "./types.ts";

/** Client-side TLS settings. */
export interface TlsClientOptions {
  /** Extra trusted CA certificates (PEM), e.g. a test CA. */
  caCerts?: string[];
  /** Server name for SNI and verification (default: the hostname). */
  serverName?: string;
  /** ALPN protocols to offer. */
  alpnProtocols?: string[];
}

/** Server-side TLS settings: PEM certificate chain and key. */
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

/** Listens for TLS connections; each yielded connection has completed its TLS handshake. */
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
