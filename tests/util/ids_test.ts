import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { IdGenerator, MAX_WAMP_ID, newGlobalId } from "../../src/util/ids.ts";
import { isValidId } from "../../src/wamp/mod.ts";

Deno.test("MAX_WAMP_ID - is 2^53 (basic profile Identifiers > IDs)", () => {
  assertEquals(MAX_WAMP_ID, 2 ** 53);
  assertEquals(MAX_WAMP_ID, 9007199254740992);
});

Deno.test("newGlobalId - returns integers in [1, 2^53]", () => {
  for (let i = 0; i < 10000; i++) {
    const id = newGlobalId();
    assert(isValidId(id), String(id));
  }
});

Deno.test("newGlobalId - uses the whole range (high bits are set about half the time)", () => {
  const n = 4000;
  let high = 0;
  let odd = 0;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const id = newGlobalId();
    if (id > 2 ** 52) high++;
    if (id % 2 === 1) odd++;
    seen.add(id);
  }
  // Binomial(4000, 0.5): mean 2000, sd ~32; a 10 sd window never fails by chance.
  assert(Math.abs(high - n / 2) < 320, `high=${high}`);
  assert(Math.abs(odd - n / 2) < 320, `odd=${odd}`);
  assertEquals(seen.size, n);
});

Deno.test("newGlobalId - maps the extreme random words to 1 and 2^53", () => {
  const original = crypto.getRandomValues;
  try {
    crypto.getRandomValues = (<T extends ArrayBufferView | null>(a: T): T => {
      (a as unknown as Uint32Array).fill(0);
      return a;
    }) as typeof crypto.getRandomValues;
    assertEquals(newGlobalId(), 1);
    crypto.getRandomValues = (<T extends ArrayBufferView | null>(a: T): T => {
      (a as unknown as Uint32Array).fill(0xffff_ffff);
      return a;
    }) as typeof crypto.getRandomValues;
    assertEquals(newGlobalId(), 2 ** 53);
  } finally {
    crypto.getRandomValues = original;
  }
});

Deno.test("IdGenerator - counts up from 1", () => {
  const ids = new IdGenerator();
  assertEquals([ids.next(), ids.next(), ids.next()], [1, 2, 3]);
  assertEquals(ids.peek(), 4);
});

Deno.test("IdGenerator - wraps from 2^53 back to 1", () => {
  const ids = new IdGenerator(2 ** 53 - 1);
  assertEquals([ids.next(), ids.next(), ids.next(), ids.next()], [2 ** 53 - 1, 2 ** 53, 1, 2]);
});

Deno.test("IdGenerator - rejects a start outside [1, 2^53]", () => {
  for (const s of [0, -1, 1.5, 2 ** 53 + 2, NaN]) {
    assertThrows(() => new IdGenerator(s), RangeError);
  }
});
