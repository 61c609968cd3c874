/**
 * Runs a {@linkcode WebSocketProtocolCore} over a {@linkcode ByteConnection}:
 * the read loop, batched writes, backpressure and the close timers. Runtime
 * neutral (web-standard timers only); both API faces sit on top of it.
 *
 * @module
 */
import type { ByteConnection } from "../transport/types.ts";
import type { ResolvedOptions } from "./options.ts";
import type { PerMessageDeflate } from "./deflate.ts";
import {
  type CloseInfo,
  ConnectionState,
  type ConnectionStateValue,
  type WebSocketEventHandler,
  WebSocketProtocolCore,
  type WebSocketRole,
} from "./protocol.ts";
import { CloseCode } from "./errors.ts";
import { AutoPinger, defaultTimerService } from "./timer_service.ts";

/** What a face receives from the driver. */
export interface DriverEvents {
  /** A complete message. */
  onMessage(payload: Uint8Array, isBinary: boolean): void;
  /** A ping arrived (already answered). */
  onPing(payload: Uint8Array): void;
  /** A pong arrived. */
  onPong(payload: Uint8Array): void;
  /** The transport is closed; called exactly once. */
  onClose(info: CloseInfo): void;
}

const READ_INITIAL = 4096;
const READ_MAX = 1024 * 1024;
/** Size of the first read after an in-place (zero-copy) payload read. */
const READ_AFTER_IN_PLACE = 16384;
/** Above this many bytes waiting to be written, reading pauses. */
const HIGH_WATER = 4 * 1024 * 1024;
/** Output batches up to this size are coalesced into one write. */
const COALESCE_MAX = 256 * 1024;

/** Drives one open WebSocket connection. */
export class WebSocketDriver implements WebSocketEventHandler {
  /** The sans-I/O engine. */
  readonly core: WebSocketProtocolCore;
  readonly #conn: ByteConnection;
  readonly #events: DriverEvents;
  readonly #options: Readonly<ResolvedOptions>;
  #writing = false;
  #writingBytes = 0;
  #flushQueued = false;
  #dropRequested = false;
  #halfClosed = false;
  #transportClosed = false;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #drainWaiter: (() => void) | undefined;
  #paused = false;
  #resumeWaiter: (() => void) | undefined;
  #info: CloseInfo | undefined;
  #autoPing: AutoPinger | undefined;
  #resolveClosed!: (info: CloseInfo) => void;
  /** Resolves once the transport is closed, with how the connection ended. */
  readonly closed: Promise<CloseInfo>;
  readonly #flushTask = () => {
    this.#flushQueued = false;
    this.flush();
  };

  /**
   * @param conn The byte connection (after the opening handshake).
   * @param role Client or server.
   * @param options Resolved options.
   * @param events The face's event sink.
   * @param deflate The negotiated permessage-deflate codec, if any.
   */
  constructor(
    conn: ByteConnection,
    role: WebSocketRole,
    options: Readonly<ResolvedOptions>,
    events: DriverEvents,
    deflate: PerMessageDeflate | null = null,
  ) {
    this.#conn = conn;
    this.#events = events;
    this.#options = options;
    this.core = new WebSocketProtocolCore(role, this, options, deflate);
    this.closed = new Promise((r) => (this.#resolveClosed = r));
  }

  /** The connection state. */
  get state(): ConnectionStateValue {
    return this.#transportClosed ? ConnectionState.CLOSED : this.core.state;
  }

  /** Bytes queued or being written. */
  get bufferedAmount(): number {
    return this.core.bufferedAmount + this.#writingBytes;
  }

  /** Round-trip time (ms) of the last answered auto-ping, or `undefined`. */
  get autoPingRtt(): number | undefined {
    return this.#autoPing?.rtt;
  }

  /** Starts reading; `rest` are bytes that arrived with the handshake. */
  start(rest?: Uint8Array): void {
    if (this.#options.autoPingInterval > 0 && this.core.state === ConnectionState.OPEN) {
      this.#autoPing = new AutoPinger(
        {
          sendPing: (payload) => {
            if (this.#transportClosed || this.core.state !== ConnectionState.OPEN) return false;
            this.core.sendPing(payload);
            this.flush();
            return true;
          },
          timedOut: (reason) => this.drop(reason),
        },
        this.#options,
        defaultTimerService,
      );
    }
    if (rest && rest.length) {
      this.core.receiveData(rest);
      this.flush();
    }
    this.#readLoop();
  }

  /** Schedules a flush of queued output at the end of the current task (one write per batch). */
  scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(this.#flushTask);
  }

  /** Stops reading from the transport until {@linkcode resume} (consumer backpressure). */
  pause(): void {
    this.#paused = true;
  }

  /** Resumes reading after {@linkcode pause}. */
  resume(): void {
    this.#paused = false;
    const w = this.#resumeWaiter;
    if (w) {
      this.#resumeWaiter = undefined;
      w();
    }
  }

  /** Closes the transport without a close handshake. */
  drop(reason = "Connection dropped"): void {
    this.core.abort(reason);
    this.#closeTransport();
  }

  // --- WebSocketEventHandler -------------------------------------------------

  /** @internal */
  onMessage(payload: Uint8Array, isBinary: boolean): void {
    this.#events.onMessage(payload, isBinary);
  }

  /** @internal */
  onPing(payload: Uint8Array): void {
    this.#events.onPing(payload);
  }

  /** @internal */
  onPong(payload: Uint8Array): void {
    this.#autoPing?.pong(payload);
    this.#events.onPong(payload);
  }

  /** @internal */
  onClosed(info: CloseInfo): void {
    this.#info = info;
    this.#clearTimer();
    this.#autoPing?.stop();
    if (info.transport === "await-eof" && this.#options.serverConnectionDropTimeout > 0) {
      // RFC 6455 §7.1.1: the server should close TCP first; don't wait forever.
      this.#closeTimer = setTimeout(() => {
        this.#closeTimer = undefined;
        this.#closeTransport();
      }, this.#options.serverConnectionDropTimeout * 1000);
    } else if (info.transport === "drop") {
      this.#dropRequested = true;
      this.scheduleFlush();
    }
  }

  // --- I/O ---------------------------------------------------------------------

  async #readLoop(): Promise<void> {
    let buf = new Uint8Array(READ_INITIAL);
    let afterInPlace = false;
    const core = this.core;
    try {
      while (!this.#transportClosed) {
        if (this.#paused) {
          await new Promise<void>((r) => (this.#resumeWaiter = r));
          continue;
        }
        if (this.#writing && this.bufferedAmount > HIGH_WATER) {
          await new Promise<void>((r) => (this.#drainWaiter = r));
          continue;
        }
        // A large frame payload in progress is read straight into its buffer
        // (and unmasked in place): no copy out of a read buffer.
        const target = core.payloadReadTarget();
        if (target !== null) {
          const n = await this.#conn.read(target);
          if (n === null) {
            core.receiveEof();
            break;
          }
          this.#autoPing?.traffic();
          core.receiveInPlace(n);
          this.flush();
          afterInPlace = true;
          continue;
        }
        // Right after a large frame, read little: if another large frame
        // follows, most of it is then read in place rather than copied.
        const n = await this.#conn.read(
          afterInPlace && buf.length > READ_AFTER_IN_PLACE
            ? buf.subarray(0, READ_AFTER_IN_PLACE)
            : buf,
        );
        afterInPlace = false;
        if (n === null) {
          core.receiveEof();
          break;
        }
        this.#autoPing?.traffic();
        core.receiveData(buf.subarray(0, n));
        this.flush();
        if (n === buf.length && buf.length < READ_MAX) buf = new Uint8Array(buf.length * 4);
      }
    } catch (err) {
      core.abort(`Connection error: ${(err as Error)?.message ?? err}`);
    }
    this.#closeTransport();
  }

  /** Writes everything the core has queued (if no write is in flight). */
  flush(): void {
    if (this.#transportClosed) return;
    if (this.#writing) return; // the running write loop picks it up
    const chunks = this.core.takeOutput();
    if (chunks.length === 0) {
      this.#afterWrites();
      return;
    }
    this.#writing = true;
    this.#writeLoop(chunks);
  }

  async #writeLoop(chunks: Uint8Array[]): Promise<void> {
    try {
      while (chunks.length > 0) {
        let total = 0;
        for (const c of chunks) total += c.length;
        this.#writingBytes = total;
        if (chunks.length > 1 && total <= COALESCE_MAX) {
          const one = new Uint8Array(total);
          let o = 0;
          for (const c of chunks) {
            one.set(c, o);
            o += c.length;
          }
          await this.#conn.write(one);
          for (const c of chunks) this.core.outputWritten(c);
        } else {
          for (const c of chunks) {
            await this.#conn.write(c);
            this.core.outputWritten(c);
          }
        }
        chunks = this.core.takeOutput();
      }
    } catch (err) {
      this.#writingBytes = 0;
      this.#writing = false;
      this.core.abort(`Write failed: ${(err as Error)?.message ?? err}`);
      this.#closeTransport();
      return;
    }
    this.#writingBytes = 0;
    this.#writing = false;
    this.#afterWrites();
  }

  #afterWrites(): void {
    const w = this.#drainWaiter;
    if (w) {
      this.#drainWaiter = undefined;
      w();
    }
    if (this.#dropRequested) {
      this.#closeTransport();
      return;
    }
    if (
      this.core.state === ConnectionState.CLOSING && this.core.inputStopped && !this.#halfClosed
    ) {
      // The connection was failed (RFC 6455 §7.1.7): our close frame is out and
      // no further data is processed. The server closes TCP first (§7.1.1); a
      // client half-closes so the server sees EOF, and drains until it closes.
      if (this.core.role === "server") {
        this.#closeTransport();
        return;
      }
      this.#halfClosed = true;
      this.#conn.closeWrite();
    }
    if (this.core.state === ConnectionState.CLOSING && this.#closeTimer === undefined) {
      const t = this.#options.closeHandshakeTimeout;
      if (t > 0) {
        this.#closeTimer = setTimeout(() => {
          this.#closeTimer = undefined;
          this.core.abort("Close handshake timed out");
          this.#closeTransport();
        }, t * 1000);
      }
    }
  }

  #clearTimer(): void {
    if (this.#closeTimer !== undefined) {
      clearTimeout(this.#closeTimer);
      this.#closeTimer = undefined;
    }
  }

  #closeTransport(): void {
    if (this.#transportClosed) return;
    this.#transportClosed = true;
    this.#clearTimer();
    this.#autoPing?.stop();
    this.#conn.close();
    const w = this.#drainWaiter;
    if (w) {
      this.#drainWaiter = undefined;
      w();
    }
    this.resume();
    if (this.core.state !== ConnectionState.CLOSED) this.core.abort("Connection closed");
    const info = this.#info ?? this.core.closeInfo ?? {
      wasClean: false,
      code: CloseCode.ABNORMAL_CLOSE,
      reason: "Connection closed",
      transport: "drop" as const,
    };
    this.#resolveClosed(info);
    this.#events.onClose(info);
  }
}
