import { assert, assertEquals, assertStrictEquals, assertThrows } from "../../_assert.ts";
import {
  createSerializer,
  SERIALIZER_NAMES,
  serializerForRawSocketId,
  serializerForSubprotocol,
  WAMP_SUBPROTOCOLS,
} from "../../../src/wamp/serializers/mod.ts";

Deno.test("serializerForSubprotocol - every advertised subprotocol resolves to itself", () => {
  assertEquals(WAMP_SUBPROTOCOLS.length, 8);
  for (const sub of WAMP_SUBPROTOCOLS) {
    const s = serializerForSubprotocol(sub);
    assertStrictEquals(s?.subprotocol, sub);
    assertStrictEquals(s.batched, sub.endsWith(".batched"));
    assertStrictEquals(s.isBinary, s.name !== "json");
  }
  assertStrictEquals(serializerForSubprotocol("wamp.2.flatbuffers"), undefined);
  assertStrictEquals(serializerForSubprotocol("wamp.2.json.batchedx"), undefined);
  assertStrictEquals(serializerForSubprotocol("xwamp.2.json"), undefined);
});

Deno.test("serializerForRawSocketId - RawSocket ids 1 to 4, never batched", () => {
  const names = [1, 2, 3, 4].map((id) => serializerForRawSocketId(id));
  assertEquals(names.map((s) => s?.name), ["json", "msgpack", "cbor", "ubjson"]);
  for (const [i, s] of names.entries()) {
    assertStrictEquals(s?.rawSocketId, i + 1);
    assert(!s.batched);
  }
  assertStrictEquals(serializerForRawSocketId(0), undefined);
  assertStrictEquals(serializerForRawSocketId(5), undefined);
});

Deno.test("createSerializer - names and bad options", () => {
  for (const name of SERIALIZER_NAMES) assertStrictEquals(createSerializer(name).name, name);
  assertThrows(() => createSerializer("xml" as "json"), RangeError);
  assertThrows(() => createSerializer("json", { maxDepth: 0 }), RangeError);
  assertThrows(() => createSerializer("cbor", { maxDepth: 1.5 }), RangeError);
});
