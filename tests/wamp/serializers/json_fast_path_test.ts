// The JSON serializer parses small messages straight from the bytes when they
// use the plain subset; whatever it parses must equal what JSON.parse gives,
// and everything else must take the full path with the same result or error.
import fc from "fast-check";
import { assert, assertEquals, assertThrows } from "../../_assert.ts";
import { JsonSerializer } from "../../../src/wamp/serializers/json.ts";
import { ProtocolError } from "../../../src/wamp/errors.ts";

const json = new JsonSerializer();
const enc = new TextEncoder();

/** What the serializer must return for `text`: JSON.parse's value, or a ProtocolError. */
function expectSame(text: string, serializer = json): void {
  let want: unknown;
  try {
    want = JSON.parse(text);
  } catch {
    assertThrows(() => serializer.unserialize(enc.encode(text)), ProtocolError);
    return;
  }
  if (!Array.isArray(want)) {
    assertThrows(() => serializer.unserialize(enc.encode(text)), ProtocolError);
    return;
  }
  const [got] = serializer.unserialize(enc.encode(text));
  assertEquals(got, want);
  // Signs of zero and prototypes as JSON.parse makes them.
  assertEquals(JSON.stringify(got), JSON.stringify(want));
}

Deno.test("JSON fast path - equals JSON.parse on edge cases", () => {
  const cases = [
    "[]",
    " [ 1 , 2 ,3 ] ",
    "[-0]",
    "[0]",
    "[01]",
    "[1.5]",
    "[1e3]",
    "[1.]",
    "[1.e5]",
    "[1e]",
    "[1e+]",
    "[-0.0]",
    "[1E400]",
    "[0.1e-7]",
    "[2.5E+3,-1.25]",
    "[1.5.3]",
    "[1e5e3]",
    "[12345678901234567890]",
    "[-01.5]",
    "[-]",
    "[--1]",
    "[1,]",
    "[,1]",
    "[",
    "[1]x",
    "[true,false,null]",
    "[tru]",
    "[nul]",
    "[falsey]",
    '["a\\"b"]',
    '["\t"]',
    '["é"]',
    "[9007199254740991]",
    "[9007199254740992]",
    "[9007199254740993]",
    "[-9007199254740993]",
    "[9999999999999999]",
    "[12345678901234567]",
    '[{"a":1,"a":2}]',
    '[{"1":1,"b":2,"0":3}]',
    '[{"a" :  [1 , {"b":"c"}] }]',
    '[{"__proto__":{"x":1}}]',
    '[{"toString":1,"constructor":2}]',
    "{}",
    '"x"',
    "",
    " ",
  ];
  for (const text of cases) expectSame(text);
  const [proto] = json.unserialize(enc.encode('[{"__proto__":{"x":1}}]'));
  const obj = proto[0] as Record<string, unknown>;
  assert(Object.hasOwn(obj, "__proto__"));
  assertEquals(Object.getPrototypeOf(obj), Object.prototype);
});

Deno.test("JSON fast path - integers up to 17 digits round like JSON.parse", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
      (n) => expectSame(`[${n}]`),
    ),
    { numRuns: 2000 },
  );
});

Deno.test("JSON fast path - any JSON value equals JSON.parse", () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), (value) => {
      expectSame(JSON.stringify(value));
    }),
    { numRuns: 1000 },
  );
});

Deno.test("JSON fast path - garbage made of JSON tokens fails or parses exactly as JSON.parse", () => {
  const token = fc.constantFrom(
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    " ",
    '"',
    "\\",
    "a",
    "é",
    "0",
    "1",
    "-",
    "+",
    ".",
    "e",
    "true",
    "null",
    "fals",
    "\u0000",
    "\n",
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 60 }), (parts) => expectSame(parts.join(""))),
    { numRuns: 3000 },
  );
  // Valid messages with one byte cut, flipped or doubled.
  fc.assert(
    fc.property(
      fc.array(fc.jsonValue(), { maxLength: 4 }),
      fc.nat(),
      fc.constantFrom("cut", "flip", "double"),
      (value, at, how) => {
        const text = JSON.stringify(value);
        const i = at % text.length;
        const bad = how === "cut"
          ? text.slice(0, i) + text.slice(i + 1)
          : how === "double"
          ? text.slice(0, i) + text[i] + text.slice(i)
          : text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 0x20) + text.slice(i + 1);
        expectSame(bad);
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("JSON fast path - any double parses like JSON.parse", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noDefaultInfinity: true, noNaN: true })), (value) => {
      expectSame(JSON.stringify(value));
      expectSame(JSON.stringify(value).replaceAll("e", "E"));
    }),
    { numRuns: 1000 },
  );
});

Deno.test("JSON fast path - nesting limit and binary values as before", () => {
  const shallow = new JsonSerializer({ maxDepth: 3 });
  expectSame("[[1]]", shallow);
  assertThrows(() => shallow.unserialize(enc.encode("[[[[1]]]]")), ProtocolError);
  const [msg] = json.unserialize(enc.encode('[1,"\\u0000AQID"]'));
  assertEquals(msg[1], new Uint8Array([1, 2, 3]));
});

const dec = new TextDecoder();

/** What the serializer must write for `value`: JSON.stringify's text, or throw as before. */
function expectStringify(value: unknown[], serializer = json): void {
  assertEquals(dec.decode(serializer.serialize(value)), JSON.stringify(value));
}

Deno.test("JSON fast path - serialize writes what JSON.stringify writes", () => {
  class Point {
    x = 1;
  }
  const nullProto = Object.assign(Object.create(null), { b: 1, a: [true, false, null] });
  const withToJson = { toJSON: () => "replaced" };
  const getter = {
    get a() {
      return 5;
    },
  };
  const sparse: unknown[] = [1];
  sparse[3] = 2;
  const cases: unknown[][] = [
    [],
    [48, 1, {}, "com.example.add", [1, 2]],
    [-0, 0, -1, 9, 10, -10, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e21, 1.5, -2.25e-7, NaN, Infinity],
    [{ 2: "b", 1: "a", z: 1, y: { x: [] } }],
    [{ a: undefined, b: () => 1, c: Symbol("s"), d: 1 }],
    [undefined, () => 1],
    sparse,
    ['quote"', "back\\slash", "tab\t", "é", "😀", "\u007f", "\u0000x"],
    [{ 'k"ey': 1, "é": 2 }],
    [new Date(0), new Point(), nullProto, withToJson, getter],
    [[[[[[[[1]]]]]]]],
    ["x".repeat(3000)],
    [Array.from({ length: 500 }, (_, i) => i)],
  ];
  for (const value of cases) expectStringify(value);
  // Batched: each message followed by the record separator.
  const batched = new JsonSerializer({ batched: true });
  assertEquals(dec.decode(batched.serialize([1, "a"])), '[1,"a"]\u001e');
  // Too deep, bigint: the same errors as before.
  const shallow = new JsonSerializer({ maxDepth: 2 });
  assertThrows(() => shallow.serialize([[[1]]]), TypeError);
  assertThrows(() => json.serialize([1n]), TypeError);
  // Binary values still travel as "\0" + base64.
  assertEquals(dec.decode(json.serialize([1, new Uint8Array([1, 2, 3])])), '[1,"\\u0000AQID"]');
});

Deno.test("JSON fast path - serialize equals JSON.stringify on any JSON value", () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), (value) => expectStringify(value)),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.string())),
      (value) => expectStringify(value),
    ),
    { numRuns: 1000 },
  );
});
