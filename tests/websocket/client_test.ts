// End-to-end tests of the client options and handshake over real sockets,
// against our server and against raw servers that misbehave on purpose.
import { assert, assertEquals, assertInstanceOf, assertRejects } from "../_assert.ts";
import {
  connect,
  type ConnectionRequest,
  HandshakeError,
  serve,
  type ServeOptions,
} from "../../src/websocket/mod.ts";
import {
  acceptUpgrade,
  bytes,
  closeCode,
  closePayload,
  plainFrame,
  rawServer,
  readHead,
  readToEof,
  SHORT,
  within,
} from "./_net.ts";

function echoServer(options: Omit<ServeOptions, "port"> = {}) {
  return serve({ port: 0, ...options }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
}

Deno.test("version 8 - a hybi-08 client works against our server (Sec-WebSocket-Origin)", async () => {
  let request: ConnectionRequest | undefined;
  await using server = await serve({
    port: 0,
    allowedOrigins: ["http://a.example"],
    onConnect: (r) => void (request = r),
  }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
  await using ws = await connect(`ws://127.0.0.1:${server.port}`, {
    version: 8,
    origin: "http://a.example",
  });
  assertEquals(ws.response?.version, 8);
  ws.send("eight");
  for await (const m of ws) {
    assertEquals(m, "eight");
    break;
  }
  assertEquals(request?.version, 8);
  assertEquals(request?.origin, "http://a.example");
  assertEquals(request?.headers["sec-websocket-origin"], "http://a.example");
  assertEquals(request?.headers["origin"], undefined);
});

Deno.test("acceptMaskedServerFrames - RFC 6455 §5.1 masked server frames fail with 1002 unless accepted", async () => {
  await using server = await serve({ port: 0, maskServerFrames: true }, (ws) => ws.send("masked"));
  const url = `ws://127.0.0.1:${server.port}`;
  {
    const ws = await connect(url);
    const info = await within(ws.closed, 3000, "close");
    assertEquals(info.error?.closeCode, 1002);
  }
  {
    await using ws = await connect(url, { acceptMaskedServerFrames: true });
    for await (const m of ws) {
      assertEquals(m, "masked");
      break;
    }
  }
});

Deno.test("maskClientFrames - false sends unmasked frames; our server fails them unless allowed", async () => {
  const raw = rawServer(async (conn) => {
    const { frames } = await acceptUpgrade(conn);
    const f = await frames.next();
    assertEquals([f?.masked, new TextDecoder().decode(f!.payload)], [false, "bare"]);
    await conn.write(plainFrame(8, closePayload(1000)));
  });
  const bare = await connect(`ws://127.0.0.1:${raw.port}`, {
    maskClientFrames: false,
    serverConnectionDropTimeout: SHORT,
  });
  bare.send("bare");
  await within(bare.closed, 3000, "close");
  await raw.done;

  await using strict = await echoServer({ closeHandshakeTimeout: SHORT });
  const refused = await connect(`ws://127.0.0.1:${strict.port}`, { maskClientFrames: false });
  refused.send("bare");
  assertEquals((await within(refused.closed, 3000, "close")).code, 1002);

  await using lax = await echoServer({ requireMaskedClientFrames: false });
  await using ok = await connect(`ws://127.0.0.1:${lax.port}`, { maskClientFrames: false });
  ok.send("bare");
  for await (const m of ok) {
    assertEquals(m, "bare");
    break;
  }
});

Deno.test("serverConnectionDropTimeout - RFC 6455 §7.1.1 a client drops a server that keeps TCP open", async () => {
  const raw = rawServer(async (conn) => {
    const { frames } = await acceptUpgrade(conn);
    const f = await frames.next();
    assertEquals([f?.opcode, closeCode(f!.payload)], [8, 1000]);
    await conn.write(plainFrame(8, closePayload(1000)));
    // ...and never close TCP: the client must.
    assert((await readToEof(conn, 3000)).eof, "the client did not drop TCP");
  });
  const ws = await connect(`ws://127.0.0.1:${raw.port}`, { serverConnectionDropTimeout: SHORT });
  const t0 = performance.now();
  const info = await within(ws.close(), 3000, "close");
  const elapsed = performance.now() - t0;
  await raw.done;
  assertEquals([info.wasClean, info.code], [true, 1000]);
  assert(elapsed >= SHORT * 1000 - 20 && elapsed < SHORT * 1000 + 1000, `${elapsed} ms`);
});

Deno.test("serverConnectionDropTimeout - a server that closes TCP promptly ends the wait at once", async () => {
  await using server = await echoServer();
  const ws = await connect(`ws://127.0.0.1:${server.port}`, { serverConnectionDropTimeout: 5 });
  const t0 = performance.now();
  const info = await within(ws.close(), 3000, "close");
  assertEquals([info.wasClean, info.code], [true, 1000]);
  assert(performance.now() - t0 < 1000);
});

Deno.test("openHandshakeTimeout - a server that never answers the upgrade fails the client in time", async () => {
  const raw = rawServer(async (conn) => {
    assert((await readHead(conn)) !== null);
    assert((await readToEof(conn, 3000)).eof, "the client did not give up");
  });
  const t0 = performance.now();
  const err = await assertRejects(
    () => connect(`ws://127.0.0.1:${raw.port}`, { openHandshakeTimeout: SHORT }),
    HandshakeError,
    "timed out",
  );
  const elapsed = performance.now() - t0;
  await raw.done;
  assertInstanceOf(err, HandshakeError);
  assert(elapsed >= SHORT * 1000 - 20 && elapsed < SHORT * 1000 + 1000, `${elapsed} ms`);
});

Deno.test("HandshakeError - a refusal carries the HTTP status; a bad accept key is refused", async () => {
  const refusing = rawServer(async (conn) => {
    await readHead(conn);
    await conn.write(bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno"));
  });
  const err = await assertRejects(
    () => connect(`ws://127.0.0.1:${refusing.port}`),
    HandshakeError,
  );
  await refusing.done;
  assertEquals(err.status, 403);

  const lying = rawServer(async (conn) => {
    await readHead(conn);
    await conn.write(bytes(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
    ));
    await readToEof(conn, 2000);
  });
  await assertRejects(() => connect(`ws://127.0.0.1:${lying.port}`), HandshakeError);
  await lying.done;

  const closing = rawServer(async (conn) => {
    await readHead(conn);
  });
  await assertRejects(() => connect(`ws://127.0.0.1:${closing.port}`), HandshakeError);
  await closing.done;
});

Deno.test("connect - origin, subprotocols, headers and User-Agent are sent as asked", async () => {
  let head: Record<string, string> = {};
  const raw = rawServer(async (conn) => {
    const { request, frames } = await acceptUpgrade(conn, ["Sec-WebSocket-Protocol: p2"]);
    head = request.headers;
    const f = await frames.next();
    assertEquals(f?.opcode, 8);
    await conn.write(plainFrame(8, f!.payload));
  });
  const ws = await connect(`ws://127.0.0.1:${raw.port}/path?q=1`, {
    origin: "https://app.example.com",
    protocols: ["p1", "p2"],
    headers: { "X-Custom": "42", Cookie: "a=1" },
    useragent: "Tester/9",
    serverConnectionDropTimeout: SHORT,
  });
  assertEquals(ws.protocol, "p2");
  await ws.close();
  await raw.done;
  assertEquals(head["origin"], "https://app.example.com");
  assertEquals(head["sec-websocket-protocol"], "p1, p2");
  assertEquals(head["sec-websocket-version"], "13");
  assertEquals(head["x-custom"], "42");
  assertEquals(head["cookie"], "a=1");
  assertEquals(head["user-agent"], "Tester/9");
  assertEquals(head["host"], `127.0.0.1:${raw.port}`);
});

Deno.test("connect - a subprotocol the client did not offer fails the handshake", async () => {
  const raw = rawServer(async (conn) => {
    await acceptUpgrade(conn, ["Sec-WebSocket-Protocol: other"]);
    await readToEof(conn, 2000);
  });
  await assertRejects(
    () => connect(`ws://127.0.0.1:${raw.port}`, { protocols: ["mine"] }),
    HandshakeError,
  );
  await raw.done;
});
