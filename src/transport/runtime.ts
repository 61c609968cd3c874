/**
 * Picks the byte-connection dialers of the runtime we run on: the Deno
 * adapters (`deno_*.ts`) or the Bun adapter (`bun.ts`). Internal: used by
 * `connectTransport` and the Component's endpoint dialing.
 *
 * @module
 */
import { connectBunTcp, connectBunTls, connectBunUnix, isBun } from "./bun.ts";
import { connectTcp, type TcpEndpoint } from "./deno_tcp.ts";
import { connectTls, type TlsClientOptions } from "./deno_tls.ts";
import { connectUnix } from "./deno_unix.ts";
import type { ByteConnection } from "./types.ts";

/** The dialers of one runtime. */
export interface RuntimeDialers {
  /** Which runtime. */
  readonly runtime: "deno" | "bun";
  /** Opens a TCP connection. */
  tcp(endpoint: TcpEndpoint): Promise<ByteConnection>;
  /** Opens a TLS connection. */
  tls(endpoint: TcpEndpoint, tls?: TlsClientOptions): Promise<ByteConnection>;
  /** Connects to a Unix socket. */
  unix(path: string): Promise<ByteConnection>;
}

const DENO: RuntimeDialers = {
  runtime: "deno",
  tcp: connectTcp,
  tls: connectTls,
  unix: connectUnix,
};
const BUN: RuntimeDialers = {
  runtime: "bun",
  tcp: connectBunTcp,
  tls: connectBunTls,
  unix: connectBunUnix,
};

/** Whether `Deno.connect` exists. */
export function hasDeno(): boolean {
  const d = (globalThis as { Deno?: { connect?: unknown } }).Deno;
  return typeof d?.connect === "function";
}

/** The socket dialers of this runtime (Deno first, then Bun), or `undefined` (browsers). */
export function runtimeDialers(): RuntimeDialers | undefined {
  if (hasDeno()) return DENO;
  if (isBun()) return BUN;
  return undefined;
}
