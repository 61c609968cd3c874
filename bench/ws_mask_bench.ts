/**
 * Microbenchmarks of the 1 MiB receive path (issue 2, bench/ISSUE2_1MIB.md):
 * unmask kernels and the two ways a large masked frame reaches its payload
 * buffer. Run: `deno bench bench/ws_mask_bench.ts` (pin with `taskset -c 1`).
 *
 * - "copy path": the frame is in a read buffer (payload at offset 14, so
 *   misaligned with the destination) and is unmasked into a fresh buffer, as
 *   `receiveData` does.
 * - "in-place path": the payload was read straight into the fresh buffer
 *   (`payloadReadTarget`) and is unmasked in place (`receiveInPlace`).
 *
 * @module
 */
import { applyMask } from "../src/websocket/mask.ts";
import { WebSocketProtocolCore } from "../src/websocket/protocol.ts";
import { resolveOptions } from "../src/websocket/options.ts";

const N = 1024 * 1024;
const KEY = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);

function maskedFrame(len: number): Uint8Array {
  const f = new Uint8Array(14 + len);
  f[0] = 0x82;
  f[1] = 0x80 | 127;
  new DataView(f.buffer).setUint32(6, len);
  f.set(KEY, 10);
  const p = f.subarray(14);
  crypto.getRandomValues(p.subarray(0, 65536));
  for (let o = 65536; o < len; o += 65536) p.copyWithin(o, 0, Math.min(65536, len - o));
  return f;
}

const wire = maskedFrame(N);
const out = new Uint8Array(N);

/** The word loop as it was before the unrolling (for comparison). */
function plainWordLoop(u: Uint8Array, k: number): void {
  const s32 = new Uint32Array(u.buffer, u.byteOffset, u.length >>> 2);
  for (let w = 0; w < s32.length; w++) s32[w] = s32[w]! ^ k;
}

Deno.bench("unmask 1 MiB in place, plain word loop", { group: "unmask", baseline: true }, () => {
  plainWordLoop(out, 0x3d21fa37);
});
Deno.bench("unmask 1 MiB in place, applyMask (unrolled)", { group: "unmask" }, () => {
  applyMask(out, 0, N, out, 0, KEY);
});
Deno.bench("unmask 1 MiB misaligned src -> dst, applyMask", { group: "unmask" }, () => {
  applyMask(wire, 14, wire.length, out, 0, KEY);
});

let sink = 0;
const onMessage = (p: Uint8Array) => (sink += p.length);
const handler = { onMessage, onClosed: () => {} };
const opts = resolveOptions("server", { maxMessagePayloadSize: 0 });
const core = new WebSocketProtocolCore("server", handler, opts);

Deno.bench("receive 1 MiB frame: copy path (receiveData)", {
  group: "receive",
  baseline: true,
}, () => {
  core.receiveData(wire);
});
Deno.bench("receive 1 MiB frame: in-place path (payloadReadTarget + receiveInPlace)", {
  group: "receive",
}, () => {
  // The driver reads a little first (header + start of the payload), then the rest in place.
  core.receiveData(wire.subarray(0, 16384));
  const t = core.payloadReadTarget()!;
  t.set(wire.subarray(16384)); // stands in for the kernel's copy in read()
  core.receiveInPlace(t.length);
});
Deno.bench("allocate 1 MiB (new Uint8Array, zero-filled)", { group: "receive" }, () => {
  sink += new Uint8Array(N).length;
});
