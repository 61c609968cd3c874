// Portable (Deno and Bun): RawSocket handshake vectors, framing split at every
// byte, and a client/server exchange of the sans-I/O engines.
import { assert, assertEquals, hex, toHex } from "../_assert.ts";
import {
  encodeHandshake,
  encodeHandshakeError,
  parseHandshakeReply,
  RawSocketClientProtocol,
  type RawSocketEvent,
  RawSocketServerProtocol,
} from "../../src/rawsocket/mod.ts";
import vectors from "../vectors/rawsocket/handshake.json" with { type: "json" };
import { test } from "./_harness.ts";

interface Hs {
  hex: string;
  serializerId: number;
  lengthExponent: number;
}

test("portable RawSocket - handshake request and reply vectors", () => {
  for (const v of vectors.requests as Hs[]) {
    assertEquals(toHex(encodeHandshake(v)), toHex(hex(v.hex)), v.hex);
  }
  for (const v of vectors.replies as Hs[]) {
    assertEquals(parseHandshakeReply(hex(v.hex)), {
      ok: true,
      serializerId: v.serializerId,
      lengthExponent: v.lengthExponent,
    }, v.hex);
  }
  for (const v of vectors.errorReplies as { hex: string; errorCode: number }[]) {
    assertEquals(toHex(encodeHandshakeError(v.errorCode)), toHex(hex(v.hex)));
    const r = parseHandshakeReply(hex(v.hex));
    assertEquals(r.ok, false, v.hex);
  }
});

function frame(type: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const out = new Uint8Array(4 + n);
  out.set([type, n >>> 16, (n >>> 8) & 0xff, n & 0xff]);
  out.set(payload, 4);
  return out;
}

function open(serializerId = 1) {
  const client = new RawSocketClientProtocol({ serializerId });
  const server = new RawSocketServerProtocol({ serializers: [1, 2, 3, 4, 5] });
  server.receiveData(client.dataToSend());
  client.receiveData(server.dataToSend());
  assertEquals(client.eventsReceived().map((e) => e.type), ["open"]);
  assertEquals(server.eventsReceived().map((e) => e.type), ["open"]);
  return { client, server };
}

test("portable RawSocket - frames (message, ping) split at every byte", () => {
  const payload = new TextEncoder().encode('[1,"realm1",{}]');
  const wire = new Uint8Array([...frame(0, payload), ...frame(1, hex("deadbeef"))]);
  for (let k = 0; k < wire.length; k++) {
    const { server } = open();
    if (k > 0) server.receiveData(wire.slice(0, k));
    server.receiveData(wire.slice(k));
    const events = server.eventsReceived();
    assertEquals(events, [
      { type: "message", payload },
      { type: "ping", payload: hex("deadbeef") },
    ] as RawSocketEvent[], `split at ${k}`);
    // The PING is answered by a PONG with the same payload.
    assertEquals(toHex(server.dataToSend()), "02000004deadbeef");
  }
});

test("portable RawSocket - client and server exchange messages both ways, then close", () => {
  const { client, server } = open(2);
  for (let i = 0; i < 20; i++) {
    const m = Uint8Array.from({ length: i * 100 }, (_, j) => (i + j) & 0xff);
    client.sendMessage(m);
    server.receiveData(client.dataToSend());
    assertEquals(server.eventsReceived(), [{ type: "message", payload: m }] as RawSocketEvent[]);
    server.sendMessage(m);
    client.receiveData(server.dataToSend());
    assertEquals(client.eventsReceived(), [{ type: "message", payload: m }] as RawSocketEvent[]);
  }
  client.close();
  server.receiveEof();
  assert(server.eventsReceived().some((e) => e.type === "closed"));
});
