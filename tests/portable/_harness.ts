/**
 * The portable tests' harness: `test(name, fn)` runs under `deno test` (with
 * the sanitizers on) and under `bun test`, plus the runtime's sockets and a
 * child process, so each test file is written once for both runtimes.
 *
 * @module
 */
import type { ByteListener } from "../../src/transport/deno_conn.ts";
import { connectTcp, listenTcp, type TcpEndpoint } from "../../src/transport/deno_tcp.ts";
import { connectUnix, listenUnix } from "../../src/transport/deno_unix.ts";
import {
  connectTls,
  listenTls,
  type TlsClientOptions,
  type TlsServerOptions,
} from "../../src/transport/deno_tls.ts";
import {
  connectBunTcp,
  connectBunTls,
  connectBunUnix,
  listenBunTcp,
  listenBunTls,
  listenBunUnix,
} from "../../src/transport/bun.ts";
import type { ByteConnection } from "../../src/transport/types.ts";

/** A test body. */
export type TestFn = () => void | Promise<void>;

interface BunTestModule {
  test: ((name: string, fn: TestFn, timeoutMs?: number) => void) & {
    skip(name: string, fn: TestFn): void;
  };
}

/** The runtime the tests run on. */
export const runtime: "deno" | "bun" = typeof (globalThis as { Bun?: unknown }).Bun === "object"
  ? "bun"
  : "deno";

// A non-literal specifier, so that `deno check` does not try to resolve it.
const BUN_TEST = ["bun", "test"].join(":");
const bunTest: BunTestModule | undefined = runtime === "bun"
  ? await import(BUN_TEST) as BunTestModule
  : undefined;

/** Per-test timeout under Bun (Deno has none; the tests bound their own waits). */
const BUN_TIMEOUT_MS = 20_000;

/** Registers a test. */
export function test(name: string, fn: TestFn): void {
  if (bunTest) bunTest.test(name, fn, BUN_TIMEOUT_MS);
  else Deno.test({ name, fn });
}

/** Registers a skipped test and prints why. */
export function skip(name: string, reason: string): void {
  console.log(`skip: ${name}: ${reason}`);
  if (bunTest) bunTest.test.skip(`${name} (${reason})`, () => {});
  else Deno.test({ name: `${name} (${reason})`, ignore: true, fn() {} });
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rejects when `p` takes longer than `ms` (and clears its timer either way). */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Listens on TCP with this runtime's adapter (Deno's or Bun's). */
export function listenTcpHere(
  endpoint: TcpEndpoint = { hostname: "127.0.0.1", port: 0 },
): ByteListener {
  return runtime === "bun" ? listenBunTcp(endpoint) : listenTcp(endpoint);
}

/** Dials TCP with this runtime's adapter. */
export function connectTcpHere(endpoint: TcpEndpoint): Promise<ByteConnection> {
  return runtime === "bun" ? connectBunTcp(endpoint) : connectTcp(endpoint);
}

/** Listens on a Unix socket with this runtime's adapter. */
export function listenUnixHere(path: string): ByteListener {
  return runtime === "bun" ? listenBunUnix(path) : listenUnix(path);
}

/** Dials a Unix socket with this runtime's adapter. */
export function connectUnixHere(path: string): Promise<ByteConnection> {
  return runtime === "bun" ? connectBunUnix(path) : connectUnix(path);
}

/** Listens for TLS with this runtime's adapter. */
export function listenTlsHere(endpoint: TcpEndpoint, tls: TlsServerOptions): ByteListener {
  return runtime === "bun" ? listenBunTls(endpoint, tls) : listenTls(endpoint, tls);
}

/** Dials TLS with this runtime's adapter. */
export function connectTlsHere(
  endpoint: TcpEndpoint,
  tls: TlsClientOptions,
): Promise<ByteConnection> {
  return runtime === "bun" ? connectBunTls(endpoint, tls) : connectTls(endpoint, tls);
}

/** Reads a text file given relative to the repository root. */
export async function readRepoText(path: string): Promise<string> {
  const full = `${repoRoot}/${path}`;
  if (runtime === "deno") return await Deno.readTextFile(full);
  const bun = (globalThis as unknown as { Bun: { file(p: string): { text(): Promise<string> } } })
    .Bun;
  return await bun.file(full).text();
}

/** The port a TCP listener is bound to. */
export function portOf(listener: ByteListener): number {
  const a = listener.addr;
  if (a.transport !== "tcp") throw new Error("not a TCP listener");
  return a.port;
}

/** A child process with its stdout as lines. */
export interface Child {
  /** Resolves with the next line of stdout (without the newline), or `null` at EOF. */
  readLine(): Promise<string | null>;
  /** Closes stdin (the child's signal to stop), waits for it to exit, and releases its pipes. */
  stop(): Promise<number>;
}

interface BunSubprocess {
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stdin: { end(): void };
  readonly exited: Promise<number>;
  kill(signal?: string): void;
}

/** The repository root. */
export const repoRoot: string = decodeURIComponent(new URL("../../", import.meta.url).pathname)
  .replace(/\/$/, "");

/** The Deno binary: this one under Deno, the repo's node_modules/.bin/deno under Bun. */
export function denoBinary(): string {
  return runtime === "deno" ? Deno.execPath() : `${repoRoot}/node_modules/.bin/deno`;
}

/** Spawns `cmd args…` with piped stdin and stdout (stderr inherited). */
export function spawn(cmd: string, args: string[]): Child {
  let stdout: ReadableStream<Uint8Array>;
  let closeStdin: () => Promise<void>;
  let exited: Promise<number>;
  let kill: () => void;
  if (runtime === "bun") {
    const bun = (globalThis as unknown as {
      Bun: { spawn(cmd: string[], opts: Record<string, unknown>): BunSubprocess };
    }).Bun;
    const p = bun.spawn([cmd, ...args], {
      cwd: repoRoot,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
    });
    stdout = p.stdout;
    closeStdin = () => Promise.resolve(p.stdin.end());
    exited = p.exited;
    kill = () => p.kill();
  } else {
    const p = new Deno.Command(cmd, {
      args,
      cwd: repoRoot,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    stdout = p.stdout;
    closeStdin = () => p.stdin.close();
    exited = p.status.then((s) => s.code);
    kill = () => p.kill("SIGKILL");
  }
  const reader = stdout.getReader();
  const dec = new TextDecoder();
  let buffered = "";
  let eof = false;
  return {
    async readLine() {
      for (;;) {
        const nl = buffered.indexOf("\n");
        if (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          return line;
        }
        if (eof) return null;
        const { value, done } = await reader.read();
        if (done) eof = true;
        else buffered += dec.decode(value, { stream: true });
      }
    },
    async stop() {
      await closeStdin().catch(() => {});
      let timer: ReturnType<typeof setTimeout> | undefined;
      const killer = new Promise<void>((r) => {
        timer = setTimeout(() => {
          kill();
          r();
        }, 5000);
      });
      // Drain stdout to EOF (the child exits), then release it.
      while (!eof) {
        const { done } = await reader.read();
        if (done) eof = true;
      }
      reader.releaseLock();
      const code = await Promise.race([exited, killer.then(() => exited)]);
      clearTimeout(timer);
      return code;
    },
  };
}
