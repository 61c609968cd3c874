/**
 * Client benchmark: our WebSocket client vs Deno's native `WebSocket` vs the
 * `ws` package (Node compat), against one fast echo server (Bun's, from the
 * wsbench harness), one client at a time, rounds interleaved.
 *
 *     taskset -c 1 bun /path/to/wsbench/servers/bun_echo.ts 18500 &
 *     taskset -c 0 deno run -A bench/ws_client_bench.ts --port 18500 [--rounds 3] [--duration 3]
 *
 * Workloads: `b64_w16` 64 B binary, 16 in flight (msgs/s); `b64k_w4` 64 KiB
 * binary, 4 in flight (MB/s, 1e6 B one direction); `b1m_w4` 1 MiB binary, 4 in
 * flight (MB/s); `connect_c16` 16 slots looping connect -> open -> close
 * (handshakes/s). Also reported: this process's CPU-µs per message (per MB, per
 * handshake), which is less sensitive to other load than the rates. Output:
 * one TSV line per run, then a markdown table of medians.
 *
 * @module
 */
import * as wsPackage from "ws";
import {
  connectWebSocket,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../src/websocket/mod.ts";

/** A connected client under test. */
interface Conn {
  send(payload: Uint8Array): void;
  close(): Promise<void>;
}
type Dial = (url: string, onMessage: (bytes: number) => void) => Promise<Conn>;

const ours: Dial = async (url, onMessage) => {
  class P extends WebSocketClientProtocol {
    override onMessage(payload: Uint8Array): void {
      onMessage(payload.length);
    }
  }
  const f = new WebSocketClientFactory(url);
  f.protocol = P;
  f.setProtocolOptions({ maxMessagePayloadSize: 0 });
  const p = await connectWebSocket(f);
  return {
    send: (b) => p.sendMessage(b, true),
    close: () => {
      p.sendClose(1000);
      return p.closed;
    },
  };
};

const denoNative: Dial = (url, onMessage) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const closed = new Promise<void>((r) => ws.addEventListener("close", () => r()));
    ws.onmessage = (e) => onMessage((e.data as ArrayBuffer).byteLength);
    ws.onerror = (e) => reject(e);
    ws.onopen = () =>
      resolve({
        send: (b) => ws.send(b),
        close: () => {
          ws.close(1000);
          return closed;
        },
      });
  });

/** The members of a `ws` client the benchmark uses (`ws` ships no types). */
interface WsClient {
  send(data: Uint8Array, options: { binary: boolean }): void;
  close(code: number): void;
  on(event: "message", listener: (data: { length: number }) => void): void;
  on(event: "open" | "close", listener: () => void): void;
  on(event: "error", listener: (err: unknown) => void): void;
}
const WsWebSocket = wsPackage.WebSocket as unknown as new (
  url: string,
  options: { maxPayload: number; perMessageDeflate: boolean },
) => WsClient;

const wsClient: Dial = (url, onMessage) =>
  new Promise((resolve, reject) => {
    const ws = new WsWebSocket(url, { maxPayload: 0, perMessageDeflate: false });
    const closed = new Promise<void>((r) => ws.on("close", () => r()));
    ws.on("message", (data) => onMessage(data.length));
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        send: (b) => ws.send(b, { binary: true }),
        close: () => {
          ws.close(1000);
          return closed;
        },
      }));
  });

const CLIENTS: Record<string, Dial> = { ours, "deno-native": denoNative, ws: wsClient };

const CLK_TCK = 100;
/** This process's user+system CPU time in µs (Linux: /proc/self/stat). */
function cpuMicros(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) / CLK_TCK) * 1e6;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Result {
  rate: number;
  cpuPerUnit: number;
}

/** Echo: `window` messages of `size` bytes in flight on one connection. */
async function echo(
  dial: Dial,
  url: string,
  size: number,
  window: number,
  warmup: number,
  duration: number,
): Promise<Result> {
  const payload = new Uint8Array(size);
  crypto.getRandomValues(payload.subarray(0, Math.min(size, 65536)));
  let count = 0;
  let bytes = 0;
  let stop = false;
  let errors = 0;
  const conn: Conn = await dial(url, (n) => {
    if (n !== size) errors++;
    count++;
    bytes += n;
    if (!stop) conn.send(payload);
  });
  for (let i = 0; i < window; i++) conn.send(payload);
  await sleep(warmup * 1000);
  const c0 = count, b0 = bytes, t0 = performance.now(), u0 = cpuMicros();
  await sleep(duration * 1000);
  const c1 = count, b1 = bytes, t1 = performance.now(), u1 = cpuMicros();
  stop = true;
  await sleep(50);
  await conn.close();
  if (errors) throw new Error(`${errors} echoes had the wrong length`);
  const secs = (t1 - t0) / 1000;
  const units = size >= 65536 ? (b1 - b0) / 1e6 : c1 - c0;
  return { rate: units / secs, cpuPerUnit: (u1 - u0) / units };
}

/** Connection setups: `slots` loops of connect -> open -> close handshake. */
async function connects(
  dial: Dial,
  url: string,
  slots: number,
  warmup: number,
  duration: number,
): Promise<Result> {
  let done = 0;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const c = await dial(url, () => {});
      await c.close();
      done++;
    }
  };
  const loops = Array.from({ length: slots }, loop);
  await sleep(warmup * 1000);
  const d0 = done, t0 = performance.now(), u0 = cpuMicros();
  await sleep(duration * 1000);
  const d1 = done, t1 = performance.now(), u1 = cpuMicros();
  stop = true;
  await Promise.all(loops);
  return { rate: (d1 - d0) / ((t1 - t0) / 1000), cpuPerUnit: (u1 - u0) / (d1 - d0) };
}

const WORKLOADS: Record<string, (d: Dial, url: string, w: number, t: number) => Promise<Result>> = {
  b64_w16: (d, u, w, t) => echo(d, u, 64, 16, w, t),
  b64k_w4: (d, u, w, t) => echo(d, u, 65536, 4, w, t),
  b1m_w4: (d, u, w, t) => echo(d, u, 1 << 20, 4, w, t),
  connect_c16: (d, u, w, t) => connects(d, u, 16, w, t),
};
const UNITS: Record<string, string> = {
  b64_w16: "msgs/s",
  b64k_w4: "MB/s",
  b1m_w4: "MB/s",
  connect_c16: "handshakes/s",
};

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1]! : fallback;
}

if (import.meta.main) {
  const url = `ws://127.0.0.1:${arg("port", "18500")}/`;
  const rounds = Number(arg("rounds", "3"));
  const warmup = Number(arg("warmup", "1"));
  const duration = Number(arg("duration", "3"));
  const clients = arg("clients", Object.keys(CLIENTS).join(",")).split(",");
  const workloads = arg("workloads", Object.keys(WORKLOADS).join(",")).split(",");
  const results = new Map<string, Result[]>();
  for (let r = 1; r <= rounds; r++) {
    for (const w of workloads) {
      for (let j = 0; j < clients.length; j++) {
        const name = clients[(j + r - 1) % clients.length]!;
        let res: Result;
        try {
          res = await WORKLOADS[w]!(CLIENTS[name]!, url, warmup, duration);
        } catch (err) {
          console.log(`${r}\t${name}\t${w}\terror=${String(err).replaceAll(/\s+/g, " ")}`);
          continue;
        }
        const key = `${w}\t${name}`;
        results.set(key, [...(results.get(key) ?? []), res]);
        console.log(
          `${r}\t${name}\t${w}\trate=${res.rate.toFixed(1)}\tcpu_us_per_unit=${
            res.cpuPerUnit.toFixed(3)
          }`,
        );
        await sleep(300);
      }
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
  console.log(`\n| workload | unit | ${clients.join(" | ")} |`);
  console.log(`|---|---|${clients.map(() => "---|").join("")}`);
  for (const w of workloads) {
    const cells = clients.map((c) => {
      const rs = results.get(`${w}\t${c}`) ?? [];
      if (!rs.length) return "—";
      return `${fmt(median(rs.map((x) => x.rate)))} (${
        median(rs.map((x) => x.cpuPerUnit)).toFixed(2)
      } µs)`;
    });
    console.log(`| ${w} | ${UNITS[w]} (client CPU-µs/unit) | ${cells.join(" | ")} |`);
  }
}
