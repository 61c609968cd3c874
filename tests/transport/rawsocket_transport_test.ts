import { assert, assertEquals, assertInstanceOf, assertRejects, assertThrows } from "../_assert.ts";
import {
  AbortMessage,
  acceptRawSocket,
  connectRawSocket,
  connectTransport,
  parseMessage,
  PayloadTooLargeError,
  ProtocolError,
  SerializerNegotiationError,
  serveRawSocket,
  TransportClosedError,
} from "./_imports.ts";
import { connectTcp, listenTcp } from "../../src/transport/deno_tcp.ts";
import { RawSocketHandshakeError, RawSocketPingTimeoutError } from "../../src/rawsocket/errors.ts";
import {
  echo,
  type RawSocketChannel,
  rawSocketPair,
  Recorder,
  sampleMessages,
  wire,
} from "./_helpers.ts";

const SERIALIZERS = ["json", "msgpack", "cbor", "ubjson"] as const;
// Unix sockets: see unix_transport_test.ts (they need net access to unix:<path>).
const CHANNELS: RawSocketChannel[] = ["tcp", "tls"];

for (const channel of CHANNELS) {
  for (const name of SERIALIZERS) {
    Deno.test(`RawSocketTransport - ${name} over ${channel}, client ↔ server`, async () => {
      const pair = await rawSocketPair(channel, { serializers: [name] });
      try {
        for (const t of [pair.client, pair.server]) {
          assertEquals(t.details.kind, "rawsocket");
          assertEquals(t.details.serializer, name);
          assertEquals(t.details.subprotocol, `wamp.2.${name}`);
          assertEquals(t.details.channel, channel);
          assertEquals(t.details.isSecure, channel === "tls");
          assertEquals(t.details.maxSendLength, 2 ** 24 - 1);
        }
        assertEquals(pair.server.details.isServer, true);
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
}

Deno.test("RawSocketTransport - close: the server sees a clean end; send afterwards throws", async () => {
  const pair = await rawSocketPair("tcp", { serializers: ["cbor"] });
  const server = new Recorder();
  pair.server.setHandler(server);
  const info = await pair.client.close();
  assertEquals(info.wasClean, true);
  assertEquals((await pair.server.closed).wasClean, true);
  await server.until(() => server.closeInfo !== undefined);
  assertThrows(() => pair.client.send(sampleMessages()[0]!), TransportClosedError);
  await pair.close();
});

Deno.test("RawSocketTransport - a message above the peer's maximum throws PayloadTooLargeError", async () => {
  const pair = await rawSocketPair("tcp", { serializers: ["msgpack"] }, { maxMessageSize: 512 });
  try {
    assertEquals(pair.client.details.maxSendLength, 512);
    const server = echo(pair.server);
    const client = new Recorder();
    pair.client.setHandler(client);
    const err = assertThrows(
      () => pair.client.send(parseMessage([48, 1, {}, "com.big", [new Uint8Array(600)]])),
      PayloadTooLargeError,
    );
    assertEquals(err.code, "payload_size_exceeded");
    assertEquals(err.reason, "wamp.error.payload_size_exceeded");
    assertEquals(err.limit, 512);
    assert(pair.client.isOpen);
    pair.client.send(parseMessage([48, 2, {}, "com.small", [1]]));
    await client.take(1);
    assertEquals(server.messages.length, 1);
  } finally {
    await pair.close();
  }
});

/** Opens a raw TCP connection and completes a RawSocket JSON handshake by hand. */
async function rawClient(port: number) {
  const conn = await connectTcp({ hostname: "127.0.0.1", port });
  await conn.write(Uint8Array.of(0x7f, 0xf1, 0, 0));
  const reply = new Uint8Array(4);
  let n = 0;
  while (n < 4) n += (await conn.read(reply.subarray(n)))!;
  return { conn, reply };
}

function frame(type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(4 + payload.length);
  f.set([type, payload.length >> 16, (payload.length >> 8) & 0xff, payload.length & 0xff]);
  f.set(payload, 4);
  return f;
}

async function readAll(conn: { read(b: Uint8Array): Promise<number | null> }): Promise<Uint8Array> {
  const parts: number[] = [];
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    parts.push(...buf.subarray(0, n));
  }
  return Uint8Array.from(parts);
}

Deno.test("RawSocketTransport - a garbage frame goes to onProtocolError, then ABORT and close", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const rec = new Recorder();
  let server: import("./_imports.ts").MessageTransport | undefined;
  const srv = serveRawSocket(listener, {
    onTransport(t) {
      server = t;
      rec.onError = () =>
        t.send(new AbortMessage({ details: {}, reason: "wamp.error.protocol_violation" }));
      t.setHandler(rec);
    },
  });
  try {
    const { conn, reply } = await rawClient((listener.addr as { port: number }).port);
    assertEquals([...reply], [0x7f, 0xf1, 0, 0]);
    const enc = new TextEncoder();
    await conn.write(
      Uint8Array.from([
        ...frame(0, enc.encode('[48, 1, {}, "com.ok"]')),
        ...frame(0, enc.encode("{garbage")),
        ...frame(0, enc.encode('[48, 2, {}, "com.never"]')),
      ]),
    );
    const rest = await readAll(conn);
    conn.close();
    assertEquals(rest[0], 0);
    const len = (rest[1]! << 16) | (rest[2]! << 8) | rest[3]!;
    assertEquals(JSON.parse(new TextDecoder().decode(rest.subarray(4, 4 + len))), [
      3,
      {},
      "wamp.error.protocol_violation",
    ]);
    assertEquals(rest.length, 4 + len);
    const info = await server!.closed;
    assertEquals(info.wasClean, false);
    assertInstanceOf(info.error, ProtocolError);
    assertEquals(rec.messages.length, 1);
    assertEquals(rec.errors.length, 1);
  } finally {
    await srv.close();
  }
});

Deno.test("RawSocketTransport - the client falls back to the next serializer on error 1", async () => {
  const pair = await rawSocketPair("tcp", { serializers: ["cbor", "msgpack"] }, {
    serializers: ["msgpack", "json"],
  });
  try {
    assertEquals(pair.client.details.serializer, "msgpack");
  } finally {
    await pair.close();
  }
});

Deno.test("RawSocketTransport - every serializer refused: SerializerNegotiationError", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const errors: unknown[] = [];
  const srv = serveRawSocket(listener, {
    serializers: ["json"],
    onTransport: () => {},
    onHandshakeError: (e) => errors.push(e),
  });
  try {
    await assertRejects(
      () =>
        connectTransport(`rs://127.0.0.1:${(listener.addr as { port: number }).port}`, {
          serializers: ["cbor", "ubjson"],
        }),
      SerializerNegotiationError,
    );
  } finally {
    await srv.close();
  }
  assertEquals(errors.length, 2);
  assertInstanceOf(errors[0], RawSocketHandshakeError);
});

Deno.test("RawSocketTransport - acceptRawSocket refuses through the accept hook (error 4)", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as { port: number }).port;
  const accepting = (async () => {
    for await (const conn of listener) {
      await assertRejects(
        () => acceptRawSocket(conn, { accept: () => 4 }),
        RawSocketHandshakeError,
      );
      break;
    }
  })();
  const err = await assertRejects(
    async () => connectRawSocket(await connectTcp({ hostname: "127.0.0.1", port })),
    RawSocketHandshakeError,
  );
  assertEquals(err.errorCode, 4);
  await accepting;
  listener.close();
});

Deno.test("RawSocketTransport - keepalive PINGs are answered", async () => {
  const pair = await rawSocketPair("tcp", { serializers: ["json"], autoPingInterval: 0.02 }, {
    autoPingInterval: 0.02,
  });
  try {
    pair.client.setHandler(new Recorder());
    const server = echo(pair.server);
    await new Promise((r) => setTimeout(r, 120));
    assert(pair.client.isOpen && pair.server.isOpen);
    pair.client.send(sampleMessages()[1]!);
    await server.take(1);
  } finally {
    await pair.close();
  }
});

Deno.test("RawSocketTransport - an unanswered PING fails the transport after autoPingTimeout", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as { port: number }).port;
  // A router that completes the handshake and then reads without ever answering.
  const mute = (async () => {
    for await (const conn of listener) {
      const buf = new Uint8Array(1024);
      await conn.read(buf);
      await conn.write(Uint8Array.of(0x7f, 0xf1, 0, 0));
      while ((await conn.read(buf)) !== null) { /* swallow */ }
      conn.close();
      break;
    }
  })();
  const t = await connectTransport(`rs://127.0.0.1:${port}`, {
    autoPingInterval: 0.02,
    autoPingTimeout: 0.05,
  });
  const info = await t.closed;
  assertEquals(info.wasClean, false);
  assertInstanceOf(info.error, RawSocketPingTimeoutError);
  await mute;
  listener.close();
});

Deno.test("RawSocketTransport - the handshake times out against a silent server", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as { port: number }).port;
  const silent = (async () => {
    for await (const conn of listener) {
      while ((await conn.read(new Uint8Array(64))) !== null) { /* swallow */ }
      conn.close();
      break;
    }
  })();
  await assertRejects(() =>
    connectTransport(`rs://127.0.0.1:${port}`, { openHandshakeTimeout: 0.05 })
  );
  await silent;
  listener.close();
});

Deno.test("RawSocketTransport - an aborted signal rejects the connect", async () => {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as { port: number }).port;
  const silent = (async () => {
    for await (const conn of listener) {
      while ((await conn.read(new Uint8Array(64))) !== null) { /* swallow */ }
      conn.close();
      break;
    }
  })();
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error("stop")), 20);
  const err = await assertRejects(() =>
    connectTransport(`rs://127.0.0.1:${port}`, { signal: ac.signal })
  );
  assertEquals(err.message, "stop");
  await silent;
  listener.close();
});
