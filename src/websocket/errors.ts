/**
 * Errors of the WebSocket layer. Remote faults (the peer broke RFC 6455) carry
 * the close code they map to; local misuse (sending on a closed connection) is
 * a separate class, so callers can tell "the network said no" from "my bug".
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";

/**
 * RFC 6455 §7.4.1 close status codes used by the engine.
 *
 * @example Comparing a close code with its name
 * ```ts
 * import { CloseCode, connect, serve } from "@autobahn/autobahn/websocket";
 *
 * const server = await serve({ port: 0 }, () => {});
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * await server.close(); // a server shutting down closes its connections with 1001
 * const info = await ws.closed;
 * if (info.code !== CloseCode.GOING_AWAY) throw new Error(`closed with ${info.code}`);
 * ```
 */
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

/**
 * Base of every WebSocket-layer error.
 *
 * @example Catching any WebSocket error
 * ```ts
 * import { connect, serve, WebSocketError } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0, protocols: ["v2"] }, () => {});
 * const err = await connect(`ws://127.0.0.1:${server.port}`, { protocols: ["v1"] })
 *   .then(() => undefined, (e) => e);
 * if (err !== undefined && !(err instanceof WebSocketError)) throw err;
 * ```
 */
export class WebSocketError extends AutobahnError {}

/**
 * The peer violated RFC 6455 (or a configured limit). The connection is failed
 * with {@linkcode WebSocketProtocolError.closeCode}.
 *
 * @example A protocol violation and its close code
 * ```ts
 * import { CloseCode, WebSocketProtocolCore, WebSocketProtocolError } from "@autobahn/autobahn/websocket";
 *
 * const core = new WebSocketProtocolCore("server", { onMessage() {}, onClosed() {} });
 * core.receiveData(Uint8Array.of(0x81, 0x00)); // an unmasked frame from a client
 * const [closeFrame] = core.takeOutput(); // 88 30 03 ea ...: close 1002 and the reason
 * core.receiveEof();
 * const error = core.closeInfo?.error;
 * if (closeFrame?.[3] !== 0xea) throw new Error("expected a close frame with 1002");
 * if (!(error instanceof WebSocketProtocolError) || error.closeCode !== CloseCode.PROTOCOL_ERROR) {
 *   throw new Error("expected a 1002 protocol error");
 * }
 * ```
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

/**
 * The opening handshake failed (bad HTTP, wrong accept key, refused upgrade, ...).
 *
 * @example A server that answers 404
 * ```ts
 * import { ConnectionDeny, connect, HandshakeError, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({
 *   port: 0,
 *   onConnect: () => {
 *     throw new ConnectionDeny(ConnectionDeny.NOT_FOUND);
 *   },
 * }, () => {});
 * const err = await connect(`ws://127.0.0.1:${server.port}/nowhere`).catch((e) => e);
 * if (!(err instanceof HandshakeError) || err.status !== 404) throw new Error(`${err}`);
 * ```
 */
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
 * import { ConnectionDeny, connect, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({
 *   port: 0,
 *   onConnect(request) {
 *     if (request.cookies["guest"] !== "yes") {
 *       throw new ConnectionDeny(ConnectionDeny.FORBIDDEN, "Not on the guest list");
 *     }
 *   },
 * }, () => {});
 * const err = await connect(`ws://127.0.0.1:${server.port}`).catch((e) => e);
 * if (err?.status !== 403) throw new Error(`expected 403, got ${err}`);
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

/**
 * Local misuse: sending or closing on a connection that is not open.
 *
 * @example Sending on a closed connection
 * ```ts
 * import { connect, Disconnected, listenWebSocket, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * await using server = await listenWebSocket(new WebSocketServerFactory("ws://127.0.0.1:0"));
 * const ws = await connect(`ws://127.0.0.1:${server.port}`);
 * await ws.close();
 * try {
 *   ws.send("too late");
 *   throw new Error("sent");
 * } catch (err) {
 *   if (!(err instanceof Disconnected)) throw err;
 * }
 * ```
 */
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
