/**
 * The router side of a RawSocket connection: parses the client's request and
 * answers with a success or an error reply.
 *
 * @module
 */
import {
  RawSocketErrorCode,
  RawSocketHandshakeError,
  RawSocketProtocolError,
  RawSocketStateError,
} from "./errors.ts";
import {
  checkLengthExponent,
  checkSerializerId,
  encodeHandshake,
  encodeHandshakeError,
  maxLengthOf,
} from "./handshake.ts";
import { type RawSocketOptions, RawSocketProtocol } from "./protocol.ts";

/**
 * A client's handshake request, as shown to {@linkcode RawSocketServerOptions.accept}.
 *
 * @example Refusing clients that accept too little
 * ```ts
 * import {
 *   type RawSocketHandshakeRequest,
 *   RawSocketServerProtocol,
 * } from "@autobahn/autobahn/rawsocket";
 *
 * const accept = (request: RawSocketHandshakeRequest) => request.maxLength < 4096 ? 2 : undefined;
 * const server = new RawSocketServerProtocol({ serializers: [1], accept });
 * server.receiveData(Uint8Array.of(0x7f, 0x01, 0, 0)); // the client accepts 512 octets
 * if (server.state !== "failed") throw new Error(server.state);
 * ```
 */
export interface RawSocketHandshakeRequest {
  /** The requested serializer id (already known to be supported). */
  readonly serializerId: number;
  /** The client's length exponent L. */
  readonly lengthExponent: number;
  /** The largest message the client accepts: `2^(9+L)` octets. */
  readonly maxLength: number;
}

/**
 * Options of a {@linkcode RawSocketServerProtocol}.
 *
 * @example A server for JSON and CBOR
 * ```ts
 * import {
 *   RawSocketSerializer,
 *   RawSocketServerProtocol,
 *   type RawSocketServerOptions,
 * } from "@autobahn/autobahn/rawsocket";
 *
 * const options: RawSocketServerOptions = {
 *   serializers: [RawSocketSerializer.JSON, RawSocketSerializer.CBOR],
 *   minPeerLengthExponent: 1, // refuse clients that accept less than 1 KiB
 * };
 * const server = new RawSocketServerProtocol(options);
 * server.receiveData(Uint8Array.of(0x7f, 0xf2, 0, 0)); // MessagePack: not spoken here
 * if (server.dataToSend().join() !== "127,16,0,0") throw new Error("expected error 1");
 * ```
 */
export interface RawSocketServerOptions extends RawSocketOptions {
  /** The serializer ids we speak; a request for another is answered with error 1. */
  readonly serializers: Iterable<number>;
  /**
   * The smallest client length exponent we accept (default 0): a client that
   * accepts less is answered with error 2, "maximum message length unacceptable".
   */
  readonly minPeerLengthExponent?: number;
  /**
   * A last say on a valid request, e.g. a connection limit: return an error
   * code (such as 4, maximum connection count reached) to refuse, or
   * `undefined` to accept. Called synchronously inside `receiveData`; what it
   * throws (or a RangeError for a code outside 1..4) propagates from there.
   */
  readonly accept?: (request: RawSocketHandshakeRequest) => RawSocketErrorCode | undefined | void;
}

/**
 * A sans-I/O RawSocket server (router side).
 *
 * On a request whose first octet is not `0x7F`, or that asks for the illegal
 * serializer 0, the connection fails without a reply (spec: the Router "MUST
 * fail the connection"). Non-zero reserved octets are answered with error 3,
 * an unsupported serializer with error 1, a too small client maximum with
 * error 2, and whatever {@linkcode RawSocketServerOptions.accept} returns.
 * After an error reply the engine is `failed` with a
 * {@linkcode RawSocketHandshakeError}: write `dataToSend()`, then close.
 *
 * @example
 * ```ts
 * import { RawSocketErrorCode, RawSocketServerProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * let connections = 0;
 * const server = new RawSocketServerProtocol({
 *   serializers: [1, 2],
 *   maxLengthExponent: 8, // accept messages up to 128 KiB
 *   accept: () => connections >= 1000 ? RawSocketErrorCode.MAX_CONNECTION_COUNT : undefined,
 * });
 * server.receiveData(Uint8Array.of(0x7f, 0xf2, 0, 0)); // a MessagePack client
 * server.dataToSend(); // Uint8Array [0x7f, 0x82, 0, 0]
 * server.eventsReceived(); // [{ type: "open", serializerId: 2, ... }]
 * ```
 */
export class RawSocketServerProtocol extends RawSocketProtocol {
  /** Always `"server"`. */
  readonly role: "server" = "server";
  readonly #serializers: ReadonlySet<number>;
  readonly #minPeerExponent: number;
  readonly #accept: RawSocketServerOptions["accept"];

  /**
   * Creates a server that waits for the client's request.
   *
   * @param options The serializers we speak, our limits and the accept hook.
   * @throws {RangeError} on an invalid serializer id or length exponent.
   */
  constructor(options: RawSocketServerOptions) {
    super(options);
    const serializers = new Set(options.serializers);
    for (const id of serializers) checkSerializerId(id);
    this.#serializers = serializers;
    this.#minPeerExponent = options.minPeerLengthExponent ?? 0;
    checkLengthExponent(this.#minPeerExponent);
    this.#accept = options.accept;
  }

  /**
   * Refuses the connection with an error reply, e.g. error 4 when the adapter
   * knows at accept time that it has too many connections. May be called
   * before the client's request arrived; the engine is then `failed`.
   *
   * @throws {RangeError} unless `errorCode` is 1..4.
   * @throws {RawSocketStateError} once the handshake is over.
   */
  refuse(errorCode: RawSocketErrorCode): void {
    if (!Number.isInteger(errorCode) || errorCode < 1 || errorCode > 4) {
      throw new RangeError(`Invalid RawSocket error code: ${errorCode} (expected 1..4)`);
    }
    if (this.state !== "handshaking") {
      throw new RawSocketStateError(`Cannot refuse: connection is ${this.state}`);
    }
    this._writeRaw(encodeHandshakeError(errorCode));
    this._fail(new RawSocketHandshakeError(errorCode));
  }

  /** Parses the client's request and answers it. */
  protected override _handleHandshake(bytes: Uint8Array): void {
    // Spec, Handshake: "The third and forth octet are reserved and MUST be all
    // zeros for now"; error 3 is "use of reserved bits (unsupported feature)".
    if (bytes[2] !== 0 || bytes[3] !== 0) {
      this.refuse(RawSocketErrorCode.RESERVED_BITS_USED);
      return;
    }
    const serializerId = bytes[1]! & 0x0f;
    const lengthExponent = bytes[1]! >> 4;
    // Spec, Handshake: serializer value 0 is illegal: "fail the connection".
    if (serializerId === 0) {
      throw new RawSocketProtocolError("Cannot parse handshake request: illegal serializer 0");
    }
    if (!this.#serializers.has(serializerId)) {
      this.refuse(RawSocketErrorCode.SERIALIZER_UNSUPPORTED);
      return;
    }
    if (lengthExponent < this.#minPeerExponent) {
      this.refuse(RawSocketErrorCode.MAX_LENGTH_UNACCEPTABLE);
      return;
    }
    const verdict = this.#accept?.({
      serializerId,
      lengthExponent,
      maxLength: maxLengthOf(lengthExponent),
    });
    if (verdict !== undefined) {
      this.refuse(verdict);
      return;
    }
    // Spec, Handshake: the Router "MUST echo the serializer value" and sets
    // LENGTH to the limit on what the Client may send.
    this._writeRaw(encodeHandshake({ serializerId, lengthExponent: this.maxLengthExponent }));
    this._open(serializerId, lengthExponent);
  }
}
