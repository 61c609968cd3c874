/**
 * JSON serializer, `wamp.2.json` and `wamp.2.json.batched`, with the WAMP
 * binary convention: a `Uint8Array` travels as the string `"\0"` + base64.
 *
 * @module
 */
import { ProtocolError } from "../errors.ts";
import { decodeBase64, encodeBase64, utf8Encoder, utf8StrictDecoder } from "../../util/bytes.ts";
import { _decodeError, _encodeError, _maxDepth } from "./_limits.ts";
import type { Serializer, SerializerOptions } from "./serializer.ts";

// Native base64 (Uint8Array.prototype.toBase64 / Uint8Array.fromBase64) is
// ~100x faster where the runtime has it; the portable helpers are the fallback.
const nativeToBase64 = (Uint8Array.prototype as unknown as { toBase64?: () => string }).toBase64;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array })
  .fromBase64;

function bytesToBase64(b: Uint8Array): string {
  return nativeToBase64 !== undefined ? nativeToBase64.call(b) : encodeBase64(b);
}

function base64ToBytes(s: string): Uint8Array {
  if (nativeFromBase64 !== undefined) {
    try {
      return nativeFromBase64(s);
    } catch {
      // Not standard base64: try the lenient decoder (it also takes base64url).
    }
  }
  return decodeBase64(s);
}

/** The record separator that ends each message of `wamp.2.json.batched`. */
const RS = "\u001e";

/**
 * Small messages are encoded into views of a shared slab: one `ArrayBuffer`
 * per slab instead of one per message (as `TextEncoder.encode` allocates),
 * and ASCII text, the common case, is copied by a plain loop rather than a
 * call into the runtime. A slab region is never reused, so a returned view
 * stays valid and unshared (it may have a non-zero `byteOffset`).
 */
const SLAB_SIZE = 16384;
/**
 * Size limits of the fast paths (measured: above them the runtime's
 * TextEncoder / TextDecoder / JSON.parse win): the ASCII encode loop, the
 * JSON writer's output, the ASCII decode loop and the byte-level parser.
 */
const ENCODE_JS_MAX = 256;
const WRITE_MAX = 512;
const DECODE_JS_MAX = 96;
const PARSE_MAX = 256;
let slab = new Uint8Array(0);
let slabPos = 0;

/** UTF-8 encodes `text` (ASCII fast path, slab for small messages). */
function encodeUtf8(text: string): Uint8Array {
  const n = text.length;
  if (n > ENCODE_JS_MAX) return utf8Encoder.encode(text);
  if (slabPos + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const buf = slab;
  const start = slabPos;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return utf8Encoder.encode(text);
    buf[start + i] = c;
  }
  slabPos = (start + n + 7) & ~7;
  return buf.subarray(start, start + n);
}

// ---------------------------------------------------------------------------
// Fast path for small messages: JSON parsed straight from the bytes, without
// decoding to a string first. It takes only the plain subset (arrays, empty
// objects, ASCII strings without escapes, numbers, literals) and gives up on
// anything else, which then goes through TextDecoder and JSON.parse as
// before: the result is always what JSON.parse gives, and every error still
// comes from the full path.

/** Returned by the fast parser when it gives up. */
const FAIL: unique symbol = Symbol("fail");
let fastBytes: Uint8Array = new Uint8Array(0);
let fastPos = 0;
let fastMaxDepth = 0;
/** Reused code unit list of {@linkcode fastString}. */
const stringCodes: number[] = [];
const OBJECT_PROTOTYPE = Object.prototype;

/** Skips JSON whitespace; returns the next byte, or -1 at the end. */
function fastSkip(): number {
  const b = fastBytes;
  const n = b.length;
  let p = fastPos;
  while (p < n) {
    const c = b[p];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      fastPos = p;
      return c;
    }
    p++;
  }
  fastPos = p;
  return -1;
}

function fastValue(depth: number): unknown {
  const c = fastSkip();
  if (c === 0x5b) return fastArray(depth + 1); // [
  if (c === 0x22) return fastString(); // "
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d) return fastNumber(); // 0-9 -
  if (c === 0x7b) return fastObject(depth + 1); // {
  const b = fastBytes;
  const p = fastPos;
  if (c === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
    fastPos = p + 4;
    return true;
  }
  if (
    c === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 &&
    b[p + 4] === 0x65
  ) {
    fastPos = p + 5;
    return false;
  }
  if (c === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
    fastPos = p + 4;
    return null;
  }
  return FAIL;
}

function fastArray(depth: number): unknown {
  if (depth > fastMaxDepth) return FAIL;
  fastPos++;
  const out: unknown[] = [];
  if (fastSkip() === 0x5d) {
    fastPos++;
    return out;
  }
  for (;;) {
    const v = fastValue(depth);
    if (v === FAIL) return FAIL;
    out.push(v);
    const c = fastSkip();
    if (c === 0x2c) fastPos++;
    else if (c === 0x5d) {
      fastPos++;
      return out;
    } else return FAIL;
  }
}

function fastObject(depth: number): unknown {
  if (depth > fastMaxDepth) return FAIL;
  fastPos++;
  // Only `{}` (the usual details and options): storing keys from fresh
  // strings one by one costs more than JSON.parse, so a non-empty object
  // takes the full path.
  if (fastSkip() !== 0x7d) return FAIL;
  fastPos++;
  return {};
}

/** A string of printable ASCII without escapes. */
function fastString(): string | typeof FAIL {
  const b = fastBytes;
  const n = b.length;
  const start = fastPos + 1;
  let p = start;
  for (;;) {
    if (p >= n) return FAIL;
    const c = b[p];
    if (c === 0x22) break;
    if (c === 0x5c || c < 0x20 || c >= 0x80) return FAIL;
    stringCodes[p - start] = c;
    p++;
  }
  fastPos = p + 1;
  const len = p - start;
  if (len === 0) return "";
  if (stringCodes.length !== len) stringCodes.length = len;
  return String.fromCharCode.apply(null, stringCodes);
}

/**
 * A JSON number. An integer of at most 16 digits is computed directly: every
 * prefix is exact in a double and the last step rounds once, so the value is
 * the correctly rounded one that JSON.parse gives. Other numbers are checked
 * against the JSON grammar and converted by Number(), which rounds the same.
 */
function fastNumber(): number | typeof FAIL {
  const b = fastBytes;
  const n = b.length;
  let p = fastPos;
  const negative = b[p] === 0x2d;
  if (negative) p++;
  const start = p;
  let c = b[p];
  let v = 0;
  if (c === 0x30) p++;
  else if (c >= 0x31 && c <= 0x39) {
    // The first 9 digits in small-integer arithmetic, the rest in doubles.
    let x = 0;
    const intEnd = p + 9 < n ? p + 9 : n;
    while (p < intEnd) {
      c = b[p];
      if (c < 0x30 || c > 0x39) break;
      x = x * 10 + (c - 0x30);
      p++;
    }
    v = x;
    while (p < n) {
      c = b[p];
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      p++;
    }
  } else return FAIL;
  c = p < n ? b[p] : -1;
  if (c >= 0x30 && c <= 0x39) return FAIL; // a leading zero: not JSON
  if (p - start <= 16 && c !== 0x2e && c !== 0x65 && c !== 0x45) {
    fastPos = p;
    return negative ? -v : v;
  }
  // Fraction, exponent or a long integer: check the JSON number grammar,
  // then let Number() round the text, as JSON.parse does.
  if (c === 0x2e) {
    const digits = ++p;
    while (p < n && b[p] >= 0x30 && b[p] <= 0x39) p++;
    if (p === digits) return FAIL;
    c = p < n ? b[p] : -1;
  }
  if (c === 0x65 || c === 0x45) {
    p++;
    if (p < n && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    const digits = p;
    while (p < n && b[p] >= 0x30 && b[p] <= 0x39) p++;
    if (p === digits) return FAIL;
  }
  const first = fastPos;
  const len = p - first;
  for (let i = 0; i < len; i++) stringCodes[i] = b[first + i];
  if (stringCodes.length !== len) stringCodes.length = len;
  fastPos = p;
  return Number(String.fromCharCode.apply(null, stringCodes));
}

/** Parses one message array from bytes, or returns {@linkcode FAIL}. */
function fastParse(bytes: Uint8Array, maxDepth: number): unknown[] | typeof FAIL {
  fastBytes = bytes;
  fastPos = 0;
  fastMaxDepth = maxDepth;
  let v: unknown = FAIL;
  if (fastSkip() === 0x5b) {
    v = fastArray(1);
    if (v !== FAIL && fastSkip() !== -1) v = FAIL;
  }
  fastBytes = EMPTY_BYTES;
  return v as unknown[] | typeof FAIL;
}

const EMPTY_BYTES = new Uint8Array(0);

// ---------------------------------------------------------------------------
// Fast path for sending: small messages of plain arrays, plain objects,
// printable ASCII strings, finite numbers, booleans and null are written as
// JSON straight into the slab, without JSON.stringify's string and its
// encoding. Anything else (binary values, escapes, non-ASCII, undefined,
// toJSON, class instances, deep nesting, more than WRITE_MAX bytes) gives
// up and takes the full path; the output is byte for byte JSON.stringify's.

let out: Uint8Array = EMPTY_BYTES;
let outPos = 0;
let outEnd = 0;
let outMaxDepth = 0;
const ARRAY_PROTOTYPE = Array.prototype;
const TWO_53 = 2 ** 53;

function writeValue(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case "number":
      return writeNumber(v);
    case "string":
      return writeString(v);
    case "boolean":
      return v ? writeWord(0x74, 0x72, 0x75, 0x65) : writeFalse();
    case "object":
      if (v === null) return writeWord(0x6e, 0x75, 0x6c, 0x6c);
      return Array.isArray(v) ? writeArray(v, depth + 1) : writeObject(v, depth + 1);
    default:
      return false; // undefined, functions, symbols, bigints
  }
}

function writeWord(a: number, b: number, c: number, d: number): boolean {
  const p = outPos;
  if (p + 4 > outEnd) return false;
  const o = out;
  o[p] = a;
  o[p + 1] = b;
  o[p + 2] = c;
  o[p + 3] = d;
  outPos = p + 4;
  return true;
}

function writeFalse(): boolean {
  if (outPos + 5 > outEnd) return false;
  out[outPos++] = 0x66;
  return writeWord(0x61, 0x6c, 0x73, 0x65);
}

function writeArray(a: unknown[], depth: number): boolean {
  if (depth > outMaxDepth || Object.getPrototypeOf(a) !== ARRAY_PROTOTYPE) return false;
  if ((a as { toJSON?: unknown }).toJSON !== undefined) return false;
  const n = a.length;
  if (outPos + 2 + n > outEnd) return false;
  out[outPos++] = 0x5b; // [
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      if (outPos >= outEnd) return false;
      out[outPos++] = 0x2c; // ,
    }
    if (!writeValue(a[i], depth)) return false; // holes too: JSON has null there
  }
  if (outPos >= outEnd) return false;
  out[outPos++] = 0x5d; // ]
  return true;
}

function writeObject(o: object, depth: number): boolean {
  if (depth > outMaxDepth) return false;
  const proto = Object.getPrototypeOf(o);
  if (proto !== OBJECT_PROTOTYPE && proto !== null) return false;
  if ((o as { toJSON?: unknown }).toJSON !== undefined) return false;
  if (outPos >= outEnd) return false;
  out[outPos++] = 0x7b; // {
  let first = true;
  // for-in visits own keys in JSON.stringify's order (integer keys first, then insertion order).
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    const v = (o as Record<string, unknown>)[key];
    const t = typeof v;
    if (t === "undefined" || t === "function" || t === "symbol") continue; // JSON omits them
    if (!first) {
      if (outPos >= outEnd) return false;
      out[outPos++] = 0x2c; // ,
    }
    first = false;
    if (!writeString(key) || outPos >= outEnd) return false;
    out[outPos++] = 0x3a; // :
    if (!writeValue(v, depth)) return false;
  }
  if (outPos >= outEnd) return false;
  out[outPos++] = 0x7d; // }
  return true;
}

/** A string of printable ASCII without `"` or `\`: nothing to escape. */
function writeString(s: string): boolean {
  const n = s.length;
  let p = outPos;
  if (p + n + 2 > outEnd) return false;
  const o = out;
  o[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) return false;
    o[p++] = c;
  }
  o[p++] = 0x22;
  outPos = p;
  return true;
}

function writeNumber(v: number): boolean {
  if (!(v <= TWO_53 && v >= -TWO_53 && Number.isInteger(v))) {
    // Fractions, large and non-finite numbers as JSON.stringify writes them.
    return Number.isFinite(v) ? writeAscii(String(v)) : writeWord(0x6e, 0x75, 0x6c, 0x6c);
  }
  if (outPos + 17 > outEnd) return false;
  if (v < 0) {
    out[outPos++] = 0x2d; // -
    v = -v;
  }
  if (v < 0x40000000) {
    writeInt(v | 0); // also -0 as "0", like JSON.stringify
    return true;
  }
  // Up to 2^53: the high part fits an int32, the low 8 digits too.
  const high = Math.floor(v / 1e8);
  let low = (v - high * 1e8) | 0;
  writeInt(high);
  const o = out;
  for (let i = outPos + 7; i >= outPos; i--) {
    const q = (low / 10) | 0;
    o[i] = 0x30 + (low - q * 10);
    low = q;
  }
  outPos += 8;
  return true;
}

/** Writes a non-negative int32 in decimal (int arithmetic, no floating-point modulo). */
function writeInt(x: number): void {
  const o = out;
  const p = outPos;
  if (x < 10) {
    o[p] = 0x30 + x;
    outPos = p + 1;
    return;
  }
  let n = 1;
  for (let t = x; t >= 10; t = (t / 10) | 0) n++;
  for (let i = p + n - 1; i >= p; i--) {
    const q = (x / 10) | 0;
    o[i] = 0x30 + (x - q * 10);
    x = q;
  }
  outPos = p + n;
}

function writeAscii(s: string): boolean {
  const n = s.length;
  if (outPos + n > outEnd) return false;
  for (let i = 0; i < n; i++) out[outPos++] = s.charCodeAt(i);
  return true;
}

/** Writes `message` as JSON into the slab, or returns undefined to give up. */
function fastStringify(
  message: unknown[],
  maxDepth: number,
  batched: boolean,
): Uint8Array | undefined {
  if (slab.length - slabPos <= WRITE_MAX) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const start = slabPos;
  out = slab;
  outPos = start;
  outEnd = start + WRITE_MAX;
  outMaxDepth = maxDepth;
  let ok = writeArray(message, 1);
  if (ok && batched) ok = writeAscii(RS);
  out = EMPTY_BYTES;
  if (!ok) return undefined; // the bytes written stay unused
  slabPos = (outPos + 7) & ~7;
  return slab.subarray(start, outPos);
}

/** Reused code unit list of {@linkcode decodeUtf8} (a plain array applies fastest). */
const codes: number[] = [];

/** Decodes strict UTF-8 (ASCII fast path for small messages). */
function decodeUtf8(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > DECODE_JS_MAX) return utf8StrictDecoder.decode(bytes);
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c >= 0x80) return utf8StrictDecoder.decode(bytes);
    codes[i] = c;
  }
  if (codes.length !== n) codes.length = n;
  // ASCII is valid UTF-8 and maps byte for byte onto UTF-16 code units.
  return String.fromCharCode.apply(null, codes);
}

/**
 * Scans a value for binary leaves and checks the nesting depth, without
 * allocating. Returns true if a `Uint8Array` is present.
 */
function hasBinary(v: unknown, depth: number, maxDepth: number): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (v instanceof Uint8Array) return true;
  if (depth > maxDepth) throw new TypeError(`nesting deeper than ${maxDepth} levels`);
  let found = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null && hasBinary(x, depth + 1, maxDepth)) found = true;
    }
  } else {
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === "object" && x !== null && hasBinary(x, depth + 1, maxDepth)) found = true;
    }
  }
  return found;
}

/**
 * WAMP spec, "Binary conversion of JSON Strings": a byte array becomes "\0"
 * followed by its Base64 encoding. The holder's raw value is checked so that a
 * `toJSON` (Node's Buffer has one) cannot hide the bytes.
 */
function binaryReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? "\0" + bytesToBase64(raw) : value;
}

/**
 * Converts "\0"-prefixed strings back to bytes in place and checks the
 * nesting depth. "If the string starts with a \0 character, interpret the rest
 * (after the first character) as Base64 and decode to a byte array."
 */
function revive(v: unknown, depth: number, maxDepth: number, binary: boolean): unknown {
  if (typeof v === "string") {
    if (binary && v.charCodeAt(0) === 0) {
      try {
        return base64ToBytes(v.slice(1));
      } catch (err) {
        throw new ProtocolError(
          `Cannot unserialize json: invalid base64 in binary string (${(err as Error).message})`,
        );
      }
    }
    return v;
  }
  if (typeof v !== "object" || v === null) return v;
  if (depth > maxDepth) {
    throw new ProtocolError(`Cannot unserialize json: nesting deeper than ${maxDepth} levels`);
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" || (binary && typeof x === "string")) {
        v[i] = revive(x, depth + 1, maxDepth, binary);
      }
    }
  } else {
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const x = obj[k];
      if (typeof x === "object" || (binary && typeof x === "string")) {
        obj[k] = revive(x, depth + 1, maxDepth, binary);
      }
    }
  }
  return v;
}

/**
 * The JSON WAMP serializer. Outgoing messages are UTF-8 bytes meant for text
 * frames; incoming payloads may be bytes (validated as UTF-8) or a string.
 *
 * @example Binary values travel as "\0" + base64
 * ```ts
 * import { JsonSerializer } from "@autobahn/autobahn/wamp";
 *
 * const json = new JsonSerializer();
 * const bytes = json.serialize([36, 1, 2, {}, [new Uint8Array([1, 2, 3])]]);
 * console.log(new TextDecoder().decode(bytes)); // [36,1,2,{},["\u0000AQID"]]
 * console.log(json.unserialize(bytes)[0]![4]); // [Uint8Array(3) [1, 2, 3]]
 * ```
 */
export class JsonSerializer implements Serializer {
  /** Always `"json"`. */
  readonly name = "json" as const;
  /** `"wamp.2.json"` or `"wamp.2.json.batched"`. */
  readonly subprotocol: string;
  /** RawSocket serializer id 1. */
  readonly rawSocketId = 1;
  /** JSON travels in text frames. */
  readonly isBinary = false;
  /** Whether each message ends with the 0x1E record separator. */
  readonly batched: boolean;
  readonly #maxDepth: number;

  /** Creates a JSON serializer. */
  constructor(options: SerializerOptions = {}) {
    this.batched = options.batched ?? false;
    this.subprotocol = this.batched ? "wamp.2.json.batched" : "wamp.2.json";
    this.#maxDepth = _maxDepth(options.maxDepth);
  }

  /** Serializes one message to UTF-8 JSON text. */
  serialize(message: unknown[]): Uint8Array {
    const fast = fastStringify(message, this.#maxDepth, this.batched);
    if (fast !== undefined) return fast;
    let text: string;
    try {
      text = hasBinary(message, 1, this.#maxDepth)
        ? JSON.stringify(message, binaryReplacer)
        : JSON.stringify(message);
    } catch (err) {
      throw _encodeError("json", err);
    }
    return encodeUtf8(this.batched ? text + RS : text);
  }

  /** Parses JSON text (bytes or string) into messages. */
  unserialize(payload: Uint8Array | string): unknown[][] {
    if (typeof payload !== "string" && !this.batched && payload.length <= PARSE_MAX) {
      const fast = fastParse(payload, this.#maxDepth);
      if (fast !== FAIL) return [fast];
    }
    let text: string;
    if (typeof payload === "string") text = payload;
    else {
      try {
        text = decodeUtf8(payload);
      } catch (err) {
        throw _decodeError("json", new Error("invalid UTF-8", { cause: err }));
      }
    }
    // JSON strings cannot hold a raw NUL (RFC 8259 §7), so a binary value is
    // present only if the text contains the escape "\u0000".
    const binary = text.includes("\\u0000");
    if (!this.batched) return [this.#parseOne(text, binary)];
    const records = text.split(RS);
    // Each message is followed by a separator: ignore the empty last record.
    if (records.length > 0 && records[records.length - 1] === "") records.pop();
    const out: unknown[][] = new Array(records.length);
    for (let i = 0; i < records.length; i++) out[i] = this.#parseOne(records[i]!, binary);
    return out;
  }

  #parseOne(text: string, binary: boolean): unknown[] {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw _decodeError("json", err);
    }
    if (!Array.isArray(value)) {
      throw new ProtocolError("Cannot unserialize json: message is not an array");
    }
    // A message shorter than maxDepth characters cannot nest deeper than that.
    if (binary || text.length > this.#maxDepth) revive(value, 1, this.#maxDepth, binary);
    return value;
  }
}
