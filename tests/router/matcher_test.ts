import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { UriMatcher } from "../../src/router/matcher.ts";
import { matchesUri, type MatchPolicy } from "../../src/wamp/uri.ts";

Deno.test("UriMatcher - exact, prefix and wildcard lookups", () => {
  const m = new UriMatcher<string>();
  m.set("com.app.ping", "exact", "E");
  m.set("com.app", "prefix", "P1");
  m.set("com.app.pi", "prefix", "P2");
  m.set("com..ping", "wildcard", "W1");
  m.set("..ping", "wildcard", "W2");
  assertEquals(m.size, 5);
  assertEquals(m.matchAll("com.app.ping"), ["E", "P2", "P1", "W1", "W2"]);
  assertEquals(m.matchBest("com.app.ping"), "E");
  assertEquals(m.matchBest("com.app.pink"), "P2");
  assertEquals(m.matchBest("com.other.ping"), "W1");
  assertEquals(m.matchBest("org.other.ping"), "W2");
  assertEquals(m.matchBest("org.ping"), undefined);
  assertEquals(m.get("com..ping", "wildcard"), "W1");
  assertEquals(m.delete("com..ping", "wildcard"), true);
  assertEquals(m.delete("com..ping", "wildcard"), false);
  assertEquals(m.delete("com.app", "prefix"), true);
  assertEquals(m.matchAll("com.app.ping"), ["E", "P2", "W2"]);
  assertEquals([...m.entries()].length, 3);
});

/** The naive reference: a linear scan with the spec's rules. */
function naive(entries: Map<string, [string, MatchPolicy]>, uri: string) {
  const all = [...entries.entries()].filter(([, [p, mp]]) => matchesUri(uri, p, mp));
  const exact = all.find(([, [, mp]]) => mp === "exact");
  const prefixes = all.filter(([, [, mp]]) => mp === "prefix")
    .sort((a, b) => b[1][0].length - a[1][0].length);
  // Wildcards: a literal component beats a wildcard at the first position they differ.
  const wild = all.filter(([, [, mp]]) => mp === "wildcard").sort((a, b) => {
    const x = a[1][0].split("."), y = b[1][0].split(".");
    for (let i = 0; i < x.length; i++) {
      if ((x[i] === "") !== (y[i] === "")) return x[i] === "" ? 1 : -1;
    }
    return 0;
  });
  const best = exact?.[0] ?? prefixes[0]?.[0] ?? wild[0]?.[0];
  return { all: all.map(([k]) => k).sort(), best };
}

const component = fc.constantFrom("a", "b", "c", "ab");
const uriArb = fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => c.join("."));
const patternArb = fc.oneof(
  uriArb.map((u) => [u, "exact"] as [string, MatchPolicy]),
  fc.tuple(uriArb, fc.constantFrom("", ".", "a")).map(([u, s]) =>
    [s === "." ? u + "." : u + s, "prefix"] as [string, MatchPolicy]
  ),
  fc.array(fc.oneof(component, fc.constant("")), { minLength: 1, maxLength: 4 })
    .map((c) => [c.join("."), "wildcard"] as [string, MatchPolicy]),
);

Deno.test("UriMatcher - property: agrees with a naive linear matcher", () => {
  fc.assert(
    fc.property(
      fc.array(patternArb, { maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.array(uriArb, { minLength: 1, maxLength: 20 }),
      (patterns, deletions, uris) => {
        const m = new UriMatcher<string>();
        const ref = new Map<string, [string, MatchPolicy]>();
        for (const [p, mp] of patterns) {
          const key = `${mp}:${p}`;
          m.set(p, mp, key);
          ref.set(key, [p, mp]);
        }
        const keys = [...ref.keys()];
        for (const d of deletions) {
          if (keys.length === 0) break;
          const key = keys[d % keys.length]!;
          const [p, mp] = ref.get(key) ?? [];
          if (p === undefined) continue;
          assertEquals(m.delete(p, mp!), true);
          ref.delete(key);
        }
        assertEquals(m.size, ref.size);
        // Tie among wildcard patterns that are equal by the rule cannot happen:
        // equal literal/wildcard shape and equal matching means equal patterns.
        for (const uri of uris) {
          const want = naive(ref, uri);
          assertEquals(m.matchAll(uri).sort(), want.all, `matchAll(${uri})`);
          assertEquals(m.matchBest(uri), want.best, `matchBest(${uri})`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("UriMatcher - cost does not grow with unrelated entries", () => {
  const m = new UriMatcher<number>();
  for (let i = 0; i < 50_000; i++) {
    m.set(`com.app${i}.topic`, "exact", i);
    m.set(`org.app${i}`, "prefix", i);
    m.set(`net.app${i}..x`, "wildcard", i);
  }
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 10_000; i++) n += m.matchAll(`com.app${i}.topic`).length;
  const dt = performance.now() - t0;
  assertEquals(n, 10_000);
  // 10k lookups among 150k entries: a linear scan would take seconds.
  if (dt > 1000) throw new Error(`matchAll too slow: ${dt} ms`);
});
