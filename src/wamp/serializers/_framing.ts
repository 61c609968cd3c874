/**
 * Batched framing for the binary serializers (`wamp.2.<format>.batched`):
 * every message is preceded by its length as a 4-byte big-endian integer.
 *
 * @module
 */
import { ProtocolError } from "../errors.ts";

/** Prefixes `body` with its 4-byte big-endian length (one copy). */
export function _lengthPrefix(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/**
 * Splits a batched payload into length-prefixed records and decodes each one.
 * An empty payload holds no messages.
 */
export function _splitLengthPrefixed(
  format: string,
  payload: Uint8Array,
  decodeOne: (record: Uint8Array) => unknown[],
): unknown[][] {
  const out: unknown[][] = [];
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let pos = 0;
  while (pos < payload.length) {
    if (payload.length - pos < 4) {
      throw new ProtocolError(`Cannot unserialize ${format}: truncated batch length prefix`);
    }
    const len = view.getUint32(pos);
    pos += 4;
    if (len > payload.length - pos) {
      throw new ProtocolError(
        `Cannot unserialize ${format}: batch record of ${len} bytes exceeds the ${
          payload.length - pos
        } bytes left`,
      );
    }
    out.push(decodeOne(payload.subarray(pos, pos + len)));
    pos += len;
  }
  return out;
}

/** Returns `payload` as bytes, rejecting strings for binary formats. */
export function _binaryPayload(format: string, payload: Uint8Array | string): Uint8Array {
  if (typeof payload === "string") {
    throw new ProtocolError(`Cannot unserialize ${format}: expected a binary payload, got text`);
  }
  if (!(payload instanceof Uint8Array)) {
    throw new ProtocolError(`Cannot unserialize ${format}: payload is not a Uint8Array`);
  }
  return payload.constructor === Uint8Array
    ? payload
    : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

const SLAB_SIZE = 16384;
const SLAB_COPY_MAX = 2048;
let slab = new Uint8Array(0);
let slabPos = 0;

/**
 * Copies an encoder's scratch output into a view of a shared slab: one
 * `ArrayBuffer` per slab instead of one per message (as `slice` allocates).
 * A slab region is never reused, so the view stays valid and unshared (it
 * may have a non-zero `byteOffset`). Large outputs get their own copy.
 *
 * @internal
 */
export function _copyToSlab(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n > SLAB_COPY_MAX) return bytes.slice();
  if (slabPos + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const start = slabPos;
  slab.set(bytes, start);
  slabPos = (start + n + 7) & ~7;
  return slab.subarray(start, start + n);
}
