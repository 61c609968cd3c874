/**
 * The events a RawSocket engine reports: small immutable objects with a
 * `type` discriminant, drained with `RawSocketProtocol.eventsReceived()`.
 *
 * @module
 */
import type { RawSocketError } from "./errors.ts";

/** The life cycle of a RawSocket connection. */
export type RawSocketState = "handshaking" | "open" | "closed" | "failed";

/** The handshake completed: messages may flow both ways. */
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

/** A regular WAMP message (frame type 0) arrived. */
export interface RawSocketMessageEvent {
  /** Discriminant. */
  readonly type: "message";
  /** The serialized WAMP message; a fresh array the receiver owns. */
  readonly payload: Uint8Array;
}

/** A PING arrived; the engine has already queued the PONG that echoes it. */
export interface RawSocketPingEvent {
  /** Discriminant. */
  readonly type: "ping";
  /** The PING payload. */
  readonly payload: Uint8Array;
}

/** A PONG arrived. */
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

/** The connection failed; no further message events follow. Terminal. */
export interface RawSocketFailedEvent {
  /** Discriminant. */
  readonly type: "failed";
  /** Why: a handshake refusal, a protocol violation or a ping timeout. */
  readonly error: RawSocketError;
}

/** The connection closed without error. Terminal. */
export interface RawSocketClosedEvent {
  /** Discriminant. */
  readonly type: "closed";
  /** Who closed: we called `close()`, or the peer ended its stream. */
  readonly initiator: "local" | "remote";
}

/** Everything a RawSocket engine reports. */
export type RawSocketEvent =
  | RawSocketOpenEvent
  | RawSocketMessageEvent
  | RawSocketPingEvent
  | RawSocketPongEvent
  | RawSocketFailedEvent
  | RawSocketClosedEvent;
