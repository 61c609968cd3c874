// Autobahn TestSuite sections 12 and 13 against our server: the fuzzing
// client (_deflate_fuzzer.ts) offers permessage-deflate with each case's
// parameters and plays the echo cases of cases_compression.ts against an echo
// server started in-process with the options of
// examples/websocket/testee/server.ts (accept the first valid offer).
import {
  listenWebSocket,
  PerMessageDeflateOfferAccept,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";
import { fuzzDeflateServer } from "./_deflate_fuzzer.ts";
import { COMPRESSION_SUBSECTIONS, runCompressionSubsection } from "./cases_compression.ts";

class TesteeServerProtocol extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

/** The testee server, as examples/websocket/testee/server.ts configures it, on a free port. */
async function startTestee(): Promise<WebSocketServer> {
  const factory = new WebSocketServerFactory("ws://127.0.0.1:0", { server: "AutobahnTS-testee" });
  factory.protocol = TesteeServerProtocol;
  factory.setProtocolOptions({
    maxMessagePayloadSize: 64 * 1024 * 1024,
    failByDrop: false,
    perMessageCompressionAccept: (offers) =>
      offers.length > 0 ? new PerMessageDeflateOfferAccept(offers[0]!) : null,
  });
  return await listenWebSocket(factory, { port: 0 });
}

for (const subsection of COMPRESSION_SUBSECTIONS) {
  Deno.test(`Autobahn conformance (server) - section ${subsection} permessage-deflate`, async () => {
    const server = await startTestee();
    try {
      await runCompressionSubsection(
        "server",
        subsection,
        (c) => fuzzDeflateServer(server.port, c.offers, c.script()),
      );
    } finally {
      await server.close();
    }
  });
}
