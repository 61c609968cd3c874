// Cross-implementation check against Autobahn|JS's own serializers
// (npm `autobahn`, lib/serializer.js: JSON, MessagePack via msgpack5, CBOR via
// node-cbor; it has no UBJSON): what we encode they decode, and what they
// encode we decode, for every WAMP message example.
import { assertEquals } from "../_assert.ts";
import * as autobahnJs from "npm:autobahn@26.3.1/lib/serializer.js";
import { createSerializer, parseMessage, type SerializerName } from "../../src/wamp/mod.ts";
import { MESSAGE_VECTORS } from "../vectors/wamp_messages.ts";

interface TheirSerializer {
  SERIALIZER_ID: string;
  BINARY: boolean;
  serialize(obj: unknown): string | Uint8Array | Promise<Uint8Array>;
  unserialize(payload: string | Uint8Array): unknown;
}
type TheirCtor = new () => TheirSerializer;
const THEIRS = autobahnJs as unknown as Record<string, TheirCtor>;

function hasBytes(x: unknown): boolean {
  if (x instanceof Uint8Array) return true;
  if (Array.isArray(x)) return x.some(hasBytes);
  if (x !== null && typeof x === "object") return Object.values(x).some(hasBytes);
  return false;
}

/** Their values in our terms: Buffers as plain Uint8Arrays, 64-bit BigInts as numbers. */
function normalize(x: unknown): unknown {
  if (x instanceof Uint8Array) return new Uint8Array(x);
  if (typeof x === "bigint") return Number(x);
  if (Array.isArray(x)) return x.map(normalize);
  if (x !== null && typeof x === "object") {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalize(v)]));
  }
  return x;
}

const VECTORS = MESSAGE_VECTORS.map((v) => ({ name: v.name, wire: v.wire }));

const BIN = new Uint8Array([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff]);
/** Extra messages with binary values nested in args and kwargs. */
const BINARY_CASES = [
  { name: "CALL with binary args", wire: [48, 1, {}, "com.myapp.blob", [BIN, { deep: [BIN] }]] },
  {
    name: "EVENT with binary kwargs",
    wire: [36, 5512315355, 4429313566, {}, ["x"], { blob: BIN, nested: { list: [1, BIN] } }],
  },
  { name: "RESULT with an empty byte string", wire: [50, 7, {}, [new Uint8Array(0)]] },
];

const PAIRS: [SerializerName, string][] = [
  ["json", "JSONSerializer"],
  ["msgpack", "MsgpackSerializer"],
  ["cbor", "CBORSerializer"],
];

Deno.test("Autobahn|JS serializers - the package has JSON, MessagePack and CBOR", () => {
  for (const [, ctor] of PAIRS) assertEquals(typeof THEIRS[ctor], "function", ctor);
});

for (const [name, ctor] of PAIRS) {
  // Autobahn|JS's JSON serializer has no binary convention: binary cases are
  // checked separately below.
  const cases = name === "json" ? VECTORS.filter((v) => !hasBytes(v.wire)) : [
    ...VECTORS,
    ...BINARY_CASES,
  ];

  Deno.test(`Autobahn|JS serializers - ${name}: ours decode in theirs`, () => {
    const ours = createSerializer(name);
    const theirs = new THEIRS[ctor]!();
    for (const c of cases) {
      const bytes = ours.serialize(c.wire);
      const payload = theirs.BINARY ? bytes : new TextDecoder().decode(bytes);
      assertEquals(normalize(theirs.unserialize(payload)), c.wire, c.name);
    }
  });

  Deno.test(`Autobahn|JS serializers - ${name}: theirs decode in ours`, async () => {
    const ours = createSerializer(name);
    const theirs = new THEIRS[ctor]!();
    for (const c of cases) {
      const out = await theirs.serialize(c.wire);
      const decoded = ours.unserialize(typeof out === "string" ? out : new Uint8Array(out));
      assertEquals(decoded, [c.wire], c.name);
      parseMessage(decoded[0]);
    }
  });
}

Deno.test("Autobahn|JS serializers - JSON binary convention: a \\0-base64 string is bytes to us", () => {
  const ours = createSerializer("json");
  const theirs = new THEIRS.JSONSerializer!();
  // What Autobahn|JS sees of our bytes: the convention's string, verbatim.
  const wire = [48, 1, {}, "com.myapp.blob", [BIN]];
  const seen = theirs.unserialize(new TextDecoder().decode(ours.serialize(wire))) as unknown[];
  assertEquals((seen[4] as unknown[])[0], "\0AAECf4D+/w==");
  // And a string following the convention, sent by Autobahn|JS, reaches us as bytes.
  const sent = theirs.serialize([48, 1, {}, "com.myapp.blob", ["\0AAECf4D+/w=="]]) as string;
  assertEquals(ours.unserialize(sent), [wire]);
});
