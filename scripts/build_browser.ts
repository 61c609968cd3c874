/**
 * Builds the browser client: `deno bundle --platform browser --minify` of
 * `src/client.ts` and its opt-in modules (`src/client/*.ts`), and prints the
 * sizes (minified, and minified + gzip).
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-run --allow-env scripts/build_browser.ts [outdir] [--table]
 * ```
 *
 * Output in `outdir` (default `dist/`):
 *
 * - `client.js`, `client/msgpack.js`, `client/cbor.js`, `client/ubjson.js`,
 *   `client/wampcra.js`, `client/cryptosign.js`, `client/scram.js`,
 *   `client/all.js` and shared `chunk-*.js`: one code-split ES module set, so
 *   a page imports `./client.js` plus the opt-in modules it wants (as with
 *   `@autobahn/autobahn/client` and `/client/msgpack`).
 * - `autobahn-client.min.js` (= `src/client.ts`) and
 *   `autobahn-client-all.min.js` (= `src/client/all.ts`): single files.
 *
 * `--table` also bundles every combination of the client with one opt-in
 * module (single files, in a temporary directory) and prints a Markdown
 * size table.
 *
 * @module
 */

const ROOT = new URL("..", import.meta.url);
const ROOT_PATH = decodeURIComponent(ROOT.pathname);

/** The opt-in modules of the client, as `src/client/<name>.ts`. */
const ADDONS = ["msgpack", "cbor", "ubjson", "wampcra", "cryptosign", "scram", "all"] as const;

/** Runs `deno bundle` with `args`; throws with its output when it fails. */
async function bundle(args: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--platform", "browser", "--minify", ...args],
    cwd: ROOT_PATH,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`deno bundle ${args.join(" ")} failed:\n${text}`);
  }
}

/** The gzip size of `data` (CompressionStream, default level). */
async function gzipSize(data: Uint8Array): Promise<number> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  let n = 0;
  for await (const chunk of stream) n += chunk.byteLength;
  return n;
}

/** Minified and min+gzip size of one file. */
interface Size {
  min: number;
  gzip: number;
}

async function fileSize(path: string): Promise<Size> {
  const data = await Deno.readFile(path);
  return { min: data.byteLength, gzip: await gzipSize(data) };
}

/** `file` and every chunk it imports, transitively (relative specifiers). */
async function closure(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = await Deno.readTextFile(file);
  for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) {
    const dep = decodeURIComponent(new URL(m[1]!, `file://${file}`).pathname);
    await closure(dep, seen);
  }
  return seen;
}

/** The summed sizes of an entry and its chunks. */
async function entrySize(file: string): Promise<Size> {
  const total = { min: 0, gzip: 0 };
  for (const f of await closure(file)) {
    const s = await fileSize(f);
    total.min += s.min;
    total.gzip += s.gzip;
  }
  return total;
}

function kB(n: number): string {
  return `${(n / 1000).toFixed(1)} kB`;
}

/**
 * Builds the browser client into `outdir`; returns the sizes printed.
 *
 * @param outdir The output directory (created when missing).
 * @param table Also bundle each opt-in combination and print a size table.
 */
export async function buildBrowser(
  outdir: string,
  table = false,
): Promise<Record<string, Size>> {
  await Deno.mkdir(outdir, { recursive: true });
  const out = await Deno.realPath(outdir);
  const entries = ["src/client.ts", ...ADDONS.map((a) => `src/client/${a}.ts`)];
  await bundle(["--code-splitting", "--outdir", out, ...entries]);
  await bundle(["-o", `${out}/autobahn-client.min.js`, "src/client.ts"]);
  await bundle(["-o", `${out}/autobahn-client-all.min.js`, "src/client/all.ts"]);
  const sizes: Record<string, Size> = {};
  sizes["autobahn-client.min.js"] = await fileSize(`${out}/autobahn-client.min.js`);
  sizes["autobahn-client-all.min.js"] = await fileSize(`${out}/autobahn-client-all.min.js`);
  sizes["client.js (with chunks)"] = await entrySize(`${out}/client.js`);
  for (const a of ADDONS) {
    // What an opt-in module adds on top of client.js.
    const base = await closure(`${out}/client.js`);
    const total = { min: 0, gzip: 0 };
    for (const f of await closure(`${out}/client/${a}.js`)) {
      if (base.has(f)) continue;
      const s = await fileSize(f);
      total.min += s.min;
      total.gzip += s.gzip;
    }
    sizes[`+ client/${a}.js`] = total;
  }
  console.log(`Browser client built in ${out}`);
  for (const [name, s] of Object.entries(sizes)) {
    console.log(
      `  ${name.padEnd(28)} ${kB(s.min).padStart(9)} min ${kB(s.gzip).padStart(9)} min+gzip`,
    );
  }
  if (table) await printTable();
  return sizes;
}

/** Bundles the client with each opt-in module as one file and prints a Markdown table. */
async function printTable(): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "autobahn_browser_sizes_" });
  try {
    const combos: [string, string[]][] = [
      ["client (JSON, anonymous, ticket)", []],
      ["+ msgpack", ["msgpack"]],
      ["+ cbor", ["cbor"]],
      ["+ ubjson", ["ubjson"]],
      ["+ msgpack + cbor", ["msgpack", "cbor"]],
      ["+ wampcra", ["wampcra"]],
      ["+ cryptosign", ["cryptosign"]],
      ["+ scram", ["scram"]],
      ["all (client/all)", ["all"]],
    ];
    const rows: string[] = [
      "| Bundle | min | min+gzip | gzip added |",
      "| --- | ---: | ---: | ---: |",
    ];
    let baseGzip = 0;
    for (const [i, [label, addons]] of combos.entries()) {
      const entry = `${tmp}/entry${i}.ts`;
      const lines = [`export * from "${ROOT_PATH}src/client.ts";`];
      for (const a of addons) lines.push(`export * from "${ROOT_PATH}src/client/${a}.ts";`);
      await Deno.writeTextFile(entry, lines.join("\n") + "\n");
      await bundle(["--config", `${ROOT_PATH}deno.json`, "-o", `${tmp}/out${i}.js`, entry]);
      const s = await fileSize(`${tmp}/out${i}.js`);
      if (i === 0) baseGzip = s.gzip;
      const added = i === 0 ? "" : `+${kB(s.gzip - baseGzip)}`;
      rows.push(`| ${label} | ${kB(s.min)} | ${kB(s.gzip)} | ${added} |`);
    }
    console.log("\n" + rows.join("\n"));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => !a.startsWith("--"));
  const table = Deno.args.includes("--table");
  await buildBrowser(args[0] ?? "dist/", table);
}
