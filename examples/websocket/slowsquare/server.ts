// "Slow square": the handler is async — it awaits (simulating slow work) before
// answering. Messages are JSON numbers; answers are their squares.
//   deno run --allow-net=127.0.0.1 examples/websocket/slowsquare/server.ts [--port 9000]
import {
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class SlowSquareServerProtocol extends WebSocketServerProtocol {
  override async onMessage(payload: Uint8Array, isBinary: boolean): Promise<void> {
    if (isBinary) {
      this.sendClose(4000, "expected a JSON number");
      return;
    }
    const x = JSON.parse(new TextDecoder().decode(payload));
    if (typeof x !== "number") {
      this.sendClose(4000, "expected a JSON number");
      return;
    }
    await sleep(Math.min(Math.abs(x) * 10, 1000));
    this.sendMessage(JSON.stringify(x * x));
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
factory.protocol = SlowSquareServerProtocol;
const server = await listenWebSocket(factory);
console.log(`Slow square server listening on ws://127.0.0.1:${server.port}`);
Deno.addSignalListener("SIGINT", () => server.close());
await server.finished;
