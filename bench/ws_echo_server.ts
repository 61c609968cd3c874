/**
 * Our WebSocket echo server for the wsbench harness (callback face, no size
 * limit). Usage: `deno run -A bench/ws_echo_server.ts PORT`; with `DEFLATE=1`
 * in the environment it accepts the client's first permessage-deflate offer
 * (RFC 7692), as `ws` does with `perMessageDeflate: true`; with `TRANSFER=1`
 * it echoes with transfer semantics (see `TransferEcho`).
 *
 * @module
 */
import {
  listenWebSocket,
  PerMessageDeflateOfferAccept,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../src/websocket/mod.ts";

class Echo extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

/**
 * `TRANSFER=1`: echoes with transfer semantics (`sendMessageTransfer`: the
 * payload goes out without a copy and its memory is reused once written).
 */
class TransferEcho extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessageTransfer(payload, isBinary);
  }
}

const port = Number(Deno.args[0] ?? 9000);
const factory = new WebSocketServerFactory(`ws://127.0.0.1:${port}`);
const transfer = Deno.env.get("TRANSFER") === "1";
factory.protocol = transfer ? TransferEcho : Echo;
const deflate = Deno.env.get("DEFLATE") === "1";
factory.setProtocolOptions({
  maxMessagePayloadSize: 0,
  ...(deflate
    ? { perMessageCompressionAccept: (offers) => new PerMessageDeflateOfferAccept(offers[0]) }
    : {}),
});
await listenWebSocket(factory);
console.error(
  `autobahn-ts (deno ${Deno.version.deno}) ws echo on :${port} deflate=${deflate} transfer=${transfer}`,
);
