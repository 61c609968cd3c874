import fc from "fast-check";
import {
  FrameType,
  RawSocketClientProtocol,
  RawSocketError,
  type RawSocketEvent,
  type RawSocketProtocol,
  RawSocketServerProtocol,
} from "../../src/rawsocket/mod.ts";
import { assert, assertEquals } from "../_assert.ts";
import { cat, frame, messages, openPair } from "./_helpers.ts";

/** Cuts `bytes` at the given (sorted, deduplicated) fractions. */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function checkEvents(events: RawSocketEvent[]): void {
  let terminal = false;
  for (const e of events) {
    assert(!terminal, "no event after a terminal one");
    if (e.type === "failed") {
      assert(e.error instanceof RawSocketError, "failures are typed");
      terminal = true;
    } else if (e.type === "closed") {
      terminal = true;
    }
  }
}

Deno.test("RawSocket property - messages survive any chunking, in order, both directions", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 30 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
      fc.boolean(),
      (payloads, cuts, fromServer) => {
        const { client, server } = openPair({ maxLengthExponent: 1 }, { maxLengthExponent: 1 });
        const [tx, rx]: RawSocketProtocol[] = fromServer ? [server, client] : [client, server];
        for (const p of payloads) tx.sendMessage(p);
        const received: RawSocketEvent[] = [];
        for (const c of chunk(tx.dataToSend(), cuts)) {
          rx.receiveData(c);
          received.push(...rx.eventsReceived());
          c.fill(0x55); // the adapter reuses its buffer
        }
        assertEquals(messages(received), payloads);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("RawSocket property - mixed PING, PONG and messages interleave correctly", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.constantFrom<number>(FrameType.MESSAGE, FrameType.PING),
          fc.uint8Array({ maxLength: 40 }),
        ),
        { maxLength: 30 },
      ),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
      (ops, cuts) => {
        const { client, server } = openPair();
        for (const [t, p] of ops) {
          if (t === FrameType.PING) client.sendPing(p);
          else client.sendMessage(p);
        }
        const events: RawSocketEvent[] = [];
        for (const c of chunk(client.dataToSend(), cuts)) {
          server.receiveData(c);
          events.push(...server.eventsReceived());
        }
        const got: unknown[] = events.map((e) => [e.type, "payload" in e ? e.payload : null]);
        const want: unknown[] = ops.map(([t, p]) => [t === FrameType.PING ? "ping" : "message", p]);
        assertEquals(got, want);
        client.receiveData(server.dataToSend());
        const pongs = client.eventsReceived();
        const pings = ops.filter(([t]) => t === FrameType.PING).map(([, p]) => p);
        assertEquals(pongs.map((e) => e.type === "pong" ? e.payload : null), pings);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("RawSocket fuzz - random byte streams never throw from receiveData (both roles)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 12 }),
      fc.boolean(),
      fc.boolean(),
      (chunks, asServer, eof) => {
        const engine: RawSocketProtocol = asServer
          ? new RawSocketServerProtocol({ serializers: [1, 2], maxLengthExponent: 0 })
          : new RawSocketClientProtocol({ serializerId: 1, maxLengthExponent: 0 });
        const events: RawSocketEvent[] = [];
        for (const c of chunks) {
          engine.receiveData(c, 0);
          events.push(...engine.eventsReceived());
        }
        if (eof) engine.receiveEof();
        events.push(...engine.eventsReceived());
        checkEvents(events);
        engine.dataToSend();
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("RawSocket fuzz - mutated valid streams yield events or a typed failure", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 100 }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
      (payloads, mutations, cuts) => {
        const stream = cat(
          Uint8Array.of(0x7f, 0x01, 0, 0),
          ...payloads.map((p, i) => frame(i % 3, p)),
        );
        for (const [pos, value] of mutations) stream[pos % stream.length] = value;
        const client = new RawSocketClientProtocol({ serializerId: 1, maxLengthExponent: 0 });
        const events: RawSocketEvent[] = [];
        for (const c of chunk(stream, cuts)) {
          client.receiveData(c);
          events.push(...client.eventsReceived());
        }
        client.receiveEof();
        events.push(...client.eventsReceived());
        checkEvents(events);
        const last = events.at(-1);
        assert(last !== undefined && (last.type === "failed" || last.type === "closed"));
      },
    ),
    { numRuns: 1000, seed: 0x5eed },
  );
});
