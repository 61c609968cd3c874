// Autobahn TestSuite sections 12 and 13 against our client: a fuzzing server
// (_deflate_fuzzer.ts) answers our client's permessage-deflate offer with
// each case's parameters and plays the echo cases of cases_compression.ts at
// our echoing client, configured like examples/websocket/testee/client.ts.
import {
  connectWebSocket,
  PerMessageDeflateOffer,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../../src/websocket/mod.ts";
import { type DeflateCaseOutcome, fuzzDeflateClient } from "./_deflate_fuzzer.ts";
import {
  COMPRESSION_SUBSECTIONS,
  type CompressionCase,
  runCompressionSubsection,
} from "./cases_compression.ts";

class EchoClient extends WebSocketClientProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

/** One case: a fuzzing server on a free port, and the testee client connecting to it. */
async function runCase(c: CompressionCase): Promise<DeflateCaseOutcome> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const factory = new WebSocketClientFactory(
      `ws://127.0.0.1:${listener.addr.port}/runCase?case=1&agent=autobahn-ts`,
    );
    factory.protocol = EchoClient;
    factory.setProtocolOptions({
      maxMessagePayloadSize: 64 * 1024 * 1024,
      failByDrop: false,
      perMessageCompressionOffers: [
        new PerMessageDeflateOffer({ acceptNoContextTakeover: true, acceptMaxWindowBits: true }),
      ],
    });
    const fuzzing = fuzzDeflateClient(listener, c.accept, c.script());
    const client = connectWebSocket(factory).then((p) => p.closed);
    const [outcome] = await Promise.all([fuzzing, client]);
    return outcome;
  } finally {
    listener.close();
  }
}

for (const subsection of COMPRESSION_SUBSECTIONS) {
  Deno.test(`Autobahn conformance (client) - section ${subsection} permessage-deflate`, async () => {
    await runCompressionSubsection("client", subsection, runCase);
  });
}
