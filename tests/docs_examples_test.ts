// Every public symbol (everything reachable from the package's entry points)
// carries an `@example` in its JSDoc. The examples themselves are type-checked
// and run by `deno test --doc` (the `test:doc` task); this test keeps the
// coverage from eroding when symbols are added.
import { assertEquals } from "./_assert.ts";

const ROOT = new URL("../", import.meta.url);

interface DocTag {
  readonly kind: string;
}
interface DocDeclaration {
  readonly kind: string;
  readonly location?: { readonly filename?: string; readonly line?: number };
  readonly jsDoc?: { readonly tags?: readonly DocTag[] };
}
interface DocSymbol {
  readonly name: string;
  readonly declarations: readonly DocDeclaration[];
}
interface DocJson {
  readonly nodes: Record<string, { readonly symbols: readonly DocSymbol[] }>;
}

Deno.test("docs: every public symbol has an @example", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))) as {
    exports: Record<string, string>;
  };
  const entries = Object.values(config.exports);
  // One run per entry point: with several entries at once, re-exports show up
  // as bare references instead of the declarations with their JSDoc.
  const docs = await Promise.all(entries.map(async (entry) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", entry],
      cwd: ROOT.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout)) as DocJson;
  }));
  const missing = new Set<string>();
  const seen = new Set<string>();
  for (const node of docs.flatMap((doc) => Object.values(doc.nodes))) {
    for (const symbol of node.symbols) {
      // Namespaces re-exported as modules and overload sets: one example per symbol suffices.
      const decls = symbol.declarations.filter((d) =>
        d.kind !== "moduleDoc" && d.kind !== "reference"
      );
      if (decls.length === 0) continue;
      const at = decls[0]!.location;
      const key = `${symbol.name}@${at?.filename}:${at?.line}`;
      if (seen.has(key)) continue; // re-exported by several entry points
      seen.add(key);
      const hasExample = decls.some((d) => d.jsDoc?.tags?.some((t) => t.kind === "example"));
      if (!hasExample) {
        const file = at?.filename?.replace(ROOT.href, "") ?? "?";
        missing.add(`${symbol.name} (${file}:${at?.line ?? "?"})`);
      }
    }
  }
  const list = [...missing].sort();
  assertEquals(
    list.length,
    0,
    `${list.length} of ${seen.size} public symbols have no @example:\n  ${list.join("\n  ")}`,
  );
});
