import {
  encodeHandshake,
  encodeHandshakeError,
  HANDSHAKE_LENGTH,
  lengthExponentFor,
  MAX_FRAME_PAYLOAD,
  maxLengthOf,
  RawSocketClientProtocol,
  RawSocketErrorCode,
  RawSocketHandshakeError,
  RawSocketProtocolError,
  RawSocketServerProtocol,
  RawSocketStateError,
} from "../../src/rawsocket/mod.ts";
import { assert, assertEquals, assertInstanceOf, assertThrows, hex, toHex } from "../_assert.ts";
import { bytesOf, cat, feed, frame, splits } from "./_helpers.ts";
import vectors from "../vectors/rawsocket/handshake.json" with { type: "json" };

const ALL = [1, 2, 3, 4, 5];

function effective(maxLength: number): number {
  return Math.min(maxLength, MAX_FRAME_PAYLOAD);
}

Deno.test("RawSocket handshake - client request bytes for every serializer and length exponent", () => {
  for (const v of vectors.requests) {
    const client = new RawSocketClientProtocol({
      serializerId: v.serializerId,
      maxLengthExponent: v.lengthExponent,
    });
    assertEquals(toHex(client.dataToSend()), v.hex.replaceAll(" ", ""), v.hex);
    assertEquals(client.dataToSend().length, 0);
    assertEquals(client.state, "handshaking");
  }
});

Deno.test("RawSocket handshake - server accepts every request vector whole, split and with trailing data", () => {
  for (const v of vectors.requests) {
    const first = bytesOf(7);
    for (const trailing of [false, true]) {
      const input = trailing ? cat(hex(v.hex), frame(0, first)) : hex(v.hex);
      for (const { name, chunks } of splits(input)) {
        const server = new RawSocketServerProtocol({ serializers: ALL, maxLengthExponent: 3 });
        const events = feed(server, chunks);
        const where = `${v.hex} ${name}${trailing ? " +frame" : ""}`;
        assertEquals(events[0], {
          type: "open",
          serializerId: v.serializerId,
          maxReceiveLength: 4096,
          maxSendLength: effective(v.maxLength),
        }, where);
        assertEquals(events.length, trailing ? 2 : 1, where);
        if (trailing) assertEquals(events[1], { type: "message", payload: first }, where);
        assertEquals(toHex(server.dataToSend()), `7f3${v.serializerId}0000`, where);
        assertEquals(server.maxSendLength, effective(v.maxLength));
      }
    }
  }
});

Deno.test("RawSocket handshake - server reply bytes carry its own length exponent and echo the serializer", () => {
  for (const v of vectors.replies) {
    const server = new RawSocketServerProtocol({
      serializers: ALL,
      maxLengthExponent: v.lengthExponent,
    });
    server.receiveData(hex(`7f 0${v.serializerId} 00 00`));
    assertEquals(toHex(server.dataToSend()), v.hex.replaceAll(" ", ""));
  }
});

Deno.test("RawSocket handshake - client accepts every reply vector whole, split and with trailing data", () => {
  for (const v of vectors.replies) {
    const first = bytesOf(5);
    for (const trailing of [false, true]) {
      const input = trailing ? cat(hex(v.hex), frame(0, first)) : hex(v.hex);
      for (const { name, chunks } of splits(input)) {
        const client = new RawSocketClientProtocol({
          serializerId: v.serializerId,
          maxLengthExponent: 0,
        });
        client.dataToSend();
        const events = feed(client, chunks);
        const where = `${v.hex} ${name}${trailing ? " +frame" : ""}`;
        assertEquals(events[0], {
          type: "open",
          serializerId: v.serializerId,
          maxReceiveLength: 512,
          maxSendLength: effective(v.maxLength),
        }, where);
        assertEquals(events.slice(1), trailing ? [{ type: "message", payload: first }] : [], where);
        assertEquals(client.state, "open");
      }
    }
  }
});

Deno.test("RawSocket handshake - client reports each error reply as a typed handshake error", () => {
  for (const v of vectors.errorReplies) {
    for (const { name, chunks } of splits(cat(hex(v.hex), frame(0, bytesOf(3))))) {
      const client = new RawSocketClientProtocol({ serializerId: 1 });
      const events = feed(client, chunks);
      assertEquals(events.length, 1, `${v.hex} ${name}`);
      const e = events[0]!;
      assert(e.type === "failed");
      assertInstanceOf(e.error, RawSocketHandshakeError);
      const err = e.error;
      assertEquals(err.errorCode, v.errorCode);
      assertEquals(err.errorName, v.errorName);
      assertEquals(err.code, "handshake_refused");
      assert(client.shouldClose);
      assertThrows(() => client.sendMessage(new Uint8Array(1)), RawSocketStateError);
    }
  }
});

Deno.test("RawSocket handshake - server fails or answers each bad request as the spec says", () => {
  for (const v of vectors.badRequests) {
    for (const { name, chunks } of splits(cat(hex(v.hex), frame(0, bytesOf(3))))) {
      const server = new RawSocketServerProtocol({ serializers: [1, 2] });
      const events = feed(server, chunks);
      const where = `${v.description} ${name}`;
      assertEquals(events.length, 1, where);
      const e = events[0]!;
      assert(e.type === "failed", where);
      assertEquals(e.error.code, v.errorCode, where);
      assertEquals(toHex(server.dataToSend()), (v.reply ?? "").replaceAll(" ", ""), where);
      assert(server.shouldClose);
    }
  }
});

Deno.test("RawSocket handshake - client fails on each bad reply", () => {
  for (const v of vectors.badReplies) {
    for (const { name, chunks } of splits(hex(v.hex))) {
      const client = new RawSocketClientProtocol({ serializerId: v.request });
      const events = feed(client, chunks);
      const where = `${v.description} ${name}`;
      assertEquals(events.length, 1, where);
      const e = events[0]!;
      assert(e.type === "failed", where);
      assertInstanceOf(e.error, RawSocketProtocolError);
      assertEquals(e.error.code, v.errorCode, where);
    }
  }
});

Deno.test("RawSocket handshake - a bad magic octet fails at once, before four octets arrive", () => {
  const server = new RawSocketServerProtocol({ serializers: [1] });
  server.receiveData(hex("16")); // a TLS ClientHello on a plain port
  const events = server.eventsReceived();
  assertEquals(events.length, 1);
  assert(events[0]!.type === "failed" && events[0]!.error.code === "bad_magic");
  assertEquals(server.dataToSend().length, 0);
  server.receiveData(hex("7f f1 00 00"));
  assertEquals(server.eventsReceived(), []);
});

Deno.test("RawSocket handshake - server answers error 1 for an unsupported serializer", () => {
  const server = new RawSocketServerProtocol({ serializers: [2] });
  const events = feed(server, [hex("7f f1 00 00")]);
  assertEquals(toHex(server.dataToSend()), "7f100000");
  assert(events[0]!.type === "failed");
  assertEquals((events[0]!.error as RawSocketHandshakeError).errorCode, 1);
});

Deno.test("RawSocket handshake - server answers error 2 when the client's maximum is below its minimum", () => {
  const server = new RawSocketServerProtocol({ serializers: [1], minPeerLengthExponent: 4 });
  feed(server, [hex("7f 31 00 00")]);
  assertEquals(toHex(server.dataToSend()), "7f200000");
  const ok = new RawSocketServerProtocol({ serializers: [1], minPeerLengthExponent: 4 });
  assertEquals(feed(ok, [hex("7f 41 00 00")])[0]!.type, "open");
});

Deno.test("RawSocket handshake - server answers error 3 for non-zero reserved octets", () => {
  const server = new RawSocketServerProtocol({ serializers: [1] });
  feed(server, [hex("7f f1 00 01")]);
  assertEquals(toHex(server.dataToSend()), "7f300000");
});

Deno.test("RawSocket handshake - server answers error 4 from the accept hook and from refuse()", () => {
  const seen: unknown[] = [];
  const server = new RawSocketServerProtocol({
    serializers: [1, 2],
    accept: (request) => {
      seen.push(request);
      return RawSocketErrorCode.MAX_CONNECTION_COUNT;
    },
  });
  const events = feed(server, [hex("7f 52 00 00")]);
  assertEquals(seen, [{ serializerId: 2, lengthExponent: 5, maxLength: 16384 }]);
  assertEquals(toHex(server.dataToSend()), "7f400000");
  assert(events[0]!.type === "failed");
  assertEquals(
    (events[0]!.error as RawSocketHandshakeError).errorName,
    "maximum connection count reached",
  );

  const early = new RawSocketServerProtocol({ serializers: [1] });
  early.refuse(RawSocketErrorCode.MAX_CONNECTION_COUNT);
  assertEquals(toHex(early.dataToSend()), "7f400000");
  assertEquals(early.state, "failed");
  early.receiveData(hex("7f f1 00 00"));
  assertEquals(early.eventsReceived().map((e) => e.type), ["failed"]);
  assertEquals(early.dataToSend().length, 0);
  assertThrows(() => early.refuse(4), RawSocketStateError);
  assertThrows(() => new RawSocketServerProtocol({ serializers: [1] }).refuse(0 as 1), RangeError);
});

Deno.test("RawSocket handshake - EOF during the handshake fails with unexpected_eof", () => {
  const client = new RawSocketClientProtocol({ serializerId: 1 });
  client.receiveData(hex("7f f1"));
  client.receiveEof();
  const [e] = client.eventsReceived();
  assert(e!.type === "failed" && e!.error.code === "unexpected_eof");
});

Deno.test("RawSocket handshake - sending before the handshake completes is a state error", () => {
  const client = new RawSocketClientProtocol({ serializerId: 1 });
  assertThrows(() => client.sendMessage(new Uint8Array(1)), RawSocketStateError, "handshaking");
  assertThrows(() => client.sendPing(), RawSocketStateError);
});

Deno.test("RawSocket handshake - encoders and length helpers follow the spec's bit layout", () => {
  assertEquals(HANDSHAKE_LENGTH, 4);
  for (let l = 0; l < 16; l++) {
    assertEquals(maxLengthOf(l), 2 ** (9 + l));
    assertEquals(lengthExponentFor(2 ** (9 + l)), l);
    if (l > 0) assertEquals(lengthExponentFor(2 ** (8 + l) + 1), l);
  }
  assertEquals(lengthExponentFor(1), 0);
  assertEquals(lengthExponentFor(2 ** 30), 15);
  assertEquals(toHex(encodeHandshake({ serializerId: 3, lengthExponent: 9 })), "7f930000");
  for (const e of vectors.errorReplies) {
    assertEquals(toHex(encodeHandshakeError(e.errorCode)), e.hex.replaceAll(" ", ""));
  }
  assertThrows(() => encodeHandshakeError(0), RangeError);
  assertThrows(() => encodeHandshake({ serializerId: 0, lengthExponent: 0 }), RangeError);
  assertThrows(() => encodeHandshake({ serializerId: 1, lengthExponent: 16 }), RangeError);
  assertThrows(() => new RawSocketClientProtocol({ serializerId: 16 }), RangeError);
  assertThrows(() => new RawSocketServerProtocol({ serializers: [0] }), RangeError);
  assertThrows(
    () => new RawSocketClientProtocol({ serializerId: 1, maxLengthExponent: 1.5 }),
    RangeError,
  );
});
