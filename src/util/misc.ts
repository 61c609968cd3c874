/**
 * Byte helpers from Autobahn|Python's `autobahn.util`: truncating a string
 * to a UTF-8 size limit, and XOR of two byte strings.
 *
 * @module
 */

const encoder = new TextEncoder();

/**
 * Encodes `text` as UTF-8 and truncates it to at most `limit` bytes without
 * splitting a character; with `ellipsis`, a truncated result ends in it (and
 * still fits `limit`). Useful for close reasons (123 bytes) and log lines.
 *
 * @example
 * ```ts
 * import { encodeTruncate } from "@autobahn/autobahn/util";
 * encodeTruncate("κόσμε", 5).length; // 4: two 2-byte characters
 * ```
 *
 * @throws {RangeError} when `limit` is negative or not an integer.
 */
export function encodeTruncate(text: string, limit: number, ellipsis = ""): Uint8Array {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`Cannot truncate: limit must be a non-negative integer, got ${limit}`);
  }
  const full = encoder.encode(text);
  if (full.length <= limit) return full;
  const tail = encoder.encode(ellipsis);
  const room = Math.max(0, limit - tail.length);
  let end = room;
  // Back off to the start of a UTF-8 character: continuation bytes are 10xxxxxx.
  while (end > 0 && (full[end]! & 0xc0) === 0x80) end--;
  const out = new Uint8Array(end + (tail.length <= limit ? tail.length : 0));
  out.set(full.subarray(0, end));
  if (tail.length <= limit) out.set(tail, end);
  return out;
}

/**
 * XORs two byte strings of equal length.
 *
 * @example
 * ```ts
 * import { xor } from "@autobahn/autobahn/util";
 * xor(new Uint8Array([0b1100]), new Uint8Array([0b1010])); // Uint8Array [6]
 * ```
 *
 * @throws {RangeError} when the lengths differ.
 */
export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) {
    throw new RangeError(`Cannot xor: lengths differ (${a.length} and ${b.length})`);
  }
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
