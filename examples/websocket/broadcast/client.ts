// Broadcast client: opens three connections; each says hello, then waits until
// it has heard every hello (relayed by the server) and at least one tick.
//   deno run --allow-net=127.0.0.1 examples/websocket/broadcast/client.ts [--url ws://127.0.0.1:9000]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";
const N = 3;

const sockets = await Promise.all(Array.from({ length: N }, () => connect(url)));
await Promise.all(sockets.map(async (ws, k) => {
  ws.send(`hello from client ${k}`);
  const heard = new Set<number>();
  let ticks = 0;
  for await (const msg of ws) {
    const m = /hello from client (\d+)$/.exec(String(msg));
    if (m) heard.add(Number(m[1]));
    else if (String(msg).startsWith("tick ")) ticks++;
    if (heard.size === N && ticks > 0) break;
  }
  console.log(`Client ${k} heard hellos from ${[...heard].sort().join(", ")} and ${ticks} tick(s)`);
}));
for (const ws of sockets) await ws.close();
console.log("All clients closed");
