/**
 * The seed's callback face shared by both roles: Autobahn's `WebSocketProtocol`
 * with `onOpen`, `onMessage`, `onClose`, `onPing`, `onPong` and `sendMessage`,
 * `sendClose`, `sendPing`, `sendPong`. A thin layer over the driver and core.
 *
 * @module
 */
import { CloseCode, Disconnected } from "./errors.ts";
import type { WebSocketDriver } from "./driver.ts";
import type { ResolvedOptions } from "./options.ts";
import { type CloseInfo, ConnectionState, type ConnectionStateValue } from "./protocol.ts";
import type { ExtensionOffer } from "./types.ts";

const NOT_OPEN = "Cannot send: the WebSocket connection is not open";

/**
 * Base class of {@linkcode WebSocketServerProtocol} and `WebSocketClientProtocol`:
 * override the `on*` callbacks, call the `send*` methods.
 *
 * @example One callback class for both roles
 * ```ts
 * import {
 *   connect,
 *   listenWebSocket,
 *   type WebSocketProtocol,
 *   WebSocketServerFactory,
 *   WebSocketServerProtocol,
 * } from "@autobahn/autobahn/websocket";
 *
 * const greet = (p: WebSocketProtocol) => p.sendMessage(`hello ${p.peer}`);
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.protocol = class extends WebSocketServerProtocol {
 *   override onOpen() {
 *     greet(this);
 *   }
 * };
 * await using server = await listenWebSocket(factory);
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * for await (const msg of ws) {
 *   if (!String(msg).startsWith("hello tcp4:127.0.0.1:")) throw new Error(`${msg}`);
 *   break;
 * }
 * ```
 */
export class WebSocketProtocol {
  /** @internal The driver, once the opening handshake is done. */
  _driver: WebSocketDriver | undefined;
  /** @internal */
  _options: Readonly<ResolvedOptions> | undefined;
  /** @internal */
  _startedAt = 0;
  /** The peer as Autobahn prints it, e.g. `tcp4:127.0.0.1:5555`. */
  peer = "";
  /** The negotiated subprotocol, or `null`. */
  websocketProtocolInUse: string | null = null;
  /** The negotiated extensions. */
  websocketExtensionsInUse: readonly ExtensionOffer[] = [];
  /** Handshake and close timings in ms since the connection started (with `trackTimings`). */
  readonly trackedTimings: Record<string, number> = {};
  /** How the connection ended, once closed. */
  closeInfo: CloseInfo | undefined;

  /** The connection state (`ConnectionState`: 0 connecting, 1 open, 2 closing, 3 closed). */
  get state(): ConnectionStateValue {
    return this._driver?.state ??
      (this.closeInfo ? ConnectionState.CLOSED : ConnectionState.CONNECTING);
  }

  /** Bytes queued for the transport and not yet written. */
  get bufferedAmount(): number {
    return this._driver?.bufferedAmount ?? 0;
  }

  /**
   * Round-trip time in milliseconds of the last auto-ping answered with a
   * matching pong (see the `autoPingInterval` option), or `undefined` before
   * the first one or with auto-ping off.
   */
  get autoPingRtt(): number | undefined {
    return this._driver?.autoPingRtt;
  }

  /** Called when the WebSocket connection is open (after the opening handshake). */
  onOpen(): void | Promise<void> {}

  /**
   * Called for every complete message. Text messages arrive as their UTF-8
   * bytes with `isBinary` false (decode with `new TextDecoder().decode(payload)`).
   */
  onMessage(_payload: Uint8Array, _isBinary: boolean): void | Promise<void> {}

  /** Called for every ping (the pong has already been queued). */
  onPing(_payload: Uint8Array): void {}

  /** Called for every pong. */
  onPong(_payload: Uint8Array): void {}

  /**
   * Called once when the connection is gone: `wasClean` when the close
   * handshake completed; `code` is the peer's close code (1005 none, 1006 no
   * close frame).
   */
  onClose(_wasClean: boolean, _code: number, _reason: string): void {}

  /**
   * Sends a message: text (`isBinary` false, a string or UTF-8 bytes) or binary.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendMessage(payload: Uint8Array | string, isBinary = false, fragmentSize?: number): void {
    const d = this._driver;
    if (!d) throw new Disconnected(NOT_OPEN);
    d.core.sendMessage(payload, isBinary, fragmentSize);
    d.scheduleFlush();
  }

  /**
   * Sends `payload` as one binary (or text) message and hands its memory to
   * the library (transfer semantics, as with `postMessage`): for a large
   * payload this connection received, the bytes go out without a copy and,
   * once written, its `ArrayBuffer` is detached (every view of it becomes
   * empty) and reused for a later received message — no allocation, no
   * zero-fill. The fastest way to echo or relay big messages; do not touch
   * `payload` afterwards. Other payloads are sent as by
   * {@linkcode sendMessage}.
   *
   * @example Echoing big binary messages without copies
   * ```ts
   * import { WebSocketServerProtocol } from "@autobahn/autobahn/websocket";
   * class Echo extends WebSocketServerProtocol {
   *   override onMessage(payload: Uint8Array, isBinary: boolean) {
   *     if (isBinary) this.sendMessageTransfer(payload); // payload is empty after the write
   *     else this.sendMessage(payload, false);
   *   }
   * }
   * if (typeof Echo !== "function") throw new Error("unreachable");
   * ```
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendMessageTransfer(payload: Uint8Array, isBinary = true): void {
    const d = this._driver;
    if (!d) throw new Disconnected(NOT_OPEN);
    d.core.sendMessageTransfer(payload, isBinary);
    d.scheduleFlush();
  }

  /**
   * Starts the closing handshake (code 1000 or 3000-4999, optional reason).
   * Does nothing when already closing or closed.
   *
   * @throws {RangeError} for another code, or a reason without a code. A
   * reason longer than 123 UTF-8 bytes is truncated.
   */
  sendClose(code?: number, reason?: string): void {
    const d = this._driver;
    if (!d) return;
    d.core.sendClose(code, reason);
    d.scheduleFlush();
  }

  /**
   * Sends a ping (at most 125 bytes of payload).
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendPing(payload?: Uint8Array): void {
    const d = this._driver;
    if (!d) throw new Disconnected(NOT_OPEN);
    d.core.sendPing(payload);
    d.scheduleFlush();
  }

  /**
   * Sends an unsolicited pong (at most 125 bytes of payload).
   *
   * @throws {Disconnected} when the connection is not open.
   */
  sendPong(payload?: Uint8Array): void {
    const d = this._driver;
    if (!d) throw new Disconnected(NOT_OPEN);
    d.core.sendPong(payload);
    d.scheduleFlush();
  }

  /** Drops the transport at once, without a closing handshake. */
  dropConnection(): void {
    this._driver?.drop();
  }

  /** @internal Records a timing point when `trackTimings` is on. */
  _track(name: string): void {
    if (this._options?.trackTimings) {
      this.trackedTimings[name] = performance.now() - this._startedAt;
    }
  }

  /** @internal Wires the callbacks to a driver and runs `onOpen`. */
  _attach(driver: WebSocketDriver): void {
    this._driver = driver;
  }

  /** @internal Runs a user callback; a throw or rejection fails the connection with 1011. */
  _guard(fn: () => void | Promise<void>): void {
    try {
      const r = fn();
      if (r && typeof (r as Promise<void>).then === "function") {
        (r as Promise<void>).then(undefined, (err) => this._handlerFailed(err));
      }
    } catch (err) {
      this._handlerFailed(err);
    }
  }

  /** @internal */
  _handlerFailed(err: unknown): void {
    const logger = this._options?.logger;
    if (logger?.enabled.error) {
      logger.log("error", "websocket", "Handler failed", { peer: this.peer, error: String(err) });
    }
    const d = this._driver;
    if (d) {
      d.core.closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
      d.scheduleFlush();
    }
  }
}

/** Builds the driver event sink that calls a protocol's callbacks. */
export function protocolEvents(p: WebSocketProtocol): {
  onMessage(payload: Uint8Array, isBinary: boolean): void;
  onPing(payload: Uint8Array): void;
  onPong(payload: Uint8Array): void;
  onClose(info: CloseInfo): void;
} {
  return {
    onMessage: (payload, isBinary) => p._guard(() => p.onMessage(payload, isBinary)),
    onPing: (payload) => p._guard(() => p.onPing(payload)),
    onPong: (payload) => p._guard(() => p.onPong(payload)),
    onClose: (info) => {
      p.closeInfo = info;
      p._track("closed");
      try {
        p.onClose(info.wasClean, info.code, info.reason);
      } catch (err) {
        const logger = p._options?.logger;
        if (logger?.enabled.error) {
          logger.log("error", "websocket", "onClose failed", { peer: p.peer, error: String(err) });
        }
      }
    },
  };
}
