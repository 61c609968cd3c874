// Autobahn TestSuite testee (client): the standard fuzzingserver loop.
//   deno run -A examples/websocket/testee/client.ts --url ws://127.0.0.1:9001 --agent autobahn-ts
// Asks /getCaseCount, runs /runCase?case=N&agent=A for every case (echoing
// every message), then /updateReports?agent=A; exits 0 when done.
import {
  connectWebSocket,
  PerMessageDeflateOffer,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../../../src/websocket/mod.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 && Deno.args[i + 1] ? Deno.args[i + 1]! : fallback;
}
const base = arg("--url", "ws://127.0.0.1:9001").replace(/\/$/, "");
const agent = arg("--agent", "autobahn-ts");

class EchoClient extends WebSocketClientProtocol {
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.sendMessage(payload, isBinary);
  }
}

class CaseCountClient extends WebSocketClientProtocol {
  count = 0;
  override onMessage(payload: Uint8Array): void {
    this.count = Number(new TextDecoder().decode(payload));
  }
}

async function run(path: string, protocol: new () => WebSocketClientProtocol) {
  const factory = new WebSocketClientFactory(base + path);
  factory.protocol = protocol;
  factory.setProtocolOptions({
    maxMessagePayloadSize: 64 * 1024 * 1024,
    failByDrop: false,
    // Offer permessage-deflate (sections 12/13), accepting the server's parameters.
    perMessageCompressionOffers: [
      new PerMessageDeflateOffer({ acceptNoContextTakeover: true, acceptMaxWindowBits: true }),
    ],
  });
  const p = await connectWebSocket(factory);
  await p.closed;
  return p;
}

const counter = await run("/getCaseCount", CaseCountClient) as CaseCountClient;
console.log(`Running ${counter.count} cases as agent ${agent}`);
for (let n = 1; n <= counter.count; n++) {
  try {
    await run(`/runCase?case=${n}&agent=${encodeURIComponent(agent)}`, EchoClient);
  } catch (err) {
    console.error(`case ${n}: ${(err as Error).message}`);
  }
}
await run(`/updateReports?agent=${encodeURIComponent(agent)}`, WebSocketClientProtocol);
console.log("Reports updated");
