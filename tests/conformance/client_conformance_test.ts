// Autobahn TestSuite sections 1-10 against our client: a fuzzing server
// (_fuzzer.ts, like wstest's fuzzingserver) accepts our echoing client (the
// code and options of examples/websocket/testee/client.ts) and plays every
// case of cases.ts at it.
import {
  connectWebSocket,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../../src/websocket/mod.ts";
import { type CaseOutcome, type CaseScript, fuzzClient } from "./_fuzzer.ts";
import { runSection, SECTIONS } from "./_runner.ts";

class EchoClient extends WebSocketClientProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

/** One case: a fuzzing server on a free port, and the testee client connecting to it. */
async function runCase(script: CaseScript): Promise<CaseOutcome> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const factory = new WebSocketClientFactory(
      `ws://127.0.0.1:${listener.addr.port}/runCase?case=1&agent=autobahn-ts`,
    );
    factory.protocol = EchoClient;
    factory.setProtocolOptions({ maxMessagePayloadSize: 64 * 1024 * 1024, failByDrop: false });
    const fuzzing = fuzzClient(listener, script);
    const client = connectWebSocket(factory).then((p) => p.closed);
    const [outcome] = await Promise.all([fuzzing, client]);
    return outcome;
  } finally {
    listener.close();
  }
}

for (const [section, title] of SECTIONS) {
  Deno.test(`Autobahn conformance (client) - section ${section} ${title}`, async () => {
    await runSection("client", section, runCase);
  });
}
