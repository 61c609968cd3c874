import { assert, assertEquals, assertMatch, assertThrows } from "../_assert.ts";
import {
  DEFAULT_TOKEN_CHARS,
  generateActivationCode,
  generateSerialNumber,
  generateToken,
  generateUserPassword,
  id,
  newid,
  randomString,
  rid,
} from "../../src/util/tokens.ts";

Deno.test("tokens - shapes of id, newid, rid and the generated codes", () => {
  assertMatch(id(), /^[A-Za-z0-9_-]{8}$/);
  assertMatch(newid(), /^[A-Za-z0-9_-]{16}$/);
  assertEquals(newid(40).length, 40);
  for (let i = 0; i < 100; i++) {
    const r = rid();
    assert(Number.isInteger(r) && r >= 1 && r <= 2 ** 53);
  }
  const cls = `[${DEFAULT_TOKEN_CHARS}]`;
  assertMatch(generateActivationCode(), new RegExp(`^${cls}{4}-${cls}{4}-${cls}{4}$`));
  assertMatch(generateSerialNumber(), new RegExp(`^(${cls}{4}-){3}${cls}{4}$`));
  assertMatch(generateUserPassword(), /^([13456789a-km-uw-z]{4}-){3}[13456789a-km-uw-z]{4}$/);
  assertEquals(generateToken(2, 3, { sep: ":", lowerCase: true }).length, 7);
});

Deno.test("tokens - characters are uniform (chi-square over 27 symbols)", () => {
  const s = randomString(27 * 2000, DEFAULT_TOKEN_CHARS);
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  assertEquals(counts.size, 27);
  let chi = 0;
  for (const n of counts.values()) chi += (n - 2000) ** 2 / 2000;
  assert(chi < 80, `chi-square ${chi} (26 dof; p < 1e-6 beyond ~70)`);
});

Deno.test("tokens - bad arguments are RangeErrors", () => {
  assertThrows(() => generateToken(0, 4), RangeError);
  assertThrows(() => generateToken(1, 1.5), RangeError);
  assertThrows(() => randomString(-1, "ab"), RangeError);
  assertThrows(() => randomString(1, "a"), RangeError);
  assert(new Set(Array.from({ length: 50 }, () => newid())).size === 50);
});
