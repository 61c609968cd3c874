/**
 * RFC 6455 §5.2 base framing: opcodes and the frame builder. Parsing lives in
 * the protocol core's receive loop (`protocol.ts`), which is where the
 * per-byte state is.
 *
 * @module
 */
import { applyMask, writeMaskKey } from "./mask.ts";

/**
 * RFC 6455 §5.2 / §11.8 opcodes.
 *
 * @example Building a ping frame
 * ```ts
 * import { encodeFrame, Opcode } from "@autobahn/autobahn/websocket";
 *
 * const ping = encodeFrame(Opcode.PING, Uint8Array.of(1, 2));
 * if (ping.join() !== "137,2,1,2") throw new Error(ping.join()); // 0x89: FIN + PING
 * ```
 */
export const Opcode = {
  /** Continuation of a fragmented data message. */
  CONTINUATION: 0x0,
  /** First frame of a text message. */
  TEXT: 0x1,
  /** First frame of a binary message. */
  BINARY: 0x2,
  /** Close control frame. */
  CLOSE: 0x8,
  /** Ping control frame. */
  PING: 0x9,
  /** Pong control frame. */
  PONG: 0xa,
} as const;

/** Length of a frame header (including a masking key when `masked`). */
export function frameHeaderLength(payloadLength: number, masked: boolean): number {
  return (payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10) + (masked ? 4 : 0);
}

/**
 * Writes a frame header into `dst` at `offset` and returns the offset just past
 * it. When `masked`, a fresh random masking key is written last (its 4 bytes
 * are the ones just before the returned offset).
 */
export function writeFrameHeader(
  dst: Uint8Array,
  offset: number,
  fin: boolean,
  rsv: number,
  opcode: number,
  payloadLength: number,
  masked: boolean,
): number {
  dst[offset++] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  const m = masked ? 0x80 : 0;
  // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length.
  if (payloadLength < 126) {
    dst[offset++] = m | payloadLength;
  } else if (payloadLength < 65536) {
    dst[offset++] = m | 126;
    dst[offset++] = payloadLength >>> 8;
    dst[offset++] = payloadLength & 0xff;
  } else {
    dst[offset++] = m | 127;
    const hi = Math.floor(payloadLength / 0x100000000);
    const lo = payloadLength >>> 0;
    dst[offset++] = 0;
    dst[offset++] = 0;
    dst[offset++] = (hi >>> 8) & 0xff;
    dst[offset++] = hi & 0xff;
    dst[offset++] = lo >>> 24;
    dst[offset++] = (lo >>> 16) & 0xff;
    dst[offset++] = (lo >>> 8) & 0xff;
    dst[offset++] = lo & 0xff;
  }
  if (masked) {
    writeMaskKey(dst, offset);
    offset += 4;
  }
  return offset;
}

/**
 * Options of {@linkcode encodeFrame}.
 *
 * @example The first fragment of a masked text message
 * ```ts
 * import { encodeFrame, type EncodeFrameOptions, Opcode } from "@autobahn/autobahn/websocket";
 *
 * const options: EncodeFrameOptions = { fin: false, mask: Uint8Array.of(1, 2, 3, 4) };
 * const frame = encodeFrame(Opcode.TEXT, new TextEncoder().encode("Hel"), options);
 * if (frame[0] !== 0x01 || frame[1] !== 0x83) throw new Error("expected !FIN TEXT, masked");
 * ```
 */
export interface EncodeFrameOptions {
  /** FIN bit (default true). */
  fin?: boolean;
  /** RSV1-3 bits as a 3-bit number (default 0). */
  rsv?: number;
  /** A fixed masking key (tests); or `true` for a random one. Default: unmasked. */
  mask?: Uint8Array | boolean;
}

/**
 * Builds one complete frame into a new array (a convenience for tests and
 * tools; the engine writes frames straight into its output buffer).
 *
 * @example
 * ```ts
 * import { encodeFrame, Opcode } from "@autobahn/autobahn/websocket";
 * // RFC 6455 §5.7: a single-frame unmasked text message "Hello"
 * const f = encodeFrame(Opcode.TEXT, new TextEncoder().encode("Hello"));
 * // f is 81 05 48 65 6c 6c 6f
 * ```
 */
export function encodeFrame(
  opcode: number,
  payload: Uint8Array,
  options: EncodeFrameOptions = {},
): Uint8Array {
  const masked = options.mask !== undefined && options.mask !== false;
  const hl = frameHeaderLength(payload.length, masked);
  const out = new Uint8Array(hl + payload.length);
  let o = writeFrameHeader(
    out,
    0,
    options.fin ?? true,
    options.rsv ?? 0,
    opcode,
    payload.length,
    masked,
  );
  if (masked) {
    if (options.mask instanceof Uint8Array) out.set(options.mask.subarray(0, 4), o - 4);
    applyMask(payload, 0, payload.length, out, o, out.subarray(o - 4, o));
    o += payload.length;
  } else {
    out.set(payload, o);
  }
  return out;
}
