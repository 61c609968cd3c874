// End-to-end: the router started by `startRouter` (a `web` transport with a
// WebSocket path per auth setup), and Autobahn|JS (npm `autobahn`) clients
// over loopback WebSocket, with each serializer Autobahn|JS has (JSON,
// MessagePack, CBOR). One router serves every step.
import autobahn from "npm:autobahn@26.3.1";
import { assert, assertEquals } from "../_assert.ts";
import { type RouterHandle, startRouter } from "../../src/router/mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const AB = autobahn as Any;

const CONFIG = {
  version: 2,
  workers: [{
    type: "router",
    realms: [
      { name: "realm1" },
      {
        name: "secure",
        roles: [{
          name: "restricted",
          permissions: [
            {
              uri: "com.allowed.",
              match: "prefix",
              allow: { call: true, register: true, publish: true, subscribe: true },
              disclose: { caller: true },
            },
            { uri: "com.readonly", allow: { subscribe: true } },
          ],
        }],
      },
    ],
    transports: [{
      type: "web",
      endpoint: { type: "tcp", port: 8080 },
      paths: {
        ws: { type: "websocket" },
        restricted: {
          type: "websocket",
          auth: { anonymous: { type: "static", role: "restricted" } },
        },
      },
    }],
  }],
};

const SERIALIZERS: Record<string, () => unknown> = {
  json: () => new AB.serializer.JSONSerializer(),
  msgpack: () => new AB.serializer.MsgpackSerializer(),
  cbor: () => new AB.serializer.CBORSerializer(),
};

interface Client {
  session: Any;
  close(): Promise<void>;
}

function connect(
  url: string,
  realm = "realm1",
  serializer = "json",
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const conn = new AB.Connection({
      url,
      realm,
      serializers: [SERIALIZERS[serializer]!()],
      max_retries: 0,
      retry_if_unreachable: false,
    });
    let closed: (() => void) | undefined;
    const gone = new Promise<void>((r) => (closed = r));
    conn.onopen = (session: Any) =>
      resolve({
        session,
        close: async () => {
          if (conn.isOpen) conn.close();
          await gone;
        },
      });
    conn.onclose = (reason: string, details: Any) => {
      closed?.();
      reject(new Error(`closed: ${reason} ${JSON.stringify(details?.reason ?? "")}`));
      return true; // no reconnect
    };
    conn.open();
  });
}

function deferred<T = unknown>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<Any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

Deno.test("Router e2e with Autobahn|JS - every feature over loopback WebSocket", async (t) => {
  const router: RouterHandle = await startRouter(CONFIG, { ephemeralPorts: true });
  const [url, restrictedUrl] = router.transports[0]!.urls as [string, string];
  const clients: Client[] = [];
  const open = async (realm = "realm1", serializer = "json", at = url) => {
    const c = await connect(at, realm, serializer);
    clients.push(c);
    return c.session;
  };
  try {
    for (const ser of Object.keys(SERIALIZERS)) {
      await t.step(`${ser}: RPC with args and kwargs, PubSub`, async () => {
        const callee = await open("realm1", ser);
        const caller = await open("realm1", ser);
        await callee.register(
          `com.${ser}.echo`,
          (args: Any[], kwargs: Any) => new AB.Result(args, kwargs),
        );
        const r = await caller.call(`com.${ser}.echo`, [1, "two", { three: 3 }], { k: [true] });
        assertEquals(r.args, [1, "two", { three: 3 }]);
        assertEquals(r.kwargs, { k: [true] });
        const got = deferred<Any[]>();
        await callee.subscribe(
          `com.${ser}.topic`,
          (args: Any[], kwargs: Any) => got.resolve([args, kwargs]),
        );
        await caller.publish(`com.${ser}.topic`, ["hello"], { n: 1 }, { acknowledge: true });
        assertEquals(await got.promise, [["hello"], { n: 1 }]);
      });
    }

    await t.step("binary payloads convert between serializers (\\0+base64 for JSON)", async () => {
      const bin = await open("realm1", "msgpack");
      const json = await open("realm1", "json");
      const cbor = await open("realm1", "cbor");
      await bin.register("com.bin.bytes", () => new Uint8Array([0, 1, 2, 255]));
      // A MessagePack callee's bytes reach a JSON caller as "\0" + base64.
      assertEquals(await json.call("com.bin.bytes"), "\0AAEC/w==");
      // A JSON publisher's "\0" + base64 reaches a CBOR subscriber as bytes.
      const got = deferred<Any>();
      await cbor.subscribe("com.bin.topic", (args: Any[]) => got.resolve(args[0]));
      await json.publish("com.bin.topic", ["\0AAEC/w=="], {}, { acknowledge: true });
      assertEquals(new Uint8Array(await got.promise), new Uint8Array([0, 1, 2, 255]));
    });

    await t.step("errors: application errors with args/kwargs, no such procedure", async () => {
      const s = await open();
      await s.register("com.err.fail", () => {
        throw new AB.Error("com.example.oops", ["bad"], { code: 7 });
      });
      const e = await rejection(s.call("com.err.fail"));
      assertEquals([e.error, e.args, e.kwargs], ["com.example.oops", ["bad"], { code: 7 }]);
      const e2 = await rejection(s.call("com.err.missing"));
      assertEquals(e2.error, "wamp.error.no_such_procedure");
    });

    await t.step("progressive call results", async () => {
      const s = await open();
      await s.register("com.prog", async (_a: Any, _k: Any, details: Any) => {
        for (let i = 0; i < 3; i++) {
          details.progress([i]);
          await sleep(1);
        }
        return "done";
      });
      const progress: Any[] = [];
      const p = s.call("com.prog", [], {}, { receive_progress: true });
      p.then(undefined, undefined, (v: Any) => progress.push(v));
      assertEquals(await p, "done");
      assertEquals(progress, [0, 1, 2]);
    });

    await t.step("cancel (kill) and dealer-enforced timeout", async () => {
      const callee = await open();
      const caller = await open();
      await callee.register("com.slow", () => new Promise(() => {}));
      const call = caller.call("com.slow", [], {}, {});
      await sleep(20);
      call.cancel({ mode: "kill" });
      assertEquals((await rejection(call)).error, "wamp.error.canceled");
      const timed = await rejection(caller.call("com.slow", [], {}, { timeout: 50 }));
      assertEquals(timed.error, "wamp.error.timeout");
    });

    await t.step("shared registrations: single, first, last, roundrobin, random", async () => {
      const callees = [await open(), await open(), await open()];
      const caller = await open();
      await callees[0].register("com.single", () => 0, { invoke: "single" });
      const dup = await rejection(callees[1].register("com.single", () => 1, { invoke: "single" }));
      assertEquals(dup.error, "wamp.error.procedure_already_exists");
      for (const policy of ["first", "last", "roundrobin", "random"]) {
        for (const [i, c] of callees.entries()) {
          await c.register(`com.shared.${policy}`, () => i, { invoke: policy });
        }
        const results: number[] = [];
        for (let n = 0; n < 6; n++) results.push(await caller.call(`com.shared.${policy}`));
        if (policy === "first") assertEquals(results, [0, 0, 0, 0, 0, 0]);
        if (policy === "last") assertEquals(results, [2, 2, 2, 2, 2, 2]);
        if (policy === "roundrobin") assertEquals(results, [0, 1, 2, 0, 1, 2]);
        if (policy === "random") assert(results.every((r) => r >= 0 && r <= 2), String(results));
      }
    });

    await t.step("pattern-based registrations and subscriptions", async () => {
      const s = await open();
      const caller = await open();
      await s.register("com.pat.", (_a: Any, _k: Any, d: Any) => `prefix:${d.procedure}`, {
        match: "prefix",
      });
      await s.register("com..get", (_a: Any, _k: Any, d: Any) => `wildcard:${d.procedure}`, {
        match: "wildcard",
      });
      await s.register("com.pat.exact", () => "exact");
      assertEquals(await caller.call("com.pat.exact"), "exact");
      assertEquals(await caller.call("com.pat.a.b"), "prefix:com.pat.a.b");
      assertEquals(await caller.call("com.thing.get"), "wildcard:com.thing.get");
      const topics: string[] = [];
      const two = deferred();
      const onEvent = (_a: Any, _k: Any, d: Any) => {
        topics.push(d.topic);
        if (topics.length === 2) two.resolve(undefined);
      };
      await s.subscribe("com.ev.", onEvent, { match: "prefix" });
      await s.subscribe("com..ping", onEvent, { match: "wildcard" });
      await caller.publish("com.ev.one", [], {}, { acknowledge: true });
      await caller.publish("com.x.ping", [], {}, { acknowledge: true });
      await two.promise;
      assertEquals(topics.sort(), ["com.ev.one", "com.x.ping"]);
    });

    await t.step("publisher exclusion, exclude/eligible lists, acknowledge, retain", async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      const seen: string[] = [];
      for (const [name, s] of [["a", a], ["b", b], ["c", c]] as const) {
        await s.subscribe("com.bw", (args: Any[]) => seen.push(`${name}:${args[0]}`));
      }
      const cAuthid = (await a.call("wamp.session.get", [c.id])).authid;
      await a.publish("com.bw", [1], {}, { acknowledge: true }); // exclude_me by default
      await a.publish("com.bw", [2], {}, { acknowledge: true, exclude_me: false });
      await a.publish("com.bw", [3], {}, { acknowledge: true, exclude: [b.id] });
      await a.publish("com.bw", [4], {}, { acknowledge: true, eligible: [c.id] });
      const pub = await a.publish("com.bw", [5], {}, {
        acknowledge: true,
        exclude_authid: [cAuthid],
      });
      assert(typeof pub.id === "number");
      await sleep(50);
      assertEquals(seen.sort(), ["a:2", "b:1", "b:2", "b:5", "c:1", "c:2", "c:3", "c:4"].sort());
      // Retained events reach later subscribers asking get_retained.
      await a.publish("com.retained", ["kept"], {}, { acknowledge: true, retain: true });
      const got = deferred<Any[]>();
      await b.subscribe(
        "com.retained",
        (args: Any[], _k: Any, d: Any) => got.resolve([args[0], d.retained]),
        {
          get_retained: true,
        },
      );
      assertEquals(await got.promise, ["kept", true]);
    });

    await t.step("meta API: sessions, registrations, subscriptions, on_join", async () => {
      const watcher = await open();
      const joined = deferred<Any>();
      await watcher.subscribe("wamp.session.on_join", (args: Any[]) => joined.resolve(args[0]));
      const other = await open();
      assertEquals((await joined.promise).session, other.id);
      const count = await watcher.call("wamp.session.count");
      assert(count >= 2, `count ${count}`);
      const info = await watcher.call("wamp.session.get", [other.id]);
      assertEquals(info.session, other.id);
      await other.register("com.meta.proc", () => 1);
      const regId = await watcher.call("wamp.registration.lookup", ["com.meta.proc"]);
      assertEquals(await watcher.call("wamp.registration.list_callees", [regId]), [other.id]);
      await other.subscribe("com.meta.topic", () => {});
      const subId = await watcher.call("wamp.subscription.lookup", ["com.meta.topic"]);
      assertEquals(await watcher.call("wamp.subscription.count_subscribers", [subId]), 1);
    });

    await t.step("authorization: config roles allow and deny", async () => {
      const s = await open("secure", "json", restrictedUrl);
      await s.register("com.allowed.add", (args: number[]) => args[0]! + args[1]!);
      assertEquals(await s.call("com.allowed.add", [2, 3]), 5);
      assertEquals((await rejection(s.call("com.other"))).error, "wamp.error.not_authorized");
      assertEquals(
        (await rejection(s.publish("com.readonly", [], {}, { acknowledge: true }))).error,
        "wamp.error.not_authorized",
      );
      await s.subscribe("com.readonly", () => {});
      // The anonymous role of the plain path does not exist in "secure".
      const e = await rejection(connect(url, "secure"));
      assert(String(e.message).includes("no_such_role"), e.message);
    });

    await t.step("testament: published when the session goes away", async () => {
      const watcher = await open();
      const got = deferred<Any[]>();
      await watcher.subscribe("com.testament", (args: Any[]) => got.resolve(args));
      const dying = await connect(url);
      await dying.session.call("wamp.session.add_testament", ["com.testament", ["gone"], {}]);
      await dying.close();
      assertEquals(await got.promise, ["gone"]);
    });
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await router.close();
  }
});
