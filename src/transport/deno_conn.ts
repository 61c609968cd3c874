/**
 * {@linkcode ByteConnection} over a `Deno.Conn` (TCP, TLS or Unix socket).
 * One of the few files allowed to touch the `Deno` namespace.
 *
 * @module
 */
import type { ByteConnection, PeerAddress, TlsInfo } from "./types.ts";

/** Converts a `Deno.Addr` to our runtime-neutral {@linkcode PeerAddress}. */
export function toPeerAddress(addr: Deno.Addr): PeerAddress {
  if (addr.transport === "unix" || addr.transport === "unixpacket") {
    return { transport: "unix", path: (addr as Deno.UnixAddr).path ?? "" };
  }
  const a = addr as Deno.NetAddr;
  return { transport: "tcp", hostname: a.hostname, port: a.port };
}

/** A `ByteConnection` backed by a Deno connection. */
export class DenoByteConnection implements ByteConnection {
  readonly #conn: Deno.Conn;
  #closed = false;
  /** The remote address. */
  readonly remoteAddr: PeerAddress;
  /** The local address. */
  readonly localAddr: PeerAddress;
  /** TLS facts when the connection is TLS. */
  readonly tls?: TlsInfo;

  /**
   * @param conn The Deno connection to wrap.
   * @param tls TLS facts, for TLS connections.
   */
  constructor(conn: Deno.Conn, tls?: TlsInfo) {
    this.#conn = conn;
    this.remoteAddr = toPeerAddress(conn.remoteAddr);
    this.localAddr = toPeerAddress(conn.localAddr);
    if (tls) this.tls = tls;
  }

  /** Reads into `buffer`; `null` at EOF. A reset after close reads as EOF. */
  read(buffer: Uint8Array): Promise<number | null> {
    // A plain `then` (not an async function): reads are the hot path.
    try {
      return this.#conn.read(buffer).then(undefined, this.#readFailed);
    } catch (err) {
      return Promise.resolve().then(() => this.#readFailed(err));
    }
  }

  readonly #readFailed = (err: unknown): null => {
    if (this.#closed || isConnectionGone(err)) return null;
    throw err;
  };

  /** Writes all of `data`. */
  write(data: Uint8Array): Promise<void> {
    // Usually one write takes it all; only a partial write needs the loop.
    try {
      return this.#conn.write(data).then((n) =>
        n < data.length ? this.#writeRest(data, n) : undefined
      );
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async #writeRest(data: Uint8Array, off: number): Promise<void> {
    while (off < data.length) off += await this.#conn.write(data.subarray(off));
  }

  /** Half-closes the write side. */
  async closeWrite(): Promise<void> {
    try {
      await this.#conn.closeWrite();
    } catch {
      // Already closed or not supported (TLS): nothing to do.
    }
  }

  /** Closes the connection; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }

  /** Sets TCP_NODELAY (TCP only). */
  setNoDelay(on: boolean): void {
    const c = this.#conn as Partial<Deno.TcpConn>;
    if (typeof c.setNoDelay === "function") {
      try {
        c.setNoDelay(on);
      } catch {
        // Not a TCP socket.
      }
    }
  }
}

function isConnectionGone(err: unknown): boolean {
  return err instanceof Deno.errors.BadResource || err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.BrokenPipe || err instanceof Deno.errors.Interrupted;
}

/**
 * A listening socket yielding {@linkcode ByteConnection}s.
 *
 * @example A listener that yields no connections
 * ```ts
 * import { type ByteListener, serveRawSocket } from "@autobahn/autobahn/transport";
 *
 * const listener: ByteListener = {
 *   addr: { transport: "unix", path: "/tmp/example.sock" },
 *   close() {},
 *   async *[Symbol.asyncIterator]() {},
 * };
 * await using server = serveRawSocket(listener, { onTransport: (t) => void t.close() });
 * ```
 */
export interface ByteListener extends AsyncIterable<ByteConnection> {
  /** The bound address (the real port when 0 was asked for). */
  readonly addr: PeerAddress;
  /** Stops accepting; idempotent. */
  close(): void;
}

/** Wraps a `Deno.Listener` as a {@linkcode ByteListener}. */
export function wrapListener(
  listener: Deno.Listener,
  wrap: (conn: Deno.Conn) => ByteConnection | Promise<ByteConnection>,
): ByteListener {
  let closed = false;
  return {
    addr: toPeerAddress(listener.addr),
    close() {
      if (closed) return;
      closed = true;
      try {
        listener.close();
      } catch {
        // Already closed.
      }
    },
    async *[Symbol.asyncIterator]() {
      while (!closed) {
        let conn: Deno.Conn;
        try {
          conn = await listener.accept();
        } catch (err) {
          if (closed || err instanceof Deno.errors.BadResource) return;
          // Transient accept errors (e.g. too many open files): keep serving.
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        try {
          yield await wrap(conn);
        } catch {
          // A TLS handshake failure affects only that connection.
          try {
            conn.close();
          } catch {
            // ignore
          }
        }
      }
    },
  };
}
