/**
 * A growable byte buffer for our own encoders (CBOR, UBJSON). Each encoder
 * keeps one scratch writer and copies the result out once per message.
 *
 * @module
 */
import { utf8Encoder } from "../../util/bytes.ts";

const TWO_32 = 2 ** 32;

/** Internal growable big-endian byte writer. */
export class _ByteWriter {
  /** The scratch buffer; valid bytes are `[0, pos)`. */
  bytes: Uint8Array;
  /** A view over {@linkcode _ByteWriter.bytes}. */
  view: DataView;
  /** The write position. */
  pos = 0;
  /** True while an encoder is using this writer (guards re-entrance). */
  busy = false;

  /** Creates a writer with an initial capacity. */
  constructor(size = 4096) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes one byte. */
  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = v;
  }

  /** Writes a marker byte followed by a big-endian uint16. */
  u8u16(m: number, v: number): void {
    this.ensure(3);
    this.bytes[this.pos] = m;
    this.view.setUint16(this.pos + 1, v);
    this.pos += 3;
  }

  /** Writes a marker byte followed by a big-endian uint32. */
  u8u32(m: number, v: number): void {
    this.ensure(5);
    this.bytes[this.pos] = m;
    this.view.setUint32(this.pos + 1, v);
    this.pos += 5;
  }

  /** Writes a marker byte followed by a big-endian int32. */
  u8i32(m: number, v: number): void {
    this.ensure(5);
    this.bytes[this.pos] = m;
    this.view.setInt32(this.pos + 1, v);
    this.pos += 5;
  }

  /** Writes a marker byte followed by a big-endian float64. */
  u8f64(m: number, v: number): void {
    this.ensure(9);
    this.bytes[this.pos] = m;
    this.view.setFloat64(this.pos + 1, v);
    this.pos += 9;
  }

  /** Writes a marker byte followed by a big-endian 64-bit integer (|v| <= 2^53). */
  u8i64(m: number, v: number): void {
    this.ensure(9);
    const hi = Math.floor(v / TWO_32);
    this.bytes[this.pos] = m;
    this.view.setInt32(this.pos + 1, hi);
    this.view.setUint32(this.pos + 5, v - hi * TWO_32);
    this.pos += 9;
  }

  /** Writes raw bytes. */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }

  /**
   * Writes `s` as UTF-8 preceded by a length header. `header(len)` returns the
   * header size for a byte length; `writeHeader(at, len)` writes it at `at`.
   */
  utf8(
    s: string,
    headerSize: (len: number) => number,
    writeHeader: (w: _ByteWriter, at: number, len: number) => void,
  ): void {
    const max = s.length * 3;
    // The UTF-8 length is between s.length and 3 * s.length: reserve the header
    // for the lower bound and shift the bytes if the real length needs more.
    const guess = headerSize(s.length);
    this.ensure(guess + max + 9);
    const start = this.pos + guess;
    let written = 0;
    const n = s.length;
    if (n < 64) {
      // Short ASCII strings (URIs, keys) are cheaper byte by byte.
      const b = this.bytes;
      for (; written < n; written++) {
        const c = s.charCodeAt(written);
        if (c >= 0x80) break;
        b[start + written] = c;
      }
    }
    if (written < n) written = utf8Encoder.encodeInto(s, this.bytes.subarray(start)).written;
    const real = headerSize(written);
    if (real !== guess) this.bytes.copyWithin(this.pos + real, start, start + written);
    writeHeader(this, this.pos, written);
    this.pos += real + written;
  }

  /** Copies out the bytes written so far, optionally behind a 4-byte length prefix. */
  finish(lengthPrefix: boolean): Uint8Array {
    if (!lengthPrefix) return this.bytes.slice(0, this.pos);
    const out = new Uint8Array(this.pos + 4);
    new DataView(out.buffer).setUint32(0, this.pos);
    out.set(this.bytes.subarray(0, this.pos), 4);
    return out;
  }
}

/** Runs `fn` with the shared writer, or a fresh one if it is already in use. */
export function _withWriter<T>(shared: _ByteWriter, fn: (w: _ByteWriter) => T): T {
  const w = shared.busy ? new _ByteWriter(256) : shared;
  w.busy = true;
  w.pos = 0;
  try {
    return fn(w);
  } finally {
    w.busy = false;
    // Do not pin a huge buffer after an exceptional message.
    if (w.bytes.length > 1 << 20) {
      w.bytes = new Uint8Array(4096);
      w.view = new DataView(w.bytes.buffer);
    }
  }
}
