// Broadcast server: relays every message to all connected clients and pushes a
// "tick" to everyone every 200 ms.
//   deno run --allow-net=127.0.0.1 examples/websocket/broadcast/server.ts [--port 9000]
import { serve, type WebSocketConnection } from "../../../src/websocket/mod.ts";

const clients = new Set<WebSocketConnection>();

function broadcast(msg: string): void {
  for (const c of clients) {
    if (c.readyState === 1) c.send(msg);
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const server = await serve({ port }, async (ws) => {
  clients.add(ws);
  console.log(`Client joined: ${ws.peer} (${clients.size} connected)`);
  for await (const msg of ws) {
    if (typeof msg === "string") broadcast(`${ws.peer}: ${msg}`);
  }
  clients.delete(ws);
  console.log(`Client left: ${ws.peer} (${clients.size} connected)`);
});
console.log(`Listening on ws://127.0.0.1:${server.port}`);

let tick = 0;
setInterval(() => broadcast(`tick ${++tick}`), 200);
