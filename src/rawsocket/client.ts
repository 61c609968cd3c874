/**
 * The client side of a RawSocket connection: sends the handshake request at
 * construction and validates the router's reply.
 *
 * @module
 */
import { RawSocketHandshakeError, RawSocketProtocolError } from "./errors.ts";
import { checkSerializerId, encodeHandshake, parseHandshakeReply } from "./handshake.ts";
import { type RawSocketOptions, RawSocketProtocol } from "./protocol.ts";

/**
 * Options of a {@linkcode RawSocketClientProtocol}.
 *
 * @example A MessagePack client that accepts up to 1 MiB
 * ```ts
 * import {
 *   RawSocketClientProtocol,
 *   type RawSocketClientOptions,
 *   RawSocketSerializer,
 * } from "@autobahn/autobahn/rawsocket";
 *
 * const options: RawSocketClientOptions = {
 *   serializerId: RawSocketSerializer.MSGPACK,
 *   maxLengthExponent: 11, // 2^(9+11) = 1 MiB
 * };
 * if (new RawSocketClientProtocol(options).dataToSend()[1] !== 0xb2) throw new Error();
 * ```
 */
export interface RawSocketClientOptions extends RawSocketOptions {
  /** The serializer to request (1 JSON, 2 MessagePack, 3 CBOR, 4 UBJSON, 5 FlatBuffers). */
  readonly serializerId: number;
}

/**
 * A sans-I/O RawSocket client. Its handshake request is queued at
 * construction, so the first {@linkcode RawSocketProtocol.dataToSend} returns
 * the four request octets.
 *
 * A reply that is not `0x7F`, has non-zero reserved octets or echoes another
 * serializer fails the connection with a {@linkcode RawSocketProtocolError};
 * an error reply fails it with a {@linkcode RawSocketHandshakeError}.
 *
 * @example
 * ```ts
 * import { RawSocketClientProtocol, RawSocketSerializer } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: RawSocketSerializer.JSON });
 * client.dataToSend(); // Uint8Array [0x7f, 0xf1, 0, 0]: write it to the socket
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0)); // the router's reply
 * client.eventsReceived(); // [{ type: "open", serializerId: 1, ... }]
 * client.sendMessage(new TextEncoder().encode('[1,"realm1",{}]'));
 * client.dataToSend(); // the framed HELLO
 * ```
 */
export class RawSocketClientProtocol extends RawSocketProtocol {
  /** Always `"client"`. */
  readonly role: "client" = "client";
  readonly #requested: number;

  /**
   * Creates a client and queues its handshake request.
   *
   * @param options The serializer to request and our limits.
   * @throws {RangeError} on an invalid serializer id or length exponent.
   */
  constructor(options: RawSocketClientOptions) {
    super(options);
    checkSerializerId(options.serializerId);
    this.#requested = options.serializerId;
    this._writeRaw(
      encodeHandshake({
        serializerId: options.serializerId,
        lengthExponent: this.maxLengthExponent,
      }),
    );
  }

  /** The serializer id we requested. */
  get requestedSerializerId(): number {
    return this.#requested;
  }

  /** Validates the router's reply. */
  protected override _handleHandshake(bytes: Uint8Array): void {
    const reply = parseHandshakeReply(bytes);
    if (!reply.ok) {
      this._fail(new RawSocketHandshakeError(reply.errorCode));
      return;
    }
    // Spec, Handshake: "the Router MUST echo the serializer value in SERIALIZER
    // as requested by the Client" (a client fails the connection otherwise).
    if (reply.serializerId !== this.#requested) {
      throw new RawSocketProtocolError(
        `Cannot complete handshake: router chose serializer ${reply.serializerId}, not the requested ${this.#requested}`,
      );
    }
    this._open(reply.serializerId, reply.lengthExponent);
  }
}
