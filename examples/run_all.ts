// Runs every WAMP example pair (backend + frontend) against the embedded
// router, in this process, and reports each as passed or failed.
//   deno run -A examples/run_all.ts            run all pairs; exit code 0 only if all passed
//   deno run -A examples/run_all.ts --verbose  also print what the examples print
//   deno run -A examples/run_all.ts --router   only start the router (ws://127.0.0.1:8080/ws)
import { Router } from "../src/router/mod.ts";
import { listenWebSocketTransport } from "../src/transport/mod.ts";
import type { Component } from "../src/component/mod.ts";
import type { ExampleFactory } from "./wamp/_common.ts";

const PAIRS = [
  "pubsub/basic",
  "pubsub/complex",
  "pubsub/options",
  "pubsub/unsubscribe",
  "pubsub/retained",
  "rpc/timeservice",
  "rpc/slowsquare",
  "rpc/arguments",
  "rpc/complexresult",
  "rpc/errors",
  "rpc/progress",
  "rpc/options",
  "rpc/cancel",
  "component",
];
const TIMEOUT_MS = 10_000;

const verbose = Deno.args.includes("--verbose");
const routerOnly = Deno.args.includes("--router");

const router = new Router({ realms: ["realm1"] });
const server = await listenWebSocketTransport(
  "ws://127.0.0.1/ws",
  { onTransport: (t) => router.attach(t) },
  { hostname: "127.0.0.1", port: routerOnly ? 8080 : 0 },
);
const url = `ws://127.0.0.1:${server.port}/ws`;
if (routerOnly) {
  console.log(`Embedded router on ${url} (realm1); Ctrl-C stops it`);
  await new Promise<void>((resolve) => Deno.addSignalListener("SIGINT", resolve));
  router.close();
  await server.close();
  Deno.exit(0);
}

async function runPair(name: string): Promise<{ ok: boolean; ms: number; lines: string[] }> {
  const lines: string[] = [];
  const log = (who: string) => (...args: unknown[]) => lines.push(`${who}: ${args.join(" ")}`);
  const t0 = performance.now();
  const b = await import(`./wamp/${name}/backend.ts`) as { backend: ExampleFactory };
  const f = await import(`./wamp/${name}/frontend.ts`) as { frontend: ExampleFactory };
  const backend: Component = b.backend({ url, realm: "realm1", log: log("backend") });
  const frontend: Component = f.frontend({ url, realm: "realm1", log: log("frontend") });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const ready = Promise.withResolvers<void>();
    backend.onReady(() => ready.resolve());
    const backendDone = backend.start();
    await Promise.race([ready.promise, backendDone]);
    await Promise.race([
      frontend.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: performance.now() - t0, lines };
  } catch (e) {
    lines.push(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return { ok: false, ms: performance.now() - t0, lines };
  } finally {
    clearTimeout(timer);
    await frontend.stop();
    await backend.stop();
  }
}

let failed = 0;
for (const name of PAIRS) {
  const r = await runPair(name);
  if (!r.ok) failed++;
  console.log(`${r.ok ? "passed" : "FAILED"}  ${name.padEnd(20)} ${Math.round(r.ms)} ms`);
  if (verbose || !r.ok) { for (const line of r.lines) console.log(`    ${line}`); }
}
router.close();
await server.close();
console.log(`${PAIRS.length - failed}/${PAIRS.length} example pairs passed`);
Deno.exit(failed === 0 ? 0 : 1);
