// The browser story end to end: scripts/build_browser.ts bundles the client,
// the bundle loads without Deno (Node) and stays small, and the demo page
// (examples/browser) served by the embedded router's `web` transport joins
// in headless Chromium, calls a procedure of a Deno backend component and
// receives its events, with JSON, MessagePack and CBOR.
//
// Chromium is driven by playwright-core under Node (tests/browser/drive.mjs):
// the Deno side only spawns processes and keeps its sanitizers on.
import { assert, assertEquals } from "../_assert.ts";
import { buildBrowser } from "../../scripts/build_browser.ts";
import { startDemo } from "../../examples/browser/demo_server.ts";

const CHROMIUM = "/usr/bin/chromium";
const HERE = decodeURIComponent(new URL(".", import.meta.url).pathname);
const SERIALIZERS = ["json", "msgpack", "cbor"];
const MIN_EVENTS = 3;

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const hasChromium = exists(CHROMIUM);
if (!hasChromium) {
  console.log(`browser_test: ${CHROMIUM} is missing (apt-get install chromium); skipping Chromium`);
}

/** Runs `node <script> <args>`; returns its stdout parsed as JSON. */
async function node(script: string, args: string[], timeoutMs: number): Promise<unknown> {
  const out = await new Deno.Command("node", {
    args: [`${HERE}${script}`, ...args],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`node ${script} failed (${out.code}):\n${stderr}${stdout}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

async function withBundle(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "autobahn_browser_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("browser client - builds, stays under 30 kB min+gzip, loads without Deno", async () => {
  await withBundle(async (dir) => {
    const sizes = await buildBrowser(dir);
    const lean = sizes["autobahn-client.min.js"]!;
    assert(lean.gzip < 30_000, `client bundle is ${lean.gzip} octets min+gzip (target < 30 kB)`);
    const bundle = await Deno.readTextFile(`${dir}/autobahn-client.min.js`);
    // Strings that survive minification: pako, our WebSocket engine, Deno
    // sockets, @msgpack/msgpack, @noble/ed25519, @noble/hashes' argon2 and pbkdf2.
    const markers = [
      "invalid distance too far back",
      "permessage-deflate",
      "Sec-WebSocket-Key",
      "Deno.connect",
      "Unrecognized type byte",
      "ed25519",
      "argon2",
      "pbkdf2",
    ];
    for (const m of markers) assert(!bundle.includes(m), `the client bundle contains "${m}"`);
    const r = await node("load_client.mjs", [dir], 15_000) as {
      hasDeno: boolean;
      exports: string[];
      before: string[];
      after: string[];
      opened: { url: string; protocols: string[] }[];
      failures: string[];
    };
    assertEquals(r.hasDeno, false);
    for (
      const name of ["Component", "run", "Session", "connectBrowserWebSocket", "JsonSerializer"]
    ) {
      assert(r.exports.includes(name), `client.js exports ${name}`);
    }
    assertEquals(r.before, ["json"]);
    assertEquals(r.after, ["json", "msgpack", "cbor"]);
    // Components open the platform WebSocket, offering what is registered
    // (of the default cbor, msgpack, json).
    assertEquals(r.opened, [
      { url: "ws://127.0.0.1:9/ws", protocols: ["wamp.2.json"] },
      { url: "ws://127.0.0.1:9/ws", protocols: ["wamp.2.cbor", "wamp.2.msgpack", "wamp.2.json"] },
    ]);
    for (const f of r.failures) assert(f.includes("Cannot open WAMP transport"), f);
  });
});

Deno.test({
  name: "browser demo - headless Chromium joins, calls and receives events (json, msgpack, cbor)",
  ignore: !hasChromium,
  async fn() {
    await withBundle(async (dir) => {
      await buildBrowser(dir);
      const userDataDir = await Deno.makeTempDir({ dir: "/tmp", prefix: "autobahn_chromium_" });
      try {
        await using demo = await startDemo({ bundleDir: dir, port: 0, tickInterval: 100 });
        const out = await node("drive.mjs", [JSON.stringify({
          url: demo.url,
          serializers: SERIALIZERS,
          minEvents: MIN_EVENTS,
          timeoutMs: 8_000,
          userDataDir,
        })], 40_000) as {
          results: {
            serializer: string;
            ok: boolean;
            status: string;
            negotiated: string;
            session: string;
            result: string;
            events: number;
            lastEvent: string;
            error: string;
            consoleErrors: string[];
          }[];
        };
        assertEquals(out.results.map((r) => r.serializer), SERIALIZERS);
        for (const r of out.results) {
          const where = `${r.serializer}: ${JSON.stringify(r)}`;
          assert(r.ok, where);
          assertEquals(r.status, "joined", where);
          assertEquals(r.negotiated, r.serializer, where);
          assert(/^\d+$/.test(r.session), where);
          assertEquals(r.result, "5", where);
          assert(r.events >= MIN_EVENTS, where);
          assert(Number(r.lastEvent) >= MIN_EVENTS, where);
          assertEquals(r.error, "", where);
          assertEquals(r.consoleErrors, [], where);
        }
      } finally {
        await Deno.remove(userDataDir, { recursive: true });
      }
    });
  },
});
