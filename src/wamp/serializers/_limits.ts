/**
 * Internal helpers shared by the serializers: option checks, the post-decode
 * sanitizing walk and error wrapping.
 *
 * @module
 */
import { ProtocolError } from "../errors.ts";
import { DEFAULT_MAX_DEPTH } from "./serializer.ts";

const MAX_ID = 2 ** 53;
const MAX_ID_BIG = 2n ** 53n;

/** Validates and returns the `maxDepth` option. */
export function _maxDepth(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`maxDepth must be a positive integer, got ${value}`);
  }
  return value;
}

/** True if `n` is an integer that serializers must write as an integer. */
export function _isWireInteger(n: number): boolean {
  // WAMP IDs are drawn from [1, 2^53]; 2^53 itself is not a "safe" integer.
  return Number.isSafeInteger(n) || n === MAX_ID || n === -MAX_ID;
}

/**
 * Wraps anything thrown while decoding into a `ProtocolError`.
 */
export function _decodeError(format: string, err: unknown): ProtocolError {
  if (err instanceof ProtocolError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new ProtocolError(`Cannot unserialize ${format}: ${msg}`, { cause: err });
}

/** Wraps anything thrown while encoding into a `TypeError`. */
export function _encodeError(format: string, err: unknown): TypeError {
  const msg = err instanceof Error ? err.message : String(err);
  return new TypeError(`Cannot serialize ${format}: ${msg}`, { cause: err });
}

/**
 * Checks a value decoded by a third-party decoder and normalizes it in place:
 * BigInts within ±2^53 become numbers (others are rejected), `undefined`
 * becomes `null`, binary becomes a plain (optionally copied) `Uint8Array`, and
 * anything that is not JSON-like (dates, maps, tags, other typed arrays) is
 * rejected, as is nesting deeper than `maxDepth`.
 */
export function _sanitize(
  format: string,
  value: unknown,
  depth: number,
  maxDepth: number,
  copyBinary: boolean,
): unknown {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "undefined":
      return null;
    case "bigint":
      if (value > MAX_ID_BIG || value < -MAX_ID_BIG) {
        throw new ProtocolError(`Cannot unserialize ${format}: integer ${value} is beyond 2^53`);
      }
      return Number(value);
    case "object": {
      if (value === null) return null;
      if (depth > maxDepth) {
        throw new ProtocolError(
          `Cannot unserialize ${format}: nesting deeper than ${maxDepth} levels`,
        );
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          if (typeof v === "object" || typeof v === "bigint" || v === undefined) {
            value[i] = _sanitize(format, v, depth + 1, maxDepth, copyBinary);
          }
        }
        return value;
      }
      if (value instanceof Uint8Array) {
        if (copyBinary) return value.slice();
        return value.constructor === Uint8Array
          ? value
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        const obj = value as Record<string, unknown>;
        for (const k of Object.keys(obj)) {
          const v = obj[k];
          if (typeof v === "object" || typeof v === "bigint" || v === undefined) {
            obj[k] = _sanitize(format, v, depth + 1, maxDepth, copyBinary);
          }
        }
        return value;
      }
      const type = (proto as { constructor?: { name?: string } } | null)?.constructor?.name;
      throw new ProtocolError(`Cannot unserialize ${format}: unsupported value of type ${type}`);
    }
    default:
      throw new ProtocolError(
        `Cannot unserialize ${format}: unsupported value of type ${typeof value}`,
      );
  }
}

/** Sanitizes a decoded top-level value and checks that it is a message array. */
export function _message(
  format: string,
  value: unknown,
  maxDepth: number,
  copyBinary: boolean,
): unknown[] {
  if (!Array.isArray(value)) {
    throw new ProtocolError(`Cannot unserialize ${format}: message is not an array`);
  }
  return _sanitize(format, value, 1, maxDepth, copyBinary) as unknown[];
}
