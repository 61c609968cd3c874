import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStrictEquals,
  assertThrows,
  hex,
} from "../_assert.ts";
import { ConnectionState } from "../../src/websocket/protocol.ts";
import { Disconnected } from "../../src/websocket/errors.ts";
import { Opcode } from "../../src/websocket/frame.ts";
import {
  type CoreEvent,
  feedChunked,
  maskedFrame,
  plainFrame,
  type Recorder,
  recorder,
  summary,
} from "./_core_harness.ts";

const te = new TextEncoder();

interface Vector {
  name: string;
  receiver: "client" | "server";
  hex: string;
  payloadFill?: { length: number; byte: number };
  events: {
    type: string;
    binary?: boolean;
    hex?: string;
    fill?: { length: number; byte: number };
  }[];
  output?: string;
}

const vectors: Vector[] = JSON.parse(
  await Deno.readTextFile(new URL("../vectors/websocket/rfc6455_5_7.json", import.meta.url)),
).vectors;

function vectorBytes(v: Vector): Uint8Array {
  const head = hex(v.hex);
  if (!v.payloadFill) return head;
  const out = new Uint8Array(head.length + v.payloadFill.length);
  out.set(head);
  out.fill(v.payloadFill.byte, head.length);
  return out;
}

function expectedEvents(v: Vector): CoreEvent[] {
  return v.events.map((e) => {
    const data = e.fill ? new Uint8Array(e.fill.length).fill(e.fill.byte) : hex(e.hex ?? "");
    if (e.type === "message") return { type: "message", binary: e.binary!, data };
    return { type: e.type as "ping" | "pong", data };
  });
}

/** Split points: every byte for small vectors, a sample for large ones. */
function splitPoints(len: number): number[] {
  if (len <= 300) return Array.from({ length: len - 1 }, (_, i) => i + 1);
  const pts = new Set<number>();
  for (let i = 1; i < 16; i++) pts.add(i);
  for (let i = 1; i < 64; i++) pts.add(Math.floor((len * i) / 64));
  pts.add(len - 1);
  return [...pts];
}

for (const v of vectors) {
  Deno.test(`RFC 6455 ${v.name} - whole, split at every byte, with trailing data`, () => {
    const bytes = vectorBytes(v);
    const expected = expectedEvents(v);
    // Whole.
    const r = recorder(v.receiver);
    r.core.receiveData(bytes);
    assertEquals(r.events, expected);
    if (v.output) assertEquals(Array.from(r.output().subarray(0, 2)), Array.from(hex(v.output)));
    // Split at every byte (or a sample for big vectors).
    for (const cut of splitPoints(bytes.length)) {
      const rs = recorder(v.receiver);
      feedChunked(rs, bytes, [cut]);
      assertEquals(rs.events, expected, `split at ${cut}`);
    }
    // Byte by byte.
    if (bytes.length < 1000) {
      const rb = recorder(v.receiver);
      for (let i = 0; i < bytes.length; i++) rb.core.receiveData(bytes.subarray(i, i + 1));
      assertEquals(rb.events, expected);
    }
    // Trailing data: the vector followed by another frame in the same chunk.
    const trailer = v.receiver === "server"
      ? maskedFrame(Opcode.BINARY, new Uint8Array([1, 2, 3]))
      : plainFrame(Opcode.BINARY, new Uint8Array([1, 2, 3]));
    const both = new Uint8Array(bytes.length + trailer.length);
    both.set(bytes);
    both.set(trailer, bytes.length);
    const rt = recorder(v.receiver);
    rt.core.receiveData(both);
    assertEquals(rt.events, [...expected, {
      type: "message",
      binary: true,
      data: new Uint8Array([1, 2, 3]),
    }]);
  });
}

function closedEvent(r: Recorder) {
  const e = r.events.at(-1);
  assert(
    e && e.type === "closed",
    `expected a closed event, got ${JSON.stringify(summary(r.events))}`,
  );
  return e.info;
}

/** Asserts the core failed with `code` and queued a close frame carrying it. */
function assertFailedWith(r: Recorder, code: number) {
  assertEquals(r.core.state, ConnectionState.CLOSING, "state after failure");
  const out = r.output();
  // The last queued frame is the close (server: unmasked; client: masked).
  const isClient = r.core.role === "client";
  let p = 0;
  let lastClose: Uint8Array | null = null;
  while (p < out.length) {
    const op = out[p]! & 0x0f;
    const masked = (out[p + 1]! & 0x80) !== 0;
    let len = out[p + 1]! & 0x7f;
    let h = 2;
    if (len === 126) {
      len = (out[p + 2]! << 8) | out[p + 3]!;
      h = 4;
    } else if (len === 127) {
      len = Number(new DataView(out.buffer, out.byteOffset + p + 2).getBigUint64(0));
      h = 10;
    }
    assertEquals(masked, isClient);
    const key = masked ? out.subarray(p + h, p + h + 4) : null;
    const start = p + h + (masked ? 4 : 0);
    const body = out.slice(start, start + len);
    if (key) { for (let i = 0; i < body.length; i++) body[i]! ^= key[i & 3]!; }
    if (op === Opcode.CLOSE) lastClose = body;
    p = start + len;
  }
  assert(lastClose !== null, "no close frame was queued");
  assertEquals((lastClose[0]! << 8) | lastClose[1]!, code, "close code sent");
}

Deno.test("WebSocketProtocolCore - RFC 6455 §5.2 reserved bits set fail with 1002", () => {
  for (const rsv of [1, 2, 4, 7]) {
    const r = recorder("server");
    r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("hi"), true, rsv));
    assertEquals(r.events.filter((e) => e.type === "message"), []);
    assertFailedWith(r, 1002);
  }
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.2 reserved opcodes fail with 1002", () => {
  for (const op of [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) {
    const r = recorder("server");
    r.core.receiveData(maskedFrame(op, new Uint8Array(0)));
    assertFailedWith(r, 1002);
  }
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.5 fragmented control frame fails with 1002", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.PING, te.encode("x"), false));
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.5 control frame over 125 bytes fails with 1002", () => {
  for (const op of [Opcode.PING, Opcode.PONG, Opcode.CLOSE]) {
    const r = recorder("server");
    const p = new Uint8Array(126);
    p[0] = 0x03;
    p[1] = 0xe8;
    r.core.receiveData(maskedFrame(op, p));
    assertFailedWith(r, 1002);
  }
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.4 continuation without a message fails with 1002", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.CONTINUATION, te.encode("x")));
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.4 a new message inside a fragmented one fails with 1002", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("a"), false));
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("b"), true));
  assertEquals(r.events.filter((e) => e.type === "message"), []);
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.4 control frames interleave with fragments", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("Hel"), false));
  r.core.receiveData(maskedFrame(Opcode.PING, te.encode("p")));
  r.core.receiveData(maskedFrame(Opcode.CONTINUATION, te.encode("lo"), false));
  r.core.receiveData(maskedFrame(Opcode.CONTINUATION, new Uint8Array(0), true));
  assertEquals(r.events, [
    { type: "ping", data: te.encode("p") },
    { type: "message", binary: false, data: te.encode("Hello") },
  ]);
  // The pong was queued with the ping's payload.
  assertEquals(Array.from(r.output()), [0x8a, 0x01, 0x70]);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.1 server fails on an unmasked client frame", () => {
  const r = recorder("server");
  r.core.receiveData(plainFrame(Opcode.TEXT, te.encode("x")));
  assertFailedWith(r, 1002);
  const lax = recorder("server", { requireMaskedClientFrames: false });
  lax.core.receiveData(plainFrame(Opcode.TEXT, te.encode("x")));
  assertEquals(lax.events, [{ type: "message", binary: false, data: te.encode("x") }]);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.1 client fails on a masked server frame", () => {
  const r = recorder("client");
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("x")));
  assertFailedWith(r, 1002);
  const lax = recorder("client", { acceptMaskedServerFrames: true });
  lax.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("x")));
  assertEquals(lax.events, [{ type: "message", binary: false, data: te.encode("x") }]);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.2 64-bit length with MSB set fails with 1002", () => {
  const r = recorder("client");
  r.core.receiveData(hex("827f 8000000000000001 00"));
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §8.1 invalid UTF-8 fails with 1007", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, hex("cebae1bdb9cf83cebcceb5eda080656469746564")));
  assertEquals(r.events.filter((e) => e.type === "message"), []);
  assertFailedWith(r, 1007);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §8.1 fails fast on invalid UTF-8 in an unfinished fragment", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("κόσμε"), false));
  assertEquals(r.core.state, ConnectionState.OPEN);
  // Second fragment has an invalid byte; the third never needs to arrive.
  r.core.receiveData(maskedFrame(Opcode.CONTINUATION, hex("f4908080"), false));
  assertFailedWith(r, 1007);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §8.1 fails fast inside a partially received frame", () => {
  const r = recorder("server");
  const payload = new Uint8Array(1000).fill(0x61);
  payload[10] = 0xff;
  const frame = maskedFrame(Opcode.TEXT, payload);
  // Deliver only the header and the first 20 payload bytes.
  r.core.receiveData(frame.subarray(0, 8 + 20));
  assertFailedWith(r, 1007);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §8.1 a truncated UTF-8 sequence at message end fails with 1007", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, hex("48c3")));
  assertFailedWith(r, 1007);
});

Deno.test("WebSocketProtocolCore - utf8validateIncoming false delivers invalid text", () => {
  const r = recorder("server", { utf8validateIncoming: false });
  r.core.receiveData(maskedFrame(Opcode.TEXT, hex("ff")));
  assertEquals(r.events, [{ type: "message", binary: false, data: hex("ff") }]);
});

Deno.test("WebSocketProtocolCore - maxMessagePayloadSize fails with 1009 at the header", () => {
  const r = recorder("server", { maxMessagePayloadSize: 100 });
  const frame = maskedFrame(Opcode.BINARY, new Uint8Array(101));
  r.core.receiveData(frame.subarray(0, 8)); // header only
  assertFailedWith(r, 1009);
  // Across fragments.
  const f = recorder("server", { maxMessagePayloadSize: 100 });
  f.core.receiveData(maskedFrame(Opcode.BINARY, new Uint8Array(60), false));
  f.core.receiveData(maskedFrame(Opcode.CONTINUATION, new Uint8Array(60), true));
  assertEquals(f.events.filter((e) => e.type === "message"), []);
  assertFailedWith(f, 1009);
});

Deno.test("WebSocketProtocolCore - maxFramePayloadSize fails with 1009", () => {
  const r = recorder("server", { maxFramePayloadSize: 10 });
  r.core.receiveData(maskedFrame(Opcode.BINARY, new Uint8Array(11)));
  assertFailedWith(r, 1009);
  const ok = recorder("server", { maxFramePayloadSize: 10 });
  ok.core.receiveData(maskedFrame(Opcode.BINARY, new Uint8Array(10), false));
  ok.core.receiveData(maskedFrame(Opcode.CONTINUATION, new Uint8Array(10), true));
  assertEquals(ok.events.length, 1);
});

Deno.test("WebSocketProtocolCore - a declared giant frame does not allocate its size up front", () => {
  const r = recorder("client", { maxMessagePayloadSize: 0 });
  // Declares 2^40 bytes, sends 10.
  r.core.receiveData(hex("827f 0000010000000000 00010203040506070809"));
  assertEquals(r.core.state, ConnectionState.OPEN);
  assertEquals(r.events, []);
});

Deno.test("WebSocketProtocolCore - no data is delivered after a failure", () => {
  const r = recorder("server");
  const bytes = [
    maskedFrame(Opcode.TEXT, te.encode("one")),
    maskedFrame(9 + 4, new Uint8Array(0)), // reserved opcode 0xd
    maskedFrame(Opcode.TEXT, te.encode("two")),
    maskedFrame(Opcode.PING, te.encode("p")),
  ];
  for (const b of bytes) r.core.receiveData(b);
  assertEquals(r.events.map((e) => e.type), ["message"]);
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §7.1.7 after a failure no data is processed, not even a close", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.TEXT, hex("ff")));
  assertFailedWith(r, 1007);
  assert(r.core.inputStopped, "input stops at the failure");
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("ignored")));
  r.core.receiveData(maskedFrame(Opcode.CLOSE, hex("03ef")));
  assertEquals(r.core.state, ConnectionState.CLOSING);
  assertEquals(r.events, [], "nothing delivered");
  // The adapter drops the transport; the close info names the failure.
  r.core.receiveEof();
  const info = closedEvent(r);
  assertEquals(info.wasClean, false);
  assertEquals(info.error?.closeCode, 1007);
  assertEquals(info.transport, "drop");
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.5.1 close with a 1-byte payload fails with 1002", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.CLOSE, hex("03")));
  assertFailedWith(r, 1002);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §7.4 invalid close codes fail with 1002", () => {
  for (const code of [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]) {
    const r = recorder("server");
    r.core.receiveData(maskedFrame(Opcode.CLOSE, new Uint8Array([code >> 8, code & 255])));
    assertFailedWith(r, 1002);
  }
});

Deno.test("WebSocketProtocolCore - RFC 6455 §7.4 valid close codes are answered and reported", () => {
  for (
    const code of [
      1000,
      1001,
      1002,
      1003,
      1007,
      1008,
      1009,
      1010,
      1011,
      1012,
      1013,
      1014,
      3000,
      3999,
      4000,
      4999,
    ]
  ) {
    const r = recorder("server", { echoCloseCodeReason: true });
    r.core.receiveData(maskedFrame(Opcode.CLOSE, new Uint8Array([code >> 8, code & 255, 0x61])));
    assertEquals(r.output(), new Uint8Array([0x88, 3, code >> 8, code & 255, 0x61]));
    const info = closedEvent(r);
    assertEquals(info.wasClean, true);
    assertEquals(info.code, code);
    assertEquals(info.reason, "a");
    assertEquals(info.transport, "drop");
  }
});

Deno.test("WebSocketProtocolCore - RFC 6455 §5.5.1 a close reason that is not UTF-8 fails with 1007", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.CLOSE, hex("03e8 ff")));
  assertFailedWith(r, 1007);
});

Deno.test("WebSocketProtocolCore - close reply is 1000 without echoCloseCodeReason, empty for an empty close", () => {
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.CLOSE, hex("0bb8 6279")));
  assertEquals(r.output(), hex("8802 03e8"));
  assertEquals(closedEvent(r).code, 3000);
  const e = recorder("server");
  e.core.receiveData(maskedFrame(Opcode.CLOSE, new Uint8Array(0)));
  assertEquals(e.output(), hex("8800"));
  assertEquals(closedEvent(e).code, 1005);
});

Deno.test("WebSocketProtocolCore - RFC 6455 §7.1.1 a client waits for the server to close TCP", () => {
  const r = recorder("client");
  r.core.receiveData(plainFrame(Opcode.CLOSE, hex("03e8")));
  const info = closedEvent(r);
  assertEquals(info.transport, "await-eof");
  assertEquals(info.wasClean, true);
  // The client's reply is masked.
  const out = r.output();
  assertEquals(out[0], 0x88);
  assertEquals(out[1], 0x82);
});

Deno.test("WebSocketProtocolCore - locally initiated close completes when the peer replies", () => {
  const r = recorder("server");
  r.core.sendClose(1000, "bye");
  assertEquals(r.core.state, ConnectionState.CLOSING);
  assertEquals(r.output(), hex("8805 03e8 627965"));
  // Messages may still arrive before the peer's close frame.
  r.core.receiveData(maskedFrame(Opcode.TEXT, te.encode("late")));
  r.core.receiveData(maskedFrame(Opcode.CLOSE, hex("03e8")));
  assertEquals(summary(r.events), [
    { type: "message", binary: false, data: te.encode("late") },
    { type: "closeFrame", code: 1000, reason: "" },
    { type: "closed", wasClean: true, code: 1000, errorCode: null },
  ]);
  assertEquals(r.output(), hex("8805 03e8 627965"), "no second close frame");
});

Deno.test("WebSocketProtocolCore - sending when not open raises Disconnected", () => {
  const r = recorder("server");
  r.core.sendClose();
  assertThrows(() => r.core.sendMessage("x"), Disconnected);
  assertThrows(() => r.core.sendPing(), Disconnected);
  const e = assertThrows(() => r.core.sendMessage(new Uint8Array(1)), Disconnected);
  assertInstanceOf(e, Disconnected);
  assertStrictEquals(e.code, "disconnected");
});

Deno.test("WebSocketProtocolCore - sendClose rejects codes an application may not send", () => {
  const r = recorder("server");
  for (const code of [999, 1001, 1005, 1006, 2000, 5000]) {
    assertThrows(() => r.core.sendClose(code), RangeError);
  }
  assertThrows(() => r.core.sendClose(undefined, "reason without code"), RangeError);
  assertThrows(() => r.core.sendPing(new Uint8Array(126)), RangeError);
});

Deno.test("WebSocketProtocolCore - failByDrop closes without a close frame", () => {
  const r = recorder("server", { failByDrop: true });
  r.core.receiveData(maskedFrame(Opcode.TEXT, hex("ff")));
  assertEquals(r.core.state, ConnectionState.CLOSED);
  assertEquals(r.output(), new Uint8Array(0));
  const info = closedEvent(r);
  assertEquals(info.wasClean, false);
  assertEquals(info.code, 1006);
  assertEquals(info.error?.closeCode, 1007);
});

Deno.test("WebSocketProtocolCore - EOF before the close handshake is an abnormal close", () => {
  const r = recorder("server");
  r.core.receiveEof();
  const info = closedEvent(r);
  assertEquals([info.wasClean, info.code], [false, 1006]);
  r.core.receiveEof();
  assertEquals(r.events.length, 1, "onClosed only once");
});

Deno.test("WebSocketProtocolCore - autoFragmentSize and explicit fragment size split messages", () => {
  const server = recorder("server", { autoFragmentSize: 4 });
  server.core.sendMessage(te.encode("abcdefghij"), false);
  assertEquals(server.output(), hex("0104 61626364 0004 65666768 8002 696a"));
  const s2 = recorder("server");
  s2.core.sendMessage(new Uint8Array([1, 2, 3]), true, 2);
  assertEquals(s2.output(), hex("0202 0102 8001 03"));
  // The client side reassembles.
  const client = recorder("client");
  client.core.receiveData(hex("0104 61626364 0004 65666768 8002 696a"));
  assertEquals(client.events, [{ type: "message", binary: false, data: te.encode("abcdefghij") }]);
});

Deno.test("WebSocketProtocolCore - client frames are masked; applyMask false keeps the mask bit only", () => {
  const c = recorder("client");
  c.core.sendMessage("Hello");
  const out = c.output();
  assertEquals(out.length, 11);
  assertEquals([out[0], out[1]], [0x81, 0x85]);
  const s = recorder("server");
  s.core.receiveData(out);
  assertEquals(s.events, [{ type: "message", binary: false, data: te.encode("Hello") }]);
  const raw = recorder("client", { applyMask: false });
  raw.core.sendMessage("Hello");
  assertEquals(raw.output().subarray(6), te.encode("Hello"));
  const unmasked = recorder("client", { maskClientFrames: false });
  unmasked.core.sendMessage("Hello");
  assertEquals(unmasked.output(), hex("810548656c6c6f"));
});

Deno.test("WebSocketProtocolCore - maskServerFrames masks server frames", () => {
  const s = recorder("server", { maskServerFrames: true });
  s.core.sendMessage(new Uint8Array(200));
  const out = s.output();
  assertEquals(out[1], 0x80 | 126);
  const c = recorder("client", { acceptMaskedServerFrames: true });
  c.core.receiveData(out);
  assertEquals(c.events, [{ type: "message", binary: true, data: new Uint8Array(200) }]);
});

Deno.test("WebSocketProtocolCore - large payloads are queued without copying, small ones coalesced", () => {
  const s = recorder("server");
  const big = new Uint8Array(100_000).fill(7);
  s.core.sendMessage(te.encode("a"), false);
  s.core.sendMessage(te.encode("b"), false);
  s.core.sendMessage(big);
  const chunks = s.core.takeOutput();
  assertEquals(chunks.length, 2);
  assertEquals(chunks[0], hex("8101 61 8101 62 827f 00000000000186a0"));
  assertStrictEquals(chunks[1], big);
  assertEquals(s.core.bufferedAmount, 0);
});

Deno.test("WebSocketProtocolCore - many frames in one chunk, and 7/16/64-bit lengths round trip", () => {
  const client = recorder("client");
  const server = recorder("server", {}, (core, data, binary) => core.sendMessage(data, binary));
  const sizes = [0, 1, 125, 126, 127, 65535, 65536, 70000];
  for (const n of sizes) client.core.sendMessage(new Uint8Array(n).fill(n & 255));
  for (const chunk of client.core.takeOutput()) server.core.receiveData(chunk);
  for (const chunk of server.core.takeOutput()) client.core.receiveData(chunk);
  assertEquals(
    client.events.map((e) => e.type === "message" ? e.data.length : -1),
    sizes,
  );
  for (const e of client.events) {
    if (e.type === "message" && e.data.length) assertEquals(e.data[0], e.data.length & 255);
  }
});
