/**
 * The browser demo: builds the client bundle, starts the embedded router
 * (page at `/`, bundle at `/lib/`, WAMP at `/ws`) and the Deno backend
 * component, and prints the URL. Ctrl-C stops it.
 *
 * ```sh
 * deno run --allow-net --allow-read --allow-write --allow-run --allow-env examples/browser/serve.ts [--port 8080]
 * ```
 *
 * Open `http://127.0.0.1:8080/?serializer=cbor` (or `json`, `msgpack`).
 *
 * @module
 */
import { buildBrowser } from "../../scripts/build_browser.ts";
import { onTerminationSignal } from "../../src/component/mod.ts";
import { startDemo } from "./demo_server.ts";

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 8080;

const bundleDir = await Deno.makeTempDir({ prefix: "autobahn_browser_demo_" });
try {
  await buildBrowser(bundleDir);
  const demo = await startDemo({ bundleDir, port });
  console.log(`Browser demo on ${demo.url} (WAMP at ${demo.wsUrl}); Ctrl-C stops it`);
  for (const s of ["json", "msgpack", "cbor"]) console.log(`  ${demo.url}?serializer=${s}`);
  await new Promise<void>((resolve) => {
    const off = onTerminationSignal(() => {
      off();
      resolve();
    });
  });
  console.log("Stopping");
  await demo.close();
} finally {
  await Deno.remove(bundleDir, { recursive: true });
}
