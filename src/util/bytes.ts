/**
 * Byte helpers shared by the engines and serializers: concatenation, base64,
 * UTF-8 encoding and constant-time comparison. No runtime-specific APIs.
 *
 * @module
 */

/** The shared UTF-8 encoder. */
export const utf8Encoder: TextEncoder = new TextEncoder();
/** The shared non-fatal UTF-8 decoder (use only on bytes already validated). */
export const utf8Decoder: TextDecoder = new TextDecoder();
/** A fatal UTF-8 decoder: throws `TypeError` on invalid input. */
export const utf8StrictDecoder: TextDecoder = new TextDecoder("utf-8", { fatal: true });

/** Concatenates byte arrays into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
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

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_LOOKUP = (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t["-".charCodeAt(0)] = 62; // base64url alphabet accepted on input
  t["_".charCodeAt(0)] = 63;
  return t;
})();

/** Encodes bytes as standard base64 with padding. */
export function encodeBase64(data: Uint8Array): string {
  let out = "";
  const n = data.length;
  let i = 0;
  // Build in chunks to keep string concatenation cheap for large inputs.
  const chunk: string[] = [];
  for (; i + 2 < n; i += 3) {
    const v = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    chunk.push(B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!);
    if (chunk.length === 4096) {
      out += chunk.join("");
      chunk.length = 0;
    }
  }
  out += chunk.join("");
  if (i < n) {
    const v = (data[i]! << 16) | ((i + 1 < n ? data[i + 1]! : 0) << 8);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + (i + 1 < n ? B64[(v >> 6) & 63]! : "=") + "=";
  }
  return out;
}

/**
 * Decodes standard or URL-safe base64 (padding optional).
 *
 * @throws {SyntaxError} on characters outside the alphabet or a bad length.
 */
export function decodeBase64(s: string): Uint8Array {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--; // strip "="
  if (s.length - end > 2) throw new SyntaxError("Cannot decode base64: too much padding");
  const rem = end % 4;
  if (rem === 1) throw new SyntaxError("Cannot decode base64: invalid length");
  const out = new Uint8Array(Math.floor(end / 4) * 3 + (rem ? rem - 1 : 0));
  let o = 0;
  let i = 0;
  const get = (k: number): number => {
    const c = s.charCodeAt(k);
    const v = c < 256 ? B64_LOOKUP[c]! : -1;
    if (v < 0) throw new SyntaxError(`Cannot decode base64: invalid character at ${k}`);
    return v;
  };
  for (; i + 3 < end; i += 4) {
    const v = (get(i) << 18) | (get(i + 1) << 12) | (get(i + 2) << 6) | get(i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (rem >= 2) {
    const v = (get(i) << 18) | (get(i + 1) << 12) | (rem === 3 ? get(i + 2) << 6 : 0);
    out[o++] = v >> 16;
    if (rem === 3) out[o++] = (v >> 8) & 255;
  }
  return out;
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
