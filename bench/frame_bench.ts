/**
 * Microbenchmarks of the sans-I/O frame engine: `deno bench bench/frame_bench.ts`.
 *
 * - parse: a server core receives a buffer of masked client frames (64 B x 256
 *   pipelined binary/text, one 1 MiB binary/text frame) and delivers messages:
 *   header parse + unmask + UTF-8 validation (text) + message delivery.
 * - build: a client core queues masked frames and the output is taken.
 * - echo: a server core receives 256 masked 64 B frames and echoes each one
 *   (the server's whole per-message CPU path, minus I/O).
 *
 * @module
 */
import { encodeFrame, Opcode, WebSocketProtocolCore } from "../src/websocket/mod.ts";
import { applyMask } from "../src/websocket/mask.ts";
import { isValidUtf8 } from "../src/websocket/utf8.ts";

const PIPELINE = 256;
const KEY = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);

function ascii(n: number): Uint8Array {
  const b = new Uint8Array(n);
  const alphabet = '{"key": "value", "n": 12345, "list": [1, 2, 3]}, ';
  for (let i = 0; i < n; i++) b[i] = alphabet.charCodeAt(i % alphabet.length);
  return b;
}

function random(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(b.subarray(o, Math.min(n, o + 65536)));
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function pipelined(opcode: number, payload: Uint8Array): Uint8Array {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < PIPELINE; i++) frames.push(encodeFrame(opcode, payload, { mask: KEY }));
  return concat(frames);
}

const small = random(64);
const smallText = ascii(64);
const big = random(1 << 20);
const bigText = ascii(1 << 20);
const wire64b = pipelined(Opcode.BINARY, small);
const wire64t = pipelined(Opcode.TEXT, smallText);
const wire1mb = encodeFrame(Opcode.BINARY, big, { mask: KEY });
const wire1mt = encodeFrame(Opcode.TEXT, bigText, { mask: KEY });

let sink = 0;
const counter = {
  onMessage(p: Uint8Array) {
    sink += p.length;
  },
  onClosed() {
    throw new Error("closed");
  },
};
const serverCore = new WebSocketProtocolCore("server", counter);

Deno.bench("parse 256 x 64 B binary (masked)", { group: "parse 64 B", baseline: true }, () => {
  serverCore.receiveData(wire64b);
});
Deno.bench("parse 256 x 64 B text (masked, UTF-8)", { group: "parse 64 B" }, () => {
  serverCore.receiveData(wire64t);
});
Deno.bench("parse 1 MiB binary (masked)", { group: "parse 1 MiB", baseline: true }, () => {
  serverCore.receiveData(wire1mb);
});
Deno.bench("parse 1 MiB text (masked, UTF-8)", { group: "parse 1 MiB" }, () => {
  serverCore.receiveData(wire1mt);
});
Deno.bench("parse 1 MiB binary in 64 KiB reads", { group: "parse 1 MiB" }, () => {
  for (let o = 0; o < wire1mb.length; o += 65536) {
    serverCore.receiveData(wire1mb.subarray(o, Math.min(wire1mb.length, o + 65536)));
  }
});

const out1m = new Uint8Array(1 << 20);
Deno.bench("unmask 1 MiB (aligned)", { group: "kernels" }, () => {
  applyMask(big, 0, big.length, out1m, 0, KEY);
});
Deno.bench("unmask 1 MiB (misaligned src)", { group: "kernels" }, () => {
  applyMask(wire1mb, 14, wire1mb.length, out1m, 0, KEY);
});
Deno.bench("validate UTF-8 1 MiB ASCII", { group: "kernels" }, () => {
  if (!isValidUtf8(bigText)) throw new Error("invalid");
});
const multi = new TextEncoder().encode("Grüße, 世界! 🎉 ".repeat(60000)).subarray(0, 1 << 20);
const multiOk = new TextEncoder().encode(
  new TextDecoder().decode(multi).replace(/\uFFFD+$/, ""),
);
Deno.bench("validate UTF-8 ~1 MiB multi-byte", { group: "kernels" }, () => {
  if (!isValidUtf8(multiOk)) throw new Error("invalid");
});

const clientCore = new WebSocketProtocolCore("client", counter);
Deno.bench("build 256 x 64 B masked", { group: "build", baseline: true }, () => {
  for (let i = 0; i < PIPELINE; i++) clientCore.sendMessage(small, true);
  sink += clientCore.takeOutput().length;
});
Deno.bench("build 1 MiB masked", { group: "build" }, () => {
  clientCore.sendMessage(big, true);
  sink += clientCore.takeOutput().length;
});
const serverSend = new WebSocketProtocolCore("server", counter);
Deno.bench("build 256 x 64 B unmasked (server)", { group: "build" }, () => {
  for (let i = 0; i < PIPELINE; i++) serverSend.sendMessage(small, true);
  sink += serverSend.takeOutput().length;
});

const echoCore: WebSocketProtocolCore = new WebSocketProtocolCore("server", {
  onMessage(p: Uint8Array, isBinary: boolean) {
    echoCore.sendMessage(p, isBinary);
  },
  onClosed() {
    throw new Error("closed");
  },
});
Deno.bench("echo 256 x 64 B binary (receive + send + take)", { group: "echo" }, () => {
  echoCore.receiveData(wire64b);
  sink += echoCore.takeOutput().length;
});
Deno.bench("echo 256 x 64 B text (receive + send + take)", { group: "echo" }, () => {
  echoCore.receiveData(wire64t);
  sink += echoCore.takeOutput().length;
});

globalThis.addEventListener("unload", () => {
  if (sink < 0) console.log(sink);
});
