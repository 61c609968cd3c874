import { assert, assertEquals, assertInstanceOf } from "../_assert.ts";
import {
  Component,
  ManualClock,
  RetryPolicy,
  type Session,
  SessionClosedError,
  sleep,
} from "../../src/component/mod.ts";
import { startTestRouter, until } from "./_router.ts";

Deno.test("RetryPolicy - no delay first, then initial delay growing to the cap; reset starts over", () => {
  const p = new RetryPolicy({
    maxRetries: 5,
    maxRetryDelay: 5,
    initialRetryDelay: 1.5,
    retryDelayGrowth: 2,
    retryDelayJitter: 0,
  });
  const delays = [];
  for (let i = 0; i < 7; i++) delays.push(p.nextDelay());
  assertEquals(delays, [0, 1.5, 3, 5, 5, 5, undefined]);
  assertEquals(p.canRetry, false);
  p.reset();
  assertEquals([p.nextDelay(), p.nextDelay()], [0, 1.5]);
  const forever = new RetryPolicy({ ...p.options, maxRetries: -1 });
  for (let i = 0; i < 100; i++) assert(forever.nextDelay() !== undefined);
});

Deno.test("RetryPolicy - jitter stays within ±jitter of the delay", () => {
  const opts = {
    maxRetries: -1,
    maxRetryDelay: 300,
    initialRetryDelay: 10,
    retryDelayGrowth: 1,
    retryDelayJitter: 0.1,
  };
  const lo = new RetryPolicy(opts, () => 0);
  const hi = new RetryPolicy(opts, () => 0.999999);
  lo.nextDelay();
  hi.nextDelay();
  assertEquals(lo.nextDelay(), 9);
  assert(Math.abs(hi.nextDelay()! - 11) < 1e-4);
});

Deno.test("sleep - ManualClock runs due timers; abort rejects and clears the timer", async () => {
  const clock = new ManualClock();
  let fired = false;
  const p = sleep(clock, 1000).then(() => fired = true);
  clock.advance(999);
  await Promise.resolve();
  assertEquals(fired, false);
  clock.advance(1);
  await p;
  assertEquals(fired, true);
  const ac = new AbortController();
  const q = sleep(clock, 500, ac.signal);
  ac.abort(new Error("stop"));
  let err: unknown;
  await q.catch((e) => err = e);
  assertEquals((err as Error).message, "stop");
  assertEquals(clock.pending, 0);
});

for (const kind of ["websocket", "rawsocket"] as const) {
  Deno.test(`Component - reconnects with backoff after a router restart (${kind})`, async () => {
    let r = await startTestRouter();
    const ports = { ws: r.wsPort, rs: r.rsPort };
    const url = kind === "websocket" ? r.wsUrl : r.rsUrl;
    const clock = new ManualClock();
    const comp = new Component({
      transports: [{
        url,
        maxRetries: 4,
        initialRetryDelay: 1.5,
        retryDelayGrowth: 2,
        maxRetryDelay: 5,
        retryDelayJitter: 0,
      }],
      realm: "realm1",
      clock,
    });
    const events: string[] = [];
    let sessions = 0;
    const events2: unknown[] = [];
    const stall = Promise.withResolvers<void>();
    comp.register("com.test.echo", ([x]) => x);
    comp.register("com.test.stall", () => stall.promise);
    comp.subscribe("com.test.topic", (args) => void events2.push(args[0]));
    comp.onJoin(() => void (events.push("join"), sessions++));
    comp.onReady(() => void events.push("ready"));
    comp.onLeave((_s, d) => void events.push(`leave:${d.initiator}`));
    comp.onDisconnect((_s, clean) => void events.push(`disconnect:${clean}`));
    comp.onConnectFailure(() => void events.push("connectfailure"));
    const done = comp.start();
    try {
      await until(() => events.includes("ready"), 3000, "first ready");
      // The session lives a minute: long enough for the retry policy to start over.
      clock.advance(60_000);
      const session = comp.session as Session;
      // A call in flight when the router goes away rejects promptly.
      const inflight = session.call("com.test.stall");
      inflight.catch(() => {});
      await new Promise((res) => setTimeout(res, 20));
      const t0 = Date.now();
      await r.close();
      const err = await inflight.then(() => undefined, (e) => e);
      assert(Date.now() - t0 < 1000, "in-flight call rejected promptly");
      assert(err instanceof SessionClosedError || err instanceof Error, String(err));
      stall.resolve();

      // Immediate attempt (no delay) fails, then 1.5 s, then 3 s waits.
      await until(
        () => events.filter((e) => e === "connectfailure").length === 1,
        3000,
        "1st fail",
      );
      await clock.waitForTimers(1);
      assertEquals(clock.requested, [1500]);
      clock.advance(1500);
      await until(
        () => events.filter((e) => e === "connectfailure").length === 2,
        3000,
        "2nd fail",
      );
      await clock.waitForTimers(1);
      assertEquals(clock.requested, [1500, 3000]);

      r = await startTestRouter(ports);
      clock.advance(3000);
      await until(() => sessions === 2 && events.at(-1) === "ready", 3000, "second ready");
      assertEquals(events, [
        "join",
        "ready",
        "leave:router",
        "disconnect:true",
        "connectfailure",
        "connectfailure",
        "join",
        "ready",
      ]);

      // Re-registered and re-subscribed: another component uses them.
      const other = new Component({ transports: url, realm: "realm1" });
      other.onJoin(async (s) => {
        assertEquals(await s.call("com.test.echo", ["again"]), "again");
        await s.publish("com.test.topic", ["evt"], {}, { acknowledge: true });
        await until(() => events2.length === 1, 3000, "event");
        await s.leave();
      });
      await other.start();
      assertEquals(events2, ["evt"]);

      // The policy starts over after a session that lasted: the next drop starts at no delay,
      // then 1.5 s.
      clock.advance(60_000);
      await r.close();
      await until(
        () => events.filter((e) => e === "connectfailure").length === 3,
        3000,
        "3rd fail",
      );
      await clock.waitForTimers(1);
      assertEquals(clock.requested, [1500, 3000, 1500]);

      // stop() during a retry wait ends the component at once.
      const t1 = Date.now();
      await comp.stop();
      await done;
      assert(Date.now() - t1 < 500, "stop() during a retry wait is prompt");
      assertEquals(clock.pending, 0);
    } finally {
      await comp.stop();
      await r.close();
    }
  });
}

Deno.test("Component - gives up with RetriesExhaustedError after maxRetries", async () => {
  const r = await startTestRouter();
  const url = r.wsUrl;
  await r.close();
  const clock = new ManualClock();
  const comp = new Component({
    transports: [{ url, maxRetries: 2, initialRetryDelay: 1, retryDelayJitter: 0 }],
    realm: "realm1",
    clock,
  });
  let failures = 0;
  comp.onConnectFailure(() => void failures++);
  const done = comp.start().then(() => undefined, (e) => e);
  for (let i = 0; i < 2; i++) {
    await clock.waitForTimers(1);
    clock.advance(10_000);
  }
  const e = await done;
  assertEquals(e?.name, "RetriesExhaustedError");
  assertEquals(failures, 3);
  assertEquals(clock.requested, [1000, 1500]);
});

Deno.test("Component - transports are tried round-robin", async () => {
  const r = await startTestRouter();
  try {
    const dead = await startTestRouter();
    const deadUrl = dead.rsUrl;
    await dead.close();
    const clock = new ManualClock();
    const tried: string[] = [];
    const comp = new Component({
      transports: [{ url: deadUrl, retryDelayJitter: 0 }, { url: r.wsUrl, retryDelayJitter: 0 }],
      realm: "realm1",
      clock,
      connector: (t, signal) => {
        tried.push(t.type);
        return import("../../src/component/mod.ts").then((m) => m.defaultConnector(t, signal));
      },
    });
    comp.onReady((s) => s.leave());
    await comp.start();
    assertEquals(tried, ["rawsocket", "websocket"]);
    assertEquals(clock.requested, []);
    assertInstanceOf(comp, Component);
  } finally {
    await r.close();
  }
});

Deno.test("Component - a session dropped right after joining gets the backoff, not a storm", async () => {
  const r = await startTestRouter();
  const clock = new ManualClock();
  const comp = new Component({
    transports: [{
      url: r.wsUrl,
      serializers: ["json"],
      maxRetries: -1,
      initialRetryDelay: 1.5,
      retryDelayGrowth: 2,
      maxRetryDelay: 10,
      retryDelayJitter: 0,
    }],
    realm: "realm1",
    clock,
  });
  let joins = 0;
  // The "router" welcomes and then drops us at once (here: the app closes the transport).
  comp.onJoin((s) => void (joins++, s.transport.close()));
  const done = comp.start();
  try {
    await until(() => joins === 1, 3000, "first join");
    await clock.waitForTimers(1);
    assertEquals(clock.requested, [1500], "waits initialRetryDelay before reconnecting");
    clock.advance(1500);
    await until(() => joins === 2, 3000, "second join");
    await clock.waitForTimers(1);
    assertEquals(clock.requested, [1500, 3000], "and backs off further while it keeps flapping");
  } finally {
    await comp.stop();
    await done.catch(() => {});
    await r.close();
  }
});
