/**
 * Close frame payloads (RFC 6455 §5.5.1, §7.4): status code validation and
 * encoding/decoding of code + UTF-8 reason.
 *
 * @module
 */
import { utf8Decoder, utf8Encoder } from "../util/bytes.ts";
import { CloseCode, WebSocketProtocolError } from "./errors.ts";
import { isValidUtf8 } from "./utf8.ts";

/**
 * True when `code` may appear in a close frame on the wire (RFC 6455 §7.4.1,
 * §7.4.2 and the IANA registry): 1000-1003, 1007-1014, and 3000-4999.
 * 1004, 1005, 1006 and 1015 are reserved and never sent.
 */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999);
}

/** The decoded payload of a close frame. */
export interface ClosePayload {
  /** The status code, or `null` when the frame carried none (RFC 6455 1005). */
  readonly code: number | null;
  /** The reason text (possibly empty). */
  readonly reason: string;
}

/**
 * Decodes a close frame payload.
 *
 * @throws {WebSocketProtocolError} 1002 for a 1-byte payload or an invalid code,
 *   1007 for a reason that is not UTF-8.
 */
export function parseClosePayload(payload: Uint8Array): ClosePayload {
  if (payload.length === 0) return { code: null, reason: "" };
  // RFC 6455 §5.5.1: if there is a body, the first two bytes MUST be a status code.
  if (payload.length === 1) {
    throw new WebSocketProtocolError(
      CloseCode.PROTOCOL_ERROR,
      "Cannot parse close frame: payload of 1 byte",
    );
  }
  const code = (payload[0]! << 8) | payload[1]!;
  if (!isValidCloseCode(code)) {
    throw new WebSocketProtocolError(
      CloseCode.PROTOCOL_ERROR,
      `Cannot parse close frame: invalid close code ${code}`,
    );
  }
  const raw = payload.subarray(2);
  // RFC 6455 §5.5.1: the reason is UTF-8 encoded data.
  if (!isValidUtf8(raw)) {
    throw new WebSocketProtocolError(
      CloseCode.INVALID_PAYLOAD,
      "Cannot parse close frame: reason is not valid UTF-8",
    );
  }
  return { code, reason: utf8Decoder.decode(raw) };
}

/**
 * Encodes a close frame payload. A reason longer than 123 UTF-8 bytes is cut at
 * a character boundary (control frames carry at most 125 bytes).
 *
 * @throws {RangeError} when `code` is not valid on the wire, or a reason is given without a code.
 */
export function buildClosePayload(code?: number | null, reason?: string): Uint8Array {
  if (code === undefined || code === null) {
    if (reason) throw new RangeError("Cannot build close frame: a reason needs a code");
    return new Uint8Array(0);
  }
  if (!Number.isInteger(code) || !isValidCloseCode(code)) {
    throw new RangeError(`Cannot build close frame: invalid close code ${code}`);
  }
  const r = truncateUtf8(utf8Encoder.encode(reason ?? ""), 123);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(r, 2);
  return out;
}

/** Cuts UTF-8 `bytes` to at most `max` bytes without splitting a character. */
export function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  // Step back over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
