import {
  FrameParser,
  FrameType,
  FrameWriter,
  MAX_FRAME_PAYLOAD,
  RawSocketPayloadTooLargeError,
  RawSocketProtocolError,
} from "../../src/rawsocket/mod.ts";
import { assert, assertEquals, assertInstanceOf, assertThrows, hex, toHex } from "../_assert.ts";
import { bytesOf, cat, feed, frame, messages, openPair, splits } from "./_helpers.ts";

function parseAll(maxLength: number, chunks: Uint8Array[]): [number, Uint8Array][] {
  const parser = new FrameParser(maxLength);
  const out: [number, Uint8Array][] = [];
  for (const c of chunks) parser.push(c, (t, p) => out.push([t, p]));
  assert(!parser.midFrame);
  return out;
}

Deno.test("RawSocket framing - header layout RRRRRTTT plus a 24-bit big-endian length", () => {
  const writer = new FrameWriter();
  writer.writeFrame(FrameType.MESSAGE, bytesOf(0x010203));
  const out = writer.take();
  assertEquals(toHex(out.subarray(0, 4)), "00010203");
  assertEquals(out.length, 4 + 0x010203);
  writer.writeFrame(FrameType.PING, hex("ab"));
  writer.writeFrame(FrameType.PONG, new Uint8Array(0));
  assertEquals(toHex(writer.take()), "01000001ab" + "02000000");
  assertEquals(writer.take().length, 0);
});

Deno.test("RawSocket framing - messages of 0, 1 and 512 octets, whole and split at every byte", () => {
  for (const n of [0, 1, 512]) {
    const payload = bytesOf(n, n);
    for (const { name, chunks } of splits(frame(0, payload))) {
      assertEquals(parseAll(512, chunks), [[0, payload]], `${n} ${name}`);
    }
  }
});

Deno.test("RawSocket framing - a message of exactly 2^(9+L) octets passes for every L < 15", () => {
  for (let l = 0; l < 15; l++) {
    const { client, server } = openPair({ maxLengthExponent: l }, { maxLengthExponent: l });
    const payload = bytesOf(2 ** (9 + l), l);
    client.sendMessage(payload);
    server.sendMessage(payload);
    const a = client.dataToSend();
    const b = server.dataToSend();
    // Deliver in odd-sized pieces so large frames are assembled across chunks.
    const pieces = (x: Uint8Array) => [x.subarray(0, 3), x.subarray(3, 1000), x.subarray(1000)];
    assertEquals(messages(feed(server, pieces(a))), [payload], `L=${l}`);
    assertEquals(messages(feed(client, pieces(b))), [payload], `L=${l}`);
  }
});

Deno.test("RawSocket framing - L = 15 is capped at 2^24 - 1 by the 24-bit length field", () => {
  const { client, server } = openPair({ maxLengthExponent: 15 }, { maxLengthExponent: 15 });
  assertEquals(client.maxSendLength, MAX_FRAME_PAYLOAD);
  assertEquals(server.maxReceiveLength, MAX_FRAME_PAYLOAD);
  const big = new Uint8Array(MAX_FRAME_PAYLOAD);
  big[0] = 1;
  big[big.length - 1] = 2;
  client.sendMessage(big);
  assertEquals(messages(feed(server, [client.dataToSend()])), [big]);
  const err = assertThrows(
    () => client.sendMessage(new Uint8Array(2 ** 24)),
    RawSocketPayloadTooLargeError,
  );
  assertEquals(err.limit, MAX_FRAME_PAYLOAD);
});

Deno.test("RawSocket framing - a received frame over our maximum fails the connection", () => {
  const { server } = openPair({}, { maxLengthExponent: 0 });
  // Only the header is needed: the length is checked before any payload arrives.
  const events = feed(server, [hex("00 00 02 01")]);
  assertEquals(events.length, 1);
  const e = events[0]!;
  assert(e.type === "failed");
  assertInstanceOf(e.error, RawSocketProtocolError);
  assertEquals(e.error.code, "message_too_large");
  assertEquals(feed(server, [frame(0, bytesOf(3))]), []);
  // A ping over the maximum fails as well.
  const other = openPair({}, { maxLengthExponent: 0 }).server;
  assertEquals(feed(other, [hex("01 00 02 01")])[0]!.type, "failed");
});

Deno.test("RawSocket framing - sending over the peer's maximum raises a local error and writes nothing", () => {
  const { client } = openPair({}, { maxLengthExponent: 0 });
  client.sendMessage(bytesOf(3));
  const before = client.dataToSend();
  const err = assertThrows(() => client.sendMessage(bytesOf(513)), RawSocketPayloadTooLargeError);
  assertEquals(err.code, "payload_size_exceeded");
  assertEquals(err.reason, "wamp.error.payload_size_exceeded");
  assertEquals([err.size, err.limit], [513, 512]);
  assertEquals(client.dataToSend().length, 0);
  assertEquals(client.state, "open");
  assertEquals(before.length, 7);
  client.sendMessage(bytesOf(512));
  assertEquals(client.dataToSend().length, 516);
  assertThrows(() => client.sendPing(bytesOf(513)), RawSocketPayloadTooLargeError);
});

Deno.test("RawSocket framing - reserved frame types 3..7 fail the connection", () => {
  for (let t = 3; t <= 7; t++) {
    const { server } = openPair();
    const e = feed(server, [frame(t, bytesOf(2))])[0]!;
    assert(e.type === "failed", `type ${t}`);
    assertEquals(e.error.code, "protocol_error");
    assert(e.error.message.includes(`reserved frame type ${t}`));
  }
});

Deno.test("RawSocket framing - each reserved bit of the first octet fails the connection", () => {
  for (let bit = 3; bit < 8; bit++) {
    const { client } = openPair();
    const bad = frame(0, bytesOf(2));
    bad[0] = 1 << bit;
    const events = feed(client, [cat(frame(0, hex("01")), bad, frame(0, hex("02")))]);
    assertEquals(events.map((e) => e.type), ["message", "failed"], `bit ${bit}`);
    const e = events[1]!;
    assert(e.type === "failed" && e.error.message.includes("reserved bits"));
  }
});

Deno.test("RawSocket framing - many frames in one chunk arrive in order", () => {
  const { client, server } = openPair();
  const payloads = Array.from({ length: 1000 }, (_, i) => bytesOf(i % 37, i));
  for (const p of payloads) client.sendMessage(p);
  const batch = client.dataToSend();
  assertEquals(batch.length, payloads.reduce((n, p) => n + 4 + p.length, 0));
  assertEquals(messages(feed(server, [batch])), payloads);
});

Deno.test("RawSocket framing - one frame fed in 1-byte chunks", () => {
  const { client, server } = openPair();
  const payload = bytesOf(300);
  client.sendMessage(payload);
  const bytes = client.dataToSend();
  for (let i = 0; i < bytes.length - 1; i++) {
    server.receiveData(bytes.subarray(i, i + 1));
    assertEquals(server.eventsReceived(), []);
  }
  server.receiveData(bytes.subarray(bytes.length - 1));
  assertEquals(server.eventsReceived(), [{ type: "message", payload }]);
});

Deno.test("RawSocket framing - payloads never alias the input chunk", () => {
  const { client, server } = openPair();
  client.sendMessage(hex("01 02 03"));
  const input = client.dataToSend();
  server.receiveData(input);
  input.fill(0);
  assertEquals(server.eventsReceived(), [{ type: "message", payload: hex("01 02 03") }]);
});

Deno.test("RawSocket framing - sendMessage copies the payload, so the caller may reuse it", () => {
  const { client, server } = openPair();
  const buf = hex("0a 0b");
  client.sendMessage(buf);
  buf.fill(0);
  assertEquals(messages(feed(server, [client.dataToSend()])), [hex("0a 0b")]);
});

Deno.test("RawSocket framing - the writer batches many small messages into one buffer", () => {
  const writer = new FrameWriter(64);
  for (let i = 0; i < 10_000; i++) writer.writeFrame(FrameType.MESSAGE, hex("5b 5d"));
  assertEquals(writer.length, 60_000);
  const out = writer.take();
  assertEquals(out.length, 60_000);
  assertEquals(toHex(out.subarray(59_994)), "000000025b5d");
  // The handed-over buffer is never written again.
  writer.writeFrame(FrameType.MESSAGE, hex("ff"));
  assertEquals(toHex(out.subarray(0, 6)), "000000025b5d");
  assertEquals(toHex(writer.take()), "00000001ff");
  assertThrows(() => writer.writeFrame(0, new Uint8Array(MAX_FRAME_PAYLOAD + 1)), RangeError);
});
