// permessage-deflate (RFC 7692) server: accepts the client's first valid offer
// and echoes every message compressed.
//   deno run --allow-net=127.0.0.1 examples/websocket/compression/server.ts [--port 9000]
import {
  listenWebSocket,
  type PerMessageDeflateOffer,
  PerMessageDeflateOfferAccept,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";

class CompressedEcho extends WebSocketServerProtocol {
  override onOpen(): void {
    const ext = this.websocketExtensionsInUse.map((e) => e.name).join(", ") || "none";
    console.log(`Connection open from ${this.peer}, extensions in use: ${ext}`);
  }

  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 9000;
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
factory.protocol = CompressedEcho;
factory.setProtocolOptions({
  // Called with the client's valid offers in its order of preference; returning
  // null declines compression for this connection.
  perMessageCompressionAccept: (offers: PerMessageDeflateOffer[]) =>
    offers.length > 0 ? new PerMessageDeflateOfferAccept(offers[0]!) : null,
});
const server = await listenWebSocket(factory);
console.log(`Listening on ws://127.0.0.1:${server.port}`);
