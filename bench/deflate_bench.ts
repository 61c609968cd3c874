/**
 * permessage-deflate codec throughput over a payload ladder (64 B, 16 KiB,
 * 1 MiB; JSON-like text and random bytes): `deno bench bench/deflate_bench.ts`.
 *
 * Each message is compressed and inflated on its own (no context takeover),
 * so repeated payloads do not shrink to back-references.
 *
 * Recorded on Deno 2.9.6, AMD EPYC (2 cores), pako 3.0.3; the comparison with
 * fflate 0.8.3 and `CompressionStream("deflate-raw")` that chose pako is in the
 * doc comment of `src/websocket/deflate.ts`.
 *
 * @module
 */
import { PerMessageDeflate } from "../src/websocket/deflate.ts";

function jsonLike(n: number): Uint8Array {
  let s = "";
  for (let i = 0; s.length < n; i++) {
    s += JSON.stringify({
      id: i,
      uri: `com.example.topic${i % 37}`,
      args: [i * 7, `hello world ${i % 13}`],
      ok: i % 2 === 0,
    }) + ",";
  }
  return new TextEncoder().encode(s.slice(0, n));
}

function random(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) crypto.getRandomValues(b.subarray(o, Math.min(n, o + 65536)));
  return b;
}

const sizes: [string, number][] = [["64 B", 64], ["16 KiB", 16384], ["1 MiB", 1 << 20]];
for (const [kind, make] of [["json", jsonLike], ["random", random]] as const) {
  for (const [label, size] of sizes) {
    const payload = make(size);
    const sender = new PerMessageDeflate({ compressNoContextTakeover: true });
    const receiver = new PerMessageDeflate({ decompressNoContextTakeover: true });
    const compressed = new PerMessageDeflate().compressMessage(payload);
    const group = `deflate ${kind} ${label}`;
    Deno.bench({
      name: `compress ${kind} ${label}`,
      group,
      baseline: true,
      fn: () => {
        sender.compressMessage(payload);
      },
    });
    Deno.bench({
      name: `inflate ${kind} ${label}`,
      group,
      fn: () => {
        receiver.startMessage();
        receiver.push(compressed);
        receiver.endMessage();
      },
    });
  }
}
