/**
 * CBOR (RFC 8949) serializer, `wamp.2.cbor` and `wamp.2.cbor.batched`.
 *
 * Encoding is our own: cbor-x writes integers beyond 32 bits as floats, but
 * WAMP IDs up to 2^53 must travel as integers. Decoding uses cbor-x's no-eval
 * build (no `new Function`, so it runs under a strict CSP), followed by a walk
 * that turns 64-bit integers into numbers or rejects them beyond 2^53 and
 * rejects tags that do not map to JSON-like values (dates, sets, ...).
 *
 * @module
 */
import { Decoder } from "cbor-x/decode-no-eval";
import { ProtocolError } from "../errors.ts";
import { _decodeError, _encodeError, _isWireInteger, _maxDepth, _message } from "./_limits.ts";
import { _binaryPayload, _splitLengthPrefixed } from "./_framing.ts";
import { _ByteWriter, _withWriter } from "./_writer.ts";
import type { Serializer, SerializerOptions } from "./serializer.ts";

function headSize(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9;
}

// RFC 8949 §3: the initial byte holds the major type (3 bits) and the
// additional information (5 bits); §4.2.1: use the shortest argument.
function writeHeadAt(w: _ByteWriter, at: number, major: number, n: number): void {
  const mt = major << 5;
  const b = w.bytes;
  if (n < 24) b[at] = mt | n;
  else if (n < 0x100) {
    b[at] = mt | 24;
    b[at + 1] = n;
  } else if (n < 0x10000) {
    b[at] = mt | 25;
    w.view.setUint16(at + 1, n);
  } else if (n < 0x100000000) {
    b[at] = mt | 26;
    w.view.setUint32(at + 1, n);
  } else {
    b[at] = mt | 27;
    const hi = Math.floor(n / 0x100000000);
    w.view.setUint32(at + 1, hi);
    w.view.setUint32(at + 5, n - hi * 0x100000000);
  }
}

function writeHead(w: _ByteWriter, major: number, n: number): void {
  const size = headSize(n);
  w.ensure(size);
  writeHeadAt(w, w.pos, major, n);
  w.pos += size;
}

const writeTextHead = (w: _ByteWriter, at: number, len: number): void => writeHeadAt(w, at, 3, len);

/** True for values JSON leaves out of objects (and writes as null in arrays). */
function isAbsent(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function encodeValue(w: _ByteWriter, v: unknown, depth: number, maxDepth: number): void {
  switch (typeof v) {
    case "string":
      w.utf8(v, headSize, writeTextHead);
      return;
    case "number":
      if (_isWireInteger(v)) writeHead(w, v >= 0 ? 0 : 1, v >= 0 ? v : -1 - v);
      else w.u8f64(0xfb, v); // RFC 8949 §3.3: double-precision float
      return;
    case "boolean":
      w.u8(v ? 0xf5 : 0xf4);
      return;
    case "bigint":
      throw new TypeError("BigInt values are not supported");
    case "object":
      break;
    default: // undefined, function, symbol
      w.u8(0xf6);
      return;
  }
  if (v === null) {
    w.u8(0xf6);
    return;
  }
  if (depth > maxDepth) throw new TypeError(`nesting deeper than ${maxDepth} levels`);
  if (Array.isArray(v)) {
    writeHead(w, 4, v.length);
    for (let i = 0; i < v.length; i++) encodeValue(w, v[i], depth + 1, maxDepth);
    return;
  }
  if (v instanceof Uint8Array) {
    writeHead(w, 2, v.length);
    w.raw(v);
    return;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let count = 0;
  for (let i = 0; i < keys.length; i++) if (!isAbsent(obj[keys[i]!])) count++;
  writeHead(w, 5, count);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = obj[k];
    if (isAbsent(x)) continue;
    w.utf8(k, headSize, writeTextHead);
    encodeValue(w, x, depth + 1, maxDepth);
  }
}

/**
 * The CBOR WAMP serializer. Byte strings decode to `Uint8Array` (copied, never
 * a view of the payload), maps to plain objects; tags other than bignums within
 * ±2^53 are rejected.
 *
 * @example Round trip a message
 * ```ts
 * import { CborSerializer } from "@autobahn/autobahn/wamp";
 *
 * const cbor = new CborSerializer();
 * const bytes = cbor.serialize([1, "realm1", {}]);
 * console.log(cbor.unserialize(bytes)); // [[1, "realm1", {}]]
 * ```
 */
export class CborSerializer implements Serializer {
  /** Always `"cbor"`. */
  readonly name = "cbor" as const;
  /** `"wamp.2.cbor"` or `"wamp.2.cbor.batched"`. */
  readonly subprotocol: string;
  /** RawSocket serializer id 3. */
  readonly rawSocketId = 3;
  /** CBOR travels in binary frames. */
  readonly isBinary = true;
  /** Whether messages carry a 4-byte length prefix. */
  readonly batched: boolean;
  readonly #maxDepth: number;
  readonly #writer = new _ByteWriter();
  readonly #decoder = new Decoder({
    useRecords: false,
    mapsAsObjects: true,
    copyBuffers: true,
    bundleStrings: false,
  });

  /** Creates a CBOR serializer. */
  constructor(options: SerializerOptions = {}) {
    this.batched = options.batched ?? false;
    this.subprotocol = this.batched ? "wamp.2.cbor.batched" : "wamp.2.cbor";
    this.#maxDepth = _maxDepth(options.maxDepth);
  }

  /** Serializes one message to CBOR. */
  serialize(message: unknown[]): Uint8Array {
    return _withWriter(this.#writer, (w) => {
      try {
        encodeValue(w, message, 1, this.#maxDepth);
      } catch (err) {
        throw _encodeError("cbor", err);
      }
      return w.finish(this.batched);
    });
  }

  /** Parses CBOR bytes into messages. */
  unserialize(payload: Uint8Array | string): unknown[][] {
    const bytes = _binaryPayload("cbor", payload);
    try {
      if (this.batched) return _splitLengthPrefixed("cbor", bytes, (r) => this.#decodeOne(r));
      return [this.#decodeOne(bytes)];
    } catch (err) {
      throw _decodeError("cbor", err);
    }
  }

  #decodeOne(bytes: Uint8Array): unknown[] {
    if (bytes.length === 0) throw new ProtocolError("Cannot unserialize cbor: empty message");
    return _message("cbor", this.#decoder.decode(bytes), this.#maxDepth, false);
  }
}
