// The Autobahn|TS demo: an echo server and a client exchanging messages on
// 127.0.0.1 with both API faces. Later issues grow it into the WAMP demo.
//   npm run demo        (or: deno task demo)
import {
  connect,
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../src/websocket/mod.ts";

class Echo extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
factory.protocol = Echo;
await using server = await listenWebSocket(factory, { port: 0 });
console.log(`Echo server (callback face) listening on ws://127.0.0.1:${server.port}`);

await using ws = await connect(`ws://127.0.0.1:${server.port}/demo`);
console.log(`Client (modern face) connected to ${ws.peer}`);

const outgoing: (string | Uint8Array)[] = [
  "Hello, world!",
  new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
  "κόσμε — UTF-8 round trip",
  new Uint8Array(1024 * 1024).fill(42),
];
for (const msg of outgoing) ws.send(msg);

let received = 0;
for await (const msg of ws) {
  const shown = typeof msg === "string" ? JSON.stringify(msg) : `${msg.length} binary bytes`;
  console.log(`echo ${++received}/${outgoing.length}: ${shown}`);
  if (received === outgoing.length) break; // leaving the loop closes the connection (1000)
}
const info = await ws.closed;
console.log(`Closed: clean=${info.wasClean} code=${info.code}`);
