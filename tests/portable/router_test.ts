// Portable (Deno and Bun): our WAMP client against the embedded router running
// in a Deno child process (_router_main.ts): call/register/publish/subscribe
// over WebSocket (our engine on the runtime's sockets, and the platform
// WebSocket) and RawSocket, with json, msgpack and cbor.
import { assertEquals } from "../_assert.ts";
import { connectTransport, type ConnectTransportOptions } from "../../src/transport/mod.ts";
import { Session } from "../../src/session/mod.ts";
import { denoBinary, runtime, spawn, test, within } from "./_harness.ts";

async function withRouter(fn: (ports: { ws: number; rs: number }) => Promise<void>): Promise<void> {
  const child = spawn(denoBinary(), [
    "run",
    "--quiet",
    "--allow-net=127.0.0.1",
    "tests/portable/_router_main.ts",
  ]);
  try {
    const line = await within(child.readLine(), 30_000, "the router child's ports");
    if (line === null) throw new Error("the router child exited without printing its ports");
    await fn(JSON.parse(line) as { ws: number; rs: number });
  } finally {
    await child.stop();
  }
}

type Case = {
  name: string;
  url: (p: { ws: number; rs: number }) => string;
  options: ConnectTransportOptions;
};

const CASES: Case[] = [];
for (const serializer of ["json", "msgpack", "cbor"] as const) {
  CASES.push(
    {
      name: `WebSocket (our engine) ${serializer}`,
      url: (p) => `ws://127.0.0.1:${p.ws}/ws`,
      options: { serializers: [serializer], webSocket: "engine" },
    },
    {
      name: `WebSocket (platform) ${serializer}`,
      url: (p) => `ws://127.0.0.1:${p.ws}/ws`,
      options: { serializers: [serializer], webSocket: "platform" },
    },
    {
      name: `RawSocket ${serializer}`,
      url: (p) => `rs://127.0.0.1:${p.rs}`,
      options: { serializers: [serializer] },
    },
  );
}

test(`portable WAMP (${runtime}) - client ↔ router in a Deno child: RPC and PubSub on every transport`, async () => {
  await withRouter(async (ports) => {
    for (const c of CASES) {
      const callee = new Session(
        await within(connectTransport(c.url(ports), c.options), 5000, c.name),
      );
      const caller = new Session(
        await within(connectTransport(c.url(ports), c.options), 5000, c.name),
      );
      try {
        await within(callee.join("realm1"), 5000, `${c.name}: join`);
        await within(caller.join("realm1"), 5000, `${c.name}: join`);
        const proc = `com.portable.add.${c.name.replace(/\W+/g, "_")}`;
        const reg = await callee.register(
          proc,
          (args) => (args[0] as number) + (args[1] as number),
        );
        assertEquals(
          await within(caller.call(proc, [20, 22]), 5000, `${c.name}: call`),
          42,
          c.name,
        );
        const blob = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
        const echo = `${proc}.echo`;
        await callee.register(echo, (args) => args[0]);
        assertEquals(
          await within(caller.call(echo, [blob]), 5000, `${c.name}: binary`),
          blob,
          c.name,
        );
        const topic = `${proc}.topic`;
        const got: unknown[] = [];
        let wake: (() => void) | undefined;
        await callee.subscribe(topic, (args) => {
          got.push(args[0]);
          wake?.();
        });
        for (let i = 0; i < 5; i++) await caller.publish(topic, [i], {}, { acknowledge: true });
        await within(
          (async () => {
            while (got.length < 5) await new Promise<void>((r) => (wake = r));
          })(),
          5000,
          `${c.name}: events`,
        );
        assertEquals(got, [0, 1, 2, 3, 4], c.name);
        await callee.unregister(reg);
      } finally {
        for (const s of [caller, callee]) {
          await s.leave().catch(() => {});
          await s.transport.close().catch(() => {});
        }
      }
    }
  });
});
