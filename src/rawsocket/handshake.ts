/**
 * The RawSocket opening handshake: four octets each way (WAMP advanced
 * profile, "RawSocket Transport", section "Handshake").
 *
 * ```
 * request / success reply:  0111 1111  LLLL SSSS  0000 0000  0000 0000
 * error reply:              0111 1111  EEEE 0000  0000 0000  0000 0000
 * ```
 *
 * `L` is a length exponent (maximum message length `2^(9+L)` octets, 512 B to
 * 16 MiB), `S` a serializer id and `E` an error code. Pure functions; the state
 * machines in `client.ts` and `server.ts` use them.
 *
 * @module
 */
import { RawSocketProtocolError } from "./errors.ts";

/**
 * The magic first octet of every handshake message; no HTTP request starts with it.
 *
 * @example Telling RawSocket from HTTP on a shared port
 * ```ts
 * import { RAWSOCKET_MAGIC } from "@autobahn/autobahn/rawsocket";
 *
 * const isRawSocket = (first: Uint8Array) => first[0] === RAWSOCKET_MAGIC;
 * if (isRawSocket(new TextEncoder().encode("GET /"))) throw new Error("HTTP is not RawSocket");
 * if (!isRawSocket(Uint8Array.of(0x7f, 0xf1, 0, 0))) throw new Error("missed a RawSocket client");
 * ```
 */
export const RAWSOCKET_MAGIC = 0x7f;

/**
 * The length of a handshake request or reply, in octets.
 *
 * @example Reading exactly one handshake message
 * ```ts
 * import { HANDSHAKE_LENGTH, RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const request = new RawSocketClientProtocol({ serializerId: 1 }).dataToSend();
 * if (request.length !== HANDSHAKE_LENGTH) throw new Error(`${request.length} octets`);
 * ```
 */
export const HANDSHAKE_LENGTH = 4;

/**
 * The serializer ids of the RawSocket handshake (0 is illegal, 6..15 reserved).
 *
 * @example Requesting CBOR
 * ```ts
 * import { RawSocketClientProtocol, RawSocketSerializer } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: RawSocketSerializer.CBOR });
 * if (client.dataToSend()[1] !== 0xf3) throw new Error("expected L=15, S=3");
 * ```
 */
export const RawSocketSerializer = {
  /** 1: JSON. */
  JSON: 1,
  /** 2: MessagePack. */
  MSGPACK: 2,
  /** 3: CBOR. */
  CBOR: 3,
  /** 4: UBJSON. */
  UBJSON: 4,
  /** 5: FlatBuffers. */
  FLATBUFFERS: 5,
} as const;

/**
 * The smallest length exponent (0 → 512 octets).
 *
 * @example The smallest maximum a peer can announce
 * ```ts
 * import { maxLengthOf, MIN_LENGTH_EXPONENT } from "@autobahn/autobahn/rawsocket";
 *
 * if (maxLengthOf(MIN_LENGTH_EXPONENT) !== 512) throw new Error("expected 512 octets");
 * ```
 */
export const MIN_LENGTH_EXPONENT = 0;
/**
 * The largest length exponent (15 → 16 MiB).
 *
 * @example The largest maximum a peer can announce
 * ```ts
 * import { MAX_LENGTH_EXPONENT, maxLengthOf } from "@autobahn/autobahn/rawsocket";
 *
 * if (maxLengthOf(MAX_LENGTH_EXPONENT) !== 16 * 1024 * 1024) throw new Error("expected 16 MiB");
 * ```
 */
export const MAX_LENGTH_EXPONENT = 15;
/**
 * The default length exponent: 15, i.e. 16 MiB, as in Autobahn|Python. Routers
 * that face untrusted clients should choose a smaller one.
 *
 * @example An engine's default limit
 * ```ts
 * import { DEFAULT_LENGTH_EXPONENT, RawSocketClientProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * if (client.maxLengthExponent !== DEFAULT_LENGTH_EXPONENT) throw new Error("not the default");
 * ```
 */
export const DEFAULT_LENGTH_EXPONENT = 15;

/**
 * The maximum message length that a length exponent announces: `2^(9+L)`.
 *
 * @example
 * ```ts
 * import { maxLengthOf } from "@autobahn/autobahn/rawsocket";
 * maxLengthOf(0); // 512
 * maxLengthOf(15); // 16777216
 * ```
 *
 * @throws {RangeError} when `exponent` is not an integer in 0..15.
 */
export function maxLengthOf(exponent: number): number {
  checkLengthExponent(exponent);
  return 2 ** (9 + exponent);
}

/**
 * The smallest length exponent whose maximum is at least `bytes`, clamped to
 * 0..15 (so anything above 16 MiB yields 15).
 *
 * @example
 * ```ts
 * import { lengthExponentFor } from "@autobahn/autobahn/rawsocket";
 * lengthExponentFor(1000); // 1 (1024 octets)
 * lengthExponentFor(128 * 1024); // 8
 * ```
 */
export function lengthExponentFor(bytes: number): number {
  let e = MIN_LENGTH_EXPONENT;
  while (e < MAX_LENGTH_EXPONENT && 2 ** (9 + e) < bytes) e++;
  return e;
}

/**
 * A parsed handshake request or success reply.
 *
 * @example Encoding a request from its parameters
 * ```ts
 * import { encodeHandshake, type HandshakeParams } from "@autobahn/autobahn/rawsocket";
 *
 * const params: HandshakeParams = { serializerId: 1, lengthExponent: 0 };
 * if (encodeHandshake(params).join() !== "127,1,0,0") throw new Error("unexpected octets");
 * ```
 */
export interface HandshakeParams {
  /** The serializer id, 1..15. */
  readonly serializerId: number;
  /** The length exponent, 0..15; the maximum message length is `2^(9+L)`. */
  readonly lengthExponent: number;
}

/**
 * A parsed router reply: acceptance or an error code.
 *
 * @example Acting on a router's reply
 * ```ts
 * import { type HandshakeReply, parseHandshakeReply } from "@autobahn/autobahn/rawsocket";
 *
 * const reply: HandshakeReply = parseHandshakeReply(Uint8Array.of(0x7f, 0x20, 0, 0));
 * if (reply.ok) throw new Error("expected a refusal");
 * if (reply.errorCode !== 2) throw new Error(`error ${reply.errorCode}`);
 * ```
 */
export type HandshakeReply =
  | { readonly ok: true; readonly serializerId: number; readonly lengthExponent: number }
  | { readonly ok: false; readonly errorCode: number };

/** @throws {RangeError} unless `e` is an integer in 0..15. */
export function checkLengthExponent(e: number): void {
  if (!Number.isInteger(e) || e < MIN_LENGTH_EXPONENT || e > MAX_LENGTH_EXPONENT) {
    throw new RangeError(`Invalid RawSocket length exponent: ${e} (expected 0..15)`);
  }
}

/** @throws {RangeError} unless `id` is an integer in 1..15. */
export function checkSerializerId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > 15) {
    throw new RangeError(`Invalid RawSocket serializer id: ${id} (expected 1..15)`);
  }
}

/**
 * Encodes a client request, or a router's success reply (same layout).
 *
 * @example
 * ```ts
 * import { encodeHandshake, RawSocketSerializer } from "@autobahn/autobahn/rawsocket";
 * encodeHandshake({ serializerId: RawSocketSerializer.MSGPACK, lengthExponent: 15 });
 * // Uint8Array [0x7f, 0xf2, 0x00, 0x00]
 * ```
 *
 * @throws {RangeError} on an invalid serializer id or length exponent.
 */
export function encodeHandshake(params: HandshakeParams): Uint8Array {
  checkSerializerId(params.serializerId);
  checkLengthExponent(params.lengthExponent);
  return Uint8Array.of(
    RAWSOCKET_MAGIC,
    (params.lengthExponent << 4) | params.serializerId,
    0,
    0,
  );
}

/**
 * Encodes a router's error reply.
 *
 * @example
 * ```ts
 * import { encodeHandshakeError } from "@autobahn/autobahn/rawsocket";
 * encodeHandshakeError(1); // Uint8Array [0x7f, 0x10, 0x00, 0x00]
 * ```
 *
 * @throws {RangeError} unless `errorCode` is an integer in 1..15 (0 is illegal).
 */
export function encodeHandshakeError(errorCode: number): Uint8Array {
  // Spec: "the error code 0 MUST NOT be used".
  if (!Number.isInteger(errorCode) || errorCode < 1 || errorCode > 15) {
    throw new RangeError(`Invalid RawSocket error code: ${errorCode} (expected 1..15)`);
  }
  return Uint8Array.of(RAWSOCKET_MAGIC, errorCode << 4, 0, 0);
}

/**
 * Parses a router's four-octet reply (as the client). An error reply has its
 * serializer bits zero; the error code is returned, not thrown.
 *
 * @throws {RawSocketProtocolError} on a bad magic octet, non-zero reserved
 *   octets, or an error reply with the illegal error code 0.
 *
 * @example Parsing a success reply
 * ```ts
 * import { parseHandshakeReply } from "@autobahn/autobahn/rawsocket";
 *
 * const reply = parseHandshakeReply(Uint8Array.of(0x7f, 0xf2, 0, 0));
 * if (!reply.ok || reply.serializerId !== 2 || reply.lengthExponent !== 15) {
 *   throw new Error("unexpected reply");
 * }
 * ```
 */
export function parseHandshakeReply(bytes: Uint8Array): HandshakeReply {
  checkMagic(bytes);
  // Spec: "The third and forth octets are reserved and MUST be all zeros for now."
  if (bytes[2] !== 0 || bytes[3] !== 0) {
    throw new RawSocketProtocolError("Cannot parse handshake reply: reserved octets not zero");
  }
  const b = bytes[1]!;
  const serializerId = b & 0x0f;
  if (serializerId === 0) {
    const errorCode = b >> 4;
    // Spec: "Note that the error code 0 MUST NOT be used."
    if (errorCode === 0) {
      throw new RawSocketProtocolError("Cannot parse handshake reply: illegal error code 0");
    }
    return { ok: false, errorCode };
  }
  return { ok: true, serializerId, lengthExponent: b >> 4 };
}

/** Throws unless `bytes[0]` is the magic octet 0x7F. */
export function checkMagic(bytes: Uint8Array): void {
  if (bytes[0] !== RAWSOCKET_MAGIC) {
    throw new RawSocketProtocolError(
      `Cannot parse handshake: first octet is 0x${hex2(bytes[0] ?? 0)}, not 0x7f`,
      "bad_magic",
    );
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}
