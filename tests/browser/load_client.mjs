// Loads the built browser client in Node (no `Deno` global) for
// tests/browser/browser_test.ts: proves that nothing in it touches Deno at
// load time, and that a Component given a ws:// URL opens the platform
// WebSocket (a stand-in class here, which records and refuses the
// connection) offering the serializers registered.
//
//   node tests/browser/load_client.mjs /path/to/dist
//
// Prints one JSON object to stdout.
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const opened = [];
globalThis.WebSocket = class {
  constructor(url, protocols) {
    opened.push({ url, protocols });
    this.readyState = 0;
    setTimeout(() => this.onclose?.({ code: 1006, reason: "refused", wasClean: false }), 0);
  }
  close() {}
};

const client = await import(pathToFileURL(`${dir}/client.js`).href);
const before = client.platformSerializers();
const attempt = async () => {
  const comp = new client.Component({
    transports: [{ url: "ws://127.0.0.1:9/ws", maxRetries: 0 }],
    realm: "realm1",
  });
  let failure;
  comp.onConnectFailure((e) => (failure = e));
  await comp.start().catch(() => {});
  return failure instanceof Error ? failure.message : String(failure);
};
const jsonOnly = await attempt();
await import(pathToFileURL(`${dir}/client/msgpack.js`).href);
await import(pathToFileURL(`${dir}/client/cbor.js`).href);
const withAddons = await attempt();
process.stdout.write(
  JSON.stringify({
    hasDeno: typeof globalThis.Deno !== "undefined",
    exports: Object.keys(client).sort(),
    before,
    after: client.platformSerializers(),
    opened,
    failures: [jsonOnly, withAddons],
  }) + "\n",
);
