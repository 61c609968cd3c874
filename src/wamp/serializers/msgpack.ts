/**
 * MessagePack serializer, `wamp.2.msgpack` and `wamp.2.msgpack.batched`, over
 * `@msgpack/msgpack` (pure JS, no `new Function`; chosen over msgpackr, which
 * writes integers beyond 32 bits as floats and generates code for records).
 *
 * @module
 */
import { Decoder, Encoder, type ExtensionCodecType } from "@msgpack/msgpack";
import { ProtocolError } from "../errors.ts";
import { _decodeError, _encodeError, _maxDepth, _message } from "./_limits.ts";
import { _binaryPayload, _copyToSlab, _lengthPrefix, _splitLengthPrefixed } from "./_framing.ts";
import type { Serializer, SerializerOptions } from "./serializer.ts";

/**
 * No extension types (timestamps and others are not JSON-like values), except
 * msgpackr's encoding of `undefined` (fixext 1, type 0, data 0) that clients
 * such as wampy send for unset options: it decodes as `undefined` (an absent key).
 */
const NO_EXTENSIONS: ExtensionCodecType<undefined> = {
  tryToEncode: () => null,
  decode: (data: Uint8Array, type: number): undefined => {
    if (type === 0 && data.length === 1 && data[0] === 0) return undefined;
    throw new ProtocolError(`Cannot unserialize msgpack: extension type ${type} is not supported`);
  },
};

/** The members of @msgpack/msgpack 3.x's Encoder we patch (private in its types). */
interface EncoderInternals {
  encodeNumber(n: number): void;
  writeU8(b: number): void;
  writeU64(n: number): void;
  writeI64(n: number): void;
}

const TWO_53 = 2 ** 53;

/**
 * @msgpack/msgpack writes only safe integers as integers; WAMP IDs reach 2^53
 * itself, which must stay an integer (uint 64) on the wire.
 */
class WampEncoder extends Encoder<undefined> {}
const baseEncodeNumber = (Encoder.prototype as unknown as EncoderInternals).encodeNumber;
(WampEncoder.prototype as unknown as EncoderInternals).encodeNumber = function (
  this: EncoderInternals,
  n: number,
): void {
  if (n === TWO_53) {
    this.writeU8(0xcf);
    this.writeU64(n);
  } else if (n === -TWO_53) {
    this.writeU8(0xd3);
    this.writeI64(n);
  } else baseEncodeNumber.call(this, n);
};

/**
 * The MessagePack WAMP serializer. Binary travels as `bin` and decodes to a
 * copied `Uint8Array`; 64-bit integers beyond ±2^53 and extension types are
 * rejected with a `ProtocolError`.
 *
 * @example Round trip a message
 * ```ts
 * import { MsgpackSerializer } from "@autobahn/autobahn/wamp";
 *
 * const msgpack = new MsgpackSerializer();
 * const bytes = msgpack.serialize([1, "realm1", {}]); // 93 01 a6 72 65 61 6c 6d 31 80
 * console.log(msgpack.unserialize(bytes)); // [[1, "realm1", {}]]
 * ```
 */
export class MsgpackSerializer implements Serializer {
  /** Always `"msgpack"`. */
  readonly name = "msgpack" as const;
  /** `"wamp.2.msgpack"` or `"wamp.2.msgpack.batched"`. */
  readonly subprotocol: string;
  /** RawSocket serializer id 2. */
  readonly rawSocketId = 2;
  /** MessagePack travels in binary frames. */
  readonly isBinary = true;
  /** Whether messages carry a 4-byte length prefix. */
  readonly batched: boolean;
  readonly #maxDepth: number;
  readonly #encoder: Encoder<undefined>;
  readonly #decoder: Decoder<undefined>;

  /** Creates a MessagePack serializer. */
  constructor(options: SerializerOptions = {}) {
    this.batched = options.batched ?? false;
    this.subprotocol = this.batched ? "wamp.2.msgpack.batched" : "wamp.2.msgpack";
    this.#maxDepth = _maxDepth(options.maxDepth);
    this.#encoder = new WampEncoder({
      extensionCodec: NO_EXTENSIONS,
      ignoreUndefined: true,
      maxDepth: this.#maxDepth,
    });
    // BigInt for every 64-bit integer, so the walk can reject those beyond 2^53
    // instead of receiving a silently rounded number.
    this.#decoder = new Decoder({ extensionCodec: NO_EXTENSIONS, useBigInt64: true });
  }

  /** Serializes one message to MessagePack. */
  serialize(message: unknown[]): Uint8Array {
    try {
      if (this.batched) return _lengthPrefix(this.#encoder.encodeSharedRef(message));
      // The shared-buffer result is copied at once, into a slab rather than a new buffer.
      return _copyToSlab(this.#encoder.encodeSharedRef(message));
    } catch (err) {
      throw _encodeError("msgpack", err);
    }
  }

  /** Parses MessagePack bytes into messages. */
  unserialize(payload: Uint8Array | string): unknown[][] {
    const bytes = _binaryPayload("msgpack", payload);
    try {
      if (this.batched) {
        return _splitLengthPrefixed("msgpack", bytes, (r) => this.#decodeOne(r));
      }
      return [this.#decodeOne(bytes)];
    } catch (err) {
      throw _decodeError("msgpack", err);
    }
  }

  #decodeOne(bytes: Uint8Array): unknown[] {
    if (bytes.length === 0) throw new ProtocolError("Cannot unserialize msgpack: empty message");
    // Binary decodes as views of the payload: copy them in the walk.
    return _message("msgpack", this.#decoder.decode(bytes), this.#maxDepth, true);
  }
}
