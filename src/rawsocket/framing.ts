/**
 * RawSocket framing after the handshake (WAMP advanced profile, "RawSocket
 * Transport", section "Framing"): every transport message is prefixed with
 * four octets,
 *
 * ```
 * RRRR RTTT  LLLL LLLL  LLLL LLLL  LLLL LLLL
 * ```
 *
 * five reserved bits that MUST be zero, a three-bit type (0 WAMP message,
 * 1 PING, 2 PONG, 3..7 reserved) and a 24-bit big-endian payload length.
 *
 * {@linkcode FrameParser} is an incremental parser that accepts any chunk
 * split; {@linkcode FrameWriter} appends frames into one growing batch buffer.
 *
 * @module
 */
import { RawSocketProtocolError } from "./errors.ts";

/**
 * The transport message types of the frame header's `TTT` bits.
 *
 * @example Writing a PONG frame
 * ```ts
 * import { FrameType, FrameWriter } from "@autobahn/autobahn/rawsocket";
 *
 * const writer = new FrameWriter();
 * writer.writeFrame(FrameType.PONG, Uint8Array.of(1, 2));
 * if (writer.take().join() !== "2,0,0,2,1,2") throw new Error("unexpected frame");
 * ```
 */
export const FrameType = {
  /** 0: a regular WAMP message. */
  MESSAGE: 0,
  /** 1: PING; the receiver MUST answer with a PONG echoing the payload. */
  PING: 1,
  /** 2: PONG. */
  PONG: 2,
} as const;

/**
 * One of the defined frame types (0, 1, 2).
 *
 * @example Naming a parsed frame's type
 * ```ts
 * import { FrameParser, FrameType } from "@autobahn/autobahn/rawsocket";
 *
 * const names: Record<FrameType, string> = { 0: "message", 1: "ping", 2: "pong" };
 * const seen: string[] = [];
 * new FrameParser(512).push(Uint8Array.of(1, 0, 0, 0), (type) => seen.push(names[type]));
 * if (seen[0] !== "ping") throw new Error(seen.join());
 * ```
 */
export type FrameType = typeof FrameType[keyof typeof FrameType];

/**
 * The length of a frame header, in octets.
 *
 * @example The size of a framed message
 * ```ts
 * import { FRAME_HEADER_LENGTH, FrameType, FrameWriter } from "@autobahn/autobahn/rawsocket";
 *
 * const writer = new FrameWriter();
 * writer.writeFrame(FrameType.MESSAGE, new Uint8Array(10));
 * if (writer.length !== FRAME_HEADER_LENGTH + 10) throw new Error("unexpected length");
 * ```
 */
export const FRAME_HEADER_LENGTH = 4;

/**
 * The largest payload a frame can carry: the length field has 24 bits, so
 * 2^24 - 1 octets, one less than what length exponent 15 announces.
 *
 * @example Capping a parser at the protocol maximum
 * ```ts
 * import { FrameParser, MAX_FRAME_PAYLOAD } from "@autobahn/autobahn/rawsocket";
 *
 * const parser = new FrameParser(MAX_FRAME_PAYLOAD);
 * if (MAX_FRAME_PAYLOAD !== 16 * 1024 * 1024 - 1 || parser.midFrame) throw new Error();
 * ```
 */
export const MAX_FRAME_PAYLOAD = 0xffffff;

/**
 * Called by {@linkcode FrameParser.push} for each complete frame.
 *
 * @example Collecting frames
 * ```ts
 * import { type FrameHandler, FrameParser } from "@autobahn/autobahn/rawsocket";
 *
 * const frames: Uint8Array[] = [];
 * const onFrame: FrameHandler = (_type, payload) => frames.push(payload);
 * const parser = new FrameParser(512);
 * parser.push(Uint8Array.of(0, 0, 0, 1, 0x31, 0, 0), onFrame); // one frame and a half header
 * parser.push(Uint8Array.of(0, 1, 0x32), onFrame);
 * if (frames.length !== 2) throw new Error(`got ${frames.length} frames`);
 * ```
 */
export type FrameHandler = (type: FrameType, payload: Uint8Array) => void;

/**
 * An incremental frame parser. Feed it chunks of any size; it calls the
 * handler once per complete frame, in order.
 *
 * Ownership: every payload handed to the handler is a fresh array owned by
 * the receiver; the parser never keeps a reference to a pushed chunk, so the
 * caller may reuse its read buffer as soon as `push` returns. A frame wholly
 * inside a chunk is copied out with `slice`; a frame spanning chunks is
 * assembled into one exact-size array allocated when its header is complete.
 *
 * @example
 * ```ts
 * import { FrameParser } from "@autobahn/autobahn/rawsocket";
 * const parser = new FrameParser(512);
 * parser.push(Uint8Array.of(0, 0, 0, 2, 0x5b, 0x5d), (type, payload) => {
 *   console.log(type, payload); // 0 Uint8Array(2) [91, 93]
 * });
 * ```
 */
export class FrameParser {
  readonly #maxLength: number;
  readonly #header = new Uint8Array(FRAME_HEADER_LENGTH);
  #headerLength = 0;
  #type: FrameType = FrameType.MESSAGE;
  #payload: Uint8Array | null = null;
  #filled = 0;

  /**
   * Creates a parser that waits for a frame header.
   *
   * @param maxLength The largest payload accepted, in octets; longer frames
   *   fail with a `message_too_large` {@linkcode RawSocketProtocolError}.
   */
  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** True while a frame's header or payload has been partly received. */
  get midFrame(): boolean {
    return this.#headerLength > 0 || this.#payload !== null;
  }

  /**
   * Parses `chunk`, calling `onFrame` for each complete frame.
   *
   * @throws {RawSocketProtocolError} on reserved bits, a reserved frame type
   *   or a frame longer than the maximum; the parser must then be discarded.
   */
  push(chunk: Uint8Array, onFrame: FrameHandler): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const partial = this.#payload;
      if (partial !== null) {
        const take = Math.min(partial.length - this.#filled, n - i);
        partial.set(chunk.subarray(i, i + take), this.#filled);
        this.#filled += take;
        i += take;
        if (this.#filled === partial.length) {
          this.#payload = null;
          onFrame(this.#type, partial);
        }
        continue;
      }

      let b0: number, length: number;
      if (this.#headerLength === 0 && n - i >= FRAME_HEADER_LENGTH) {
        // Hot path: the whole header is in this chunk.
        b0 = chunk[i]!;
        length = (chunk[i + 1]! << 16) | (chunk[i + 2]! << 8) | chunk[i + 3]!;
        i += FRAME_HEADER_LENGTH;
      } else {
        const h = this.#header;
        while (this.#headerLength < FRAME_HEADER_LENGTH && i < n) {
          h[this.#headerLength++] = chunk[i++]!;
        }
        if (this.#headerLength < FRAME_HEADER_LENGTH) return;
        this.#headerLength = 0;
        b0 = h[0]!;
        length = (h[1]! << 16) | (h[2]! << 8) | h[3]!;
      }
      const type = this.#checkHeader(b0, length);

      if (length === 0) {
        onFrame(type, new Uint8Array(0));
      } else if (n - i >= length) {
        onFrame(type, chunk.slice(i, i + length));
        i += length;
      } else {
        const payload = new Uint8Array(length);
        payload.set(chunk.subarray(i), 0);
        this.#filled = n - i;
        this.#type = type;
        this.#payload = payload;
        i = n;
      }
    }
  }

  #checkHeader(b0: number, length: number): FrameType {
    // Spec, Framing: "The five bits RRRRR are reserved for future use and MUST be all zeros for now."
    if ((b0 & 0xf8) !== 0) {
      throw new RawSocketProtocolError("Cannot parse frame: reserved bits set");
    }
    // Spec, Framing: TTT values 3-7 are reserved.
    const type = b0 & 0x07;
    if (type > FrameType.PONG) {
      throw new RawSocketProtocolError(`Cannot parse frame: reserved frame type ${type}`);
    }
    // Spec, Handshake: "If a message received during a connection exceeds the
    // limit requested, a Peer MUST fail the connection."
    if (length > this.#maxLength) {
      throw new RawSocketProtocolError(
        `Cannot parse frame: length ${length} exceeds the maximum of ${this.#maxLength}`,
        "message_too_large",
      );
    }
    return type as FrameType;
  }
}

const DEFAULT_INITIAL_CAPACITY = 16 * 1024;
const MAX_RETAINED_CAPACITY = 1024 * 1024;

/**
 * Appends frames (and raw handshake octets) into one growing output buffer,
 * so sending many small messages costs one copy of each payload and no
 * per-message array. {@linkcode FrameWriter.take} hands the batch over.
 *
 * @example
 * ```ts
 * import { FrameType, FrameWriter } from "@autobahn/autobahn/rawsocket";
 * const writer = new FrameWriter();
 * writer.writeFrame(FrameType.MESSAGE, Uint8Array.of(0x5b, 0x5d));
 * writer.writeFrame(FrameType.PING, new Uint8Array(0));
 * writer.take(); // Uint8Array [0, 0, 0, 2, 0x5b, 0x5d, 1, 0, 0, 0]
 * ```
 */
export class FrameWriter {
  readonly #initialCapacity: number;
  #buffer: Uint8Array | null = null;
  #length = 0;

  /**
   * Creates an empty writer.
   *
   * @param initialCapacity The batch buffer's starting size, in octets.
   */
  constructor(initialCapacity: number = DEFAULT_INITIAL_CAPACITY) {
    this.#initialCapacity = Math.max(64, initialCapacity | 0);
  }

  /** The number of octets waiting to be taken. */
  get length(): number {
    return this.#length;
  }

  /**
   * Appends one frame: header plus a copy of `payload`.
   *
   * @throws {RangeError} when the payload exceeds 2^24 - 1 octets.
   */
  writeFrame(type: FrameType, payload: Uint8Array): void {
    const n = payload.length;
    if (n > MAX_FRAME_PAYLOAD) {
      throw new RangeError(`Cannot frame ${n} octets: the maximum is ${MAX_FRAME_PAYLOAD}`);
    }
    const buf = this.#reserve(FRAME_HEADER_LENGTH + n);
    let o = this.#length;
    buf[o++] = type;
    buf[o++] = n >>> 16;
    buf[o++] = (n >>> 8) & 0xff;
    buf[o++] = n & 0xff;
    if (n > 0) buf.set(payload, o);
    this.#length = o + n;
  }

  /** Appends raw octets (the handshake). */
  writeRaw(bytes: Uint8Array): void {
    const buf = this.#reserve(bytes.length);
    buf.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /**
   * Returns everything written since the last call (possibly empty) and
   * forgets it. The returned array belongs to the caller: the writer never
   * writes into it again.
   */
  take(): Uint8Array {
    const buf = this.#buffer;
    const n = this.#length;
    if (buf === null || n === 0) return new Uint8Array(0);
    this.#length = 0;
    if (n * 2 < buf.length && buf.length <= MAX_RETAINED_CAPACITY) {
      // A small batch in a roomy buffer: copy it out and keep the buffer.
      return buf.slice(0, n);
    }
    // A full batch (or an oversized buffer): hand it over without copying.
    this.#buffer = null;
    return buf.subarray(0, n);
  }

  #reserve(extra: number): Uint8Array {
    const need = this.#length + extra;
    let buf = this.#buffer;
    if (buf === null) {
      buf = new Uint8Array(Math.max(this.#initialCapacity, need));
      this.#buffer = buf;
    } else if (need > buf.length) {
      const grown = new Uint8Array(Math.max(need, buf.length * 2));
      grown.set(buf.subarray(0, this.#length));
      buf = grown;
      this.#buffer = buf;
    }
    return buf;
  }
}
