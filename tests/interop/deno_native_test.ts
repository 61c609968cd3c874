/**
 * Our client (both faces) against Deno's native WebSocket server
 * (`Deno.serve` + `Deno.upgradeWebSocket`).
 *
 * @module
 */
import { assertEquals } from "../_assert.ts";
import {
  connectOurCallbackClient,
  connectOurModernClient,
  type Endpoint,
  type Pair,
  startDenoNativeServer,
} from "./_fixtures.ts";
import { disposer, interopSuite } from "./_suite.ts";
import { connect } from "../../src/websocket/mod.ts";

async function pairWith(connectOurs: (url: string) => Promise<Endpoint>): Promise<Pair> {
  const server = startDenoNativeServer();
  try {
    const ours = await connectOurs(server.url);
    const theirs = await server.accepted.next("Deno server accepts");
    return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

interopSuite(
  "our callback client vs Deno native server",
  () => pairWith((url) => connectOurCallbackClient(url)),
  { ours: ["sendFragmented", "ping"], theirs: [] },
);

// The modern face sends every message in 16 KiB frames here, so the 64 KiB and
// 16 MiB scenarios also cover fragmentation toward Deno.
interopSuite(
  "our modern client (autoFragmentSize 16 KiB) vs Deno native server",
  () => pairWith((url) => connectOurModernClient(url, { autoFragmentSize: 16 * 1024 })),
  { ours: [], theirs: [] },
);

Deno.test("Interop - our client vs Deno native server - subprotocol negotiation", async () => {
  const server = startDenoNativeServer({ protocol: "wamp.2.json" });
  try {
    const ws = await connect(server.url, { protocols: ["wamp.2.cbor", "wamp.2.json"] });
    const theirs = await server.accepted.next("Deno server accepts");
    assertEquals(ws.protocol, "wamp.2.json");
    const info = await ws.close(1000);
    assertEquals(info.wasClean, true);
    await theirs.closed;
  } finally {
    await server.close();
  }
});
