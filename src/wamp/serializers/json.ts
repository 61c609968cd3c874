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
 * import { JsonSerializer } from "./json.ts";
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
    let text: string;
    try {
      text = hasBinary(message, 1, this.#maxDepth)
        ? JSON.stringify(message, binaryReplacer)
        : JSON.stringify(message);
    } catch (err) {
      throw _encodeError("json", err);
    }
    return utf8Encoder.encode(this.batched ? text + RS : text);
  }

  /** Parses JSON text (bytes or string) into messages. */
  unserialize(payload: Uint8Array | string): unknown[][] {
    let text: string;
    if (typeof payload === "string") text = payload;
    else {
      try {
        text = utf8StrictDecoder.decode(payload);
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
