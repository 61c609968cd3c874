/**
 * Finding a serializer by name, WebSocket subprotocol or RawSocket id.
 *
 * @module
 */
import { CborSerializer } from "./cbor.ts";
import { JsonSerializer } from "./json.ts";
import { MsgpackSerializer } from "./msgpack.ts";
import type { Serializer, SerializerName, SerializerOptions } from "./serializer.ts";
import { UbjsonSerializer } from "./ubjson.ts";

/**
 * Every WAMP WebSocket subprotocol we speak, most preferred first: the binary
 * formats (native binary, no base64) before JSON, unbatched before batched.
 *
 * @example Picking the first subprotocol a peer also speaks
 * ```ts
 * import { serializerForSubprotocol, WAMP_SUBPROTOCOLS } from "@autobahn/autobahn/wamp";
 *
 * const offered = ["wamp.2.json", "wamp.2.msgpack"];
 * const chosen = WAMP_SUBPROTOCOLS.find((p) => offered.includes(p));
 * if (chosen !== "wamp.2.msgpack") throw new Error(`unexpected ${chosen}`);
 * if (serializerForSubprotocol(chosen)?.name !== "msgpack") throw new Error("no serializer");
 * ```
 */
export const WAMP_SUBPROTOCOLS: readonly string[] = Object.freeze([
  "wamp.2.cbor",
  "wamp.2.msgpack",
  "wamp.2.ubjson",
  "wamp.2.json",
  "wamp.2.cbor.batched",
  "wamp.2.msgpack.batched",
  "wamp.2.ubjson.batched",
  "wamp.2.json.batched",
]);

/**
 * The serializer names in preference order.
 *
 * @example One serializer of each format
 * ```ts
 * import { createSerializer, SERIALIZER_NAMES } from "@autobahn/autobahn/wamp";
 *
 * const serializers = SERIALIZER_NAMES.map((name) => createSerializer(name));
 * if (serializers[0]?.name !== "cbor") throw new Error("CBOR is preferred");
 * ```
 */
export const SERIALIZER_NAMES: readonly SerializerName[] = Object.freeze([
  "cbor",
  "msgpack",
  "ubjson",
  "json",
]);

const RAWSOCKET_IDS: Record<number, SerializerName> = {
  1: "json",
  2: "msgpack",
  3: "cbor",
  4: "ubjson",
};

/**
 * Creates a serializer by format name.
 *
 * @example
 * ```ts
 * import { createSerializer } from "@autobahn/autobahn/wamp";
 *
 * const s = createSerializer("msgpack", { batched: true });
 * console.log(s.subprotocol); // "wamp.2.msgpack.batched"
 * ```
 *
 * @throws {RangeError} for an unknown name.
 */
export function createSerializer(
  name: SerializerName,
  options: SerializerOptions = {},
): Serializer {
  switch (name) {
    case "json":
      return new JsonSerializer(options);
    case "msgpack":
      return new MsgpackSerializer(options);
    case "cbor":
      return new CborSerializer(options);
    case "ubjson":
      return new UbjsonSerializer(options);
    default:
      throw new RangeError(`Unknown serializer: ${name}`);
  }
}

/**
 * Creates the serializer for a WebSocket subprotocol such as
 * `"wamp.2.cbor.batched"`, or returns `undefined` if we do not speak it.
 *
 * @example
 * ```ts
 * import { serializerForSubprotocol } from "@autobahn/autobahn/wamp";
 *
 * const s = serializerForSubprotocol("wamp.2.cbor.batched");
 * console.log(s?.name, s?.batched); // "cbor" true
 * ```
 */
export function serializerForSubprotocol(
  subprotocol: string,
  options: Omit<SerializerOptions, "batched"> = {},
): Serializer | undefined {
  const m = /^wamp\.2\.(json|msgpack|cbor|ubjson)(\.batched)?$/.exec(subprotocol);
  if (m === null) return undefined;
  return createSerializer(m[1] as SerializerName, { ...options, batched: m[2] !== undefined });
}

/**
 * Creates the serializer for a RawSocket serializer id (1 JSON, 2 MessagePack,
 * 3 CBOR, 4 UBJSON), or returns `undefined` for other ids (e.g. 5 FlatBuffers).
 * RawSocket frames messages itself, so these are never batched.
 *
 * @example
 * ```ts
 * import { serializerForRawSocketId } from "@autobahn/autobahn/wamp";
 *
 * console.log(serializerForRawSocketId(3)?.name); // "cbor"
 * ```
 */
export function serializerForRawSocketId(
  id: number,
  options: Omit<SerializerOptions, "batched"> = {},
): Serializer | undefined {
  const name = Object.hasOwn(RAWSOCKET_IDS, id) ? RAWSOCKET_IDS[id] : undefined;
  return name === undefined ? undefined : createSerializer(name, { ...options, batched: false });
}
