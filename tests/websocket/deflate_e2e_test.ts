// permessage-deflate end to end: our client and server with each other and
// with the npm `ws` package (RFC 7692), over real sockets.
import { WebSocket as WsClient, WebSocketServer as WsServer } from "ws";
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import {
  connect,
  HandshakeError,
  PerMessageDeflateOffer,
  PerMessageDeflateOfferAccept,
  serve,
} from "../../src/websocket/mod.ts";

const acceptFirst = (offers: PerMessageDeflateOffer[]) =>
  offers.length ? new PerMessageDeflateOfferAccept(offers[0]!) : null;

function echoServer(extra: Record<string, unknown> = {}) {
  return serve({ port: 0, perMessageCompressionAccept: acceptFirst, ...extra }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
}

Deno.test("permessage-deflate - our client and server negotiate and round trip text and binary", async () => {
  await using server = await echoServer();
  await using ws = await connect(`ws://127.0.0.1:${server.port}/`, {
    perMessageCompressionOffers: [new PerMessageDeflateOffer()],
  });
  assertEquals(ws.response?.extensions.map((e) => e.name), ["permessage-deflate"]);
  const text = "Hello, compressed world! ".repeat(2000);
  const bin = new Uint8Array(300_000).map((_, i) => i % 7);
  ws.send(text);
  ws.send(bin);
  ws.send("");
  const got: (string | Uint8Array)[] = [];
  for await (const m of ws) {
    got.push(m);
    if (got.length === 3) break;
  }
  assertEquals(got, [text, bin, ""]);
});

Deno.test("permessage-deflate - no_context_takeover and max_window_bits offers", async () => {
  await using server = await echoServer();
  await using ws = await connect(`ws://127.0.0.1:${server.port}/`, {
    perMessageCompressionOffers: [
      new PerMessageDeflateOffer({ requestNoContextTakeover: true, requestMaxWindowBits: 9 }),
    ],
  });
  const ext = ws.response!.extensions[0]!;
  assertEquals(ext.params["server_no_context_takeover"], true);
  assertEquals(ext.params["server_max_window_bits"], "9");
  for (let i = 0; i < 3; i++) ws.send(`message ${i} `.repeat(100));
  let n = 0;
  for await (const m of ws) {
    assertEquals(m, `message ${n} `.repeat(100));
    if (++n === 3) break;
  }
});

Deno.test("permessage-deflate - a server without accept answers without the extension", async () => {
  await using server = await serve({ port: 0 }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
  await using ws = await connect(`ws://127.0.0.1:${server.port}/`, {
    perMessageCompressionOffers: [new PerMessageDeflateOffer()],
  });
  assertEquals(ws.response?.extensions, []);
  ws.send("plain");
  for await (const m of ws) {
    assertEquals(m, "plain");
    break;
  }
});

Deno.test("permessage-deflate - a client declining the server's answer fails the handshake", async () => {
  await using server = await echoServer();
  await assertRejects(
    () =>
      connect(`ws://127.0.0.1:${server.port}/`, {
        perMessageCompressionOffers: [new PerMessageDeflateOffer()],
        perMessageCompressionAccept: () => null,
      }),
    HandshakeError,
  );
});

Deno.test("permessage-deflate - the zip-bomb guard closes with 1009 over a real socket", async () => {
  await using server = await echoServer({ maxMessagePayloadSize: 1024 * 1024 });
  await using ws = await connect(`ws://127.0.0.1:${server.port}/`, {
    perMessageCompressionOffers: [new PerMessageDeflateOffer()],
  });
  // 8 MiB of zeros compresses to a few KiB; the server must refuse it while inflating.
  ws.send(new Uint8Array(8 * 1024 * 1024));
  const info = await ws.closed;
  assertEquals(info.code, 1009);
});

Deno.test("permessage-deflate - interop with the ws package, both directions", async () => {
  // ws client (offers permessage-deflate by default) -> our server.
  await using server = await echoServer();
  const wsc = new WsClient(`ws://127.0.0.1:${server.port}/`);
  const echoed = await new Promise<string>((resolve, reject) => {
    wsc.on("open", () => wsc.send("from ws ".repeat(500)));
    wsc.on("message", (d: unknown) => resolve(String(d)));
    wsc.on("error", reject);
  });
  assertEquals(echoed, "from ws ".repeat(500));
  assert(String(wsc.extensions).includes("permessage-deflate"));
  const closed = new Promise((r) => wsc.on("close", r));
  wsc.close(1000);
  await closed;

  // Our client -> ws server with perMessageDeflate.
  const wss = new WsServer({ host: "127.0.0.1", port: 0, perMessageDeflate: true });
  await new Promise((r) => wss.on("listening", r));
  wss.on(
    "connection",
    (
      s: {
        on(e: string, f: (d: unknown, b: boolean) => void): void;
        send(d: unknown, o: unknown): void;
      },
    ) => s.on("message", (d, isBinary) => s.send(d, { binary: isBinary })),
  );
  const port = (wss.address() as { port: number }).port;
  try {
    await using ws = await connect(`ws://127.0.0.1:${port}/`, {
      perMessageCompressionOffers: [new PerMessageDeflateOffer()],
    });
    assertEquals(ws.response?.extensions[0]?.name, "permessage-deflate");
    const payload = new Uint8Array(100_000).map((_, i) => (i * 31) % 251);
    ws.send(payload);
    ws.send("text ".repeat(1000));
    const got: (string | Uint8Array)[] = [];
    for await (const m of ws) {
      got.push(m);
      if (got.length === 2) break;
    }
    assertEquals(got, [payload, "text ".repeat(1000)]);
  } finally {
    for (const c of wss.clients) (c as { terminate(): void }).terminate();
    await new Promise((r) => wss.close(r));
  }
});
