/**
 * WAMP over the platform `WebSocket` (browsers, Bun, Deno's global), for
 * runtimes where our engine cannot open sockets. The only file that touches
 * the global `WebSocket`; it never references `Deno`.
 *
 * It speaks JSON on its own and the serializers registered with
 * {@linkcode registerPlatformSerializer}: the transport module
 * (`@autobahn/autobahn/transport`, and so the main entry) registers
 * MessagePack, CBOR and UBJSON, while the browser entry (`./client`) keeps
 * them out of a bundle until `./client/msgpack` or `./client/cbor` is
 * imported.
 *
 * @module
 */
import { concatBytes, utf8Decoder } from "../util/bytes.ts";
import type { ProtocolError } from "../wamp/errors.ts";
import { JsonSerializer } from "../wamp/serializers/json.ts";
import type {
  Serializer,
  SerializerName,
  SerializerOptions,
} from "../wamp/serializers/serializer.ts";
import {
  type MessageTransport,
  MessageTransportBase,
  SerializerNegotiationError,
  subprotocolsFor,
  type TransportConnectOptions,
  type TransportDetails,
  TransportError,
} from "./message_transport.ts";

/**
 * Options of {@linkcode connectBrowserWebSocket}.
 *
 * @example Offering explicit subprotocols through the platform WebSocket
 * ```ts
 * import { type BrowserWebSocketOptions, connectBrowserWebSocket } from "@autobahn/autobahn/transport";
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
 * const options: BrowserWebSocketOptions = { protocols: ["wamp.2.json"], maxMessageSize: 65536 };
 * await using transport = await connectBrowserWebSocket(router.transports[0]!.url, options);
 * if (transport.details.channel !== "platform") throw new Error(transport.details.channel);
 * ```
 */
export interface BrowserWebSocketOptions extends Omit<TransportConnectOptions, "caCerts"> {
  /** The subprotocols to offer verbatim (overrides `serializers` and `batched`). */
  protocols?: readonly string[];
  /** The `WebSocket` constructor to use. Default: the global one. */
  WebSocket?: typeof WebSocket;
}

/**
 * Makes a serializer for the platform WebSocket transport.
 *
 * @example
 * ```ts
 * import { JsonSerializer, type PlatformSerializerFactory } from "@autobahn/autobahn/transport";
 * const json: PlatformSerializerFactory = (options) => new JsonSerializer(options);
 * if (json({ batched: true }).subprotocol !== "wamp.2.json.batched") throw new Error("batched");
 * ```
 */
export type PlatformSerializerFactory = (options: SerializerOptions) => Serializer;

const FACTORIES = new Map<string, PlatformSerializerFactory>([
  ["json", (options) => new JsonSerializer(options)],
]);

/**
 * Makes {@linkcode connectBrowserWebSocket} (and components on the platform
 * `WebSocket`) speak serializer `name`. JSON is built in; the transport
 * module registers the others, the browser entry's `./client/msgpack` and
 * `./client/cbor` modules one each.
 *
 * @example
 * ```ts
 * import { CborSerializer } from "@autobahn/autobahn/wamp";
 * import { registerPlatformSerializer } from "@autobahn/autobahn/transport";
 * registerPlatformSerializer("cbor", (options) => new CborSerializer(options));
 * ```
 *
 * @param name The serializer's name (its subprotocol is `wamp.2.<name>`).
 * @param factory Makes the serializer (options carry `batched`).
 */
export function registerPlatformSerializer(
  name: SerializerName,
  factory: PlatformSerializerFactory,
): void {
  FACTORIES.set(name, factory);
}

/**
 * The serializers the platform WebSocket transport speaks now: JSON and
 * every one registered with {@linkcode registerPlatformSerializer}.
 *
 * @example
 * ```ts
 * import { platformSerializers } from "@autobahn/autobahn/transport";
 * console.log(platformSerializers()); // e.g. ["json", "msgpack", "cbor", "ubjson"]
 * ```
 */
export function platformSerializers(): SerializerName[] {
  return [...FACTORIES.keys()] as SerializerName[];
}

function serializerForSubprotocol(subprotocol: string): Serializer | undefined {
  const m = /^wamp\.2\.([a-z]+)(\.batched)?$/.exec(subprotocol);
  const factory = m === null ? undefined : FACTORIES.get(m[1]!);
  return factory?.({ batched: m![2] !== undefined });
}

/** Close codes a script may send (WHATWG WebSockets: 1000 or 3000-4999). */
function scriptCloseCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/** A MessageTransport over a platform WebSocket. */
class BrowserWebSocketTransport extends MessageTransportBase {
  readonly details: TransportDetails;
  readonly #ws: WebSocket;
  readonly #maxMessageSize: number;
  #batch: Uint8Array[] = [];
  #batchQueued = false;
  #error: unknown;

  constructor(ws: WebSocket, details: TransportDetails, maxMessageSize: number) {
    super(serializerForSubprotocol(details.subprotocol)!);
    this.#ws = ws;
    this.details = details;
    this.#maxMessageSize = maxMessageSize;
    ws.onmessage = (ev: MessageEvent) => this.#message(ev.data);
    ws.onclose = (ev: CloseEvent) => this.#onClose(ev);
  }

  #message(data: unknown): void {
    if (typeof data === "string") {
      if (data.length > this.#maxMessageSize) return this.#tooBig(data.length);
      this._receive(data, false);
    } else if (data instanceof ArrayBuffer) {
      if (data.byteLength > this.#maxMessageSize) return this.#tooBig(data.byteLength);
      this._receive(new Uint8Array(data), true);
    }
  }

  #tooBig(size: number): void {
    this.#error = new TransportError(
      "message_too_big",
      `Message of ${size} octets exceeds the maximum of ${this.#maxMessageSize}`,
    );
    this.#ws.close(1000, "Message too big");
  }

  protected _sendPayload(payload: Uint8Array): void {
    if (!this._serializer.batched) {
      this.#write(payload);
      return;
    }
    this.#batch.push(payload);
    if (!this.#batchQueued) {
      this.#batchQueued = true;
      queueMicrotask(() => this.#flushBatch());
    }
  }

  #write(payload: Uint8Array): void {
    // JSON travels in text messages: hand the platform a string, not bytes.
    if (this._serializer.isBinary) this.#ws.send(payload);
    else this.#ws.send(utf8Decoder.decode(payload));
  }

  #flushBatch(): void {
    this.#batchQueued = false;
    const parts = this.#batch;
    if (parts.length === 0 || this.#ws.readyState !== 1) return;
    this.#batch = [];
    this.#write(concatBytes(parts));
  }

  protected _close(code: number, reason: string): void {
    this.#flushBatch();
    this.#ws.close(scriptCloseCode(code), reason);
  }

  protected _failProtocol(error: ProtocolError): void {
    this.#flushBatch();
    this.#error = error;
    // A script cannot send 1002; the close info carries the error.
    this.#ws.close(1000, "WAMP protocol violation");
  }

  protected _failInternal(error: unknown): void {
    this.#error = error;
    this.#ws.close(1000, "Internal error");
  }

  #onClose(ev: CloseEvent): void {
    this.#batch = [];
    const error = this.#error;
    this._closed(
      error === undefined ? { wasClean: ev.wasClean, code: ev.code, reason: ev.reason } : {
        wasClean: false,
        code: ev.code,
        reason: String((error as Error)?.message ?? error),
        error,
      },
    );
  }
}

/**
 * Connects to a WAMP router with the platform `WebSocket` (`binaryType`
 * `"arraybuffer"`), offering the `wamp.2.*` subprotocols of `serializers`.
 *
 * @example Connecting with the runtime's own WebSocket
 * ```ts
 * import { connectBrowserWebSocket } from "@autobahn/autobahn/transport";
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
 * await using transport = await connectBrowserWebSocket(router.transports[0]!.url, {
 *   serializers: ["json"],
 * });
 * if (transport.details.subprotocol !== "wamp.2.json") throw new Error("expected JSON");
 * ```
 *
 * @throws {SerializerNegotiationError} when the server chose no subprotocol we offered.
 * @throws {TransportError} (`connection_failed`) when the connection could not be opened.
 */
export function connectBrowserWebSocket(
  url: string,
  options: BrowserWebSocketOptions = {},
): Promise<MessageTransport> {
  const protocols = options.protocols
    ? [...options.protocols]
    : subprotocolsFor(options.serializers, options.batched);
  for (const p of protocols) {
    if (serializerForSubprotocol(p) === undefined) {
      return Promise.reject(
        new TypeError(
          `Cannot offer subprotocol "${p}": not a WAMP subprotocol we speak (serializers here: ${
            platformSerializers().join(", ")
          }; the browser entry adds msgpack and cbor with @autobahn/autobahn/client/msgpack and /cbor)`,
        ),
      );
    }
  }
  const Impl = options.WebSocket ?? globalThis.WebSocket;
  if (typeof Impl !== "function") {
    return Promise.reject(new TypeError("Cannot connect: no WebSocket in this runtime"));
  }
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const maxMessageSize = options.maxMessageSize ?? 16 * 1024 * 1024;
  return new Promise<MessageTransport>((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new Impl(url, protocols);
    } catch (err) {
      reject(err);
      return;
    }
    ws.binaryType = "arraybuffer";
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      reject(err);
    };
    // Failures wait for the close event, so no socket outlives the rejection.
    let failure: unknown;
    const onAbort = () => {
      failure ??= signal!.reason;
      ws.close();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    ws.onerror = () => {};
    ws.onclose = (ev) =>
      fail(
        failure ?? new TransportError(
          "connection_failed",
          `Cannot open WAMP transport: WebSocket to ${url} closed (${ev.code}${
            ev.reason ? ` ${ev.reason}` : ""
          })`,
        ),
      );
    ws.onopen = () => {
      const subprotocol = ws.protocol;
      if (!protocols.includes(subprotocol)) {
        failure = new SerializerNegotiationError(
          `Cannot open WAMP transport: the server chose no WAMP subprotocol (offered ${
            protocols.join(", ")
          })`,
        );
        ws.close(1000);
        return;
      }
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      const secure = url.startsWith("wss:");
      const transport = new BrowserWebSocketTransport(ws, {
        kind: "websocket",
        channel: "platform",
        isServer: false,
        isSecure: secure,
        url,
        peer: url,
        serializer: serializerForSubprotocol(subprotocol)!.name,
        subprotocol,
      }, maxMessageSize);
      if (signal) {
        const goAway = () => void transport.close();
        signal.addEventListener("abort", goAway, { once: true });
        void transport.closed.then(() => signal.removeEventListener("abort", goAway));
      }
      resolve(transport);
    };
  });
}
