/**
 * The sans-I/O WebSocket frame engine (RFC 6455 §5–§7): bytes in, events and
 * bytes out. It never awaits, never starts a timer and never touches a
 * socket; adapters feed it with {@linkcode WebSocketProtocolCore.receiveData},
 * write what {@linkcode WebSocketProtocolCore.takeOutput} returns, and run the
 * timers its {@linkcode WebSocketProtocolCore.state} asks for.
 *
 * @module
 */
import { utf8Encoder } from "../util/bytes.ts";
import { buildClosePayload, parseClosePayload, truncateUtf8 } from "./close.ts";
import { CloseCode, Disconnected, WebSocketProtocolError } from "./errors.ts";
import { Opcode, writeFrameHeader } from "./frame.ts";
import { applyMask } from "./mask.ts";
import type { ResolvedOptions } from "./options.ts";
import { DEFAULT_OPTIONS } from "./options.ts";
import { isValidUtf8, Utf8Validator } from "./utf8.ts";
import type { PerMessageDeflate } from "./deflate.ts";

/**
 * Which end of the connection the engine plays.
 *
 * @example An engine per role
 * ```ts
 * import { WebSocketProtocolCore, type WebSocketRole } from "@autobahn/autobahn/websocket";
 *
 * const role: WebSocketRole = "client";
 * const core = new WebSocketProtocolCore(role, { onMessage() {}, onClosed() {} });
 * if (core.role !== "client") throw new Error(core.role);
 * ```
 */
export type WebSocketRole = "client" | "server";

/**
 * RFC 6455 connection states (as the W3C `readyState` numbers them).
 *
 * @example Checking that a connection is open
 * ```ts
 * import { ConnectionState, WebSocketProtocolCore } from "@autobahn/autobahn/websocket";
 *
 * const core = new WebSocketProtocolCore("server", { onMessage() {}, onClosed() {} });
 * const before = core.state;
 * core.sendClose(1000);
 * if (before !== ConnectionState.OPEN || core.state !== ConnectionState.CLOSING) {
 *   throw new Error("expected OPEN, then CLOSING");
 * }
 * ```
 */
export const ConnectionState = {
  /** Opening handshake in progress. */
  CONNECTING: 0,
  /** Open: messages flow both ways. */
  OPEN: 1,
  /** A close frame was sent; waiting for the peer's. */
  CLOSING: 2,
  /** Closed: the transport should be (or is) closed. */
  CLOSED: 3,
} as const;

/**
 * A {@linkcode ConnectionState} value.
 *
 * @example Naming a state
 * ```ts
 * import { ConnectionState, type ConnectionStateValue } from "@autobahn/autobahn/websocket";
 *
 * const names = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"] as const;
 * const name = (state: ConnectionStateValue) => names[state];
 * if (name(ConnectionState.CLOSING) !== "CLOSING") throw new Error();
 * ```
 */
export type ConnectionStateValue = typeof ConnectionState[keyof typeof ConnectionState];

/**
 * How the connection ended, as reported to `onClosed`.
 *
 * @example How a connection ended
 * ```ts
 * import { type CloseInfo, connect, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, (ws) => void ws.close(4000, "bye"));
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * const info: CloseInfo = await ws.closed;
 * if (!info.wasClean || info.code !== 4000 || info.reason !== "bye") throw new Error();
 * ```
 */
export interface CloseInfo {
  /** True when both close frames were exchanged and no failure happened. */
  readonly wasClean: boolean;
  /** The peer's close code; 1005 when its close frame had none, 1006 when none arrived. */
  readonly code: number;
  /** The peer's close reason (or a description of the failure). */
  readonly reason: string;
  /** The protocol violation that failed the connection, if any. */
  readonly error?: WebSocketProtocolError;
  /**
   * What the adapter should do with the transport: `"drop"` close it now (after
   * flushing output), `"await-eof"` wait (up to `serverConnectionDropTimeout`)
   * for the server to close it (RFC 6455 §7.1.1: the server closes TCP first).
   */
  readonly transport: "drop" | "await-eof";
}

/**
 * Receives the engine's events, synchronously, from inside `receiveData`.
 *
 * @example Collecting a core's events
 * ```ts
 * import { type WebSocketEventHandler, WebSocketProtocolCore } from "@autobahn/autobahn/websocket";
 *
 * const pings: Uint8Array[] = [];
 * const handler: WebSocketEventHandler = {
 *   onMessage() {},
 *   onPing: (payload) => pings.push(payload),
 *   onClosed() {},
 * };
 * const core = new WebSocketProtocolCore("client", handler);
 * core.receiveData(Uint8Array.of(0x89, 0x01, 0x2a)); // an unmasked PING from the server
 * if (pings[0]?.[0] !== 0x2a) throw new Error("no ping");
 * ```
 */
export interface WebSocketEventHandler {
  /** A complete message arrived (text payloads are valid UTF-8 unless validation is off). */
  onMessage(payload: Uint8Array, isBinary: boolean): void;
  /** A ping arrived (the engine has already queued the pong). */
  onPing?(payload: Uint8Array): void;
  /** A pong arrived. */
  onPong?(payload: Uint8Array): void;
  /** The peer's close frame arrived (before `onClosed`). */
  onCloseFrame?(code: number | null, reason: string): void;
  /** The connection reached CLOSED. Called exactly once. */
  onClosed(info: CloseInfo): void;
}

const HEADER = 0;
const PAYLOAD = 1;
const STOPPED = 2;

const MIN_OUT = 4096;
const MAX_OUT = 65536;
/** Unmasked payloads above this size are queued by reference instead of copied. */
const ZERO_COPY_MIN = 16384;
/** Frames up to this size get their whole buffer at the header; bigger ones grow as data arrives. */
const EAGER_ALLOC_MAX = 1024 * 1024;
/** Default least frame length for which {@linkcode WebSocketProtocolCore.payloadReadTarget} offers a view. */
const IN_PLACE_MIN = 65536;

const EMPTY = new Uint8Array(0);

/**
 * Small frame payloads are views into a shared slab (like Node's Buffer pool):
 * one `ArrayBuffer` allocation per slab instead of one per message, which is
 * the dominant per-message cost for small messages. A slab is never reused: a
 * payload handed to the application stays valid and unshared (it may have a
 * non-zero `byteOffset` into a larger `buffer`).
 */
const SLAB_SIZE = 16384;
/** Frame payloads up to this size are carved from the slab. */
const SLAB_FRAME_MAX = 1024;
let slab = new ArrayBuffer(0);
let slabPos = 0;

/**
 * Payloads of at least {@linkcode ZERO_COPY_MIN} bytes get this many spare
 * bytes in front of them in their `ArrayBuffer` (outside the payload view).
 * When such a payload is sent back whole as one unmasked frame (an echo, a
 * relay), the frame header goes into that headroom and header + payload are
 * queued as one chunk: one write instead of two, still without copying the
 * payload.
 */
const HEADROOM = 16;
/**
 * Buffers that have a headroom: `true` while it is unused, `false` once a
 * header was written into it. It is written at most once, so a write still in
 * flight never sees its header change; a later send needing a different header
 * queues the header separately.
 */
const headroomFree = new WeakMap<ArrayBufferLike, boolean>();

/**
 * Buffers of payloads queued by reference and how many of those sends the
 * adapter has not yet reported written ({@linkcode WebSocketProtocolCore.outputWritten}).
 */
const pendingRefs = new WeakMap<ArrayBufferLike, number>();
/** Received-payload buffers handed back with `sendMessageTransfer`. */
const transferred = new WeakSet<ArrayBufferLike>();
/**
 * Reclaimed buffers (detached from every earlier view), reused for received
 * payloads of exactly their size, so the whole buffer is overwritten before
 * anyone sees it.
 */
const recycled: ArrayBuffer[] = [];
/** At most this many reclaimed buffers are kept (process-wide) ... */
const RECYCLE_MAX = 8;
/** ... of at most this size each. */
const RECYCLE_MAX_SIZE = 4 * 1024 * 1024;

function reclaim(ab: ArrayBuffer): void {
  if (recycled.length >= RECYCLE_MAX || ab.byteLength > RECYCLE_MAX_SIZE) return;
  if (typeof ab.transfer !== "function" || ab.resizable) return;
  recycled.push(ab.transfer()); // detaches `ab`: every earlier view becomes empty
}

/** A fresh, zeroed `len`-byte buffer (`len` > 0), from the slab when small. */
function allocPayload(len: number): Uint8Array {
  if (len >= ZERO_COPY_MIN) {
    for (let i = 0; i < recycled.length; i++) {
      const r = recycled[i]!;
      if (r.byteLength === len + HEADROOM) {
        recycled.splice(i, 1);
        new Uint8Array(r, 0, HEADROOM).fill(0); // no trace of the previous frame header
        headroomFree.set(r, true);
        return new Uint8Array(r, HEADROOM, len);
      }
    }
    const ab = new ArrayBuffer(len + HEADROOM);
    headroomFree.set(ab, true);
    return new Uint8Array(ab, HEADROOM, len);
  }
  if (len > SLAB_FRAME_MAX) return new Uint8Array(len);
  if (slabPos + len > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabPos = 0;
  }
  const b = new Uint8Array(slab, slabPos, len);
  slabPos = (slabPos + len + 7) & ~7; // keep views 8-byte aligned
  return b;
}

/**
 * The RFC 6455 frame engine for one connection, from OPEN to CLOSED.
 *
 * @example
 * ```ts
 * import { WebSocketProtocolCore } from "@autobahn/autobahn/websocket";
 * const core = new WebSocketProtocolCore("server", {
 *   onMessage: (payload, isBinary) => core.sendMessage(payload, isBinary), // echo
 *   onClosed: (info) => console.log("closed", info.code),
 * });
 * // RFC 6455 §5.7: a masked "Hello" from a client
 * core.receiveData(new Uint8Array([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
 * const out = core.takeOutput(); // [81 05 48 65 6c 6c 6f]
 * ```
 */
export class WebSocketProtocolCore {
  /** The role this engine plays. */
  readonly role: WebSocketRole;
  /** The resolved options in force. */
  readonly options: Readonly<ResolvedOptions>;
  readonly #h: WebSocketEventHandler;
  #state: ConnectionStateValue = ConnectionState.OPEN;

  // --- receive side ---
  #pstate = HEADER;
  readonly #hdr = new Uint8Array(14);
  #hdrLen = 0;
  #fin = false;
  #opcode = 0;
  #masked = false;
  readonly #maskKey = new Uint8Array(4);
  #frameLen = 0;
  #framePos = 0;
  #frameBuf: Uint8Array = EMPTY;
  /** Opcode of the data message in progress (TEXT/BINARY), or -1. */
  #msgOpcode = -1;
  #msgSize = 0;
  #fragments: Uint8Array[] = [];
  readonly #utf8 = new Utf8Validator();
  #validateText: boolean;
  readonly #deflate: PerMessageDeflate | null;
  /** The data message in progress is compressed (RSV1 on its first frame). */
  #compressed = false;

  // --- send side ---
  #out: Uint8Array = EMPTY;
  #outStart = 0;
  #outLen = 0;
  #chunks: Uint8Array[] = [];
  #outBytes = 0;
  #maskOut: boolean;
  /** The buffer and position of the last {@linkcode payloadReadTarget} view. */
  #offeredBuf: Uint8Array = EMPTY;
  #offeredPos = 0;
  /** Scratch for comparing a header with one already in a payload's headroom. */
  readonly #sendHdr = new Uint8Array(10);

  // --- close state ---
  #closeSent = false;
  #closeReceived = false;
  #remoteCode: number | null = null;
  #remoteReason = "";
  #error: WebSocketProtocolError | undefined;
  #closedInfo: CloseInfo | undefined;

  /**
   * Creates an engine in the OPEN state.
   *
   * @param role `"client"` or `"server"`.
   * @param handler Receives events synchronously.
   * @param options Resolved options (see `resolveOptions`); defaults when omitted.
   * @param deflate The negotiated permessage-deflate codec (RFC 7692), if any.
   */
  constructor(
    role: WebSocketRole,
    handler: WebSocketEventHandler,
    options: Readonly<ResolvedOptions> = DEFAULT_OPTIONS,
    deflate: PerMessageDeflate | null = null,
  ) {
    this.role = role;
    this.#deflate = deflate;
    this.#h = handler;
    this.options = options;
    this.#validateText = options.utf8validateIncoming;
    this.#maskOut = role === "client" ? options.maskClientFrames : options.maskServerFrames;
  }

  /** The connection state. */
  get state(): ConnectionStateValue {
    return this.#state;
  }

  /** True once a close frame was sent. */
  get closeSent(): boolean {
    return this.#closeSent;
  }

  /** True once the peer's close frame arrived. */
  get closeReceived(): boolean {
    return this.#closeReceived;
  }

  /** How the connection ended, once CLOSED. */
  get closeInfo(): CloseInfo | undefined {
    return this.#closedInfo;
  }

  /**
   * True once the engine reads no more input (after a header-level failure or
   * once closed): the adapter may half-close and just drain the socket.
   */
  get inputStopped(): boolean {
    return this.#pstate === STOPPED;
  }

  /** Bytes queued and not yet taken by {@linkcode takeOutput}. */
  get bufferedAmount(): number {
    return this.#outBytes + (this.#outLen - this.#outStart);
  }

  // ------------------------------------------------------------------ receive

  /**
   * Feeds bytes read from the transport. Events are delivered synchronously to
   * the handler. `data` is not retained: the adapter may reuse its buffer.
   */
  receiveData(data: Uint8Array): void {
    const n = data.length;
    if (this.options.logOctets && this.options.logger.enabled.trace) {
      this.options.logger.log("trace", "websocket", "RX octets", {
        role: this.role,
        bytes: n,
        data: hexPreview(data),
      });
    }
    let pos = 0;
    while (pos < n) {
      if (this.#pstate === HEADER) {
        pos = this.#readHeader(data, pos, n);
      } else if (this.#pstate === PAYLOAD) {
        const take = Math.min(this.#frameLen - this.#framePos, n - pos);
        if (take > 0) {
          this.#payload(data, pos, take);
          pos += take;
        }
        if (this.#pstate === PAYLOAD && this.#framePos === this.#frameLen) this.#frameDone();
      } else {
        return; // STOPPED: nothing more is read.
      }
    }
  }

  /**
   * Zero-copy receive: while the payload of a frame of at least `minBytes`
   * bytes is in progress, returns the unfilled part of its payload buffer (up
   * to the frame's end), so the adapter can read the next bytes straight into
   * it and then call
   * {@linkcode receiveInPlace}; otherwise `null` (read into your own buffer
   * and call {@linkcode receiveData}). The view is only valid until the next
   * `receiveData`/`receiveInPlace`/`receiveEof` call, and nothing but
   * transport bytes may be written into it.
   */
  payloadReadTarget(minBytes: number = IN_PLACE_MIN): Uint8Array | null {
    if (this.#pstate !== PAYLOAD) return null;
    const buf = this.#frameBuf;
    const start = this.#framePos;
    const end = buf.length < this.#frameLen ? buf.length : this.#frameLen;
    if (buf === EMPTY || this.#frameLen < minBytes || end <= start) return null;
    this.#offeredBuf = buf;
    this.#offeredPos = start;
    return buf.subarray(start, end);
  }

  /**
   * Processes `n` bytes the adapter read into the view returned by the last
   * {@linkcode payloadReadTarget} call (unmasking them in place). Ignored when
   * the engine stopped reading in between (e.g. it was aborted).
   *
   * @throws {RangeError} when `n` exceeds that view, or the engine was fed
   * otherwise since that view was taken.
   */
  receiveInPlace(n: number): void {
    if (this.#pstate !== PAYLOAD || n <= 0) return;
    const buf = this.#frameBuf;
    const start = this.#framePos;
    const end = buf.length < this.#frameLen ? buf.length : this.#frameLen;
    if (buf !== this.#offeredBuf || start !== this.#offeredPos || start + n > end) {
      throw new RangeError("receiveInPlace: not the bytes of the last payloadReadTarget view");
    }
    this.#offeredBuf = EMPTY;
    if (this.options.logOctets && this.options.logger.enabled.trace) {
      this.options.logger.log("trace", "websocket", "RX octets", {
        role: this.role,
        bytes: n,
        data: hexPreview(buf.subarray(start, start + n)),
      });
    }
    this.#framePos = start + n;
    if (this.#masked) applyMask(buf, start, start + n, buf, start, this.#maskKey, start);
    this.#validatePayload(buf, start, n);
    if (this.#pstate === PAYLOAD && this.#framePos === this.#frameLen) this.#frameDone();
  }

  /**
   * Tells the engine the transport reached EOF or was reset. Moves to CLOSED
   * (unclean unless the close handshake already completed).
   */
  receiveEof(): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#pstate = STOPPED;
    this.#finish(false, CloseCode.ABNORMAL_CLOSE, "Connection lost", "drop");
  }

  #readHeader(data: Uint8Array, pos: number, n: number): number {
    let h: Uint8Array;
    let base: number;
    let hlen: number;
    // Fast path: the whole header is in this chunk.
    if (this.#hdrLen === 0 && n - pos >= 2) {
      const b1 = data[pos + 1]!;
      hlen = 2 + ((b1 & 0x7f) === 126 ? 2 : (b1 & 0x7f) === 127 ? 8 : 0) + (b1 & 0x80 ? 4 : 0);
      if (n - pos >= hlen) {
        h = data;
        base = pos;
        this.#parseHeader(h, base);
        return pos + hlen;
      }
    }
    // Slow path: collect header bytes across chunks.
    const hb = this.#hdr;
    while (pos < n) {
      hb[this.#hdrLen++] = data[pos++]!;
      if (this.#hdrLen >= 2) {
        const b1 = hb[1]!;
        hlen = 2 + ((b1 & 0x7f) === 126 ? 2 : (b1 & 0x7f) === 127 ? 8 : 0) + (b1 & 0x80 ? 4 : 0);
        if (this.#hdrLen === hlen) {
          this.#hdrLen = 0;
          this.#parseHeader(hb, 0);
          return pos;
        }
      }
    }
    return pos;
  }

  #parseHeader(h: Uint8Array, p: number): void {
    const b0 = h[p]!;
    const b1 = h[p + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const rsv = (b0 >> 4) & 7;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    let len = b1 & 0x7f;
    let q = p + 2;
    if (len === 126) {
      len = (h[q]! << 8) | h[q + 1]!;
      q += 2;
    } else if (len === 127) {
      // RFC 6455 §5.2: the most significant bit MUST be 0.
      if (h[q]! & 0x80) {
        return this.#fail(
          CloseCode.PROTOCOL_ERROR,
          "Cannot parse frame: 64-bit length has its MSB set",
        );
      }
      const hi = ((h[q]! << 24) | (h[q + 1]! << 16) | (h[q + 2]! << 8) | h[q + 3]!) >>> 0;
      const lo = ((h[q + 4]! << 24) | (h[q + 5]! << 16) | (h[q + 6]! << 8) | h[q + 7]!) >>> 0;
      if (hi >= 0x200000) {
        return this.#fail(CloseCode.MESSAGE_TOO_BIG, "Cannot parse frame: length beyond 2^53");
      }
      len = hi * 0x100000000 + lo;
      q += 8;
    }
    if (masked) {
      const k = this.#maskKey;
      k[0] = h[q]!;
      k[1] = h[q + 1]!;
      k[2] = h[q + 2]!;
      k[3] = h[q + 3]!;
    }
    this.#fin = fin;
    this.#opcode = opcode;
    this.#masked = masked;
    this.#frameLen = len;
    this.#framePos = 0;
    this.#pstate = PAYLOAD;
    if (this.options.logFrames) this.#logFrame("received", fin, rsv, opcode, len, masked);

    // RFC 6455 §5.2: RSV1-3 MUST be 0 unless an extension defining them was negotiated.
    // RFC 7692 §6: with permessage-deflate, RSV1 marks the first frame of a
    // compressed data message; never on control or continuation frames.
    if (
      rsv !== 0 && (rsv !== 4 || !this.#deflate || opcode === Opcode.CONTINUATION || opcode >= 8)
    ) {
      return this.#fail(CloseCode.PROTOCOL_ERROR, "Cannot parse frame: reserved bits set");
    }
    // RFC 6455 §5.1: a server MUST close on an unmasked client frame; a client on a masked server frame.
    if (this.role === "server") {
      if (!masked && this.options.requireMaskedClientFrames) {
        return this.#fail(
          CloseCode.PROTOCOL_ERROR,
          "Cannot parse frame: client frame is not masked",
        );
      }
    } else if (masked && !this.options.acceptMaskedServerFrames) {
      return this.#fail(CloseCode.PROTOCOL_ERROR, "Cannot parse frame: server frame is masked");
    }
    if (opcode >= 8) {
      if (opcode > Opcode.PONG) {
        return this.#fail(
          CloseCode.PROTOCOL_ERROR,
          `Cannot parse frame: reserved opcode ${opcode}`,
        );
      }
      // RFC 6455 §5.5: control frames MUST NOT be fragmented and carry at most 125 bytes.
      if (!fin) {
        return this.#fail(CloseCode.PROTOCOL_ERROR, "Cannot parse frame: fragmented control frame");
      }
      if (len > 125) {
        return this.#fail(
          CloseCode.PROTOCOL_ERROR,
          "Cannot parse frame: control frame longer than 125 bytes",
        );
      }
      this.#frameBuf = len === 0 ? EMPTY : allocPayload(len);
    } else {
      if (opcode > Opcode.BINARY) {
        return this.#fail(
          CloseCode.PROTOCOL_ERROR,
          `Cannot parse frame: reserved opcode ${opcode}`,
        );
      }
      if (opcode === Opcode.CONTINUATION) {
        // RFC 6455 §5.4: a continuation frame needs a message in progress.
        if (this.#msgOpcode < 0) {
          return this.#fail(
            CloseCode.PROTOCOL_ERROR,
            "Cannot parse frame: continuation without a message",
          );
        }
      } else {
        // RFC 6455 §5.4: fragments of one message MUST NOT be interleaved with another's.
        if (this.#msgOpcode >= 0) {
          return this.#fail(
            CloseCode.PROTOCOL_ERROR,
            "Cannot parse frame: new message inside a fragmented one",
          );
        }
        this.#msgOpcode = opcode;
        this.#msgSize = 0;
        this.#compressed = rsv === 4;
        if (this.#compressed) this.#deflate!.startMessage();
        else if (opcode === Opcode.TEXT && this.#validateText) this.#utf8.reset();
      }
      const maxFrame = this.options.maxFramePayloadSize;
      if (maxFrame > 0 && len > maxFrame) {
        return this.#fail(
          CloseCode.MESSAGE_TOO_BIG,
          `Frame payload of ${len} bytes exceeds the limit of ${maxFrame}`,
        );
      }
      const maxMsg = this.options.maxMessagePayloadSize;
      if (maxMsg > 0 && this.#msgSize + len > maxMsg) {
        return this.#fail(
          CloseCode.MESSAGE_TOO_BIG,
          `Message payload of ${this.#msgSize + len} bytes exceeds the limit of ${maxMsg}`,
        );
      }
      this.#msgSize += len;
      // Large frames grow their buffer as data arrives, so a declared length
      // alone cannot make us allocate much.
      this.#frameBuf = len === 0
        ? EMPTY
        : allocPayload(len <= EAGER_ALLOC_MAX ? len : EAGER_ALLOC_MAX);
    }
    if (len === 0) this.#frameDone();
  }

  #payload(data: Uint8Array, pos: number, take: number): void {
    const start = this.#framePos;
    this.#framePos += take;
    let buf = this.#frameBuf;
    if (buf === EMPTY) return; // a skipped frame (after a failure)
    if (start + take > buf.length) {
      // Grow geometrically, never beyond the declared frame length.
      let size = buf.length * 2;
      while (size < start + take) size *= 2;
      const grown = size >= this.#frameLen ? allocPayload(this.#frameLen) : new Uint8Array(size);
      grown.set(buf.subarray(0, start));
      this.#frameBuf = buf = grown;
    }
    if (this.#masked) applyMask(data, pos, pos + take, buf, start, this.#maskKey, start);
    else buf.set(data.subarray(pos, pos + take), start);
    this.#validatePayload(buf, start, take);
  }

  #validatePayload(buf: Uint8Array, start: number, take: number): void {
    // RFC 6455 §8.1: fail fast on invalid UTF-8, even inside an unfinished frame.
    if (
      this.#validateText && this.#opcode < 8 && this.#msgOpcode === Opcode.TEXT &&
      !this.#compressed
    ) {
      const bad = this.#utf8.validate(buf, start, start + take);
      if (bad >= 0) {
        this.#fail(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in text message");
      }
    }
  }

  #frameDone(): void {
    const opcode = this.#opcode;
    let payload = this.#frameBuf;
    if (payload.length !== this.#frameLen) payload = payload.subarray(0, this.#frameLen);
    this.#frameBuf = EMPTY;
    this.#pstate = HEADER;
    if (opcode >= 8) {
      if (opcode === Opcode.CLOSE) this.#onClose(payload);
      else if (opcode === Opcode.PING) {
        // RFC 6455 §5.5.2: answer a ping with a pong carrying the same data.
        if (!this.#closeSent) this.#sendFrame(Opcode.PONG, payload, true, 0);
        this.#h.onPing?.(payload);
      } else {
        this.#h.onPong?.(payload);
      }
      return;
    }
    if (this.#compressed) return this.#inflateFrame(payload);
    if (this.#fin) {
      const isBinary = this.#msgOpcode === Opcode.BINARY;
      let message = payload;
      if (this.#fragments.length > 0) {
        this.#fragments.push(payload);
        message = allocPayload(this.#msgSize);
        let o = 0;
        for (const f of this.#fragments) {
          message.set(f, o);
          o += f.length;
        }
        this.#fragments = [];
      }
      this.#msgOpcode = -1;
      this.#msgSize = 0;
      if (!isBinary && this.#validateText && !this.#utf8.complete) {
        return this.#fail(
          CloseCode.INVALID_PAYLOAD,
          "Invalid UTF-8 in text message: truncated sequence",
        );
      }
      this.#h.onMessage(message, isBinary);
    } else if (payload.length > 0) {
      this.#fragments.push(payload);
    }
  }

  /** RFC 7692 §7.2.2: inflate each frame as it arrives (a bomb fails on its frame). */
  #inflateFrame(payload: Uint8Array): void {
    const deflate = this.#deflate!;
    let message: Uint8Array | undefined;
    try {
      deflate.push(payload);
      if (this.#fin) message = deflate.endMessage();
    } catch (err) {
      deflate.abortMessage();
      if (err instanceof WebSocketProtocolError) return this.#failWith(err);
      throw err;
    }
    if (message === undefined) return;
    const isBinary = this.#msgOpcode === Opcode.BINARY;
    this.#msgOpcode = -1;
    this.#msgSize = 0;
    this.#compressed = false;
    if (!isBinary && this.#validateText && !isValidUtf8(message)) {
      return this.#fail(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in text message");
    }
    this.#h.onMessage(message, isBinary);
  }

  #onClose(payload: Uint8Array): void {
    let code: number | null;
    let reason: string;
    try {
      ({ code, reason } = parseClosePayload(payload));
    } catch (err) {
      // The peer did send a close: after ours, the handshake is over.
      this.#closeReceived = true;
      return this.#failWith(err as WebSocketProtocolError);
    }
    this.#closeReceived = true;
    this.#remoteCode = code;
    this.#remoteReason = reason;
    this.#pstate = STOPPED;
    this.#h.onCloseFrame?.(code, reason);
    if (this.#state === ConnectionState.CLOSED) return;
    if (!this.#closeSent) {
      // RFC 6455 §5.5.1: reply with a close frame (echoing the status code is usual).
      if (this.options.echoCloseCodeReason && code !== null) this.#queueClose(code, reason);
      else this.#queueClose(code === null ? null : CloseCode.NORMAL, "");
    }
    const clean = this.#error === undefined;
    this.#finish(
      clean,
      code ?? CloseCode.NO_STATUS_RECEIVED,
      reason,
      // RFC 6455 §7.1.1: the server closes TCP first; the client waits for it.
      this.role === "server" ? "drop" : "await-eof",
    );
  }

  /**
   * Fails the connection (RFC 6455 §7.1.7): send a close frame with the code
   * naming the fault, and process no further data — not even the peer's close
   * reply; the adapter closes (server) or half-closes (client) the transport.
   */
  #fail(closeCode: number, message: string): void {
    this.#failWith(new WebSocketProtocolError(closeCode, message));
  }

  #failWith(err: WebSocketProtocolError): void {
    if (this.#state === ConnectionState.CLOSED || this.#error) return;
    this.#error = err;
    if (this.#compressed) this.#deflate!.abortMessage();
    this.#compressed = false;
    this.#fragments = [];
    this.#msgOpcode = -1;
    this.#frameBuf = EMPTY;
    this.#pstate = STOPPED;
    const logger = this.options.logger;
    if (logger.enabled.debug) {
      logger.log("debug", "websocket", "Failing connection", {
        role: this.role,
        code: err.closeCode,
        reason: err.message,
      });
    }
    if (this.options.failByDrop || this.#closeSent) {
      this.#finish(false, CloseCode.ABNORMAL_CLOSE, err.message, "drop");
      return;
    }
    // RFC 6455 §7.1.7: send a close frame with an appropriate status code.
    this.#queueClose(err.closeCode, err.message);
    this.#state = ConnectionState.CLOSING;
  }

  #finish(
    wasClean: boolean,
    code: number,
    reason: string,
    transport: "drop" | "await-eof",
  ): void {
    if (this.#state === ConnectionState.CLOSED) return;
    this.#state = ConnectionState.CLOSED;
    this.#pstate = STOPPED;
    const info: CloseInfo = this.#error
      ? {
        wasClean: false,
        code: this.#closeReceived ? (this.#remoteCode ?? CloseCode.NO_STATUS_RECEIVED) : code,
        reason: this.#closeReceived ? this.#remoteReason : reason,
        error: this.#error,
        transport: "drop",
      }
      : { wasClean, code, reason, transport };
    this.#closedInfo = info;
    this.#h.onClosed(info);
  }

  // --------------------------------------------------------------------- send

  /**
   * Sends a message, fragmented into frames of `fragmentSize` bytes (or
   * `autoFragmentSize`; 0 = one frame). `payload` is referenced, not copied, when
   * large and unmasked: do not modify it until it has been written. With
   * permessage-deflate negotiated, messages are compressed (RSV1 on the first
   * frame) unless `doNotCompress`.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendMessage(
    payload: Uint8Array | string,
    isBinary = typeof payload !== "string",
    fragmentSize?: number,
    doNotCompress = false,
  ): void {
    if (this.#state !== ConnectionState.OPEN) throw new Disconnected();
    let data = typeof payload === "string" ? utf8Encoder.encode(payload) : payload;
    let rsv = 0;
    if (this.#deflate && !doNotCompress) {
      data = this.#deflate.compressMessage(data);
      rsv = 4; // RFC 7692 §6: RSV1 on the first frame only
    }
    const opcode = isBinary ? Opcode.BINARY : Opcode.TEXT;
    const frag = fragmentSize ?? this.options.autoFragmentSize;
    if (frag <= 0 || data.length <= frag) {
      this.#sendFrame(opcode, data, true, rsv);
      return;
    }
    let off = 0;
    let op: number = opcode;
    while (off < data.length) {
      const end = Math.min(off + frag, data.length);
      this.#sendFrame(op, data.subarray(off, end), end === data.length, op === opcode ? rsv : 0);
      op = Opcode.CONTINUATION;
      off = end;
    }
  }

  /**
   * Sends `payload` as one message, like {@linkcode sendMessage}, and takes
   * ownership of its memory (transfer semantics, as with `postMessage`): when
   * `payload` is a large payload this engine delivered and is sent by
   * reference, its `ArrayBuffer` is detached once the adapter reports it
   * written ({@linkcode outputWritten}): every view of it, the caller's
   * included, becomes empty, and the memory is reused for a later received
   * payload (no allocation, no zero-fill). Use it to echo or relay a received
   * message you will not touch again, and do not pass the same payload to
   * other asynchronous consumers. Other payloads are simply sent.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendMessageTransfer(payload: Uint8Array, isBinary = true): void {
    this.sendMessage(payload, isBinary);
    const ab = payload.buffer;
    if (headroomFree.has(ab) && pendingRefs.has(ab)) transferred.add(ab);
  }

  /**
   * Tells the engine that `chunk` (from {@linkcode takeOutput}) was fully
   * written to the transport. Adapters that report every written chunk let
   * {@linkcode sendMessageTransfer} reuse memory; not calling it is safe.
   */
  outputWritten(chunk: Uint8Array): void {
    const ab = chunk.buffer;
    const n = pendingRefs.get(ab);
    if (n === undefined) return;
    if (n > 1) {
      pendingRefs.set(ab, n - 1);
      return;
    }
    pendingRefs.delete(ab);
    if (transferred.has(ab)) {
      transferred.delete(ab);
      headroomFree.delete(ab);
      reclaim(ab as ArrayBuffer);
    }
  }

  /**
   * Sends one raw frame (advanced use and tests: fragmenting by hand).
   *
   * @throws {Disconnected} when the connection is not open.
   * @throws {RangeError} for a control frame over 125 bytes or not final.
   */
  sendFrame(opcode: number, payload: Uint8Array, fin = true, rsv = 0): void {
    if (this.#state !== ConnectionState.OPEN) throw new Disconnected();
    if (opcode >= 8 && (payload.length > 125 || !fin)) {
      throw new RangeError("Cannot send control frame: over 125 bytes or fragmented");
    }
    this.#sendFrame(opcode, payload, fin, rsv);
  }

  /**
   * Sends a ping (payload at most 125 bytes).
   *
   * @throws {Disconnected} when the connection is not open.
   * @throws {RangeError} when the payload is longer than 125 bytes.
   */
  sendPing(payload: Uint8Array = EMPTY): void {
    if (this.#state !== ConnectionState.OPEN) throw new Disconnected();
    if (payload.length > 125) throw new RangeError("Cannot send ping: payload over 125 bytes");
    this.#sendFrame(Opcode.PING, payload, true, 0);
  }

  /**
   * Sends an unsolicited pong (payload at most 125 bytes).
   *
   * @throws {Disconnected} when the connection is not open.
   * @throws {RangeError} when the payload is longer than 125 bytes.
   */
  sendPong(payload: Uint8Array = EMPTY): void {
    if (this.#state !== ConnectionState.OPEN) throw new Disconnected();
    if (payload.length > 125) throw new RangeError("Cannot send pong: payload over 125 bytes");
    this.#sendFrame(Opcode.PONG, payload, true, 0);
  }

  /**
   * Starts the closing handshake. Application code may use 1000 or 3000-4999.
   * Calling it while already closing or closed does nothing.
   *
   * @throws {RangeError} for a code an application may not send, or a reason without a code.
   */
  sendClose(code?: number | null, reason?: string): void {
    if (code !== undefined && code !== null && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new RangeError(`Cannot close: code ${code} is not 1000 or 3000-4999`);
    }
    if (reason && (code === undefined || code === null)) {
      throw new RangeError("Cannot close: a reason needs a code");
    }
    this.closeWith(code ?? null, reason ?? "");
  }

  /**
   * Starts the closing handshake with any code valid on the wire (for adapters:
   * 1001 going away, 1011 internal error, ...). No-op unless OPEN.
   */
  closeWith(code: number | null, reason = ""): void {
    if (this.#state !== ConnectionState.OPEN || this.#closeSent) return;
    this.#queueClose(code, reason);
    this.#state = ConnectionState.CLOSING;
  }

  /**
   * The adapter gave up waiting (close handshake timeout, drop timeout) or
   * drops the connection on purpose: move to CLOSED now.
   */
  abort(reason = "Connection dropped"): void {
    this.#pstate = STOPPED;
    this.#finish(false, CloseCode.ABNORMAL_CLOSE, reason, "drop");
  }

  #queueClose(code: number | null, reason: string): void {
    const payload = code === null ? EMPTY : buildClosePayload(code, truncateReason(reason));
    this.#sendFrame(Opcode.CLOSE, payload, true, 0);
    this.#closeSent = true;
  }

  #sendFrame(opcode: number, payload: Uint8Array, fin: boolean, rsv: number): void {
    const len = payload.length;
    const masked = this.#maskOut;
    const hlen = (len < 126 ? 2 : len < 65536 ? 4 : 10) + (masked ? 4 : 0);
    if (this.options.logFrames) this.#logFrame("sent", fin, rsv, opcode, len, masked);
    if (!masked && len >= ZERO_COPY_MIN) {
      const ab = payload.buffer;
      pendingRefs.set(ab, (pendingRefs.get(ab) ?? 0) + 1);
      if (this.#queueWithHeadroom(payload, fin, rsv, opcode, hlen)) return;
      this.#reserve(hlen);
      this.#outLen = writeFrameHeader(this.#out, this.#outLen, fin, rsv, opcode, len, false);
      this.#cut();
      this.#chunks.push(payload);
      this.#outBytes += len;
      return;
    }
    this.#reserve(hlen + len);
    const out = this.#out;
    const o = writeFrameHeader(out, this.#outLen, fin, rsv, opcode, len, masked);
    if (masked && this.options.applyMask) {
      applyMask(payload, 0, len, out, o, out.subarray(o - 4, o));
    } else {
      out.set(payload, o);
    }
    this.#outLen = o + len;
  }

  /**
   * Queues header + `payload` as one chunk when `payload` is a whole received
   * payload whose headroom is free or already holds this very header.
   */
  #queueWithHeadroom(
    payload: Uint8Array,
    fin: boolean,
    rsv: number,
    opcode: number,
    hlen: number,
  ): boolean {
    const ab = payload.buffer;
    const len = payload.length;
    if (payload.byteOffset !== HEADROOM || ab.byteLength !== HEADROOM + len) return false;
    const free = headroomFree.get(ab);
    if (free === undefined) return false;
    const frame = new Uint8Array(ab, HEADROOM - hlen, hlen + len);
    if (free) {
      writeFrameHeader(frame, 0, fin, rsv, opcode, len, false);
      headroomFree.set(ab, false);
    } else {
      const h = this.#sendHdr;
      writeFrameHeader(h, 0, fin, rsv, opcode, len, false);
      for (let i = 0; i < hlen; i++) if (h[i] !== frame[i]) return false;
    }
    this.#cut();
    this.#chunks.push(frame);
    this.#outBytes += hlen + len;
    return true;
  }

  /** Moves the pending region of the output buffer to the chunk list. */
  #cut(): void {
    if (this.#outLen > this.#outStart) {
      this.#chunks.push(this.#out.subarray(this.#outStart, this.#outLen));
      this.#outBytes += this.#outLen - this.#outStart;
      this.#outStart = this.#outLen;
    }
  }

  #reserve(n: number): void {
    if (this.#outLen + n <= this.#out.length) return;
    this.#cut();
    // Regions already handed out stay untouched: start a new buffer.
    const size = Math.max(n, Math.min(MAX_OUT, Math.max(MIN_OUT, this.#out.length * 2)));
    this.#out = new Uint8Array(size);
    this.#outStart = 0;
    this.#outLen = 0;
  }

  /**
   * Takes every byte queued for the transport, in order, as one or more
   * chunks (small frames are coalesced into one chunk: one write per batch).
   * Returns an empty array when nothing is queued.
   */
  takeOutput(): Uint8Array[] {
    this.#cut();
    if (this.#chunks.length === 0) return [];
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#outBytes = 0;
    if (this.options.logOctets && this.options.logger.enabled.trace) {
      const logger = this.options.logger;
      for (const c of chunks) {
        logger.log("trace", "websocket", "TX octets", {
          role: this.role,
          bytes: c.length,
          data: hexPreview(c),
        });
      }
    }
    return chunks;
  }

  /** Queues raw bytes ahead of any frame (adapters: the HTTP handshake response). */
  queueRaw(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#out.set(bytes, this.#outLen);
    this.#outLen += bytes.length;
  }

  #logFrame(
    dir: string,
    fin: boolean,
    rsv: number,
    opcode: number,
    length: number,
    masked: boolean,
  ): void {
    const logger = this.options.logger;
    if (!logger.enabled.trace) return;
    logger.log("trace", "websocket", `Frame ${dir}`, {
      role: this.role,
      fin,
      rsv,
      opcode,
      length,
      masked,
    });
  }
}

function truncateReason(reason: string): string {
  if (reason.length <= 41) return reason; // 41 chars * 3 bytes <= 123
  const b = truncateUtf8(utf8Encoder.encode(reason), 123);
  return new TextDecoder().decode(b);
}

function hexPreview(b: Uint8Array): string {
  const n = Math.min(b.length, 64);
  let s = "";
  for (let i = 0; i < n; i++) s += b[i]!.toString(16).padStart(2, "0");
  return b.length > n ? s + "..." : s;
}
