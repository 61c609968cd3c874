/**
 * WAMP serializers: JSON (with the binary convention), MessagePack, CBOR and
 * UBJSON, each also in its batched variant. A serializer turns one WAMP
 * message (a plain array) into bytes and a payload back into messages;
 * malformed input always raises a `ProtocolError`.
 *
 * @example
 * ```ts
 * import { createSerializer, serializerForSubprotocol } from "@autobahn/autobahn/wamp";
 *
 * const cbor = createSerializer("cbor");
 * const bytes = cbor.serialize([48, 1, {}, "com.myapp.add2", [2, 3]]);
 * const [call] = cbor.unserialize(bytes);
 * console.log(call); // [48, 1, {}, "com.myapp.add2", [2, 3]]
 * console.log(serializerForSubprotocol("wamp.2.json")?.isBinary); // false
 * ```
 *
 * @module
 */
export {
  DEFAULT_MAX_DEPTH,
  type Serializer,
  type SerializerName,
  type SerializerOptions,
} from "./serializer.ts";
export { JsonSerializer } from "./json.ts";
export { MsgpackSerializer } from "./msgpack.ts";
export { CborSerializer } from "./cbor.ts";
export { decodeUbjson, encodeUbjson, type UbjsonOptions, UbjsonSerializer } from "./ubjson.ts";
export {
  createSerializer,
  SERIALIZER_NAMES,
  serializerForRawSocketId,
  serializerForSubprotocol,
  WAMP_SUBPROTOCOLS,
} from "./registry.ts";
