// Secure WebSocket (wss://) client: trusts the test CA from tests/fixtures/tls/
// via `caCerts`, sends one message and prints the echo.
//   deno run --allow-net=127.0.0.1 --allow-read examples/websocket/secure/client.ts [--url wss://127.0.0.1:9443]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "wss://127.0.0.1:9443";
const caCerts = [
  await Deno.readTextFile(new URL("../../../tests/fixtures/tls/ca.pem", import.meta.url)),
];

const ws = await connect(url, { caCerts });
ws.send("Hello over TLS");
for await (const msg of ws) {
  console.log(`Secure echo: ${msg}`);
  break;
}
const info = await ws.close();
console.log(`Closed: clean=${info.wasClean} code=${info.code}`);
