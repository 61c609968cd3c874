// The REPL chapter (docs/repl.md), tested as users meet it: the chapter's
// ```ts block is fed line by line to a real `deno repl` started in the
// repository (so `@autobahn/autobahn/...` resolves to the working tree), and
// the lines of its ```text block must appear in the REPL's output, in order.
import { assert, assertEquals } from "./_assert.ts";

const ROOT = new URL("../", import.meta.url);

function fenced(text: string, lang: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === "```" + lang);
  assert(start >= 0, `docs/repl.md has no \`\`\`${lang} block`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === "```");
  return lines.slice(start + 1, end).join("\n");
}

Deno.test("docs/repl.md: the REPL session runs in a real `deno repl`", async () => {
  const doc = await Deno.readTextFile(new URL("docs/repl.md", ROOT));
  const input = fenced(doc, "ts");
  const expected = fenced(doc, "text").split("\n").filter((l) => l.trim() !== "");
  assert(expected.length >= 3, "the chapter shows what the REPL prints");

  const child = new Deno.Command(Deno.execPath(), {
    args: ["repl", "--allow-net=127.0.0.1", "--allow-read"],
    cwd: new URL(".", ROOT).pathname,
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(input + "\nclose()\n"));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const out = new TextDecoder().decode(stdout);
    const err = new TextDecoder().decode(stderr);
    assertEquals(code, 0, `deno repl failed:\n${out}\n${err}`);
    assert(!/Uncaught|error:/i.test(out + err), `the REPL reported an error:\n${out}\n${err}`);
    const printed = out.split("\n").map((l) => l.trim());
    let at = 0;
    for (const line of expected) {
      const i = printed.indexOf(line.trim(), at);
      assert(i >= 0, `expected "${line}" in the REPL output (in order):\n${out}`);
      at = i + 1;
    }
  } finally {
    clearTimeout(killer);
  }
});
