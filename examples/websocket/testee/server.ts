// Autobahn TestSuite testee (server): echoes every message; stays up until killed.
//   deno run -A examples/websocket/testee/server.ts --port 9001
// Run the suite's fuzzingclient against ws://127.0.0.1:9001.
import {
  listenWebSocket,
  PerMessageDeflateOfferAccept,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";

class TesteeServerProtocol extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9001;
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`, {
  server: "AutobahnTS-testee",
});
factory.protocol = TesteeServerProtocol;
// Case 9.x sends messages up to 16 MiB; sections 12/13 offer permessage-deflate:
// accept the first valid offer.
factory.setProtocolOptions({
  maxMessagePayloadSize: 64 * 1024 * 1024,
  failByDrop: false,
  perMessageCompressionAccept: (offers) =>
    offers.length > 0 ? new PerMessageDeflateOfferAccept(offers[0]!) : null,
});
const server = await listenWebSocket(factory);
console.log(`Autobahn|TS testee server on ws://127.0.0.1:${server.port}`);
await server.finished;
