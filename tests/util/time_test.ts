import { assert, assertEquals, assertMatch, assertThrows } from "../_assert.ts";
import { rtime, Stopwatch, utcnow, utcstr } from "../../src/util/time.ts";
import { Tracker } from "../../src/util/tracker.ts";

Deno.test("time - utcstr and utcnow are ISO 8601 UTC with milliseconds", () => {
  assertEquals(utcstr(new Date(Date.UTC(2024, 1, 29, 12, 3, 4, 5))), "2024-02-29T12:03:04.005Z");
  assertMatch(utcnow(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assertThrows(() => utcstr(new Date(NaN)), RangeError);
  const a = rtime();
  assert(rtime() >= a);
});

Deno.test("Stopwatch - pauses, resumes and stops with an injected clock", () => {
  let now = 10;
  const sw = new Stopwatch(true, () => now);
  now = 12;
  assertEquals(sw.elapsed(), 2);
  assertEquals(sw.pause(), 2);
  now = 20;
  assertEquals(sw.elapsed(), 2);
  assertEquals(sw.isRunning, false);
  sw.resume();
  now = 21;
  assertEquals(sw.stop(), 3);
  assertEquals(sw.elapsed(), 0);
  assertEquals(new Stopwatch(false, () => now).isRunning, false);
});

Deno.test("Tracker - diffs between tracked points, raw and formatted", () => {
  let now = 1;
  const t = new Tracker("handshake", () => now);
  t.track("start");
  now = 1.0125;
  t.track("done");
  assertEquals(Math.round(t.diff("start", "done")! * 10) / 10, 12.5);
  assertEquals(t.diff("start", "done", true), "12.5 ms");
  assertEquals(t.diff("start", "missing"), undefined);
  assertEquals(t.diff("start", "missing", true), "n.a.");
  assertEquals(t.keys(), ["start", "done"]);
  assert(t.toString().startsWith("handshake: start=+0 us, done=+12.5 ms"), t.toString());
});
