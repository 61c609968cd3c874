// Auto-ping (autoPingInterval / autoPingTimeout / autoPingSize /
// autoPingRestartOnAnyTraffic) end to end over real sockets, and the one
// batched timer service all connections share.
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../_assert.ts";
import {
  type CloseInfo,
  connect,
  serve,
  type WebSocketConnection,
} from "../../src/websocket/mod.ts";
import { resolveOptions } from "../../src/websocket/options.ts";
import {
  AUTO_PING_TIMEOUT_REASON,
  defaultTimerService,
  TimerService,
  type TimerTask,
} from "../../src/websocket/timer_service.ts";
import { bytes, delay, maskedFrame, rawUpgrade, safeClose, within } from "./_net.ts";

const PING = 0x9;
const PONG = 0xa;
const TEXT = 0x1;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A server whose handler records each connection, its open time and its close info. */
async function pingingServer(options: Parameters<typeof serve>[0]) {
  const opened = deferred<{ ws: WebSocketConnection; at: number }>();
  const closed = deferred<{ info: CloseInfo; at: number }>();
  const server = await serve(options, async (ws) => {
    opened.resolve({ ws, at: performance.now() });
    for await (const _ of ws) { /* drain */ }
    closed.resolve({ info: await ws.closed, at: performance.now() });
  });
  return { server, opened: opened.promise, closed: closed.promise };
}

Deno.test("auto-ping - a peer that answers stays up and both sides measure rtt", async () => {
  const s = await pingingServer({ port: 0, autoPingInterval: 0.05, autoPingTimeout: 0.5 });
  await using server = s.server;
  const ws = await connect(`ws://127.0.0.1:${server.port}`, {
    autoPingInterval: 0.05,
    autoPingTimeout: 0.5,
    autoPingSize: 16,
  });
  const { ws: peer } = await s.opened;
  await delay(300);
  assertEquals(ws.readyState, 1);
  assert(ws.rtt !== undefined && ws.rtt >= 0 && ws.rtt < 500, `client rtt ${ws.rtt}`);
  assert(peer.rtt !== undefined && peer.rtt >= 0 && peer.rtt < 500, `server rtt ${peer.rtt}`);
  const info = await within(ws.close(), 2000, "close");
  assert(info.wasClean);
  assert((await s.closed).info.wasClean);
  assertEquals(defaultTimerService.stats.activeTimers, 0);
});

Deno.test("auto-ping - autoPingSize random bytes per ping; an echoing raw peer stays up", async () => {
  const s = await pingingServer({
    port: 0,
    autoPingInterval: 0.05,
    autoPingTimeout: 0.1,
    autoPingSize: 125,
  });
  await using server = s.server;
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const f = await frames.next(2000);
      assert(f !== null, "expected a ping");
      assertEquals(f.opcode, PING);
      assertEquals(f.payload.length, 125);
      seen.add(Array.from(f.payload).join(","));
      // RFC 6455 §5.5.3: a pong in response carries the ping's application data.
      await conn.write(maskedFrame(PONG, f.payload));
    }
    assertEquals(seen.size, 4, "each ping carries fresh random bytes");
    const { ws } = await s.opened;
    assertEquals(ws.readyState, 1);
    assert(ws.rtt !== undefined);
  } finally {
    safeClose(conn);
  }
  await s.closed;
});

Deno.test("auto-ping - a peer that never answers is dropped after interval + timeout", async () => {
  const s = await pingingServer({ port: 0, autoPingInterval: 0.1, autoPingTimeout: 0.15 });
  await using server = s.server;
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const { at: openedAt } = await s.opened;
    const ping = await frames.next(2000);
    assert(ping !== null && ping.opcode === PING);
    assertEquals(ping.payload.length, 4, "default autoPingSize");
    // Stay silent: the server must drop the TCP connection (no close frame).
    assertEquals(await frames.next(2000), null);
    const { info, at } = await within(s.closed, 2000, "drop");
    assertEquals(info.wasClean, false);
    assertEquals(info.code, 1006);
    assertEquals(info.reason, AUTO_PING_TIMEOUT_REASON);
    assertStringIncludes(info.reason, "ping timeout");
    const elapsed = at - openedAt;
    assert(elapsed >= 230, `dropped too early: ${elapsed} ms`);
    assert(elapsed < 1500, `dropped too late: ${elapsed} ms`);
  } finally {
    safeClose(conn);
  }
});

Deno.test("auto-ping - a pong with the wrong payload does not count", async () => {
  const s = await pingingServer({
    port: 0,
    autoPingInterval: 0.1,
    autoPingTimeout: 0.15,
    autoPingRestartOnAnyTraffic: false,
  });
  await using server = s.server;
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const ping = await frames.next(2000);
    assert(ping !== null && ping.opcode === PING);
    const wrong = ping.payload.map((b) => b ^ 0xff);
    await conn.write(maskedFrame(PONG, wrong));
    await conn.write(maskedFrame(PONG, new Uint8Array(0)));
    const { info } = await within(s.closed, 2000, "drop");
    assertEquals(info.wasClean, false);
    assertEquals(info.code, 1006);
    assertEquals(info.reason, AUTO_PING_TIMEOUT_REASON);
    assertEquals((await s.opened).ws.rtt, undefined);
  } finally {
    safeClose(conn);
  }
});

Deno.test("auto-ping - autoPingRestartOnAnyTraffic: messages keep a silent-on-pong peer alive", async () => {
  const s = await pingingServer({ port: 0, autoPingInterval: 0.05, autoPingTimeout: 0.1 });
  await using server = s.server;
  const { conn } = await rawUpgrade(server.port);
  try {
    const { ws } = await s.opened;
    for (let i = 0; i < 10; i++) {
      await conn.write(maskedFrame(TEXT, bytes("alive")));
      await delay(30);
    }
    assertEquals(ws.readyState, 1, "traffic counts as proof of life");
    assertEquals(ws.rtt, undefined, "no pong, no rtt");
  } finally {
    safeClose(conn);
  }
  await s.closed;
});

Deno.test("auto-ping - many connections share one timer, which stops when idle", async () => {
  const before = defaultTimerService.stats;
  assertEquals(before.activeTimers, 0);
  const s = await pingingServer({ port: 0, autoPingInterval: 5, autoPingTimeout: 5 });
  await using server = s.server;
  const n = 25;
  const clients = await Promise.all(
    Array.from(
      { length: n },
      () => connect(`ws://127.0.0.1:${server.port}`, { autoPingInterval: 5, autoPingTimeout: 5 }),
    ),
  );
  // The server's side of each connection registers once its handshake is done.
  for (let i = 0; i < 50 && defaultTimerService.stats.tasks < 2 * n; i++) await delay(10);
  const during = defaultTimerService.stats;
  assertEquals(during.tasks, 2 * n);
  assertEquals(during.activeTimers, 1);
  assertEquals(during.timersStarted - before.timersStarted, 1, "one platform timer for all");
  await Promise.all(clients.map((c) => within(c.close(), 2000, "close")));
  for (let i = 0; i < 50 && defaultTimerService.stats.tasks > 0; i++) await delay(10);
  assertEquals(defaultTimerService.stats.tasks, 0);
  assertEquals(defaultTimerService.stats.activeTimers, 0);
});

Deno.test("TimerService - runs due tasks, ticks at the finest granularity, stops when idle", async () => {
  const service = new TimerService();
  const runs: string[] = [];
  const make = (name: string, afterMs: number, granularityMs: number): TimerTask => {
    const task: TimerTask = {
      due: performance.now() + afterMs,
      granularityMs,
      run() {
        runs.push(name);
        service.remove(task);
      },
    };
    return task;
  };
  service.add(make("slow", 60, 50));
  assertEquals(service.stats.tickMs, 50);
  service.add(make("fast", 20, 10));
  assertEquals(service.stats.tickMs, 10);
  assertEquals(service.stats.timersStarted, 2);
  assertEquals(service.stats.activeTimers, 1);
  for (let i = 0; i < 100 && service.stats.tasks > 0; i++) await delay(10);
  assertEquals(runs, ["fast", "slow"]);
  assertEquals(service.stats.activeTimers, 0);
  assertEquals(service.stats.tickMs, 0);
});

Deno.test("options - auto-ping options are validated", () => {
  const o = resolveOptions("server", {});
  assertEquals(o.autoPingInterval, 0);
  assertEquals(o.autoPingTimeout, 0);
  assertEquals(o.autoPingSize, 4);
  assertEquals(o.autoPingRestartOnAnyTraffic, true);
  assertThrows(() => resolveOptions("client", { autoPingSize: 3 }), RangeError);
  assertThrows(() => resolveOptions("client", { autoPingSize: 126 }), RangeError);
  assertThrows(() => resolveOptions("client", { autoPingSize: 4.5 }), RangeError);
  assertThrows(() => resolveOptions("client", { autoPingInterval: -1 }), RangeError);
  assertThrows(() => resolveOptions("server", { autoPingTimeout: NaN }), RangeError);
  assertThrows(
    () => resolveOptions("server", { autoPingRestartOnAnyTraffic: 1 as unknown as boolean }),
    TypeError,
  );
  assertEquals(resolveOptions("client", { autoPingSize: 125 }).autoPingSize, 125);
});
