// Auto-ping server: pings every client every 0.5 s and drops those that do not
// answer within 2 s; prints the round-trip time measured from each pong.
//   deno run --allow-net=127.0.0.1 examples/websocket/ping-pong/server.ts [--port 9000]
import {
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";

class Heartbeat extends WebSocketServerProtocol {
  override onOpen(): void {
    console.log(`Connection open: ${this.peer}`);
  }

  override onPong(): void {
    console.log(`Pong from ${this.peer}: rtt ${this.autoPingRtt?.toFixed(3)} ms`);
  }

  override onClose(wasClean: boolean, code: number, reason: string): void {
    console.log(`Connection closed: clean=${wasClean} code=${code} reason=${reason}`);
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
factory.protocol = Heartbeat;
factory.setProtocolOptions({ autoPingInterval: 0.5, autoPingTimeout: 2, autoPingSize: 16 });
const server = await listenWebSocket(factory);
console.log(`Listening on ws://127.0.0.1:${server.port}`);
