// Run by the portable router tests (`deno run --allow-net=127.0.0.1`): the
// embedded router on 127.0.0.1 port 0 behind a WebSocket listener and a
// RawSocket listener. Prints `{"ws":PORT,"rs":PORT}` on one line, then serves
// until stdin reaches EOF, closes everything and exits.
import { Router } from "../../src/router/mod.ts";
import { listenTcp } from "../../src/transport/deno_tcp.ts";
import { listenWebSocketTransport, serveRawSocket } from "../../src/transport/mod.ts";

const router = new Router({ realms: ["realm1"] });
const ws = await listenWebSocketTransport(
  "ws://127.0.0.1/ws",
  { onTransport: (t) => router.attach(t) },
  { hostname: "127.0.0.1", port: 0 },
);
const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
const rs = serveRawSocket(listener, { onTransport: (t) => router.attach(t) });
const rsPort = (listener.addr as { port: number }).port;
console.log(JSON.stringify({ ws: ws.port, rs: rsPort }));

const buf = new Uint8Array(256);
while ((await Deno.stdin.read(buf)) !== null) {
  // Anything on stdin is ignored; EOF means stop.
}
router.close();
await Promise.all([ws.close(), rs.close()]);
