import { assertEquals, hex, toHex } from "../../_assert.ts";
import {
  createSerializer,
  decodeUbjson,
  encodeUbjson,
  type SerializerName,
} from "../../../src/wamp/serializers/mod.ts";
import { BATCHED, ENCODE, UBJSON_DECODE_ONLY } from "./_vectors.ts";

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];

for (const batched of [false, true]) {
  for (const v of batched ? BATCHED : ENCODE) {
    for (const name of NAMES) {
      const expected = v[name];
      if (expected === undefined) continue;
      Deno.test(`Serializers - ${name}${batched ? " batched" : ""} known answer: ${v.name}`, () => {
        const s = createSerializer(name, { batched });
        assertEquals(toHex(s.serialize(v.value)), toHex(hex(expected)));
        assertEquals(s.unserialize(hex(expected)), [v.value]);
      });
    }
  }
}

for (const v of UBJSON_DECODE_ONLY) {
  Deno.test(`decodeUbjson - UBJSON draft 12 optimized input: ${v.name}`, () => {
    assertEquals(decodeUbjson(hex(v.hex)), v.value);
  });
}

Deno.test("encodeUbjson - output decodes with our decoder (cross-check)", () => {
  for (const v of [...ENCODE, ...UBJSON_DECODE_ONLY]) {
    assertEquals(decodeUbjson(encodeUbjson(v.value)), v.value);
  }
});

Deno.test("encodeUbjson - UBJSON draft 12 value types", () => {
  // Spec examples: int8 -1, uint8 200, int16 -1000, int32 100000, int64, string.
  assertEquals(toHex(encodeUbjson(-1)), "69ff");
  assertEquals(toHex(encodeUbjson(200)), "55c8");
  assertEquals(toHex(encodeUbjson(-1000)), "49fc18");
  assertEquals(toHex(encodeUbjson(100000)), "6c000186a0");
  assertEquals(toHex(encodeUbjson(-(2 ** 53))), "4cffe0000000000000");
  assertEquals(toHex(encodeUbjson("hello")), "535505" + "68656c6c6f");
  assertEquals(toHex(encodeUbjson(null)), "5a");
  assertEquals(toHex(encodeUbjson(NaN)), "5a");
  assertEquals(toHex(encodeUbjson({ a: undefined, b: [undefined] })), "7b5501625b5a5d7d");
  // A 300-byte string needs an int16 length: the header grows after encoding.
  const s = "é".repeat(150);
  const enc = encodeUbjson(s);
  assertEquals(toHex(enc.subarray(0, 4)), "53" + "49012c");
  assertEquals(decodeUbjson(enc), s);
});
