/**
 * Incremental, bounded readers for an HTTP/1.1 message head (RFC 9112): the
 * start line and the header fields up to the empty line. Bytes go in as they
 * arrive; once the head is complete the reader returns it, and the bytes that
 * followed the head (the first WebSocket frames, perhaps) are in
 * {@linkcode HttpRequestReader.rest}.
 *
 * Choices where the RFCs leave room:
 * - A bare LF ends a line as well as CRLF does (RFC 9112 §2.2: "a recipient
 *   MAY recognize a single LF as a line terminator"); a bare CR anywhere else is
 *   rejected.
 * - Empty lines before the request line are skipped (RFC 9112 §2.2 SHOULD).
 * - obs-fold (a header line starting with whitespace) is rejected (RFC 9112
 *   §5.2 allows rejecting it in requests; we do so for responses too).
 * - Header values are decoded as ISO-8859-1 (byte for byte, like the
 *   `ByteString` of the Fetch standard); control characters other than HTAB
 *   are rejected.
 *
 * Each line is scanned once, so the work is linear in the bytes fed, however
 * they are chunked; the reader never holds more than the configured limits.
 *
 * @module
 */
import { HandshakeError } from "./errors.ts";
import type { RawHeader } from "./types.ts";

/**
 * Bounds of an HTTP head; exceeding one fails the read.
 *
 * @example A reader with a small head limit
 * ```ts
 * import { HandshakeError, type HttpLimits, HttpRequestReader } from "@autobahn/autobahn/websocket";
 *
 * const limits: HttpLimits = { maxHeadSize: 64 };
 * const reader = new HttpRequestReader(limits);
 * try {
 *   reader.feed(new TextEncoder().encode(`GET / HTTP/1.1\r\nX: ${"a".repeat(100)}\r\n\r\n`));
 *   throw new Error("accepted");
 * } catch (err) {
 *   if (!(err instanceof HandshakeError) || err.status !== 431) throw err;
 * }
 * ```
 */
export interface HttpLimits {
  /** Longest request line or status line in bytes, without CRLF (414 beyond). Default 8192. */
  maxStartLineLength?: number;
  /** Most bytes of the whole head, start line and final empty line included (431 beyond). Default 16384. */
  maxHeadSize?: number;
  /** Most header lines (431 beyond). Default 100. */
  maxHeaderCount?: number;
}

/**
 * The default {@linkcode HttpLimits}.
 *
 * @example Doubling the default header count
 * ```ts
 * import { DEFAULT_HTTP_LIMITS, HttpRequestReader } from "@autobahn/autobahn/websocket";
 *
 * const reader = new HttpRequestReader({
 *   ...DEFAULT_HTTP_LIMITS,
 *   maxHeaderCount: DEFAULT_HTTP_LIMITS.maxHeaderCount * 2,
 * });
 * if (DEFAULT_HTTP_LIMITS.maxHeadSize !== 16384 || !reader) throw new Error();
 * ```
 */
export const DEFAULT_HTTP_LIMITS: Readonly<Required<HttpLimits>> = Object.freeze({
  maxStartLineLength: 8192,
  maxHeadSize: 16384,
  maxHeaderCount: 100,
});

/**
 * An HTTP protocol version, e.g. `{ major: 1, minor: 1 }`.
 *
 * @example Refusing HTTP/1.0
 * ```ts
 * import { HttpRequestReader, type HttpVersion } from "@autobahn/autobahn/websocket";
 *
 * const atLeast11 = (v: HttpVersion) => v.major > 1 || (v.major === 1 && v.minor >= 1);
 * const head = new HttpRequestReader().feed(new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n"))!;
 * if (atLeast11(head.httpVersion)) throw new Error("HTTP/1.0 is not 1.1");
 * ```
 */
export interface HttpVersion {
  /** The major version digit. */
  readonly major: number;
  /** The minor version digit. */
  readonly minor: number;
}

/**
 * What request and response heads have in common.
 *
 * @example Repeated headers, combined and apart
 * ```ts
 * import { type HttpHead, HttpResponseReader } from "@autobahn/autobahn/websocket";
 *
 * const head: HttpHead = new HttpResponseReader().feed(new TextEncoder().encode(
 *   "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nVia: x\r\nVia: y\r\n\r\n",
 * ))!;
 * if (head.headers["via"] !== "x, y") throw new Error(head.headers["via"]);
 * if (head.headerLists["set-cookie"]?.length !== 2) throw new Error("cookies merged");
 * ```
 */
export interface HttpHead {
  /** The HTTP version of the start line. */
  readonly httpVersion: HttpVersion;
  /**
   * Header values by lowercase name (null-prototype); repeated headers are
   * combined with `", "` (RFC 9110 §5.3), `cookie` with `"; "`.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Every value of every header by lowercase name (null-prototype), kept apart:
   * use this for `set-cookie` and to detect repeated headers.
   */
  readonly headerLists: Readonly<Record<string, readonly string[]>>;
  /** Every header line in order, names in their original case. */
  readonly rawHeaders: readonly RawHeader[];
}

/**
 * A parsed HTTP request head.
 *
 * @example Path and query of a request
 * ```ts
 * import { type HttpRequestHead, HttpRequestReader } from "@autobahn/autobahn/websocket";
 *
 * const head: HttpRequestHead = new HttpRequestReader().feed(
 *   new TextEncoder().encode("GET /ws?room=a%20b&room=c HTTP/1.1\r\nHost: x\r\n\r\n"),
 * )!;
 * if (head.path !== "/ws" || head.params["room"]?.join() !== "a b,c") throw new Error();
 * ```
 */
export interface HttpRequestHead extends HttpHead {
  /** Discriminant. */
  readonly kind: "request";
  /** The method, case preserved (methods are case-sensitive). */
  readonly method: string;
  /** The request target exactly as sent (`/chat?x=1`, or an absolute URL). */
  readonly target: string;
  /** The path of the target, still percent-encoded (`*` for asterisk-form). */
  readonly path: string;
  /** The query of the target without `?`, or `""`. */
  readonly query: string;
  /** The query parsed by {@linkcode parseQueryString} (null-prototype). */
  readonly params: Readonly<Record<string, readonly string[]>>;
}

/**
 * A parsed HTTP response head.
 *
 * @example Status and reason of a response
 * ```ts
 * import { type HttpResponseHead, HttpResponseReader } from "@autobahn/autobahn/websocket";
 *
 * const head: HttpResponseHead = new HttpResponseReader().feed(
 *   new TextEncoder().encode("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"),
 * )!;
 * if (head.status !== 403 || head.reason !== "Forbidden") throw new Error(`${head.status}`);
 * ```
 */
export interface HttpResponseHead extends HttpHead {
  /** Discriminant. */
  readonly kind: "response";
  /** The three-digit status code. */
  readonly status: number;
  /** The reason phrase (may be empty). */
  readonly reason: string;
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
//   "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TCHAR = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  for (const ch of "!#$%&'*+-.^_`|~") t[ch.charCodeAt(0)] = 1;
  return t;
})();

/** Whether `s` is a non-empty RFC 9110 §5.6.2 token. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || !TCHAR[c]) return false;
  }
  return true;
}

/**
 * Parses a query string (without `?`) into a null-prototype record of value
 * lists, like Python's `parse_qs` but keeping blank values: `a=1&a=2&b` gives
 * `{ a: ["1", "2"], b: [""] }`. `+` means space; a malformed `%` escape is kept
 * as is.
 *
 * @example
 * ```ts
 * import { HttpRequestReader } from "@autobahn/autobahn/websocket";
 *
 * // A request head's `params` are parsed with this function.
 * const head = new HttpRequestReader().feed(
 *   new TextEncoder().encode("GET /ws?topic=a%2Fb&n=1&n HTTP/1.1\r\nHost: x\r\n\r\n"),
 * )!;
 * head.params; // { topic: ["a/b"], n: ["1", ""] }
 * if (head.params["topic"]?.[0] !== "a/b") throw new Error("not decoded");
 * ```
 */
export function parseQueryString(query: string): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  if (query === "") return out;
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeQueryComponent(part.slice(eq + 1));
    (out[name] ??= []).push(value);
  }
  return out;
}

function decodeQueryComponent(s: string): string {
  const plus = s.replaceAll("+", " ");
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** Quotes attacker-controlled text for an error message, truncated. */
function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? s.slice(0, 60) + "…" : s);
}

type Role = "request" | "response";

/** Decodes a line as ISO-8859-1 (one char per byte). */
function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return s;
}

// RFC 9112 §3: request-line = method SP request-target SP HTTP-version
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e]+) HTTP\/([0-9])\.([0-9])$/;
// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
// (the SP before an empty reason is optional here: many servers omit it)
const STATUS_LINE = /^HTTP\/([0-9])\.([0-9]) ([0-9]{3})(?: ([\t\x20-\x7e\x80-\xff]*))?$/;
// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.\-]*:\/\/[^/?]*/;

/**
 * The role-independent part: splits bytes into lines, enforces the limits,
 * and collects header fields. Not exported: the readers wrap it.
 */
class HeadScanner {
  readonly #role: Role;
  readonly #limits: Readonly<Required<HttpLimits>>;
  // The incomplete current line; grows by doubling, never beyond the limits.
  #partial: Uint8Array = new Uint8Array(256);
  #partialLength = 0;
  #headBytes = 0;
  #startLine: string | null = null;
  #headers: Record<string, string> = Object.create(null);
  #lists: Record<string, string[]> = Object.create(null);
  #raw: RawHeader[] = [];
  #done = false;
  #rest: Uint8Array = new Uint8Array(0);

  readonly #checkStartLine: (line: string) => void;

  constructor(role: Role, limits: HttpLimits | undefined, checkStartLine: (line: string) => void) {
    this.#role = role;
    this.#checkStartLine = checkStartLine;
    const l = { ...DEFAULT_HTTP_LIMITS, ...limits };
    for (const [k, v] of Object.entries(l)) {
      if (!Number.isSafeInteger(v) || v < 1) {
        throw new RangeError(`Cannot create HTTP reader: ${k} must be a positive integer`);
      }
    }
    this.#limits = l;
  }

  get done(): boolean {
    return this.#done;
  }

  get rest(): Uint8Array {
    return this.#rest;
  }

  #fail(message: string, status: number): never {
    // Client side: `status` of a HandshakeError means "received", so none is set.
    throw new HandshakeError(message, this.#role === "request" ? status : undefined);
  }

  #failLimit(lineLength: number): never {
    const what = this.#role;
    if (this.#startLine === null && lineLength > this.#limits.maxStartLineLength) {
      this.#fail(
        `Cannot parse HTTP ${what}: start line longer than ${this.#limits.maxStartLineLength} bytes`,
        414,
      );
    }
    this.#fail(
      `Cannot parse HTTP ${what}: head larger than ${this.#limits.maxHeadSize} bytes`,
      431,
    );
  }

  /**
   * Consumes `chunk`; returns the start line once the head is complete (after
   * which `headers` and `rest` are final), else `null`.
   */
  feed(chunk: Uint8Array): string | null {
    if (this.#done) throw new Error("Cannot feed HTTP reader: the head is already complete");
    const { maxStartLineLength, maxHeadSize } = this.#limits;
    let pos = 0;
    while (pos < chunk.length) {
      const lf = chunk.indexOf(0x0a, pos);
      const end = lf < 0 ? chunk.length : lf;
      const lineLength = this.#partialLength + (end - pos);
      // Check before buffering, so that we never hold more than the limits.
      // A pending CR may still be stripped, hence the +1 for the start line.
      if (
        this.#headBytes + lineLength + (lf < 0 ? 0 : 1) > maxHeadSize ||
        (this.#startLine === null && lineLength > maxStartLineLength + 1)
      ) {
        this.#failLimit(lineLength);
      }
      if (lf < 0) {
        this.#append(chunk.subarray(pos));
        return null;
      }
      let line: Uint8Array;
      if (this.#partialLength === 0) {
        line = chunk.subarray(pos, lf);
      } else {
        this.#append(chunk.subarray(pos, lf));
        line = this.#partial.subarray(0, this.#partialLength);
        this.#partialLength = 0;
      }
      this.#headBytes += lineLength + 1;
      pos = lf + 1;
      let n = line.length;
      if (n > 0 && line[n - 1] === 0x0d) n--;
      if (this.#startLine === null && n > maxStartLineLength) this.#failLimit(n);
      const text = this.#line(line.subarray(0, n));
      if (text === "") {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF)
        // received prior to the request-line.
        if (this.#startLine === null) continue;
        this.#done = true;
        this.#rest = chunk.slice(pos);
        return this.#startLine;
      }
      if (this.#startLine === null) {
        this.#checkStartLine(text); // fail fast, before reading the headers
        this.#startLine = text;
      } else {
        this.#header(text);
      }
    }
    return null;
  }

  #append(bytes: Uint8Array): void {
    const need = this.#partialLength + bytes.length;
    if (need > this.#partial.length) {
      const cap = Math.min(this.#partial.length * 2, this.#limits.maxHeadSize);
      const grown = new Uint8Array(Math.max(need, cap));
      grown.set(this.#partial.subarray(0, this.#partialLength));
      this.#partial = grown;
    }
    this.#partial.set(bytes, this.#partialLength);
    this.#partialLength = need;
  }

  /** Decodes a line (CRLF stripped) and rejects bytes no HTTP line may hold. */
  #line(bytes: Uint8Array): string {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      // RFC 9112 §2.2: a bare CR is invalid; RFC 9110 §5.5: field values hold
      // no control characters other than HTAB.
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) {
        this.#fail(
          `Cannot parse HTTP ${this.#role}: ${
            c === 0x0d ? "bare CR" : `control character 0x${c.toString(16).padStart(2, "0")}`
          } in the head`,
          400,
        );
      }
    }
    return latin1(bytes);
  }

  #header(line: string): void {
    const what = this.#role;
    // RFC 9112 §5.2: obs-fold; RFC 9112 §2.2: whitespace after the start line.
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      this.#fail(`Cannot parse HTTP ${what}: folded header line (obs-fold)`, 400);
    }
    if (this.#raw.length >= this.#limits.maxHeaderCount) {
      this.#fail(
        `Cannot parse HTTP ${what}: more than ${this.#limits.maxHeaderCount} header lines`,
        431,
      );
    }
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon);
    // RFC 9112 §5.1: no whitespace is allowed between the field name and colon;
    // RFC 9110 §5.1: field-name = token.
    if (!isToken(name)) {
      this.#fail(`Cannot parse HTTP ${what}: invalid header line ${quote(line)}`, 400);
    }
    // RFC 9110 §5.5: field-value excludes leading and trailing whitespace.
    let a = colon + 1;
    let b = line.length;
    while (a < b && (line.charCodeAt(a) === 0x20 || line.charCodeAt(a) === 0x09)) a++;
    while (b > a && (line.charCodeAt(b - 1) === 0x20 || line.charCodeAt(b - 1) === 0x09)) b--;
    const value = line.slice(a, b);
    const key = name.toLowerCase();
    this.#raw.push([name, value]);
    const list = this.#lists[key];
    if (list === undefined) {
      this.#lists[key] = [value];
      this.#headers[key] = value;
    } else {
      list.push(value);
      // RFC 9110 §5.3: combine repeated fields with commas; RFC 9113 §8.2.3
      // (and RFC 6265 §5.4) join cookies with "; ".
      this.#headers[key] += (key === "cookie" ? "; " : ", ") + value;
    }
  }

  fields(): Pick<HttpHead, "headers" | "headerLists" | "rawHeaders"> {
    return { headers: this.#headers, headerLists: this.#lists, rawHeaders: this.#raw };
  }
}

/** Splits a request target into path and query (RFC 9112 §3.2). */
function splitTarget(target: string): { path: string; query: string } | null {
  // Fragments never appear in a request target (RFC 9112 §3.2; RFC 6455 §3).
  if (target.includes("#")) return null;
  let pathAndQuery: string;
  if (target.startsWith("/")) {
    pathAndQuery = target; // origin-form
  } else if (target === "*") {
    return { path: "*", query: "" }; // asterisk-form
  } else {
    const m = ABSOLUTE_FORM.exec(target); // absolute-form
    if (m === null) return null;
    pathAndQuery = target.slice(m[0].length);
    if (!pathAndQuery.startsWith("/")) pathAndQuery = "/" + pathAndQuery;
  }
  const q = pathAndQuery.indexOf("?");
  return q < 0
    ? { path: pathAndQuery, query: "" }
    : { path: pathAndQuery.slice(0, q), query: pathAndQuery.slice(q + 1) };
}

function parseRequestLine(
  line: string,
): { m: RegExpExecArray; parts: { path: string; query: string } } {
  const m = REQUEST_LINE.exec(line);
  if (m === null) {
    throw new HandshakeError(`Cannot parse HTTP request: invalid request line ${quote(line)}`, 400);
  }
  const parts = splitTarget(m[2]!);
  if (parts === null) {
    throw new HandshakeError(
      `Cannot parse HTTP request: invalid request target ${quote(m[2]!)}`,
      400,
    );
  }
  return { m, parts };
}

function parseStatusLine(line: string): RegExpExecArray {
  const m = STATUS_LINE.exec(line);
  if (m === null) {
    throw new HandshakeError(`Cannot parse HTTP response: invalid status line ${quote(line)}`);
  }
  return m;
}

/**
 * Reads the head of an HTTP request (server side of the opening handshake).
 * Errors are {@linkcode HandshakeError}s whose `status` is the HTTP status to
 * answer with: 400 for malformed input, 414 for a too long request line, 431
 * for too many or too large headers.
 *
 * @example
 * ```ts
 * import { HttpRequestReader } from "@autobahn/autobahn/websocket";
 * const reader = new HttpRequestReader();
 * const enc = new TextEncoder();
 * reader.feed(enc.encode("GET /ws HTTP/1.1\r\nHost: a\r\n")); // null: not complete
 * const head = reader.feed(enc.encode("\r\n\x81\x00"));
 * console.log(head?.path, reader.rest); // "/ws" Uint8Array(2) [129, 0]
 * ```
 */
export class HttpRequestReader {
  readonly #scanner: HeadScanner;
  #head: HttpRequestHead | null = null;

  /**
   * Creates a reader for one head.
   *
   * @param limits Bounds of the head; see {@linkcode DEFAULT_HTTP_LIMITS}.
   */
  constructor(limits?: HttpLimits) {
    this.#scanner = new HeadScanner("request", limits, parseRequestLine);
  }

  /** The bytes that followed the head (valid once the head is complete). */
  get rest(): Uint8Array {
    return this.#scanner.rest;
  }

  /** The parsed head, once complete; else `null`. */
  get head(): HttpRequestHead | null {
    return this.#head;
  }

  /**
   * Consumes a chunk of bytes (copied where kept, so the caller may reuse its
   * buffer).
   *
   * @returns the head once complete, else `null`.
   * @throws {HandshakeError} on malformed input or an exceeded limit.
   * @throws {Error} when fed again after the head was complete.
   */
  feed(chunk: Uint8Array): HttpRequestHead | null {
    const startLine = this.#scanner.feed(chunk);
    if (startLine === null) return null;
    const { m, parts } = parseRequestLine(startLine);
    const target = m[2]!;
    const base = this.#scanner.fields();
    this.#head = {
      kind: "request",
      method: m[1]!,
      target,
      path: parts.path,
      query: parts.query,
      params: parseQueryString(parts.query),
      ...base,
      httpVersion: { major: Number(m[3]), minor: Number(m[4]) },
    };
    return this.#head;
  }
}

/**
 * Reads the head of an HTTP response (client side of the opening handshake).
 * Errors are {@linkcode HandshakeError}s without a `status` (on the client
 * side, `status` names a status the server sent).
 *
 * @example
 * ```ts
 * import { HttpResponseReader } from "@autobahn/autobahn/websocket";
 * const reader = new HttpResponseReader();
 * const head = reader.feed(new TextEncoder().encode("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
 * console.log(head?.status); // 101
 * ```
 */
export class HttpResponseReader {
  readonly #scanner: HeadScanner;
  #head: HttpResponseHead | null = null;

  /**
   * Creates a reader for one head.
   *
   * @param limits Bounds of the head; see {@linkcode DEFAULT_HTTP_LIMITS}.
   */
  constructor(limits?: HttpLimits) {
    this.#scanner = new HeadScanner("response", limits, parseStatusLine);
  }

  /** The bytes that followed the head (valid once the head is complete). */
  get rest(): Uint8Array {
    return this.#scanner.rest;
  }

  /** The parsed head, once complete; else `null`. */
  get head(): HttpResponseHead | null {
    return this.#head;
  }

  /**
   * Consumes a chunk of bytes (copied where kept).
   *
   * @returns the head once complete, else `null`.
   * @throws {HandshakeError} on malformed input or an exceeded limit.
   * @throws {Error} when fed again after the head was complete.
   */
  feed(chunk: Uint8Array): HttpResponseHead | null {
    const startLine = this.#scanner.feed(chunk);
    if (startLine === null) return null;
    const m = parseStatusLine(startLine);
    const base = this.#scanner.fields();
    this.#head = {
      kind: "response",
      status: Number(m[3]),
      reason: m[4] ?? "",
      ...base,
      httpVersion: { major: Number(m[1]), minor: Number(m[2]) },
    };
    return this.#head;
  }
}
