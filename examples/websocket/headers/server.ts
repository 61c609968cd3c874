// Custom HTTP headers and cookies, server side: reads the client's headers and
// cookies from the upgrade request, answers with its own header and two cookies.
//   deno run --allow-net=127.0.0.1 examples/websocket/headers/server.ts [--port 9000]
import { type ConnectionRequest, serve } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const server = await serve({
  port,
  onConnect(request: ConnectionRequest) {
    console.log(`X-Client-Name: ${request.headers["x-client-name"] ?? "(none)"}`);
    console.log(`Cookies: ${JSON.stringify(request.cookies)}`);
    return {
      headers: {
        "X-Server-Name": "autobahn-ts-example",
        // An array writes one header line per value, as Set-Cookie requires (RFC 6265 §3).
        "Set-Cookie": ["session=abc123; HttpOnly; SameSite=Strict", "theme=dark"],
      },
    };
  },
}, (ws) => {
  const name = ws.request?.headers["x-client-name"] ?? "stranger";
  const user = ws.request?.cookies["user"] ?? "unknown";
  ws.send(`Hello ${name}, you are logged in as ${user}`);
});
console.log(`Listening on ws://127.0.0.1:${server.port}`);
