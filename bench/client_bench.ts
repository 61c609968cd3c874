// Client throughput: our WAMP client ⇄ our router vs Autobahn|JS clients on
// the same router, in the same run, A/B interleaved.
//
//   deno run -A bench/client_bench.ts [--rounds 5] [--duration 2]
//     [--serializers json,msgpack] [--windows 1,10,100]
//     [--libs ts,js,ts-platform] [--pin] [--write]
//
// The router runs in its own child process; each round starts one fresh
// client process per library (in alternating order), which runs every test
// and reports its throughput, its own CPU time and the router's CPU time per
// operation (read from /proc/<pid>/stat, like wsload's --pids). The client
// process hosts both ends of each pair (caller and callee, publisher and
// subscriber), so its CPU per operation is the whole client-side cost.
//   ts          our client, our WebSocket engine (the default transport)
//   ts-platform our client over Deno's built-in WebSocket (what Autobahn|JS uses)
//   ts-base     our client from the checkout at --base-dir (before/after runs)
//   js          Autobahn|JS (npm autobahn 26.3.1; under Deno it uses the
//               global WebSocket, i.e. Deno's native one, not the ws package)
//   floor       bench/floor_client.ts: the least work a Deno client can do
//               (JSON only; skipped for other serializers): what no client
//               library can beat on this machine
// --pin puts the router on CPU 1 and the clients on CPU 0 (taskset).
// --write records the tables in bench/CLIENT_RESULTS.md.
import { Router } from "../src/router/mod.ts";
import { connectTransport, listenWebSocketTransport } from "../src/transport/mod.ts";
import { Session } from "../src/session/mod.ts";
import { connectFloor } from "./floor_client.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function arg(name: string, dflt: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : dflt;
}
const DURATION_MS = Number(arg("duration", "2")) * 1000;
const WINDOWS = arg("windows", "1,10,100").split(",").map(Number);
/** Events in flight (published, not yet received) in the event test. */
const EV_HIGH = 1000;
const EV_LOW = 500;
const CLK_TCK = 100; // Linux USER_HZ

/** CPU seconds (user + system, all threads) of a process. */
function cpuSeconds(pid: number | "self"): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

// ---------------------------------------------------------------------------
// Router mode: serve until stdin closes.

if (Deno.args.includes("--router")) {
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

// ---------------------------------------------------------------------------
// Client mode: one library, every test, one RESULT line.

interface Client {
  register(uri: string, fn: (args: unknown[]) => unknown): Promise<void>;
  call(uri: string, args: unknown[]): Promise<unknown>;
  subscribe(uri: string, fn: () => void): Promise<void>;
  publish(uri: string, args: unknown[]): void;
  close(): Promise<void>;
}

/** One measurement: operations per second, and CPU µs per operation. */
interface Rate {
  perSecond: number;
  clientCpuMicros: number;
  routerCpuMicros: number;
}

async function clientMain(lib: string, url: string, routerPid: number, ser: string) {
  async function ours(): Promise<Client> {
    const t = await connectTransport(url, {
      serializers: [ser as "json" | "msgpack"],
      webSocket: lib === "ts-platform" ? "platform" : "engine",
    });
    const s = new Session(t);
    await s.join("realm1");
    return {
      register: async (uri, fn) => void await s.register(uri, (args) => fn(args)),
      call: (uri, args) => s.call(uri, args),
      subscribe: async (uri, fn) => void await s.subscribe(uri, () => fn()),
      publish: (uri, args) => void s.publish(uri, args),
      close: async () => {
        await s.leave();
        await t.closed;
      },
    };
  }

  function theirs(): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ab = autobahnJs;
      const conn = new ab.Connection({
        url,
        realm: "realm1",
        max_retries: 0,
        protocols: [`wamp.2.${ser}`],
        serializers: [
          ser === "json"
            ? new ab.serializer.JSONSerializer()
            : new ab.serializer.MsgpackSerializer(),
        ],
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

  async function timed(run: () => Promise<number>): Promise<Rate> {
    const c0 = cpuSeconds("self");
    const r0 = cpuSeconds(routerPid);
    const t0 = performance.now();
    const n = await run();
    const seconds = (performance.now() - t0) / 1000;
    return {
      perSecond: n / seconds,
      clientCpuMicros: (cpuSeconds("self") - c0) * 1e6 / n,
      routerCpuMicros: (cpuSeconds(routerPid) - r0) * 1e6 / n,
    };
  }

  function rpc(caller: Client, window: number, duration: number): Promise<Rate> {
    return timed(async () => {
      let n = 0;
      const end = performance.now() + duration;
      const worker = async () => {
        while (performance.now() < end) {
          await caller.call("bench.add", [n, 1]);
          n++;
        }
      };
      await Promise.all(Array.from({ length: window }, worker));
      return n;
    });
  }

  // Only the Autobahn|JS client process loads Autobahn|JS.
  const autobahnJs: Any = lib === "js" ? (await import("npm:autobahn@26.3.1")).default : undefined;
  const make = lib === "js" ? theirs : lib === "floor" ? () => connectFloor(url, "realm1") : ours;
  const callee = await make();
  const caller = await make();
  const sub = await make();
  const pub = await make();
  await callee.register("bench.add", ([a, b]) => (a as number) + (b as number));
  let got = 0;
  let sent = 0;
  let waiter: (() => void) | undefined;
  await sub.subscribe("bench.topic", () => {
    got++;
    if (waiter !== undefined && sent - got <= EV_LOW) {
      const w = waiter;
      waiter = undefined;
      w();
    }
  });

  function events(duration: number): Promise<Rate> {
    return timed(async () => {
      const start = got;
      const end = performance.now() + duration;
      while (performance.now() < end) {
        while (sent - got < EV_HIGH) {
          pub.publish("bench.topic", [sent, "payload"]);
          sent++;
        }
        await new Promise<void>((r) => {
          waiter = r;
          setTimeout(() => waiter === r && (waiter = undefined, r()), 1000);
        });
      }
      const deadline = performance.now() + 10_000;
      while (got < sent && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1));
      }
      return got - start;
    });
  }

  await rpc(caller, 10, 500); // warm-up
  await events(300);
  const result: Record<string, Rate> = {};
  for (const w of WINDOWS) result[`rpc${w}`] = await rpc(caller, w, DURATION_MS);
  result.events = await events(DURATION_MS);
  for (const c of [callee, caller, sub, pub]) await c.close();
  console.log(`RESULT ${JSON.stringify(result)}`);
}

const clientIdx = Deno.args.indexOf("--client");
if (clientIdx >= 0) {
  await clientMain(
    Deno.args[clientIdx + 1],
    arg("url", ""),
    Number(arg("router-pid", "0")),
    arg("serializer", "json"),
  );
  Deno.exit(0);
}

// ---------------------------------------------------------------------------
// Orchestrator.

const ROUNDS = Number(arg("rounds", "5"));
const SERIALIZERS = arg("serializers", "json,msgpack").split(",");
const LIBS = arg("libs", "ts,js,ts-platform").split(",");
const PIN = Deno.args.includes("--pin");
const self = new URL(import.meta.url).pathname;

function command(cpu: string, args: string[], opts: Deno.CommandOptions): Deno.Command {
  return PIN
    ? new Deno.Command("taskset", { ...opts, args: ["-c", cpu, Deno.execPath(), ...args] })
    : new Deno.Command(Deno.execPath(), { ...opts, args });
}

const router = command("1", ["run", "-A", self, "--router"], {
  stdin: "piped",
  stdout: "piped",
}).spawn();
const reader = router.stdout.pipeThrough(new TextDecoderStream()).getReader();
let first = "";
while (!first.includes("\n")) first += (await reader.read()).value ?? "";
reader.releaseLock();
void router.stdout.cancel().catch(() => {});
const url = `ws://127.0.0.1:${parseInt(first)}/ws`;
// With taskset the child is taskset, which execs deno: same pid.
const routerPid = router.pid;

/** `ts-base` runs our client from another checkout (`--base-dir`), for before/after. */
const BASE_DIR = arg("base-dir", "");

async function runClient(lib: string, ser: string): Promise<Record<string, Rate>> {
  const args = [
    "run",
    "-A",
    lib === "ts-base" ? `${BASE_DIR}/bench/client_bench.ts` : self,
    "--client",
    lib === "ts-base" ? "ts" : lib,
    "--url",
    url,
    "--router-pid",
    String(routerPid),
    "--serializer",
    ser,
    "--duration",
    String(DURATION_MS / 1000),
    "--windows",
    WINDOWS.join(","),
  ];
  const out = await command("0", args, { stdout: "piped", stderr: "inherit" }).output();
  const text = new TextDecoder().decode(out.stdout);
  const line = text.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`client ${lib} printed no result:\n${text}`);
  return JSON.parse(line.slice(7));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const all: Record<string, Record<string, Record<string, Rate[]>>> = {};
for (const ser of SERIALIZERS) {
  all[ser] = {};
  for (const lib of LIBS) all[ser][lib] = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? LIBS : [...LIBS].reverse();
    for (const lib of order) {
      if (lib === "floor" && ser !== "json") continue;
      const r = await runClient(lib, ser);
      for (const [test, rate] of Object.entries(r)) (all[ser][lib][test] ??= []).push(rate);
      console.log(
        `${ser} round ${round + 1} ${lib}: ` +
          Object.entries(r).map(([t, x]) =>
            `${t} ${Math.round(x.perSecond)}/s ${x.clientCpuMicros.toFixed(1)}µs`
          ).join(", "),
      );
    }
  }
}
await router.stdin.close();
await router.status;

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const testName = (t: string) =>
  t === "events"
    ? "Events (publisher → subscriber)"
    : t === "rpc1"
    ? "RPC round trips, 1 in flight"
    : `RPC round trips, ${t.slice(3)} in flight`;
const LABEL: Record<string, string> = {
  ts: "Autobahn\\|TS",
  js: "Autobahn\\|JS",
  "ts-platform": "Autobahn\\|TS on Deno's WebSocket",
  "ts-base": "Autobahn\\|TS (base)",
  floor: "Floor (bench/floor_client.ts)",
};
const tables: string[] = [];
for (const ser of SERIALIZERS) {
  const libs = LIBS.filter((lib) => Object.keys(all[ser][lib]).length > 0);
  const tests = Object.keys(all[ser][libs[0]]);
  const m = (lib: string, test: string, k: keyof Rate) =>
    median(all[ser][lib][test].map((r) => r[k]));
  const lines = [
    `**${ser.toUpperCase()}** over WebSocket, 127.0.0.1, medians of ${ROUNDS} rounds: ` +
    `ops/s, and CPU µs per op of the client process (both ends) and of the router process.`,
    "",
    "| Test | Client | ops/s | client CPU µs/op | router CPU µs/op |",
    "|---|---|---:|---:|---:|",
  ];
  for (const test of tests) {
    for (const lib of libs) {
      lines.push(
        `| ${testName(test)} | ${LABEL[lib] ?? lib} | ${fmt(m(lib, test, "perSecond"))} | ${
          m(lib, test, "clientCpuMicros").toFixed(2)
        } | ${m(lib, test, "routerCpuMicros").toFixed(2)} |`,
      );
    }
  }
  const [a, b] = LIBS.includes("js") && LIBS.includes("ts") ? ["ts", "js"] : libs;
  // The floor's own ratio: what no client library can beat on this machine.
  const floor = libs.includes("floor") && b === "js" && a !== "floor";
  if (b !== undefined) {
    lines.push(
      "",
      `Ratios: median over the rounds of each round's ratio (range over the rounds).`,
      "",
      `| Test | ${LABEL[a] ?? a} / ${LABEL[b] ?? b}: throughput |` +
        (floor ? ` Floor / ${LABEL[b] ?? b}: throughput |` : "") +
        ` client CPU per op (${LABEL[b] ?? b} ÷ ${LABEL[a] ?? a}) |`,
      floor ? "|---|---:|---:|---:|" : "|---|---:|---:|",
    );
    // Each round ran the libraries back to back, so a ratio is taken per
    // round (same phase of the shared machine) and the median of those is
    // shown, with the range over the rounds.
    const ratio = (x: string, y: string, test: string, k: keyof Rate, invert = false) => {
      const xs = all[ser][x][test];
      const ys = all[ser][y][test];
      const rs = xs.map((r, i) => invert ? ys[i][k] / r[k] : r[k] / ys[i][k]);
      const lo = Math.min(...rs).toFixed(2);
      const hi = Math.max(...rs).toFixed(2);
      return `${median(rs).toFixed(2)}× (${lo}–${hi})`;
    };
    for (const test of tests) {
      lines.push(
        `| ${testName(test)} | ${ratio(a, b, test, "perSecond")} |` +
          (floor ? ` ${ratio("floor", b, test, "perSecond")} |` : "") +
          ` ${ratio(a, b, test, "clientCpuMicros", true)} |`,
      );
    }
  }
  tables.push(lines.join("\n"));
}
const machine =
  `Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), ${Deno.build.os}/${Deno.build.arch}, ` +
  `${navigator.hardwareConcurrency} CPUs, ${new Date().toISOString().slice(0, 10)}`;
console.log(`\n${tables.join("\n\n")}\n\n${machine}${PIN ? ", pinned" : ""}`);

if (Deno.args.includes("--write")) {
  const path = new URL("./CLIENT_RESULTS.md", import.meta.url);
  const md = await Deno.readTextFile(path);
  const start = "<!-- results:start -->";
  const end = "<!-- results:end -->";
  const i = md.indexOf(start);
  const j = md.indexOf(end);
  if (i < 0 || j < 0) throw new Error("CLIENT_RESULTS.md has no results markers");
  const body = `${start}\n\n${tables.join("\n\n")}\n\nMachine: ${machine}${
    PIN ? "; router pinned to CPU 1, clients to CPU 0" : ""
  }. Command: \`deno run -A bench/client_bench.ts ${
    Deno.args.filter((a) => a !== "--write").join(" ")
  }\`.\n\n${end}`;
  await Deno.writeTextFile(path, md.slice(0, i) + body + md.slice(j + end.length));
  // Keep the file as `deno fmt --check` (part of the test command) wants it.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path.pathname] }).output();
  console.log("wrote bench/CLIENT_RESULTS.md");
}
