import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { Observable } from "../../src/util/observable.ts";
import { encodeTruncate, xor } from "../../src/util/misc.ts";
import { createLogger, isEnabled, type LogRecord } from "../../src/util/logger.ts";

Deno.test("Observable - fire awaits listeners in order; off and once", async () => {
  const o = new Observable<{ a: [n: number]; b: [] }>(["a", "b"]);
  const seen: string[] = [];
  o.on("a", async (n) => {
    await new Promise((r) => setTimeout(r, 5));
    seen.push(`slow${n}`);
  });
  const off = o.on("a", (n) => void seen.push(`fast${n}`));
  o.once("a", () => 42);
  assertEquals(await o.fire("a", 1), [undefined, undefined, 42]);
  off();
  await o.fire("a", 2);
  assertEquals(seen, ["slow1", "fast1", "slow2"]);
  assertEquals(o.listenerCount("a"), 1);
  o.off();
  assertEquals(o.listenerCount("a"), 0);
  assertThrows(() => o.on("c" as "a", () => {}), TypeError, "Unknown event");
  o.on("b", () => {
    throw new Error("x");
  });
  await assertRejects(() => o.fire("b"), Error, "x");
});

Deno.test("encodeTruncate - never splits a UTF-8 character", () => {
  assertEquals(new TextDecoder().decode(encodeTruncate("κόσμε", 5)), "κό");
  assertEquals(encodeTruncate("abc", 3).length, 3);
  assertEquals(new TextDecoder().decode(encodeTruncate("abcdef", 5, "…")), "ab…");
  assertEquals(encodeTruncate("🎉🎉", 7).length, 4);
  assertThrows(() => encodeTruncate("x", -1), RangeError);
});

Deno.test("xor - bytewise, equal lengths only", () => {
  assertEquals(
    xor(new Uint8Array([0xff, 0x0f]), new Uint8Array([0x0f, 0x0f])),
    new Uint8Array([0xf0, 0]),
  );
  assertThrows(() => xor(new Uint8Array(1), new Uint8Array(2)), RangeError);
});

Deno.test("Logger - levels trace … critical, a pluggable sink, setLevel", () => {
  const records: LogRecord[] = [];
  const log = createLogger("info", (r) => records.push(r));
  let built = 0;
  const expensive = () => (built++, { big: true });
  if (log.enabled.debug) log.log("debug", "t", "dropped", expensive());
  log.log("info", "t", "kept", { a: 1 });
  log.log("critical", "t", "bad");
  assertEquals(built, 0);
  assertEquals(records.map((r) => `${r.level}:${r.message}`), ["info:kept", "critical:bad"]);
  log.setLevel("critical");
  log.log("error", "t", "dropped");
  assertEquals(isEnabled(log, "error"), false);
  assertEquals(isEnabled(log, "critical"), true);
  log.setLevel("off");
  log.log("critical", "t", "dropped");
  assertEquals(records.length, 2);
  assertEquals(log.level, "off");
  assertThrows(() => createLogger("loud" as "info"), RangeError);
});
