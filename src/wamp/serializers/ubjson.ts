/**
 * Universal Binary JSON (UBJSON, draft 12) codec and the WAMP serializer
 * `wamp.2.ubjson` / `wamp.2.ubjson.batched`.
 *
 * Output uses plain containers (`[`…`]`, `{`…`}`), the smallest integer type,
 * `D` for non-integers and `S` strings; bytes are a strongly typed uint8 array
 * `[$U#<n>`, as py-ubjson (Autobahn|Python) writes them. Input also accepts
 * optimized containers (`$` type, `#` count), `N` no-ops, `C` chars and `H`
 * high-precision numbers (parsed as numbers). Every declared length is checked
 * against the bytes that remain before anything is allocated.
 *
 * @module
 */
import { ProtocolError } from "../errors.ts";
import { utf8StrictDecoder } from "../../util/bytes.ts";
import { DEFAULT_MAX_DEPTH, type Serializer, type SerializerOptions } from "./serializer.ts";
import { _decodeError, _encodeError, _isWireInteger, _maxDepth } from "./_limits.ts";
import { _binaryPayload, _splitLengthPrefixed } from "./_framing.ts";
import { _ByteWriter, _withWriter } from "./_writer.ts";

// UBJSON markers.
const Z = 0x5a, N = 0x4e, T = 0x54, F = 0x46;
const INT8 = 0x69, UINT8 = 0x55, INT16 = 0x49, INT32 = 0x6c, INT64 = 0x4c;
const FLOAT32 = 0x64, FLOAT64 = 0x44, HIGH = 0x48, CHAR = 0x43, STRING = 0x53;
const ARRAY = 0x5b, ARRAY_END = 0x5d, OBJECT = 0x7b, OBJECT_END = 0x7d;
const TYPE = 0x24, COUNT = 0x23;

const TWO_21 = 2 ** 21;
const TWO_32 = 2 ** 32;
const TWO_53_BIG = 2n ** 53n;
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

// ---------------------------------------------------------------- encoding

function lengthHeaderSize(n: number): number {
  return n < 0x100 ? 2 : n < 0x8000 ? 3 : 5;
}

function writeLengthAt(w: _ByteWriter, at: number, n: number): void {
  if (n < 0x100) {
    w.bytes[at] = UINT8;
    w.bytes[at + 1] = n;
  } else if (n < 0x8000) {
    w.bytes[at] = INT16;
    w.view.setInt16(at + 1, n);
  } else {
    w.bytes[at] = INT32;
    w.view.setInt32(at + 1, n);
  }
}

const stringHeaderSize = (n: number): number => 1 + lengthHeaderSize(n);
const writeStringHeader = (w: _ByteWriter, at: number, n: number): void => {
  w.bytes[at] = STRING;
  writeLengthAt(w, at + 1, n);
};

function writeInt(w: _ByteWriter, v: number): void {
  if (v >= 0 && v < 0x100) {
    w.ensure(2);
    w.bytes[w.pos++] = UINT8;
    w.bytes[w.pos++] = v;
  } else if (v >= -0x80 && v < 0x80) {
    w.ensure(2);
    w.bytes[w.pos++] = INT8;
    w.bytes[w.pos++] = v & 0xff;
  } else if (v >= -0x8000 && v < 0x8000) {
    w.u8u16(INT16, v & 0xffff);
  } else if (v >= -0x80000000 && v < 0x80000000) {
    w.u8i32(INT32, v);
  } else {
    w.u8i64(INT64, v);
  }
}

function isAbsent(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function encodeValue(w: _ByteWriter, v: unknown, depth: number, maxDepth: number): void {
  switch (typeof v) {
    case "string":
      w.utf8(v, stringHeaderSize, writeStringHeader);
      return;
    case "number":
      if (_isWireInteger(v)) writeInt(w, v);
      else if (Number.isFinite(v)) w.u8f64(FLOAT64, v);
      else w.u8(Z); // UBJSON has no NaN/Infinity: null, as in JSON and py-ubjson
      return;
    case "boolean":
      w.u8(v ? T : F);
      return;
    case "bigint":
      throw new TypeError("BigInt values are not supported");
    case "object":
      break;
    default:
      w.u8(Z);
      return;
  }
  if (v === null) {
    w.u8(Z);
    return;
  }
  if (depth > maxDepth) throw new TypeError(`nesting deeper than ${maxDepth} levels`);
  if (v instanceof Uint8Array) {
    // Strongly typed array of uint8: [ $ U # <count> <bytes>, no end marker.
    w.ensure(3);
    w.bytes[w.pos++] = ARRAY;
    w.bytes[w.pos++] = TYPE;
    w.bytes[w.pos++] = UINT8;
    w.u8(COUNT);
    writeInt(w, v.length);
    w.raw(v);
    return;
  }
  if (Array.isArray(v)) {
    w.u8(ARRAY);
    for (let i = 0; i < v.length; i++) encodeValue(w, v[i], depth + 1, maxDepth);
    w.u8(ARRAY_END);
    return;
  }
  w.u8(OBJECT);
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const x = obj[k];
    if (isAbsent(x)) continue;
    w.utf8(k, lengthHeaderSize, writeLengthAt); // keys: a length, no S marker
    encodeValue(w, x, depth + 1, maxDepth);
  }
  w.u8(OBJECT_END);
}

const sharedWriter = new _ByteWriter();

/**
 * Options of {@linkcode encodeUbjson} and {@linkcode decodeUbjson}.
 *
 * @example Refusing deep nesting
 * ```ts
 * import {
 *   decodeUbjson,
 *   encodeUbjson,
 *   ProtocolError,
 *   type UbjsonOptions,
 * } from "@autobahn/autobahn/wamp";
 *
 * const shallow: UbjsonOptions = { maxDepth: 2 };
 * const bytes = encodeUbjson([[["deep"]]]);
 * try {
 *   decodeUbjson(bytes, shallow);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof ProtocolError)) throw err;
 * }
 * ```
 */
export interface UbjsonOptions {
  /** Maximum container nesting depth (the top value counts as 1). Default 128. */
  maxDepth?: number;
}

/**
 * Encodes a JSON-like value (with `Uint8Array` leaves) as UBJSON.
 *
 * @example Encoding a string
 * ```ts
 * import { encodeUbjson } from "@autobahn/autobahn/wamp";
 *
 * const bytes = encodeUbjson("hi"); // S, then the length as uint8 (U 2), then UTF-8
 * if (new TextDecoder().decode(bytes) !== "SU\x02hi") throw new Error("unexpected bytes");
 * ```
 *
 * @throws {TypeError} for BigInts or nesting deeper than `maxDepth`.
 */
export function encodeUbjson(value: unknown, options: UbjsonOptions = {}): Uint8Array {
  return _encode(value, options.maxDepth ?? DEFAULT_MAX_DEPTH, false);
}

function _encode(value: unknown, maxDepth: number, lengthPrefix: boolean): Uint8Array {
  return _withWriter(sharedWriter, (w) => {
    encodeValue(w, value, 1, maxDepth);
    return w.finish(lengthPrefix);
  });
}

// ---------------------------------------------------------------- decoding

function fail(msg: string): never {
  throw new ProtocolError(`Cannot unserialize ubjson: ${msg}`);
}

function hexByte(b: number): string {
  return "0x" + b.toString(16).padStart(2, "0");
}

/** Fixed payload sizes of the value types usable in a typed container. */
function fixedSize(type: number): number {
  switch (type) {
    case Z:
    case T:
    case F:
      return 0;
    case INT8:
    case UINT8:
    case CHAR:
      return 1;
    case INT16:
      return 2;
    case INT32:
    case FLOAT32:
      return 4;
    case INT64:
    case FLOAT64:
      return 8;
    default:
      return -1; // variable: S, H, [, {
  }
}

class UbjsonReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;
  readonly maxDepth: number;
  /** Elements that occupy no bytes ($Z, $T, $F) are paid from this budget. */
  freeBudget: number;

  constructor(bytes: Uint8Array, maxDepth: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxDepth = maxDepth;
    this.freeBudget = bytes.length;
  }

  need(n: number): void {
    if (n > this.bytes.length - this.pos) fail("truncated input");
  }

  u8(): number {
    if (this.pos >= this.bytes.length) fail("truncated input");
    return this.bytes[this.pos++]!;
  }

  /** Reads a non-negative length or count (an integer with its marker). */
  length(): number {
    const m = this.u8();
    let n: number;
    switch (m) {
      case UINT8:
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        n = this.value(m, 0) as number;
        break;
      default:
        fail(`expected an integer length, got marker ${hexByte(m)}`);
    }
    if (n < 0) fail(`negative length ${n}`);
    return n;
  }

  /** Like `length()`, and bounded by the bytes left at `minBytes` per unit. */
  boundedLength(minBytes: number): number {
    const n = this.length();
    if (n * minBytes > this.bytes.length - this.pos) {
      fail(`declared length ${n} exceeds the ${this.bytes.length - this.pos} bytes left`);
    }
    return n;
  }

  text(len: number): string {
    this.need(len);
    const start = this.pos;
    this.pos += len;
    if (len < 32) {
      let ascii = true;
      for (let i = start; i < start + len; i++) {
        if (this.bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        return String.fromCharCode.apply(
          null,
          this.bytes.subarray(start, start + len) as unknown as number[],
        );
      }
    }
    try {
      return utf8StrictDecoder.decode(this.bytes.subarray(start, start + len));
    } catch {
      return fail("invalid UTF-8 in string");
    }
  }

  /** Reads the value introduced by marker `m`; `depth` is its container depth. */
  value(m: number, depth: number): unknown {
    const v = this.view;
    const p = this.pos;
    switch (m) {
      case Z:
        return null;
      case T:
        return true;
      case F:
        return false;
      case UINT8:
        return this.u8();
      case INT8:
        this.need(1);
        this.pos++;
        return v.getInt8(p);
      case INT16:
        this.need(2);
        this.pos += 2;
        return v.getInt16(p);
      case INT32:
        this.need(4);
        this.pos += 4;
        return v.getInt32(p);
      case INT64: {
        this.need(8);
        this.pos += 8;
        const hi = v.getInt32(p);
        const lo = v.getUint32(p + 4);
        // WAMP IDs reach 2^53 itself; anything beyond ±2^53 would lose precision.
        if (hi < -TWO_21 || hi > TWO_21 || (hi === TWO_21 && lo !== 0)) {
          fail(`int64 ${BigInt(hi) * BigInt(TWO_32) + BigInt(lo)} is beyond 2^53`);
        }
        return hi * TWO_32 + lo;
      }
      case FLOAT32:
        this.need(4);
        this.pos += 4;
        return v.getFloat32(p);
      case FLOAT64:
        this.need(8);
        this.pos += 8;
        return v.getFloat64(p);
      case HIGH: {
        const s = this.text(this.boundedLength(1));
        const match = JSON_NUMBER.exec(s);
        if (match === null) fail("invalid high-precision number");
        if (match[1] === undefined && match[2] === undefined) {
          const big = BigInt(s);
          if (big > TWO_53_BIG || big < -TWO_53_BIG) {
            fail(`high-precision integer ${s} is beyond 2^53`);
          }
          return Number(big);
        }
        return Number(s);
      }
      case CHAR: {
        const c = this.u8();
        if (c >= 0x80) fail(`char ${hexByte(c)} is not ASCII`);
        return String.fromCharCode(c);
      }
      case STRING:
        return this.text(this.boundedLength(1));
      case ARRAY:
        return this.array(depth);
      case OBJECT:
        return this.object(depth);
      default:
        return fail(`unexpected marker ${hexByte(m)} at offset ${p - 1}`);
    }
  }

  /** Reads `$type#count` after a container start; returns [type, count] or [-1, -1]. */
  header(): [number, number] {
    const b = this.bytes;
    if (this.pos < b.length && b[this.pos] === TYPE) {
      this.pos++;
      const type = this.u8();
      const size = fixedSize(type);
      if (size < 0 && type !== STRING && type !== HIGH && type !== ARRAY && type !== OBJECT) {
        fail(`invalid container type ${hexByte(type)}`);
      }
      if (this.u8() !== COUNT) fail("typed container without a count");
      return [type, -2]; // count read by the caller (depends on element size)
    }
    if (this.pos < b.length && b[this.pos] === COUNT) {
      this.pos++;
      return [-1, this.boundedLength(1)];
    }
    return [-1, -1];
  }

  array(depth: number): unknown {
    if (depth > this.maxDepth) fail(`nesting deeper than ${this.maxDepth} levels`);
    let [type, count] = this.header();
    if (type >= 0) {
      const size = fixedSize(type);
      if (type === UINT8) {
        // Strongly typed uint8 array: binary data (py-ubjson's bytes).
        count = this.boundedLength(1);
        const out = this.bytes.slice(this.pos, this.pos + count);
        this.pos += count;
        return out;
      }
      if (size === 0) {
        count = this.length();
        this.freeBudget -= count;
        if (this.freeBudget < 0) fail(`declared length ${count} of empty values is too large`);
      } else count = this.boundedLength(size > 0 ? size : 1);
      const out = new Array(count);
      for (let i = 0; i < count; i++) out[i] = this.value(type, depth + 1);
      return out;
    }
    const out: unknown[] = [];
    if (count >= 0) {
      for (let i = 0; i < count; i++) out.push(this.element(depth));
      return out;
    }
    for (;;) {
      const m = this.u8();
      if (m === ARRAY_END) return out;
      if (m === N) continue;
      out.push(this.value(m, depth + 1));
    }
  }

  /** An element of a counted, untyped container: skips no-ops. */
  element(depth: number): unknown {
    let m = this.u8();
    while (m === N) m = this.u8();
    return this.value(m, depth + 1);
  }

  object(depth: number): unknown {
    if (depth > this.maxDepth) fail(`nesting deeper than ${this.maxDepth} levels`);
    const out: Record<string, unknown> = {};
    let [type, count] = this.header();
    if (type >= 0) count = this.boundedLength(2); // a key takes at least 2 bytes
    if (count >= 0) {
      for (let i = 0; i < count; i++) {
        const key = this.text(this.boundedLength(1));
        const value = type >= 0 ? this.value(type, depth + 1) : this.element(depth);
        setKey(out, key, value);
      }
      return out;
    }
    for (;;) {
      const b = this.bytes[this.pos];
      if (b === OBJECT_END) {
        this.pos++;
        return out;
      }
      if (b === N) {
        this.pos++;
        continue;
      }
      const key = this.text(this.boundedLength(1));
      setKey(out, key, this.element(depth));
    }
  }
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  // An own "__proto__" property, as JSON.parse makes, never a prototype change.
  if (key === "__proto__") {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else obj[key] = value;
}

/**
 * Decodes one UBJSON value that must fill `bytes` exactly.
 *
 * @example A round trip with binary
 * ```ts
 * import { decodeUbjson, encodeUbjson } from "@autobahn/autobahn/wamp";
 *
 * const value = decodeUbjson(encodeUbjson({ id: 7, blob: new Uint8Array([1, 2]) }));
 * const { id, blob } = value as { id: number; blob: Uint8Array };
 * if (id !== 7 || !(blob instanceof Uint8Array) || blob[1] !== 2) throw new Error("changed");
 * ```
 *
 * @throws {ProtocolError} on malformed or truncated input, trailing bytes,
 *   nesting deeper than `maxDepth` or integers beyond ±2^53.
 */
export function decodeUbjson(bytes: Uint8Array, options: UbjsonOptions = {}): unknown {
  return _decode(bytes, options.maxDepth ?? DEFAULT_MAX_DEPTH);
}

function _decode(bytes: Uint8Array, maxDepth: number): unknown {
  const r = new UbjsonReader(bytes, maxDepth);
  try {
    const value = r.value(r.u8(), 1);
    if (r.pos !== bytes.length) fail(`${bytes.length - r.pos} bytes after the value`);
    return value;
  } catch (err) {
    throw _decodeError("ubjson", err);
  }
}

/**
 * The UBJSON WAMP serializer.
 *
 * @example Round trip a message with binary
 * ```ts
 * import { UbjsonSerializer } from "@autobahn/autobahn/wamp";
 *
 * const ubjson = new UbjsonSerializer();
 * const bytes = ubjson.serialize([1, "realm1", {}]); // [ U 01 S U 06 realm1 { } ]
 * console.log(ubjson.unserialize(bytes)); // [[1, "realm1", {}]]
 * ```
 */
export class UbjsonSerializer implements Serializer {
  /** Always `"ubjson"`. */
  readonly name = "ubjson" as const;
  /** `"wamp.2.ubjson"` or `"wamp.2.ubjson.batched"`. */
  readonly subprotocol: string;
  /** RawSocket serializer id 4. */
  readonly rawSocketId = 4;
  /** UBJSON travels in binary frames. */
  readonly isBinary = true;
  /** Whether messages carry a 4-byte length prefix. */
  readonly batched: boolean;
  readonly #maxDepth: number;

  /** Creates a UBJSON serializer. */
  constructor(options: SerializerOptions = {}) {
    this.batched = options.batched ?? false;
    this.subprotocol = this.batched ? "wamp.2.ubjson.batched" : "wamp.2.ubjson";
    this.#maxDepth = _maxDepth(options.maxDepth);
  }

  /** Serializes one message to UBJSON. */
  serialize(message: unknown[]): Uint8Array {
    try {
      return _encode(message, this.#maxDepth, this.batched);
    } catch (err) {
      throw _encodeError("ubjson", err);
    }
  }

  /** Parses UBJSON bytes into messages. */
  unserialize(payload: Uint8Array | string): unknown[][] {
    const bytes = _binaryPayload("ubjson", payload);
    try {
      if (this.batched) {
        return _splitLengthPrefixed("ubjson", bytes, (r) => this.#decodeOne(r));
      }
      return [this.#decodeOne(bytes)];
    } catch (err) {
      throw _decodeError("ubjson", err);
    }
  }

  #decodeOne(bytes: Uint8Array): unknown[] {
    const value = _decode(bytes, this.#maxDepth);
    if (!Array.isArray(value)) fail("message is not an array");
    return value;
  }
}
