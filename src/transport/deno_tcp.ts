/**
 * Plain TCP byte connections on Deno (`Deno.connect` / `Deno.listen`).
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { ByteConnection } from "./types.ts";

/** Where to connect or listen over TCP. */
export interface TcpEndpoint {
  /** Host name or address. */
  hostname: string;
  /** Port (0 when listening picks a free one). */
  port: number;
}

/** Opens a TCP connection. */
export async function connectTcp(endpoint: TcpEndpoint): Promise<ByteConnection> {
  const conn = await Deno.connect({
    hostname: endpoint.hostname,
    port: endpoint.port,
    transport: "tcp",
  });
  return new DenoByteConnection(conn);
}

/** Listens for TCP connections. */
export function listenTcp(endpoint: TcpEndpoint): ByteListener {
  const l = Deno.listen({ hostname: endpoint.hostname, port: endpoint.port, transport: "tcp" });
  return wrapListener(l, (c) => new DenoByteConnection(c));
}
