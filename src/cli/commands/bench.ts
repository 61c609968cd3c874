/**
 * `wamp bench`: RPC round trips/s and PubSub events/s against a router,
 * with an echo callee and a subscriber in the same process.
 *
 * @module
 */
import {
  CLIENT_OPTIONS,
  ClientExit,
  ClientUsageError,
  connectClient,
  EXIT_CODES_HELP,
  ExitError,
  numberOption,
  reportError,
  withClient,
} from "../client_options.ts";
import { CallResult, type Session } from "../../session/mod.ts";
import type { CommandContext } from "./types.ts";
import type { Command } from "./types.ts";

/** One row of the summary. */
export interface BenchRow {
  /** `rpc` or `pubsub`. */
  readonly test: string;
  /** Round trips or events. */
  readonly count: number;
  /** Elapsed seconds. */
  readonly seconds: number;
  /** Mean latency in ms (RPC only). */
  readonly meanMs?: number;
  /** 99th percentile latency in ms (RPC only). */
  readonly p99Ms?: number;
}

/** Formats the summary table. */
export function formatTable(rows: readonly BenchRow[]): string[] {
  const header = ["test", "count", "seconds", "per second", "mean ms", "p99 ms"];
  const body = rows.map((r) => [
    r.test,
    String(r.count),
    r.seconds.toFixed(2),
    (r.count / r.seconds).toFixed(0),
    r.meanMs === undefined ? "-" : r.meanMs.toFixed(3),
    r.p99Ms === undefined ? "-" : r.p99Ms.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}

class Progress {
  readonly #tty: boolean;
  #last = 0;
  #encoder = new TextEncoder();
  constructor() {
    let tty = false;
    try {
      tty = Deno.stdout.isTerminal();
    } catch {
      tty = false;
    }
    this.#tty = tty;
  }
  update(text: string, force = false): void {
    if (!this.#tty) return;
    const now = performance.now();
    if (!force && now - this.#last < 200) return;
    this.#last = now;
    Deno.stdout.writeSync(this.#encoder.encode(`\r\x1b[2K${text}`));
  }
  clear(): void {
    if (this.#tty) Deno.stdout.writeSync(this.#encoder.encode("\r\x1b[2K"));
  }
}

async function benchRpc(
  caller: Session,
  procedure: string,
  ms: number,
  concurrency: number,
  progress: Progress,
  signal: AbortSignal,
): Promise<BenchRow> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  const payload = ["hello", 42];
  const worker = async () => {
    while (performance.now() < end && !signal.aborted) {
      const t0 = performance.now();
      await caller.call(procedure, payload);
      latencies.push(performance.now() - t0);
      const elapsed = (performance.now() - start) / 1000;
      progress.update(
        `rpc: ${latencies.length} calls, ${(latencies.length / elapsed).toFixed(0)}/s`,
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    test: "rpc",
    count: latencies.length,
    seconds,
    meanMs: mean,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
  };
}

async function benchPubSub(
  publisher: Session,
  subscriber: Session,
  topic: string,
  ms: number,
  window: number,
  progress: Progress,
  signal: AbortSignal,
): Promise<BenchRow> {
  let received = 0;
  let wake: (() => void) | undefined;
  const sub = await subscriber.subscribe(topic, () => {
    received++;
    const w = wake;
    wake = undefined;
    w?.();
  });
  // An acknowledged publish makes sure the subscription is in place at the broker.
  await publisher.publish(topic, [0], {}, { acknowledge: true });
  while (received < 1) await new Promise<void>((r) => wake = r);
  received = 0;
  let published = 0;
  const start = performance.now();
  const end = start + ms;
  const payload = ["hello", 42];
  while (performance.now() < end && !signal.aborted) {
    if (published - received < window) {
      publisher.publish(topic, payload);
      published++;
      if (published % 64 === 0) await new Promise((r) => setTimeout(r, 0));
    } else {
      await Promise.race([
        new Promise<void>((r) => wake = r),
        new Promise((r) => setTimeout(r, 50)),
      ]);
    }
    const elapsed = (performance.now() - start) / 1000;
    progress.update(`pubsub: ${received} events, ${(received / elapsed).toFixed(0)}/s`);
  }
  // Let the events in flight arrive (bounded).
  const drainEnd = performance.now() + 1000;
  while (received < published && performance.now() < drainEnd) {
    await Promise.race([
      new Promise<void>((r) => wake = r),
      new Promise((r) => setTimeout(r, 50)),
    ]);
  }
  const seconds = (performance.now() - start) / 1000;
  wake = undefined;
  await sub.unsubscribe().catch(() => {});
  return { test: "pubsub", count: received, seconds };
}

/** The `bench` command. */
export const benchCommand: Command = {
  name: "bench",
  summary: "Measure RPC round trips/s and PubSub events/s against a router",
  usage: "bench [--duration SECONDS] [--concurrency N] [--test rpc|pubsub|all] [options]",
  help: "Joins three sessions (caller/publisher, echo callee, subscriber) and runs\n" +
    "each test for --duration seconds. Shows a progress line when stdout is a\n" +
    "terminal and prints a summary table at the end.\n\n" + EXIT_CODES_HELP,
  options: [
    {
      name: "duration",
      alias: "d",
      type: "string",
      value: "SECONDS",
      description: "Seconds per test",
      default: "5",
    },
    {
      name: "concurrency",
      alias: "c",
      type: "string",
      value: "N",
      description: "Outstanding calls (RPC) / events in flight x 16 (PubSub)",
      default: "16",
    },
    {
      name: "test",
      type: "string",
      value: "NAME",
      choices: ["rpc", "pubsub", "all"],
      description: "Which tests to run",
      default: "all",
    },
    ...CLIENT_OPTIONS,
  ],
  run(args, ctx) {
    let ms: number;
    let concurrency: number;
    try {
      if (args.positionals.length) {
        throw new ClientUsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
      }
      ms = (numberOption(args, "duration", { min: 0.1 }) ?? 5) * 1000;
      concurrency = numberOption(args, "concurrency", { integer: true, min: 1 }) ?? 16;
    } catch (err) {
      ctx.err(`wamp bench: ${(err as Error).message}`);
      return Promise.resolve(ClientExit.USAGE);
    }
    const which = args.options.test ?? "all";
    return withClient("bench", args, ctx, async (caller, settings) => {
      const others: Session[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          others.push((await connectClient(settings, ctx.signal)).session);
        }
      } catch (err) {
        await Promise.all(others.map((s) => s.leave().catch(() => {})));
        if (err instanceof ExitError) {
          ctx.err(`wamp bench: ${err.message}`);
          return err.code;
        }
        return reportError(ctx, "bench", err);
      }
      const [callee, subscriber] = others as [Session, Session];
      const id = crypto.randomUUID().replaceAll("-", "");
      const progress = new Progress();
      const rows: BenchRow[] = [];
      try {
        if (which === "all" || which === "rpc") {
          const procedure = `autobahn.cli.bench.${id}.echo`;
          const reg = await callee.register(procedure, (a, kw) => new CallResult(a, kw));
          try {
            rows.push(await benchRpc(caller, procedure, ms, concurrency, progress, ctx.signal));
          } finally {
            await reg.unregister().catch(() => {});
          }
        }
        if (which === "all" || which === "pubsub") {
          const topic = `autobahn.cli.bench.${id}.event`;
          rows.push(
            await benchPubSub(
              caller,
              subscriber,
              topic,
              ms,
              concurrency * 16,
              progress,
              ctx.signal,
            ),
          );
        }
      } finally {
        progress.clear();
        await Promise.all(others.map((s) => s.leave().catch(() => {})));
      }
      printTable(ctx, settings.url, rows);
      return ClientExit.OK;
    });
  },
};

function printTable(ctx: CommandContext, url: string, rows: readonly BenchRow[]): void {
  ctx.out(`wamp bench against ${url}`);
  for (const line of formatTable(rows)) ctx.out(line);
}
