// Autobahn TestSuite sections 1-10 against our server: the fuzzing client
// (_fuzzer.ts) plays every case of cases.ts against an echo server started
// in-process with the code and options of examples/websocket/testee/server.ts.
import {
  listenWebSocket,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";
import { fuzzServer } from "./_fuzzer.ts";
import { runSection, SECTIONS } from "./_runner.ts";

class TesteeServerProtocol extends WebSocketServerProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

/** The testee server, as examples/websocket/testee/server.ts configures it, on a free port. */
async function startTestee(): Promise<WebSocketServer> {
  const factory = new WebSocketServerFactory("ws://127.0.0.1:0", { server: "AutobahnTS-testee" });
  factory.protocol = TesteeServerProtocol;
  factory.setProtocolOptions({ maxMessagePayloadSize: 64 * 1024 * 1024, failByDrop: false });
  return await listenWebSocket(factory, { port: 0 });
}

for (const [section, title] of SECTIONS) {
  Deno.test(`Autobahn conformance (server) - section ${section} ${title}`, async () => {
    const server = await startTestee();
    try {
      await runSection("server", section, (script) => fuzzServer(server.port, script));
    } finally {
      await server.close();
    }
  });
}
