// Interop of our Component with other WAMP clients on our embedded router:
// Autobahn|JS (npm `autobahn`) as callee and caller, wampy (npm `wampy`) as
// publisher and subscriber.
import { assertEquals } from "../_assert.ts";
import autobahn from "npm:autobahn@26.3.1";
import { Wampy } from "npm:wampy@8.0.2";
import { CallResult, Component } from "../../src/component/mod.ts";
import { startTestRouter, until } from "./_router.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function openAutobahnJs(url: string): Promise<{ session: Any; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const connection = new (autobahn as Any).Connection({
      url,
      realm: "realm1",
      max_retries: 0,
      protocols: ["wamp.2.json"],
    });
    let closed: () => void = () => {};
    const closedP = new Promise<void>((r) => closed = r);
    connection.onopen = (session: Any) =>
      resolve({
        session,
        close: () => {
          connection.close();
          return closedP;
        },
      });
    connection.onclose = (reason: string) => {
      closed();
      reject(new Error(`Autobahn|JS connection closed: ${reason}`));
      return true; // no reconnect
    };
    connection.open();
  });
}

Deno.test({
  name: "Interop - our caller ↔ Autobahn|JS callee, and Autobahn|JS caller ↔ our callee",
  fn: async () => {
    const r = await startTestRouter();
    try {
      const js = await openAutobahnJs(r.wsUrl);
      await js.session.register(
        "com.js.add2",
        (args: number[]) => args[0]! + args[1]!,
      );
      await js.session.register(
        "com.js.split",
        (args: unknown[], kwargs: Record<string, unknown>) =>
          new (autobahn as Any).Result([...args].reverse(), kwargs),
      );
      const comp = new Component({
        transports: [{ url: r.wsUrl, serializers: ["json"], maxRetries: 0 }],
        realm: "realm1",
      });
      comp.register("com.ts.mul2", ([a, b]) => a * b);
      comp.register("com.ts.multi", ([a], kw) => new CallResult([a, a], { k: kw.k }));
      const results: unknown[] = [];
      comp.onReady(async (session) => {
        results.push(await session.call("com.js.add2", [20, 22]));
        const split = await session.call("com.js.split", [1, 2, 3], { a: "b" });
        results.push((split as CallResult).args, (split as CallResult).kwargs);
        results.push(await js.session.call("com.ts.mul2", [6, 7]));
        const multi = await js.session.call("com.ts.multi", ["x"], { k: "v" });
        results.push(multi.args, multi.kwargs);
        await session.leave();
      });
      await comp.start();
      assertEquals(results, [42, [3, 2, 1], { a: "b" }, 42, ["x", "x"], { k: "v" }]);
      await js.close();
    } finally {
      await r.close();
    }
  },
});

Deno.test({
  name: "Interop - wampy publisher → our subscriber, and our publisher → wampy subscriber",
  fn: async () => {
    const r = await startTestRouter();
    try {
      const wampy = new Wampy(r.wsUrl, {
        realm: "realm1",
        ws: WebSocket,
        autoReconnect: false,
      } as Any);
      await wampy.connect();
      const fromUs: unknown[] = [];
      await wampy.subscribe("com.ts.news", (e: Any) => void fromUs.push([e.argsList, e.argsDict]));
      const fromWampy: unknown[] = [];
      const comp = new Component({ transports: r.wsUrl, realm: "realm1" });
      comp.subscribe("com.wampy.news", (args, kwargs) => void fromWampy.push([args, kwargs]));
      comp.onReady(async (session) => {
        await wampy.publish("com.wampy.news", { argsList: [1, "two"], argsDict: { three: 3 } });
        await until(() => fromWampy.length === 1, 3000, "wampy event");
        await session.publish("com.ts.news", ["hello"], { from: "ts" }, { acknowledge: true });
        await until(() => fromUs.length === 1, 3000, "our event");
        await session.leave();
      });
      await comp.start();
      assertEquals(fromWampy, [[[1, "two"], { three: 3 }]]);
      assertEquals(fromUs, [[["hello"], { from: "ts" }]]);
      await wampy.disconnect();
    } finally {
      await r.close();
    }
  },
});
