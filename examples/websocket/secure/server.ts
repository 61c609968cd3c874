// Secure WebSocket (wss://) echo server with the test certificate from
// tests/fixtures/tls/ (issued by a public test CA: never use it for real).
//   deno run --allow-net=127.0.0.1 --allow-read examples/websocket/secure/server.ts [--port 9443]
import { serve } from "../../../src/websocket/mod.ts";

const TLS_DIR = new URL("../../../tests/fixtures/tls/", import.meta.url);
const tls = {
  cert: await Deno.readTextFile(new URL("server.pem", TLS_DIR)),
  key: await Deno.readTextFile(new URL("server-key.pem", TLS_DIR)),
};

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9443;
const server = await serve({ port, tls }, async (ws) => {
  for await (const msg of ws) ws.send(msg);
});
console.log(`Listening on wss://127.0.0.1:${server.port}`);
