/**
 * The events a RawSocket engine reports: small immutable objects with a
 * `type` discriminant, drained with `RawSocketProtocol.eventsReceived()`.
 *
 * @module
 */
import type { RawSocketError } from "./errors.ts";

/**
 * The life cycle of a RawSocket connection.
 *
 * @example Watching the life cycle
 * ```ts
 * import { RawSocketClientProtocol, type RawSocketState } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * const before: RawSocketState = client.state; // "handshaking"
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * if (before !== "handshaking" || client.state !== "open") throw new Error(client.state);
 * ```
 */
export type RawSocketState = "handshaking" | "open" | "closed" | "failed";

/**
 * The handshake completed: messages may flow both ways.
 *
 * @example Reading the negotiated limits
 * ```ts
 * import { RawSocketClientProtocol, type RawSocketOpenEvent } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0x01, 0, 0)); // JSON, the router accepts 512 octets
 * const open = client.eventsReceived()[0] as RawSocketOpenEvent;
 * if (open.serializerId !== 1 || open.maxSendLength !== 512) throw new Error("unexpected");
 * ```
 */
export interface RawSocketOpenEvent {
  /** Discriminant. */
  readonly type: "open";
  /** The negotiated serializer id (1 JSON, 2 MessagePack, ...). */
  readonly serializerId: number;
  /** The largest message we accept, in octets (what we announced; 2^24 - 1 at most). */
  readonly maxReceiveLength: number;
  /** The largest message the peer accepts, in octets (what it announced; 2^24 - 1 at most). */
  readonly maxSendLength: number;
}

/**
 * A regular WAMP message (frame type 0) arrived.
 *
 * @example Receiving a framed message
 * ```ts
 * import { RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0, 0, 0, 0, 2, 0x5b, 0x5d));
 * const message = client.eventsReceived().find((e) => e.type === "message");
 * if (new TextDecoder().decode(message?.payload) !== "[]") throw new Error("no message");
 * ```
 */
export interface RawSocketMessageEvent {
  /** Discriminant. */
  readonly type: "message";
  /** The serialized WAMP message; a fresh array the receiver owns. */
  readonly payload: Uint8Array;
}

/**
 * A PING arrived; the engine has already queued the PONG that echoes it.
 *
 * @example A PING is answered automatically
 * ```ts
 * import { RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * client.dataToSend(); // the handshake request
 * client.receiveData(Uint8Array.of(1, 0, 0, 1, 42)); // PING with payload [42]
 * const ping = client.eventsReceived().find((e) => e.type === "ping");
 * if (ping?.payload[0] !== 42) throw new Error("no ping");
 * if (client.dataToSend().join() !== "2,0,0,1,42") throw new Error("no pong queued");
 * ```
 */
export interface RawSocketPingEvent {
  /** Discriminant. */
  readonly type: "ping";
  /** The PING payload. */
  readonly payload: Uint8Array;
}

/**
 * A PONG arrived.
 *
 * @example Measuring the round trip
 * ```ts
 * import { RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * client.sendPing(Uint8Array.of(7), 1_000);
 * client.receiveData(Uint8Array.of(2, 0, 0, 1, 7), 1_025); // the PONG, 25 ms later
 * const pong = client.eventsReceived().find((e) => e.type === "pong");
 * if (pong?.type !== "pong" || !pong.solicited || pong.rttMs !== 25) throw new Error("no rtt");
 * ```
 */
export interface RawSocketPongEvent {
  /** Discriminant. */
  readonly type: "pong";
  /** The PONG payload. */
  readonly payload: Uint8Array;
  /** True when it answers a PING we sent and still awaited. */
  readonly solicited: boolean;
  /** Round-trip time in ms, when both the PING and this PONG were given times. */
  readonly rttMs?: number;
}

/**
 * The connection failed; no further message events follow. Terminal.
 *
 * @example A reserved frame type fails the connection
 * ```ts
 * import { RawSocketClientProtocol, type RawSocketFailedEvent } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0, 7, 0, 0, 0)); // frame type 7
 * const failed = client.eventsReceived().find((e): e is RawSocketFailedEvent =>
 *   e.type === "failed"
 * );
 * if (!failed || !client.shouldClose) throw new Error("expected a failure");
 * ```
 */
export interface RawSocketFailedEvent {
  /** Discriminant. */
  readonly type: "failed";
  /** Why: a handshake refusal, a protocol violation or a ping timeout. */
  readonly error: RawSocketError;
}

/**
 * The connection closed without error. Terminal.
 *
 * @example The peer ends its stream
 * ```ts
 * import { RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * client.receiveEof();
 * const closed = client.eventsReceived().find((e) => e.type === "closed");
 * if (closed?.type !== "closed" || closed.initiator !== "remote") throw new Error("not closed");
 * ```
 */
export interface RawSocketClosedEvent {
  /** Discriminant. */
  readonly type: "closed";
  /** Who closed: we called `close()`, or the peer ended its stream. */
  readonly initiator: "local" | "remote";
}

/**
 * Everything a RawSocket engine reports.
 *
 * @example Dispatching on the event type
 * ```ts
 * import { RawSocketClientProtocol, type RawSocketEvent } from "@autobahn/autobahn/rawsocket";
 *
 * function describe(event: RawSocketEvent): string {
 *   switch (event.type) {
 *     case "open":
 *       return `open with serializer ${event.serializerId}`;
 *     case "failed":
 *       return `failed: ${event.error.message}`;
 *     default:
 *       return event.type;
 *   }
 * }
 * const client = new RawSocketClientProtocol({ serializerId: 2 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf2, 0, 0));
 * if (describe(client.eventsReceived()[0]!) !== "open with serializer 2") throw new Error();
 * ```
 */
export type RawSocketEvent =
  | RawSocketOpenEvent
  | RawSocketMessageEvent
  | RawSocketPingEvent
  | RawSocketPongEvent
  | RawSocketFailedEvent
  | RawSocketClosedEvent;
