/**
 * Unix domain socket byte connections on Deno.
 *
 * @module
 */
import { type ByteListener, DenoByteConnection, wrapListener } from "./deno_conn.ts";
import type { ByteConnection } from "./types.ts";

/**
 * Connects to a Unix socket at `path` (Deno needs `--allow-read` and
 * `--allow-write` for the path).
 *
 * @example A RawSocket WAMP connection over a Unix socket
 * ```ts
 * import { connectUnix } from "@autobahn/autobahn/transport";
 * // Not called here: it needs a router listening on the socket.
 * async function dial(path: string) {
 *   const conn = await connectUnix(path);
 *   return conn; // hand it to the RawSocket client, or read and write bytes
 * }
 * void dial;
 * ```
 */
export async function connectUnix(path: string): Promise<ByteConnection> {
  const conn = await Deno.connect({ transport: "unix", path });
  return new DenoByteConnection(conn);
}

/**
 * Listens on a Unix socket at `path` (the file must not exist): a
 * {@linkcode ByteListener} for `serve`, `serveRawSocket` and friends.
 *
 * @example A RawSocket server on a Unix socket
 * ```ts
 * import { listenUnix, serveRawSocket } from "@autobahn/autobahn/transport";
 * // Not called here: binding a socket file needs broader permissions than the doc tests have.
 * function start(path: string) {
 *   return serveRawSocket(listenUnix(path), { onTransport: (t) => void t.close() });
 * }
 * void start;
 * ```
 */
export function listenUnix(path: string): ByteListener {
  const l = Deno.listen({ transport: "unix", path });
  return wrapListener(l, (c) => new DenoByteConnection(c));
}
