import { assert, assertEquals, assertInstanceOf, assertStrictEquals } from "../../_assert.ts";
import {
  createSerializer,
  JsonSerializer,
  type SerializerName,
} from "../../../src/wamp/serializers/mod.ts";
import { MESSAGES } from "./_vectors.ts";

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];

for (const name of NAMES) {
  for (const batched of [false, true]) {
    const label = `${name}${batched ? " batched" : ""}`;
    Deno.test(`Serializers - ${label} round trip of representative WAMP messages`, () => {
      const s = createSerializer(name, { batched });
      for (const m of MESSAGES) assertEquals(s.unserialize(s.serialize(m)), [m]);
    });
  }
  Deno.test(`Serializers - ${name} decoded binary is a plain copied Uint8Array`, () => {
    const s = createSerializer(name);
    const payload = s.serialize([50, 1, {}, [new Uint8Array([1, 2, 3])]]);
    const [msg] = s.unserialize(payload);
    const bin = (msg![3] as unknown[])[0] as Uint8Array;
    assertStrictEquals(bin.constructor, Uint8Array);
    payload.fill(0);
    assertEquals(bin, new Uint8Array([1, 2, 3]));
  });
  Deno.test(`Serializers - ${name} omits undefined object values like JSON`, () => {
    const s = createSerializer(name);
    assertEquals(s.unserialize(s.serialize([1, { a: undefined, b: 1 }, [undefined]])), [[1, {
      b: 1,
    }, [null]]]);
  });
  Deno.test(`Serializers - ${name} integers stay integers, floats stay floats`, () => {
    const s = createSerializer(name);
    const [m] = s.unserialize(s.serialize([2 ** 53, -(2 ** 53), 2 ** 40 + 1, 0.5, -0.25]));
    assertEquals(m, [2 ** 53, -(2 ** 53), 2 ** 40 + 1, 0.5, -0.25]);
  });
}

Deno.test("Serializers - batched payload with several messages", () => {
  for (const name of NAMES) {
    const s = createSerializer(name, { batched: true });
    const parts = MESSAGES.map((m) => s.serialize(m));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    assertEquals(s.unserialize(all), MESSAGES, name);
    assertEquals(s.unserialize(new Uint8Array(0)), [], name);
  }
});

Deno.test("JsonSerializer - binary convention round trip nested in kwargs", () => {
  const json = new JsonSerializer();
  const msg = [36, 1, 2, {}, [], { a: { b: [new Uint8Array([0x10, 0xe3, 0xff])] } }];
  const text = new TextDecoder().decode(json.serialize(msg));
  assertEquals(text, '[36,1,2,{},[],{"a":{"b":["\\u0000EOP/"]}}]');
  assertEquals(json.unserialize(text), [msg]);
});

Deno.test("JsonSerializer - accepts a text frame's string and is a text serializer", () => {
  const json = new JsonSerializer({ batched: true });
  assert(!json.isBinary);
  assertEquals(json.unserialize('[1,"a",{}]\u001e[6,{},"wamp.close.normal"]\u001e'), [
    [1, "a", {}],
    [6, {}, "wamp.close.normal"],
  ]);
});

Deno.test("JsonSerializer - strings without a leading NUL stay strings", () => {
  const json = new JsonSerializer();
  const [m] = json.unserialize('["a\\u0000b", "\\\\u0000"]');
  assertEquals(m, ["a\u0000b", "\\u0000"]);
  const [b] = json.unserialize('["\\u0000"]');
  assertInstanceOf(b![0], Uint8Array);
  assertEquals(b![0], new Uint8Array(0));
});

Deno.test("JsonSerializer - Node Buffer-like toJSON cannot hide binary", () => {
  class FakeBuffer extends Uint8Array {
    toJSON(): unknown {
      return { type: "Buffer", data: Array.from(this) };
    }
  }
  const json = new JsonSerializer();
  const text = new TextDecoder().decode(json.serialize([1, new FakeBuffer([1, 2, 3])]));
  assertEquals(text, '[1,"\\u0000AQID"]');
});
