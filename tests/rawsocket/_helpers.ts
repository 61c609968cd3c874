/**
 * Shared helpers of the RawSocket tests: byte splits, feeding engines and
 * wiring a client and a server back to back in memory.
 *
 * @module
 */
import {
  type RawSocketClientOptions,
  RawSocketClientProtocol,
  type RawSocketEvent,
  type RawSocketProtocol,
  type RawSocketServerOptions,
  RawSocketServerProtocol,
} from "../../src/rawsocket/mod.ts";
import { assertEquals } from "../_assert.ts";

/** The ways every vector is fed: whole, split at every byte, and one byte at a time. */
export function splits(bytes: Uint8Array): { name: string; chunks: Uint8Array[] }[] {
  const out = [{ name: "whole", chunks: [bytes] }];
  for (let k = 1; k < bytes.length; k++) {
    out.push({ name: `split at ${k}`, chunks: [bytes.subarray(0, k), bytes.subarray(k)] });
  }
  out.push({ name: "byte by byte", chunks: Array.from(bytes, (b) => Uint8Array.of(b)) });
  return out;
}

/** Feeds each chunk (copied into a reused scratch buffer) and returns all events. */
export function feed(
  engine: RawSocketProtocol,
  chunks: Iterable<Uint8Array>,
  nowMs?: number,
): RawSocketEvent[] {
  // A reused read buffer, as an adapter would have: catches payloads that alias input.
  let scratch = new Uint8Array(64);
  for (const c of chunks) {
    if (scratch.length < c.length) scratch = new Uint8Array(c.length);
    scratch.set(c);
    engine.receiveData(scratch.subarray(0, c.length), nowMs);
    scratch.fill(0xee);
  }
  return engine.eventsReceived();
}

/** Concatenates byte arrays. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A frame as the spec lays it out, built without the engine. */
export function frame(type: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  return cat(Uint8Array.of(type, n >>> 16, (n >>> 8) & 0xff, n & 0xff), payload);
}

/** Deterministic bytes of a given length. */
export function bytesOf(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
}

/** A client and a server with a completed handshake and drained events. */
export function openPair(
  clientOptions: Partial<RawSocketClientOptions> = {},
  serverOptions: Partial<RawSocketServerOptions> = {},
): { client: RawSocketClientProtocol; server: RawSocketServerProtocol } {
  const client = new RawSocketClientProtocol({ serializerId: 1, ...clientOptions });
  const server = new RawSocketServerProtocol({ serializers: [1, 2, 3, 4, 5], ...serverOptions });
  server.receiveData(client.dataToSend());
  client.receiveData(server.dataToSend());
  assertEquals(client.eventsReceived().map((e) => e.type), ["open"]);
  assertEquals(server.eventsReceived().map((e) => e.type), ["open"]);
  return { client, server };
}

/** Moves pending output from `from` into `to`; returns `to`'s events. */
export function deliver(
  from: RawSocketProtocol,
  to: RawSocketProtocol,
  nowMs?: number,
): RawSocketEvent[] {
  const data = from.dataToSend();
  if (data.length > 0) to.receiveData(data, nowMs);
  return to.eventsReceived();
}

/** The payloads of the message events. */
export function messages(events: RawSocketEvent[]): Uint8Array[] {
  return events.flatMap((e) => e.type === "message" ? [e.payload] : []);
}
