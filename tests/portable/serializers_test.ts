// Portable (Deno and Bun): the WAMP serializers against the known-answer
// vectors, round trips with binary values, and the batched framings.
import { assertEquals, hex, toHex } from "../_assert.ts";
import { createSerializer, type SerializerName } from "../../src/wamp/mod.ts";
import { BATCHED, ENCODE } from "../wamp/serializers/_vectors.ts";
import { test } from "./_harness.ts";

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];
const bin = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

for (const name of NAMES) {
  test(`portable serializers - ${name}: known answers encode and decode`, () => {
    const s = createSerializer(name);
    for (const v of ENCODE) {
      const want = v[name];
      if (want === undefined) continue;
      assertEquals(toHex(s.serialize(v.value as unknown[])), toHex(hex(want)), v.name);
      assertEquals(s.unserialize(hex(want)), [v.value], v.name);
    }
  });

  test(`portable serializers - ${name}: batched known answers`, () => {
    const s = createSerializer(name, { batched: true });
    for (const v of BATCHED) {
      const want = v[name];
      if (want === undefined) continue;
      assertEquals(toHex(s.serialize(v.value as unknown[])), toHex(hex(want)), v.name);
      // Three messages in one payload come back as three.
      const one = hex(want);
      const three = new Uint8Array(one.length * 3);
      for (let i = 0; i < 3; i++) three.set(one, i * one.length);
      assertEquals(s.unserialize(three), [v.value, v.value, v.value], v.name);
    }
  });

  test(`portable serializers - ${name}: round trips with binary, unicode and big ids`, () => {
    for (const batched of [false, true]) {
      const s = createSerializer(name, { batched });
      const msgs: unknown[][] = [
        [1, "realm1", { roles: { caller: {}, callee: { features: { progressive: true } } } }],
        [48, 2 ** 53, {}, "com.example.echo", ["κόσμε", bin(0), bin(1), bin(300)], {
          blob: bin(70000),
          nested: { list: [1, -2, 3.5, null, true, false, bin(3)] },
        }],
        [50, 1, {}, [], { "ü": "😀" }],
      ];
      for (const m of msgs) assertEquals(s.unserialize(s.serialize(m)), [m], `${name} ${batched}`);
    }
  });
}

test("portable serializers - json: binary as \\0 + base64 (WAMP binary conversion)", () => {
  const s = createSerializer("json");
  const bytes = s.serialize([50, 1, {}, [Uint8Array.of(0x10, 0x11, 0x12)]]);
  assertEquals(new TextDecoder().decode(bytes), '[50,1,{},["\\u0000EBES"]]');
  assertEquals(s.unserialize(new TextEncoder().encode('[50,1,{},["\\u0000EBES"]]')), [
    [50, 1, {}, [Uint8Array.of(0x10, 0x11, 0x12)]],
  ]);
});
