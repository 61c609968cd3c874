/**
 * Unix domain socket byte connections on Deno.
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { ByteConnection } from "./types.ts";

/** Connects to a Unix socket at `path`. */
export async function connectUnix(path: string): Promise<ByteConnection> {
  const conn = await Deno.connect({ transport: "unix", path });
  return new DenoByteConnection(conn);
}

/** Listens on a Unix socket at `path` (the file must not exist). */
export function listenUnix(path: string): ByteListener {
  const l = Deno.listen({ transport: "unix", path });
  return wrapListener(l, (c) => new DenoByteConnection(c));
}
