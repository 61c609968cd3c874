// End-to-end tests of the options common to both roles, over real sockets
// (the sans-I/O side of several is in protocol_test.ts), and of option validation.
import { assert, assertEquals, assertNotEquals, assertRejects, assertThrows } from "../_assert.ts";
import {
  type CloseInfo,
  connect,
  connectWebSocket,
  listenWebSocket,
  serve,
  type ServeOptions,
  WebSocketClientFactory,
  WebSocketClientProtocol,
  type WebSocketConnection,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../src/websocket/mod.ts";
import { connectTcp } from "../../src/transport/deno_tcp.ts";
import {
  acceptUpgrade,
  bytes,
  captureLogger,
  closeCode,
  closePayload,
  maskedFrame,
  observeConnection,
  plainFrame,
  rawServer,
  rawUpgrade,
  readToEof,
  safeClose,
  SHORT,
  within,
} from "./_net.ts";

const dec = new TextDecoder();

/** An echo server with `options`. */
function echoServer(options: Omit<ServeOptions, "port"> = {}) {
  return serve({ port: 0, ...options }, async (ws) => {
    for await (const m of ws) ws.send(m);
  });
}

/** Sends `msg` and returns the first message back. */
async function roundTrip(ws: WebSocketConnection, msg: string | Uint8Array) {
  ws.send(msg);
  for await (const m of ws) return m;
  return undefined;
}

/** A promise with its resolver. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// --- validation --------------------------------------------------------------------

Deno.test("setProtocolOptions - garbage config throws TypeError or RangeError and changes nothing", () => {
  const server = new WebSocketServerFactory("ws://127.0.0.1:0");
  const client = new WebSocketClientFactory("ws://127.0.0.1:1");
  const before = { ...server.options };
  const bad = (o: unknown) => o as Record<string, never>;
  assertThrows(() => server.setProtocolOptions(bad({ bogus: 1 })), TypeError, "unknown option");
  assertThrows(() => server.setProtocolOptions(bad({ logOctets: "yes" })), TypeError, "boolean");
  assertThrows(() => server.setProtocolOptions(bad({ flashSocketPolicy: "x" })), TypeError);
  assertThrows(() => server.setProtocolOptions(bad({ version: 13 })), TypeError, "client option");
  assertThrows(() => server.setProtocolOptions(bad({ logger: {} })), TypeError, "Logger");
  assertThrows(() => server.setProtocolOptions(bad({ server: "a\r\nX: y" })), TypeError);
  assertThrows(() => server.setProtocolOptions(bad({ allowedOrigins: "*" })), TypeError);
  assertThrows(() => server.setProtocolOptions(bad(null)), TypeError);
  assertThrows(() => server.setProtocolOptions({ maxFramePayloadSize: -1 }), RangeError);
  assertThrows(() => server.setProtocolOptions({ maxMessagePayloadSize: 1.5 }), RangeError);
  assertThrows(() => server.setProtocolOptions({ maxConnections: Infinity }), RangeError);
  assertThrows(() => server.setProtocolOptions({ openHandshakeTimeout: NaN }), RangeError);
  assertThrows(() => server.setProtocolOptions({ closeHandshakeTimeout: -0.1 }), RangeError);
  assertThrows(() => server.setProtocolOptions({ versions: [7] }), RangeError);
  assertThrows(() => server.setProtocolOptions({ versions: [] }), RangeError);
  assertThrows(() => server.setProtocolOptions({ trustXForwardedFor: -2 }), RangeError);
  assertEquals({ ...server.options }, before);
  assertThrows(() => client.setProtocolOptions({ version: 9 }), RangeError);
  assertThrows(() => client.setProtocolOptions(bad({ maxConnections: 1 })), TypeError);
  assertThrows(() => client.setProtocolOptions({ serverConnectionDropTimeout: -1 }), RangeError);
  assertThrows(() => client.setProtocolOptions(bad({ maskClientFrames: 1 })), TypeError);
  // Good options are kept, on top of earlier ones.
  server.setProtocolOptions({ maxConnections: 3 });
  server.setProtocolOptions({ webStatus: false });
  assertEquals([server.options.maxConnections, server.options.webStatus], [3, false]);
});

Deno.test("serve and connect - garbage config is refused before any socket is opened", async () => {
  assertThrows(() => serve({ port: 0, maxConnections: -1 }, () => {}), RangeError);
  assertThrows(
    () => serve({ port: 0, ...({ version: 13 } as unknown as Record<string, never>) }, () => {}),
    TypeError,
  );
  await assertRejects(() => connect("ws://127.0.0.1:1", { version: 7 }), RangeError);
  await assertRejects(() => connect("http://127.0.0.1:1"), TypeError);
});

// --- logging -----------------------------------------------------------------------

Deno.test("logFrames and logOctets - a capturing logger receives trace records on both ends", async () => {
  const s = captureLogger(["trace"]);
  const c = captureLogger(["trace"]);
  await using server = await echoServer({ logger: s.logger, logFrames: true, logOctets: true });
  {
    await using ws = await connect(`ws://127.0.0.1:${server.port}`, {
      logger: c.logger,
      logFrames: true,
      logOctets: true,
    });
    assertEquals(await roundTrip(ws, "hi"), "hi");
  }
  for (const { records } of [s, c]) {
    assert(records.every((r) => r.level === "trace" && r.category === "websocket"));
    const msgs = new Set(records.map((r) => r.message));
    for (const m of ["Frame received", "Frame sent", "RX octets", "TX octets"]) {
      assert(msgs.has(m), `missing ${m}`);
    }
  }
  const rx = s.records.find((r) => r.message === "Frame received")!;
  assertEquals(rx.properties, {
    role: "server",
    fin: true,
    rsv: 0,
    opcode: 1,
    length: 2,
    masked: true,
  });
  const sentClose = c.records.find((r) => r.message === "Frame sent" && r.properties?.opcode === 8);
  assertEquals(sentClose?.properties?.masked, true);
  const octets = s.records.find((r) => r.message === "RX octets")!;
  assert((octets.properties?.bytes as number) > 0);
  assert(typeof octets.properties?.data === "string");
});

Deno.test("logFrames and logOctets - off by default: no trace records", async () => {
  const s = captureLogger(["trace"]);
  await using server = await echoServer({ logger: s.logger });
  {
    await using ws = await connect(`ws://127.0.0.1:${server.port}`);
    assertEquals(await roundTrip(ws, "hi"), "hi");
  }
  await server.close();
  assertEquals(s.records.filter((r) => r.level === "trace"), []);
});

Deno.test("logFrames only - frames are logged, octets are not", async () => {
  const s = captureLogger(["trace"]);
  await using server = await echoServer({ logger: s.logger, logFrames: true });
  {
    await using ws = await connect(`ws://127.0.0.1:${server.port}`);
    assertEquals(await roundTrip(ws, "x"), "x");
  }
  await server.close();
  const msgs = new Set(s.records.map((r) => r.message));
  assert(msgs.has("Frame received") && msgs.has("Frame sent"));
  assert(!msgs.has("RX octets") && !msgs.has("TX octets"));
});

// --- trackTimings ------------------------------------------------------------------

Deno.test("trackTimings - both ends fill trackedTimings; off by default", async () => {
  for (const track of [true, false]) {
    const serverProto = deferred<WebSocketServerProtocol>();
    const serverClosed = deferred<void>();
    class S extends WebSocketServerProtocol {
      override onOpen() {
        serverProto.resolve(this);
      }
      override onClose() {
        serverClosed.resolve();
      }
    }
    const sf = new WebSocketServerFactory("ws://127.0.0.1:0");
    sf.protocol = S;
    sf.setProtocolOptions({ trackTimings: track });
    const server = await listenWebSocket(sf);
    try {
      const cf = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}`);
      cf.setProtocolOptions({ trackTimings: track });
      const client = await connectWebSocket(cf);
      const sp = await serverProto.promise;
      client.sendClose(1000);
      await within(client.closed, 2000, "client close");
      await within(serverClosed.promise, 2000, "server close");
      if (!track) {
        assertEquals({ ...client.trackedTimings }, {});
        assertEquals({ ...sp.trackedTimings }, {});
        continue;
      }
      assertEquals(Object.keys(client.trackedTimings), [
        "connected",
        "handshakeSent",
        "open",
        "closed",
      ]);
      assertEquals(Object.keys(sp.trackedTimings), ["handshakeReceived", "open", "closed"]);
      for (const t of [client.trackedTimings, sp.trackedTimings]) {
        const v = Object.values(t);
        assert(v.every((x, i) => x >= 0 && (i === 0 || x >= v[i - 1]!)), JSON.stringify(t));
      }
    } finally {
      await server.close();
    }
  }
});

// --- utf8validateIncoming ----------------------------------------------------------

Deno.test("utf8validateIncoming - RFC 6455 §8.1 invalid UTF-8 fails with 1007; false delivers it", async () => {
  class RawEcho extends WebSocketServerProtocol {
    override onMessage(payload: Uint8Array, isBinary: boolean) {
      this.sendMessage(payload, isBinary);
    }
  }
  for (const validate of [true, false]) {
    const sf = new WebSocketServerFactory("ws://127.0.0.1:0");
    sf.protocol = RawEcho;
    sf.setProtocolOptions({ utf8validateIncoming: validate });
    const server = await listenWebSocket(sf);
    const { conn, frames } = await rawUpgrade(server.port);
    try {
      await conn.write(maskedFrame(1, new Uint8Array([0x68, 0xff, 0xfe])));
      const f = await frames.next();
      if (validate) {
        assertEquals([f?.opcode, closeCode(f!.payload)], [8, 1007]);
      } else {
        assertEquals([f?.opcode, f?.payload], [1, new Uint8Array([0x68, 0xff, 0xfe])]);
      }
    } finally {
      safeClose(conn);
      await server.close();
    }
  }
});

Deno.test("utf8validateIncoming - a client fails invalid text from the server with 1007", async () => {
  const raw = rawServer(async (conn) => {
    const { frames } = await acceptUpgrade(conn);
    await conn.write(plainFrame(1, new Uint8Array([0xc0, 0xaf])));
    const f = await frames.next();
    assertEquals([f?.opcode, closeCode(f!.payload)], [8, 1007]);
  });
  const ws = await connect(`ws://127.0.0.1:${raw.port}`, { serverConnectionDropTimeout: SHORT });
  const info = await within(ws.closed, 3000, "client close");
  await raw.done;
  assertEquals(info.wasClean, false);
  assertEquals(info.error?.closeCode, 1007);
});

// --- applyMask -----------------------------------------------------------------------

Deno.test("applyMask - false keeps the mask bit but sends the payload unmasked", async () => {
  for (const apply of [true, false]) {
    const raw = rawServer(async (conn) => {
      const { frames } = await acceptUpgrade(conn);
      const f = await frames.next();
      assertEquals(f?.masked, true);
      const plain = bytes("mask me please");
      if (apply) {
        assertEquals(f?.payload, plain);
        if (f!.key!.some((b) => b !== 0)) assertNotEquals(f?.raw, plain);
      } else {
        assertEquals(f?.raw, plain);
      }
      await conn.write(plainFrame(8, closePayload(1000)));
    });
    const ws = await connect(`ws://127.0.0.1:${raw.port}`, {
      applyMask: apply,
      serverConnectionDropTimeout: SHORT,
    });
    ws.send("mask me please");
    await within(ws.closed, 3000, "client close");
    await raw.done;
  }
});

// --- size limits ---------------------------------------------------------------------

Deno.test("maxFramePayloadSize - a frame over the limit fails with 1009; smaller fragments pass", async () => {
  // A header-level failure stops reading, so the server cannot see the client's
  // close reply and waits closeHandshakeTimeout: keep it short.
  await using server = await echoServer({ maxFramePayloadSize: 50, closeHandshakeTimeout: SHORT });
  const url = `ws://127.0.0.1:${server.port}`;
  const big = "x".repeat(100);
  {
    const ws = await connect(url);
    ws.send(big);
    const info = await within(ws.closed, 3000, "close");
    assertEquals([info.code, info.wasClean], [1009, true]);
  }
  {
    await using ws = await connect(url, { autoFragmentSize: 40 });
    assertEquals(await roundTrip(ws, big), big);
  }
});

Deno.test("maxMessagePayloadSize - a fragmented message over the limit fails with 1009", async () => {
  await using server = await echoServer({
    maxMessagePayloadSize: 100,
    closeHandshakeTimeout: SHORT,
  });
  const url = `ws://127.0.0.1:${server.port}`;
  {
    const ws = await connect(url, { autoFragmentSize: 50 });
    ws.send("y".repeat(150));
    const info = await within(ws.closed, 3000, "close");
    assertEquals(info.code, 1009);
  }
  {
    await using ws = await connect(url, { autoFragmentSize: 50 });
    assertEquals(await roundTrip(ws, "z".repeat(100)), "z".repeat(100));
  }
});

Deno.test("maxMessagePayloadSize - a client refuses a message over its limit with 1009", async () => {
  const serverInfo = deferred<CloseInfo>();
  await using server = await serve({ port: 0 }, async (ws) => {
    ws.send(new Uint8Array(64));
    serverInfo.resolve(await ws.closed);
  });
  const ws = await connect(`ws://127.0.0.1:${server.port}`, { maxMessagePayloadSize: 32 });
  const info = await within(ws.closed, 3000, "client close");
  assertEquals(info.error?.closeCode, 1009);
  assertEquals((await serverInfo.promise).code, 1009);
});

// --- autoFragmentSize ----------------------------------------------------------------

Deno.test("autoFragmentSize - outgoing messages are split into frames of that size", async () => {
  await using server = await serve({ port: 0, autoFragmentSize: 4 }, (ws) => ws.send("HelloWorld"));
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const got = [];
    for (let i = 0; i < 3; i++) {
      const f = await frames.next();
      got.push([f?.opcode, f?.fin, dec.decode(f!.payload)]);
    }
    assertEquals(got, [[1, false, "Hell"], [0, false, "oWor"], [0, true, "ld"]]);
    await conn.write(maskedFrame(8, closePayload(1000)));
    assertEquals((await frames.next())?.opcode, 8);
  } finally {
    safeClose(conn);
  }
  // The receiving end reassembles them.
  await using ws = await connect(`ws://127.0.0.1:${server.port}`);
  for await (const m of ws) {
    assertEquals(m, "HelloWorld");
    break;
  }
});

// --- failByDrop ------------------------------------------------------------------------

Deno.test("failByDrop - a failed connection is dropped without a close frame", async () => {
  for (const drop of [true, false]) {
    await using server = await echoServer({ failByDrop: drop });
    const { conn, frames } = await rawUpgrade(server.port);
    try {
      await conn.write(plainFrame(1, bytes("unmasked"))); // RFC 6455 §5.1 violation
      const f = await frames.next();
      if (drop) assertEquals(f, null);
      else assertEquals([f?.opcode, closeCode(f!.payload)], [8, 1002]);
    } finally {
      safeClose(conn);
    }
  }
});

// --- echoCloseCodeReason ---------------------------------------------------------------

Deno.test("echoCloseCodeReason - the close reply echoes the peer's code and reason", async () => {
  for (const echo of [true, false]) {
    await using server = await echoServer({ echoCloseCodeReason: echo });
    const ws = await connect(`ws://127.0.0.1:${server.port}`);
    const info = await ws.close(4000, "bye");
    assertEquals(info.wasClean, true);
    assertEquals([info.code, info.reason], echo ? [4000, "bye"] : [1000, ""]);
  }
});

// --- timeouts -----------------------------------------------------------------------

Deno.test("closeHandshakeTimeout - a server drops a peer that never answers its close", async () => {
  const serverInfo = deferred<[CloseInfo, number]>();
  await using server = await serve({ port: 0, closeHandshakeTimeout: SHORT }, async (ws) => {
    const t0 = performance.now();
    const info = await ws.close(1000);
    serverInfo.resolve([info, performance.now() - t0]);
  });
  const { conn, frames } = await rawUpgrade(server.port);
  try {
    const f = await frames.next();
    assertEquals([f?.opcode, closeCode(f!.payload)], [8, 1000]);
    // Never answer: the server must give up after closeHandshakeTimeout.
    const [info, elapsed] = await within(serverInfo.promise, 3000, "server close");
    assertEquals([info.wasClean, info.code], [false, 1006]);
    assert(elapsed >= SHORT * 1000 - 20 && elapsed < SHORT * 1000 + 1000, `${elapsed} ms`);
    assert((await readToEof(conn, 2000)).eof);
  } finally {
    safeClose(conn);
  }
});

Deno.test("closeHandshakeTimeout - a client drops a server that never answers its close", async () => {
  const raw = rawServer(async (conn) => {
    const { frames } = await acceptUpgrade(conn);
    const f = await frames.next();
    assertEquals(f?.opcode, 8);
    assert((await readToEof(conn, 3000)).eof, "the client did not drop TCP");
  });
  const ws = await connect(`ws://127.0.0.1:${raw.port}`, { closeHandshakeTimeout: SHORT });
  const t0 = performance.now();
  const info = await within(ws.close(), 3000, "client close");
  const elapsed = performance.now() - t0;
  await raw.done;
  assertEquals([info.wasClean, info.code], [false, 1006]);
  assert(elapsed >= SHORT * 1000 - 20 && elapsed < SHORT * 1000 + 1000, `${elapsed} ms`);
});

// --- tcpNoDelay ---------------------------------------------------------------------

Deno.test("tcpNoDelay - the client sets TCP_NODELAY on its socket (and not when false)", async () => {
  await using server = await echoServer();
  for (const on of [true, false]) {
    const seen: boolean[] = [];
    const conn = observeConnection(
      await connectTcp({ hostname: "127.0.0.1", port: server.port }),
      seen,
    );
    const ws = await connect(`ws://127.0.0.1:${server.port}`, { tcpNoDelay: on, connection: conn });
    assertEquals(await roundTrip(ws, "nodelay"), "nodelay");
    await ws.close();
    assertEquals(seen, on ? [true] : []);
  }
});

// A client that speaks a WebSocketClientProtocol subclass sees options too.
Deno.test("setProtocolOptions - options set on a client factory reach the connection", async () => {
  await using server = await echoServer();
  const cf = new WebSocketClientFactory(`ws://127.0.0.1:${server.port}`);
  cf.setProtocolOptions({ autoFragmentSize: 3, maxMessagePayloadSize: 1000 });
  const got = deferred<string>();
  cf.protocol = class extends WebSocketClientProtocol {
    override onOpen() {
      this.sendMessage("fragmented");
    }
    override onMessage(p: Uint8Array) {
      got.resolve(dec.decode(p));
      this.sendClose(1000);
    }
  };
  const client = await connectWebSocket(cf);
  assertEquals(await within(got.promise, 2000, "echo"), "fragmented");
  assertEquals(client.factory.options.autoFragmentSize, 3);
  await within(client.closed, 2000, "close");
});
