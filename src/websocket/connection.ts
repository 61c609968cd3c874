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
import type { ByteListener } from "../transport/deno_conn.ts";

/**
 * A message as the modern face yields it: text as `string`, binary as `Uint8Array`.
 *
 * @example Text arrives as a string, binary as bytes
 * ```ts
 * import { connect, serve, type WebSocketMessage } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, (ws) => {
 *   ws.send("text");
 *   ws.send(Uint8Array.of(1, 2));
 * });
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * const got: WebSocketMessage[] = [];
 * for await (const msg of ws) if (got.push(msg) === 2) break;
 * if (typeof got[0] !== "string" || !(got[1] instanceof Uint8Array)) throw new Error();
 * ```
 */
export type WebSocketMessage = string | Uint8Array;

/** Messages buffered for a slow consumer before reading from the socket pauses. */
const QUEUE_HIGH = 256;

/**
 * Options of {@linkcode WebSocketConnection.send}.
 *
 * @example Echo with transfer: no copy, no allocation per big message
 * ```ts
 * import { connect, type SendOptions, serve } from "@autobahn/autobahn/websocket";
 * const transfer: SendOptions = { transfer: true };
 * await using server = await serve({ hostname: "127.0.0.1", port: 0 }, async (ws) => {
 *   for await (const msg of ws) {
 *     if (typeof msg === "string") ws.send(msg);
 *     else ws.send(msg, transfer); // msg is empty once written: don't use it again
 *   }
 * });
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * ws.send(new Uint8Array(100_000).fill(7));
 * for await (const echo of ws) {
 *   if (!(echo instanceof Uint8Array) || echo.length !== 100_000 || echo[99_999] !== 7) {
 *     throw new Error("bad echo");
 *   }
 *   break;
 * }
 * ```
 */
export interface SendOptions {
  /**
   * Hand the message's memory to the library (as `postMessage` transfer
   * lists do): a large binary message this engine received is sent without
   * a copy, and once written its `ArrayBuffer` is detached — every view of
   * it becomes empty — and reused for a later received message. Ignored for
   * text and for buffers the library did not allocate. Default `false`.
   */
  readonly transfer?: boolean;
}

/**
 * An open WebSocket connection with a promise/iterator API.
 *
 * @example Iterating over messages
 * ```ts
 * import { connect, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, (ws) => ws.send("Hello"));
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * for await (const msg of ws) {
 *   console.log(msg); // Hello
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
   * Sends a text (`string`) or binary (`Uint8Array`) message. With
   * `{ transfer: true }` a binary message's memory is handed to the library
   * (see {@linkcode SendOptions.transfer}): the zero-copy way to echo or
   * relay big received messages.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  send(data: WebSocketMessage, options?: SendOptions): void {
    if (options?.transfer && typeof data !== "string") this.#p.sendMessageTransfer(data, true);
    else this.#p.sendMessage(data, typeof data !== "string");
  }

  /**
   * Sends a ping.
   *
   * @throws {Disconnected} when the connection is not open.
   */
  ping(payload?: Uint8Array): void {
    this.#p.sendPing(payload);
  }

  /**
   * Closes (code 1000 or 3000-4999, as Autobahn allows applications) and
   * resolves once the transport is closed.
   *
   * @throws {RangeError} for another code (e.g. 1001: use 1000 or an
   * application code such as 4001). A reason longer than 123 UTF-8 bytes is
   * truncated.
   */
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

/**
 * Options of {@linkcode connect}.
 *
 * @example Offering a subprotocol
 * ```ts
 * import { connect, type ConnectWebSocketOptions, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0, protocols: ["chat.v2"] }, () => {});
 * const options: ConnectWebSocketOptions = {
 *   protocols: ["chat.v2"],
 *   headers: { "X-Trace": "1" },
 *   autoPingInterval: 30,
 * };
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`, options);
 * if (ws.protocol !== "chat.v2") throw new Error(`${ws.protocol}`);
 * ```
 */
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
 *
 * @example Sending and receiving one message
 * ```ts
 * import { connect, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(`echo: ${msg}`);
 * });
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * ws.send("Hello");
 * for await (const msg of ws) {
 *   if (msg !== "echo: Hello") throw new Error(`${msg}`);
 *   break;
 * }
 * ```
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

/**
 * Options of {@linkcode serve}.
 *
 * @example Refusing requests for other paths
 * ```ts
 * import { ConnectionDeny, connect, serve, type ServeOptions } from "@autobahn/autobahn/websocket";
 *
 * const options: ServeOptions = {
 *   port: 0,
 *   onConnect(request) {
 *     if (request.path !== "/ws") throw new ConnectionDeny(ConnectionDeny.NOT_FOUND);
 *   },
 * };
 * await using server = await serve(options, () => {});
 * const refused = await connect(`ws://127.0.0.1:${server.port}/other`).catch((err) => err);
 * if (refused?.status !== 404) throw new Error(`expected 404, got ${refused}`);
 * ```
 */
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
  /** Use this listener instead of opening one (e.g. `listenBun()` on Bun). */
  listener?: ByteListener;
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
  const {
    hostname,
    port,
    path,
    tls,
    protocols,
    onConnect,
    fetch,
    signal,
    listener,
    ...protocolOptions
  } = options;
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
    ...(listener ? { listener } : {}),
  });
}
