/**
 * Our client and server (both faces) against the npm `ws` package, run under
 * Deno's npm support. `ws` can also fragment and ping, so every scenario runs.
 *
 * @module
 */
import { assertEquals } from "../_assert.ts";
import {
  connectOurCallbackClient,
  connectOurModernClient,
  type Endpoint,
  listenOurCallbackServer,
  type OurServer,
  type Pair,
  serveOurModern,
} from "./_fixtures.ts";
import { type Capability, disposer, interopSuite } from "./_suite.ts";
import { connectWsClient, startWsServer } from "./_ws_package.ts";
import { connect } from "../../src/websocket/mod.ts";

const WS_CAN: Capability[] = ["sendFragmented", "ping"];

async function withWsServer(connectOurs: (url: string) => Promise<Endpoint>): Promise<Pair> {
  const server = await startWsServer();
  try {
    const ours = await connectOurs(server.url);
    const theirs = await server.accepted.next("ws server accepts");
    return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

async function withWsClient(start: () => Promise<OurServer>): Promise<Pair> {
  const { url, accepted, server } = await start();
  try {
    const { endpoint: theirs } = await connectWsClient(url);
    const ours = await accepted.next("our server accepts");
    return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

interopSuite(
  "our callback client vs ws server",
  () => withWsServer((url) => connectOurCallbackClient(url)),
  { ours: ["sendFragmented", "ping"], theirs: WS_CAN },
);

interopSuite(
  "our modern client (autoFragmentSize 16 KiB) vs ws server",
  () => withWsServer((url) => connectOurModernClient(url, { autoFragmentSize: 16 * 1024 })),
  { ours: [], theirs: WS_CAN },
);

interopSuite(
  "ws client vs our callback server",
  () => withWsClient(() => listenOurCallbackServer()),
  { ours: ["sendFragmented", "ping"], theirs: WS_CAN },
);

interopSuite(
  "ws client vs our modern server (autoFragmentSize 16 KiB)",
  () => withWsClient(() => serveOurModern({ autoFragmentSize: 16 * 1024 })),
  { ours: [], theirs: WS_CAN },
);

Deno.test("Interop - our client vs ws server - subprotocol negotiation", async () => {
  const server = await startWsServer({ protocol: "wamp.2.json" });
  try {
    const ws = await connect(server.url, { protocols: ["wamp.2.cbor", "wamp.2.json"] });
    const theirs = await server.accepted.next("ws server accepts");
    assertEquals(ws.protocol, "wamp.2.json");
    assertEquals(await server.protocols, "wamp.2.json");
    assertEquals((await ws.close(4003, "bye")).wasClean, true);
    assertEquals((await theirs.closed).code, 4003);
  } finally {
    await server.close();
  }
});

Deno.test("Interop - ws client vs our server - subprotocol negotiation", async () => {
  const { url, accepted, server } = await serveOurModern({ protocols: ["wamp.2.json"] });
  try {
    const { endpoint: theirs, protocol } = await connectWsClient(url, {
      protocols: ["wamp.2.cbor", "wamp.2.json"],
    });
    const ours = await accepted.next("our server accepts");
    assertEquals(protocol, "wamp.2.json");
    theirs.close(1000, "");
    assertEquals((await ours.closed).wasClean, true);
    await theirs.closed;
  } finally {
    await server.close();
  }
});
