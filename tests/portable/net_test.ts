// Portable (Deno and Bun), over real sockets of the runtime's adapter (Deno's
// deno_*.ts under Deno, bun.ts under Bun): byte-connection semantics
// (half-close, backpressure, close), our WebSocket server echoing to our
// client and to the platform WebSocket, TLS and Unix sockets, and RawSocket.
import { assert, assertEquals } from "../_assert.ts";
import { connect, serve, type WebSocketConnection } from "../../src/websocket/mod.ts";
import {
  PerMessageDeflateOffer,
  PerMessageDeflateOfferAccept,
} from "../../src/websocket/deflate_negotiation.ts";
import {
  connectTransport,
  type MessageTransport,
  serveRawSocket,
  type WampMessage,
} from "../../src/transport/mod.ts";
import { CallMessage, MessageType, ResultMessage } from "../../src/wamp/mod.ts";
import type { ByteConnection } from "../../src/transport/types.ts";
import {
  connectTcpHere,
  connectTlsHere,
  connectUnixHere,
  listenTcpHere,
  listenTlsHere,
  listenUnixHere,
  portOf,
  readRepoText,
  runtime,
  skip,
  test,
  within,
} from "./_harness.ts";

const LOCAL = { hostname: "127.0.0.1", port: 0 };

async function readAll(conn: ByteConnection, max = 64 << 20): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(64 * 1024);
  let total = 0;
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    parts.push(buf.slice(0, n));
    total += n;
    if (total > max) throw new Error("too much data");
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + seed + (i >> 12)) & 0xff;
  return out;
}

async function acceptOne(listener: ReturnType<typeof listenTcpHere>): Promise<ByteConnection> {
  for await (const c of listener) return c;
  throw new Error("listener closed");
}

test(`portable net (${runtime}) - half-close: the peer reads EOF and can still answer`, async () => {
  const listener = listenTcpHere(LOCAL);
  try {
    const accepted = acceptOne(listener);
    const client = await connectTcpHere({ hostname: "127.0.0.1", port: portOf(listener) });
    const server = await accepted;
    try {
      assertEquals(client.remoteAddr, {
        transport: "tcp",
        hostname: "127.0.0.1",
        port: portOf(listener),
      });
      await client.write(new TextEncoder().encode("request"));
      await client.closeWrite();
      const got = await within(readAll(server), 5000, "server reads to EOF");
      assertEquals(new TextDecoder().decode(got), "request");
      await server.write(new TextEncoder().encode("answer after FIN"));
      server.close();
      const back = await within(readAll(client), 5000, "client reads the answer");
      assertEquals(new TextDecoder().decode(back), "answer after FIN");
    } finally {
      client.close();
      server.close();
    }
  } finally {
    listener.close();
  }
});

test(`portable net (${runtime}) - 16 MiB both ways with a slow reader (backpressure), intact`, async () => {
  const listener = listenTcpHere(LOCAL);
  try {
    const accepted = acceptOne(listener);
    const client = await connectTcpHere({ hostname: "127.0.0.1", port: portOf(listener) });
    const server = await accepted;
    try {
      const data = pattern(16 << 20, 7);
      // The server echoes in chunks, pausing now and then (a slow consumer).
      const echo = (async () => {
        const buf = new Uint8Array(100_000);
        let i = 0;
        for (;;) {
          const n = await server.read(buf);
          if (n === null) break;
          await server.write(buf.slice(0, n));
          if (++i % 16 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        await server.closeWrite();
      })();
      const sent = (async () => {
        for (let o = 0; o < data.length; o += 1 << 20) {
          await client.write(data.subarray(o, o + (1 << 20)));
        }
        await client.closeWrite();
      })();
      const back = await within(readAll(client), 30_000, "echo of 16 MiB");
      await sent;
      await echo;
      assertEquals(back.length, data.length);
      let same = true;
      for (let i = 0; i < data.length; i++) {
        if (back[i] !== data[i]) {
          same = false;
          break;
        }
      }
      assert(same, "echoed bytes differ");
    } finally {
      client.close();
      server.close();
    }
  } finally {
    listener.close();
  }
});

test(`portable net (${runtime}) - close(): pending and later reads see EOF, writes fail`, async () => {
  const listener = listenTcpHere(LOCAL);
  try {
    const accepted = acceptOne(listener);
    const client = await connectTcpHere({ hostname: "127.0.0.1", port: portOf(listener) });
    const server = await accepted;
    const pending = server.read(new Uint8Array(16));
    client.close();
    assertEquals(await within(pending, 5000, "EOF after the peer closed"), null);
    server.close();
    server.close(); // idempotent
    assertEquals(await server.read(new Uint8Array(4)), null);
    let failed = false;
    await server.write(Uint8Array.of(1)).catch(() => (failed = true));
    assert(failed, "a write after close() rejects");
  } finally {
    listener.close();
  }
});

async function echoServer(listener = listenTcpHere(LOCAL)) {
  return await serve({
    listener,
    perMessageCompressionAccept: (o: PerMessageDeflateOffer[]) =>
      o.length ? new PerMessageDeflateOfferAccept(o[0]!) : null,
  }, async (ws) => {
    for await (const msg of ws) ws.send(msg);
  });
}

async function roundTrips(send: (m: string | Uint8Array) => void, next: () => Promise<unknown>) {
  const big = pattern(1 << 20, 3);
  const texts = ["Hello", "κόσμε", "x".repeat(70_000)];
  for (const t of texts) {
    send(t);
    assertEquals(await within(next(), 5000, "text echo"), t);
  }
  send(big);
  const got = await within(next(), 10_000, "binary echo");
  assertEquals(new Uint8Array(got as Uint8Array), big);
}

test(`portable WebSocket (${runtime}) - our server ↔ our client (permessage-deflate)`, async () => {
  const server = await echoServer();
  try {
    const url = `ws://127.0.0.1:${server.port}/echo`;
    const ws: WebSocketConnection = await connect(url, {
      connection: await connectTcpHere({ hostname: "127.0.0.1", port: server.port }),
      perMessageCompressionOffers: [new PerMessageDeflateOffer()],
    });
    assert(ws.response !== undefined, "handshake response");
    const it = ws[Symbol.asyncIterator]();
    await roundTrips((m) => ws.send(m), async () => (await it.next()).value);
    const info = await within(ws.close(1000, "done"), 5000, "close handshake");
    assertEquals([info.wasClean, info.code], [true, 1000]);
  } finally {
    await server.close();
  }
});

test(`portable WebSocket (${runtime}) - our server ↔ the platform WebSocket client`, async () => {
  const server = await echoServer();
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`);
    ws.binaryType = "arraybuffer";
    const queue: unknown[] = [];
    let wake: (() => void) | undefined;
    ws.onmessage = (e) => {
      queue.push(e.data instanceof ArrayBuffer ? new Uint8Array(e.data) : e.data);
      wake?.();
    };
    const closed = new Promise<CloseEvent>((r) => (ws.onclose = r));
    await within(
      new Promise((r, j) => {
        ws.onopen = r;
        ws.onerror = () => j(new Error("platform WebSocket failed to open"));
      }),
      5000,
      "open",
    );
    const next = async () => {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return queue.shift();
    };
    await roundTrips((m) => ws.send(m as string), next);
    ws.close(1000, "bye");
    const ev = await within(closed, 5000, "close");
    assertEquals([ev.wasClean, ev.code], [true, 1000]);
  } finally {
    await server.close();
  }
});

test(`portable WebSocket (${runtime}) - wss:// over the runtime's TLS with a test CA`, async () => {
  const [cert, key, ca] = await Promise.all([
    readRepoText("tests/fixtures/tls/server.pem"),
    readRepoText("tests/fixtures/tls/server-key.pem"),
    readRepoText("tests/fixtures/tls/ca.pem"),
  ]);
  const server = await echoServer(listenTlsHere(LOCAL, { cert, key }));
  try {
    const conn = await connectTlsHere(
      { hostname: "localhost", port: server.port },
      { caCerts: [ca] },
    );
    assert(conn.tls !== undefined, "TLS facts");
    // Without the test CA the server certificate is not trusted.
    let refused = false;
    await connectTlsHere({ hostname: "localhost", port: server.port }, {})
      .then((c) => c.close(), () => (refused = true));
    assert(refused, "an untrusted certificate is refused");
    const ws = await connect(`wss://localhost:${server.port}/`, { connection: conn });
    const it = ws[Symbol.asyncIterator]();
    ws.send("over TLS");
    assertEquals((await within(it.next(), 5000, "echo")).value, "over TLS");
    const info = await within(ws.close(), 5000, "close");
    assertEquals(info.wasClean, true);
  } finally {
    await server.close();
  }
});

const unixName = `portable WebSocket (${runtime}) - a Unix socket`;
if (runtime === "deno") {
  skip(unixName, "Deno needs a host-less --allow-net for Unix sockets; see tests/transport");
} else {test(unixName, async () => {
    const path = `/tmp/autobahn-portable-${runtime}-${Date.now()}-${Math.random()}.sock`;
    const server = await echoServer(listenUnixHere(path));
    try {
      const ws = await connect("ws://localhost/", { connection: await connectUnixHere(path) });
      const it = ws[Symbol.asyncIterator]();
      ws.send(Uint8Array.of(1, 2, 3));
      assertEquals((await within(it.next(), 5000, "echo")).value, Uint8Array.of(1, 2, 3));
      await within(ws.close(), 5000, "close");
    } finally {
      await server.close();
    }
  });}

/** A RawSocket "router" that answers every CALL with a RESULT echoing its args. */
function rawSocketEchoServer() {
  const listener = listenTcpHere(LOCAL);
  const server = serveRawSocket(listener, {
    onTransport(t: MessageTransport) {
      t.setHandler({
        onMessage(m: WampMessage) {
          if (m.type === MessageType.CALL) {
            const c = m as CallMessage;
            t.send(new ResultMessage({ requestId: c.requestId, args: c.args ?? [] }));
          }
        },
        onClose() {},
      });
    },
  });
  return { server, port: portOf(listener) };
}

for (const serializer of ["json", "msgpack", "cbor"] as const) {
  test(`portable RawSocket (${runtime}) - connectTransport rs:// with ${serializer}`, async () => {
    const { server, port } = rawSocketEchoServer();
    try {
      const t = await within(
        connectTransport(`rs://127.0.0.1:${port}`, { serializers: [serializer] }),
        5000,
        "RawSocket handshake",
      );
      const got: WampMessage[] = [];
      let wake: (() => void) | undefined;
      const closed = new Promise<void>((r) =>
        t.setHandler({
          onMessage(m) {
            got.push(m);
            wake?.();
          },
          onClose: () => r(),
        })
      );
      const blob = pattern(300_000, 9);
      for (let i = 1; i <= 20; i++) {
        t.send(new CallMessage({ requestId: i, procedure: "com.echo", args: [i, "κόσμε", blob] }));
      }
      await within(
        (async () => {
          while (got.length < 20) await new Promise<void>((r) => (wake = r));
        })(),
        10_000,
        "20 results",
      );
      assertEquals(
        got.map((m) => (m as ResultMessage).requestId),
        [...Array(20)].map((_, i) => i + 1),
      );
      assertEquals((got[19] as ResultMessage).args, [20, "κόσμε", blob]);
      await t.close();
      await within(closed, 5000, "transport closed");
    } finally {
      await server.close();
    }
  });
}
