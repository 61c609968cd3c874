/**
 * Plain TCP byte connections on Deno (`Deno.connect` / `Deno.listen`).
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { ByteConnection } from "./types.ts";

/**
 * Where to connect or listen over TCP.
 *
 * @example An endpoint from a parsed URL
 * ```ts
 * import { parseTransportUrl, type TcpEndpoint } from "@autobahn/autobahn/transport";
 *
 * const url = parseTransportUrl("rs://127.0.0.1:8080");
 * if (url.kind !== "rawsocket" || url.path !== undefined) throw new Error("not TCP");
 * const endpoint: TcpEndpoint = { hostname: url.hostname, port: url.port };
 * if (endpoint.port !== 8080) throw new Error(`${endpoint.port}`);
 * ```
 */
export interface TcpEndpoint {
  /** Host name or address. */
  hostname: string;
  /** Port (0 when listening picks a free one). */
  port: number;
}

/**
 * Opens a TCP connection (`Deno.connect`) as a {@linkcode ByteConnection},
 * with `TCP_NODELAY` set: the byte stream under our WebSocket and RawSocket
 * engines.
 *
 * @example Raw bytes to a listener and back
 * ```ts
 * import { connectTcp, listenTcp } from "@autobahn/autobahn/transport";
 * const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
 * const port = (listener.addr as { port: number }).port;
 * const accepted = (async () => {
 *   for await (const conn of listener) {
 *     const buf = new Uint8Array(64);
 *     const n = await conn.read(buf);
 *     await conn.write(buf.subarray(0, n ?? 0));
 *     conn.close();
 *     return;
 *   }
 * })();
 * const conn = await connectTcp({ hostname: "127.0.0.1", port });
 * await conn.write(new TextEncoder().encode("ping"));
 * const buf = new Uint8Array(64);
 * const n = await conn.read(buf);
 * conn.close();
 * await accepted;
 * listener.close();
 * if (new TextDecoder().decode(buf.subarray(0, n ?? 0)) !== "ping") throw new Error("no echo");
 * ```
 */
export async function connectTcp(endpoint: TcpEndpoint): Promise<ByteConnection> {
  const conn = await Deno.connect({
    hostname: endpoint.hostname,
    port: endpoint.port,
    transport: "tcp",
  });
  return new DenoByteConnection(conn);
}

/**
 * Listens for TCP connections (`Deno.listen`): a {@linkcode ByteListener}
 * yielding each accepted connection, for `serveRawSocket`, `serve` and
 * friends. Port 0 picks a free port; read it from `addr`.
 *
 * @example A RawSocket server on a free port
 * ```ts
 * import { listenTcp, serveRawSocket } from "@autobahn/autobahn/transport";
 * const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
 * await using server = serveRawSocket(listener, { onTransport: (t) => void t.close() });
 * if ((listener.addr as { port: number }).port === 0) throw new Error("no port bound");
 * ```
 */
export function listenTcp(endpoint: TcpEndpoint): ByteListener {
  const l = Deno.listen({ hostname: endpoint.hostname, port: endpoint.port, transport: "tcp" });
  return wrapListener(l, (c) => new DenoByteConnection(c));
}
