/**
 * The permessage-deflate codec (RFC 7692 §7): one compressor and one
 * decompressor per connection, synchronous, so the sans-I/O engine can call it
 * inline. Negotiation lives in `deflate_negotiation.ts`.
 *
 * ## Why pako
 *
 * Chosen by measurement (Deno 2.9.6, AMD EPYC, 2 cores; a stream per
 * connection, sync flush per message; `bench/deflate_bench.ts` keeps the
 * ladder):
 *
 * | payload          | pako 3.0.3 comp / decomp | fflate 0.8.3     | CompressionStream |
 * | ---------------- | ------------------------ | ---------------- | ----------------- |
 * | 64 B JSON        | 6.7 µs / 3.9 µs          | 35.9 µs / 15.6 µs | 48 µs / 33 µs    |
 * | 16 KiB JSON      | 120 / 458 MiB/s          | 114 / 337 MiB/s  | 183 / 454 MiB/s   |
 * | 1 MiB JSON       | 64 / 449 MiB/s           | 80 / 336 MiB/s   | 144 / 1308 MiB/s  |
 * | 16 KiB random    | 166 / 831 MiB/s          | 131 / 307 MiB/s  | 86 / 324 MiB/s    |
 * | 1 MiB random     | 29 / 1288 MiB/s          | 51 / 1875 MiB/s  | 57 / 1396 MiB/s   |
 *
 * - `CompressionStream("deflate-raw")` is native and fastest on large
 *   payloads, but it is promise-based (it cannot run inside the synchronous
 *   core), has no sync flush (a message can only be finished by closing the
 *   stream, so no context takeover), no window-size control and no way to
 *   stop inflating at a size limit. Not usable.
 * - fflate is pure JS and has a sync flush, but no window-bits option (so it
 *   cannot honour `server_max_window_bits`/`client_max_window_bits` < 15),
 *   its inflater cannot stop at an output limit, and it is 5x slower on
 *   small messages, the common WAMP case.
 * - pako 3 is pure JS (Deno, Bun, browsers), exports zlib's low-level API
 *   (`ZStream`, `deflate`/`inflate` with `Z_SYNC_FLUSH`, `inflateResetKeep`),
 *   supports window bits 9..15 for raw deflate and 8..15 for inflate, and
 *   lets us bound every inflate call's output (`avail_out`), so inflation
 *   stops at `maxMessageSize + 1` bytes: never one byte of a bomb more.
 *
 * @module
 */
import {
  Z_BUF_ERROR,
  Z_DEFAULT_STRATEGY,
  Z_OK,
  Z_STREAM_END,
  Z_SYNC_FLUSH,
  zlibDeflate,
  zlibDeflateInit2,
  zlibDeflateReset,
  zlibInflate,
  zlibInflateInit2,
  zlibInflateReset,
  zlibInflateResetKeep,
  ZStream,
} from "pako";
import { CloseCode, WebSocketProtocolError } from "./errors.ts";

/** The 4 octets a sync flush ends with: RFC 7692 §7.2.1 removes them, §7.2.2 appends them. */
const TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
/** RFC 7692 §7.2.3.6: an empty message compresses to a single 0x00 octet. */
const EMPTY_MESSAGE = new Uint8Array([0x00]);
const EMPTY = new Uint8Array(0);
/** `Z_DEFLATED`, the only method. */
const METHOD_DEFLATED = 8;
/** zlib `data_type` bit: the inflater stopped at a block boundary. */
const AT_BLOCK_BOUNDARY = 128;
/**
 * Scratch output of every compressor and decompressor. Shared: calls are
 * synchronous and never re-entered, and zlib copies what it keeps into its own
 * window before returning, so 10,000 connections don't hold 10,000 buffers.
 */
const SCRATCH = new Uint8Array(64 * 1024);

/**
 * The compressed data of a message could not be inflated (RFC 7692 §8: the
 * endpoint MUST fail the connection). Maps to close 1007, as `ws` does: the
 * payload is not consistent with the message (RFC 6455 §7.4.1).
 *
 * @example Corrupt compressed data
 * ```ts
 * import { DeflateDataError, PerMessageDeflate } from "@autobahn/autobahn/websocket";
 *
 * const codec = new PerMessageDeflate();
 * codec.startMessage();
 * try {
 *   codec.push(Uint8Array.of(0xff, 0xff, 0xff));
 *   codec.endMessage();
 *   throw new Error("inflated garbage");
 * } catch (err) {
 *   if (!(err instanceof DeflateDataError) || err.closeCode !== 1007) throw err;
 * }
 * ```
 */
export class DeflateDataError extends WebSocketProtocolError {
  /**
   * Creates the error.
   *
   * @param message What zlib found wrong.
   */
  constructor(message: string) {
    super(CloseCode.INVALID_PAYLOAD, message);
  }
}

/**
 * Inflating a message passed `maxMessageSize`: inflation stopped at once
 * (zip-bomb guard). Maps to close 1009 (RFC 6455 §7.4.1, message too big).
 *
 * @example A zip bomb is stopped at the limit
 * ```ts
 * import { DeflateMessageTooBigError, PerMessageDeflate } from "@autobahn/autobahn/websocket";
 *
 * const wire = new PerMessageDeflate().compressMessage(new Uint8Array(100_000));
 * const receiver = new PerMessageDeflate({ maxMessageSize: 1024 });
 * receiver.startMessage();
 * try {
 *   receiver.push(wire);
 *   receiver.endMessage();
 *   throw new Error("not stopped");
 * } catch (err) {
 *   if (!(err instanceof DeflateMessageTooBigError) || err.limit !== 1024) throw err;
 * }
 * ```
 */
export class DeflateMessageTooBigError extends WebSocketProtocolError {
  /** The limit that was passed, in bytes of inflated payload. */
  readonly limit: number;

  /**
   * Creates the error.
   *
   * @param limit The limit, in bytes.
   */
  constructor(limit: number) {
    super(
      CloseCode.MESSAGE_TOO_BIG,
      `Inflated message payload exceeds the limit of ${limit} bytes`,
    );
    this.limit = limit;
  }
}

/**
 * The parameters of one negotiated permessage-deflate codec, seen from one endpoint.
 *
 * @example A codec that never keeps its window
 * ```ts
 * import { PerMessageDeflate, type PerMessageDeflateParams } from "@autobahn/autobahn/websocket";
 *
 * const params: PerMessageDeflateParams = {
 *   compressNoContextTakeover: true,
 *   compressWindowBits: 10,
 *   compressionLevel: 9,
 * };
 * const codec = new PerMessageDeflate(params);
 * if (codec.params.decompressWindowBits !== 15) throw new Error("expected the default 15");
 * ```
 */
export interface PerMessageDeflateParams {
  /**
   * Our compressor starts every message with an empty LZ77 window (we agreed
   * to, or chose to, not use context takeover). Default `false`.
   */
  compressNoContextTakeover?: boolean;
  /**
   * Our compressor's LZ77 window as a power of two, 8..15 (the peer's
   * `*_max_window_bits` for us). 8 compresses with zlib's 9 (RFC 7692
   * §7.1.2.1 notes zlib rejects 8): its matches never reach farther than
   * 2^9 - 262 = 250 bytes, so the output is valid for a 256-byte window.
   * Default 15.
   */
  compressWindowBits?: number;
  /**
   * The peer starts every message with an empty window, so we reset our
   * inflater after each message. Default `false`.
   */
  decompressNoContextTakeover?: boolean;
  /** The peer's LZ77 window as a power of two, 8..15. Default 15. */
  decompressWindowBits?: number;
  /** zlib compression level 0..9. Default 6. */
  compressionLevel?: number;
  /** zlib memory level 1..9 (memory of the compressor's hash tables). Default 8. */
  memLevel?: number;
  /**
   * The largest inflated message payload in bytes; 0 means no limit. Passing
   * it throws {@linkcode DeflateMessageTooBigError} during inflation. Default 0;
   * the engine passes its `maxMessagePayloadSize`.
   */
  maxMessageSize?: number;
}

function checkBits(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 8 || v > 15) {
    throw new RangeError(`Cannot create deflate codec: ${name} ${v} is not 8..15`);
  }
  return v;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * A negotiated permessage-deflate codec: compresses the messages we send and
 * inflates the ones we receive, keeping or resetting each LZ77 window across
 * messages as negotiated. Everything is synchronous. The zlib state of each
 * direction is created on first use, so idle connections cost nothing.
 *
 * @example
 * ```ts
 * import { PerMessageDeflate } from "@autobahn/autobahn/websocket";
 * const a = new PerMessageDeflate();
 * const b = new PerMessageDeflate({ maxMessageSize: 1 << 20 });
 * const wire = a.compressMessage(new TextEncoder().encode("Hello"));
 * b.startMessage();
 * b.push(wire); // the payloads of each frame of the message, in order
 * const hello = b.endMessage();
 * ```
 */
export class PerMessageDeflate {
  /** The extension token, `permessage-deflate`. */
  static readonly EXTENSION_NAME = "permessage-deflate";

  /** The parameters in force, with defaults filled in. */
  readonly params: Readonly<Required<PerMessageDeflateParams>>;
  /** The inflated-size limit in bytes (0: none); may be changed between messages. */
  maxMessageSize: number;

  #deflater: ZStream | undefined;
  #inflater: ZStream | undefined;
  #inMessage = false;
  #inputSize = 0;
  #outputSize = 0;
  #chunks: Uint8Array[] = [];
  /** The raw deflate stream ended (a BFINAL block): continue after it with the same window. */
  #streamEnded = false;

  /**
   * Creates a codec.
   *
   * @param params The negotiated parameters; every one is optional.
   * @throws {RangeError} on window bits outside 8..15, a level outside 0..9 or
   *   a memory level outside 1..9.
   */
  constructor(params: PerMessageDeflateParams = {}) {
    const level = params.compressionLevel ?? 6;
    const memLevel = params.memLevel ?? 8;
    if (!Number.isInteger(level) || level < 0 || level > 9) {
      throw new RangeError(`Cannot create deflate codec: compression level ${level} is not 0..9`);
    }
    if (!Number.isInteger(memLevel) || memLevel < 1 || memLevel > 9) {
      throw new RangeError(`Cannot create deflate codec: memory level ${memLevel} is not 1..9`);
    }
    const max = params.maxMessageSize ?? 0;
    if (!(max >= 0)) throw new RangeError(`Cannot create deflate codec: bad maxMessageSize`);
    this.params = Object.freeze({
      compressNoContextTakeover: params.compressNoContextTakeover ?? false,
      compressWindowBits: checkBits("compressWindowBits", params.compressWindowBits ?? 15),
      decompressNoContextTakeover: params.decompressNoContextTakeover ?? false,
      decompressWindowBits: checkBits("decompressWindowBits", params.decompressWindowBits ?? 15),
      compressionLevel: level,
      memLevel,
      maxMessageSize: max,
    });
    this.maxMessageSize = max;
  }

  /**
   * Compresses the payload of one whole message (RFC 7692 §7.2.1): raw
   * DEFLATE ending in a sync flush, whose 0x00 0x00 0xff 0xff tail is
   * removed. The engine sends the result with RSV1 set on the first frame.
   * An empty payload gives the single octet 0x00 (§7.2.3.6).
   *
   * @param payload The uncompressed message payload (not modified).
   * @returns The compressed payload, a fresh array.
   */
  compressMessage(payload: Uint8Array): Uint8Array {
    // RFC 7692 §7.2.3.6: an empty stored block without its tail. zlib would
    // emit nothing for an empty sync flush after an earlier one.
    if (payload.length === 0) return EMPTY_MESSAGE.slice();
    const s = this.#deflater ??= this.#createDeflater();
    s.input = payload;
    s.next_in = 0;
    s.avail_in = payload.length;
    const chunks: Uint8Array[] = [];
    let total = 0;
    do {
      s.output = SCRATCH;
      s.next_out = 0;
      s.avail_out = SCRATCH.length;
      const status = zlibDeflate(s, Z_SYNC_FLUSH);
      if (status !== Z_OK && status !== Z_BUF_ERROR) {
        this.#deflater = undefined;
        throw new Error(`Cannot compress message: zlib status ${status}`);
      }
      const n = SCRATCH.length - s.avail_out;
      if (n > 0) {
        chunks.push(SCRATCH.slice(0, n));
        total += n;
      }
    } while (s.avail_out === 0);
    s.input = EMPTY;
    if (this.params.compressNoContextTakeover) zlibDeflateReset(s);
    // RFC 7692 §7.2.1: remove the 4 octets 0x00 0x00 0xff 0xff at the tail end.
    const out = concat(chunks, total);
    return out.subarray(0, out.length - 4);
  }

  /**
   * Bytes inflated so far for the current (or the failed) message: after a
   * {@linkcode DeflateMessageTooBigError} it is `maxMessageSize + 1`, never more.
   */
  get inflatedSize(): number {
    return this.#outputSize;
  }

  /**
   * Begins inflating a received message whose first frame had RSV1 set.
   *
   * @throws {TypeError} when a message is already being inflated.
   */
  startMessage(): void {
    if (this.#inMessage) throw new TypeError("Cannot start message: one is in progress");
    this.#inMessage = true;
    this.#inputSize = 0;
    this.#outputSize = 0;
    this.#chunks = [];
  }

  /**
   * Inflates the payload of the next frame of the message, right away, so a
   * bomb is caught on the frame that carries it.
   *
   * @param fragmentPayload The unmasked frame payload (not kept).
   * @throws {DeflateMessageTooBigError} as soon as the inflated size passes
   *   {@linkcode PerMessageDeflate.maxMessageSize}.
   * @throws {DeflateDataError} on invalid DEFLATE data.
   */
  push(fragmentPayload: Uint8Array): void {
    if (!this.#inMessage) throw new TypeError("Cannot inflate: no message started");
    if (fragmentPayload.length === 0) return;
    this.#inputSize += fragmentPayload.length;
    this.#inflate(fragmentPayload);
  }

  /**
   * Ends the message (RFC 7692 §7.2.2): appends 0x00 0x00 0xff 0xff, inflates
   * the rest and returns the whole inflated payload. Resets the inflater's
   * window when the peer does not use context takeover.
   *
   * @throws {DeflateMessageTooBigError} when the limit is passed.
   * @throws {DeflateDataError} on invalid data, or data that does not end on a
   *   DEFLATE block boundary.
   */
  endMessage(): Uint8Array {
    if (!this.#inMessage) throw new TypeError("Cannot end message: none started");
    // An empty compressed payload carries an empty message; the tail alone
    // would leave the inflater inside a stored block.
    if (this.#inputSize > 0) {
      // A stream that ended (BFINAL) exactly at the payload's end needs no tail.
      if (!(this.#streamEnded && this.#inflater!.avail_in === 0)) {
        this.#inflate(TAIL);
        if (!this.#streamEnded && !(this.#inflater!.data_type & AT_BLOCK_BOUNDARY)) {
          this.#failInflate();
          throw new DeflateDataError(
            "Cannot inflate message: compressed data does not end on a block boundary",
          );
        }
      }
    }
    const out = this.#outputSize === 0 ? new Uint8Array(0) : concat(this.#chunks, this.#outputSize);
    this.#chunks = [];
    this.#inMessage = false;
    if (this.params.decompressNoContextTakeover && this.#inflater) {
      zlibInflateReset(this.#inflater);
      this.#streamEnded = false;
    }
    return out;
  }

  /**
   * Drops a message being inflated and the inflater's window (after a
   * failure the connection is failed; this only frees memory early).
   */
  abortMessage(): void {
    this.#failInflate();
  }

  #inflate(input: Uint8Array): void {
    const s = this.#inflater ??= this.#createInflater();
    s.input = input;
    s.next_in = 0;
    s.avail_in = input.length;
    const limit = this.maxMessageSize;
    for (;;) {
      if (this.#streamEnded) {
        if (s.avail_in === 0) break;
        // RFC 7692 §7.2.3.4: data may follow a BFINAL block; it continues with
        // the same window (inflateResetKeep keeps it).
        zlibInflateResetKeep(s);
        this.#streamEnded = false;
      }
      // Never give zlib room for more than one byte past the limit.
      const room = limit > 0
        ? Math.min(SCRATCH.length, limit - this.#outputSize + 1)
        : SCRATCH.length;
      s.output = SCRATCH;
      s.next_out = 0;
      s.avail_out = room;
      const status = zlibInflate(s, Z_SYNC_FLUSH);
      const n = room - s.avail_out;
      if (n > 0) {
        this.#outputSize += n;
        if (limit > 0 && this.#outputSize > limit) {
          this.#failInflate();
          throw new DeflateMessageTooBigError(limit);
        }
        this.#chunks.push(SCRATCH.slice(0, n));
      }
      if (status === Z_STREAM_END) {
        this.#streamEnded = true;
        continue;
      }
      if (status !== Z_OK && status !== Z_BUF_ERROR) {
        const msg = s.msg;
        this.#failInflate();
        throw new DeflateDataError(`Cannot inflate message: ${msg || `zlib status ${status}`}`);
      }
      // A full output buffer may hide more output even without input left.
      if (s.avail_out === 0) continue;
      if (s.avail_in === 0 || status === Z_BUF_ERROR) break;
    }
    s.input = EMPTY;
  }

  #failInflate(): void {
    this.#inflater = undefined;
    this.#streamEnded = false;
    this.#chunks = [];
    this.#inMessage = false;
  }

  #createDeflater(): ZStream {
    const s = new ZStream();
    const bits = Math.max(9, this.params.compressWindowBits);
    const status = zlibDeflateInit2(
      s,
      this.params.compressionLevel,
      METHOD_DEFLATED,
      -bits,
      this.params.memLevel,
      Z_DEFAULT_STRATEGY,
    );
    if (status !== Z_OK) throw new Error(`Cannot create deflater: zlib status ${status}`);
    return s;
  }

  #createInflater(): ZStream {
    const s = new ZStream();
    const status = zlibInflateInit2(s, -this.params.decompressWindowBits);
    if (status !== Z_OK) throw new Error(`Cannot create inflater: zlib status ${status}`);
    return s;
  }
}
