// The `wamp router` command in a child process: --help, usage and config
// errors with their exit codes, and a run that serves clients and shuts down
// cleanly on SIGTERM (GOODBYE wamp.close.system_shutdown to the session).
import { assert, assertEquals, assertStringIncludes } from "../_assert.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import { Session } from "../../src/session/mod.ts";
import { main } from "../../src/cli/main.ts";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("wamp CLI - help and usage errors", async () => {
  let r = await runMain(["--help"]);
  assertEquals(r.code, 0);
  assertStringIncludes(r.out, "router");
  r = await runMain(["router", "--help"]);
  assertEquals(r.code, 0);
  assertStringIncludes(r.out, "--config FILE");
  assertStringIncludes(r.out, "--log-level");
  r = await runMain([]);
  assertEquals(r.code, 2);
  r = await runMain(["nope"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, 'unknown command "nope"');
  r = await runMain(["router", "--bogus"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "Unknown option --bogus");
  r = await runMain(["router", "--log-level", "loud"]);
  assertEquals(r.code, 2);
  r = await runMain(["router", "--config"]);
  assertEquals(r.code, 2);
});

Deno.test("wamp CLI - an invalid config exits 3 naming the key path", async () => {
  const file = await Deno.makeTempFile({ dir: "/tmp", suffix: ".json" });
  try {
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        version: 2,
        workers: [{
          type: "router",
          realms: [{ name: "realm1" }],
          transports: [{ type: "websocket", endpoint: { type: "tcp", port: 99999 } }],
        }],
      }),
    );
    const r = await runMain(["router", "--config", file]);
    assertEquals(r.code, 3);
    assertStringIncludes(
      r.err,
      "workers[0].transports[0].endpoint.port: expected an integer 0-65535",
    );
    const missing = await runMain(["router", "--config", "/nonexistent/router.json"]);
    assertEquals(missing.code, 1);
  } finally {
    await Deno.remove(file);
  }
});

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("wamp CLI - router serves, logs joins and leaves, and shuts down cleanly on SIGTERM", async () => {
  const port = freePort();
  const file = await Deno.makeTempFile({ dir: "/tmp", suffix: ".json" });
  await Deno.writeTextFile(
    file,
    JSON.stringify({
      version: 2,
      workers: [{
        type: "router",
        realms: [{ name: "realm1" }],
        transports: [{
          type: "web",
          endpoint: { type: "tcp", port },
          paths: { ws: { type: "websocket" } },
        }],
      }],
    }),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--config",
      CONFIG,
      `--allow-net=127.0.0.1:${port}`,
      "--allow-read",
      "--allow-env",
      MAIN,
      "router",
      "--config",
      file,
      "--log-format",
      "json",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoderStream();
  const stdoutDone = child.stdout.pipeTo(decoder.writable);
  const lines = decoder.readable.getReader();
  let text = "";
  const waitFor = async (needle: string) => {
    while (!text.includes(needle)) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`router exited before "${needle}": ${text}`);
      text += value;
    }
  };
  try {
    await waitFor("Router listening");
    assertStringIncludes(text, `ws://127.0.0.1:${port}/ws`);
    const s = new Session(await connectTransport(`ws://127.0.0.1:${port}/ws`));
    let leftReason = "";
    let onLeft!: () => void;
    const left = new Promise<void>((resolve) => (onLeft = resolve));
    const session = new Session(await connectTransport(`ws://127.0.0.1:${port}/ws`), {
      onLeave: (d) => {
        leftReason = d.reason;
        onLeft();
      },
    });
    await s.join("realm1");
    await session.join("realm1");
    await s.register("com.cli.add", (args) => (args[0] as number) + (args[1] as number));
    assertEquals(await session.call("com.cli.add", [2, 3]), 5);
    await s.leave();
    await waitFor('"message":"Session left"');
    assertStringIncludes(text, '"message":"Session joined"');
    child.kill("SIGTERM");
    await left;
    assertEquals(leftReason, "wamp.close.system_shutdown");
    const status = await child.status;
    await waitFor("Router stopped").catch(() => {});
    assertEquals(status.code, 0, text);
    assert(text.includes("Router shutting down"), text);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
    await child.status;
    await lines.cancel().catch(() => {});
    await stdoutDone.catch(() => {});
    await child.stderr.cancel();
    await Deno.remove(file);
  }
});
