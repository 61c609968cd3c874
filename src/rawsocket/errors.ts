/**
 * Errors of the RawSocket layer (WAMP advanced profile, "RawSocket Transport").
 *
 * - {@linkcode RawSocketHandshakeError}: the opening handshake was refused, by
 *   the router (client side: an error reply arrived) or by us (server side: we
 *   sent the error reply). Carries the RawSocket error code 1..4.
 * - {@linkcode RawSocketProtocolError}: the peer broke the RawSocket rules
 *   (bad magic octet, reserved bits, oversized frame, truncated stream).
 * - {@linkcode RawSocketPayloadTooLargeError}: local; we were asked to send a
 *   message longer than the peer accepts. Nothing was written; the WAMP layer
 *   maps it to `wamp.error.payload_size_exceeded`.
 * - {@linkcode RawSocketStateError}: local misuse, e.g. sending before the
 *   handshake completed or after the connection closed.
 * - {@linkcode RawSocketPingTimeoutError}: a PING went unanswered for too long.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";

/**
 * The handshake error codes of a router's error reply (`0x7F, EEEE 0000, 0, 0`).
 * Code 0 is illegal and codes 5..15 are reserved for future errors.
 *
 * @example Refusing a client when the router is full
 * ```ts
 * import { RawSocketErrorCode, RawSocketServerProtocol } from "@autobahn/autobahn/rawsocket";
 *
 * const server = new RawSocketServerProtocol({
 *   serializers: [1],
 *   accept: () => RawSocketErrorCode.MAX_CONNECTION_COUNT,
 * });
 * server.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * const reply = server.dataToSend();
 * if (reply[1] !== RawSocketErrorCode.MAX_CONNECTION_COUNT << 4) throw new Error("no error reply");
 * ```
 */
export const RawSocketErrorCode = {
  /** 1: the requested serializer is not supported. */
  SERIALIZER_UNSUPPORTED: 1,
  /** 2: the client's maximum message length is unacceptable. */
  MAX_LENGTH_UNACCEPTABLE: 2,
  /** 3: the request used reserved bits (an unsupported feature). */
  RESERVED_BITS_USED: 3,
  /** 4: the router reached its maximum connection count. */
  MAX_CONNECTION_COUNT: 4,
} as const;

/**
 * One of the defined RawSocket handshake error codes (1..4).
 *
 * @example Typing an accept hook's answer
 * ```ts
 * import { RawSocketErrorCode } from "@autobahn/autobahn/rawsocket";
 *
 * const full = (open: number): RawSocketErrorCode | undefined =>
 *   open >= 100 ? RawSocketErrorCode.MAX_CONNECTION_COUNT : undefined;
 * if (full(100) !== 4) throw new Error("expected error 4");
 * ```
 */
export type RawSocketErrorCode = typeof RawSocketErrorCode[keyof typeof RawSocketErrorCode];

const ERROR_NAMES: Readonly<Record<number, string>> = {
  0: "illegal (must not be used)",
  1: "serializer unsupported",
  2: "maximum message length unacceptable",
  3: "use of reserved bits (unsupported feature)",
  4: "maximum connection count reached",
};

/**
 * The spec's readable name of a RawSocket handshake error code.
 *
 * @example
 * ```ts
 * import { rawSocketErrorName } from "@autobahn/autobahn/rawsocket";
 * rawSocketErrorName(1); // "serializer unsupported"
 * rawSocketErrorName(9); // "reserved error code 9"
 * ```
 */
export function rawSocketErrorName(code: number): string {
  return ERROR_NAMES[code] ?? `reserved error code ${code}`;
}

/**
 * Base of every RawSocket-layer error.
 *
 * @example Catching any RawSocket error
 * ```ts
 * import { RawSocketError, RawSocketStateError } from "@autobahn/autobahn/rawsocket";
 *
 * const err: unknown = new RawSocketStateError("Cannot send message: connection is closed");
 * if (!(err instanceof RawSocketError)) throw new Error("expected a RawSocketError");
 * ```
 */
export class RawSocketError extends AutobahnError {}

/**
 * The RawSocket opening handshake was refused with an error reply. On a client
 * it is the router's answer; on a server it is the answer we sent.
 *
 * @example A router's error reply fails the client
 * ```ts
 * import { RawSocketClientProtocol, RawSocketHandshakeError } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0x10, 0, 0)); // error 1: serializer unsupported
 * const [event] = client.eventsReceived();
 * if (event?.type !== "failed" || !(event.error instanceof RawSocketHandshakeError)) {
 *   throw new Error("expected a handshake failure");
 * }
 * if (event.error.errorCode !== 1) throw new Error("expected error 1");
 * ```
 */
export class RawSocketHandshakeError extends RawSocketError {
  /** The RawSocket error code, 1..4 (5..15 are reserved but reported as received). */
  readonly errorCode: number;
  /** The spec's name of {@linkcode RawSocketHandshakeError.errorCode}. */
  readonly errorName: string;

  /**
   * Creates a handshake error from a RawSocket error code.
   *
   * @param errorCode The RawSocket error code (1..15).
   * @param message Optional detail; defaults to one built from the code's name.
   */
  constructor(errorCode: number, message?: string, options?: ErrorOptions) {
    const name = rawSocketErrorName(errorCode);
    super(
      "handshake_refused",
      message ?? `RawSocket handshake refused: ${name} (error ${errorCode})`,
      options,
    );
    this.errorCode = errorCode;
    this.errorName = name;
  }
}

/**
 * Stable codes of {@linkcode RawSocketProtocolError}.
 *
 * @example Telling an oversized frame from other violations
 * ```ts
 * import type { RawSocketProtocolErrorCode } from "@autobahn/autobahn/rawsocket";
 *
 * const tooBig = (code: RawSocketProtocolErrorCode) => code === "message_too_large";
 * if (!tooBig("message_too_large") || tooBig("bad_magic")) throw new Error("unexpected");
 * ```
 */
export type RawSocketProtocolErrorCode =
  | "protocol_error"
  | "bad_magic"
  | "message_too_large"
  | "unexpected_eof";

/**
 * The peer violated the RawSocket rules: the connection is failed (closed
 * without a reply, or after an error reply when we are the server).
 *
 * @example A bad magic octet fails the connection
 * ```ts
 * import { RawSocketClientProtocol, RawSocketProtocolError } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(new TextEncoder().encode("HTTP")); // not a RawSocket router
 * const [event] = client.eventsReceived();
 * if (event?.type !== "failed" || !(event.error instanceof RawSocketProtocolError)) {
 *   throw new Error("expected a protocol error");
 * }
 * if (event.error.code !== "bad_magic") throw new Error(event.error.code);
 * ```
 */
export class RawSocketProtocolError extends RawSocketError {
  /** The stable code: `protocol_error`, `bad_magic`, `message_too_large` or `unexpected_eof`. */
  declare readonly code: RawSocketProtocolErrorCode;

  /**
   * Creates a protocol error.
   *
   * @param message What the peer did wrong, e.g. `Cannot parse frame: reserved bits set`.
   * @param code The stable code; `protocol_error` unless told.
   */
  constructor(
    message: string,
    code: RawSocketProtocolErrorCode = "protocol_error",
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * Local: a message is longer than the maximum the peer announced in the
 * handshake. Raised before anything is written, so the caller can fail just
 * that request with {@linkcode RawSocketPayloadTooLargeError.reason}.
 *
 * @example Sending more than the peer accepts
 * ```ts
 * import {
 *   RawSocketClientProtocol,
 *   RawSocketPayloadTooLargeError,
 * } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0x01, 0, 0)); // the router accepts 512 octets
 * try {
 *   client.sendMessage(new Uint8Array(1000));
 *   throw new Error("not refused");
 * } catch (err) {
 *   if (!(err instanceof RawSocketPayloadTooLargeError) || err.limit !== 512) throw err;
 * }
 * ```
 */
export class RawSocketPayloadTooLargeError extends RawSocketError {
  /** The WAMP error URI this maps to. */
  readonly reason: string = "wamp.error.payload_size_exceeded";
  /** The payload length that was refused, in octets. */
  readonly size: number;
  /** The peer's maximum message length, in octets. */
  readonly limit: number;

  /**
   * Creates the error for a refused payload.
   *
   * @param size The payload length that was refused.
   * @param limit The peer's maximum message length.
   */
  constructor(size: number, limit: number, options?: ErrorOptions) {
    super(
      "payload_size_exceeded",
      `Cannot send message: ${size} octets exceed the peer's maximum of ${limit}`,
      options,
    );
    this.size = size;
    this.limit = limit;
  }
}

/**
 * Local misuse: an operation that the connection's state does not allow.
 *
 * @example Sending before the handshake completed
 * ```ts
 * import { RawSocketClientProtocol, RawSocketStateError } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * try {
 *   client.sendMessage(new Uint8Array(2));
 *   throw new Error("not refused");
 * } catch (err) {
 *   if (!(err instanceof RawSocketStateError)) throw err;
 * }
 * ```
 */
export class RawSocketStateError extends RawSocketError {
  /**
   * Creates a state error.
   *
   * @param message What was attempted, e.g. `Cannot send message: connection is closed`.
   */
  constructor(message: string, options?: ErrorOptions) {
    super("invalid_state", message, options);
  }
}

/**
 * A PING was not answered by a PONG within the timeout the caller chose.
 *
 * @example An unanswered PING fails the connection
 * ```ts
 * import { RawSocketClientProtocol, RawSocketPingTimeoutError } from "@autobahn/autobahn/rawsocket";
 *
 * const client = new RawSocketClientProtocol({ serializerId: 1 });
 * client.receiveData(Uint8Array.of(0x7f, 0xf1, 0, 0));
 * client.sendPing(undefined, 0);
 * client.checkPingTimeout(5_000, 5_000); // no PONG after 5 s
 * const failed = client.eventsReceived().find((e) => e.type === "failed");
 * if (!(failed?.error instanceof RawSocketPingTimeoutError)) throw new Error("no timeout");
 * ```
 */
export class RawSocketPingTimeoutError extends RawSocketError {
  /** How long the oldest PING had been outstanding, in milliseconds. */
  readonly elapsedMs: number;

  /**
   * Creates a ping timeout error.
   *
   * @param elapsedMs How long the oldest PING had been outstanding.
   */
  constructor(elapsedMs: number, options?: ErrorOptions) {
    super("ping_timeout", `PING not answered within ${elapsedMs} ms`, options);
    this.elapsedMs = elapsedMs;
  }
}
