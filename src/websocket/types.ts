/**
 * The public views of a WebSocket opening handshake: what a server learns
 * about a client's request ({@linkcode ConnectionRequest}, handed to
 * `onConnect`), what a client learns about the server's answer
 * ({@linkcode ConnectionResponse}), and what a server's `onConnect` may return
 * to accept ({@linkcode ConnectionAccept}). Names follow Autobahn|Python.
 *
 * @module
 */
import type { PeerAddress } from "../transport/types.ts";
export type { PeerAddress } from "../transport/types.ts";

/**
 * One parsed extension offer or response element of a
 * `Sec-WebSocket-Extensions` header (RFC 6455 §9.1), e.g.
 * `permessage-deflate; client_max_window_bits` becomes
 * `{ name: "permessage-deflate", params: { client_max_window_bits: true } }`.
 *
 * @example Parsing an offer
 * ```ts
 * import { type ExtensionOffer, parseExtensions } from "@autobahn/autobahn/websocket";
 *
 * const [offer]: ExtensionOffer[] = parseExtensions("permessage-deflate; client_max_window_bits");
 * if (offer?.params.client_max_window_bits !== true) throw new Error("flag missing");
 * ```
 */
export interface ExtensionOffer {
  /** The extension token, e.g. `"permessage-deflate"`. */
  readonly name: string;
  /**
   * The parameters in a null-prototype record: a parameter without a value
   * maps to `true`, a quoted value is unescaped.
   */
  readonly params: Readonly<Record<string, string | true>>;
}

/**
 * One header line as received: the name keeps its original case.
 *
 * @example Header lines in their original case
 * ```ts
 * import { HttpRequestReader, type RawHeader } from "@autobahn/autobahn/websocket";
 *
 * const head = new HttpRequestReader().feed(new TextEncoder().encode(
 *   "GET / HTTP/1.1\r\nHost: x\r\nX-Custom-ID: 7\r\n\r\n",
 * ))!;
 * const custom: RawHeader | undefined = head.rawHeaders.find(([name]) => name === "X-Custom-ID");
 * if (custom?.[1] !== "7") throw new Error("header not found");
 * ```
 */
export type RawHeader = readonly [name: string, value: string];

/**
 * The server's view of a client's opening handshake (RFC 6455 §4.2.1), as
 * handed to a server's `onConnect`. Every record is a null-prototype object.
 *
 * @example Reading the request in `onConnect`
 * ```ts
 * import { connect, type ConnectionRequest, serve } from "@autobahn/autobahn/websocket";
 *
 * let seen: ConnectionRequest | undefined;
 * await using server = await serve({ port: 0, onConnect: (r) => void (seen = r) }, () => {});
 * await using _ws = await connect(`ws://127.0.0.1:${server.port}/room?id=7`, {
 *   headers: { Cookie: "session=abc" },
 * });
 * if (seen?.path !== "/room" || seen.params["id"]?.[0] !== "7") throw new Error("unexpected");
 * if (seen.cookies["session"] !== "abc") throw new Error("cookie missing");
 * ```
 */
export interface ConnectionRequest {
  /**
   * The peer as Autobahn prints it: `tcp4:127.0.0.1:5555`, `tcp6:[::1]:5555`,
   * `unix:/path`. With `trustXForwardedFor`, the address taken from
   * `X-Forwarded-For` (e.g. `tcp4:203.0.113.7`, no port known).
   */
  readonly peer: string;
  /** The transport-level address of the connection (with a proxy: the proxy). */
  readonly peerAddress: PeerAddress;
  /**
   * The headers with lowercase names; repeated headers combined with `", "`
   * (`cookie` with `"; "`), RFC 9110 §5.3.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Every header line in order of arrival, names in their original case. */
  readonly rawHeaders: readonly RawHeader[];
  /** The `Host` header without its port (an IPv6 literal keeps its brackets). */
  readonly host: string;
  /** The request path, still percent-encoded, without the query. */
  readonly path: string;
  /** The query parameters: each name maps to its values in order (`+` and `%xx` decoded). */
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** The WebSocket protocol version the client speaks (`Sec-WebSocket-Version`). */
  readonly version: 8 | 13;
  /** The `Origin` (v13) or `Sec-WebSocket-Origin` (v8) header, `null` when absent. */
  readonly origin: string | null;
  /** The subprotocols the client offered, in its order of preference. */
  readonly protocols: readonly string[];
  /** The extensions the client offered, in its order of preference. */
  readonly extensions: readonly ExtensionOffer[];
  /** The cookies of the `Cookie` header (RFC 6265 §5.4); the first of a repeated name wins. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client's `Sec-WebSocket-Key`, needed to compute the accept key. */
  readonly key: string;
}

/**
 * The client's view of the server's opening handshake answer (RFC 6455 §4.1),
 * after it was validated. Every record is a null-prototype object.
 *
 * @example What the client learns from the server's answer
 * ```ts
 * import { connect, type ConnectionResponse, serve } from "@autobahn/autobahn/websocket";
 *
 * await using server = await serve({ port: 0, protocols: ["chat"] }, () => {});
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`, { protocols: ["chat"] });
 * const response: ConnectionResponse | undefined = ws.response;
 * if (response?.protocol !== "chat" || response.version !== 13) throw new Error("unexpected");
 * ```
 */
export interface ConnectionResponse {
  /** The server as Autobahn prints peers: `tcp4:127.0.0.1:9000`. */
  readonly peer: string;
  /** The transport-level address of the server. */
  readonly peerAddress: PeerAddress;
  /** The headers with lowercase names; repeated headers combined with `", "`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every header line in order of arrival, names in their original case. */
  readonly rawHeaders: readonly RawHeader[];
  /** The WebSocket protocol version spoken (the one the client asked for). */
  readonly version: 8 | 13;
  /** The subprotocol the server selected, or `null`. */
  readonly protocol: string | null;
  /** The extensions the server accepted, in the order it listed them. */
  readonly extensions: readonly ExtensionOffer[];
}

/**
 * What a server's `onConnect` may return to accept a connection (returning
 * nothing accepts without a subprotocol).
 *
 * @example
 * ```ts
 * import type { ConnectionAccept, ConnectionRequest } from "@autobahn/autobahn/websocket";
 * function onConnect(request: ConnectionRequest): ConnectionAccept {
 *   return {
 *     subprotocol: request.protocols.includes("wamp.2.json") ? "wamp.2.json" : null,
 *     headers: { "Set-Cookie": ["a=1", "b=2"] },
 *   };
 * }
 * ```
 */
export interface ConnectionAccept {
  /** The selected subprotocol: one the client offered, or `null` for none. */
  subprotocol?: string | null;
  /** Extra response headers; an array value writes one header line per element. */
  headers?: Record<string, string | string[]>;
}
