/**
 * The {@linkcode Serializer} interface shared by every WAMP serialization and
 * the options they accept.
 *
 * @module
 */

/** The name of a WAMP serialization format. */
export type SerializerName = "json" | "msgpack" | "cbor" | "ubjson";

/** Options accepted by every serializer. */
export interface SerializerOptions {
  /**
   * Use the batched variant (`wamp.2.<name>.batched`): JSON messages end with
   * the 0x1E record separator, binary ones carry a 4-byte big-endian length
   * prefix. Default `false`.
   */
  batched?: boolean;
  /**
   * Maximum container nesting depth, counting the message array itself as 1.
   * Deeper input is rejected by `unserialize` with a `ProtocolError` and by
   * `serialize` with a `TypeError`. Default {@linkcode DEFAULT_MAX_DEPTH}.
   */
  maxDepth?: number;
}

/** Default for {@linkcode SerializerOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 128;

/**
 * Turns WAMP messages (plain arrays) into bytes and back. Implementations are
 * synchronous and hold no per-connection state, so one instance may be shared.
 *
 * Values carried: `null`, booleans, numbers, strings, `Uint8Array`, arrays and
 * plain objects with string keys. Integers must stay within ±2^53 (the WAMP ID
 * range); larger 64-bit integers on the wire are rejected.
 */
export interface Serializer {
  /** The serialization format. */
  readonly name: SerializerName;
  /** The WebSocket subprotocol, e.g. `"wamp.2.json"` or `"wamp.2.cbor.batched"`. */
  readonly subprotocol: string;
  /** The RawSocket serializer id: 1 JSON, 2 MessagePack, 3 CBOR, 4 UBJSON. */
  readonly rawSocketId: number;
  /** Whether WebSocket messages are sent as binary frames (JSON uses text). */
  readonly isBinary: boolean;
  /** Whether this is the batched variant. */
  readonly batched: boolean;
  /**
   * Serializes one WAMP message.
   *
   * @throws {TypeError} if the message holds a value the format cannot carry
   *   (a `BigInt`, a cycle, nesting deeper than `maxDepth`).
   */
  serialize(message: unknown[]): Uint8Array;
  /**
   * Parses a payload into WAMP messages (exactly one unless batched). A text
   * frame's payload may be passed as a string.
   *
   * @throws {ProtocolError} on any malformed input; nothing else escapes.
   */
  unserialize(payload: Uint8Array | string): unknown[][];
}
