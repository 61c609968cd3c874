// The platform-WebSocket transport, driven by Deno's global WebSocket against
// our WebSocket server.
import { assertEquals, assertRejects } from "../_assert.ts";
import {
  connectBrowserWebSocket,
  connectTransport,
  listenWebSocketTransport,
  type MessageTransport,
  SerializerNegotiationError,
  TransportError,
} from "./_imports.ts";
import { listenWebSocket, WebSocketServerFactory } from "../../src/websocket/server.ts";
import { echo, Recorder, sampleMessages, wire } from "./_helpers.ts";

async function server(subprotocols?: string[]) {
  const accepted: MessageTransport[] = [];
  const listener = await listenWebSocketTransport("ws://127.0.0.1:0/ws", {
    ...(subprotocols ? { subprotocols } : {}),
    onTransport(t) {
      accepted.push(t);
      echo(t);
    },
  });
  return { listener, accepted, url: `ws://127.0.0.1:${listener.port}/ws` };
}

const CASES = [
  ["json", false],
  ["msgpack", false],
  ["cbor", false],
  ["ubjson", false],
  ["json", true],
  ["msgpack", true],
] as const;

for (const [name, batched] of CASES) {
  const sp = `wamp.2.${name}${batched ? ".batched" : ""}`;
  Deno.test(`BrowserWebSocketTransport - ${sp} against our server`, async () => {
    const s = await server();
    try {
      const t = await connectBrowserWebSocket(s.url, { serializers: [name], batched });
      assertEquals(t.details.subprotocol, sp);
      assertEquals(t.details.channel, "platform");
      const rec = new Recorder();
      t.setHandler(rec);
      const msgs = sampleMessages();
      for (const m of msgs) t.send(m);
      assertEquals(wire(await rec.take(msgs.length)), wire(msgs));
      const info = await t.close();
      assertEquals(info.wasClean, true);
      assertEquals(info.code, 1000);
      await rec.until(() => rec.closeInfo !== undefined);
      await s.accepted[0]!.closed;
    } finally {
      await s.listener.close();
    }
  });
}

Deno.test("BrowserWebSocketTransport - connectTransport picks it with webSocket: platform", async () => {
  const s = await server();
  try {
    const t = await connectTransport(s.url, { webSocket: "platform", serializers: ["cbor"] });
    assertEquals(t.details.channel, "platform");
    assertEquals(t.details.serializer, "cbor");
    await t.close();
  } finally {
    await s.listener.close();
  }
});

Deno.test("BrowserWebSocketTransport - no common subprotocol rejects", async () => {
  const s = await server(["wamp.2.json"]);
  try {
    await assertRejects(
      () => connectBrowserWebSocket(s.url, { serializers: ["msgpack"] }),
      TransportError,
    );
  } finally {
    await s.listener.close();
  }
});

Deno.test("BrowserWebSocketTransport - a server that picks no subprotocol is refused", async () => {
  // A plain WebSocket server: accepts without choosing a subprotocol.
  const plain = await listenWebSocket(new WebSocketServerFactory("ws://127.0.0.1:0"));
  try {
    await assertRejects(
      () => connectBrowserWebSocket(`ws://127.0.0.1:${plain.port}/`, { serializers: ["json"] }),
      SerializerNegotiationError,
    );
    await assertRejects(
      () => connectTransport(`ws://127.0.0.1:${plain.port}/`, { serializers: ["json"] }),
      SerializerNegotiationError,
    );
  } finally {
    await plain.close();
  }
});

Deno.test("WebSocketTransport - batched mode sends one WebSocket message per task", async () => {
  const accepted: MessageTransport[] = [];
  const listener = await listenWebSocketTransport("ws://127.0.0.1:0", {
    subprotocols: ["wamp.2.json.batched"],
    onTransport(t) {
      accepted.push(t);
      t.setHandler({ onMessage() {}, onClose() {} });
      for (const m of sampleMessages()) t.send(m);
    },
  });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${listener.port}/`, ["wamp.2.json.batched"]);
    const first = new Promise<string>((r) => (ws.onmessage = (ev) => r(ev.data)));
    const closed = new Promise((r) => (ws.onclose = r));
    const data = await first;
    const records = data.split("\x1e");
    assertEquals(records.pop(), "");
    assertEquals(records.length, sampleMessages().length);
    assertEquals(JSON.parse(records[1]!), [48, 1, {}, "com.myapp.add2", [2, 3]]);
    ws.close();
    await closed;
    await accepted[0]!.closed;
  } finally {
    await listener.close();
  }
});
