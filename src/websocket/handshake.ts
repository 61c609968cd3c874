/**
 * The WebSocket opening handshake over HTTP/1.1 (RFC 6455 §4), both roles,
 * sans-I/O and synchronous: heads from {@linkcode HttpRequestReader} or
 * {@linkcode HttpResponseReader} go in, validated views and response bytes come
 * out.
 *
 * Server: {@linkcode isWebSocketUpgrade} tells a WebSocket upgrade from a
 * plain HTTP request; {@linkcode validateClientHandshake} enforces RFC 6455
 * §4.2.1 and returns a {@linkcode ConnectionRequest};
 * {@linkcode buildServerHandshakeResponse} writes the `101` answer, and
 * {@linkcode buildHandshakeErrorResponse} the error answer.
 *
 * Client: {@linkcode buildClientHandshakeRequest} writes the request;
 * {@linkcode validateServerHandshake} enforces RFC 6455 §4.1 on the answer.
 *
 * Every header written is checked: a name must be a token, a value must not
 * hold CR, LF or NUL (header injection) and must be a `ByteString`.
 *
 * @module
 */
import { sha1 } from "@noble/hashes/legacy.js";
import { encodeBase64, utf8Encoder } from "../util/bytes.ts";
import { formatPeer, type PeerAddress } from "../transport/types.ts";
import { HandshakeError } from "./errors.ts";
import { type HttpRequestHead, type HttpResponseHead, isToken } from "./http11.ts";
import { compileOriginPatterns, isOriginAllowed, OriginPolicy, parseOrigin } from "./origin.ts";
import type {
  ConnectionAccept,
  ConnectionRequest,
  ConnectionResponse,
  ExtensionOffer,
} from "./types.ts";

/** RFC 6455 §1.3: the GUID appended to the key before hashing. */
export const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** The default `Server` and `User-Agent` header value. */
export const DEFAULT_SERVER_NAME = "AutobahnTS/0.1.0";

/**
 * Computes `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key` (RFC 6455 §1.3,
 * §4.2.2): base64(SHA-1(key + GUID)).
 *
 * @example
 * ```ts
 * import { computeAcceptKey } from "@autobahn/autobahn/websocket";
 * computeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="); // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
 * ```
 */
export function computeAcceptKey(key: string): string {
  return encodeBase64(sha1(utf8Encoder.encode(key + WEBSOCKET_GUID)));
}

/**
 * Generates a fresh `Sec-WebSocket-Key`: 16 random bytes, base64 (RFC 6455 §4.1).
 *
 * @example
 * ```ts
 * import { generateClientKey } from "@autobahn/autobahn/websocket";
 * generateClientKey().length; // 24
 * ```
 */
export function generateClientKey(): string {
  return encodeBase64(crypto.getRandomValues(new Uint8Array(16)));
}

// RFC 6455 §4.1: a base64-encoded 16-byte value is 22 significant characters
// followed by "==".
const KEY_16_BYTES = /^[A-Za-z0-9+/]{22}==$/;

// ---------------------------------------------------------------------------
// Header value grammars

/**
 * Splits a comma-separated header list (RFC 9110 §5.6.1 `#element`) into its
 * trimmed elements, skipping empty ones as recipients must.
 *
 * @example Splitting a `Connection` header
 * ```ts
 * import { parseHeaderList } from "@autobahn/autobahn/websocket";
 *
 * const tokens = parseHeaderList(" keep-alive, ,Upgrade ");
 * if (tokens.join("|") !== "keep-alive|Upgrade") throw new Error(tokens.join("|"));
 * ```
 */
export function parseHeaderList(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    const t = part.trim();
    if (t !== "") out.push(t);
  }
  return out;
}

function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  return parseHeaderList(value).some((t) => t.toLowerCase() === token);
}

const isOws = (c: string | undefined): boolean => c === " " || c === "\t";

/**
 * Parses a `Sec-WebSocket-Extensions` value (RFC 6455 §9.1):
 *
 * ```
 * extension-list = 1#extension
 * extension      = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * ```
 *
 * with optional whitespace around separators. A quoted value must be a token
 * once unescaped (RFC 6455 §9.1). An empty value gives `[]`.
 *
 * @throws {SyntaxError} on anything else, and on a parameter repeated within
 *   one extension.
 *
 * @example
 * ```ts
 * import { parseExtensions } from "@autobahn/autobahn/websocket";
 * parseExtensions('permessage-deflate; client_max_window_bits, x; a="1"');
 * // [{ name: "permessage-deflate", params: { client_max_window_bits: true } },
 * //  { name: "x", params: { a: "1" } }]
 * ```
 */
export function parseExtensions(value: string): ExtensionOffer[] {
  const s = value;
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`Cannot parse extensions: ${what} at position ${i}`);
  };
  const skipOws = (): void => {
    while (isOws(s[i])) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && isToken(s[i]!)) i++;
    return s.slice(start, i);
  };
  const quoted = (): string => {
    i++; // opening DQUOTE
    let out = "";
    for (;;) {
      if (i >= s.length) fail("unterminated quoted string");
      const c = s[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        i++;
        if (i >= s.length) fail("unterminated quoted string");
      }
      out += s[i];
      i++;
    }
  };
  const out: ExtensionOffer[] = [];
  for (;;) {
    skipOws();
    if (i >= s.length) break;
    if (s[i] === ",") {
      i++; // RFC 9110 §5.6.1: empty list elements are ignored
      continue;
    }
    const name = token();
    if (name === "") fail("expected an extension token");
    const params: Record<string, string | true> = Object.create(null);
    skipOws();
    while (s[i] === ";") {
      i++;
      skipOws();
      const pname = token();
      if (pname === "") fail("expected a parameter token");
      skipOws();
      let pvalue: string | true = true;
      if (s[i] === "=") {
        i++;
        skipOws();
        if (s[i] === '"') {
          pvalue = quoted();
          // RFC 6455 §9.1: the value after quoted-string unescaping MUST
          // conform to the 'token' ABNF.
          if (!isToken(pvalue)) fail(`quoted value of ${JSON.stringify(pname)} is not a token`);
        } else {
          pvalue = token();
          if (pvalue === "") fail(`expected a value for ${JSON.stringify(pname)}`);
        }
        skipOws();
      }
      if (pname in params) fail(`parameter ${JSON.stringify(pname)} repeated`);
      params[pname] = pvalue;
    }
    if (i < s.length && s[i] !== ",") fail(`unexpected character ${JSON.stringify(s[i])}`);
    out.push({ name, params });
  }
  return out;
}

/**
 * Formats an extension offer or response element for a
 * `Sec-WebSocket-Extensions` header: `name; key=value; flag`.
 *
 * @throws {TypeError} when the name, a key or a value is not a token.
 *
 * @example Writing an extension element
 * ```ts
 * import { formatExtension } from "@autobahn/autobahn/websocket";
 *
 * const element = formatExtension({
 *   name: "permessage-deflate",
 *   params: { client_max_window_bits: true, server_max_window_bits: "10" },
 * });
 * if (element !== "permessage-deflate; client_max_window_bits; server_max_window_bits=10") {
 *   throw new Error(element);
 * }
 * ```
 */
export function formatExtension(offer: ExtensionOffer): string {
  if (!isToken(offer.name)) throw new TypeError(`Cannot format extension: invalid name`);
  let out = offer.name;
  for (const [k, v] of Object.entries(offer.params)) {
    if (!isToken(k) || (v !== true && !isToken(v))) {
      throw new TypeError(`Cannot format extension ${offer.name}: invalid parameter ${k}`);
    }
    out += v === true ? `; ${k}` : `; ${k}=${v}`;
  }
  return out;
}

/**
 * Parses a `Cookie` header (RFC 6265 §5.4) into a null-prototype record; the
 * first of a repeated name wins, surrounding quotes are removed, values are
 * not decoded otherwise. Pairs without `=` are skipped.
 *
 * @example Reading a `Cookie` header
 * ```ts
 * import { parseCookies } from "@autobahn/autobahn/websocket";
 *
 * const cookies = parseCookies('session=abc; theme="dark"; session=ignored');
 * if (cookies.session !== "abc" || cookies.theme !== "dark") throw new Error("unexpected");
 * ```
 */
export function parseCookies(value: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const pair of value.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let v = pair.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (name !== "" && !(name in out)) out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Writing heads

/** Appends `name: value` lines, refusing header injection. */
function pushHeader(lines: string[], name: string, value: string): void {
  if (!isToken(name)) {
    throw new TypeError(`Cannot write header: ${JSON.stringify(name)} is not a valid name`);
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0) {
      throw new TypeError(
        `Cannot write header ${name}: value contains CR, LF or NUL (header injection)`,
      );
    }
    if (c > 0xff) {
      throw new TypeError(`Cannot write header ${name}: value is not a ByteString`);
    }
  }
  lines.push(`${name}: ${value}`);
}

function pushCustomHeaders(
  lines: string[],
  headers: Record<string, string | string[]> | undefined,
  reserved: ReadonlySet<string>,
): void {
  if (headers === undefined) return;
  for (const [name, value] of Object.entries(headers)) {
    if (reserved.has(name.toLowerCase())) {
      throw new TypeError(`Cannot write header ${name}: it is set by the handshake itself`);
    }
    for (const v of Array.isArray(value) ? value : [value]) pushHeader(lines, name, String(v));
  }
}

/** Encodes head lines (ISO-8859-1) plus the final empty line, then the body. */
function encodeHead(lines: readonly string[], body?: Uint8Array): Uint8Array {
  const text = lines.join("\r\n") + "\r\n\r\n";
  const out = new Uint8Array(text.length + (body?.length ?? 0));
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  if (body !== undefined) out.set(body, text.length);
  return out;
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  414: "URI Too Long",
  426: "Upgrade Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

/**
 * The standard reason phrase of an HTTP status (RFC 9110 §15), or `"Error"`.
 *
 * @example Status lines
 * ```ts
 * import { reasonPhrase } from "@autobahn/autobahn/websocket";
 *
 * if (reasonPhrase(426) !== "Upgrade Required") throw new Error(reasonPhrase(426));
 * if (reasonPhrase(599) !== "Server Error") throw new Error(reasonPhrase(599));
 * ```
 */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? "Server Error" : "Client Error");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Builds a complete HTTP error response that closes the connection: status
 * line with the standard reason phrase, `Content-Type: text/html;
 * charset=utf-8`, `Content-Length`, `Connection: close`, the extra headers,
 * and a small HTML body showing `reason` (HTML-escaped).
 *
 * @param status An HTTP status 400-599.
 * @param reason A human-readable explanation for the body.
 * @param extraHeaders More headers, e.g. `{ "Sec-WebSocket-Version": "13, 8" }`.
 * @throws {RangeError} when `status` is not 400-599.
 * @throws {TypeError} on an invalid header (injection).
 *
 * @example
 * ```ts
 * import { buildHttpErrorResponse } from "@autobahn/autobahn/websocket";
 * const bytes = buildHttpErrorResponse(403, "Origin not allowed");
 * new TextDecoder().decode(bytes).startsWith("HTTP/1.1 403 Forbidden\r\n"); // true
 * ```
 */
export function buildHttpErrorResponse(
  status: number,
  reason: string,
  extraHeaders?: Record<string, string | string[]>,
): Uint8Array {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`Cannot build HTTP error response: status ${status} is not 400-599`);
  }
  const phrase = reasonPhrase(status);
  const title = `${status} ${phrase}`;
  const body = utf8Encoder.encode(
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p>${escapeHtml(reason)}</p></body></html>\n`,
  );
  const lines = [`HTTP/1.1 ${title}`];
  pushHeader(lines, "Content-Type", "text/html; charset=utf-8");
  pushHeader(lines, "Content-Length", String(body.length));
  pushHeader(lines, "Connection", "close");
  pushCustomHeaders(lines, extraHeaders, RESERVED_IN_ERROR);
  return encodeHead(lines, body);
}

const RESERVED_IN_ERROR: ReadonlySet<string> = new Set([
  "content-type",
  "content-length",
  "connection",
  "transfer-encoding",
]);

/**
 * Builds the `200` HTML status page a server answers a plain HTTP `GET` with
 * when its `webStatus` option is on.
 *
 * @param serverName The server name and version shown (and sent as `Server`).
 *
 * @example
 * ```ts
 * import { buildStatusPage } from "@autobahn/autobahn/websocket";
 * const bytes = buildStatusPage("AutobahnTS/0.1.0");
 * ```
 */
export function buildStatusPage(serverName: string = DEFAULT_SERVER_NAME): Uint8Array {
  const name = escapeHtml(serverName);
  const body = utf8Encoder.encode(
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${name}</title></head><body>` +
      `<h1>${name}</h1><p>This is an Autobahn|TS WebSocket server.</p>` +
      `<p>Talk to it with the <a href="https://www.rfc-editor.org/rfc/rfc6455">WebSocket</a> ` +
      `protocol.</p></body></html>\n`,
  );
  const lines = ["HTTP/1.1 200 OK"];
  if (serverName !== "") pushHeader(lines, "Server", serverName);
  pushHeader(lines, "Content-Type", "text/html; charset=utf-8");
  pushHeader(lines, "Content-Length", String(body.length));
  pushHeader(lines, "Connection", "close");
  return encodeHead(lines, body);
}

// ---------------------------------------------------------------------------
// Server side

/**
 * Options of {@linkcode validateClientHandshake}; names as in Autobahn.
 *
 * @example Accepting only version 13 from one origin
 * ```ts
 * import {
 *   HandshakeError,
 *   HttpRequestReader,
 *   type ServerHandshakeOptions,
 *   validateClientHandshake,
 * } from "@autobahn/autobahn/websocket";
 *
 * const options: ServerHandshakeOptions = {
 *   versions: [13],
 *   allowedOrigins: ["https://app.example.com"],
 * };
 * const head = new HttpRequestReader().feed(new TextEncoder().encode(
 *   "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
 *     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
 *     "Origin: https://evil.example\r\n\r\n",
 * ))!;
 * const peer = { transport: "tcp", hostname: "127.0.0.1", port: 5555 } as const;
 * try {
 *   validateClientHandshake(head, options, peer);
 *   throw new Error("accepted");
 * } catch (err) {
 *   if (!(err instanceof HandshakeError) || err.status !== 403) throw err;
 * }
 * ```
 */
export interface ServerHandshakeOptions {
  /** WebSocket versions accepted, among 8 and 13. Default `[8, 13]`. */
  versions?: readonly number[];
  /**
   * Allowed origins: wildcard patterns (see {@linkcode compileOriginPatterns})
   * or a compiled {@linkcode OriginPolicy}. Default `["*"]`.
   */
  allowedOrigins?: readonly string[] | OriginPolicy;
  /** Allow the opaque origin `null` (when `allowedOrigins` is a list). Default false. */
  allowNullOrigin?: boolean;
  /**
   * How many proxies in front of the server to trust: when above 0, the peer
   * is the address that many entries from the end of `X-Forwarded-For`.
   * Default 0.
   */
  trustXForwardedFor?: number;
}

const DEFAULT_VERSIONS: readonly number[] = [8, 13];

/** RFC 6455 §4.4: the versions a server speaks, highest first: `"13, 8"`. */
function formatVersions(versions: readonly number[]): string {
  return [...versions].sort((a, b) => b - a).join(", ");
}
const ANY_ORIGIN: readonly string[] = ["*"];
const policyCache = new WeakMap<readonly string[], [OriginPolicy?, OriginPolicy?]>();

function originPolicy(options: ServerHandshakeOptions): OriginPolicy {
  const allowed = options.allowedOrigins ?? ANY_ORIGIN;
  if (allowed instanceof OriginPolicy) return allowed;
  const allowNull = options.allowNullOrigin ?? false;
  let entry = policyCache.get(allowed);
  if (entry === undefined) policyCache.set(allowed, entry = []);
  const slot = allowNull ? 1 : 0;
  return entry[slot] ??= compileOriginPatterns(allowed, { allowNullOrigin: allowNull });
}

/**
 * Whether a request asks for a WebSocket upgrade (its `Upgrade` header lists
 * `websocket`). A server serves other requests as plain HTTP (status page,
 * fetch handler) instead of failing them.
 *
 * @example Telling upgrades from plain HTTP
 * ```ts
 * import { HttpRequestReader, isWebSocketUpgrade } from "@autobahn/autobahn/websocket";
 *
 * const read = (s: string) => new HttpRequestReader().feed(new TextEncoder().encode(s))!;
 * const plain = read("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
 * const upgrade = read("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\n\r\n");
 * if (isWebSocketUpgrade(plain) || !isWebSocketUpgrade(upgrade)) throw new Error();
 * ```
 */
export function isWebSocketUpgrade(head: HttpRequestHead): boolean {
  return hasToken(head.headers["upgrade"], "websocket");
}

const IPV4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/;
const IPV6 = /^\[?([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\]?$/;
const IPV6_PORT = /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\]:(\d{1,5})$/;

/** Formats an `X-Forwarded-For` entry as a peer, or `null` when it is no IP address. */
function forwardedPeer(entry: string): string | null {
  let m = IPV4.exec(entry);
  if (m) return m[2] === undefined ? `tcp4:${m[1]}` : `tcp4:${m[1]}:${m[2]}`;
  m = IPV6_PORT.exec(entry);
  if (m) return `tcp6:[${m[1]}]:${m[2]}`;
  m = IPV6.exec(entry);
  if (m) return `tcp6:[${m[1]}]`;
  return null;
}

// RFC 9110 §7.2: Host = uri-host [ ":" port ]
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::(\d{0,5}))?$/;

function single(
  head: HttpRequestHead,
  name: string,
  reject: (message: string, status?: number) => never,
): string | undefined {
  const list = head.headerLists[name];
  if (list === undefined) return undefined;
  if (list.length > 1) reject(`${name} header repeated`);
  return list[0];
}

/**
 * Validates a client's opening handshake (RFC 6455 §4.2.1) and returns the
 * server's view of it.
 *
 * @param head The request head from {@linkcode HttpRequestReader}.
 * @param options The server's handshake options.
 * @param peer The connection's remote address.
 * @throws {HandshakeError} with the HTTP `status` to answer with: 400 for a
 *   malformed handshake, 403 for an origin not allowed, 405 for a method other
 *   than GET, 426 for a missing `Upgrade` or an unsupported version, 505 for
 *   HTTP/1.0. {@linkcode buildHandshakeErrorResponse} adds the headers these
 *   statuses require (`Allow`, `Upgrade`, `Sec-WebSocket-Version`).
 * @throws {RangeError} on invalid options.
 *
 * @example
 * ```ts
 * import { HttpRequestReader, validateClientHandshake } from "@autobahn/autobahn/websocket";
 * const head = new HttpRequestReader().feed(new TextEncoder().encode(
 *   "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n" +
 *     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
 *     "Sec-WebSocket-Version: 13\r\n\r\n",
 * ))!;
 * const request = validateClientHandshake(head, {}, {
 *   transport: "tcp",
 *   hostname: "127.0.0.1",
 *   port: 5555,
 * });
 * request.path; // "/chat"
 * ```
 */
export function validateClientHandshake(
  head: HttpRequestHead,
  options: ServerHandshakeOptions,
  peer: PeerAddress,
): ConnectionRequest {
  const versions = options.versions ?? DEFAULT_VERSIONS;
  for (const v of versions) {
    if (v !== 8 && v !== 13) {
      throw new RangeError(`Cannot validate handshake: WebSocket version ${v} is not 8 or 13`);
    }
  }
  const trust = options.trustXForwardedFor ?? 0;
  if (!Number.isSafeInteger(trust) || trust < 0) {
    throw new RangeError("Cannot validate handshake: trustXForwardedFor must be an integer >= 0");
  }
  const reject = (message: string, status = 400): never => {
    throw new HandshakeError(`Cannot accept WebSocket handshake: ${message}`, status);
  };
  const h = head.headers;

  // RFC 6455 §4.2.1 (1): an HTTP/1.1 or higher GET request.
  if (head.method !== "GET") {
    reject(`method ${head.method} not allowed`, 405);
  }
  const { major, minor } = head.httpVersion;
  if (major < 1 || (major === 1 && minor < 1)) {
    reject(`HTTP/${major}.${minor} is below HTTP/1.1`, 505);
  }

  // RFC 6455 §4.2.1 (2): a |Host| header field; RFC 9112 §3.2: exactly one.
  const hostValue = single(head, "host", reject);
  if (hostValue === undefined) reject("Host header missing");
  const hm = HOST_HEADER.exec(hostValue!);
  if (hm === null || (hm[2] !== undefined && hm[2] !== "" && Number(hm[2]) > 65535)) {
    reject(`invalid Host header ${JSON.stringify(hostValue!.slice(0, 80))}`);
  }

  // RFC 6455 §4.2.1 (3): an |Upgrade| header field containing "websocket"
  // (case-insensitive). Without one, the client should upgrade (RFC 9110 §15.5.22).
  if (h["upgrade"] === undefined) {
    reject("Upgrade header missing", 426);
  }
  if (!hasToken(h["upgrade"], "websocket")) reject("Upgrade header does not list websocket");

  // RFC 6455 §4.2.1 (4): a |Connection| header field that includes the token
  // "Upgrade" (case-insensitive).
  if (!hasToken(h["connection"], "upgrade")) reject("Connection header does not list upgrade");

  // RFC 6455 §4.2.1 (6) and §4.4: a version we do not speak gets 426 and the
  // versions we do; §11.3.5: the header MUST NOT appear more than once.
  const versionValue = single(head, "sec-websocket-version", reject);
  // RFC 6455 §4.1: version = DIGIT | (NZDIGIT DIGIT) | ("1" DIGIT DIGIT) | ("2" DIGIT DIGIT)
  const version =
    versionValue !== undefined && /^(?:[0-9]|[1-9][0-9]|[12][0-9]{2})$/.test(versionValue)
      ? Number(versionValue)
      : NaN;
  if (!versions.includes(version)) {
    reject(
      `${
        versionValue === undefined
          ? "Sec-WebSocket-Version header missing"
          : `WebSocket version ${JSON.stringify(versionValue.slice(0, 20))} not supported`
      } (supported: ${formatVersions(versions)})`,
      426,
    );
  }

  // RFC 6455 §4.2.1 (5): a |Sec-WebSocket-Key| that, when decoded, is 16 bytes
  // long; §11.3.1: it MUST NOT appear more than once.
  const key = single(head, "sec-websocket-key", reject);
  if (key === undefined) reject("Sec-WebSocket-Key header missing");
  if (!KEY_16_BYTES.test(key!)) reject("Sec-WebSocket-Key is not 16 bytes in base64");

  // RFC 6455 §4.2.1 (7) and §10.2: the origin, checked against the policy.
  // Protocol version 8 (hybi-08..12) named the header Sec-WebSocket-Origin.
  const originName = version === 8 ? "sec-websocket-origin" : "origin";
  const origin = single(head, originName, reject) ?? null;
  if (origin !== null && parseOrigin(origin) === null) {
    reject(`invalid ${originName} header ${JSON.stringify(origin.slice(0, 80))}`);
  }
  if (!isOriginAllowed(origin, originPolicy(options))) {
    reject(`origin ${JSON.stringify(origin!.slice(0, 80))} not allowed`, 403);
  }

  // RFC 6455 §4.2.1 (8), §4.1: subprotocols are tokens and MUST all be unique.
  const protocols = h["sec-websocket-protocol"] === undefined
    ? []
    : parseHeaderList(h["sec-websocket-protocol"]);
  for (const [i, p] of protocols.entries()) {
    if (!isToken(p)) reject(`subprotocol ${JSON.stringify(p.slice(0, 80))} is not a token`);
    if (protocols.indexOf(p) !== i) reject(`subprotocol ${JSON.stringify(p)} offered twice`);
  }

  // RFC 6455 §4.2.1 (9), §9.1: malformed extension offers fail the handshake.
  let extensions: ExtensionOffer[] = [];
  if (h["sec-websocket-extensions"] !== undefined) {
    try {
      extensions = parseExtensions(h["sec-websocket-extensions"]);
    } catch (e) {
      reject(`malformed Sec-WebSocket-Extensions header (${(e as Error).message})`);
    }
  }

  // Autobahn's trustXForwardedFor: the n-th entry from the end names the peer.
  let peerText = formatPeer(peer);
  if (trust > 0 && h["x-forwarded-for"] !== undefined) {
    const addresses = parseHeaderList(h["x-forwarded-for"]);
    const entry = addresses.slice(-trust)[0];
    const forwarded = entry === undefined ? null : forwardedPeer(entry);
    if (forwarded !== null) peerText = forwarded;
  }

  return {
    peer: peerText,
    peerAddress: peer,
    headers: h,
    rawHeaders: head.rawHeaders,
    host: hm![1]!,
    path: head.path,
    params: head.params,
    version: version as 8 | 13,
    origin,
    protocols,
    extensions,
    cookies: h["cookie"] === undefined ? Object.create(null) : parseCookies(h["cookie"]),
    key: key!,
  };
}

/**
 * What a server accepts a handshake with: {@linkcode ConnectionAccept} plus extensions.
 *
 * @example Accepting with a subprotocol, an extension and a cookie
 * ```ts
 * import type { ServerHandshakeAccept } from "@autobahn/autobahn/websocket";
 *
 * const accept: ServerHandshakeAccept = {
 *   subprotocol: "wamp.2.json",
 *   extensions: "permessage-deflate",
 *   headers: { "Set-Cookie": "session=abc" },
 * };
 * if (accept.extensions !== "permessage-deflate") throw new Error();
 * ```
 */
export interface ServerHandshakeAccept extends ConnectionAccept {
  /** The accepted extensions, already formatted as a `Sec-WebSocket-Extensions` value. */
  extensions?: string | null;
}

/**
 * Options of {@linkcode buildServerHandshakeResponse}.
 *
 * @example Leaving out the `Server` header
 * ```ts
 * import { buildHandshakeErrorResponse, type ServerResponseOptions } from "@autobahn/autobahn/websocket";
 *
 * const options: ServerResponseOptions = { server: null };
 * const bytes = buildHandshakeErrorResponse({ status: 400, message: "Bad request" }, options);
 * if (new TextDecoder().decode(bytes).includes("\r\nServer:")) throw new Error("Server sent");
 * ```
 */
export interface ServerResponseOptions {
  /** The `Server` header value; `null` or `""` omits it. Default {@linkcode DEFAULT_SERVER_NAME}. */
  server?: string | null;
}

const RESERVED_IN_101: ReadonlySet<string> = new Set([
  "upgrade",
  "connection",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "content-length",
  "transfer-encoding",
]);

/**
 * Builds the server's `101 Switching Protocols` answer (RFC 6455 §4.2.2 step 5).
 *
 * @param request The validated request.
 * @param accept The selected subprotocol, accepted extensions and extra headers
 *   (array values write one line each, e.g. several `Set-Cookie`).
 * @param options The `Server` header.
 * @throws {RangeError} when the subprotocol is not one the client offered.
 * @throws {TypeError} on an invalid or reserved header, or malformed extensions.
 *
 * @example
 * ```ts
 * import {
 *   buildServerHandshakeResponse,
 *   HttpRequestReader,
 *   validateClientHandshake,
 * } from "@autobahn/autobahn/websocket";
 *
 * const head = new HttpRequestReader().feed(new TextEncoder().encode(
 *   "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
 *     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
 *     "Sec-WebSocket-Protocol: wamp.2.json\r\n\r\n",
 * ))!;
 * const peer = { transport: "tcp", hostname: "127.0.0.1", port: 5555 } as const;
 * const request = validateClientHandshake(head, {}, peer);
 * const bytes = buildServerHandshakeResponse(request, { subprotocol: "wamp.2.json" });
 * const text = new TextDecoder().decode(bytes);
 * if (!text.includes("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")) {
 *   throw new Error(text);
 * }
 * ```
 */
export function buildServerHandshakeResponse(
  request: ConnectionRequest,
  accept: ServerHandshakeAccept = {},
  options: ServerResponseOptions = {},
): Uint8Array {
  const subprotocol = accept.subprotocol ?? null;
  // RFC 6455 §4.2.2 step 5: the selected subprotocol is one of the client's.
  if (subprotocol !== null && !request.protocols.includes(subprotocol)) {
    throw new RangeError(
      `Cannot accept handshake: subprotocol ${JSON.stringify(subprotocol)} was not offered`,
    );
  }
  const extensions = accept.extensions ?? null;
  if (extensions !== null && extensions !== "") {
    try {
      parseExtensions(extensions);
    } catch (e) {
      throw new TypeError(`Cannot accept handshake: ${(e as Error).message}`);
    }
  }
  const customHasServer = Object.keys(accept.headers ?? {}).some((k) =>
    k.toLowerCase() === "server"
  );
  const server = options.server === undefined ? DEFAULT_SERVER_NAME : options.server;
  const lines = ["HTTP/1.1 101 Switching Protocols"];
  if (server && !customHasServer) pushHeader(lines, "Server", server);
  pushHeader(lines, "Upgrade", "websocket");
  pushHeader(lines, "Connection", "Upgrade");
  pushHeader(lines, "Sec-WebSocket-Accept", computeAcceptKey(request.key));
  if (subprotocol !== null) pushHeader(lines, "Sec-WebSocket-Protocol", subprotocol);
  if (extensions) pushHeader(lines, "Sec-WebSocket-Extensions", extensions);
  pushCustomHeaders(lines, accept.headers, RESERVED_IN_101);
  return encodeHead(lines);
}

/**
 * A failed handshake as {@linkcode buildHandshakeErrorResponse} needs it: a
 * `HandshakeError` or a `ConnectionDeny` fits.
 *
 * @example Any object with a status and a message will do
 * ```ts
 * import { buildHandshakeErrorResponse, type HandshakeFailure } from "@autobahn/autobahn/websocket";
 *
 * const failure: HandshakeFailure = { status: 405, message: "Use GET" };
 * const text = new TextDecoder().decode(buildHandshakeErrorResponse(failure));
 * if (!text.startsWith("HTTP/1.1 405 ") || !text.includes("\r\nAllow: GET\r\n")) throw new Error();
 * ```
 */
export interface HandshakeFailure {
  /** The HTTP status to answer with (400 when absent or not 400-599). */
  readonly status?: number;
  /** The message, shown in the body unless there is a `reason`. */
  readonly message: string;
  /** The reason shown in the body (`ConnectionDeny`). */
  readonly reason?: string;
}

/**
 * Options of {@linkcode buildHandshakeErrorResponse}.
 *
 * @example Announcing the versions we speak in a 426
 * ```ts
 * import {
 *   buildHandshakeErrorResponse,
 *   type HandshakeErrorResponseOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const options: HandshakeErrorResponseOptions = { versions: [13] };
 * const failure = { status: 426, message: "Unsupported version" };
 * const text = new TextDecoder().decode(buildHandshakeErrorResponse(failure, options));
 * if (!text.includes("\r\nSec-WebSocket-Version: 13\r\n")) throw new Error(text);
 * ```
 */
export interface HandshakeErrorResponseOptions extends ServerResponseOptions {
  /** The WebSocket versions the server speaks, for a 426. Default `[8, 13]`. */
  versions?: readonly number[];
}

/**
 * Builds the error answer for a failed handshake from a `HandshakeError` or a
 * `ConnectionDeny`: its status (400 when it has none) and its reason or
 * message as the body, plus the headers the status requires: `Allow: GET` for
 * 405 (RFC 9110 §15.5.6), `Upgrade: websocket` and the supported
 * `Sec-WebSocket-Version`s for 426 (RFC 6455 §4.4, RFC 9110 §15.5.22).
 *
 * @example
 * ```ts
 * import { buildHandshakeErrorResponse, ConnectionDeny } from "@autobahn/autobahn/websocket";
 * buildHandshakeErrorResponse(new ConnectionDeny(403, "Not on the guest list"));
 * ```
 */
export function buildHandshakeErrorResponse(
  error: HandshakeFailure,
  options: HandshakeErrorResponseOptions = {},
): Uint8Array {
  const status = error.status !== undefined && error.status >= 400 && error.status <= 599
    ? error.status
    : 400;
  const headers: Record<string, string> = {};
  const server = options.server === undefined ? DEFAULT_SERVER_NAME : options.server;
  if (server) headers["Server"] = server;
  if (status === 405) headers["Allow"] = "GET";
  if (status === 426) {
    headers["Upgrade"] = "websocket";
    headers["Sec-WebSocket-Version"] = formatVersions(options.versions ?? DEFAULT_VERSIONS);
  }
  return buildHttpErrorResponse(status, error.reason ?? error.message, headers);
}

// ---------------------------------------------------------------------------
// Client side

/**
 * Options of {@linkcode buildClientHandshakeRequest}.
 *
 * @example A request with a fixed key
 * ```ts
 * import { buildClientHandshakeRequest, type ClientHandshakeOptions } from "@autobahn/autobahn/websocket";
 *
 * const options: ClientHandshakeOptions = {
 *   host: "example.com",
 *   port: 443,
 *   secure: true,
 *   path: "/ws?room=1",
 *   key: "dGhlIHNhbXBsZSBub25jZQ==",
 * };
 * const text = new TextDecoder().decode(buildClientHandshakeRequest(options).bytes);
 * if (!text.startsWith("GET /ws?room=1 HTTP/1.1\r\nHost: example.com\r\n")) throw new Error(text);
 * ```
 */
export interface ClientHandshakeOptions {
  /** The server's host name or IP address (IPv6 with or without brackets). */
  host: string;
  /** The server's port. */
  port: number;
  /** Whether the scheme is `wss` (default port 443) rather than `ws` (80). */
  secure: boolean;
  /** The resource: path and query, percent-encoded, starting with `/`. */
  path: string;
  /** The `Origin` to send (`Sec-WebSocket-Origin` for version 8); none when absent. */
  origin?: string | null;
  /** Subprotocols to offer, in order of preference. */
  protocols?: readonly string[];
  /** Extension offers, each already formatted (e.g. `permessage-deflate; client_max_window_bits`). */
  extensions?: readonly string[];
  /** Extra headers; an array value writes one line each. */
  headers?: Record<string, string | string[]>;
  /** The WebSocket version to speak. Default 13. */
  version?: 8 | 13;
  /** The `User-Agent`; `null` or `""` omits it. Default {@linkcode DEFAULT_SERVER_NAME}. */
  useragent?: string | null;
  /** The `Sec-WebSocket-Key` (tests); default a fresh random one. */
  key?: string;
}

const RESERVED_IN_REQUEST: ReadonlySet<string> = new Set([
  "host",
  "upgrade",
  "connection",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "content-length",
  "transfer-encoding",
]);

/**
 * Builds a client's opening handshake request (RFC 6455 §4.1).
 *
 * @returns the request bytes and the `Sec-WebSocket-Key` sent (to check the
 *   answer with {@linkcode validateServerHandshake}).
 * @throws {TypeError} on an invalid path, host, key, subprotocol, extension or
 *   header (header injection).
 * @throws {RangeError} on an invalid port or version.
 *
 * @example
 * ```ts
 * import { buildClientHandshakeRequest } from "@autobahn/autobahn/websocket";
 * const { bytes, key } = buildClientHandshakeRequest({
 *   host: "localhost",
 *   port: 8080,
 *   secure: false,
 *   path: "/ws",
 *   protocols: ["wamp.2.json"],
 * });
 * ```
 */
export function buildClientHandshakeRequest(
  opts: ClientHandshakeOptions,
): { bytes: Uint8Array; key: string } {
  const version = opts.version ?? 13;
  if (version !== 8 && version !== 13) {
    throw new RangeError(`Cannot build handshake: WebSocket version ${version} is not 8 or 13`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
    throw new RangeError(`Cannot build handshake: port ${opts.port} is not 1-65535`);
  }
  // RFC 9112 §3.2.1: origin-form = absolute-path [ "?" query ]
  if (!/^\/[\x21-\x22\x24-\x7e]*$/.test(opts.path)) {
    throw new TypeError(
      `Cannot build handshake: path ${JSON.stringify(opts.path)} must start with / ` +
        "and be percent-encoded, without a fragment",
    );
  }
  let host = opts.host;
  if (!/^[\x21-\x7e]+$/.test(host) || /[/?#@]/.test(host)) {
    throw new TypeError(`Cannot build handshake: invalid host ${JSON.stringify(host)}`);
  }
  if (host.includes(":") && !host.startsWith("[")) host = `[${host}]`;
  const defaultPort = opts.secure ? 443 : 80;
  const key = opts.key ?? generateClientKey();
  if (!KEY_16_BYTES.test(key)) {
    throw new TypeError("Cannot build handshake: key must be 16 bytes in base64");
  }
  const protocols = opts.protocols ?? [];
  for (const [i, p] of protocols.entries()) {
    // RFC 6455 §4.1: tokens, and MUST all be unique.
    if (!isToken(p) || protocols.indexOf(p) !== i) {
      throw new TypeError(
        `Cannot build handshake: invalid or repeated subprotocol ${JSON.stringify(p)}`,
      );
    }
  }
  const extensions = opts.extensions ?? [];
  for (const e of extensions) {
    try {
      if (parseExtensions(e).length !== 1) throw new SyntaxError("expected one extension");
    } catch (err) {
      throw new TypeError(`Cannot build handshake: ${(err as Error).message}`);
    }
  }

  const lines = [`GET ${opts.path} HTTP/1.1`];
  // RFC 6455 §4.1 (4): the port is included when it is not the default.
  pushHeader(lines, "Host", opts.port === defaultPort ? host : `${host}:${opts.port}`);
  pushHeader(lines, "Upgrade", "websocket");
  pushHeader(lines, "Connection", "Upgrade");
  pushHeader(lines, "Sec-WebSocket-Key", key);
  pushHeader(lines, "Sec-WebSocket-Version", String(version));
  if (opts.origin !== undefined && opts.origin !== null) {
    pushHeader(lines, version === 8 ? "Sec-WebSocket-Origin" : "Origin", opts.origin);
  }
  if (protocols.length > 0) pushHeader(lines, "Sec-WebSocket-Protocol", protocols.join(", "));
  if (extensions.length > 0) pushHeader(lines, "Sec-WebSocket-Extensions", extensions.join(", "));
  const useragent = opts.useragent === undefined ? DEFAULT_SERVER_NAME : opts.useragent;
  const customHasAgent = Object.keys(opts.headers ?? {}).some((k) =>
    k.toLowerCase() === "user-agent"
  );
  if (useragent && !customHasAgent) pushHeader(lines, "User-Agent", useragent);
  pushCustomHeaders(lines, opts.headers, RESERVED_IN_REQUEST);
  return { bytes: encodeHead(lines), key };
}

/**
 * What the client sent, to check the server's answer against.
 *
 * @example Refusing a subprotocol we did not offer
 * ```ts
 * import {
 *   type ClientHandshakeExpectations,
 *   HandshakeError,
 *   HttpResponseReader,
 *   validateServerHandshake,
 * } from "@autobahn/autobahn/websocket";
 *
 * const expected: ClientHandshakeExpectations = { key: "dGhlIHNhbXBsZSBub25jZQ==", protocols: ["a"] };
 * const head = new HttpResponseReader().feed(new TextEncoder().encode(
 *   "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
 *     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: b\r\n\r\n",
 * ))!;
 * const peer = { transport: "tcp", hostname: "127.0.0.1", port: 9000 } as const;
 * try {
 *   validateServerHandshake(head, expected, peer);
 *   throw new Error("accepted");
 * } catch (err) {
 *   if (!(err instanceof HandshakeError)) throw err;
 * }
 * ```
 */
export interface ClientHandshakeExpectations {
  /** The `Sec-WebSocket-Key` sent. */
  key: string;
  /** The subprotocols offered. */
  protocols?: readonly string[];
  /** The extension offers sent, formatted (only their names are checked here). */
  extensionsOffered?: readonly string[];
  /** The WebSocket version asked for. Default 13. */
  version?: 8 | 13;
}

/**
 * Validates the server's answer to the opening handshake (RFC 6455 §4.1) and
 * returns the client's view of it.
 *
 * @param head The response head from {@linkcode HttpResponseReader}.
 * @param expected The key, subprotocols and extensions the client sent.
 * @param peer The server's address.
 * @throws {HandshakeError} when the server did not accept: `status` is the
 *   status received when it was not 101, absent for other violations.
 *
 * @example
 * ```ts
 * import { HttpResponseReader, validateServerHandshake } from "@autobahn/autobahn/websocket";
 * const head = new HttpResponseReader().feed(new TextEncoder().encode(
 *   "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
 *     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
 * ))!;
 * const response = validateServerHandshake(head, { key: "dGhlIHNhbXBsZSBub25jZQ==" }, {
 *   transport: "tcp",
 *   hostname: "127.0.0.1",
 *   port: 9000,
 * });
 * response.protocol; // null
 * ```
 */
export function validateServerHandshake(
  head: HttpResponseHead,
  expected: ClientHandshakeExpectations,
  peer: PeerAddress,
): ConnectionResponse {
  const fail = (message: string): never => {
    throw new HandshakeError(`Cannot open WebSocket connection: ${message}`);
  };
  const h = head.headers;
  // RFC 6455 §4.1: "If the status code received from the server is not 101,
  // the client handles the response per HTTP [RFC2616] procedures."
  if (head.status !== 101) {
    throw new HandshakeError(
      `Cannot open WebSocket connection: server answered ${head.status}${
        head.reason ? ` ${head.reason.slice(0, 120)}` : ""
      } instead of 101`,
      head.status,
    );
  }
  // RFC 6455 §4.1 (1), (2): Upgrade "websocket" and Connection "Upgrade",
  // case-insensitive, else the client MUST _Fail the WebSocket Connection_.
  if (!hasToken(h["upgrade"], "websocket")) fail("Upgrade header does not list websocket");
  if (!hasToken(h["connection"], "upgrade")) fail("Connection header does not list upgrade");

  // RFC 6455 §4.1 (3) and §11.3.3: exactly one Sec-WebSocket-Accept, equal to
  // base64(SHA-1(key + GUID)).
  const accepts = head.headerLists["sec-websocket-accept"];
  if (accepts === undefined) fail("Sec-WebSocket-Accept header missing");
  if (accepts!.length > 1) fail("Sec-WebSocket-Accept header repeated");
  if (accepts![0] !== computeAcceptKey(expected.key)) {
    fail("Sec-WebSocket-Accept does not match the key");
  }

  // RFC 6455 §4.1 (4): every extension in use was offered by the client
  // (the extension modules check the parameters).
  let extensions: ExtensionOffer[] = [];
  if (h["sec-websocket-extensions"] !== undefined) {
    try {
      extensions = parseExtensions(h["sec-websocket-extensions"]);
    } catch (e) {
      fail(`malformed Sec-WebSocket-Extensions header (${(e as Error).message})`);
    }
    const offered = new Set<string>();
    for (const o of expected.extensionsOffered ?? []) {
      for (const e of parseExtensions(o)) offered.add(e.name);
    }
    for (const e of extensions) {
      if (!offered.has(e.name)) {
        fail(`server accepted extension ${JSON.stringify(e.name)} that was not offered`);
      }
    }
  }

  // RFC 6455 §4.1 (5), §11.3.4: at most one subprotocol, one the client offered.
  let protocol: string | null = null;
  const selected = head.headerLists["sec-websocket-protocol"];
  if (selected !== undefined) {
    if (selected.length > 1) fail("Sec-WebSocket-Protocol header repeated");
    const p = selected[0]!;
    if (!(expected.protocols ?? []).includes(p)) {
      fail(`server selected subprotocol ${JSON.stringify(p.slice(0, 80))} that was not offered`);
    }
    protocol = p;
  }

  return {
    peer: formatPeer(peer),
    peerAddress: peer,
    headers: h,
    rawHeaders: head.rawHeaders,
    version: expected.version ?? 13,
    protocol,
    extensions,
  };
}
