// Exercises the web example's three faces on one port: a static page, the JSON
// endpoint, and the WebSocket.
//   deno run --allow-net=127.0.0.1 examples/websocket/web/client.ts [--url http://127.0.0.1:8080]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const base = i >= 0 ? Deno.args[i + 1]! : "http://127.0.0.1:8080";

const page = await (await fetch(`${base}/`)).text();
console.log(`Page title: ${/<title>(.*?)<\/title>/.exec(page)?.[1]}`);

const ws = await connect(`${base.replace(/^http/, "ws")}/ws`);
const status = await (await fetch(`${base}/api/status`)).json();
console.log(`Status: ${status.connections} WebSocket connection(s) open`);

ws.send("Hello from the web example");
for await (const msg of ws) {
  console.log(`WebSocket echo: ${msg}`);
  break;
}
await ws.close();

const missing = await fetch(`${base}/../secret.txt`);
await missing.body?.cancel();
console.log(`Outside ./static: ${missing.status}`);
