/**
 * The runtime-neutral interfaces that sit between the sans-I/O engines and the
 * platform: a {@linkcode ByteConnection} is a duplex byte pipe (TCP, TLS, Unix
 * socket), implemented by the adapters `deno_*.ts` and `bun.ts`. Public types
 * never mention the `Deno` namespace.
 *
 * @module
 */

/** Where a connection's other end is. */
export type PeerAddress =
  | { readonly transport: "tcp"; readonly hostname: string; readonly port: number }
  | { readonly transport: "unix"; readonly path: string };

/** Facts about a connection's TLS channel, where there is one. */
export interface TlsInfo {
  /** The negotiated ALPN protocol, if any. */
  readonly alpnProtocol?: string | null;
  /** The `tls-unique` channel binding, where the runtime exposes it (Deno does not). */
  readonly channelId?: Uint8Array;
}

/** A duplex byte pipe owned by an adapter. */
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

/** Formats a peer address the way Autobahn prints peers: `tcp4:127.0.0.1:9000`, `unix:/path`. */
export function formatPeer(addr: PeerAddress): string {
  if (addr.transport === "unix") return `unix:${addr.path}`;
  const v6 = addr.hostname.includes(":");
  return v6 ? `tcp6:[${addr.hostname}]:${addr.port}` : `tcp4:${addr.hostname}:${addr.port}`;
}
