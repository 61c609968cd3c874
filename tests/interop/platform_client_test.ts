/**
 * The platform WebSocket client (Deno's global `WebSocket`) against our server,
 * both faces.
 *
 * @module
 */
import { assertEquals } from "../_assert.ts";
import {
  connectPlatformClient,
  listenOurCallbackServer,
  type OurServer,
  type Pair,
  serveOurModern,
} from "./_fixtures.ts";
import { disposer, interopSuite } from "./_suite.ts";

async function pairWith(start: () => Promise<OurServer>): Promise<Pair> {
  const { url, accepted, server } = await start();
  try {
    const { endpoint: theirs } = await connectPlatformClient(url);
    const ours = await accepted.next("our server accepts");
    return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

interopSuite(
  "platform WebSocket client vs our callback server",
  () => pairWith(() => listenOurCallbackServer()),
  { ours: ["sendFragmented", "ping"], theirs: [] },
);

interopSuite(
  "platform WebSocket client vs our modern server (autoFragmentSize 16 KiB)",
  () => pairWith(() => serveOurModern({ autoFragmentSize: 16 * 1024 })),
  { ours: [], theirs: [] },
);

Deno.test("Interop - platform WebSocket client vs our server - subprotocol negotiation", async () => {
  const { url, accepted, server } = await serveOurModern({ protocols: ["wamp.2.json"] });
  try {
    const { endpoint: theirs, socket } = await connectPlatformClient(url, [
      "wamp.2.cbor",
      "wamp.2.json",
    ]);
    const ours = await accepted.next("our server accepts");
    assertEquals(socket.protocol, "wamp.2.json");
    theirs.close(1000, "");
    assertEquals((await ours.closed).code, 1000);
    await theirs.closed;
  } finally {
    await server.close();
  }
});
