/**
 * The modern face: {@linkcode connect} and {@linkcode serve} give a
 * {@linkcode WebSocketConnection} to `for await` over, `send()` to and
 * `close()`, with `AbortSignal` and `await using` support. Same engine and
 * options as the callback face.
 *
 * @module
 */
import { WebSocketClientFactory, WebSocketClientProtocol } from "./client.ts";
import { connectWebSocket } from "./client.ts";
import type { ClientOptions, ServerOptions } from "./options.ts";
import type { CloseInfo, ConnectionStateValue } from "./protocol.ts";
import { ConnectionState } from "./protocol.ts";
import {
  type FetchHandler,
  listenWebSocket,
  type WebSocketServer,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "./server.ts";
import type { WebSocketProtocol } from "./base.ts";
import type { ConnectionAccept, ConnectionRequest, ConnectionResponse } from "./types.ts";
import { utf8Decoder } from "../util/bytes.ts";
import type { ByteConnection } from "../transport/types.ts";
import type { ProxyOptions } from "../transport/proxy.ts";

/** A message as the modern face yields it: text as `string`, binary as `Uint8Array`. */
export type WebSocketMessage = string | Uint8Array;

/** Messages buffered for a slow consumer before reading from the socket pauses. */
const QUEUE_HIGH = 256;

/**
 * An open WebSocket connection with a promise/iterator API.
 *
 * @example
 * ```ts
 * import { connect } from "@autobahn/autobahn/websocket";
 * await using ws = await connect("ws://127.0.0.1:9000");
 * ws.send("Hello");
 * for await (const msg of ws) {
 *   console.log(msg);
 *   break;
 * }
 * ```
 */
export class WebSocketConnection implements AsyncIterable<WebSocketMessage>, AsyncDisposable {
  readonly #p: WebSocketProtocol;
  readonly #queue: WebSocketMessage[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<WebSocketMessage>) => void) | undefined;
  #ended = false;
  /** Resolves with how the connection ended, once the transport is closed. */
  readonly closed: Promise<CloseInfo>;
  #resolveClosed!: (info: CloseInfo) => void;
  /** The subprotocol in use, or `null`. */
  readonly protocol: string | null;
  /** The peer, e.g. `tcp4:127.0.0.1:9000`. */
  readonly peer: string;
  /** The server's handshake answer (client side). */
  readonly response?: ConnectionResponse;
  /** The client's handshake request (server side). */
  readonly request?: ConnectionRequest;

  /** @internal Use {@linkcode connect} or {@linkcode serve}. */
  constructor(p: WebSocketProtocol, request?: ConnectionRequest, response?: ConnectionResponse) {
    this.#p = p;
    this.protocol = p.websocketProtocolInUse;
    this.peer = p.peer;
    if (request) this.request = request;
    if (response) this.response = response;
    this.closed = new Promise((r) => (this.#resolveClosed = r));
  }

  /** The connection state (0 connecting, 1 open, 2 closing, 3 closed). */
  get readyState(): ConnectionStateValue {
    return this.#p.state;
  }

  /** Bytes queued and not yet written. */
  get bufferedAmount(): number {
    return this.#p.bufferedAmount;
  }

  /**
   * Round-trip time in milliseconds of the last answered auto-ping (option
   * `autoPingInterval`), or `undefined` before the first pong or with auto-ping off.
   */
  get rtt(): number | undefined {
    return this.#p.autoPingRtt;
  }

  /**
   * Sends a text (`string`) or binary (`Uint8Array`) message.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  send(data: WebSocketMessage): void {
    this.#p.sendMessage(data, typeof data !== "string");
  }

  /**
   * Sends a ping.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  ping(payload?: Uint8Array): void {
    this.#p.sendPing(payload);
  }

  /** Closes (code 1000 or 3000-4999) and resolves once the transport is closed. */
  close(code = 1000, reason = ""): Promise<CloseInfo> {
    if (this.#p.state === ConnectionState.OPEN) this.#p.sendClose(code, reason || undefined);
    return this.closed;
  }

  /** Closes and waits (for `await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Iterates over incoming messages until the connection closes. */
  [Symbol.asyncIterator](): AsyncIterator<WebSocketMessage> {
    return {
      next: () => {
        if (this.#head < this.#queue.length) {
          const value = this.#queue[this.#head]!;
          this.#queue[this.#head++] = "";
          if (this.#head === this.#queue.length) {
            this.#queue.length = 0;
            this.#head = 0;
            this.#p._driver?.resume();
          }
          return Promise.resolve({ value, done: false });
        }
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => (this.#waiter = r));
      },
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  /** @internal */
  _push(payload: Uint8Array, isBinary: boolean): void {
    const msg: WebSocketMessage = isBinary ? payload : utf8Decoder.decode(payload);
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w({ value: msg, done: false });
      return;
    }
    this.#queue.push(msg);
    if (this.#queue.length - this.#head >= QUEUE_HIGH) this.#p._driver?.pause();
  }

  /** @internal */
  _end(info: CloseInfo): void {
    this.#ended = true;
    this.#resolveClosed(info);
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w({ value: undefined, done: true });
    }
  }
}

class ModernClient extends WebSocketClientProtocol {
  conn: WebSocketConnection | undefined;
  early: [Uint8Array, boolean][] = [];
  override onMessage(payload: Uint8Array, isBinary: boolean): void {
    if (this.conn) this.conn._push(payload, isBinary);
    else this.early.push([payload, isBinary]);
  }
  override onClose(): void {
    this.conn?._end(this.closeInfo!);
  }
}

/** Options of {@linkcode connect}. */
export interface ConnectWebSocketOptions extends ClientOptions {
  /** Subprotocols to offer. */
  protocols?: string[];
  /** Extra request headers. */
  headers?: Record<string, string | string[]>;
  /** The `Origin` header. */
  origin?: string;
  /** Aborts connecting, and later closes the connection (1001). */
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM) for `wss://`. */
  caCerts?: string[];
  /** Use this byte connection instead of dialing. */
  connection?: ByteConnection;
  /** Connect through this HTTP proxy (CONNECT; TLS over the tunnel for `wss://`). */
  proxy?: ProxyOptions;
}

/**
 * Opens a WebSocket connection to `url` (`ws://`, `wss://`, `ws+unix://`).
 *
 * @throws {HandshakeError} when the server refuses or breaks the handshake.
 */
export async function connect(
  url: string,
  options: ConnectWebSocketOptions = {},
): Promise<WebSocketConnection> {
  const { protocols, headers, origin, signal, caCerts, connection, proxy, ...protocolOptions } =
    options;
  const factory = new WebSocketClientFactory(url, {
    ...(protocols ? { protocols } : {}),
    ...(headers ? { headers } : {}),
    ...(origin ? { origin } : {}),
    ...(proxy ? { proxy } : {}),
  });
  factory.setProtocolOptions(protocolOptions);
  factory.protocol = ModernClient;
  const p = await connectWebSocket<ModernClient>(factory, {
    ...(signal ? { signal } : {}),
    ...(caCerts ? { caCerts } : {}),
    ...(connection ? { connection } : {}),
  });
  const ws = new WebSocketConnection(p, undefined, p.response);
  p.conn = ws;
  for (const [payload, isBinary] of p.early) ws._push(payload, isBinary);
  p.early = [];
  if (p.closeInfo) ws._end(p.closeInfo);
  return ws;
}

/** Options of {@linkcode serve}. */
export interface ServeOptions extends ServerOptions {
  /** Host to bind (default 127.0.0.1). */
  hostname?: string;
  /** Port to bind (0 picks a free one). Default 0. */
  port?: number;
  /** Listen on a Unix socket instead. */
  path?: string;
  /** TLS certificate and key (PEM). */
  tls?: { cert: string; key: string };
  /** Subprotocols spoken, in preference order. */
  protocols?: string[];
  /** Decides on each handshake: return the subprotocol or accept info; throw `ConnectionDeny` to refuse. */
  onConnect?: (
    request: ConnectionRequest,
  ) => string | null | void | ConnectionAccept | Promise<string | null | void | ConnectionAccept>;
  /** Serves plain HTTP requests on the same port. */
  fetch?: FetchHandler;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
}

/**
 * Serves WebSocket connections: `handler` runs for every open connection.
 *
 * @example
 * ```ts
 * import { serve } from "@autobahn/autobahn/websocket";
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg); // echo
 * });
 * console.log(server.port);
 * ```
 */
export function serve(
  options: ServeOptions,
  handler: (ws: WebSocketConnection) => void | Promise<void>,
): Promise<WebSocketServer> {
  const { hostname, port, path, tls, protocols, onConnect, fetch, signal, ...protocolOptions } =
    options;
  const factory = new WebSocketServerFactory(
    `${tls ? "wss" : "ws"}://${hostname ?? "127.0.0.1"}:${port ?? 0}`,
    protocols ? { protocols } : {},
  );
  factory.setProtocolOptions(protocolOptions);
  factory.protocol = class extends WebSocketServerProtocol {
    conn: WebSocketConnection | undefined;
    override onConnect(request: ConnectionRequest) {
      return onConnect?.(request);
    }
    override onOpen(): void | Promise<void> {
      this.conn = new WebSocketConnection(this, this.request);
      return handler(this.conn);
    }
    override onMessage(payload: Uint8Array, isBinary: boolean): void {
      this.conn?._push(payload, isBinary);
    }
    override onClose(): void {
      this.conn?._end(this.closeInfo!);
    }
  };
  return listenWebSocket(factory, {
    hostname: hostname ?? "127.0.0.1",
    port: port ?? 0,
    ...(path ? { path } : {}),
    ...(tls ? { tls } : {}),
    ...(fetch ? { fetch } : {}),
    ...(signal ? { signal } : {}),
  });
}
