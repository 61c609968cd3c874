// Runs examples/run_all.ts (every WAMP example pair against the embedded
// router) as part of the test suite.
import { assertEquals, assertStringIncludes } from "./_assert.ts";

Deno.test("examples - every WAMP example pair passes against the embedded router", async () => {
  const script = new URL("../examples/run_all.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", "--allow-read", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const err = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, `run_all failed:\n${text}\n${err}`);
  assertStringIncludes(text, "14/14 example pairs passed");
});
