// Drives headless Chromium (Debian's /usr/bin/chromium) with playwright-core
// for tests/browser/browser_test.ts, under Node (playwright's pipes and child
// processes are Node's business; the Deno test keeps its sanitizers).
//
//   node tests/browser/drive.mjs '{"url": "http://127.0.0.1:8080/", "serializers": ["json"],
//     "minEvents": 3, "timeoutMs": 10000, "userDataDir": "/tmp/…"}'
//
// Opens `${url}?serializer=<s>` for each serializer, waits until the page
// shows the RPC result and at least `minEvents` events, and prints one JSON
// object to stdout: { results: [{ serializer, ok, status, negotiated, session,
// result, events, lastEvent, error, consoleErrors }] }.
import { chromium } from "playwright-core";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const options = JSON.parse(process.argv[2] ?? "{}");
const {
  url,
  serializers = ["json", "msgpack", "cbor"],
  minEvents = 3,
  timeoutMs = 10000,
  userDataDir,
  executablePath = "/usr/bin/chromium",
} = options;
if (typeof url !== "string" || typeof userDataDir !== "string") {
  console.error('usage: node drive.mjs \'{"url": …, "userDataDir": …}\'');
  process.exit(2);
}

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: CHROMIUM_ARGS,
  timeout: timeoutMs,
});
const results = [];
try {
  for (const serializer of serializers) {
    const page = await context.newPage();
    const consoleErrors = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    let ok = true;
    try {
      await page.goto(`${url}?serializer=${serializer}`, { timeout: timeoutMs });
      await page.waitForFunction(
        (n) =>
          document.getElementById("result")?.textContent !== "-" &&
          Number(document.getElementById("events")?.textContent) >= n,
        minEvents,
        { timeout: timeoutMs },
      );
    } catch (e) {
      ok = false;
      consoleErrors.push(`driver: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
    }
    const text = (id) => page.locator(`#${id}`).textContent({ timeout: 1000 }).catch(() => null);
    results.push({
      serializer,
      ok,
      status: await text("status"),
      negotiated: await text("serializer"),
      session: await text("session"),
      result: await text("result"),
      events: Number(await text("events")),
      lastEvent: await text("last-event"),
      error: await text("error"),
      consoleErrors,
    });
    // Leave cleanly before the next page.
    await page.evaluate(() => globalThis.demo?.component.stop()).catch(() => {});
    await page.close();
  }
} finally {
  await context.close();
}
process.stdout.write(JSON.stringify({ results }) + "\n");
