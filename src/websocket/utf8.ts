/**
 * Incremental UTF-8 validation (RFC 3629), used to fail a text message at the
 * first invalid byte even when it spans fragments and reads (RFC 6455 §8.1).
 *
 * @module
 */

/** An incremental, fail-fast UTF-8 validator. */
export class Utf8Validator {
  #need = 0;
  #lo = 0x80;
  #hi = 0xbf;

  /** True when no multi-byte sequence is open (the input so far is complete UTF-8). */
  get complete(): boolean {
    return this.#need === 0;
  }

  /** Forgets any open sequence. */
  reset(): void {
    this.#need = 0;
    this.#lo = 0x80;
    this.#hi = 0xbf;
  }

  /**
   * Validates `buf[start..end)` as a continuation of everything fed before.
   *
   * @returns the index of the first invalid byte, or -1 when all is valid so far.
   */
  validate(buf: Uint8Array, start: number, end: number): number {
    let need = this.#need;
    let lo = this.#lo;
    let hi = this.#hi;
    let i = start;
    while (i < end) {
      const b = buf[i]!;
      if (need === 0) {
        if (b < 0x80) {
          i = asciiEnd(buf, i + 1, end);
          continue;
        }
        if (b < 0xc2) return this.#fail(i);
        if (b < 0xe0) {
          need = 1;
        } else if (b < 0xf0) {
          need = 2;
          if (b === 0xe0) lo = 0xa0; // overlong 3-byte forms
          else if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
        } else if (b < 0xf5) {
          need = 3;
          if (b === 0xf0) lo = 0x90; // overlong 4-byte forms
          else if (b === 0xf4) hi = 0x8f; // above U+10FFFF
        } else {
          return this.#fail(i);
        }
      } else {
        if (b < lo || b > hi) return this.#fail(i);
        lo = 0x80;
        hi = 0xbf;
        need--;
      }
      i++;
    }
    this.#need = need;
    this.#lo = lo;
    this.#hi = hi;
    return -1;
  }

  #fail(i: number): number {
    this.reset();
    return i;
  }
}

/** Bytes of ASCII seen byte-wise before switching to the word-wise scan. */
const ASCII_PROBE = 32;
/** Remaining length that makes the word-wise scan worth a typed-array view. */
const ASCII_WORDS_MIN = 256;

/** Returns the index of the first byte >= 0x80 in `buf[i..end)`, or `end`. */
function asciiEnd(buf: Uint8Array, i: number, end: number): number {
  const probe = Math.min(end, i + ASCII_PROBE);
  while (i < probe) {
    if (buf[i]! >= 0x80) return i;
    i++;
  }
  if (end - i >= ASCII_WORDS_MIN) {
    // A long ASCII run: test 16 bytes per step (four aligned words OR-ed together).
    while (((buf.byteOffset + i) & 3) !== 0) {
      if (buf[i]! >= 0x80) return i;
      i++;
    }
    const words = (end - i) >>> 2;
    const w32 = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    const words4 = words & ~3;
    let w = 0;
    while (w < words4) {
      if (((w32[w]! | w32[w + 1]! | w32[w + 2]! | w32[w + 3]!) & 0x80808080) !== 0) break;
      w += 4;
    }
    while (w < words && (w32[w]! & 0x80808080) === 0) w++;
    i += w << 2;
  }
  while (i < end && buf[i]! < 0x80) i++;
  return i;
}

/** Returns true when `buf` is complete, valid UTF-8. */
export function isValidUtf8(buf: Uint8Array): boolean {
  const v = new Utf8Validator();
  return v.validate(buf, 0, buf.length) === -1 && v.complete;
}
