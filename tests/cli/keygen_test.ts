import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_assert.ts";
import { keygenCommand } from "../../src/cli/commands/keygen.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CryptosignKey, parsePublicKey } from "../../src/auth/keys.ts";

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await keygenCommand.run(parseArgs(argv, keygenCommand.options), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

Deno.test("keygen - prints a matching private seed and public key", async () => {
  const { code, out } = await run([]);
  assertEquals(code, 0);
  const seed = /^private key: ([0-9a-f]{64})$/.exec(out[0]!)?.[1];
  const pub = /^public key: +([0-9a-f]{64})$/.exec(out[1]!)?.[1];
  assert(seed && pub, out.join("\n"));
  assertEquals(CryptosignKey.fromSeed(seed).publicKeyHex, pub);
});

Deno.test("keygen - --out writes PREFIX (0600) and PREFIX.pub", async () => {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "keygen_test_" });
  try {
    const prefix = `${dir}/client`;
    const { code, out } = await run(["--out", prefix]);
    assertEquals(code, 0);
    const seed = (await Deno.readTextFile(prefix)).trim();
    const pub = parsePublicKey(await Deno.readTextFile(`${prefix}.pub`));
    assertEquals(CryptosignKey.fromSeed(seed).publicKeyHex, pub);
    assert(!out.join("\n").includes(seed), "the seed must not be printed with --out");
    assertStringIncludes(out.join("\n"), pub);
    if (Deno.build.os !== "windows") {
      assertEquals((await Deno.stat(prefix)).mode! & 0o777, 0o600);
      assertEquals((await Deno.stat(`${prefix}.pub`)).mode! & 0o777, 0o644);
    }
    // Existing files are never overwritten.
    const again = await run(["-o", prefix]);
    assertEquals(again.code, 1);
    assertMatch(again.err.join("\n"), /cannot write/);
    assertEquals((await Deno.readTextFile(prefix)).trim(), seed);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("keygen - rejects positionals", async () => {
  const { code, err } = await run(["extra"]);
  assertEquals(code, 2);
  assertStringIncludes(err[0]!, "unexpected argument");
});

Deno.test("keygen - describes itself for --help", () => {
  assertEquals(keygenCommand.name, "keygen");
  assertStringIncludes(keygenCommand.usage, "--out PREFIX");
  assertStringIncludes(keygenCommand.help ?? "", "0600");
});
