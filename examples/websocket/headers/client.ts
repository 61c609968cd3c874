// Custom HTTP headers and cookies, client side: sends a header and cookies with
// the upgrade request, prints the server's header and cookies, then its greeting.
//   deno run --allow-net=127.0.0.1 examples/websocket/headers/client.ts [--url ws://127.0.0.1:9000]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";

const ws = await connect(url, {
  headers: { "X-Client-Name": "deno-example", "Cookie": "user=alice; lang=en" },
});
console.log(`X-Server-Name: ${ws.response?.headers["x-server-name"]}`);
console.log(`Set-Cookie: ${ws.response?.headers["set-cookie"]}`);
for await (const msg of ws) {
  console.log(`Server says: ${msg}`);
  break;
}
await ws.close();
