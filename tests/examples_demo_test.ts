// The README's demo (examples/wamp/demo.ts): it prints RPC and PubSub
// traffic and exits 0 by itself, and Ctrl-C (SIGINT) at any stage stops it
// cleanly with status 0 instead of killing it.
import { assert, assertEquals } from "./_assert.ts";

const DEMO = new URL("../examples/wamp/demo.ts", import.meta.url).pathname;

interface DemoRun {
  readonly code: number;
  readonly signal: string | null;
  readonly out: string;
}

/** Runs the demo; sends SIGINT once a stdout line contains `interruptAt`. */
async function runDemo(interruptAt?: string): Promise<DemoRun> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", DEMO],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const stderr = new Response(child.stderr).text();
  let out = "";
  let sent = false;
  try {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      out += decoder.decode(chunk, { stream: true });
      if (interruptAt !== undefined && !sent && out.includes(interruptAt)) {
        sent = true;
        child.kill("SIGINT");
      }
    }
    const status = await child.status;
    const err = await stderr;
    return { code: status.code, signal: status.signal, out: out + err };
  } finally {
    clearTimeout(killer);
  }
}

Deno.test("demo: prints RPC and PubSub traffic and exits 0 by itself", async () => {
  const r = await runDemo();
  assertEquals(r.code, 0, r.out);
  for (
    const line of [
      "router: embedded router listening on ws://127.0.0.1:",
      "frontend: add2(2, 3) = 5",
      "frontend: event received: Hello, world! #2",
      "demo: done",
    ]
  ) assert(r.out.includes(line), `missing "${line}" in:\n${r.out}`);
});

for (
  const stage of [
    "router: embedded router listening",
    "backend: joined",
    "frontend: add2(2, 3) = 5",
  ]
) {
  Deno.test(`demo: Ctrl-C after "${stage}" exits cleanly with status 0`, async () => {
    const r = await runDemo(stage);
    assertEquals(r.signal, null, `killed by a signal:\n${r.out}`);
    assertEquals(r.code, 0, r.out);
    assert(r.out.includes("demo: done"), `no clean end:\n${r.out}`);
    assert(!/error|uncaught/i.test(r.out), `an error was printed:\n${r.out}`);
  });
}
