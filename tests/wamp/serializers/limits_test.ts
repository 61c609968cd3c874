import { assertEquals, assertThrows, hex } from "../../_assert.ts";
import { ProtocolError } from "../../../src/wamp/errors.ts";
import {
  createSerializer,
  decodeUbjson,
  type SerializerName,
} from "../../../src/wamp/serializers/mod.ts";

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];
const utf8 = (s: string) => new TextEncoder().encode(s);

/** [2^53 + 1] on the wire in each format. */
const BEYOND_2_53: Record<SerializerName, Uint8Array> = {
  json: utf8("[9007199254740993]"),
  msgpack: hex("91 cf 00 20 00 00 00 00 00 01"),
  cbor: hex("81 1b 00 20 00 00 00 00 00 01"),
  ubjson: hex("5b 4c 00 20 00 00 00 00 00 01 5d"),
};

function nested(depth: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

for (const name of ["msgpack", "cbor", "ubjson"] as const) {
  Deno.test(`Serializers - ${name} rejects 64-bit integers beyond 2^53`, () => {
    const s = createSerializer(name);
    assertThrows(() => s.unserialize(BEYOND_2_53[name]), ProtocolError, "2^53");
  });
  Deno.test(`Serializers - ${name} rejects a text payload`, () => {
    assertThrows(() => createSerializer(name).unserialize("[1]"), ProtocolError, "text");
  });
}

Deno.test("Serializers - negative 64-bit integers: -2^53 accepted, -2^53-1 rejected", () => {
  const ok: [SerializerName, string][] = [
    ["msgpack", "91 d3 ff e0 00 00 00 00 00 00"],
    ["cbor", "81 3b 00 1f ff ff ff ff ff ff"],
    ["ubjson", "5b 4c ff e0 00 00 00 00 00 00 5d"],
  ];
  for (const [name, h] of ok) {
    assertEquals(createSerializer(name).unserialize(hex(h)), [[-(2 ** 53)]], name);
  }
  const bad: [SerializerName, string][] = [
    ["msgpack", "91 d3 ff df ff ff ff ff ff ff"],
    ["cbor", "81 3b 00 20 00 00 00 00 00 00"],
    ["ubjson", "5b 4c ff df ff ff ff ff ff ff 5d"],
  ];
  for (const [name, h] of bad) {
    assertThrows(() => createSerializer(name).unserialize(hex(h)), ProtocolError, "2^53");
  }
});

Deno.test("Serializers - small values in 64-bit encodings decode as numbers", () => {
  assertEquals(createSerializer("msgpack").unserialize(hex("91 cf 00 00 00 00 00 00 00 05")), [[
    5,
  ]]);
  assertEquals(createSerializer("cbor").unserialize(hex("81 1b 00 00 00 00 00 00 00 05")), [[5]]);
});

Deno.test("JsonSerializer - 2^53+1 is not an ID (parses lossy, as every JSON peer does)", () => {
  // JSON has no integer type: JSON.parse rounds; WAMP-level ID checks see 2^53.
  assertEquals(createSerializer("json").unserialize(BEYOND_2_53.json), [[2 ** 53]]);
});

Deno.test("Serializers - BigInt values are refused on serialize with TypeError", () => {
  for (const name of NAMES) {
    assertThrows(() => createSerializer(name).serialize([1, 2n]), TypeError, `Cannot serialize`);
  }
});

Deno.test("Serializers - nesting deeper than maxDepth is rejected both ways", () => {
  for (const name of NAMES) {
    const s = createSerializer(name, { maxDepth: 10 });
    assertEquals(s.unserialize(s.serialize(nested(10))), [nested(10)]);
    assertThrows(() => s.serialize(nested(11)), TypeError, "Cannot serialize");
    const deep = createSerializer(name, { maxDepth: 1000 }).serialize(nested(11));
    assertThrows(() => s.unserialize(deep), ProtocolError, "nesting");
  }
});

Deno.test("Serializers - very deep input never overflows the stack", () => {
  const depth = 200_000;
  const inputs: Record<SerializerName, Uint8Array> = {
    json: utf8("[".repeat(depth) + "]".repeat(depth)),
    msgpack: new Uint8Array(depth).fill(0x91),
    cbor: new Uint8Array(depth).fill(0x81),
    ubjson: utf8("[".repeat(depth) + "]".repeat(depth)),
  };
  for (const name of NAMES) {
    assertThrows(() => createSerializer(name).unserialize(inputs[name]), ProtocolError);
  }
});

Deno.test("Serializers - truncated input at every length is a ProtocolError", () => {
  for (const name of NAMES) {
    const s = createSerializer(name);
    const full = s.serialize([48, 2 ** 40, { a: [1.5, "xyz"] }, "com.x", [new Uint8Array(5)]]);
    for (let n = 0; n < full.length; n++) {
      assertThrows(() => s.unserialize(full.subarray(0, n)), ProtocolError, "Cannot unserialize");
    }
  }
});

Deno.test("Serializers - junk after the message is a ProtocolError", () => {
  for (const name of NAMES) {
    const s = createSerializer(name);
    const full = s.serialize([1, "realm1", {}]);
    const junk = new Uint8Array(full.length + 1);
    junk.set(full);
    junk[full.length] = 0x31;
    assertThrows(() => s.unserialize(junk), ProtocolError, "Cannot unserialize");
  }
});

Deno.test("Serializers - a top-level value that is not an array is a ProtocolError", () => {
  const inputs: Record<SerializerName, Uint8Array> = {
    json: utf8('{"a":1}'),
    msgpack: hex("81 a1 61 01"),
    cbor: hex("a1 61 61 01"),
    ubjson: hex("55 01"),
  };
  for (const name of NAMES) {
    assertThrows(() => createSerializer(name).unserialize(inputs[name]), ProtocolError, "array");
  }
});

Deno.test("Serializers - batched framing with a truncated length prefix", () => {
  for (const name of ["msgpack", "cbor", "ubjson"] as const) {
    const s = createSerializer(name, { batched: true });
    const one = s.serialize([1, "realm1", {}]);
    const twoAndABit = new Uint8Array(one.length * 2 + 2);
    twoAndABit.set(one);
    twoAndABit.set(one, one.length);
    assertThrows(() => s.unserialize(twoAndABit), ProtocolError, "length prefix");
    // A length that claims more than what is left.
    const over = one.slice();
    over[3] = over[3]! + 1;
    assertThrows(() => s.unserialize(over), ProtocolError, "exceeds");
  }
});

Deno.test("JsonSerializer - batched: empty records in the middle are rejected", () => {
  const s = createSerializer("json", { batched: true });
  assertThrows(() => s.unserialize("[1]\u001e\u001e[2]\u001e"), ProtocolError);
  assertEquals(s.unserialize("[1]\u001e[2]"), [[1], [2]]);
});

Deno.test("JsonSerializer - invalid JSON, bad UTF-8 and bad base64 are ProtocolErrors", () => {
  const s = createSerializer("json");
  assertThrows(() => s.unserialize("[1,"), ProtocolError, "Cannot unserialize json");
  assertThrows(() => s.unserialize(hex("5b 22 ff 22 5d")), ProtocolError, "UTF-8");
  assertThrows(() => s.unserialize('["\\u0000!!"]'), ProtocolError, "base64");
});

Deno.test("CborSerializer - tags for dates, sets and undefined are handled", () => {
  const s = createSerializer("cbor");
  // Tag 1 (epoch date) is not a JSON-like value.
  assertThrows(() => s.unserialize(hex("81 c1 1a 00 00 00 01")), ProtocolError, "Date");
  // undefined (0xf7) becomes null.
  assertEquals(s.unserialize(hex("82 f7 01")), [[null, 1]]);
  // The decoder still works after an error.
  assertEquals(s.unserialize(hex("81 01")), [[1]]);
});

Deno.test("MsgpackSerializer - extension types (timestamps) are rejected", () => {
  const s = createSerializer("msgpack");
  assertThrows(() => s.unserialize(hex("91 d6 ff 00 00 00 01")), ProtocolError, "extension");
});

Deno.test("decodeUbjson - declared sizes are checked against the input first", () => {
  // A string, binary and counted containers claiming 2^31-1 elements.
  for (
    const h of [
      "53 6c 7f ff ff ff 61",
      "5b 24 55 23 6c 7f ff ff ff 00",
      "5b 23 6c 7f ff ff ff 5a",
      "7b 23 6c 7f ff ff ff",
      "5b 24 5a 23 6c 7f ff ff ff",
      "5b 24 44 23 55 02 00 00 00 00 00 00 00 00",
    ]
  ) {
    assertThrows(() => decodeUbjson(hex(h)), ProtocolError);
  }
  assertThrows(() => decodeUbjson(hex("53 69 ff")), ProtocolError, "negative");
  assertThrows(() => decodeUbjson(hex("5b 24 4e 23 55 01")), ProtocolError, "container type");
  assertThrows(() => decodeUbjson(hex("5b 24 55 55 01")), ProtocolError, "count");
  assertThrows(() => decodeUbjson(hex("43 ff")), ProtocolError, "ASCII");
  assertThrows(() => decodeUbjson(hex("48 55 01 78")), ProtocolError, "high-precision");
  assertThrows(
    () => decodeUbjson(utf8("[HU\x109007199254740993]")),
    ProtocolError,
    "2^53",
  );
});

Deno.test("decodeUbjson - a __proto__ key becomes an own property", () => {
  const v = decodeUbjson(hex("7b 55 09 5f 5f 70 72 6f 74 6f 5f 5f 7b 7d 7d")) as Record<
    string,
    unknown
  >;
  assertEquals(Object.getPrototypeOf(v), Object.prototype);
  assertEquals(Object.keys(v), ["__proto__"]);
});
