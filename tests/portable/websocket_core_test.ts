// Portable (Deno and Bun): the sans-I/O WebSocket engine — the RFC 6455 §5.7
// frame examples fed whole and split at every byte, the close handshake,
// invalid UTF-8 (1007), and permessage-deflate (RFC 7692) round trips.
import { assert, assertEquals, hex, toHex } from "../_assert.ts";
import {
  type CloseInfo,
  ConnectionState,
  WebSocketProtocolCore,
  type WebSocketRole,
} from "../../src/websocket/protocol.ts";
import { resolveOptions } from "../../src/websocket/options.ts";
import { PerMessageDeflate } from "../../src/websocket/deflate.ts";
import vectors from "../vectors/websocket/rfc6455_5_7.json" with { type: "json" };
import { test } from "./_harness.ts";

type Event =
  | { type: "message"; binary: boolean; hex: string }
  | { type: "ping" | "pong"; hex: string }
  | { type: "closeFrame"; code: number | null; reason: string }
  | { type: "closed"; wasClean: boolean; code: number | null };

interface Rec {
  core: WebSocketProtocolCore;
  events: Event[];
  info?: CloseInfo;
  take(): Uint8Array;
}

function rec(role: WebSocketRole, deflate: PerMessageDeflate | null = null): Rec {
  const events: Event[] = [];
  const r: Rec = {
    core: undefined as unknown as WebSocketProtocolCore,
    events,
    take() {
      const parts = r.core.takeOutput();
      const n = parts.reduce((a, p) => a + p.length, 0);
      const out = new Uint8Array(n);
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    },
  };
  r.core = new WebSocketProtocolCore(
    role,
    {
      onMessage: (d, binary) => events.push({ type: "message", binary, hex: toHex(d) }),
      onPing: (d) => events.push({ type: "ping", hex: toHex(d) }),
      onPong: (d) => events.push({ type: "pong", hex: toHex(d) }),
      onCloseFrame: (code, reason) => events.push({ type: "closeFrame", code, reason }),
      onClosed: (info) => {
        r.info = info;
        events.push({ type: "closed", wasClean: info.wasClean, code: info.code });
      },
    },
    resolveOptions(role, {}),
    deflate,
  );
  return r;
}

interface Vector {
  name: string;
  receiver: WebSocketRole;
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

function wireOf(v: Vector): Uint8Array {
  const head = hex(v.hex);
  if (!v.payloadFill) return head;
  const out = new Uint8Array(head.length + v.payloadFill.length).fill(v.payloadFill.byte);
  out.set(head);
  return out;
}

function expected(v: Vector): Event[] {
  return v.events.map((e) => {
    const data = e.fill ? toHex(new Uint8Array(e.fill.length).fill(e.fill.byte)) : e.hex!;
    return e.type === "message"
      ? { type: "message", binary: e.binary!, hex: data }
      : { type: e.type as "ping" | "pong", hex: data };
  });
}

for (const v of vectors.vectors as Vector[]) {
  test(`portable WebSocket core - ${v.name}: whole and split at every byte`, () => {
    const wire = wireOf(v);
    const want = expected(v);
    // Long vectors: every split in the header and the first and last 64 payload bytes.
    const cuts: number[] = [];
    for (let k = 1; k < wire.length; k++) {
      if (wire.length < 300 || k < 80 || k > wire.length - 64) cuts.push(k);
    }
    for (const k of [0, ...cuts]) {
      const r = rec(v.receiver);
      if (k === 0) r.core.receiveData(wire);
      else {
        r.core.receiveData(wire.subarray(0, k));
        r.core.receiveData(wire.subarray(k));
      }
      assertEquals(r.events, want, `${v.name} split at ${k}`);
      if (v.output) assert(toHex(r.take()).startsWith(v.output), `${v.name}: reply`);
    }
    // Byte by byte.
    if (wire.length < 300) {
      const r = rec(v.receiver);
      for (const b of wire) r.core.receiveData(Uint8Array.of(b));
      assertEquals(r.events, want, `${v.name} byte by byte`);
    }
  });
}

test("portable WebSocket core - the close handshake, client first, is clean on both ends", () => {
  const client = rec("client");
  const server = rec("server");
  client.core.sendMessage("hello");
  client.core.sendClose(1000, "bye");
  assertEquals(client.core.state, ConnectionState.CLOSING);
  server.core.receiveData(client.take());
  assertEquals(server.events.slice(0, 2), [
    { type: "message", binary: false, hex: toHex(new TextEncoder().encode("hello")) },
    { type: "closeFrame", code: 1000, reason: "bye" },
  ]);
  // The server echoes the close frame (RFC 6455 §5.5.1).
  const echo = server.take();
  assertEquals(echo[0], 0x88);
  assertEquals(toHex(echo.subarray(2, 4)), "03e8");
  client.core.receiveData(echo);
  assertEquals((client.events.find((e) => e.type === "closeFrame") as { code: number }).code, 1000);
  // The server closes TCP first; the client reads EOF.
  server.core.receiveEof();
  client.core.receiveEof();
  assertEquals(client.core.state, ConnectionState.CLOSED);
  assertEquals(client.info?.wasClean, true);
  assertEquals(client.info?.code, 1000);
});

test("portable WebSocket core - invalid UTF-8 in a text message fails the connection with 1007", () => {
  const server = rec("server");
  // A masked text frame carrying 0xce 0xba 0xe1 0xbd 0xb9 0xcf 0x83 ... 0xed 0xa0 0x80 (a surrogate).
  const payload = hex("cebae1bdb9cf83cebcceb5eda080656469746564");
  const key = Uint8Array.of(1, 2, 3, 4);
  const frame = new Uint8Array(6 + payload.length);
  frame.set([0x81, 0x80 | payload.length, ...key]);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ key[i % 4]!;
  server.core.receiveData(frame);
  assertEquals(server.events.filter((e) => e.type === "message"), []);
  const out = server.take();
  assertEquals(out[0], 0x88);
  assertEquals(toHex(out.subarray(2, 4)), "03ef"); // 1007
  assert(server.core.state !== ConnectionState.OPEN);
});

test("portable WebSocket core - permessage-deflate round trips through both engines", () => {
  const client = rec("client", new PerMessageDeflate());
  const server = rec("server", new PerMessageDeflate());
  const te = new TextEncoder();
  const texts = ["Hello", "Hello", "κόσμε ".repeat(500), ""];
  const big = Uint8Array.from({ length: 200_000 }, (_, i) => (i % 251) ^ (i >> 9));
  for (const t of texts) client.core.sendMessage(t);
  client.core.sendMessage(big, true, 16384); // fragmented and compressed
  const wire = client.take();
  assert(wire.length < big.length, "compressed");
  assertEquals((wire[0]! & 0x40) !== 0, true, "RSV1 on the first frame");
  // Fed in uneven chunks.
  for (let o = 0; o < wire.length; o += 777) server.core.receiveData(wire.subarray(o, o + 777));
  assertEquals(server.events, [
    ...texts.map((t) => ({ type: "message" as const, binary: false, hex: toHex(te.encode(t)) })),
    { type: "message", binary: true, hex: toHex(big) },
  ]);
  // And back from the server (unmasked, shared window).
  server.core.sendMessage("pong pong pong pong");
  server.core.sendMessage("pong pong pong pong");
  client.core.receiveData(server.take());
  assertEquals(client.events.map((e) => (e as { hex: string }).hex), [
    toHex(te.encode("pong pong pong pong")),
    toHex(te.encode("pong pong pong pong")),
  ]);
});
