// Echo client in the seed's callback style: sends a text and a binary message
// every second, closes after three rounds.
//   deno run --allow-net=127.0.0.1 examples/websocket/echo/client.ts [--url ws://127.0.0.1:9000]
import {
  type ConnectionResponse,
  connectWebSocket,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../../../src/websocket/mod.ts";

class EchoClientProtocol extends WebSocketClientProtocol {
  #rounds = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override onConnect(response: ConnectionResponse): void {
    console.log(`Server connected: ${response.peer}`);
  }

  override onOpen(): void {
    console.log("WebSocket connection open.");
    const hello = () => {
      this.sendMessage("Hello, world!");
      this.sendMessage(new Uint8Array([0x00, 0x01, 0x03, 0x04]), true);
      if (++this.#rounds < 3) this.#timer = setTimeout(hello, 1000);
      else this.#timer = setTimeout(() => this.sendClose(1000, "done"), 200);
    };
    hello();
  }

  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    if (isBinary) console.log(`Binary message received: ${payload.length} bytes`);
    else console.log(`Text message received: ${new TextDecoder().decode(payload)}`);
  }

  override onClose(wasClean: boolean, code: number, reason: string): void {
    clearTimeout(this.#timer);
    console.log(`WebSocket connection closed: clean=${wasClean} code=${code} reason=${reason}`);
  }
}

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";
const factory = new WebSocketClientFactory(url);
factory.protocol = EchoClientProtocol;
const client = await connectWebSocket(factory);
await client.closed;
