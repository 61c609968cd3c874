// A flood of half-open connections against a server with a short
// openHandshakeTimeout and maxConnections: every one is dropped in time,
// memory does not grow with the number of floods, and a legitimate client
// connects afterwards.
import { assert, assertEquals } from "../_assert.ts";
import { connect, serve } from "../../src/websocket/mod.ts";
import { bytes, delay, rawConnect, readToEof, safeClose, within } from "./_net.ts";

/** Half-open connections per wave: half silent, half a partial request (slowloris). */
const FLOOD = 300;
/** openHandshakeTimeout in seconds. */
const TIMEOUT_S = 0.4;
/** Slack for a loaded 2-core CI machine between the deadline and the EOF we observe. */
const SLACK_MS = 1500;
const MIB = 1024 * 1024;
/**
 * Memory bounds on heapUsed (the test cannot force a GC, so the heap may hold
 * one wave's garbage). One half-open connection costs the server a 4 KiB read
 * buffer, a request reader, a protocol object and a timer, and the test a
 * Deno.TcpConn: ~10 KiB, so one wave of 300 is ~3-4 MiB even if none of it
 * were collected yet (measured: +3.5 MiB after wave 1, -1.6 MiB after wave 2).
 * The bounds are 6x and 3x that, so GC timing cannot trip them, while what
 * they guard against can: a server that kept 64 KiB per dropped connection
 * (a retained head buffer, an unreleased connection) adds ~19 MiB per wave
 * and fails the later-wave bound on every run.
 */
const FIRST_WAVE_HEAP_BOUND = 24 * MIB;
const LATER_WAVE_HEAP_BOUND = 12 * MIB;

interface Wave {
  /** From the first connect to the first EOF, ms. */
  firstDrop: number;
  /** Longest lifetime (connected to EOF) of a connection, ms. */
  longest: number;
  /** Connections counted by the server at the peak of the wave. */
  peak: number;
}

async function flood(port: number, connections: () => number): Promise<Wave> {
  const conns: { conn: Deno.TcpConn; openedAt: number }[] = [];
  const start = performance.now();
  try {
    for (let i = 0; i < FLOOD; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, FLOOD - i) }, async (_, j) => {
          const conn = await rawConnect(port);
          const openedAt = performance.now();
          // Half send a partial request line and never finish it.
          if ((i + j) % 2) await conn.write(bytes("GET /slow HTTP/1.1\r\nHost: 127.0"));
          return { conn, openedAt };
        }),
      );
      conns.push(...batch);
    }
    // Wait for the accept loop to have counted them all (or the first to be dropped).
    let peak = connections();
    for (let i = 0; i < 40 && peak < FLOOD; i++) {
      await delay(5);
      peak = Math.max(peak, connections());
    }
    const lifetimes = await Promise.all(conns.map(async ({ conn, openedAt }) => {
      const r = await readToEof(conn, TIMEOUT_S * 1000 + SLACK_MS);
      assert(r.eof, "a half-open connection was not dropped before the deadline");
      assertEquals(r.data.length, 0, "a half-open connection got an answer");
      return { droppedAt: performance.now(), openedAt };
    }));
    return {
      firstDrop: Math.min(...lifetimes.map((l) => l.droppedAt)) - start,
      longest: Math.max(...lifetimes.map((l) => l.droppedAt - l.openedAt)),
      peak,
    };
  } finally {
    for (const { conn } of conns) safeClose(conn);
  }
}

async function settled(connections: () => number): Promise<void> {
  for (let i = 0; i < 100 && connections() > 0; i++) await delay(10);
  assertEquals(connections(), 0, "the server still counts dropped connections");
}

Deno.test("flood - half-open connections are dropped within openHandshakeTimeout, memory stays bounded, a real client still connects", async () => {
  await using server = await serve(
    { port: 0, hostname: "127.0.0.1", openHandshakeTimeout: TIMEOUT_S, maxConnections: 16 },
    async (ws) => {
      for await (const msg of ws) ws.send(msg);
    },
  );
  const connections = () => server.connections;
  const url = `ws://127.0.0.1:${server.port}`;

  // Warm up the paths (JIT, buffers) before taking the baseline.
  await within(flood(server.port, connections), 5000, "warm-up wave");
  await settled(connections);
  const base = Deno.memoryUsage().heapUsed;

  const heaps: number[] = [];
  for (const wave of [1, 2]) {
    const { firstDrop, longest, peak } = await within(
      flood(server.port, connections),
      5000,
      `wave ${wave}`,
    );
    // The half-open connections do take slots (that is what maxConnections bounds)...
    assert(peak > 16, `the server saw only ${peak} connections at once`);
    // ...but each is dropped once its openHandshakeTimeout has passed: none before
    // the timeout counted from the wave's first connect (the server cannot have
    // accepted earlier; a per-connection lower bound would need the server's
    // accept time, which the event loop may report after the client's), and
    // none later than the timeout plus slack after its own connect.
    assert(firstDrop >= TIMEOUT_S * 1000 - 20, `dropped too early (${firstDrop.toFixed(0)} ms)`);
    assert(longest <= TIMEOUT_S * 1000 + SLACK_MS, `dropped too late (${longest.toFixed(0)} ms)`);
    await settled(connections);
    heaps.push(Deno.memoryUsage().heapUsed);
  }
  const growth1 = heaps[0] - base, growth2 = heaps[1] - heaps[0];
  assert(growth1 < FIRST_WAVE_HEAP_BOUND, `heap grew by ${(growth1 / MIB).toFixed(1)} MiB`);
  assert(growth2 < LATER_WAVE_HEAP_BOUND, `heap grew by ${(growth2 / MIB).toFixed(1)} MiB more`);

  // With the slots released, a legitimate client connects and is echoed.
  const ws = await within(connect(url), 3000, "legitimate connect");
  try {
    assertEquals(ws.readyState, 1);
    ws.send("still alive");
    const it = ws[Symbol.asyncIterator]();
    const echo = await within(it.next(), 3000, "echo");
    assertEquals(echo.value, "still alive");
  } finally {
    await ws.close();
  }
});
