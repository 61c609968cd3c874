// Loads tests/vectors/serializers/known_answers.json and builds values from it.
import { hex } from "../../_assert.ts";
import answers from "../../vectors/serializers/known_answers.json" with { type: "json" };

/** One encode vector: a value and its expected bytes per format (hex). */
export interface EncodeVector {
  name: string;
  value: unknown[];
  json?: string;
  msgpack?: string;
  cbor?: string;
  ubjson?: string;
}

function revive(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(revive);
  if (x !== null && typeof x === "object") {
    const o = x as Record<string, unknown>;
    if (typeof o.$hex === "string") return hex(o.$hex);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  }
  return x;
}

// A JSON module import (not Deno.readTextFile): tests/portable/ uses these under Bun too.
const raw = answers as unknown as {
  encode: EncodeVector[];
  batched: EncodeVector[];
  ubjsonDecodeOnly: { name: string; hex: string; value: unknown }[];
};

/** Vectors for plain serialization. */
export const ENCODE: EncodeVector[] = raw.encode.map((v: EncodeVector) => ({
  ...v,
  value: revive(v.value) as unknown[],
}));
/** Vectors for batched serialization. */
export const BATCHED: EncodeVector[] = raw.batched.map((v: EncodeVector) => ({
  ...v,
  value: revive(v.value) as unknown[],
}));
/** UBJSON inputs we must decode but never produce (optimized containers etc.). */
export const UBJSON_DECODE_ONLY: { name: string; hex: string; value: unknown }[] = raw
  .ubjsonDecodeOnly.map((v: { name: string; hex: string; value: unknown }) => ({
    ...v,
    value: revive(v.value),
  }));

/** Representative WAMP messages for round trips. */
export const MESSAGES: unknown[][] = [
  [1, "realm1", { roles: { caller: { features: { call_canceling: true } }, callee: {} } }],
  [2, 9007199254740992, { authid: "peter", roles: { broker: {}, dealer: {} } }],
  [48, 1, {}, "com.myapp.add2", [2, 3]],
  [50, 7, {}, [new Uint8Array([0, 1, 2, 255])], { blob: new Uint8Array(0) }],
  [36, 5512315355, 4429313566, {}, ["Hello, ☃ world 🎉"], {
    nested: { deep: [{ bin: new Uint8Array([9, 8, 7]) }] },
    float: 3.14159,
    neg: -123456789,
    max: Number.MAX_SAFE_INTEGER,
    min: -Number.MAX_SAFE_INTEGER,
    two53: 2 ** 53,
    empty: {},
    list: [],
    nul: null,
    t: true,
    f: false,
    "ключ": "значение",
    "": "empty key",
  }],
  [8, 48, 1, {}, "wamp.error.no_such_procedure", [], {}],
  [70, 3, { progress: true }, [new Uint8Array(70000).fill(0xab)]],
  [3, {}, "wamp.error.protocol_violation"],
];
