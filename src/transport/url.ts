/**
 * Parsing the transport URL forms: `ws://host[:port][/path]`, `wss://...`,
 * `rs://host:port`, `rss://host:port` (RawSocket over TLS) and
 * `rs://unix:/path/to.sock` (RawSocket over a Unix socket).
 *
 * @module
 */

/**
 * A parsed WebSocket URL (`ws://`, `wss://`).
 *
 * @example The default port and resource of a `wss://` URL
 * ```ts
 * import { parseTransportUrl } from "@autobahn/autobahn/transport";
 *
 * const url = parseTransportUrl("wss://example.com/ws?x=1");
 * if (url.kind !== "websocket") throw new Error(url.kind);
 * if (url.port !== 443 || url.resource !== "/ws?x=1") throw new Error(`${url.port} ${url.resource}`);
 * ```
 */
export interface WebSocketTransportUrl {
  /** Discriminant. */
  readonly kind: "websocket";
  /** The URL, normalized. */
  readonly url: string;
  /** True for `wss://`. */
  readonly secure: boolean;
  /** Host name or address (an IPv6 literal without brackets). */
  readonly hostname: string;
  /** The port (default 80, or 443 for `wss://`). */
  readonly port: number;
  /** Path and query of the opening handshake request (at least `/`). */
  readonly resource: string;
}

/**
 * A parsed RawSocket URL over TCP or TLS (`rs://host:port`, `rss://host:port`).
 *
 * @example RawSocket over TLS
 * ```ts
 * import { parseTransportUrl } from "@autobahn/autobahn/transport";
 *
 * const url = parseTransportUrl("rss://router.example.com:8443");
 * if (url.kind !== "rawsocket" || url.path !== undefined) throw new Error("not TCP");
 * if (!url.secure || url.port !== 8443) throw new Error("unexpected");
 * ```
 */
export interface RawSocketTcpUrl {
  /** Discriminant. */
  readonly kind: "rawsocket";
  /** The URL as given. */
  readonly url: string;
  /** True for `rss://`. */
  readonly secure: boolean;
  /** Host name or address (an IPv6 literal without brackets). */
  readonly hostname: string;
  /** The port (required: RawSocket has no default port). */
  readonly port: number;
  /** Absent: this is not a Unix socket URL. */
  readonly path?: undefined;
}

/**
 * A parsed RawSocket URL over a Unix socket (`rs://unix:/path/to.sock`).
 *
 * @example RawSocket over a Unix socket
 * ```ts
 * import { parseTransportUrl } from "@autobahn/autobahn/transport";
 *
 * const url = parseTransportUrl("rs://unix:/run/router.sock");
 * if (url.kind !== "rawsocket" || url.path !== "/run/router.sock") throw new Error("unexpected");
 * ```
 */
export interface RawSocketUnixUrl {
  /** Discriminant. */
  readonly kind: "rawsocket";
  /** The URL as given. */
  readonly url: string;
  /** Always false: no TLS over Unix sockets. */
  readonly secure: false;
  /** The socket path, taken literally. */
  readonly path: string;
}

/**
 * Any parsed transport URL.
 *
 * @example Describing any transport URL
 * ```ts
 * import { parseTransportUrl, type TransportUrl } from "@autobahn/autobahn/transport";
 *
 * function where(url: TransportUrl): string {
 *   if (url.kind === "websocket") return `${url.hostname}:${url.port}${url.resource}`;
 *   return url.path !== undefined ? url.path : `${url.hostname}:${url.port}`;
 * }
 * if (where(parseTransportUrl("ws://localhost/ws")) !== "localhost:80/ws") throw new Error();
 * ```
 */
export type TransportUrl = WebSocketTransportUrl | RawSocketTcpUrl | RawSocketUnixUrl;

const UNIX_PREFIX = "rs://unix:";

/**
 * Parses a transport URL.
 *
 * @example Parsing the three URL forms
 * ```ts
 * import { parseTransportUrl } from "@autobahn/autobahn/transport";
 *
 * parseTransportUrl("rs://127.0.0.1:8080");
 * // { kind: "rawsocket", url: "rs://127.0.0.1:8080", secure: false, hostname: "127.0.0.1", port: 8080 }
 * parseTransportUrl("rs://unix:/tmp/router.sock").kind; // "rawsocket"
 * const ws = parseTransportUrl("wss://example.com/ws");
 * if (ws.kind !== "websocket" || ws.port !== 443) throw new Error("expected port 443");
 * ```
 *
 * @throws {TypeError} for anything else: another scheme, a missing or bad
 *   port, a RawSocket URL with a path, query or credentials, a URL with a
 *   fragment, `rss://unix:`.
 */
export function parseTransportUrl(url: string): TransportUrl {
  if (typeof url !== "string") throw new TypeError("Cannot parse transport URL: not a string");
  const lower = url.slice(0, 12).toLowerCase();
  if (lower.startsWith(UNIX_PREFIX)) {
    const path = url.slice(UNIX_PREFIX.length);
    if (path === "" || path.includes("\0")) {
      throw new TypeError(`Cannot parse transport URL: ${url} has no socket path`);
    }
    return { kind: "rawsocket", url, secure: false, path };
  }
  if (lower.startsWith("rss://unix:")) {
    throw new TypeError(
      `Cannot parse transport URL: ${url}: TLS over a Unix socket is not supported`,
    );
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`Cannot parse transport URL: ${url} is not a URL`);
  }
  if (u.hash || url.includes("#")) {
    // RFC 6455 §3: "Fragment identifiers are meaningless in the context of
    // WebSocket URIs and MUST NOT be used on these URIs."
    throw new TypeError(`Cannot parse transport URL: ${url} has a fragment`);
  }
  if (u.username || u.password) {
    throw new TypeError(`Cannot parse transport URL: ${url} has credentials`);
  }
  const hostname = u.hostname.replace(/^\[|\]$/g, "");
  if (hostname === "") throw new TypeError(`Cannot parse transport URL: ${url} has no host`);
  switch (u.protocol) {
    case "ws:":
    case "wss:": {
      const secure = u.protocol === "wss:";
      return {
        kind: "websocket",
        url: u.href,
        secure,
        hostname,
        port: u.port ? Number(u.port) : secure ? 443 : 80,
        resource: (u.pathname || "/") + u.search,
      };
    }
    case "rs:":
    case "rss:": {
      if (!u.port) {
        throw new TypeError(`Cannot parse transport URL: ${url} has no port`);
      }
      const port = Number(u.port);
      if (port === 0) throw new TypeError(`Cannot parse transport URL: ${url} has port 0`);
      if ((u.pathname !== "" && u.pathname !== "/") || u.search) {
        throw new TypeError(`Cannot parse transport URL: ${url}: RawSocket URLs have no path`);
      }
      return { kind: "rawsocket", url, secure: u.protocol === "rss:", hostname, port };
    }
    default:
      throw new TypeError(
        `Cannot parse transport URL: ${url}: expected ws://, wss://, rs:// or rss://`,
      );
  }
}
