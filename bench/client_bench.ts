// Client throughput: our WAMP client ⇄ our embedded router vs Autobahn|JS
// clients on the same router, in the same run. Both sides of each pair use
// the same client library; all over WebSocket on 127.0.0.1 with JSON. The
// router runs in a child process (so that the clients' CPU is their own).
//   deno run -A bench/client_bench.ts [--duration 2] [--write]
// --write records the table in bench/CLIENT_RESULTS.md.
import autobahn from "npm:autobahn@26.3.1";
import process from "node:process";
import { Router } from "../src/router/mod.ts";
import { listenWebSocketTransport } from "../src/transport/mod.ts";
import { Component, type Session } from "../src/component/mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const durIdx = Deno.args.indexOf("--duration");
const DURATION_MS = (durIdx >= 0 ? Number(Deno.args[durIdx + 1]) : 2) * 1000;
const WINDOW = 100; // calls in flight in the pipelined RPC test
const EVENTS = 20_000;

if (Deno.args.includes("--router")) {
  // Child mode: serve the embedded router until stdin closes.
  const router = new Router({ realms: ["realm1"] });
  const server = await listenWebSocketTransport(
    "ws://127.0.0.1/ws",
    { onTransport: (t) => router.attach(t) },
    { hostname: "127.0.0.1", port: 0 },
  );
  console.log(server.port);
  for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
  router.close();
  await server.close();
  Deno.exit(0);
}

const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL(import.meta.url).pathname, "--router"],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let first = "";
while (!first.includes("\n")) first += (await reader.read()).value ?? "";
reader.releaseLock();
void child.stdout.cancel().catch(() => {});
const url = `ws://127.0.0.1:${parseInt(first)}/ws`;

interface Client {
  register(uri: string, fn: (args: unknown[]) => unknown): Promise<void>;
  call(uri: string, args: unknown[]): Promise<unknown>;
  subscribe(uri: string, fn: () => void): Promise<void>;
  publish(uri: string, args: unknown[]): void;
  close(): Promise<void>;
}

async function ours(): Promise<Client> {
  const comp = new Component({
    transports: [{ url, serializers: ["json"], maxRetries: 0 }],
    realm: "realm1",
  });
  const ready = Promise.withResolvers<Session>();
  comp.onReady((s) => ready.resolve(s));
  const done = comp.start();
  const s = await ready.promise;
  return {
    register: async (uri, fn) => void await s.register(uri, (args) => fn(args)),
    call: (uri, args) => s.call(uri, args),
    subscribe: async (uri, fn) => void await s.subscribe(uri, () => fn()),
    publish: (uri, args) => void s.publish(uri, args),
    close: async () => {
      await comp.stop();
      await done;
    },
  };
}

function theirs(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const conn = new (autobahn as Any).Connection({
      url,
      realm: "realm1",
      max_retries: 0,
      protocols: ["wamp.2.json"],
    });
    const closed = Promise.withResolvers<void>();
    conn.onopen = (s: Any) =>
      resolve({
        register: async (uri, fn) => void await s.register(uri, (args: unknown[]) => fn(args)),
        call: (uri, args) => s.call(uri, args),
        subscribe: async (uri, fn) => void await s.subscribe(uri, () => fn()),
        publish: (uri, args) => void s.publish(uri, args),
        close: () => {
          conn.close();
          return closed.promise;
        },
      });
    conn.onclose = (reason: string) => {
      closed.resolve();
      reject(new Error(reason));
      return true;
    };
    conn.open();
  });
}

/** A rate and the clients' CPU time per operation (this process hosts only clients). */
interface Rate {
  perSecond: number;
  cpuMicros: number;
}

async function timed(run: () => Promise<number>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const n = await run();
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: n / ((performance.now() - t0) / 1000),
    cpuMicros: (cpu.user + cpu.system) / n,
  };
}

function rpcSequential(caller: Client): Promise<Rate> {
  return timed(async () => {
    let n = 0;
    const end = performance.now() + DURATION_MS;
    while (performance.now() < end) {
      await caller.call("bench.add", [n, 1]);
      n++;
    }
    return n;
  });
}

function rpcPipelined(caller: Client): Promise<Rate> {
  return timed(async () => {
    let n = 0;
    const end = performance.now() + DURATION_MS;
    const worker = async () => {
      while (performance.now() < end) {
        await caller.call("bench.add", [n, 1]);
        n++;
      }
    };
    await Promise.all(Array.from({ length: WINDOW }, worker));
    return n;
  });
}

function events(pub: Client, received: () => number): Promise<Rate> {
  return timed(async () => {
    const start = received();
    for (let i = 0; i < EVENTS; i++) {
      pub.publish("bench.topic", [i, "payload"]);
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0)); // let the socket drain
    }
    const deadline = performance.now() + 30_000;
    while (received() - start < EVENTS && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    return received() - start;
  });
}

async function measure(make: () => Promise<Client>, tag: string) {
  const callee = await make();
  const caller = await make();
  const sub = await make();
  const pub = await make();
  await callee.register(`bench.add`, ([a, b]) => (a as number) + (b as number));
  let got = 0;
  await sub.subscribe("bench.topic", () => void got++);
  await rpcSequential(caller); // warm-up
  const seq = await rpcSequential(caller);
  const pipe = await rpcPipelined(caller);
  const ev = await events(pub, () => got);
  for (const c of [callee, caller, sub, pub]) await c.close();
  await new Promise((r) => setTimeout(r, 100));
  console.log(
    `${tag}: ${Math.round(seq.perSecond)} seq calls/s, ${Math.round(pipe.perSecond)} ` +
      `pipelined calls/s, ${Math.round(ev.perSecond)} events/s`,
  );
  return { seq, pipe, ev };
}

// The router is per registration URI, so run one library after the other.
const ts = await measure(ours, "Autobahn|TS");
const js = await measure(theirs, "Autobahn|JS");
await child.stdin.close();
await child.status;

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const rows: [string, Rate, Rate][] = [
  ["RPC round trips, one at a time", ts.seq, js.seq],
  [`RPC round trips, ${WINDOW} in flight`, ts.pipe, js.pipe],
  ["Events (publisher → subscriber)", ts.ev, js.ev],
];
const table = [
  "| Test (JSON over WebSocket, 127.0.0.1) | TS ops/s | JS ops/s | TS / JS | TS client CPU µs/op | JS client CPU µs/op | JS / TS CPU |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...rows.map(([name, t, j]) =>
    `| ${name} | ${fmt(t.perSecond)} | ${fmt(j.perSecond)} | ${
      ratio(t.perSecond, j.perSecond)
    } | ` +
    `${t.cpuMicros.toFixed(1)} | ${j.cpuMicros.toFixed(1)} | ${ratio(j.cpuMicros, t.cpuMicros)} |`
  ),
].join("\n");
console.log(`\n${table}\n`);

if (Deno.args.includes("--write")) {
  const machine =
    `Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), ${Deno.build.os}/${Deno.build.arch}, ` +
    `${navigator.hardwareConcurrency} CPUs, ${new Date().toISOString().slice(0, 10)}`;
  const md = `# WAMP client throughput\n\n` +
    `Our client ⇄ our embedded router, against Autobahn|JS (npm \`autobahn@26.3.1\`, run\n` +
    `on Deno's Node compatibility with the \`ws\` package) on the same router (a child\n` +
    `process, so the clients' CPU is measured alone), same run: \`deno run -A bench/client_bench.ts --duration ${
      DURATION_MS / 1000
    } --write\`.\n` +
    `Caller and callee (and publisher and subscriber) are separate sessions of the\n` +
    `same library; ${EVENTS.toLocaleString("en-US")} events per event test.\n\n` +
    `${table}\n\n` +
    `Ops/s are end to end (router included); \"client CPU µs/op\" is the CPU time of the\n` +
    `process hosting only the clients (both ends of each pair), per operation.\n\n` +
    `Machine: ${machine}. Numbers vary run to run by ~10%; never a CI gate.\n`;
  await Deno.writeTextFile(new URL("./CLIENT_RESULTS.md", import.meta.url), md);
  console.log("wrote bench/CLIENT_RESULTS.md");
}
