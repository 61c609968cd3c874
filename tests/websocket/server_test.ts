// End-to-end tests of the server: both faces, every server option, onConnect,
// HTTP error answers, the fetch fallback and Unix sockets, over real sockets.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStrictEquals,
  assertStringIncludes,
} from "../_assert.ts";
import {
  connect,
  ConnectionDeny,
  type ConnectionRequest,
  connectWebSocket,
  HandshakeError,
  listenWebSocket,
  serve,
  WebSocketClientFactory,
  WebSocketClientProtocol,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";
import { listenTcp } from "../../src/transport/deno_tcp.ts";
import {
  bytes,
  canUseUnixSocket,
  captureLogger,
  closeCode,
  delay,
  httpExchange,
  maskedFrame,
  observeListener,
  plainFrame,
  rawConnect,
  rawUpgrade,
  readToEof,
  safeClose,
  SHORT,
  socketPath,
  upgradeRequest,
  within,
} from "./_net.ts";

const dec = new TextDecoder();

/** Connects, expecting the handshake to fail; returns the error. */
async function refused(url: string, options: Parameters<typeof connect>[1] = {}) {
  try {
    const ws = await connect(url, options);
    await ws.close();
  } catch (err) {
    assertInstanceOf(err, HandshakeError);
    return err;
  }
  throw new Error("Expected the handshake to fail");
}

Deno.test("listenWebSocket - callback face runs onConnecting, onConnect, onOpen, onMessage, onClose in order", async () => {
  const calls: string[] = [];
  let serverClosed!: () => void;
  const serverDone = new Promise<void>((r) => (serverClosed = r));
  class Echo extends WebSocketServerProtocol {
    override onConnecting() {
      calls.push("connecting");
    }
    override onConnect(request: ConnectionRequest) {
      calls.push(`connect ${request.path}`);
      return null;
    }
    override onOpen() {
      calls.push("open");
    }
    override onMessage(payload: Uint8Array, isBinary: boolean) {
      calls.push(`message ${isBinary}`);
      this.sendMessage(payload, isBinary);
    }
    override onClose(wasClean: boolean, code: number) {
      calls.push(`close ${wasClean} ${code}`);
      serverClosed();
    }
  }
  const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
  factory.protocol = Echo;
  const server = await listenWebSocket(factory);
  try {
    const got: string[] = [];
    class Client extends WebSocketClientProtocol {
      override onOpen() {
        this.sendMessage("hello");
        this.sendMessage(new Uint8Array([1, 2, 3]), true);
      }
      override onMessage(payload: Uint8Array, isBinary: boolean) {
        got.push(isBinary ? `bin ${payload.join(",")}` : dec.decode(payload));
        if (got.length === 2) this.sendClose(1000);
      }
    }
    const cf = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}/chat`);
    cf.protocol = Client;
    const client = await connectWebSocket(cf);
    await within(client.closed, 2000, "client close");
    await within(serverDone, 2000, "server close");
    assertEquals(got, ["hello", "bin 1,2,3"]);
    assertEquals(calls, [
      "connecting",
      "connect /chat",
      "open",
      "message false",
      "message true",
      "close true 1000",
    ]);
    assertEquals(client.closeInfo?.wasClean, true);
    assertEquals(client.closeInfo?.code, 1000);
  } finally {
    await server.close();
  }
});

Deno.test("webStatus - a plain GET is answered with a 200 HTML status page", async () => {
  await using server = await serve({ port: 0, server: "TestServer/1.0" }, () => {});
  const { head, body } = await httpExchange(
    server.port,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
  );
  assertEquals(head.status, 200);
  assertStringIncludes(head.headers["content-type"] ?? "", "text/html");
  assertEquals(head.headers["server"], "TestServer/1.0");
  assertStringIncludes(body, "<html");
  assertStringIncludes(body, "TestServer/1.0");
});

Deno.test("webStatus false - a plain GET gets 426 Upgrade Required naming the versions", async () => {
  await using server = await serve({ port: 0, webStatus: false }, () => {});
  const { head, body } = await httpExchange(
    server.port,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
  );
  assertEquals(head.status, 426);
  assertEquals(head.headers["upgrade"], "websocket");
  assertEquals(head.headers["sec-websocket-version"], "13, 8");
  assertStringIncludes(body, "upgrade required");
});

Deno.test("versions [13] - RFC 6455 §4.4 a version 8 client gets 426 naming only 13", async () => {
  await using server = await serve({ port: 0, versions: [13] }, () => {});
  const { head, body } = await httpExchange(
    server.port,
    upgradeRequest(server.port, { version: 8 }),
  );
  assertEquals(head.status, 426);
  assertEquals(head.headers["sec-websocket-version"], "13");
  assertStringIncludes(body, "not supported");
  // Our own client speaking version 8 sees the refusal as a HandshakeError.
  const err = await refused(`ws://127.0.0.1:${server.port}`, { version: 8 });
  assertEquals(err.status, 426);
  // ...and version 13 still works.
  await using ws = await connect(`ws://127.0.0.1:${server.port}`);
  assertEquals(ws.readyState, 1);
});

Deno.test("versions [8] - a version 13 client gets 426, a version 8 client is served", async () => {
  let version = 0;
  await using server = await serve({ port: 0, versions: [8] }, (ws) => {
    version = ws.request!.version;
  });
  const err = await refused(`ws://127.0.0.1:${server.port}`);
  assertEquals(err.status, 426);
  await using ws = await connect(`ws://127.0.0.1:${server.port}`, { version: 8 });
  assertEquals(ws.response?.version, 8);
  await ws.close();
  assertEquals(version, 8);
});

Deno.test("HTTP errors - 400 for a malformed upgrade, with a clear body and Connection: close", async () => {
  await using server = await serve({ port: 0 }, () => {});
  const { head, body } = await httpExchange(
    server.port,
    upgradeRequest(server.port, { key: "short" }),
  );
  assertEquals(head.status, 400);
  assertEquals(head.headers["connection"], "close");
  assertStringIncludes(head.headers["content-type"] ?? "", "text/html");
  assertStringIncludes(body, "Sec-WebSocket-Key is not 16 bytes");
  assertEquals(Number(head.headers["content-length"]), bytes(body).length);
});

Deno.test("allowedOrigins - wildcards and scheme://host:port with an explicit port; others get 403", async () => {
  await using server = await serve({
    port: 0,
    allowedOrigins: ["https://*.example.com", "http://localhost:8080"],
  }, () => {});
  const url = `ws://127.0.0.1:${server.port}`;
  for (
    const origin of ["https://app.example.com", "https://a.b.example.com", "http://localhost:8080"]
  ) {
    await using ws = await connect(url, { origin });
    assertEquals(ws.readyState, 1, origin);
  }
  for (
    const origin of [
      "https://evil.com",
      "https://app.example.com:8443",
      "http://app.example.com",
      "http://localhost:9090",
      "http://localhost",
    ]
  ) {
    const err = await refused(url, { origin });
    assertEquals(err.status, 403, origin);
  }
  const { head, body } = await httpExchange(
    server.port,
    upgradeRequest(server.port, { origin: "https://evil.com" }),
  );
  assertEquals(head.status, 403);
  assertStringIncludes(body, "not allowed");
  // No Origin header (a non-browser client) is allowed, as in Autobahn.
  await using ws = await connect(url);
  assertEquals(ws.readyState, 1);
});

Deno.test("allowedOrigins - version 8 clients are checked on Sec-WebSocket-Origin", async () => {
  await using server = await serve({ port: 0, allowedOrigins: ["http://localhost:*"] }, () => {});
  const url = `ws://127.0.0.1:${server.port}`;
  await using ws = await connect(url, { version: 8, origin: "http://localhost:3000" });
  assertEquals(ws.readyState, 1);
  const err = await refused(url, { version: 8, origin: "http://example.com" });
  assertEquals(err.status, 403);
});

Deno.test("onConnect - ConnectionDeny(404) answers 404 with the reason; clients get HandshakeError", async () => {
  await using server = await serve({
    port: 0,
    onConnect(request) {
      if (request.path !== "/ws") {
        throw new ConnectionDeny(ConnectionDeny.NOT_FOUND, "No such endpoint");
      }
    },
  }, () => {});
  const { head, body } = await httpExchange(
    server.port,
    upgradeRequest(server.port, { path: "/x" }),
  );
  assertEquals(head.status, 404);
  assertStringIncludes(body, "No such endpoint");
  const err = await refused(`ws://127.0.0.1:${server.port}/nope`);
  assertEquals(err.status, 404);
  await using ws = await connect(`ws://127.0.0.1:${server.port}/ws`);
  assertEquals(ws.readyState, 1);
});

Deno.test("onConnect - returns a subprotocol, or (async) a ConnectionAccept with headers", async () => {
  await using sync = await serve({
    port: 0,
    onConnect: (request) => request.protocols.includes("b") ? "b" : null,
  }, () => {});
  await using a = await connect(`ws://127.0.0.1:${sync.port}`, { protocols: ["a", "b"] });
  assertEquals(a.protocol, "b");
  await using none = await connect(`ws://127.0.0.1:${sync.port}`, { protocols: ["a"] });
  assertEquals(none.protocol, null);

  await using asyncServer = await serve({
    port: 0,
    async onConnect(request) {
      await delay(5);
      return {
        subprotocol: request.protocols[0] ?? null,
        headers: { "X-Test": "yes", "Set-Cookie": ["a=1", "b=2"] },
      };
    },
  }, (ws) => ws.send(ws.protocol ?? "none"));
  await using c = await connect(`ws://127.0.0.1:${asyncServer.port}`, {
    protocols: ["wamp.2.json"],
  });
  assertEquals(c.protocol, "wamp.2.json");
  assertEquals(c.response?.headers["x-test"], "yes");
  assertEquals(
    c.response?.rawHeaders.filter(([n]) => n.toLowerCase() === "set-cookie").map(([, v]) => v),
    ["a=1", "b=2"],
  );
  for await (const msg of c) {
    assertEquals(msg, "wamp.2.json");
    break;
  }
});

Deno.test("onConnect - the factory's protocols are used when onConnect returns nothing", async () => {
  await using server = await serve({ port: 0, protocols: ["v2", "v1"] }, () => {});
  await using ws = await connect(`ws://127.0.0.1:${server.port}`, { protocols: ["v1", "v2"] });
  assertEquals(ws.protocol, "v2");
  await using other = await connect(`ws://127.0.0.1:${server.port}`, { protocols: ["v3"] });
  assertEquals(other.protocol, null);
});

Deno.test("onConnect - an unexpected throw answers 500 and logs an error", async () => {
  const { logger, records } = captureLogger(["error"]);
  await using server = await serve({
    port: 0,
    logger,
    onConnect: () => Promise.reject(new Error("database down")),
  }, () => {});
  const err = await refused(`ws://127.0.0.1:${server.port}`);
  assertEquals(err.status, 500);
  assert(
    records.some((r) =>
      r.level === "error" && String(r.properties?.error).includes("database down")
    ),
  );
});

Deno.test("maxConnections - a connection beyond the limit gets 503; a slot frees on close", async () => {
  await using server = await serve({ port: 0, maxConnections: 1 }, () => {});
  const url = `ws://127.0.0.1:${server.port}`;
  const first = await connect(url);
  try {
    const { head, body } = await httpExchange(server.port, upgradeRequest(server.port));
    assertEquals(head.status, 503);
    assertStringIncludes(body, "Too many connections");
    const err = await refused(url);
    assertEquals(err.status, 503);
  } finally {
    await first.close();
  }
  // The server counts the connection out once its transport is closed.
  for (let i = 0; i < 50 && server.connections > 0; i++) await delay(5);
  await using again = await connect(url);
  assertEquals(again.readyState, 1);
});

Deno.test("trustXForwardedFor - request.peer is taken from X-Forwarded-For", async () => {
  const peers: string[] = [];
  const headers = { "X-Forwarded-For": "203.0.113.7, 198.51.100.2" };
  for (const trust of [0, 1, 2]) {
    await using server = await serve(
      { port: 0, trustXForwardedFor: trust },
      (ws) => void peers.push(ws.peer),
    );
    await using ws = await connect(`ws://127.0.0.1:${server.port}`, { headers });
    await ws.close();
  }
  assert(/^tcp4:127\.0\.0\.1:\d+$/.test(peers[0]!), peers[0]);
  assertEquals(peers.slice(1), ["tcp4:198.51.100.2", "tcp4:203.0.113.7"]);
});

Deno.test("requireMaskedClientFrames - RFC 6455 §5.1 an unmasked client frame fails with 1002", async () => {
  await using server = await serve({ port: 0 }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    await conn.write(plainFrame(1, bytes("hi")));
    const f = await frames.next();
    assertEquals(f?.opcode, 8);
    assertEquals(closeCode(f!.payload), 1002);
    assertEquals(f?.masked, false);
  } finally {
    safeClose(conn);
  }
});

Deno.test("requireMaskedClientFrames false - unmasked client frames are accepted", async () => {
  await using server = await serve({ port: 0, requireMaskedClientFrames: false }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    await conn.write(plainFrame(1, bytes("plain")));
    await conn.write(maskedFrame(1, bytes("masked")));
    const a = await frames.next();
    const b = await frames.next();
    assertEquals([a?.opcode, dec.decode(a!.payload)], [1, "plain"]);
    assertEquals([b?.opcode, dec.decode(b!.payload)], [1, "masked"]);
    await conn.write(maskedFrame(8, new Uint8Array([0x03, 0xe8])));
    const c = await frames.next();
    assertEquals([c?.opcode, closeCode(c!.payload)], [8, 1000]);
  } finally {
    safeClose(conn);
  }
});

Deno.test("maskServerFrames - frames from the server arrive masked", async () => {
  await using server = await serve({ port: 0, maskServerFrames: true }, (ws) => ws.send("hello"));
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const f = await frames.next();
    assertEquals(f?.masked, true);
    assertEquals(dec.decode(f!.payload), "hello");
    await conn.write(maskedFrame(8, new Uint8Array([0x03, 0xe8])));
    const c = await frames.next();
    assertEquals([c?.opcode, c?.masked], [8, true]);
  } finally {
    safeClose(conn);
  }
  // Without maskServerFrames they do not.
  await using plain = await serve({ port: 0 }, (ws) => ws.send("hello"));
  const raw = await rawUpgrade(plain.port);
  try {
    const f = await raw.frames.next();
    assertEquals([f?.masked, dec.decode(f!.payload)], [false, "hello"]);
  } finally {
    safeClose(raw.conn);
  }
});

Deno.test("openHandshakeTimeout - a client that connects and never sends is dropped in time", async () => {
  await using server = await serve({ port: 0, openHandshakeTimeout: SHORT }, () => {});
  const conn = await rawConnect(server.port);
  try {
    const r = await readToEof(conn, 3000);
    assert(r.eof, "the server did not drop the silent client");
    assertEquals(r.data.length, 0);
    assert(r.elapsed >= SHORT * 1000 - 20, `dropped too early (${r.elapsed} ms)`);
    assert(r.elapsed < SHORT * 1000 + 1000, `dropped too late (${r.elapsed} ms)`);
  } finally {
    safeClose(conn);
  }
  // A client that sends half a head is dropped too.
  const half = await rawConnect(server.port);
  try {
    await half.write(bytes("GET / HTTP/1.1\r\nHost: x\r\n"));
    const r = await readToEof(half, 3000);
    assert(r.eof, "the server did not drop the slow client");
  } finally {
    safeClose(half);
  }
});

Deno.test("server.close - half-open connections do not hold up shutdown", async () => {
  const server = await serve({ port: 0, openHandshakeTimeout: 5 }, () => {});
  const conn = await rawConnect(server.port);
  try {
    await delay(20); // let the server accept it
    const t0 = performance.now();
    await within(server.close(), 2000, "server.close()");
    assert(performance.now() - t0 < 2000);
    const r = await readToEof(conn, 1000);
    assert(r.eof);
  } finally {
    safeClose(conn);
  }
});

Deno.test("fetch - plain HTTP requests are served on the same port as WebSocket", async () => {
  await using server = await serve({
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method === "POST") {
        return new Response(`posted ${await request.text()}`, { status: 201 });
      }
      return new Response(`path ${url.pathname}`, { headers: { "X-Kind": "plain" } });
    },
  }, (ws) => ws.send("ws"));
  const get = await httpExchange(
    server.port,
    `GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
  );
  assertEquals(get.head.status, 200);
  assertEquals(get.head.headers["x-kind"], "plain");
  assertEquals(get.body, "path /hello");
  const post = await httpExchange(
    server.port,
    `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello`,
  );
  assertEquals(post.head.status, 201);
  assertEquals(post.body, "posted hello");
  await using ws = await connect(`ws://127.0.0.1:${server.port}`);
  for await (const m of ws) {
    assertEquals(m, "ws");
    break;
  }
});

Deno.test("fetch - a throwing handler answers 500", async () => {
  await using server = await serve({
    port: 0,
    fetch: () => {
      throw new Error("boom");
    },
  }, () => {});
  const r = await httpExchange(server.port, `GET / HTTP/1.1\r\nHost: x\r\n\r\n`);
  assertEquals(r.head.status, 500);
});

const UNIX_PATH = socketPath();
Deno.test({
  // Skipped unless net access to unix:/tmp/... is granted (e.g. plain --allow-net).
  name: "Unix socket - listenWebSocket({ path }) serves a ws+unix:// client",
  ignore: !(await canUseUnixSocket(UNIX_PATH)),
  async fn() {
    const path = UNIX_PATH;
    class Echo extends WebSocketServerProtocol {
      override onMessage(payload: Uint8Array, isBinary: boolean) {
        this.sendMessage(payload, isBinary);
      }
    }
    const factory = new WebSocketServerFactory();
    factory.protocol = Echo;
    const server = await listenWebSocket(factory, { path });
    try {
      assertEquals(server.addr, { transport: "unix", path });
      await using ws = await connect(`ws+unix://${path}`);
      ws.send("over unix");
      for await (const m of ws) {
        assertEquals(m, "over unix");
        break;
      }
      assertStrictEquals(ws.readyState, 3);
    } finally {
      await server.close();
      await Deno.remove(path).catch(() => {});
    }
  },
});

Deno.test("tcpNoDelay - the server sets TCP_NODELAY on accepted sockets (and not when false)", async () => {
  for (const on of [true, false]) {
    const seen: boolean[] = [];
    const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
    factory.setProtocolOptions({ tcpNoDelay: on });
    const listener = observeListener(listenTcp({ hostname: "127.0.0.1", port: 0 }), seen);
    const server = await listenWebSocket(factory, { listener });
    try {
      await using ws = await connect(`ws://127.0.0.1:${server.port}`);
      assertEquals(ws.readyState, 1);
    } finally {
      await server.close();
    }
    assertEquals(seen, on ? [true] : []);
  }
});

Deno.test("signal - aborting the server's signal stops it and closes connections with 1001", async () => {
  const ac = new AbortController();
  const server = await serve({ port: 0, signal: ac.signal }, () => {});
  const ws = await connect(`ws://127.0.0.1:${server.port}`);
  ac.abort();
  const info = await within(ws.closed, 2000, "client close");
  assertEquals(info.code, 1001);
  await within(server.finished, 2000, "server.finished");
  await server.close();
  const err = await rawConnect(server.port).then((c) => {
    safeClose(c);
    return null;
  }, (e) => e);
  assertInstanceOf(err, Deno.errors.ConnectionRefused);
});
