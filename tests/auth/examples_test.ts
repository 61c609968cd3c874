// examples/wamp/auth: the router starts from router.json (ephemeral port)
// and every example component joins with its method, calls, and exits 0.
import { assertEquals, assertStringIncludes } from "../_assert.ts";
import { startRouter } from "../../src/router/mod.ts";

const DIR = new URL("../../examples/wamp/auth/", import.meta.url);

const EXAMPLES: [string, string[]][] = [
  ["ticket.ts", ["joined as joe (role user, method ticket)"]],
  ["wampcra.ts", [
    "joined as peter (role user, method wampcra)",
    "joined as carol (role user, method wampcra)",
  ]],
  ["cryptosign.ts", ["joined as alice (role user, method cryptosign)"]],
  ["scram.ts", [
    "joined as dave (role user, method scram)",
    "joined as erin (role user, method wamp-scram)",
  ]],
];

Deno.test("auth examples - each component authenticates against router.json", async () => {
  await using router = await startRouter(new URL("router.json", DIR).pathname, {
    ephemeralPorts: true,
  });
  const url = router.transports[0]!.url;
  for (const [file, expected] of EXAMPLES) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net=127.0.0.1", "--allow-read", new URL(file, DIR).pathname, url],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const err = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, `${file} failed:\n${text}\n${err}`);
    for (const line of expected) assertStringIncludes(text, line);
    assertStringIncludes(text, "wamp.session.count() =");
  }
});

Deno.test("auth examples - the seed's longer example runs as written (cryptosign alice)", async () => {
  await using router = await startRouter(new URL("crossbardemo.json", DIR).pathname, {
    ephemeralPorts: true,
  });
  const url = router.transports[0]!.urls?.find((u) => u.endsWith("/auth_ws")) ??
    router.transports[0]!.url.replace(/\/?$/, "/auth_ws");
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", new URL("complete.ts", DIR).pathname, url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const err = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, `complete.ts failed:\n${text}\n${err}`);
  assertStringIncludes(text, "authid=alice authrole=authenticated");
  assertStringIncludes(text, 'foo called: [42], {"something":"nothing"}');
  assertStringIncludes(text, "Result: 42");
});
