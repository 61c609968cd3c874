// Type-checks every complete ```ts code block of docs/*.md: the blocks are
// written to a temporary directory with `@autobahn/autobahn…` imports
// rewritten to this repository's entry points, then `deno check`ed with the
// repository's deno.json. Fragments are marked ```ts ignore and skipped.
import { assert, assertEquals } from "./_assert.ts";

const ROOT = new URL("../", import.meta.url);
const DOCS = new URL("docs/", ROOT);

/** The package's exports (deno.json), as entry-point files. */
const ENTRY: Record<string, string> = {
  "": "mod.ts",
  "/websocket": "src/websocket/mod.ts",
  "/wamp": "src/wamp/mod.ts",
  "/rawsocket": "src/rawsocket/mod.ts",
  "/transport": "src/transport/mod.ts",
  "/session": "src/session/mod.ts",
  "/router": "src/router/mod.ts",
  "/component": "src/component/mod.ts",
  "/auth": "src/auth/mod.ts",
  "/util": "src/util/mod.ts",
  "/client": "src/client.ts",
  "/client/msgpack": "src/client/msgpack.ts",
  "/client/cbor": "src/client/cbor.ts",
  "/client/ubjson": "src/client/ubjson.ts",
  "/client/wampcra": "src/client/wampcra.ts",
  "/client/cryptosign": "src/client/cryptosign.ts",
  "/client/scram": "src/client/scram.ts",
  "/client/all": "src/client/all.ts",
};

interface Block {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function extractBlocks(file: string, text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```ts") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== "```") end++;
    blocks.push({ file, line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

function rewriteImports(code: string): string {
  return code.replace(
    /(["'])@autobahn\/autobahn(\/[a-z]+(?:\/[a-z]+)?)?\1/g,
    (whole, _q: string, sub: string | undefined) => {
      const entry = ENTRY[sub ?? ""];
      if (entry === undefined) throw new Error(`Unknown export in ${whole}`);
      return JSON.stringify(new URL(entry, ROOT).href);
    },
  );
}

async function readDocs(): Promise<Map<string, string>> {
  const docs = new Map<string, string>();
  for await (const entry of Deno.readDir(DOCS)) {
    if (entry.isFile && entry.name.endsWith(".md")) {
      docs.set(entry.name, await Deno.readTextFile(new URL(entry.name, DOCS)));
    }
  }
  return docs;
}

Deno.test("docs: every guide of the index exists and links resolve", async () => {
  const docs = await readDocs();
  for (
    const name of [
      "README.md",
      "websocket.md",
      "wamp.md",
      "components.md",
      "authentication.md",
      "router.md",
      "logging.md",
      "upgrading.md",
      "repl.md",
      "browser.md",
      "bun.md",
    ]
  ) {
    assert(docs.has(name), `docs/${name} is missing`);
  }
  for (const [name, text] of docs) {
    for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const stat = await Deno.stat(new URL(target, new URL(name, DOCS))).catch(() => null);
      assert(stat !== null, `docs/${name}: broken link ${target}`);
    }
  }
});

Deno.test("docs: every complete ts block type-checks", async () => {
  const docs = await readDocs();
  const blocks = [...docs].flatMap(([name, text]) => extractBlocks(name, text));
  assert(blocks.length >= 10, `expected code blocks, found ${blocks.length}`);
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "autobahn_docs_" });
  try {
    const files: string[] = [];
    for (const b of blocks) {
      const path = `${dir}/${b.file.replace(/\.md$/, "")}_line${b.line}.ts`;
      await Deno.writeTextFile(path, `${rewriteImports(b.code)}\nexport {};\n`);
      files.push(path);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", new URL("deno.json", ROOT).pathname, ...files],
      cwd: new URL(".", ROOT).pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const msg = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, `deno check failed (file names give doc and line):\n${msg}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
