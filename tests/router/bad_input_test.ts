// Bad input over real sockets: garbage frames, unknown message types,
// out-of-state messages, oversize messages, invalid URIs, a client
// vanishing mid-call, RawSocket garbage. Each gets the spec's answer, and a
// bystander session on the same router keeps working throughout.
import { assert, assertEquals } from "../_assert.ts";
import { type RouterHandle, startRouter } from "../../src/router/mod.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import { Session } from "../../src/session/mod.ts";

const MAX = 4096;

/** A raw JSON WebSocket peer (Deno's WebSocket): sends text as is, records what comes back. */
class RawPeer {
  readonly ws: WebSocket;
  readonly messages: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #opened: Promise<void>;
  #waiters: (() => void)[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url, ["wamp.2.json"]);
    this.#opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error("websocket error"));
    });
    this.closed = new Promise((resolve) => {
      this.ws.onclose = (e) => {
        resolve({ code: e.code, reason: e.reason });
        for (const w of this.#waiters) w();
      };
    });
    this.ws.onmessage = (e) => {
      this.messages.push(JSON.parse(e.data as string));
      for (const w of this.#waiters) w();
    };
  }

  async open(): Promise<this> {
    await this.#opened;
    return this;
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** Waits for message number `n` (0-based); undefined when the socket closed first. */
  async message(n: number): Promise<unknown[] | undefined> {
    while (this.messages.length <= n && this.ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((r) => this.#waiters.push(r));
      this.#waiters = [];
    }
    return this.messages[n] as unknown[] | undefined;
  }

  async join(): Promise<number> {
    this.send(JSON.stringify([1, "realm1", { roles: { caller: {}, callee: {} } }]));
    const welcome = await this.message(0);
    assertEquals(welcome?.[0], 2);
    return welcome![1] as number;
  }

  async done(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}

async function withRouter(
  fn: (router: RouterHandle, url: string, check: () => Promise<void>) => Promise<void>,
) {
  const router = await startRouter({
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [
        {
          type: "websocket",
          endpoint: { type: "tcp", port: 8080 },
          options: { max_message_size: MAX },
        },
        { type: "rawsocket", endpoint: { type: "tcp", port: 8081 }, max_message_size: MAX },
      ],
    }],
  }, { ephemeralPorts: true });
  const url = router.transports[0]!.url;
  // The bystander: a real WebSocket client with a procedure and a subscription.
  const bystander = new Session(await connectTransport(url, { serializers: ["cbor"] }));
  await bystander.join("realm1");
  await bystander.register("com.ok", (args) => (args[0] as number) + 1);
  let n = 0;
  const check = async () => {
    assertEquals(await bystander.call("com.ok", [++n]), n + 1, "the bystander is unaffected");
  };
  try {
    await fn(router, url, check);
    await check();
  } finally {
    await bystander.leave();
    await router.close();
  }
}

Deno.test("Router bad input - garbage, unknown types, out-of-state messages over WebSocket", async () => {
  await withRouter(async (_router, url, check) => {
    // Not JSON at all.
    let p = await new RawPeer(url).open();
    p.send("{{{ not json");
    let m = await p.message(0);
    assertEquals([m?.[0], m?.[2]], [3, "wamp.error.protocol_violation"]);
    await p.done();
    await check();

    // A binary frame on a JSON connection.
    p = await new RawPeer(url).open();
    p.ws.send(new Uint8Array([0xff, 0x00, 0x13]));
    const closed = await Promise.race([p.message(0), p.closed]);
    assert(closed !== undefined);
    await p.done();
    await check();

    // CALL before HELLO: ABORT protocol_violation.
    p = await new RawPeer(url).open();
    p.send(JSON.stringify([48, 1, {}, "com.ok", [1]]));
    m = await p.message(0);
    assertEquals([m?.[0], m?.[2]], [3, "wamp.error.protocol_violation"]);
    await p.done();
    await check();

    // An unknown message type after joining.
    p = await new RawPeer(url).open();
    await p.join();
    p.send(JSON.stringify([999, 1, {}]));
    m = await p.message(1);
    assertEquals([m?.[0], m?.[2]], [3, "wamp.error.protocol_violation"]);
    await p.done();
    await check();

    // A second HELLO while joined; a WELCOME from a client.
    for (const bad of [[1, "realm1", { roles: { caller: {} } }], [2, 1, {}]]) {
      p = await new RawPeer(url).open();
      await p.join();
      p.send(JSON.stringify(bad));
      m = await p.message(1);
      assertEquals([m?.[0], m?.[2]], [3, "wamp.error.protocol_violation"], JSON.stringify(bad));
      await p.done();
      await check();
    }

    // A malformed CALL (request ID not an integer).
    p = await new RawPeer(url).open();
    await p.join();
    p.send(JSON.stringify([48, "one", {}, "com.ok"]));
    m = await p.message(1);
    assertEquals([m?.[0], m?.[2]], [3, "wamp.error.protocol_violation"]);
    await p.done();
    await check();

    // HELLO for a realm that does not exist.
    p = await new RawPeer(url).open();
    p.send(JSON.stringify([1, "no.such.realm", { roles: { caller: {} } }]));
    m = await p.message(0);
    assertEquals([m?.[0], m?.[2]], [3, "wamp.error.no_such_realm"]);
    await p.done();
  });
});

Deno.test("Router bad input - invalid URIs get ERROR invalid_uri and the session lives on", async () => {
  await withRouter(async (_router, url, check) => {
    const p = await new RawPeer(url).open();
    await p.join();
    // Registering in the router's own wamp. namespace: ERROR, the session lives on.
    p.send(JSON.stringify([64, 7, {}, "wamp.session.mine"]));
    const m = await p.message(1);
    assertEquals([m?.[0], m?.[1], m?.[2], m?.[4]], [8, 64, 7, "wamp.error.invalid_uri"]);
    p.send(JSON.stringify([48, 9, {}, "com.ok", [41]]));
    assertEquals(await p.message(2), [50, 9, {}, [42]]);
    // Basic profile "URIs": a malformed URI is answered with ERROR invalid_uri.
    p.send(JSON.stringify([48, 10, {}, "com.bad uri", []]));
    const e = await p.message(3);
    assertEquals([e?.[0], e?.[1], e?.[2], e?.[4]], [8, 48, 10, "wamp.error.invalid_uri"]);
    p.send(JSON.stringify([32, 11, {}, "com..empty"]));
    const e2 = await p.message(4);
    assertEquals([e2?.[0], e2?.[1], e2?.[2], e2?.[4]], [8, 32, 11, "wamp.error.invalid_uri"]);
    // The same topic is fine as a wildcard pattern.
    p.send(JSON.stringify([32, 12, { match: "wildcard" }, "com..empty"]));
    const ok = await p.message(5);
    assertEquals(ok?.[0], 33);
    p.send(JSON.stringify([48, 13, {}, "com.ok", [1]]));
    assertEquals(await p.message(6), [50, 13, {}, [2]]);
    await p.done();
    await check();
  });
});

Deno.test("Router bad input - oversize messages close the connection (1009, RawSocket error)", async () => {
  await withRouter(async (router, url, check) => {
    const t = await connectTransport(url, { serializers: ["json"] });
    const big = new Session(t, { closeTransportOnLeave: true });
    await big.join("realm1");
    big.call("com.ok", ["x".repeat(MAX * 2)]).catch(() => {});
    // RFC 6455 §7.4.1: 1009, the message is too big to process.
    assertEquals((await t.closed).code, 1009);
    await check();
    // RawSocket: a frame longer than the announced maximum fails the connection.
    const rs = new Session(
      await connectTransport(router.transports[1]!.url, { serializers: ["json"] }),
    );
    await rs.join("realm1");
    let failed = false;
    try {
      await rs.call("com.ok", ["x".repeat(MAX * 4)]);
    } catch {
      failed = true;
    }
    assert(failed, "an oversize RawSocket message must fail");
    await rs.leave().catch(() => {});
    await rs.transport.close();
    await check();
  });
});

Deno.test("Router bad input - RawSocket garbage handshakes", async () => {
  await withRouter(async (router, _url, check) => {
    const port = router.transports[1]!.port;
    const talk = async (bytes: Uint8Array) => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(bytes);
      const buf = new Uint8Array(16);
      const out: number[] = [];
      for (;;) {
        const n = await conn.read(buf).catch(() => null);
        if (n === null) break;
        out.push(...buf.subarray(0, n));
      }
      conn.close();
      return out;
    };
    // An HTTP request on a RawSocket port: no magic octet, the router just closes.
    assertEquals(await talk(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n")), []);
    // Serializer 9 does not exist: error 1 (serializer unsupported) in the reply's upper nibble.
    assertEquals(await talk(new Uint8Array([0x7f, 0xf9, 0, 0])), [0x7f, 0x10, 0, 0]);
    // Reserved octets set: error 3.
    assertEquals(await talk(new Uint8Array([0x7f, 0xf1, 0xff, 0xff])), [0x7f, 0x30, 0, 0]);
    await check();
  });
});

Deno.test("Router bad input - a callee vanishing mid-call fails the call with wamp.error.canceled", async () => {
  await withRouter(async (_router, url, check) => {
    const callee = await new RawPeer(url).open();
    await callee.join();
    callee.send(JSON.stringify([64, 1, {}, "com.vanish"]));
    assertEquals((await callee.message(1))?.[0], 65);
    const caller = new Session(await connectTransport(url, { serializers: ["msgpack"] }));
    await caller.join("realm1");
    const pending = caller.call("com.vanish", []);
    assertEquals((await callee.message(2))?.[0], 68); // INVOCATION arrived
    callee.ws.close(); // gone without GOODBYE or YIELD
    let error = "";
    try {
      await pending;
    } catch (e) {
      error = (e as { error?: string }).error ?? String(e);
    }
    assertEquals(error, "wamp.error.canceled");
    // And a caller vanishing mid-call leaves the callee unharmed.
    const other = await new RawPeer(url).open();
    await other.join();
    other.send(JSON.stringify([48, 1, {}, "com.ok", [1]]));
    other.ws.close();
    await other.closed;
    await caller.leave();
    await check();
  });
});
