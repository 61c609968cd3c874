// Run by permissions_test.ts with `deno run --no-prompt` and no permission
// flags: importing and using the serializers must need none.
import { createSerializer } from "../../../src/wamp/serializers/mod.ts";

const msg = [50, 2 ** 53, {}, [new Uint8Array([1, 2, 3]), "x"], { k: 1.5 }];
for (const name of ["cbor", "msgpack", "ubjson", "json"] as const) {
  const s = createSerializer(name);
  const [back] = s.unserialize(s.serialize(msg));
  if (
    JSON.stringify(back, (_k, v) => v instanceof Uint8Array ? Array.from(v) : v) !==
      JSON.stringify(msg, (_k, v) => v instanceof Uint8Array ? Array.from(v) : v)
  ) {
    throw new Error(`${name} round trip failed`);
  }
}
console.log("serializers ok");
