import { assert, assertEquals, assertInstanceOf, assertRejects, assertThrows } from "../_assert.ts";
import {
  AbortMessage,
  connectWebSocketTransport,
  HandshakeError,
  type MessageTransport,
  parseMessage,
  ProtocolError,
  TransportClosedError,
  WAMP_SUBPROTOCOLS,
} from "./_imports.ts";
import { echo, Recorder, sampleMessages, webSocketPair, wire } from "./_helpers.ts";
import { listenWebSocketTransport } from "../../src/transport/mod.ts";

for (const subprotocol of WAMP_SUBPROTOCOLS) {
  const [, , name, batched] = subprotocol.split(".");
  Deno.test(`WebSocketTransport - ${subprotocol} round trip, client ↔ server`, async () => {
    const pair = await webSocketPair({
      serializers: [name as "json"],
      batched: batched !== undefined,
    });
    try {
      assertEquals(pair.client.details.subprotocol, subprotocol);
      assertEquals(pair.server.details.subprotocol, subprotocol);
      assertEquals(pair.client.details.kind, "websocket");
      assertEquals(pair.server.details.isServer, true);
      assert(pair.server.details.peer.startsWith("tcp4:127.0.0.1:"));
      assertEquals(pair.server.details.websocketRequest?.path, "/ws");
      const server = echo(pair.server);
      const client = new Recorder();
      pair.client.setHandler(client);
      const msgs = sampleMessages();
      for (const m of msgs) pair.client.send(m);
      assertEquals(wire(await client.take(msgs.length)), wire(msgs));
      assertEquals(wire(server.messages), wire(msgs));
    } finally {
      await pair.close();
    }
  });
}

Deno.test("WebSocketTransport - the server picks its own preference among the client's offers", async () => {
  const pair = await webSocketPair({ serializers: ["json", "msgpack"] }, {
    subprotocols: ["wamp.2.msgpack", "wamp.2.json"],
  });
  try {
    assertEquals(pair.client.details.subprotocol, "wamp.2.msgpack");
  } finally {
    await pair.close();
  }
});

Deno.test("WebSocketTransport - no common subprotocol: 400, HandshakeError", async () => {
  const server = await listenWebSocketTransport("ws://127.0.0.1:0", {
    subprotocols: ["wamp.2.json"],
    onTransport: () => {
      throw new Error("unreachable");
    },
  });
  try {
    const err = await assertRejects(
      () => connectWebSocketTransport(`ws://127.0.0.1:${server.port}/`, { serializers: ["cbor"] }),
      HandshakeError,
    );
    assertEquals((err as HandshakeError).status, 400);
  } finally {
    await server.close();
  }
});

Deno.test("WebSocketTransport - messages sent before setHandler are delivered in order", async () => {
  const pair = await webSocketPair({ serializers: ["json"] });
  try {
    const msgs = sampleMessages();
    for (const m of msgs) pair.client.send(m);
    await new Promise((r) => setTimeout(r, 50));
    const server = new Recorder();
    pair.server.setHandler(server);
    assertEquals(wire(await server.take(msgs.length)), wire(msgs));
  } finally {
    await pair.close();
  }
});

Deno.test("WebSocketTransport - close: both sides see a clean 1000, send afterwards throws", async () => {
  const pair = await webSocketPair({ serializers: ["cbor"] });
  const server = new Recorder();
  pair.server.setHandler(server);
  const client = new Recorder();
  pair.client.setHandler(client);
  const info = await pair.client.close(1000, "bye");
  assertEquals(info.wasClean, true);
  assertEquals(info.code, 1000);
  const sinfo = await pair.server.closed;
  assertEquals(sinfo.wasClean, true);
  assertEquals(sinfo.code, 1000);
  assertEquals(sinfo.reason, "bye");
  await server.until(() => server.closeInfo !== undefined);
  assertEquals(pair.client.isOpen, false);
  assertThrows(() => pair.client.send(sampleMessages()[0]!), TransportClosedError);
  await pair.close();
});

Deno.test("WebSocketTransport - a garbage message goes to onProtocolError, ABORT is sent, close 1002", async () => {
  let server: MessageTransport | undefined;
  const rec = new Recorder();
  const listener = await listenWebSocketTransport("ws://127.0.0.1:0", {
    onTransport(t) {
      server = t;
      rec.onError = (e) =>
        t.send(
          new AbortMessage({
            details: { message: e.message },
            reason: "wamp.error.protocol_violation",
          }),
        );
      t.setHandler(rec);
    },
  });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${listener.port}/`, ["wamp.2.json"]);
    const got: string[] = [];
    const closed = new Promise<CloseEvent>((r) => (ws.onclose = r));
    ws.onmessage = (ev) => got.push(ev.data);
    await new Promise((r) => (ws.onopen = r));
    ws.send('[48, 1, {}, "com.ok", [1]]');
    ws.send("this is not JSON");
    ws.send('[48, 2, {}, "com.never"]');
    const ev = await closed;
    assertEquals(ev.code, 1002);
    assertEquals(rec.messages.length, 1);
    assertEquals(rec.errors.length, 1);
    assertInstanceOf(rec.errors[0], ProtocolError);
    assertEquals(got.length, 1);
    assertEquals(JSON.parse(got[0]!)[0], 3);
    assertEquals(JSON.parse(got[0]!)[2], "wamp.error.protocol_violation");
    const info = await server!.closed;
    assertEquals(info.wasClean, false);
    assertInstanceOf(info.error, ProtocolError);
  } finally {
    await listener.close();
  }
});

Deno.test("WebSocketTransport - a binary frame on wamp.2.json is a protocol error", async () => {
  const rec = new Recorder();
  const listener = await listenWebSocketTransport("ws://127.0.0.1:0", {
    onTransport: (t) => t.setHandler(rec),
  });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${listener.port}/`, ["wamp.2.json"]);
    const closed = new Promise<CloseEvent>((r) => (ws.onclose = r));
    await new Promise((r) => (ws.onopen = r));
    ws.send(new TextEncoder().encode('[48, 1, {}, "com.ok"]'));
    assertEquals((await closed).code, 1002);
    assertEquals(rec.errors.length, 1);
  } finally {
    await listener.close();
  }
});

Deno.test("WebSocketTransport - a message above maxMessageSize fails with 1009", async () => {
  const pair = await webSocketPair({ serializers: ["msgpack"] }, { maxMessageSize: 1024 });
  const server = new Recorder();
  pair.server.setHandler(server);
  pair.client.setHandler(new Recorder());
  pair.client.send(parseMessage([48, 1, {}, "com.big", [new Uint8Array(4096)]]));
  const info = await pair.client.closed;
  assertEquals(info.code, 1009);
  await pair.close();
  assertEquals(server.messages.length, 0);
});

Deno.test("WebSocketTransport - keepalive pings are answered and keep the transport open", async () => {
  const pair = await webSocketPair({ serializers: ["json"], autoPingInterval: 0.02 }, {
    autoPingInterval: 0.02,
    autoPingTimeout: 0.5,
  });
  try {
    pair.client.setHandler(new Recorder());
    const server = echo(pair.server);
    await new Promise((r) => setTimeout(r, 150));
    assert(pair.client.isOpen && pair.server.isOpen);
    pair.client.send(sampleMessages()[1]!);
    await server.take(1);
  } finally {
    await pair.close();
  }
});

Deno.test("WebSocketTransport - a throwing handler closes the transport with 1011", async () => {
  const pair = await webSocketPair({ serializers: ["json"] });
  pair.server.setHandler({
    onMessage() {
      throw new Error("boom");
    },
    onClose() {},
  });
  pair.client.setHandler(new Recorder());
  pair.client.send(sampleMessages()[1]!);
  const info = await pair.client.closed;
  assertEquals(info.code, 1011);
  const sinfo = await pair.server.closed;
  assertEquals((sinfo.error as Error).message, "boom");
  await pair.close();
});

Deno.test("WebSocketTransport - close with a reserved code throws RangeError and stays open", async () => {
  const pair = await webSocketPair({ serializers: ["json"] });
  try {
    assertThrows(() => pair.client.close(1005), RangeError);
    assert(pair.client.isOpen);
    await pair.client.close(4000, "app");
    // CloseInfo.code is the peer's code: the server received 4000.
    const info = await pair.server.closed;
    assertEquals([info.code, info.reason], [4000, "app"]);
  } finally {
    await pair.close();
  }
});
