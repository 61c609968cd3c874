import { assert, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import {
  ApplicationError,
  ApplicationRunner,
  ApplicationSession,
  CallResult,
  Component,
  type ComponentConfig,
  type Session,
  type SessionDetails,
} from "../../src/component/mod.ts";
import type { MessageTransport } from "../../src/transport/mod.ts";
import type { SerializerName } from "../../src/wamp/mod.ts";
import { startTestRouter, until } from "./_router.ts";

const SERIALIZERS: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];

Deno.test("Component - every role over WebSocket and RawSocket with every serializer", async () => {
  const r = await startTestRouter();
  try {
    for (const kind of ["websocket", "rawsocket"] as const) {
      for (const ser of SERIALIZERS) {
        const label = `${kind}/${ser}`;
        const url = kind === "websocket" ? r.wsUrl : r.rsUrl;
        const transports = [{ url, serializers: [ser], maxRetries: 0 }];
        const backend = new Component({ transports, realm: "realm1" });
        const got: unknown[] = [];
        backend.register("com.test.add2", ([a, b]) => a + b);
        backend.register(
          "com.test.split",
          (args, kwargs, details) =>
            new CallResult([...args].reverse(), { ...kwargs, p: details.procedure }),
        );
        backend.register("com.test.fail", () => {
          throw new ApplicationError("com.test.error.oops", [1], { why: "because" });
        });
        backend.subscribe("com.test.topic", (args, kwargs) => got.push([args, kwargs]));
        const ready = Promise.withResolvers<void>();
        backend.onReady(() => ready.resolve());
        const backendDone = backend.start();
        await ready.promise;

        const frontend = new Component({ transports, realm: "realm1" });
        const results: unknown[] = [];
        frontend.onJoin(async (session, details) => {
          assertEquals(details.realm, "realm1");
          assertEquals(details.serializer, ser, label);
          results.push(await session.call("com.test.add2", [2, 3]));
          const split = await session.call("com.test.split", [1, "x", true], { k: "v" });
          assert(split instanceof CallResult, label);
          results.push(split.args, split.kwargs);
          const err = await assertRejects(() => session.call("com.test.fail"), ApplicationError);
          results.push(err.error, err.args, err.kwargs);
          await session.publish("com.test.topic", ["hello"], { n: 1 }, { acknowledge: true });
          await until(() => got.length === 1, 3000, "event");
          await session.leave();
        });
        await frontend.start();
        assertEquals(results, [
          5,
          [true, "x", 1],
          { k: "v", p: "com.test.split" },
          "com.test.error.oops",
          [1],
          { why: "because" },
        ], label);
        assertEquals(got, [[["hello"], { n: 1 }]], label);
        await backend.stop();
        await backendDone;
      }
    }
  } finally {
    await r.close();
  }
});

Deno.test("Component - events fire in order: connect, join, ready, leave, disconnect", async () => {
  const r = await startTestRouter();
  try {
    const order: string[] = [];
    const comp = new Component({ transports: r.wsUrl, realm: "realm1" });
    comp.on("connect", () => void order.push("connect"));
    comp.onJoin(async () => {
      await new Promise((res) => setTimeout(res, 20));
      order.push("join1");
    });
    comp.onJoin(() => void order.push("join2"));
    comp.onReady(async (session) => {
      order.push("ready");
      await session.leave();
    });
    comp.onLeave((_s, d) => void order.push(`leave:${d.initiator}`));
    comp.onDisconnect((_s, clean) => void order.push(`disconnect:${clean}`));
    await comp.start();
    assertEquals(order, ["connect", "join1", "join2", "ready", "leave:local", "disconnect:true"]);
  } finally {
    await r.close();
  }
});

Deno.test("Component - a fatal ABORT (no such realm) ends start() without retrying", async () => {
  const r = await startTestRouter();
  try {
    let failures = 0;
    const comp = new Component({ transports: r.wsUrl, realm: "nope" });
    comp.onConnectFailure(() => void failures++);
    const e = await assertRejects(() => comp.start(), ApplicationError);
    assertEquals(e.error, "wamp.error.no_such_realm");
    assertEquals(failures, 1);
  } finally {
    await r.close();
  }
});

Deno.test("Component - a failing join handler fails the component and leaves", async () => {
  const r = await startTestRouter();
  try {
    const comp = new Component({ transports: r.wsUrl, realm: "realm1" });
    let left = "";
    comp.onLeave((_s, d) => void (left = d.reason));
    comp.onJoin(() => {
      throw new Error("boom");
    });
    const e = await assertRejects(() => comp.start(), Error);
    assert(e.message.includes("boom"), e.message);
    assertEquals(left, "wamp.close.component_error");
  } finally {
    await r.close();
  }
});

Deno.test("Component - configuration errors are clear TypeErrors", () => {
  const bad: [unknown, string][] = [
    [{ transports: [], realm: "r" }, "at least one transport"],
    [{ transports: "http://x", realm: "r" }, "transports[0]"],
    [
      { transports: [{ url: "ws://x/ws", serializers: ["xml"] }], realm: "r" },
      "unknown serializer",
    ],
    [{ transports: [{ url: "ws://x/ws", type: "rawsocket" }], realm: "r" }, "is websocket"],
    [{ transports: [{ url: "ws://x/ws", maxRetries: -2 }], realm: "r" }, "maxRetries"],
    [{ transports: [{ url: "ws://x/ws", retryDelayGrowth: 0.5 }], realm: "r" }, "retryDelayGrowth"],
    [{ transports: [{ url: "ws://x/ws", proxy: { host: "p", port: 1 } }], realm: "r" }, "proxy"],
    [{ transports: [{ url: "ws://x/ws", colour: 1 }], realm: "r" }, 'unknown key "colour"'],
    [
      { transports: [{ type: "rawsocket", endpoint: { type: "tcp" } }], realm: "r" },
      "endpoint.host",
    ],
    [{ transports: "ws://x/ws", realm: "" }, "realm"],
    [{ transports: "ws://x/ws", realm: "r", authentication: { magic: {} } }, 'method "magic"'],
  ];
  for (const [opts, text] of bad) {
    const e = assertThrows(() => new Component(opts as never), TypeError);
    assert(e.message.includes(text), `${e.message} should mention ${text}`);
  }
  const c = new Component({
    transports: [{ type: "rawsocket", endpoint: { type: "unix", path: "/tmp/x.sock" } }],
    realm: "r",
  });
  assertEquals(c.transports[0]!.url, "rs://unix:/tmp/x.sock");
  assertEquals(c.transports[0]!.retry.maxRetries, 15);
});

Deno.test("ApplicationSession - subclass hooks run in order via a Component and ApplicationRunner", async () => {
  const r = await startTestRouter();
  try {
    const order: string[] = [];
    class MySession extends ApplicationSession {
      override async onConnect(): Promise<void> {
        order.push("onConnect");
        await super.onConnect();
      }
      override async onJoin(details: SessionDetails): Promise<void> {
        order.push(`onJoin:${details.realm}:${(this.config.extra as { n: number }).n}`);
        await this.register("com.test.echo", ([x]) => x);
        order.push(`echo:${await this.call("com.test.echo", ["hi"])}`);
        await this.leave();
      }
      override onLeave(): void {
        order.push("onLeave");
      }
      override onDisconnect(): void {
        order.push("onDisconnect");
      }
    }
    const comp = new Component({
      transports: r.rsUrl,
      realm: "realm1",
      extra: { n: 7 },
      sessionFactory: (t: MessageTransport, c: ComponentConfig) => new MySession(t, c),
    });
    await comp.start();
    assertEquals(order, ["onConnect", "onJoin:realm1:7", "echo:hi", "onLeave", "onDisconnect"]);

    order.length = 0;
    const runner = new ApplicationRunner(r.wsUrl, "realm1", { extra: { n: 8 } });
    await runner.run(MySession, { logLevel: "off" });
    assertEquals(order, ["onConnect", "onJoin:realm1:8", "echo:hi", "onLeave", "onDisconnect"]);
  } finally {
    await r.close();
  }
});

Deno.test("Component - the session is reachable and stop() leaves it", async () => {
  const r = await startTestRouter();
  try {
    const comp = new Component({ transports: r.wsUrl, realm: "realm1" });
    const ready = Promise.withResolvers<Session>();
    comp.onReady((s) => ready.resolve(s));
    const done = comp.start();
    const s = await ready.promise;
    assert(comp.session === s && s.isJoined);
    await comp.stop();
    await done;
    assertEquals(comp.session, undefined);
    assertEquals(s.state, "closed");
  } finally {
    await r.close();
  }
});

Deno.test("Component - a plain Session from sessionFactory: leaving finishes the component", async () => {
  const r = await startTestRouter();
  try {
    const { Session: PlainSession } = await import("../../src/session/mod.ts");
    let made = 0;
    const comp = new Component({
      transports: [{ url: r.wsUrl, serializers: ["json"], maxRetries: 3 }],
      realm: "realm1",
      sessionFactory: (transport: MessageTransport) => (made++, new PlainSession(transport)),
    });
    const seen: string[] = [];
    comp.onJoin((session) => (seen.push("join"), session.leave()));
    comp.onLeave((_s, d) => void seen.push(`leave:${d.initiator}`));
    comp.onDisconnect((_s, wasClean) => void seen.push(`disconnect:${wasClean}`));
    const timeout = setTimeout(() => void comp.stop(), 5_000);
    try {
      await comp.start();
    } finally {
      clearTimeout(timeout);
    }
    assertEquals(made, 1, "no reconnect after a local leave");
    assertEquals(seen, ["join", "leave:local", "disconnect:true"]);
  } finally {
    await r.close();
  }
});
