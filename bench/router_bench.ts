/**
 * Router load benchmark: RPC round trips/s (1 caller -> 1 callee) and PubSub
 * events/s (1 publisher -> 100 subscribers) through the embedded router, with
 * our `Session` over WebSocket (JSON and CBOR) and in-process transports, and
 * with Autobahn|JS over WebSocket; plus the memory of idle sessions (10,000
 * in-process, 1,000 over real WebSockets).
 *
 *     deno run -A bench/router_bench.ts [--duration 2] [--idle 10000] [--idle-ws 1000]
 *
 * Prints one markdown table (bench/ROUTER_RESULTS.md has a recorded run).
 *
 * @module
 */
import autobahn from "npm:autobahn@26.3.1";
import { startRouter } from "../src/router/mod.ts";
import { connectTransport, type MessageTransport } from "../src/transport/mod.ts";
import { Session } from "../src/session/mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

const DURATION = arg("duration", 2) * 1000;
const IDLE = arg("idle", 10_000);
const IDLE_WS = arg("idle-ws", 1000);
const SUBSCRIBERS = 100;
const WINDOW = 16; // calls or publications in flight

interface Row {
  workload: string;
  client: string;
  value: number;
  unit: string;
}

/** Keeps `WINDOW` operations in flight for DURATION ms; returns completions/s. */
async function closedLoop(op: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const end = performance.now() + DURATION;
  const worker = async () => {
    while (performance.now() < end) {
      await op();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WINDOW }, worker));
  return done / ((performance.now() - t0) / 1000);
}

async function ours(
  dial: () => Promise<MessageTransport>,
): Promise<Session> {
  const s = new Session(await dial());
  await s.join("realm1");
  return s;
}

async function autobahnSession(url: string): Promise<{ session: Any; close(): void }> {
  const AB = autobahn as Any;
  return await new Promise((resolve, reject) => {
    const conn = new AB.Connection({
      url,
      realm: "realm1",
      max_retries: 0,
      serializers: [new AB.serializer.MsgpackSerializer()],
    });
    conn.onopen = (session: Any) => resolve({ session, close: () => conn.close() });
    conn.onclose = (reason: string) => {
      reject(new Error(reason));
      return true;
    };
    conn.open();
  });
}

async function pubsub(
  publisher: (topic: string) => Promise<unknown>,
  subscribe: (topic: string, onEvent: () => void) => Promise<void>,
): Promise<number> {
  let events = 0;
  const topic = `bench.topic.${crypto.randomUUID().slice(0, 8)}`;
  for (let i = 0; i < SUBSCRIBERS; i++) await subscribe(topic, () => events++);
  const t0 = performance.now();
  await closedLoop(() => publisher(topic));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 100)); // in-flight events still count
  return events / seconds;
}

/** Heap used and RSS in MiB, after a GC when `--v8-flags=--expose-gc` allows one. */
async function memory(): Promise<{ heap: number; rss: number }> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = Deno.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

async function main(): Promise<void> {
  const router = await startRouter(undefined, { ephemeralPorts: true });
  const url = router.transports[0]!.url;
  const rows: Row[] = [];
  const dialers: [string, () => Promise<MessageTransport>][] = [
    ["ours, in-process", async () => await Promise.resolve(router.connectInProcess())],
    ["ours, WebSocket JSON", () => connectTransport(url, { serializers: ["json"] })],
    ["ours, WebSocket CBOR", () => connectTransport(url, { serializers: ["cbor"] })],
  ];
  for (const [name, dial] of dialers) {
    const callee = await ours(dial);
    const caller = await ours(dial);
    const proc = `bench.add.${crypto.randomUUID().slice(0, 8)}`;
    await callee.register(proc, (args) => (args[0] as number) + 1);
    rows.push({
      workload: "RPC 1 caller -> 1 callee",
      client: name,
      value: await closedLoop(() => caller.call(proc, [1])),
      unit: "calls/s",
    });
    const subs: Session[] = [];
    rows.push({
      workload: `PubSub 1 -> ${SUBSCRIBERS} subscribers`,
      client: name,
      value: await pubsub(
        (topic) => caller.publish(topic, ["x"], {}, { acknowledge: true }),
        async (topic, onEvent) => {
          const s = await ours(dial);
          subs.push(s);
          await s.subscribe(topic, onEvent);
        },
      ),
      unit: "events/s",
    });
    await Promise.all([callee, caller, ...subs].map((s) => s.leave()));
  }
  {
    const callee = await autobahnSession(url);
    const caller = await autobahnSession(url);
    await callee.session.register("bench.ab.add", (args: number[]) => args[0]! + 1);
    rows.push({
      workload: "RPC 1 caller -> 1 callee",
      client: "Autobahn\\|JS, WebSocket MsgPack",
      value: await closedLoop(() => caller.session.call("bench.ab.add", [1])),
      unit: "calls/s",
    });
    const subs: { close(): void }[] = [];
    rows.push({
      workload: `PubSub 1 -> ${SUBSCRIBERS} subscribers`,
      client: "Autobahn\\|JS, WebSocket MsgPack",
      value: await pubsub(
        (topic) => caller.session.publish(topic, ["x"], {}, { acknowledge: true }),
        async (topic, onEvent) => {
          const s = await autobahnSession(url);
          subs.push(s);
          await s.session.subscribe(topic, onEvent);
        },
      ),
      unit: "events/s",
    });
    for (const s of [callee, caller, ...subs]) s.close();
  }

  // Idle sessions: joined, nothing else.
  const before = await memory();
  const idle: Session[] = [];
  for (let i = 0; i < IDLE; i++) {
    idle.push(await ours(async () => await Promise.resolve(router.connectInProcess())));
  }
  const after = await memory();
  rows.push({
    workload: `${IDLE.toLocaleString("en-US")} idle sessions, in-process`,
    client: "ours (both ends)",
    value: ((after.heap - before.heap) * 1024) / IDLE,
    unit: `KiB heap/session (heap +${(after.heap - before.heap).toFixed(1)} MiB, RSS +${
      (after.rss - before.rss).toFixed(1)
    } MiB)`,
  });
  await Promise.all(idle.map((s) => s.leave()));
  const before2 = await memory();
  const idleWs: Session[] = [];
  for (let i = 0; i < IDLE_WS; i++) {
    idleWs.push(await ours(() => connectTransport(url, { serializers: ["cbor"] })));
  }
  const after2 = await memory();
  rows.push({
    workload: `${IDLE_WS.toLocaleString("en-US")} idle sessions, WebSocket CBOR`,
    client: "ours (client and router in one process)",
    value: ((after2.heap - before2.heap) * 1024) / IDLE_WS,
    unit: `KiB heap/session (heap +${(after2.heap - before2.heap).toFixed(1)} MiB, RSS +${
      (after2.rss - before2.rss).toFixed(1)
    } MiB)`,
  });
  await Promise.all(idleWs.map((s) => s.leave()));
  await router.close();

  console.log("| workload | client | result | unit |");
  console.log("| --- | --- | ---: | --- |");
  for (const r of rows) {
    const v = r.value >= 100 ? Math.round(r.value).toLocaleString("en-US") : r.value.toFixed(1);
    console.log(`| ${r.workload} | ${r.client} | ${v} | ${r.unit} |`);
  }
}

if (import.meta.main) {
  await main();
  Deno.exit(0);
}
