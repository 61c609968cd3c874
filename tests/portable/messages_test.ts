// Portable (Deno and Bun): WAMP messages from the spec vectors parse, validate,
// marshal back to the same wire form, and survive every serializer.
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  CallMessage,
  createSerializer,
  HelloMessage,
  MessageType,
  parseMessage,
  ProtocolError,
} from "../../src/wamp/mod.ts";
import { MESSAGE_VECTORS } from "../vectors/wamp_messages.ts";
import { test } from "./_harness.ts";

const VECTORS = MESSAGE_VECTORS;

test("portable messages - every spec vector parses to its class and marshals back", () => {
  assert(VECTORS.length >= 24, "vectors loaded");
  for (const v of VECTORS) {
    const msg = parseMessage(v.wire);
    assertEquals(msg.constructor.name, v.expected.class, v.name);
    assertEquals(msg.marshal(), v.wire, v.name);
  }
});

test("portable messages - every vector survives json, msgpack, cbor and ubjson", () => {
  for (const name of ["json", "msgpack", "cbor", "ubjson"] as const) {
    const s = createSerializer(name);
    for (const v of VECTORS) {
      const [back] = s.unserialize(s.serialize(v.wire));
      assertEquals(parseMessage(back as unknown[]).marshal(), v.wire, `${name}: ${v.name}`);
    }
  }
});

test("portable messages - constructors validate, parseMessage rejects bad wire forms", () => {
  const hello = new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } });
  assertEquals(hello.marshal(), [MessageType.HELLO, "realm1", { roles: { caller: {} } }]);
  const call = new CallMessage({ requestId: 7, procedure: "com.example.add", args: [1, 2] });
  assertEquals(call.marshal(), [MessageType.CALL, 7, {}, "com.example.add", [1, 2]]);
  for (
    const bad of [
      [],
      [999],
      [MessageType.HELLO, 5, {}],
      [MessageType.CALL, -1, {}, "x"],
      [MessageType.CALL, 1, {}, "bad uri with spaces"],
      [MessageType.PUBLISH, 1, [], "a.b"],
    ]
  ) {
    assertThrows(() => parseMessage(bad), ProtocolError);
  }
});
