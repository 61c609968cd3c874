// End-to-end tests of the modern face (serve / connect / WebSocketConnection):
// messages, iteration, Disconnected, AbortSignal, `await using`, shutdown.
import { assert, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import {
  type CloseInfo,
  connect,
  connectWebSocket,
  Disconnected,
  listenWebSocket,
  serve,
  WebSocketClientFactory,
  WebSocketClientProtocol,
  type WebSocketConnection,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";
import { rawServer, readHead, readToEof, within } from "./_net.ts";

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

Deno.test("serve/connect - text and binary round trip; iteration ends when the peer closes", async () => {
  const serverInfo = deferred<CloseInfo>();
  await using server = await serve({ port: 0 }, async (ws) => {
    for await (const m of ws) ws.send(m);
    serverInfo.resolve(await ws.closed);
  });
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  assertEquals(ws.readyState, 1);
  assert(ws.peer.startsWith("tcp4:127.0.0.1:"));
  ws.send("héllo");
  ws.send(new Uint8Array([0, 255]));
  const got: (string | Uint8Array)[] = [];
  for await (const m of ws) {
    got.push(m);
    if (got.length === 2) break; // return() closes with 1000
  }
  assertEquals(got, ["héllo", new Uint8Array([0, 255])]);
  const info = await ws.closed;
  assertEquals([info.wasClean, info.code], [true, 1000]);
  assertEquals(ws.readyState, 3);
  assertEquals((await within(serverInfo.promise, 2000, "server")).code, 1000);
});

Deno.test("Disconnected - sending on a closed connection raises a typed error", async () => {
  await using server = await serve({ port: 0 }, () => {});
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  await ws.close();
  assertThrows(() => ws.send("late"), Disconnected);
  assertThrows(() => ws.send(new Uint8Array(1)), Disconnected);
  assertThrows(() => ws.ping(), Disconnected);
  // Closing again is harmless and resolves with the same info.
  assertEquals((await ws.close()).code, 1000);
  // The callback face raises it before the connection opens, too.
  const p = new WebSocketClientProtocol();
  assertThrows(() => p.sendMessage("early"), Disconnected);
  assertThrows(() => p.sendPing(), Disconnected);
  p.sendClose(); // a no-op, never a throw
});

Deno.test("Disconnected - a server that sends after the client closed gets the typed error", async () => {
  const result = deferred<unknown>();
  await using server = await serve({ port: 0 }, async (ws) => {
    await ws.closed;
    try {
      ws.send("too late");
      result.resolve(null);
    } catch (err) {
      result.resolve(err);
    }
  });
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  await ws.close();
  assert((await within(result.promise, 2000, "server")) instanceof Disconnected);
});

Deno.test("await using - disposes the connection and the server", async () => {
  let client: WebSocketConnection | undefined;
  const serverSide = deferred<CloseInfo>();
  let port = 0;
  {
    await using server = await serve({ port: 0 }, async (ws) => {
      serverSide.resolve(await ws.closed);
    });
    port = server.port;
    await using ws = await connect(`ws://127.0.0.1:${server.port}`);
    client = ws;
  }
  assertEquals(client!.readyState, 3);
  assertEquals((await client!.closed).wasClean, true);
  assertEquals((await serverSide.promise).code, 1000);
  await assertRejects(() => connect(`ws://127.0.0.1:${port}`), Deno.errors.ConnectionRefused);
});

Deno.test("AbortSignal - an aborted signal rejects at once; mid-handshake abort rejects with its reason", async () => {
  await assertRejects(
    () => connect("ws://127.0.0.1:1", { signal: AbortSignal.abort(new Error("no thanks")) }),
    Error,
    "no thanks",
  );
  const ac = new AbortController();
  const raw = rawServer(async (conn) => {
    await readHead(conn);
    ac.abort(new Error("gave up"));
    await readToEof(conn, 2000);
  });
  await assertRejects(
    () => connect(`ws://127.0.0.1:${raw.port}`, { signal: ac.signal }),
    Error,
    "gave up",
  );
  await raw.done;
});

Deno.test("AbortSignal - aborting an open connection closes it with 1001", async () => {
  const serverInfo = deferred<CloseInfo>();
  await using server = await serve({ port: 0 }, async (ws) => {
    serverInfo.resolve(await ws.closed);
  });
  const ac = new AbortController();
  const ws = await connect(`ws://127.0.0.1:${server.port}`, { signal: ac.signal });
  ac.abort();
  const info = await within(ws.closed, 2000, "client close");
  assertEquals(info.wasClean, true);
  assertEquals((await serverInfo.promise).code, 1001);
});

Deno.test("server.close - open connections get 1001 and iteration ends", async () => {
  const server = await serve({ port: 0 }, () => {});
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  const msgs: unknown[] = [];
  const reading = (async () => {
    for await (const m of ws) msgs.push(m);
  })();
  await within(server.close(), 2000, "server.close()");
  await within(reading, 2000, "iteration");
  const info = await ws.closed;
  assertEquals([info.wasClean, info.code, info.reason], [true, 1001, "Server shutting down"]);
  assertEquals(msgs, []);
  assertEquals(server.connections, 0);
});

Deno.test("handler errors - a throwing handler fails the connection with 1011", async () => {
  await using server = await serve({ port: 0 }, () => {
    throw new Error("handler bug");
  });
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  const info = await within(ws.closed, 2000, "close");
  assertEquals(info.code, 1011);
});

Deno.test("backpressure - a slow consumer gets every message, in order", async () => {
  const N = 1000;
  await using server = await serve({ port: 0 }, (ws) => {
    for (let i = 0; i < N; i++) ws.send(String(i));
  });
  await using ws = await connect(`ws://127.0.0.1:${server.port}`);
  let next = 0;
  for await (const m of ws) {
    assertEquals(m, String(next));
    if (++next % 300 === 0) await new Promise((r) => setTimeout(r, 5)); // be slow now and then
    if (next === N) break;
  }
  assertEquals(next, N);
});

Deno.test("ping - the peer answers with a pong carrying the same payload", async () => {
  const pong = deferred<Uint8Array>();
  await using server = await serve({ port: 0 }, () => {});
  const cf = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}`);
  cf.protocol = class extends WebSocketClientProtocol {
    override onOpen() {
      this.sendPing(new Uint8Array([1, 2, 3]));
    }
    override onPong(payload: Uint8Array) {
      pong.resolve(payload);
    }
  };
  const client = await connectWebSocket(cf);
  assertEquals(await within(pong.promise, 2000, "pong"), new Uint8Array([1, 2, 3]));
  client.sendClose(1000);
  await client.closed;
});

Deno.test("callback face - sendMessage on a closed server protocol raises Disconnected", async () => {
  const closed = deferred<WebSocketServerProtocol>();
  const sf = new WebSocketServerFactory("ws://127.0.0.1:0");
  sf.protocol = class extends WebSocketServerProtocol {
    override onClose() {
      closed.resolve(this);
    }
  };
  const server = await listenWebSocket(sf);
  try {
    const ws = await connect(`ws://127.0.0.1:${server.port}`);
    await ws.close();
    const p = await within(closed.promise, 2000, "server close");
    assertEquals(p.state, 3);
    assertThrows(() => p.sendMessage("x"), Disconnected);
  } finally {
    await server.close();
  }
});
