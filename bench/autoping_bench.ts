/**
 * Auto-ping CPU cost with many idle connections: one shared timer service
 * (`autoPingInterval` on) vs no auto-ping, on our server.
 *
 * ```sh
 * node_modules/.bin/deno run -A bench/autoping_bench.ts [--conns 10000] [--rounds 2]
 *   [--interval 1] [--window 10] [--clients 2] [--out bench/results/autoping.tsv]
 * ```
 *
 * The driver starts, per configuration and round, the server (this file with
 * `server`, pinned to core 1, `ulimit -n` raised) and `--clients` client
 * processes (this file with `client`, pinned to core 0) that open the
 * connections with raw TCP, answer every ping with its pong (RFC 6455 §5.5.3)
 * and otherwise stay silent. Once every connection is open and a few pings
 * went by, it reads the server's utime+stime from `/proc/PID/stat` over
 * `--window` seconds, then asks the server (a line on stdin) for
 * `defaultTimerService.stats`, its connection count and RSS. Configurations
 * run interleaved (off, on, off, on...): compare same-round numbers.
 *
 * @module
 */
import {
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../src/websocket/mod.ts";
import { defaultTimerService } from "../src/websocket/timer_service.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function flag(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

/** Answers one stdin line per request with `reply()` as one JSON line. */
async function serveStdin(reply: () => unknown): Promise<void> {
  let buf = "";
  for await (const chunk of Deno.stdin.readable) {
    buf += decoder.decode(chunk);
    while (buf.includes("\n")) {
      buf = buf.slice(buf.indexOf("\n") + 1);
      console.log(JSON.stringify(reply()));
    }
  }
}

// --- server ---------------------------------------------------------------

let pongs = 0;
class Idle extends WebSocketServerProtocol {
  override onPong(): void {
    pongs++;
  }
}

async function runServer(port: number, interval: number): Promise<void> {
  const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
  factory.protocol = Idle;
  factory.setProtocolOptions({
    autoPingInterval: interval,
    autoPingTimeout: interval > 0 ? Math.max(5, 2 * interval) : 0,
    autoPingSize: 4,
    openHandshakeTimeout: 30,
  });
  const server = await listenWebSocket(factory);
  console.log(JSON.stringify({ listening: server.port }));
  await serveStdin(() => ({
    connections: factory.connectionCount,
    pongs,
    rssKb: Math.round(Deno.memoryUsage().rss / 1024),
    timer: defaultTimerService.stats,
  }));
}

// --- client ---------------------------------------------------------------

let pings = 0;

async function openIdle(port: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(encoder.encode(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  ));
  const buf = new Uint8Array(512);
  let head = "";
  let rest = new Uint8Array(0);
  while (!head.includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("Cannot open connection: EOF during the handshake");
    head += decoder.decode(buf.subarray(0, n));
  }
  if (!head.startsWith("HTTP/1.1 101")) throw new Error(`Cannot open connection: ${head}`);
  const after = encoder.encode(head.slice(head.indexOf("\r\n\r\n") + 4));
  if (after.length) rest = after;
  void answerPings(conn, buf, rest);
}

/** Reads server frames (unmasked, control frames < 126 bytes) and pongs every ping. */
async function answerPings(conn: Deno.Conn, buf: Uint8Array, pending: Uint8Array) {
  try {
    for (;;) {
      while (pending.length >= 2 && pending.length >= 2 + (pending[1] & 0x7f)) {
        const len = pending[1] & 0x7f;
        if ((pending[0] & 0x0f) === 0x9) {
          pings++;
          // RFC 6455 §5.5.3: the pong echoes the ping's application data;
          // client frames are masked (a zero key leaves the payload as is).
          const pong = new Uint8Array(6 + len);
          pong[0] = 0x8a;
          pong[1] = 0x80 | len;
          pong.set(pending.subarray(2, 2 + len), 6);
          await conn.write(pong);
        }
        pending = pending.subarray(2 + len);
      }
      const n = await conn.read(buf);
      if (n === null) return;
      const joined = new Uint8Array(pending.length + n);
      joined.set(pending);
      joined.set(buf.subarray(0, n), pending.length);
      pending = joined;
    }
  } catch {
    // Connection reset at teardown.
  }
}

async function runClient(port: number, conns: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < conns) {
      next++;
      await openIdle(port);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  console.log(JSON.stringify({ open: conns }));
  await serveStdin(() => ({ pings }));
}

// --- driver ---------------------------------------------------------------

const SELF = new URL(import.meta.url).pathname;
const DENO = Deno.execPath();

function spawnLines(cpu: number, args: string[]) {
  const cmd = `ulimit -n $(ulimit -Hn) && exec taskset -c ${cpu} "$0" run -A "$1" ${
    args.join(" ")
  }`;
  const child = new Deno.Command("bash", {
    args: ["-c", cmd, DENO, SELF],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const writer = child.stdin.getWriter();
  return {
    child,
    async next(): Promise<Record<string, unknown>> {
      while (!buf.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) throw new Error(`Process ${args[0]} exited`);
        buf += value;
      }
      const line = buf.slice(0, buf.indexOf("\n"));
      buf = buf.slice(buf.indexOf("\n") + 1);
      return JSON.parse(line);
    },
    async ask(): Promise<Record<string, unknown>> {
      await writer.write(encoder.encode("stats\n"));
      return await this.next();
    },
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await child.status;
      await lines.cancel().catch(() => {});
      await writer.close().catch(() => {});
    },
  };
}

const CLK_TCK = 100;
function cpuTicks(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
}
function machineBusyTicks(): number {
  const f = Deno.readTextFileSync("/proc/stat").split("\n")[0].trim().split(/\s+/).slice(1)
    .map(Number);
  return f.reduce((a, b) => a + b, 0) - f[3] - f[4]; // all minus idle and iowait
}

async function measure(interval: number, round: number, opts: {
  conns: number;
  clients: number;
  window: number;
  port: number;
}) {
  const server = spawnLines(1, ["server", String(opts.port), String(interval)]);
  const clients: ReturnType<typeof spawnLines>[] = [];
  try {
    await server.next();
    const per = Math.ceil(opts.conns / opts.clients);
    const t0 = performance.now();
    for (let i = 0; i < opts.clients; i++) {
      clients.push(spawnLines(0, ["client", String(opts.port), String(per)]));
    }
    for (const c of clients) await c.next();
    const openS = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 3000)); // settle: handshakes done, pings flowing
    const s0 = await server.ask();
    const c0 = cpuTicks(server.child.pid), m0 = machineBusyTicks(), w0 = performance.now();
    await new Promise((r) => setTimeout(r, opts.window * 1000));
    const c1 = cpuTicks(server.child.pid), m1 = machineBusyTicks();
    const secs = (performance.now() - w0) / 1000;
    const s1 = await server.ask();
    let pings = 0;
    for (const c of clients) pings += (await c.ask()).pings as number;
    const serverCpu = ((c1 - c0) / CLK_TCK / secs) * 100;
    const otherCpu = ((m1 - m0) / CLK_TCK / secs) * 100 - serverCpu;
    const t0s = s0.timer as Record<string, number>, t1s = s1.timer as Record<string, number>;
    return {
      round,
      interval,
      conns: s1.connections,
      openS: openS.toFixed(1),
      serverCpu: serverCpu.toFixed(2),
      otherCpu: otherCpu.toFixed(0),
      pongsPerS: (((s1.pongs as number) - (s0.pongs as number)) / secs).toFixed(0),
      clientPings: pings,
      ticksPerS: ((t1s.ticks - t0s.ticks) / secs).toFixed(1),
      timer: JSON.stringify(t1s),
      rssMb: ((s1.rssKb as number) / 1024).toFixed(0),
    };
  } finally {
    for (const c of clients) await c.stop();
    await server.stop();
  }
}

async function runDriver(): Promise<void> {
  const opts = {
    conns: Number(flag("conns", "10000")),
    clients: Number(flag("clients", "2")),
    window: Number(flag("window", "10")),
    port: Number(flag("port", "18441")),
  };
  const rounds = Number(flag("rounds", "2"));
  const interval = Number(flag("interval", "1"));
  const out = flag("out", new URL("./results/autoping.tsv", import.meta.url).pathname);
  const rows = [];
  for (let r = 1; r <= rounds; r++) {
    for (const iv of r % 2 ? [0, interval] : [interval, 0]) {
      const row = await measure(iv, r, opts);
      console.log(JSON.stringify(row));
      Deno.writeTextFileSync(
        out,
        Object.entries(row).map(([k, v]) => `${k}=${v}`).join("\t") + "\n",
        {
          append: true,
        },
      );
      rows.push(row);
    }
  }
  console.log(
    "| round | autoPingInterval | open conns | server CPU % | pongs/s | timer ticks/s | RSS MB | other CPU % |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const x of rows) {
    console.log(
      `| ${x.round} | ${x.interval ? `${x.interval} s` : "off"} | ${x.conns} | ${x.serverCpu} | ` +
        `${x.pongsPerS} | ${x.ticksPerS} | ${x.rssMb} | ${x.otherCpu} |`,
    );
  }
}

if (import.meta.main) {
  const [mode] = Deno.args;
  if (mode === "server") await runServer(Number(Deno.args[1]), Number(Deno.args[2]));
  else if (mode === "client") await runClient(Number(Deno.args[1]), Number(Deno.args[2]));
  else await runDriver();
}
