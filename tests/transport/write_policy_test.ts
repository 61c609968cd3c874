// When transports start writing (earlyWriteAt): a client's calls start a
// write at once while few of its requests are in flight and gather into
// fewer writes when many are; publications and a router's messages leave in
// one write at the end of the task. Checked on real loopback sockets by
// recording what the client (or the router side) hands to each write.
import { assertEquals } from "../_assert.ts";
import { connectTcp, listenTcp } from "../../src/transport/deno_tcp.ts";
import { earlyWriteAt } from "../../src/transport/message_transport.ts";
import {
  acceptRawSocket,
  type ByteConnection,
  CallMessage,
  connectRawSocket,
  connectWebSocketTransport,
  InvocationMessage,
  listenWebSocketTransport,
  type MessageTransport,
  PublishMessage,
} from "../../src/transport/mod.ts";
import { Recorder } from "./_helpers.ts";

/** A connection that keeps a copy of every chunk given to `write`. */
function recording(conn: ByteConnection): { conn: ByteConnection; writes: Uint8Array[] } {
  const writes: Uint8Array[] = [];
  return {
    writes,
    conn: {
      read: (b) => conn.read(b),
      write: (d) => {
        writes.push(d.slice());
        return conn.write(d);
      },
      closeWrite: () => conn.closeWrite(),
      close: () => conn.close(),
      setNoDelay: (on) => conn.setNoDelay?.(on),
      remoteAddr: conn.remoteAddr,
      localAddr: conn.localAddr,
    },
  };
}

/** WebSocket frames in one chunk (client frames are masked). */
function wsFrames(chunk: Uint8Array): number {
  let n = 0;
  for (let p = 0; p < chunk.length; n++) {
    let len = chunk[p + 1]! & 0x7f;
    let h = p + 2;
    if (len === 126) len = (chunk[p + 2]! << 8) | chunk[p + 3]!, h += 2;
    else if (len === 127) throw new Error("unexpected 64-bit length");
    if (chunk[p + 1]! & 0x80) h += 4;
    p = h + len;
  }
  return n;
}

/** RawSocket frames in one chunk. */
function rsFrames(chunk: Uint8Array): number {
  let n = 0;
  for (let p = 0; p < chunk.length; n++) {
    p += 4 + ((chunk[p + 1]! << 16) | (chunk[p + 2]! << 8) | chunk[p + 3]!);
  }
  return n;
}

const call = (id: number) =>
  new CallMessage({ requestId: id, options: {}, procedure: "com.example.add", args: [id, 1] });
const publish = (id: number) =>
  new PublishMessage({ requestId: id, options: {}, topic: "com.example.tick", args: [id] });

interface Pair {
  client: MessageTransport;
  server: MessageTransport;
  /** The chunks the recorded side wrote since the handshake. */
  writes: Uint8Array[];
  received: Recorder;
  frames(chunk: Uint8Array): number;
  [Symbol.asyncDispose](): Promise<void>;
}

async function webSocketPair(): Promise<Pair> {
  const accepted = Promise.withResolvers<MessageTransport>();
  const server = await listenWebSocketTransport(
    "ws://127.0.0.1:0",
    { onTransport: (t) => accepted.resolve(t) },
    { hostname: "127.0.0.1", port: 0 },
  );
  const rec = recording(await connectTcp({ hostname: "127.0.0.1", port: server.port }));
  const client = await connectWebSocketTransport(`ws://127.0.0.1:${server.port}`, {
    connection: rec.conn,
    serializers: ["json"],
  });
  const serverSide = await accepted.promise;
  const received = new Recorder();
  serverSide.setHandler(received);
  client.setHandler(new Recorder());
  rec.writes.length = 0; // the opening handshake
  return {
    client,
    server: serverSide,
    writes: rec.writes,
    received,
    frames: wsFrames,
    async [Symbol.asyncDispose]() {
      await client.close();
      await serverSide.closed;
      await server.close();
    },
  };
}

/** RawSocket; `recordServer` records the router side's writes instead of the client's. */
async function rawSocketPair(recordServer = false): Promise<Pair> {
  const listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
  const it = listener[Symbol.asyncIterator]();
  const addr = listener.addr;
  if (addr.transport !== "tcp") throw new Error("expected a TCP listener");
  const dialed = connectTcp({ hostname: "127.0.0.1", port: addr.port });
  const acceptedConn = (await it.next()).value as ByteConnection;
  const serverRec = recording(acceptedConn);
  const clientRec = recording(await dialed);
  const serverSide = acceptRawSocket(serverRec.conn);
  const client = await connectRawSocket(clientRec.conn);
  const server = await serverSide;
  const toClient = new Recorder();
  const toServer = new Recorder();
  server.setHandler(toServer);
  client.setHandler(toClient);
  clientRec.writes.length = 0;
  serverRec.writes.length = 0;
  return {
    client: recordServer ? server : client,
    server: recordServer ? client : server,
    writes: recordServer ? serverRec.writes : clientRec.writes,
    received: recordServer ? toClient : toServer,
    frames: rsFrames,
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.closed;
      listener.close();
    },
  };
}

Deno.test("earlyWriteAt - 1 up to 3 requests in flight, then one more per 4", () => {
  assertEquals([0, 1, 2, 3, 4, 7, 8, 10, 12, 100].map(earlyWriteAt), [
    1,
    1,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    26,
  ]);
});

for (const [name, open] of [["WebSocket", webSocketPair], ["RawSocket", rawSocketPair]] as const) {
  Deno.test(`${name} client transport - with few requests in flight a call starts a write at once`, async () => {
    await using p = await open();
    p.client.send(call(1), 1);
    assertEquals(p.writes.length, 1, "the first call is written at once");
    p.client.send(call(2), 2);
    p.client.send(call(3), 3);
    assertEquals(p.writes.length, 1, "later calls wait for the write in flight");
    await p.received.take(3);
    assertEquals(p.writes.map(p.frames), [1, 2]);
  });

  Deno.test(`${name} client transport - with many requests in flight calls gather into fewer writes`, async () => {
    await using p = await open();
    // 12 in flight: a write starts once 4 calls are queued.
    for (let i = 1; i <= 3; i++) p.client.send(call(i), 12);
    assertEquals(p.writes.length, 0, "3 calls wait for the end of the task");
    await p.received.take(3);
    assertEquals(p.writes.map(p.frames), [3]);
    p.writes.length = 0;
    for (let i = 4; i <= 9; i++) {
      p.client.send(call(i), 12);
      assertEquals(p.writes.length, i < 7 ? 0 : 1, `after call ${i}`);
    }
    await p.received.take(9);
    assertEquals(p.writes.map(p.frames), [4, 2]);
  });

  Deno.test(`${name} client transport - publications leave in one write at the end of the task`, async () => {
    await using p = await open();
    for (let i = 1; i <= 5; i++) p.client.send(publish(i));
    assertEquals(p.writes.length, 0);
    await p.received.take(5);
    assertEquals(p.writes.map(p.frames), [5]);
  });
}

Deno.test("RawSocket router-side transport - awaited messages leave in one write at the end of the task", async () => {
  await using p = await rawSocketPair(true);
  for (let i = 1; i <= 4; i++) {
    p.client.send(
      new InvocationMessage({ requestId: i, registration: 7, details: {}, args: [i] }),
      0,
    );
  }
  assertEquals(p.writes.length, 0, "a router never writes before the end of the task");
  await p.received.take(4);
  assertEquals(p.writes.map(p.frames), [4]);
});
