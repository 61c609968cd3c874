/**
 * The {@linkcode Serializer} interface shared by every WAMP serialization and
 * the options they accept.
 *
 * @module
 */

/**
 * The name of a WAMP serialization format.
 *
 * @example Creating a serializer by name
 * ```ts
 * import { createSerializer, type SerializerName } from "@autobahn/autobahn/wamp";
 *
 * const name: SerializerName = "msgpack";
 * const serializer = createSerializer(name);
 * if (serializer.subprotocol !== "wamp.2.msgpack") throw new Error(serializer.subprotocol);
 * ```
 */
export type SerializerName = "json" | "msgpack" | "cbor" | "ubjson";

/**
 * Options accepted by every serializer.
 *
 * @example A batched JSON serializer with a lower nesting limit
 * ```ts
 * import { JsonSerializer, type SerializerOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: SerializerOptions = { batched: true, maxDepth: 16 };
 * const json = new JsonSerializer(options);
 * const bytes = json.serialize([6, {}, "wamp.close.normal"]);
 * if (bytes.at(-1) !== 0x1e) throw new Error("batched JSON ends with 0x1E");
 * ```
 */
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

/**
 * Default for {@linkcode SerializerOptions.maxDepth}.
 *
 * @example Nesting beyond the default depth is refused
 * ```ts
 * import { createSerializer, DEFAULT_MAX_DEPTH } from "@autobahn/autobahn/wamp";
 *
 * let deep: unknown = [];
 * for (let i = 0; i < DEFAULT_MAX_DEPTH; i++) deep = [deep];
 * try {
 *   createSerializer("json").serialize([16, 1, {}, "com.myapp.deep", [deep]]);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof TypeError)) throw err;
 * }
 * ```
 */
export const DEFAULT_MAX_DEPTH = 128;

/**
 * Turns WAMP messages (plain arrays) into bytes and back. Implementations are
 * synchronous and hold no per-connection state, so one instance may be shared.
 *
 * Values carried: `null`, booleans, numbers, strings, `Uint8Array`, arrays and
 * plain objects with string keys. Integers must stay within ±2^53 (the WAMP ID
 * range); larger 64-bit integers on the wire are rejected.
 *
 * @example A round trip through every format
 * ```ts
 * import { createSerializer, SERIALIZER_NAMES, type Serializer } from "@autobahn/autobahn/wamp";
 *
 * const call = [48, 1, {}, "com.myapp.echo", [new Uint8Array([1, 2, 3])]];
 * for (const name of SERIALIZER_NAMES) {
 *   const serializer: Serializer = createSerializer(name);
 *   const [back] = serializer.unserialize(serializer.serialize(call));
 *   if (JSON.stringify(back) !== JSON.stringify(call)) throw new Error(`${name} differs`);
 * }
 * ```
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
