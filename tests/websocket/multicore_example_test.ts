// Runs examples/websocket/multicore/ briefly: the server with two workers
// sharing one port (reusePort, Linux + --unstable-net), then without
// --unstable-net (the documented one-worker fallback), each with the client.
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_assert.ts";

const ROOT = new URL("../../", import.meta.url);
const DENO = Deno.execPath();
const DIR = "examples/websocket/multicore";
const BOUND_MS = 20_000;

async function run(serverFlags: string[]): Promise<{ banner: string; client: string }> {
  const server = new Deno.Command(DENO, {
    args: [
      "run",
      ...serverFlags,
      "--allow-net=127.0.0.1",
      "--allow-read",
      `${DIR}/server.ts`,
      "--port",
      "0",
      "--workers",
      "2",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => server.kill("SIGKILL"), BOUND_MS);
  try {
    let banner = "";
    while (!banner.includes("listening on")) {
      const { value, done } = await lines.read();
      assert(!done, `the server exited early: ${banner}`);
      banner += value;
    }
    const port = Number(banner.match(/ws:\/\/127\.0\.0\.1:(\d+)/)?.[1]);
    const client = await new Deno.Command(DENO, {
      args: [
        "run",
        "--allow-net=127.0.0.1",
        `${DIR}/client.ts`,
        "--url",
        `ws://127.0.0.1:${port}`,
        "--connections",
        "32",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert(client.success, "the client failed");
    return { banner, client: new TextDecoder().decode(client.stdout) };
  } finally {
    server.kill("SIGTERM");
    // Drain stdout so the child can exit, then reap it.
    while (!(await lines.read()).done) { /* drain */ }
    await server.status;
    clearTimeout(timer);
  }
}

Deno.test({
  name: "multicore example - two workers share one port with reusePort",
  // SO_REUSEPORT balances connections only on Linux; elsewhere the example
  // runs one worker (covered by the next test).
  ignore: Deno.build.os !== "linux",
  async fn() {
    const { banner, client } = await run(["--unstable-net"]);
    assertMatch(banner, /\(2 worker\(s\), reusePort=true\)/);
    // 32 connections hashed over 2 sockets: all on one has probability 2^-31.
    assertStringIncludes(client, "Distinct workers: 2");
    const served = [...client.matchAll(/Worker (\d) served (\d+) connection/g)];
    assertEquals(served.map((m) => m[1]).sort(), ["0", "1"]);
    assertEquals(served.reduce((n, m) => n + Number(m[2]), 0), 32);
  },
});

Deno.test("multicore example - without --unstable-net it degrades to one worker and says so", async () => {
  const { banner, client } = await run([]);
  assertMatch(banner, /Note: reusePort .*; using 1 worker/);
  assertMatch(banner, /\(1 worker\(s\), reusePort=false\)/);
  assertStringIncludes(client, "Worker 0 served 32 connection(s)");
  assertStringIncludes(client, "Distinct workers: 1");
});
