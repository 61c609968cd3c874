// Every WAMP message example of tests/vectors/wamp/messages.json, and a
// variant with binary values nested in its args/kwargs, round-trips through
// every serializer, plain and batched.
import { assertEquals } from "../_assert.ts";
import { createSerializer, parseMessage, type SerializerName } from "../../src/wamp/mod.ts";
import { MESSAGE_VECTORS } from "../vectors/wamp_messages.ts";

const VECTORS = MESSAGE_VECTORS;

/** Where Arguments|list sits in each message type that carries a payload. */
const ARGS_INDEX: Record<number, number> = {
  8: 5, // ERROR
  16: 4, // PUBLISH
  36: 4, // EVENT
  48: 4, // CALL
  50: 3, // RESULT
  68: 4, // INVOCATION
  70: 3, // YIELD
};

const BIN = () => new Uint8Array([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff]);

/** The message with binary values in args and kwargs (kept valid: a list and a dict). */
function withBinary(wire: unknown[]): unknown[] | undefined {
  const i = ARGS_INDEX[wire[0] as number];
  if (i === undefined) return undefined;
  const out = wire.slice(0, i);
  // The Options|dict or Details|dict; payload passthru mode (ppt_scheme)
  // carries an opaque payload, so leave those alone.
  const opts = out.find((x) => x !== null && typeof x === "object") as Record<string, unknown>;
  if ("ppt_scheme" in opts) return undefined;
  out.push(
    ["text", BIN(), { deep: [BIN(), { deeper: BIN() }] }, new Uint8Array(0)],
    { blob: BIN(), nested: { list: [1, BIN(), "x"] }, empty: new Uint8Array(0) },
  );
  return out;
}

const CASES: { name: string; wire: unknown[] }[] = [];
for (const v of VECTORS) {
  CASES.push({ name: v.name, wire: v.wire });
  const b = withBinary(v.wire);
  if (b) CASES.push({ name: `${v.name} (binary args/kwargs)`, wire: b });
}

const NAMES: SerializerName[] = ["json", "msgpack", "cbor", "ubjson"];

Deno.test("serializers × messages - the vectors cover every message type", () => {
  const codes = new Set(VECTORS.map((v) => v.wire[0]));
  for (
    const c of [
      1,
      2,
      3,
      4,
      5,
      6,
      8,
      16,
      17,
      32,
      33,
      34,
      35,
      36,
      48,
      49,
      50,
      64,
      65,
      66,
      67,
      68,
      69,
      70,
    ]
  ) {
    assertEquals(codes.has(c), true, `no vector for message type ${c}`);
  }
  assertEquals(CASES.length > VECTORS.length, true);
});

for (const name of NAMES) {
  for (const batched of [false, true]) {
    const label = `${name}${batched ? " batched" : ""}`;
    Deno.test(`serializers × messages - ${label}: every message round-trips`, () => {
      const s = createSerializer(name, { batched });
      for (const c of CASES) {
        const bytes = s.serialize(c.wire);
        const decoded = s.unserialize(bytes);
        assertEquals(decoded.length, 1, c.name);
        assertEquals(decoded[0], c.wire, `${label}: ${c.name}`);
        // ... and still parses to the same message.
        assertEquals(parseMessage(decoded[0]).marshal(), parseMessage(c.wire).marshal(), c.name);
      }
    });
  }
  Deno.test(`serializers × messages - ${name} batched: all messages in one payload`, () => {
    const s = createSerializer(name, { batched: true });
    const parts = CASES.map((c) => s.serialize(c.wire));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    assertEquals(s.unserialize(all), CASES.map((c) => c.wire));
  });
}
