/**
 * The one interface every WAMP transport implements: a push-based pipe of
 * typed WAMP messages ({@linkcode MessageTransport}), what it tells about
 * itself ({@linkcode TransportDetails}), how it ended
 * ({@linkcode TransportCloseInfo}) and its typed errors.
 *
 * Messages go out with a synchronous `send` (serialized at once, written in
 * batches at the end of the task) and come in through one
 * {@linkcode MessageTransportHandler}: no promise per message either way.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";
import { MessageType } from "../wamp/codes.ts";
import { ProtocolError } from "../wamp/errors.ts";
import { parseMessage, type WampMessage } from "../wamp/messages.ts";
import type { Serializer, SerializerName } from "../wamp/serializers/serializer.ts";
import type { ConnectionRequest } from "../websocket/types.ts";

/**
 * Receives what a {@linkcode MessageTransport} reads, in order.
 *
 * @example Receiving over an in-process pair
 * ```ts
 * import { createInProcessPair, HelloMessage, type MessageTransportHandler } from "@autobahn/autobahn/transport";
 *
 * const [client, server] = createInProcessPair();
 * const received: string[] = [];
 * const handler: MessageTransportHandler = {
 *   onMessage: (message) => received.push(message.constructor.name),
 *   onClose: (info) => received.push(`closed: ${info.reason}`),
 * };
 * server.setHandler(handler);
 * client.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 * await client.close();
 * await server.closed;
 * if (received[0] !== "HelloMessage" || received.length !== 2) throw new Error(received.join());
 * ```
 */
export interface MessageTransportHandler {
  /** A parsed, validated WAMP message arrived. */
  onMessage(message: WampMessage): void;
  /**
   * The peer sent something that is not a valid WAMP message (undecodable,
   * malformed, wrong frame type). No message follows; the transport closes
   * right after this call returns, so a session may still `send` an ABORT
   * (`wamp.error.protocol_violation`) from here.
   */
  onProtocolError?(error: ProtocolError): void;
  /** The transport is closed; called once, after every message. */
  onClose(info: TransportCloseInfo): void;
}

/**
 * How a transport ended.
 *
 * @example Closing with a code and reason
 * ```ts
 * import { type TransportCloseInfo, connectWebSocketTransport, listenWebSocketTransport } from "@autobahn/autobahn/transport";
 *
 * await using server = await listenWebSocketTransport("ws://127.0.0.1:0", {
 *   onTransport: (t) => t.setHandler({ onMessage: () => {}, onClose: () => {} }),
 * });
 * const transport = await connectWebSocketTransport(`ws://127.0.0.1:${server.port}`);
 * const info: TransportCloseInfo = await transport.close(1000, "done");
 * if (!info.wasClean || info.code !== 1000) throw new Error(`${info.code} ${info.reason}`);
 * ```
 */
export interface TransportCloseInfo {
  /**
   * True for an orderly end: the WebSocket closing handshake completed, or a
   * RawSocket stream ended between messages without error.
   */
  readonly wasClean: boolean;
  /** The WebSocket close code (1000 normal, 1002 protocol error, 1006 no close frame, ...); absent for RawSocket. */
  readonly code?: number;
  /** A readable reason: the peer's close reason or what went wrong. */
  readonly reason: string;
  /** The failure that ended the transport, if any (protocol error, ping timeout, I/O error). */
  readonly error?: unknown;
}

/**
 * Which framing carries the WAMP messages.
 *
 * @example Branching on the framing
 * ```ts
 * import { createInProcessPair, type TransportKind } from "@autobahn/autobahn/transport";
 *
 * const [client, server] = createInProcessPair();
 * const kind: TransportKind = client.details.kind;
 * if (kind !== "inprocess") throw new Error(kind);
 * await client.close();
 * await server.closed;
 * ```
 */
export type TransportKind = "websocket" | "rawsocket" | "inprocess";

/**
 * What a transport tells about itself (after Autobahn|Python's
 * `TransportDetails`), for logging, authentication and channel binding.
 *
 * @example What a RawSocket client learns about its transport
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { connectTransport, type TransportDetails } from "@autobahn/autobahn/transport";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * }, { ephemeralPorts: true });
 * await using transport = await connectTransport(router.transports[0]!.url);
 * const details: TransportDetails = transport.details;
 * if (details.kind !== "rawsocket" || details.isSecure) throw new Error("unexpected details");
 * if (!details.peer.startsWith("tcp4:127.0.0.1:")) throw new Error(details.peer);
 * ```
 */
export interface TransportDetails {
  /** The framing: WebSocket or RawSocket. */
  readonly kind: TransportKind;
  /** The byte channel: TCP, TLS, a Unix socket, or the platform WebSocket (channel unknown). */
  readonly channel: "tcp" | "tls" | "unix" | "platform" | "memory";
  /** True on the accepting (router) side. */
  readonly isServer: boolean;
  /** True when the channel is encrypted (TLS, `wss://`). */
  readonly isSecure: boolean;
  /** The URL dialed (client side). */
  readonly url?: string;
  /** The peer as Autobahn prints it: `tcp4:127.0.0.1:8080`, `unix:/path`; the URL for the platform WebSocket. */
  readonly peer: string;
  /** The serialization format. */
  readonly serializer: SerializerName;
  /**
   * The WAMP subprotocol spoken, e.g. `"wamp.2.cbor"` or
   * `"wamp.2.json.batched"`; for RawSocket the equivalent unbatched name.
   */
  readonly subprotocol: string;
  /** Largest message the peer accepts, in octets, where it told us (RawSocket). */
  readonly maxSendLength?: number;
  /**
   * The TLS channel binding (`tls-unique`) where the runtime exposes it (Deno
   * and browsers do not); used by WAMP-cryptosign channel binding.
   */
  readonly channelId?: Uint8Array;
  /** The channel binding type of {@linkcode TransportDetails.channelId}, when there is one. */
  readonly channelBinding?: "tls-unique";
  /** HTTP headers of the peer's opening handshake (our WebSocket engine), lowercase names. */
  readonly httpHeadersReceived?: Readonly<Record<string, string>>;
  /** The client's opening handshake (server side of our WebSocket engine): path, params, cookies, origin. */
  readonly websocketRequest?: ConnectionRequest;
}

/**
 * A push-based WAMP message pipe over WebSocket or RawSocket.
 *
 * @example Sending HELLO and waiting for WELCOME
 * ```ts
 * import { connectTransport, type MessageTransport } from "@autobahn/autobahn/transport";
 * import { HelloMessage, MessageType } from "@autobahn/autobahn/wamp";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * }, { ephemeralPorts: true });
 * await using transport: MessageTransport = await connectTransport(router.transports[0]!.url);
 * const reply = new Promise<number>((resolve, reject) =>
 *   transport.setHandler({ onMessage: (msg) => resolve(msg.type), onClose: reject })
 * );
 * transport.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 * if (await reply !== MessageType.WELCOME) throw new Error("not welcomed");
 * ```
 */
export interface MessageTransport extends AsyncDisposable {
  /** What the transport tells about itself. */
  readonly details: TransportDetails;
  /** True until `close` was called or the transport closed. */
  readonly isOpen: boolean;
  /** Resolves once the transport is closed (never rejects). */
  readonly closed: Promise<TransportCloseInfo>;
  /**
   * Sets the receiver of messages and the close notice. Messages that
   * arrived before are delivered in order in a microtask.
   */
  setHandler(handler: MessageTransportHandler): void;
  /**
   * Serializes and queues one message; queued messages are written together
   * at the end of the current task, except that a client's calls, yields and
   * other awaited messages may start a write sooner (see `inFlight`), and so
   * does a burst of 16 KiB.
   *
   * @throws {TransportClosedError} once the transport is closing or closed.
   * @throws {PayloadTooLargeError} when the serialized message exceeds what
   *   the peer accepts (nothing is sent; the transport stays open).
   * @throws {TypeError} when the message holds a value the serializer cannot carry.
   *
   * @param message The message.
   * @param inFlight How many of the sender's requests the peer is already
   *   working on (sent, not yet answered), counting the one in `message`.
   *   A client transport starts writing a call or yield at once while this
   *   is small, and gathers more of them into one write when it is large
   *   (the peer has our work queued anyway). Default 0.
   */
  send(message: WampMessage, inFlight?: number): void;
  /**
   * Closes the transport (WebSocket: closing handshake with `code`, default
   * 1000, and `reason`; RawSocket: flush and close). Idempotent.
   *
   * @returns The close info, once closed.
   * @throws {RangeError} for a WebSocket close code other than 1000, 1001,
   *   1011 or 3000-4999 (the transport stays open).
   */
  close(code?: number, reason?: string): Promise<TransportCloseInfo>;
}

/**
 * Base of every transport-layer error.
 *
 * @example Catching any transport error
 * ```ts
 * import { createInProcessPair, HelloMessage, TransportError } from "@autobahn/autobahn/transport";
 *
 * const [client, server] = createInProcessPair();
 * await client.close();
 * await server.closed;
 * try {
 *   client.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 *   throw new Error("sent on a closed transport");
 * } catch (err) {
 *   if (!(err instanceof TransportError)) throw err;
 * }
 * ```
 */
export class TransportError extends AutobahnError {}

/**
 * Local misuse: sending on a transport that is closing or closed.
 *
 * @example Sending after close
 * ```ts
 * import { createInProcessPair, HelloMessage, TransportClosedError } from "@autobahn/autobahn/transport";
 *
 * const [client, server] = createInProcessPair();
 * await client.close();
 * await server.closed;
 * try {
 *   client.send(new HelloMessage({ realm: "realm1", details: { roles: { caller: {} } } }));
 *   throw new Error("sent on a closed transport");
 * } catch (err) {
 *   if (!(err instanceof TransportClosedError)) throw err;
 * }
 * ```
 */
export class TransportClosedError extends TransportError {
  /**
   * Creates the error.
   *
   * @param message What was attempted.
   */
  constructor(message = "Cannot send: the transport is closed", options?: ErrorOptions) {
    super("transport_closed", message, options);
  }
}

/**
 * Local: a serialized message is longer than the peer accepts. Nothing was
 * sent; a session fails just that request with
 * {@linkcode PayloadTooLargeError.reason}.
 *
 * @example Failing just the request that was too large
 * ```ts
 * import { PayloadTooLargeError } from "@autobahn/autobahn/transport";
 *
 * function errorUri(err: unknown): string {
 *   return err instanceof PayloadTooLargeError ? err.reason : "wamp.error.runtime_error";
 * }
 * const err = new PayloadTooLargeError(2_000_000, 1_048_576);
 * if (errorUri(err) !== "wamp.error.payload_size_exceeded") throw new Error(errorUri(err));
 * ```
 */
export class PayloadTooLargeError extends TransportError {
  /** The WAMP error URI this maps to. */
  readonly reason: string = "wamp.error.payload_size_exceeded";
  /** The serialized size, in octets. */
  readonly size: number;
  /** The peer's maximum, in octets. */
  readonly limit: number;

  /**
   * Creates the error.
   *
   * @param size The serialized size.
   * @param limit The peer's maximum.
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
 * The peers found no WAMP serializer in common (no subprotocol, RawSocket error 1).
 *
 * @example A router that speaks none of our serializers
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { connectTransport, SerializerNegotiationError } from "@autobahn/autobahn/transport";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint: { type: "tcp", port: 8080 }, serializers: ["cbor"] }],
 *   }],
 * }, { ephemeralPorts: true });
 * const refused = await connectTransport(router.transports[0]!.url, { serializers: ["json"] })
 *   .then(() => undefined, (err) => err);
 * if (!(refused instanceof SerializerNegotiationError)) throw new Error(`${refused}`);
 * ```
 */
export class SerializerNegotiationError extends TransportError {
  /**
   * Creates the error.
   *
   * @param message What was offered and refused.
   */
  constructor(message: string, options?: ErrorOptions) {
    super("serializer_unsupported", message, options);
  }
}

/** Which queued item a transport delivers. */
type Pending = WampMessage | ProtocolError;

const ROUTER_PARSE = { checkUris: false } as const;
/** Messages buffered before `setHandler` (a peer racing ahead of the session). */
const EARLY_QUEUE_MAX = 10_000;
const CLIENT_PARSE = {} as const;

/**
 * When a client transport starts writing before the end of the task: once
 * this many calls, yields or other awaited messages are queued (and no write
 * is in flight; what queues meanwhile follows in one write when it
 * completes), given the sender's requests in flight at the peer.
 *
 * With up to 3 requests in flight each message starts a write at once, so
 * the router works on it while the client produces the next ones (client
 * and router don't take turns on whole batches). With more in flight, the
 * router has our work queued anyway, and gathering about a quarter of them
 * into one write lets both sides work in bigger batches: about 10% more
 * calls per second at 50 to 100 in flight, no change below (measured in
 * `bench/CLIENT_RESULTS.md`, "Write policy").
 *
 * @internal
 */
export function earlyWriteAt(inFlight: number): number {
  return 1 + (inFlight >> 2);
}

/** Queued output that starts a write before the end of the task, for any role. */
const EARLY_WRITE_BYTES = 16 * 1024;

/**
 * The shared logic of every transport: parsing, handler delivery (with a
 * queue until a handler is set), the protocol-error path and the close
 * promise. Implementations supply the four `_`-methods.
 *
 * @internal
 */
export abstract class MessageTransportBase implements MessageTransport {
  /** What the transport tells about itself. */
  abstract readonly details: TransportDetails;
  /** The serializer in use (RawSocket sets it when the handshake completes). */
  protected _serializer: Serializer;
  #handler: MessageTransportHandler | undefined;
  #queue: Pending[] = [];
  #draining = false;
  #state: "open" | "closing" | "closed" = "open";
  #failed = false;
  #closeInfo: TransportCloseInfo | undefined;
  #closeDelivered = false;
  /** Messages queued since the last write took the queue. */
  #burst = 0;
  #resolveClosed!: (info: TransportCloseInfo) => void;
  /** Resolves once the transport is closed. */
  readonly closed: Promise<TransportCloseInfo>;

  /** @param serializer The negotiated serializer. */
  constructor(serializer: Serializer) {
    this._serializer = serializer;
    this.closed = new Promise((r) => (this.#resolveClosed = r));
  }

  /** True until `close` was called or the transport closed. */
  get isOpen(): boolean {
    return this.#state === "open";
  }

  /** Sets the handler; queued messages follow in a microtask. */
  setHandler(handler: MessageTransportHandler): void {
    this.#handler = handler;
    if (this.#queue.length > 0 || this.#closeInfo) this.#scheduleDrain();
  }

  /** Serializes and queues one message. */
  send(message: WampMessage, inFlight = 0): void {
    if (this.#state !== "open") {
      throw new TransportClosedError(
        `Cannot send ${message.constructor.name}: the transport is ${this.#state}`,
      );
    }
    const t = message.type;
    this._sendPayload(
      this._serializer.serialize(message.marshal() as unknown[]),
      t === MessageType.PUBLISH || t === MessageType.EVENT ? 0 : earlyWriteAt(inFlight),
    );
  }

  /** Closes the transport; idempotent. */
  close(code?: number, reason?: string): Promise<TransportCloseInfo> {
    if (this.#state === "open") {
      this._close(code ?? 1000, reason ?? ""); // may throw RangeError on a bad code
      if (this.#state === "open") this.#state = "closing";
    }
    return this.closed;
  }

  /** Closes the transport (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Writes one serialized message (or queues it for the batch). Output
   * normally leaves in one write at the end of the task. `writeAt` is 0 for
   * publications and events (fire-and-forget, best coalesced); for anything
   * a peer awaits (calls, yields, …) it is the number of such messages
   * queued at which a client transport starts a write at once, see
   * {@linkcode earlyWriteAt}.
   */
  protected abstract _sendPayload(payload: Uint8Array, writeAt: number): void;

  /**
   * The write policy both byte-stream transports share: call it after
   * queueing one message, with the octets queued before and after it.
   * True when a write should start now rather than at the end of the task:
   * a client's burst of awaited messages reached `writeAt` (see
   * {@linkcode earlyWriteAt}), or the queue reached 16 KiB.
   */
  protected _writeNow(
    queuedBefore: number,
    queuedAfter: number,
    writeAt: number,
    isClient: boolean,
  ): boolean {
    // Nothing was queued: the last write took everything, a new burst starts.
    this.#burst = queuedBefore === 0 ? 1 : this.#burst + 1;
    return (isClient && writeAt > 0 && this.#burst >= writeAt) ||
      queuedAfter >= EARLY_WRITE_BYTES;
  }
  /** Starts closing the underlying connection. */
  protected abstract _close(code: number, reason: string): void;
  /** Fails the connection after a protocol error was reported. */
  protected abstract _failProtocol(error: ProtocolError): void;
  /** Fails the connection after a handler threw. */
  protected abstract _failInternal(error: unknown): void;

  /**
   * Parses one received payload (one message, or several when batched) and
   * delivers the messages. A protocol error stops delivery for good.
   *
   * @param isBinary The frame type, checked against the serializer where the framing has one.
   */
  protected _receive(payload: Uint8Array | string, isBinary?: boolean): void {
    if (this.#failed || this.#state === "closed") return;
    let arrays: unknown[][];
    try {
      // WAMP basic profile, WebSocket transport: with wamp.2.json "all WebSocket
      // messages MUST BE of type text", with wamp.2.msgpack "of type binary".
      if (isBinary !== undefined && isBinary !== this._serializer.isBinary) {
        throw new ProtocolError(
          `Cannot parse message: ${
            isBinary ? "binary" : "text"
          } frame for ${this._serializer.subprotocol}`,
        );
      }
      arrays = this._serializer.unserialize(payload);
    } catch (err) {
      this.#protocolError(err);
      return;
    }
    for (const arr of arrays) {
      let msg: WampMessage;
      try {
        // The router side checks URIs itself, answering ERROR invalid_uri.
        msg = parseMessage(arr, this.details.isServer ? ROUTER_PARSE : CLIENT_PARSE);
      } catch (err) {
        this.#protocolError(err);
        return;
      }
      this.#deliver(msg);
      if (this.#failed) return;
    }
  }

  /** Records that the connection is gone and tells the handler (after queued messages). */
  protected _closed(info: TransportCloseInfo): void {
    if (this.#closeInfo) return;
    this.#state = "closed";
    this.#closeInfo = info;
    this.#resolveClosed(info);
    if (this.#handler && this.#queue.length === 0 && !this.#draining) this.#deliverClose();
    else if (this.#handler) this.#scheduleDrain();
  }

  #protocolError(err: unknown): void {
    if (!(err instanceof ProtocolError)) {
      err = new ProtocolError(`Cannot parse message: ${(err as Error)?.message ?? err}`, {
        cause: err,
      });
    }
    this.#failed = true;
    const pe = err as ProtocolError;
    if (this.#handler && this.#queue.length === 0 && !this.#draining) this.#reportProtocolError(pe);
    else this.#queue.push(pe);
  }

  #reportProtocolError(err: ProtocolError): void {
    try {
      this.#handler!.onProtocolError?.(err);
    } catch (e) {
      this._failInternal(e);
      return;
    }
    this._failProtocol(err);
  }

  #deliver(msg: WampMessage): void {
    if (this.#handler && this.#queue.length === 0 && !this.#draining) {
      try {
        this.#handler.onMessage(msg);
      } catch (err) {
        this.#failed = true;
        this._failInternal(err);
      }
    } else if (!this.#handler && this.#queue.length >= EARLY_QUEUE_MAX) {
      // Nobody reads yet: refuse to buffer without bound.
      this.#protocolError(
        new ProtocolError(
          `Cannot buffer more than ${EARLY_QUEUE_MAX} messages before a handler is set`,
        ),
      );
    } else {
      this.#queue.push(msg);
    }
  }

  #scheduleDrain(): void {
    if (this.#draining) return;
    this.#draining = true;
    queueMicrotask(() => this.#drain());
  }

  #drain(): void {
    const h = this.#handler!;
    while (this.#queue.length > 0) {
      const item = this.#queue.shift()!;
      if (item instanceof ProtocolError) {
        this.#queue.length = 0;
        this.#draining = false;
        this.#reportProtocolError(item);
        break;
      }
      try {
        h.onMessage(item);
      } catch (err) {
        this.#queue.length = 0;
        this.#failed = true;
        this._failInternal(err);
      }
    }
    this.#draining = false;
    if (this.#closeInfo) this.#deliverClose();
  }

  #deliverClose(): void {
    if (this.#closeDelivered) return;
    this.#closeDelivered = true;
    try {
      this.#handler!.onClose(this.#closeInfo!);
    } catch {
      // The transport is gone already; nothing left to fail.
    }
  }
}

/**
 * Options every client transport connector accepts.
 *
 * @example Offering JSON only, with a deadline
 * ```ts
 * import type { TransportConnectOptions } from "@autobahn/autobahn/transport";
 *
 * const options: TransportConnectOptions = {
 *   serializers: ["json"],
 *   maxMessageSize: 1024 * 1024,
 *   signal: AbortSignal.timeout(10_000),
 * };
 * if (options.serializers?.[0] !== "json") throw new Error("unexpected");
 * ```
 */
export interface TransportConnectOptions {
  /**
   * Serializers to offer, most preferred first. Default: CBOR, MessagePack,
   * UBJSON, JSON over WebSocket; JSON over RawSocket, whose handshake names
   * one serializer (on refusal the next one is tried on a new connection).
   */
  serializers?: readonly SerializerName[];
  /** WebSocket only: offer the batched variants (`wamp.2.json.batched`, ...) instead. Default false. */
  batched?: boolean;
  /**
   * The largest message we accept, in octets (WebSocket: close 1009 beyond;
   * RawSocket: announced in the handshake, rounded up to a power of two).
   * Default 16 MiB.
   */
  maxMessageSize?: number;
  /** Aborts connecting; once connected, closes the transport. */
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM) for `wss://` and `rss://`. */
  caCerts?: string[];
}

/**
 * The default {@linkcode TransportConnectOptions.maxMessageSize}: 16 MiB.
 *
 * @example Halving the default limit
 * ```ts
 * import { DEFAULT_MAX_MESSAGE_SIZE, type TransportConnectOptions } from "@autobahn/autobahn/transport";
 *
 * const options: TransportConnectOptions = { maxMessageSize: DEFAULT_MAX_MESSAGE_SIZE / 2 };
 * if (options.maxMessageSize !== 8 * 1024 * 1024) throw new Error("expected 8 MiB");
 * ```
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/**
 * The WebSocket subprotocols to offer for `serializers` (default: every
 * format, binary ones first), batched or not.
 *
 * @example
 * ```ts
 * import { subprotocolsFor } from "@autobahn/autobahn/transport";
 * subprotocolsFor(["msgpack", "json"]); // ["wamp.2.msgpack", "wamp.2.json"]
 * subprotocolsFor(["json"], true); // ["wamp.2.json.batched"]
 * ```
 *
 * @throws {TypeError} for an empty list or an unknown serializer name.
 */
export function subprotocolsFor(
  serializers: readonly SerializerName[] = ["cbor", "msgpack", "ubjson", "json"],
  batched = false,
): string[] {
  if (serializers.length === 0) throw new TypeError("Cannot offer serializers: the list is empty");
  return serializers.map((s) => {
    if (!["json", "msgpack", "cbor", "ubjson"].includes(s)) {
      throw new TypeError(`Cannot offer serializers: unknown serializer "${s}"`);
    }
    return `wamp.2.${s}${batched ? ".batched" : ""}`;
  });
}
