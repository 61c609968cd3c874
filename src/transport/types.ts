/**
 * The runtime-neutral interfaces that sit between the sans-I/O engines and the
 * platform: a {@linkcode ByteConnection} is a duplex byte pipe (TCP, TLS, Unix
 * socket), implemented by the adapters `deno_*.ts` and `bun.ts`. Public types
 * never mention the `Deno` namespace.
 *
 * @module
 */

/**
 * Where a connection's other end is.
 *
 * @example Formatting peers
 * ```ts
 * import { formatPeer, type PeerAddress } from "@autobahn/autobahn/transport";
 *
 * const peers: PeerAddress[] = [
 *   { transport: "tcp", hostname: "::1", port: 8080 },
 *   { transport: "unix", path: "/run/router.sock" },
 * ];
 * if (peers.map(formatPeer).join() !== "tcp6:[::1]:8080,unix:/run/router.sock") throw new Error();
 * ```
 */
export type PeerAddress =
  | { readonly transport: "tcp"; readonly hostname: string; readonly port: number }
  | { readonly transport: "unix"; readonly path: string };

/**
 * Facts about a connection's TLS channel, where there is one.
 *
 * @example Checking the negotiated ALPN protocol
 * ```ts
 * import type { ByteConnection, TlsInfo } from "@autobahn/autobahn/transport";
 *
 * const speaksHttp11 = (conn: ByteConnection) => conn.tls?.alpnProtocol === "http/1.1";
 * const tls: TlsInfo = { alpnProtocol: "http/1.1" };
 * if (tls.channelId !== undefined) throw new Error("Deno does not expose tls-unique");
 * if (typeof speaksHttp11 !== "function") throw new Error();
 * ```
 */
export interface TlsInfo {
  /** The negotiated ALPN protocol, if any. */
  readonly alpnProtocol?: string | null;
  /** The `tls-unique` channel binding, where the runtime exposes it (Deno does not). */
  readonly channelId?: Uint8Array;
}

/**
 * A duplex byte pipe owned by an adapter.
 *
 * @example Adapting a Deno TCP connection
 * ```ts
 * import type { ByteConnection } from "@autobahn/autobahn/transport";
 *
 * function fromDeno(c: Deno.TcpConn): ByteConnection {
 *   return {
 *     read: (buffer) => c.read(buffer),
 *     write: async (data) => {
 *       for (let i = 0; i < data.length;) i += await c.write(data.subarray(i));
 *     },
 *     closeWrite: () => c.closeWrite(),
 *     close: () => c.close(),
 *     remoteAddr: { transport: "tcp", hostname: c.remoteAddr.hostname, port: c.remoteAddr.port },
 *     localAddr: { transport: "tcp", hostname: c.localAddr.hostname, port: c.localAddr.port },
 *   };
 * }
 * using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const conn = fromDeno(await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }));
 * (await listener.accept()).close();
 * if (await conn.read(new Uint8Array(1)) !== null) throw new Error("expected EOF");
 * conn.close();
 * ```
 */
export interface ByteConnection {
  /**
   * Reads into `buffer`; resolves to the number of bytes read, or `null` at EOF.
   * Rejects when the connection is reset.
   */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Writes all of `data` (looping over partial writes). */
  write(data: Uint8Array): Promise<void>;
  /** Half-closes the write side (sends FIN) where supported. */
  closeWrite(): Promise<void>;
  /** Closes both directions at once; idempotent, never throws. */
  close(): void;
  /** Sets TCP_NODELAY where the transport is TCP. */
  setNoDelay?(on: boolean): void;
  /** The remote end's address. */
  readonly remoteAddr: PeerAddress;
  /** The local end's address. */
  readonly localAddr: PeerAddress;
  /** TLS facts, for `wss://` and RawSocket over TLS. */
  readonly tls?: TlsInfo;
}

/**
 * Formats a peer address the way Autobahn prints peers: `tcp4:127.0.0.1:9000`, `unix:/path`.
 *
 * @example Autobahn's peer strings
 * ```ts
 * import { formatPeer } from "@autobahn/autobahn/transport";
 *
 * const peer = formatPeer({ transport: "tcp", hostname: "127.0.0.1", port: 9000 });
 * if (peer !== "tcp4:127.0.0.1:9000") throw new Error(peer);
 * ```
 */
export function formatPeer(addr: PeerAddress): string {
  if (addr.transport === "unix") return `unix:${addr.path}`;
  const v6 = addr.hostname.includes(":");
  return v6 ? `tcp6:[${addr.hostname}]:${addr.port}` : `tcp4:${addr.hostname}:${addr.port}`;
}
