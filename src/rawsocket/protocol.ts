/**
 * The sans-I/O RawSocket state machine shared by both roles: bytes in, events
 * and bytes out. No awaits, no timers, no sockets: the adapter feeds what it
 * reads to {@linkcode RawSocketProtocol.receiveData}, writes what
 * {@linkcode RawSocketProtocol.dataToSend} returns, drains
 * {@linkcode RawSocketProtocol.eventsReceived}, and closes the socket once
 * {@linkcode RawSocketProtocol.shouldClose} is true. Times are passed in by
 * the caller (`nowMs`), never read.
 *
 * Ownership: input chunks are never retained, so a read buffer may be reused
 * as soon as `receiveData` returns; each event's payload is a fresh array the
 * receiver owns; `sendMessage`/`sendPing` copy their payload, so the caller
 * may reuse it at once; the array `dataToSend` returns belongs to the caller.
 *
 * @module
 */
import {
  RawSocketError,
  RawSocketPayloadTooLargeError,
  RawSocketPingTimeoutError,
  RawSocketProtocolError,
  RawSocketStateError,
} from "./errors.ts";
import { FrameParser, FrameType, FrameWriter, MAX_FRAME_PAYLOAD } from "./framing.ts";
import {
  checkLengthExponent,
  checkMagic,
  DEFAULT_LENGTH_EXPONENT,
  HANDSHAKE_LENGTH,
  maxLengthOf,
} from "./handshake.ts";
import type { RawSocketEvent, RawSocketState } from "./events.ts";

/**
 * Options shared by both roles.
 *
 * @example Limiting what a client accepts
 * ```ts
 * import { RawSocketClientProtocol, type RawSocketOptions } from "@autobahn/autobahn/rawsocket";
 *
 * const limits: RawSocketOptions = { maxLengthExponent: 7, maxOutstandingPings: 4 };
 * const client = new RawSocketClientProtocol({ ...limits, serializerId: 1 });
 * if (client.maxReceiveLength !== 64 * 1024) throw new Error(`${client.maxReceiveLength}`);
 * ```
 */
export interface RawSocketOptions {
  /**
   * Our length exponent L (0..15): we accept messages up to `2^(9+L)` octets
   * and fail the connection on longer ones. Default 15 (16 MiB).
   */
  readonly maxLengthExponent?: number;
  /** How many sent PINGs are remembered for PONG matching; default 16, oldest dropped. */
  readonly maxOutstandingPings?: number;
  /** Starting size of the output batch buffer, in octets; default 16 KiB. */
  readonly outputBufferSize?: number;
}

interface OutstandingPing {
  readonly payload: Uint8Array;
  readonly sentAtMs: number | undefined;
}

/**
 * The role-agnostic RawSocket engine. Use {@linkcode RawSocketClientProtocol}
 * or {@linkcode RawSocketServerProtocol}; they differ only in the handshake.
 *
 * @example Driving a client and a server against each other
 * ```ts
 * import {
 *   type RawSocketProtocol,
 *   RawSocketClientProtocol,
 *   RawSocketServerProtocol,
 * } from "@autobahn/autobahn/rawsocket";
 *
 * const pump = (from: RawSocketProtocol, to: RawSocketProtocol) => to.receiveData(from.dataToSend());
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * const server = new RawSocketServerProtocol({ serializers: [1] });
 * pump(client, server);
 * pump(server, client);
 * client.sendMessage(new TextEncoder().encode("[]"));
 * pump(client, server);
 * const types = server.eventsReceived().map((e) => e.type);
 * if (types.join() !== "open,message") throw new Error(types.join());
 * ```
 */
export abstract class RawSocketProtocol {
  /** Which side of the handshake this engine plays. */
  abstract readonly role: "client" | "server";

  #state: RawSocketState = "handshaking";
  #events: RawSocketEvent[] = [];
  readonly #writer: FrameWriter;
  readonly #lengthExponent: number;
  readonly #maxPings: number;
  readonly #handshake = new Uint8Array(HANDSHAKE_LENGTH);
  #handshakeLength = 0;
  #parser: FrameParser | null = null;
  #serializerId: number | undefined;
  #maxSendLength: number | undefined;
  #pings: OutstandingPing[] = [];
  #pingCounter = 0;
  #nowMs: number | undefined;
  readonly #onFrame = (type: FrameType, payload: Uint8Array): void => this.#frame(type, payload);

  /**
   * Creates an engine in the `handshaking` state.
   *
   * @param options Limits shared by both roles.
   * @throws {RangeError} on an invalid length exponent.
   */
  constructor(options: RawSocketOptions = {}) {
    const e = options.maxLengthExponent ?? DEFAULT_LENGTH_EXPONENT;
    checkLengthExponent(e);
    this.#lengthExponent = e;
    this.#maxPings = Math.max(1, options.maxOutstandingPings ?? 16);
    this.#writer = new FrameWriter(options.outputBufferSize);
  }

  /** The current state. */
  get state(): RawSocketState {
    return this.#state;
  }

  /** Our length exponent L, as announced in our handshake message. */
  get maxLengthExponent(): number {
    return this.#lengthExponent;
  }

  /**
   * The largest message we accept, in octets: `2^(9+L)`, except that the
   * 24-bit length field caps L = 15 at 2^24 - 1.
   */
  get maxReceiveLength(): number {
    return effectiveMaxLength(this.#lengthExponent);
  }

  /** The largest message the peer accepts, in octets; `undefined` before the handshake. */
  get maxSendLength(): number | undefined {
    return this.#maxSendLength;
  }

  /** The negotiated serializer id; `undefined` before the handshake. */
  get serializerId(): number | undefined {
    return this.#serializerId;
  }

  /**
   * True once the connection has failed or closed: the adapter writes what
   * {@linkcode RawSocketProtocol.dataToSend} returns, then closes the socket.
   */
  get shouldClose(): boolean {
    return this.#state === "closed" || this.#state === "failed";
  }

  /**
   * The time the oldest still-unanswered PING was sent at (as given to
   * {@linkcode RawSocketProtocol.sendPing}), or `undefined`. An adapter arms
   * its timer from this.
   */
  get pingOutstandingSince(): number | undefined {
    for (const p of this.#pings) if (p.sentAtMs !== undefined) return p.sentAtMs;
    return undefined;
  }

  /**
   * Feeds octets read from the connection. Never throws on any input: bad
   * input yields a `failed` event. Ignored once the connection has closed or
   * failed. Events are collected with {@linkcode RawSocketProtocol.eventsReceived}.
   *
   * @param data The octets read; not retained after the call returns.
   * @param nowMs The current time, used for PONG round-trip times.
   */
  receiveData(data: Uint8Array, nowMs?: number): void {
    if (this.#state === "handshaking") {
      let i = 0;
      while (this.#handshakeLength < HANDSHAKE_LENGTH && i < data.length) {
        this.#handshake[this.#handshakeLength++] = data[i++]!;
      }
      try {
        // Fail on a bad magic octet at once, without waiting for four octets.
        if (this.#handshakeLength > 0) checkMagic(this.#handshake);
        if (this.#handshakeLength < HANDSHAKE_LENGTH) return;
        this._handleHandshake(this.#handshake);
      } catch (err) {
        this.#failWith(err);
        return;
      }
      // Octets after the handshake (e.g. the first frame) are parsed now, so
      // nothing beyond the four handshake octets is ever buffered.
      if (this.state !== "open" || i === data.length) return;
      data = data.subarray(i);
    }
    if (this.#state !== "open") return;
    this.#nowMs = nowMs;
    try {
      this.#parser!.push(data, this.#onFrame);
    } catch (err) {
      this.#failWith(err);
    } finally {
      this.#nowMs = undefined;
    }
  }

  /** Tells the engine that the peer ended its stream (EOF). */
  receiveEof(): void {
    if (this.#state === "handshaking") {
      this.#fail(
        new RawSocketProtocolError("Connection closed during the handshake", "unexpected_eof"),
      );
    } else if (this.#state === "open") {
      if (this.#parser!.midFrame) {
        this.#fail(
          new RawSocketProtocolError("Connection closed inside a frame", "unexpected_eof"),
        );
      } else {
        this.#finish("remote");
      }
    }
  }

  /** Returns and forgets the events produced since the last call, in order. */
  eventsReceived(): RawSocketEvent[] {
    const events = this.#events;
    if (events.length === 0) return [];
    this.#events = [];
    return events;
  }

  /**
   * Returns and forgets the octets to write (possibly empty): all queued
   * handshake octets and frames concatenated, ready for one write. The array
   * belongs to the caller.
   */
  dataToSend(): Uint8Array {
    return this.#writer.take();
  }

  /** Octets queued and not yet taken by {@linkcode RawSocketProtocol.dataToSend}. */
  get bufferedAmount(): number {
    return this.#writer.length;
  }

  /**
   * Queues one WAMP message (frame type 0). The payload is copied.
   *
   * @throws {RawSocketPayloadTooLargeError} when the payload exceeds the
   *   peer's maximum; nothing is queued and the connection stays open.
   * @throws {RawSocketStateError} unless the connection is open.
   */
  sendMessage(payload: Uint8Array): void {
    this.#checkSend("message", payload.length);
    this.#writer.writeFrame(FrameType.MESSAGE, payload);
  }

  /**
   * Queues a PING and remembers it for PONG matching. Without a payload, a
   * 4-octet counter is used.
   *
   * @param payload The PING payload (copied); echoed by the peer's PONG.
   * @param nowMs The current time; enables `rttMs` and {@linkcode RawSocketProtocol.checkPingTimeout}.
   * @returns The payload sent.
   * @throws {RawSocketPayloadTooLargeError} when the payload exceeds the peer's maximum.
   * @throws {RawSocketStateError} unless the connection is open.
   */
  sendPing(payload?: Uint8Array, nowMs?: number): Uint8Array {
    let p: Uint8Array;
    if (payload === undefined) {
      const c = this.#pingCounter = (this.#pingCounter + 1) >>> 0;
      p = Uint8Array.of(c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff);
    } else {
      p = payload.slice();
    }
    this.#checkSend("ping", p.length);
    this.#writer.writeFrame(FrameType.PING, p);
    if (this.#pings.length >= this.#maxPings) this.#pings.shift();
    this.#pings.push({ payload: p, sentAtMs: nowMs });
    return p;
  }

  /**
   * Fails the connection with a {@linkcode RawSocketPingTimeoutError} when the
   * oldest timed PING has waited `timeoutMs` or longer.
   *
   * @returns True when the connection was failed by this call.
   */
  checkPingTimeout(nowMs: number, timeoutMs: number): boolean {
    if (this.#state !== "open") return false;
    const since = this.pingOutstandingSince;
    if (since === undefined || nowMs - since < timeoutMs) return false;
    this.#fail(new RawSocketPingTimeoutError(nowMs - since));
    return true;
  }

  /**
   * Closes the connection from our side (RawSocket has no closing handshake):
   * queued output stays in {@linkcode RawSocketProtocol.dataToSend}, a `closed`
   * event follows, and incoming data is ignored from now on. Idempotent.
   */
  close(): void {
    if (this.#state === "handshaking" || this.#state === "open") this.#finish("local");
  }

  /**
   * Parses the peer's four handshake octets (magic already checked) and calls
   * {@linkcode RawSocketProtocol._open} or throws / fails.
   */
  protected abstract _handleHandshake(bytes: Uint8Array): void;

  /** Queues raw handshake octets. */
  protected _writeRaw(bytes: Uint8Array): void {
    this.#writer.writeRaw(bytes);
  }

  /** Completes the handshake: switches to `open` and reports it. */
  protected _open(serializerId: number, peerLengthExponent: number): void {
    this.#serializerId = serializerId;
    this.#maxSendLength = effectiveMaxLength(peerLengthExponent);
    this.#parser = new FrameParser(this.maxReceiveLength);
    this.#state = "open";
    this.#events.push({
      type: "open",
      serializerId,
      maxReceiveLength: this.maxReceiveLength,
      maxSendLength: this.#maxSendLength,
    });
  }

  /** Fails the connection with `error` (terminal). */
  protected _fail(error: RawSocketError): void {
    this.#fail(error);
  }

  #frame(type: FrameType, payload: Uint8Array): void {
    if (type === FrameType.MESSAGE) {
      this.#events.push({ type: "message", payload });
    } else if (type === FrameType.PING) {
      // Spec, Framing: "A Peer MUST reply to each PING by sending exactly one
      // PONG immediately, and the PONG MUST echo back the payload of the PING exactly."
      this.#writer.writeFrame(FrameType.PONG, payload);
      this.#events.push({ type: "ping", payload });
    } else {
      this.#pong(payload);
    }
  }

  #pong(payload: Uint8Array): void {
    const pings = this.#pings;
    const k = pings.findIndex((p) => sameBytes(p.payload, payload));
    if (k < 0) {
      this.#events.push({ type: "pong", payload, solicited: false });
      return;
    }
    const sentAt = pings[k]!.sentAtMs;
    // PONGs come in PING order, so earlier unmatched PINGs will never be answered.
    pings.splice(0, k + 1);
    const now = this.#nowMs;
    this.#events.push(
      sentAt !== undefined && now !== undefined
        ? { type: "pong", payload, solicited: true, rttMs: now - sentAt }
        : { type: "pong", payload, solicited: true },
    );
  }

  #checkSend(what: string, size: number): void {
    if (this.#state !== "open") {
      throw new RawSocketStateError(
        `Cannot send ${what}: connection is ${
          this.#state === "handshaking" ? "still handshaking" : this.#state
        }`,
      );
    }
    // Spec, Serialization: "The length of the serialized messages in octets
    // MUST NOT exceed the maximum requested by the Peer."
    if (size > this.#maxSendLength!) {
      throw new RawSocketPayloadTooLargeError(size, this.#maxSendLength!);
    }
  }

  #failWith(err: unknown): void {
    if (err instanceof RawSocketError) this.#fail(err);
    else throw err; // a bug or a throwing accept hook: not the peer's fault
  }

  #fail(error: RawSocketError): void {
    if (this.#state === "failed" || this.#state === "closed") return;
    this.#state = "failed";
    this.#parser = null;
    this.#pings = [];
    this.#events.push({ type: "failed", error });
  }

  #finish(initiator: "local" | "remote"): void {
    this.#state = "closed";
    this.#parser = null;
    this.#pings = [];
    this.#events.push({ type: "closed", initiator });
  }
}

function effectiveMaxLength(exponent: number): number {
  return Math.min(maxLengthOf(exponent), MAX_FRAME_PAYLOAD);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
