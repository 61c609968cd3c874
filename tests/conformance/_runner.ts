// Runs the case table against one role and compares every verdict with the
// committed expected.json, so that any change of result fails the suite.
import { AssertionError } from "../_assert.ts";
import { type CaseOutcome, type CaseScript, verdict } from "./_fuzzer.ts";
import { CASES, type ConformanceCase, sectionOf } from "./cases.ts";

/** Which of our endpoints is under test. */
export type Role = "server" | "client";

/** An expected.json entry: the verdict, or the verdict with a note on a known engine bug. */
type ExpectedEntry = string | { result: string; bug: string };

interface ExpectedFile {
  server: Record<string, ExpectedEntry>;
  client: Record<string, ExpectedEntry>;
}

const EXPECTED: ExpectedFile = JSON.parse(
  await Deno.readTextFile(new URL("./expected.json", import.meta.url)),
);

/** How many light cases run at once (each has its own connection). */
const CONCURRENCY = 24;

/** The section titles of the real suite. */
export const SECTIONS: ReadonlyArray<[number, string]> = [
  [1, "Framing"],
  [2, "Pings/Pongs"],
  [3, "Reserved Bits"],
  [4, "Opcodes"],
  [5, "Fragmentation"],
  [6, "UTF-8 Handling"],
  [7, "Close Handling"],
  [9, "Limits/Performance"],
  [10, "Misc"],
];

async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function describe(c: ConformanceCase, o: CaseOutcome): string {
  const ev = o.received.map((e) =>
    e.type === "timeout" ? `timeout ${e.tag}` : `${e.type}(${e.data.length} B)`
  );
  return `${c.id} ${c.description}\n    received [${
    ev.join(", ")
  }], remote close code ${o.remoteCloseCode}, ` +
    `closedByMe ${o.closedByMe}, droppedByMe ${o.droppedByMe}, wasClean ${o.wasClean}, ` +
    `${o.durationMs} ms${o.violations.length ? ", violations: " + o.violations.join("; ") : ""}`;
}

/**
 * Runs every case of `section` with `run` (one connection per case) and
 * throws when a verdict differs from expected.json. Set CONFORMANCE_REPORT=1
 * to print every verdict as JSON (for updating expected.json by hand).
 */
export async function runSection(
  role: Role,
  section: number,
  run: (script: CaseScript) => Promise<CaseOutcome>,
): Promise<void> {
  const cases = CASES.filter((c) => sectionOf(c.id) === section);
  const light = cases.filter((c) => !c.heavy);
  const heavy = cases.filter((c) => c.heavy);
  const runOne = async (c: ConformanceCase) => {
    try {
      return await run(c.script());
    } catch (err) {
      throw new Error(`Case ${c.id} could not run: ${(err as Error).message}`);
    }
  };
  const outcomes = new Map<ConformanceCase, CaseOutcome>();
  const lightOut = await pool(light, CONCURRENCY, runOne);
  light.forEach((c, i) => outcomes.set(c, lightOut[i]!));
  const heavyOut = await pool(heavy, 1, runOne);
  heavy.forEach((c, i) => outcomes.set(c, heavyOut[i]!));

  const expected = EXPECTED[role];
  const mismatches: string[] = [];
  const report: Record<string, string> = {};
  for (const c of cases) {
    const o = outcomes.get(c)!;
    const got = verdict(o);
    report[c.id] = got;
    const entry = expected[c.id];
    const want = entry === undefined
      ? "(missing)"
      : typeof entry === "string"
      ? entry
      : entry.result;
    if (got !== want) mismatches.push(`expected ${want}, got ${got}: ${describe(c, o)}`);
  }
  if (Deno.env.get("CONFORMANCE_REPORT")) {
    console.log(JSON.stringify({ role, section, report }, null, 1));
  }
  if (mismatches.length) {
    throw new AssertionError(
      `${mismatches.length} of ${cases.length} cases of section ${section} (${role}) ` +
        `changed result:\n  ${mismatches.join("\n  ")}`,
    );
  }
}
