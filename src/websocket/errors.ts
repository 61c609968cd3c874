/**
 * Errors of the WebSocket layer. Remote faults (the peer broke RFC 6455) carry
 * the close code they map to; local misuse (sending on a closed connection) is
 * a separate class, so callers can tell "the network said no" from "my bug".
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";

/** RFC 6455 §7.4.1 close status codes used by the engine. */
export const CloseCode = {
  /** 1000: normal closure. */
  NORMAL: 1000,
  /** 1001: endpoint going away. */
  GOING_AWAY: 1001,
  /** 1002: protocol error. */
  PROTOCOL_ERROR: 1002,
  /** 1003: unsupported data type. */
  UNSUPPORTED_DATA: 1003,
  /** 1005: no status received (never sent on the wire). */
  NO_STATUS_RECEIVED: 1005,
  /** 1006: abnormal closure, no close frame (never sent on the wire). */
  ABNORMAL_CLOSE: 1006,
  /** 1007: invalid frame payload data (e.g. invalid UTF-8). */
  INVALID_PAYLOAD: 1007,
  /** 1008: policy violation. */
  POLICY_VIOLATION: 1008,
  /** 1009: message too big. */
  MESSAGE_TOO_BIG: 1009,
  /** 1010: mandatory extension missing (client only). */
  MANDATORY_EXTENSION: 1010,
  /** 1011: internal server error. */
  INTERNAL_ERROR: 1011,
  /** 1015: TLS handshake failure (never sent on the wire). */
  TLS_HANDSHAKE_FAILED: 1015,
} as const;

/** Base of every WebSocket-layer error. */
export class WebSocketError extends AutobahnError {}

/**
 * The peer violated RFC 6455 (or a configured limit). The connection is failed
 * with {@linkcode WebSocketProtocolError.closeCode}.
 */
export class WebSocketProtocolError extends WebSocketError {
  /** The close code this violation maps to (1002, 1007, 1009, ...). */
  readonly closeCode: number;

  /**
   * Creates a protocol error.
   *
   * @param closeCode The close code to fail the connection with.
   * @param message What the peer did wrong, e.g. `Cannot parse frame: reserved bits set`.
   */
  constructor(closeCode: number, message: string, options?: ErrorOptions) {
    super(
      closeCode === CloseCode.INVALID_PAYLOAD
        ? "invalid_payload"
        : closeCode === CloseCode.MESSAGE_TOO_BIG
        ? "message_too_big"
        : "protocol_error",
      message,
      options,
    );
    this.closeCode = closeCode;
  }
}

/** The opening handshake failed (bad HTTP, wrong accept key, refused upgrade, ...). */
export class HandshakeError extends WebSocketError {
  /** The HTTP status involved: received (client side) or to send (server side). */
  readonly status?: number;

  /**
   * Creates a handshake error.
   *
   * @param message What went wrong.
   * @param status The HTTP status received or to answer with.
   */
  constructor(message: string, status?: number, options?: ErrorOptions) {
    super("handshake_failed", message, options);
    if (status !== undefined) this.status = status;
  }
}

/**
 * Thrown from a server's `onConnect` to refuse a WebSocket upgrade with an HTTP
 * error status (as Autobahn's `ConnectionDeny`).
 *
 * @example
 * ```ts
 * import { ConnectionDeny } from "@autobahn/autobahn/websocket";
 * throw new ConnectionDeny(ConnectionDeny.FORBIDDEN, "Not on the guest list");
 * ```
 */
export class ConnectionDeny extends WebSocketError {
  /** 400 Bad Request. */
  static readonly BAD_REQUEST = 400;
  /** 403 Forbidden. */
  static readonly FORBIDDEN = 403;
  /** 404 Not Found. */
  static readonly NOT_FOUND = 404;
  /** 426 Upgrade Required. */
  static readonly UPGRADE_REQUIRED = 426;
  /** 500 Internal Server Error. */
  static readonly INTERNAL_SERVER_ERROR = 500;
  /** 501 Not Implemented. */
  static readonly NOT_IMPLEMENTED = 501;
  /** 503 Service Unavailable. */
  static readonly SERVICE_UNAVAILABLE = 503;

  /** The HTTP status code answered. */
  readonly status: number;
  /** The reason, sent as the response body. */
  readonly reason: string;

  /**
   * Creates a denial.
   *
   * @param status HTTP status code (400-599).
   * @param reason Text sent in the response body.
   */
  constructor(status: number, reason = "") {
    super("connection_denied", `Connection denied: ${status}${reason ? ` ${reason}` : ""}`);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`Cannot deny connection: status ${status} is not 400-599`);
    }
    this.status = status;
    this.reason = reason;
  }
}

/** Local misuse: sending or closing on a connection that is not open. */
export class Disconnected extends WebSocketError {
  /**
   * Creates the error.
   *
   * @param message What was attempted.
   */
  constructor(message = "Cannot send: the WebSocket connection is not open") {
    super("disconnected", message);
  }
}
