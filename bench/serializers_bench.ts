/**
 * WAMP serializer benchmarks: `deno bench bench/serializers_bench.ts`.
 *
 * Groups per message shape (small CALL, EVENT with a 1 KiB kwargs dict, 64 KiB
 * binary RESULT) and direction. The "raw" entries measure the two MessagePack
 * libraries we chose between (@msgpack/msgpack vs msgpackr, pure-JS entry, no
 * records) without our checks; the others measure our serializers end to end.
 *
 * @module
 */
import { Decoder as MsgDecoder, Encoder as MsgEncoder } from "@msgpack/msgpack";
import { Packr, Unpackr } from "npm:msgpackr@2.1.4/pack";
import { createSerializer, type SerializerName } from "../src/wamp/serializers/mod.ts";

const kwargs: Record<string, unknown> = {};
for (let i = 0; i < 24; i++) kwargs[`key_${i}`] = i % 3 === 0 ? `value number ${i}` : i * 1.25;
const MESSAGES: Record<string, unknown[]> = {
  "small CALL": [48, 123456789, {}, "com.myapp.add2", [2, 3]],
  "EVENT 1 KiB kwargs": [36, 5512315355, 4429313566, {}, [], kwargs],
  "RESULT 64 KiB binary": [50, 7, {}, [new Uint8Array(65536).fill(7)]],
};

const msgEncoder = new MsgEncoder();
const msgDecoder = new MsgDecoder({ useBigInt64: true });
const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];

for (const [shape, msg] of Object.entries(MESSAGES)) {
  const encoded = msgEncoder.encode(msg);
  Deno.bench(
    `raw @msgpack/msgpack encode`,
    { group: `${shape} raw encode`, baseline: true },
    () => {
      msgEncoder.encode(msg);
    },
  );
  Deno.bench(`raw msgpackr encode`, { group: `${shape} raw encode` }, () => {
    packr.pack(msg);
  });
  Deno.bench(
    `raw @msgpack/msgpack decode`,
    { group: `${shape} raw decode`, baseline: true },
    () => {
      msgDecoder.decode(encoded);
    },
  );
  Deno.bench(`raw msgpackr decode`, { group: `${shape} raw decode` }, () => {
    unpackr.unpack(encoded);
  });
  // Baseline: plain JSON.stringify/JSON.parse (+ UTF-8), without the binary
  // convention or validation; only for messages without binary payloads.
  if (!shape.includes("binary")) {
    const text = new TextEncoder().encode(JSON.stringify(msg));
    Deno.bench(`JSON.stringify baseline (${text.length} B)`, {
      group: `${shape} serialize`,
    }, () => {
      new TextEncoder().encode(JSON.stringify(msg));
    });
    Deno.bench(`JSON.parse baseline`, { group: `${shape} unserialize` }, () => {
      JSON.parse(new TextDecoder().decode(text));
    });
  }
  for (const name of NAMES) {
    const s = createSerializer(name);
    const bytes = s.serialize(msg);
    Deno.bench(`${name} serialize (${bytes.length} B)`, {
      group: `${shape} serialize`,
      baseline: name === "json",
    }, () => {
      s.serialize(msg);
    });
    Deno.bench(`${name} unserialize`, {
      group: `${shape} unserialize`,
      baseline: name === "json",
    }, () => {
      s.unserialize(bytes);
    });
  }
}
