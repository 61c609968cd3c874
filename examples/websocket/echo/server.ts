// Echo server in the seed's callback style.
//   deno run --allow-net=127.0.0.1 examples/websocket/echo/server.ts [--port 9000]
import {
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";
import type { ConnectionRequest } from "../../../src/websocket/mod.ts";

class EchoServerProtocol extends WebSocketServerProtocol {
  override onConnect(request: ConnectionRequest): void {
    console.log(`Client connecting: ${request.peer}`);
  }

  override onOpen(): void {
    console.log("WebSocket connection open.");
  }

  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    if (isBinary) console.log(`Binary message received: ${payload.length} bytes`);
    else console.log(`Text message received: ${new TextDecoder().decode(payload)}`);
    // Echo back the message unchanged.
    this.sendMessage(payload, isBinary);
  }

  override onClose(wasClean: boolean, code: number, reason: string): void {
    console.log(`WebSocket connection closed: clean=${wasClean} code=${code} reason=${reason}`);
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
factory.protocol = EchoServerProtocol;
const server = await listenWebSocket(factory);
console.log(`Echo server listening on ws://127.0.0.1:${server.port}`);
Deno.addSignalListener("SIGINT", () => server.close());
await server.finished;
