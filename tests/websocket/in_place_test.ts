// Zero-copy receive (payloadReadTarget / receiveInPlace) and the one-chunk
// send of a received payload through its headroom.
import { assert, assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { Opcode } from "../../src/websocket/frame.ts";
import { ConnectionState } from "../../src/websocket/protocol.ts";
import { maskedFrame, plainFrame, recorder } from "./_core_harness.ts";

function pattern(n: number, seed = 7): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Feeds `wire` like the driver does: in-place reads of `step` bytes whenever offered. */
function feedLikeDriver(
  r: ReturnType<typeof recorder>,
  wire: Uint8Array,
  first: number,
  step: number,
): number {
  let pos = 0;
  let inPlace = 0;
  while (pos < wire.length) {
    const target = r.core.payloadReadTarget();
    if (target !== null) {
      const n = Math.min(step, target.length, wire.length - pos);
      target.set(wire.subarray(pos, pos + n));
      r.core.receiveInPlace(n);
      pos += n;
      inPlace += n;
    } else {
      const n = Math.min(pos === 0 ? first : step, wire.length - pos);
      r.core.receiveData(wire.subarray(pos, pos + n));
      pos += n;
    }
  }
  return inPlace;
}

Deno.test("in-place receive - masked binary frames read straight into the payload buffer", () => {
  const a = pattern(300_000, 1);
  const b = pattern(70_001, 2);
  const wire = new Uint8Array([
    ...maskedFrame(Opcode.BINARY, a),
    ...maskedFrame(Opcode.BINARY, b, true, 0, new Uint8Array([1, 2, 3, 4])),
    ...maskedFrame(Opcode.TEXT, new TextEncoder().encode("tail")),
  ]);
  for (const [first, step] of [[16384, 1 << 20], [10, 65537], [4096, 12345]]) {
    const r = recorder("server");
    const inPlace = feedLikeDriver(r, wire, first!, step!);
    assert(inPlace > 150_000, `only ${inPlace} bytes were read in place`);
    const msgs = r.events.filter((e) => e.type === "message");
    assertEquals(msgs.length, 3);
    assertEquals((msgs[0] as { data: Uint8Array }).data, a);
    assertEquals((msgs[1] as { data: Uint8Array }).data, b);
    assertEquals(new TextDecoder().decode((msgs[2] as { data: Uint8Array }).data), "tail");
  }
});

Deno.test("in-place receive - unmasked frames (client role) and fragmented messages", () => {
  const a = pattern(200_000, 3);
  const wire = new Uint8Array([
    ...plainFrame(Opcode.BINARY, a.subarray(0, 100_000), false),
    ...plainFrame(Opcode.CONTINUATION, a.subarray(100_000), true),
  ]);
  const r = recorder("client");
  assert(feedLikeDriver(r, wire, 1000, 50_000) > 0);
  const msgs = r.events.filter((e) => e.type === "message");
  assertEquals(msgs.length, 1);
  assertEquals((msgs[0] as { data: Uint8Array }).data, a);
});

Deno.test("in-place receive - no target for small frames, headers or after a failure", () => {
  const r = recorder("server");
  assertStrictEquals(r.core.payloadReadTarget(), null); // waiting for a header
  const wire = maskedFrame(Opcode.BINARY, pattern(100_000));
  r.core.receiveData(wire.subarray(0, 4000));
  const t = r.core.payloadReadTarget();
  assert(t !== null);
  assertEquals(t.length, 100_000 - (4000 - 14));
  assertStrictEquals(r.core.payloadReadTarget(200_000), null); // frame shorter than minBytes
  assertThrows(() => r.core.receiveInPlace(t.length + 1), RangeError);
  r.core.receiveData(wire.subarray(4000, 4100)); // fed otherwise: the view is stale
  assertThrows(() => r.core.receiveInPlace(10), RangeError);
  assert(r.core.payloadReadTarget() !== null);
  r.core.abort("test");
  assertStrictEquals(r.core.payloadReadTarget(), null);
  r.core.receiveInPlace(10); // ignored once stopped
  assertEquals(r.core.state, ConnectionState.CLOSED);

  const small = recorder("server");
  small.core.receiveData(maskedFrame(Opcode.BINARY, pattern(1000)).subarray(0, 100));
  assertStrictEquals(small.core.payloadReadTarget(), null);
});

Deno.test("in-place receive - invalid UTF-8 fails fast inside an unfinished frame", () => {
  const text = new Uint8Array(300_000).fill(0x61);
  text[150_000] = 0xff;
  const wire = maskedFrame(Opcode.TEXT, text);
  const r = recorder("server");
  r.core.receiveData(wire.subarray(0, 1000));
  const t = r.core.payloadReadTarget()!;
  t.set(wire.subarray(1000, 1000 + 200_000));
  r.core.receiveInPlace(200_000);
  const closed = r.events.find((e) => e.type === "closed");
  assertEquals(r.core.state, ConnectionState.CLOSING);
  assertEquals(closed, undefined);
  assertStrictEquals(r.core.payloadReadTarget(), null);
  // The close frame 1007 is queued.
  const out = r.output();
  assertEquals([out[0], out[2], out[3]], [0x88, 0x03, 0xef]);
});

Deno.test("headroom - echoing a large received payload queues header + payload as one chunk", () => {
  const a = pattern(100_000, 5);
  const r = recorder("server", {}, (core, data, binary) => core.sendMessage(data, binary));
  r.core.receiveData(maskedFrame(Opcode.BINARY, a));
  const chunks = r.core.takeOutput();
  assertEquals(chunks.length, 1);
  assertEquals(chunks[0], plainFrame(Opcode.BINARY, a));
  const msg = (r.events[0] as { data: Uint8Array }).data;
  assertEquals(msg, a); // the payload view itself is untouched
  assertStrictEquals(chunks[0]!.buffer, msg.buffer); // no payload copy

  // Same header again: the headroom is shared; another header: queued separately.
  r.core.sendMessage(msg, true);
  const again = r.core.takeOutput();
  assertEquals(again.length, 1);
  assertEquals(again[0], plainFrame(Opcode.BINARY, a));
  r.core.sendMessage(msg, false); // a text frame needs another first byte
  const other = r.core.takeOutput();
  assertEquals(other.length, 2);
  assertEquals(new Uint8Array([...other[0]!, ...other[1]!]), plainFrame(Opcode.TEXT, a));
  // ... and the first chunk's header was not overwritten.
  assertEquals(chunks[0]!.subarray(0, 10), plainFrame(Opcode.BINARY, a).subarray(0, 10));
});

Deno.test("headroom - parts of a received payload and foreign buffers use a separate header", () => {
  const a = pattern(100_000, 6);
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.BINARY, a));
  const msg = (r.events[0] as { data: Uint8Array }).data;
  r.core.sendMessage(msg.subarray(0, 50_000), true);
  assertEquals(r.core.takeOutput().length, 2);
  r.core.sendMessage(msg, true, 40_000); // fragmented: every frame is a part
  const frags = r.core.takeOutput();
  assertEquals(frags.length, 6);
  r.core.sendMessage(pattern(100_000), true);
  assertEquals(r.core.takeOutput().length, 2);
  assertEquals(msg, a);
});

Deno.test("transfer - a transferred echo is detached once written and its memory reused", () => {
  const a = pattern(100_000, 8);
  const b = pattern(100_000, 9);
  const r = recorder("server", {}, (core, data, binary) => core.sendMessageTransfer(data, binary));
  r.core.receiveData(maskedFrame(Opcode.BINARY, a));
  const first = (r.events[0] as { data: Uint8Array }).data;
  const chunks = r.core.takeOutput();
  assertEquals(chunks.length, 1);
  assertEquals(chunks[0], plainFrame(Opcode.BINARY, a));
  assertEquals(first, a); // intact until written
  r.core.outputWritten(chunks[0]!);
  assertEquals(first.length, 0); // detached: the caller gave it away
  // The next payload of that size reuses the memory and is fully overwritten.
  r.core.receiveData(maskedFrame(Opcode.BINARY, b));
  const second = (r.events[1] as { data: Uint8Array }).data;
  assertEquals(second, b);
  const out = r.core.takeOutput();
  assertEquals(out[0], plainFrame(Opcode.BINARY, b));
  r.core.outputWritten(out[0]!);
});

Deno.test("transfer - not detached while another send of it is unwritten, nor foreign buffers", () => {
  const a = pattern(100_000, 10);
  const r = recorder("server");
  r.core.receiveData(maskedFrame(Opcode.BINARY, a));
  const msg = (r.events[0] as { data: Uint8Array }).data;
  const other = recorder("server");
  other.core.sendMessage(msg, true); // e.g. a broadcast to another connection
  r.core.sendMessageTransfer(msg, true);
  const mine = r.core.takeOutput();
  r.core.outputWritten(mine[0]!);
  assertEquals(msg, a); // the other connection's write is still pending
  const theirs = other.core.takeOutput();
  for (const c of theirs) other.core.outputWritten(c);
  assertEquals(msg.length, 0); // now every send is written: reclaimed

  const foreign = pattern(100_000, 11);
  r.core.sendMessageTransfer(foreign, true);
  for (const c of r.core.takeOutput()) r.core.outputWritten(c);
  assertEquals(foreign, pattern(100_000, 11)); // not ours: left alone
  // Adapters that never report writes never lose a buffer.
  const r2 = recorder("server", {}, (core, data) => core.sendMessageTransfer(data));
  r2.core.receiveData(maskedFrame(Opcode.BINARY, a));
  r2.core.takeOutput();
  assertEquals((r2.events[0] as { data: Uint8Array }).data, a);
});

Deno.test("in-place receive - large messages echo intact end to end (server and client drivers)", async () => {
  const { connect, serve } = await import("../../src/websocket/mod.ts");
  await using server = await serve({ port: 0, maxMessagePayloadSize: 0 }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
  await using ws = await connect(`ws://127.0.0.1:${server.port}`, { maxMessagePayloadSize: 0 });
  const sizes = [70_000, 1 << 20, 100, 300_001, (1 << 20) + 5, 65_536];
  const sent = sizes.map((n, i) => pattern(n, 20 + i));
  for (const m of sent) ws.send(m);
  ws.send("a text message after the large ones");
  let i = 0;
  for await (const m of ws) {
    if (i < sent.length) {
      assert(m instanceof Uint8Array);
      assertEquals(m.length, sent[i]!.length);
      assertEquals(m, sent[i]);
    } else {
      assertEquals(m, "a text message after the large ones");
      break;
    }
    i++;
  }
  assertEquals(i, sent.length);
});

Deno.test("transfer - send(msg, { transfer: true }) echoes big messages intact over real sockets", async () => {
  const { connect, serve } = await import("../../src/websocket/mod.ts");
  const detached: number[] = [];
  await using server = await serve({ hostname: "127.0.0.1", port: 0 }, async (ws) => {
    for await (const msg of ws) {
      if (typeof msg === "string") continue;
      ws.send(msg, { transfer: true });
      // Detached once written: wait for the write, then look.
      while (ws.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, 5));
      detached.push(msg.byteLength);
    }
  });
  await using client = await connect(`ws://127.0.0.1:${server.port}`);
  const sizes = [1 << 20, 300_000, 100];
  for (const [i, size] of sizes.entries()) {
    const out = new Uint8Array(size);
    for (let k = 0; k < size; k++) out[k] = (k * 31 + i) & 0xff;
    client.send(out);
    const it = client[Symbol.asyncIterator]();
    const { value } = await it.next();
    assert(value instanceof Uint8Array, "binary echo");
    assertEquals(value.length, size);
    for (let k = 0; k < size; k += 997) assertEquals(value[k], out[k], `byte ${k} of ${size}`);
  }
  for (let i = 0; i < 200 && detached.length < sizes.length; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  await client.close();
  // Big received payloads were handed over (detached); the small one was just sent.
  assertEquals(detached.slice(0, 2), [0, 0]);
  assertEquals(detached[2], 100);
});
