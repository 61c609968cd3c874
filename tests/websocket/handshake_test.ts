import fc from "fast-check";
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStringIncludes,
  assertThrows,
} from "../_assert.ts";
import { decodeBase64 } from "../../src/util/bytes.ts";
import type { PeerAddress } from "../../src/transport/types.ts";
import { ConnectionDeny, HandshakeError } from "../../src/websocket/errors.ts";
import {
  type HttpRequestHead,
  HttpRequestReader,
  type HttpResponseHead,
  HttpResponseReader,
} from "../../src/websocket/http11.ts";
import {
  buildClientHandshakeRequest,
  buildHandshakeErrorResponse,
  buildHttpErrorResponse,
  buildServerHandshakeResponse,
  buildStatusPage,
  computeAcceptKey,
  formatExtension,
  generateClientKey,
  isWebSocketUpgrade,
  parseCookies,
  parseExtensions,
  type ServerHandshakeOptions,
  validateClientHandshake,
  validateServerHandshake,
} from "../../src/websocket/handshake.ts";
import { compileOriginPatterns } from "../../src/websocket/origin.ts";
import type { ConnectionRequest } from "../../src/websocket/types.ts";
import vectors from "../vectors/websocket/handshake/rfc6455.json" with { type: "json" };

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);
const PEER: PeerAddress = { transport: "tcp", hostname: "127.0.0.1", port: 5555 };
const SERVER: PeerAddress = { transport: "tcp", hostname: "127.0.0.1", port: 9000 };
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

const parseRequest = (s: string): HttpRequestHead => new HttpRequestReader().feed(latin1(s))!;
const parseResponse = (s: string): HttpResponseHead => new HttpResponseReader().feed(latin1(s))!;

/** The RFC 6455 §1.2 request with some header lines replaced (null removes). */
function request(changes: Record<string, string | null> = {}, startLine = "GET /chat HTTP/1.1") {
  const lines: [string, string][] = [
    ["Host", "server.example.com"],
    ["Upgrade", "websocket"],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Key", KEY],
    ["Origin", "http://example.com"],
    ["Sec-WebSocket-Protocol", "chat, superchat"],
    ["Sec-WebSocket-Version", "13"],
  ];
  const out: string[] = [startLine];
  const seen = new Set<string>();
  for (const [n, v] of lines) {
    if (n in changes) {
      seen.add(n);
      if (changes[n] !== null) out.push(`${n}: ${changes[n]}`);
    } else {
      out.push(`${n}: ${v}`);
    }
  }
  for (const [n, v] of Object.entries(changes)) {
    if (!seen.has(n) && v !== null) out.push(`${n.replace(/#\d+$/, "")}: ${v}`);
  }
  return parseRequest(out.join("\r\n") + "\r\n\r\n");
}

function rejects(
  head: HttpRequestHead,
  status: number,
  includes?: string,
  options: ServerHandshakeOptions = {},
): HandshakeError {
  const e = assertThrows(() => validateClientHandshake(head, options, PEER), HandshakeError);
  assertEquals(e.status, status, e.message);
  if (includes) assertStringIncludes(e.message, includes);
  return e;
}

// ---------------------------------------------------------------------------
// Keys

Deno.test("computeAcceptKey - RFC 6455 §1.3 example", () => {
  assertEquals(computeAcceptKey(KEY), ACCEPT);
});

Deno.test("generateClientKey - 16 random bytes in base64 (RFC 6455 §4.1)", () => {
  const a = generateClientKey();
  assertEquals(a.length, 24);
  assertEquals(decodeBase64(a).length, 16);
  assert(a !== generateClientKey());
});

// ---------------------------------------------------------------------------
// Server: validateClientHandshake

for (const v of vectors.requests) {
  Deno.test(`validateClientHandshake - accepts ${v.name} (${v.section})`, () => {
    const head = new HttpRequestReader().feed(latin1(v.text))!;
    const r = validateClientHandshake(head, {}, PEER);
    assertEquals(r.path, v.expect.path);
    assertEquals(r.host, v.expect.host);
    assertEquals(r.version, v.expect.version);
    assertEquals(r.origin, v.expect.origin);
    assertEquals(r.protocols, v.expect.protocols);
    assertEquals(r.key, v.expect.key);
    assertEquals(computeAcceptKey(r.key), v.expect.accept);
    assertEquals(r.peer, "tcp4:127.0.0.1:5555");
    assertEquals(r.peerAddress, PEER);
    if ("params" in v.expect) assertEquals(JSON.parse(JSON.stringify(r.params)), v.expect.params);
    if ("extensions" in v.expect) {
      assertEquals(JSON.parse(JSON.stringify(r.extensions)), v.expect.extensions);
    }
  });
}

Deno.test("validateClientHandshake - rejects a method other than GET with 405 (RFC 6455 §4.2.1 (1))", () => {
  rejects(request({}, "POST /chat HTTP/1.1"), 405, "POST");
});

Deno.test("validateClientHandshake - rejects HTTP/1.0 with 505 (RFC 6455 §4.2.1 (1))", () => {
  rejects(request({}, "GET /chat HTTP/1.0"), 505);
  validateClientHandshake(request({}, "GET /chat HTTP/1.2"), {}, PEER);
});

Deno.test("validateClientHandshake - rejects a missing, repeated or invalid Host (RFC 6455 §4.2.1 (2))", () => {
  rejects(request({ Host: null }), 400, "Host header missing");
  rejects(request({ "Host#2": "other.example.com" }), 400, "host header repeated");
  rejects(request({ Host: "a b" }), 400, "invalid Host");
  rejects(request({ Host: "a:99999" }), 400, "invalid Host");
  rejects(request({ Host: "" }), 400, "invalid Host");
});

Deno.test("validateClientHandshake - strips the port from Host, keeps IPv6 brackets", () => {
  assertEquals(
    validateClientHandshake(request({ Host: "a.example:8080" }), {}, PEER).host,
    "a.example",
  );
  assertEquals(validateClientHandshake(request({ Host: "[::1]:8080" }), {}, PEER).host, "[::1]");
  assertEquals(validateClientHandshake(request({ Host: "[::1]" }), {}, PEER).host, "[::1]");
});

Deno.test("validateClientHandshake - a missing Upgrade gives 426 (RFC 6455 §4.2.1 (3))", () => {
  rejects(request({ Upgrade: null }), 426, "Upgrade header missing");
});

Deno.test("validateClientHandshake - rejects an Upgrade without websocket (RFC 6455 §4.2.1 (3))", () => {
  rejects(request({ Upgrade: "h2c" }), 400, "Upgrade");
  rejects(request({ Upgrade: "websocketx" }), 400, "Upgrade");
});

Deno.test("validateClientHandshake - Upgrade and Connection are case-insensitive token lists", () => {
  validateClientHandshake(
    request({ Upgrade: "h2c, WebSocket", Connection: "keep-alive, UPGRADE" }),
    {},
    PEER,
  );
  validateClientHandshake(
    request({ Connection: "keep-alive", "Connection#2": "Upgrade" }),
    {},
    PEER,
  );
});

Deno.test("validateClientHandshake - rejects a Connection without upgrade (RFC 6455 §4.2.1 (4))", () => {
  rejects(request({ Connection: null }), 400, "Connection");
  rejects(request({ Connection: "keep-alive" }), 400, "Connection");
  rejects(request({ Connection: "upgraded" }), 400, "Connection");
});

Deno.test("validateClientHandshake - rejects a key that is not 16 bytes (RFC 6455 §4.2.1 (5))", () => {
  rejects(request({ "Sec-WebSocket-Key": null }), 400, "Sec-WebSocket-Key header missing");
  for (
    const key of [
      "dGhlIHNhbXBsZSBub25jZQ", // no padding
      "dGhlIHNhbXBsZSBub25jZSE=", // 17 bytes
      "dGhlIHNhbXBsZSBub25j", // 15 bytes
      "dGhlIHNhbXBsZSBub25jZ-==", // base64url
      "not base64 at all!!!!!==",
    ]
  ) {
    rejects(request({ "Sec-WebSocket-Key": key }), 400, "16 bytes");
  }
});

Deno.test("validateClientHandshake - rejects a repeated key (RFC 6455 §11.3.1)", () => {
  rejects(request({ "Sec-WebSocket-Key#2": KEY }), 400, "repeated");
});

Deno.test("validateClientHandshake - an unsupported version gives 426 listing ours (RFC 6455 §4.2.1 (6), §4.4)", () => {
  const head = new HttpRequestReader().feed(latin1(vectors.versionMismatchRequest.text))!;
  const e = rejects(head, 426, "supported: 13, 8");
  const response = text(buildHandshakeErrorResponse(e));
  assert(response.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), response);
  assertStringIncludes(response, "\r\nSec-WebSocket-Version: 13, 8\r\n");
  assertStringIncludes(response, "\r\nUpgrade: websocket\r\n");
  rejects(request({ "Sec-WebSocket-Version": null }), 426, "missing");
  rejects(request({ "Sec-WebSocket-Version": "thirteen" }), 426);
  rejects(request({ "Sec-WebSocket-Version": "013" }), 426);
});

Deno.test("validateClientHandshake - the versions option limits what is accepted", () => {
  const v8 = request({ "Sec-WebSocket-Version": "8" });
  const e = rejects(v8, 426, "supported: 13", { versions: [13] });
  assertStringIncludes(
    text(buildHandshakeErrorResponse(e, { versions: [13] })),
    "Sec-WebSocket-Version: 13\r\n",
  );
  assertThrows(() => validateClientHandshake(v8, { versions: [7] }, PEER), RangeError);
});

Deno.test("validateClientHandshake - rejects a repeated version (RFC 6455 §11.3.5)", () => {
  rejects(request({ "Sec-WebSocket-Version#2": "13" }), 400, "repeated");
});

Deno.test("validateClientHandshake - version 8 takes the origin from Sec-WebSocket-Origin", () => {
  const r = validateClientHandshake(
    request({
      "Sec-WebSocket-Version": "8",
      Origin: null,
      "Sec-WebSocket-Origin": "https://x.com",
    }),
    {},
    PEER,
  );
  assertEquals([r.version, r.origin], [8, "https://x.com"]);
});

Deno.test("validateClientHandshake - checks the origin against allowedOrigins (RFC 6455 §10.2)", () => {
  const opts = { allowedOrigins: ["https://*.example.com"] };
  rejects(request({ Origin: "https://evil.com" }), 403, "not allowed", opts);
  rejects(request({ Origin: "null" }), 403, "not allowed", opts);
  assertEquals(
    validateClientHandshake(request({ Origin: "https://app.example.com" }), opts, PEER).origin,
    "https://app.example.com",
  );
  // a missing origin is allowed (non-browser clients)
  assertEquals(validateClientHandshake(request({ Origin: null }), opts, PEER).origin, null);
  // null origin with allowNullOrigin; a compiled policy is accepted too
  validateClientHandshake(request({ Origin: "null" }), { ...opts, allowNullOrigin: true }, PEER);
  const policy = compileOriginPatterns(["https://a.com"]);
  validateClientHandshake(request({ Origin: "https://a.com" }), { allowedOrigins: policy }, PEER);
});

Deno.test("validateClientHandshake - rejects a malformed or repeated Origin with 400", () => {
  rejects(request({ Origin: "example.com" }), 400, "invalid origin header");
  rejects(request({ "Origin#2": "http://example.com" }), 400, "repeated");
});

Deno.test("validateClientHandshake - subprotocols must be unique tokens (RFC 6455 §4.1, §4.2.1 (8))", () => {
  assertEquals(
    validateClientHandshake(
      request({ "Sec-WebSocket-Protocol": "a, , b", "Sec-WebSocket-Protocol#2": "c" }),
      {},
      PEER,
    ).protocols,
    ["a", "b", "c"],
  );
  rejects(request({ "Sec-WebSocket-Protocol": "a, a" }), 400, "offered twice");
  rejects(request({ "Sec-WebSocket-Protocol": "a b" }), 400, "not a token");
  rejects(request({ "Sec-WebSocket-Protocol": "wamp/2" }), 400, "not a token");
});

Deno.test("validateClientHandshake - rejects malformed extension offers (RFC 6455 §9.1)", () => {
  rejects(request({ "Sec-WebSocket-Extensions": "permessage-deflate; =1" }), 400, "Extensions");
});

Deno.test("validateClientHandshake - trustXForwardedFor takes the n-th address from the end", () => {
  const head = request({
    "X-Forwarded-For": "203.0.113.7, 10.0.0.1",
    "X-Forwarded-For#2": "10.0.0.2",
  });
  assertEquals(validateClientHandshake(head, {}, PEER).peer, "tcp4:127.0.0.1:5555");
  assertEquals(
    validateClientHandshake(head, { trustXForwardedFor: 1 }, PEER).peer,
    "tcp4:10.0.0.2",
  );
  assertEquals(
    validateClientHandshake(head, { trustXForwardedFor: 3 }, PEER).peer,
    "tcp4:203.0.113.7",
  );
  assertEquals(
    validateClientHandshake(head, { trustXForwardedFor: 9 }, PEER).peer,
    "tcp4:203.0.113.7",
  );
  const r = validateClientHandshake(request({ "X-Forwarded-For": "2001:db8::1" }), {
    trustXForwardedFor: 1,
  }, PEER);
  assertEquals(r.peer, "tcp6:[2001:db8::1]");
  assertEquals(r.peerAddress, PEER);
  // garbage is ignored: the connection's own address stays
  const g = validateClientHandshake(request({ "X-Forwarded-For": "<script>" }), {
    trustXForwardedFor: 1,
  }, PEER);
  assertEquals(g.peer, "tcp4:127.0.0.1:5555");
  assertThrows(() => validateClientHandshake(head, { trustXForwardedFor: -1 }, PEER), RangeError);
});

Deno.test("validateClientHandshake - parses cookies and query parameters", () => {
  const r = validateClientHandshake(
    parseRequest(
      "GET /ws?token=a%2Bb&x=1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n` +
        'Cookie: a=1; b="two"\r\nCookie: a=3\r\n\r\n',
    ),
    {},
    PEER,
  );
  assertEquals({ ...r.cookies }, { a: "1", b: "two" });
  assertEquals({ ...r.params }, { token: ["a+b"], x: ["1"] });
  assertEquals(r.path, "/ws");
});

Deno.test("isWebSocketUpgrade - tells an upgrade from a plain GET", () => {
  assert(isWebSocketUpgrade(request()));
  assert(isWebSocketUpgrade(request({ Upgrade: "foo, WEBSOCKET" })));
  assert(!isWebSocketUpgrade(parseRequest("GET / HTTP/1.1\r\nHost: a\r\n\r\n")));
  assert(!isWebSocketUpgrade(request({ Upgrade: "h2c" })));
});

// ---------------------------------------------------------------------------
// Server: responses

function acceptedRequest(): ConnectionRequest {
  return validateClientHandshake(request(), {}, PEER);
}

Deno.test("buildServerHandshakeResponse - writes the RFC 6455 §1.3 answer", () => {
  const bytes = buildServerHandshakeResponse(acceptedRequest(), { subprotocol: "chat" }, {
    server: null,
  });
  assertEquals(text(bytes), vectors.responses[0]!.text);
});

Deno.test("buildServerHandshakeResponse - adds Server, extensions and custom headers", () => {
  const out = text(buildServerHandshakeResponse(acceptedRequest(), {
    extensions: "permessage-deflate; server_no_context_takeover",
    headers: { "Set-Cookie": ["a=1", "b=2"], "X-Id": "7" },
  }));
  assertEquals(
    out,
    "HTTP/1.1 101 Switching Protocols\r\nServer: AutobahnTS/0.1.0\r\nUpgrade: websocket\r\n" +
      `Connection: Upgrade\r\nSec-WebSocket-Accept: ${ACCEPT}\r\n` +
      "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n" +
      "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Id: 7\r\n\r\n",
  );
  // the response parses and validates on the client side
  const head = parseResponse(out);
  validateServerHandshake(head, {
    key: KEY,
    extensionsOffered: ["permessage-deflate; client_max_window_bits"],
  }, SERVER);
});

Deno.test("buildServerHandshakeResponse - the subprotocol must be one the client offered (RFC 6455 §4.2.2)", () => {
  assertThrows(
    () => buildServerHandshakeResponse(acceptedRequest(), { subprotocol: "wamp.2.json" }),
    RangeError,
    "not offered",
  );
});

Deno.test("buildServerHandshakeResponse - refuses header injection and reserved headers", () => {
  const r = acceptedRequest();
  assertThrows(
    () => buildServerHandshakeResponse(r, { headers: { "X-A": "1\r\nSet-Cookie: evil=1" } }),
    TypeError,
    "header injection",
  );
  assertThrows(
    () => buildServerHandshakeResponse(r, { headers: { "X-A": ["ok", "a\nb"] } }),
    TypeError,
  );
  assertThrows(() => buildServerHandshakeResponse(r, { headers: { "X A": "1" } }), TypeError);
  assertThrows(() => buildServerHandshakeResponse(r, { headers: { "X-A": "€" } }), TypeError);
  assertThrows(
    () => buildServerHandshakeResponse(r, { headers: { "sec-websocket-accept": "x" } }),
    TypeError,
  );
  assertThrows(() => buildServerHandshakeResponse(r, {}, { server: "a\r\nb" }), TypeError);
  assertThrows(() => buildServerHandshakeResponse(r, { extensions: "a;;" }), TypeError);
});

Deno.test("buildHttpErrorResponse - writes status, reason phrase, length and an escaped body", () => {
  const cases: [number, string][] = [
    [400, "Bad Request"],
    [403, "Forbidden"],
    [404, "Not Found"],
    [426, "Upgrade Required"],
    [431, "Request Header Fields Too Large"],
    [500, "Internal Server Error"],
    [503, "Service Unavailable"],
  ];
  for (const [status, phrase] of cases) {
    const bytes = buildHttpErrorResponse(status, '<b>no</b> & "x"', { "Retry-After": "5" });
    const reader = new HttpResponseReader();
    const head = reader.feed(bytes)!;
    assertEquals([head.status, head.reason], [status, phrase]);
    assertEquals(head.headers["content-type"], "text/html; charset=utf-8");
    assertEquals(head.headers["connection"], "close");
    assertEquals(head.headers["retry-after"], "5");
    assertEquals(Number(head.headers["content-length"]), reader.rest.length);
    const body = new TextDecoder().decode(reader.rest);
    assertStringIncludes(body, "&#60;b&#62;no&#60;/b&#62; &#38; &#34;x&#34;");
    assert(!body.includes("<b>"));
  }
  assertThrows(() => buildHttpErrorResponse(200, "x"), RangeError);
  assertThrows(() => buildHttpErrorResponse(404, "x", { "X-A": "\r\n" }), TypeError);
});

Deno.test("buildHandshakeErrorResponse - answers a ConnectionDeny with its status and reason", () => {
  const reader = new HttpResponseReader();
  const head = reader.feed(buildHandshakeErrorResponse(new ConnectionDeny(403, "Go away")))!;
  assertEquals(head.status, 403);
  assertEquals(head.headers["server"], "AutobahnTS/0.1.0");
  assertStringIncludes(new TextDecoder().decode(reader.rest), "Go away");
  const allow = new HttpResponseReader().feed(
    buildHandshakeErrorResponse(rejects(request({}, "PUT /chat HTTP/1.1"), 405), { server: null }),
  )!;
  assertEquals(allow.headers["allow"], "GET");
  assertEquals(allow.headers["server"], undefined);
});

Deno.test("buildStatusPage - a 200 HTML page for a plain GET (webStatus)", () => {
  const reader = new HttpResponseReader();
  const head = reader.feed(buildStatusPage("My<Server>"))!;
  assertEquals(head.status, 200);
  assertEquals(head.headers["server"], "My<Server>");
  assertEquals(Number(head.headers["content-length"]), reader.rest.length);
  const body = new TextDecoder().decode(reader.rest);
  assertStringIncludes(body, "This is an Autobahn|TS WebSocket server");
  assertStringIncludes(body, "My&#60;Server&#62;");
});

// ---------------------------------------------------------------------------
// Client

Deno.test("buildClientHandshakeRequest - writes the RFC 6455 §1.2 request", () => {
  const { bytes, key } = buildClientHandshakeRequest({
    host: "server.example.com",
    port: 80,
    secure: false,
    path: "/chat",
    origin: "http://example.com",
    protocols: ["chat", "superchat"],
    key: KEY,
    useragent: null,
  });
  assertEquals(key, KEY);
  assertEquals(
    text(bytes),
    "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://example.com\r\n` +
      "Sec-WebSocket-Protocol: chat, superchat\r\n\r\n",
  );
});

Deno.test("buildClientHandshakeRequest - Host omits the default port and brackets IPv6 (RFC 6455 §4.1)", () => {
  const host = (host: string, port: number, secure: boolean): string =>
    parseRequest(text(buildClientHandshakeRequest({ host, port, secure, path: "/" }).bytes))
      .headers["host"]!;
  assertEquals(host("a.com", 80, false), "a.com");
  assertEquals(host("a.com", 443, true), "a.com");
  assertEquals(host("a.com", 443, false), "a.com:443");
  assertEquals(host("a.com", 80, true), "a.com:80");
  assertEquals(host("::1", 9000, false), "[::1]:9000");
  assertEquals(host("[::1]", 80, false), "[::1]");
});

Deno.test("buildClientHandshakeRequest - version 8, extensions, user agent and custom headers", () => {
  const { bytes, key } = buildClientHandshakeRequest({
    host: "h",
    port: 8080,
    secure: false,
    path: "/ws?x=1",
    origin: "http://o",
    version: 8,
    extensions: ["permessage-deflate; client_max_window_bits", "x-foo"],
    headers: { Authorization: "Bearer t", "X-Multi": ["1", "2"] },
  });
  assertEquals(decodeBase64(key).length, 16);
  const head = parseRequest(text(bytes));
  assertEquals(head.target, "/ws?x=1");
  assertEquals(head.headers["sec-websocket-version"], "8");
  assertEquals(head.headers["sec-websocket-origin"], "http://o");
  assertEquals(head.headers["origin"], undefined);
  assertEquals(head.headers["user-agent"], "AutobahnTS/0.1.0");
  assertEquals(head.headerLists["x-multi"], ["1", "2"]);
  assertEquals(
    head.headers["sec-websocket-extensions"],
    "permessage-deflate; client_max_window_bits, x-foo",
  );
  const r = validateClientHandshake(head, {}, PEER);
  assertEquals(r.version, 8);
  assertEquals(r.extensions.map((e) => e.name), ["permessage-deflate", "x-foo"]);
});

Deno.test("buildClientHandshakeRequest - refuses bad arguments and header injection", () => {
  const base = { host: "h", port: 80, secure: false, path: "/" };
  assertThrows(() => buildClientHandshakeRequest({ ...base, path: "chat" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, path: "/a b" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, path: "/a#f" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, host: "h\r\nX: y" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, port: 0 }), RangeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, key: "short" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, protocols: ["a", "a"] }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, protocols: ["a b"] }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, extensions: ["a, b"] }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, origin: "o\nX: y" }), TypeError);
  assertThrows(() => buildClientHandshakeRequest({ ...base, headers: { Host: "x" } }), TypeError);
  assertThrows(
    () => buildClientHandshakeRequest({ ...base, version: 7 as unknown as 13 }),
    RangeError,
  );
});

Deno.test("handshake - client and server agree end to end", () => {
  const { bytes, key } = buildClientHandshakeRequest({
    host: "127.0.0.1",
    port: 9000,
    secure: false,
    path: "/ws",
    protocols: ["wamp.2.msgpack", "wamp.2.json"],
    extensions: ["permessage-deflate"],
  });
  const req = validateClientHandshake(parseRequest(text(bytes)), {}, PEER);
  const answer = buildServerHandshakeResponse(req, {
    subprotocol: "wamp.2.json",
    extensions: "permessage-deflate",
  });
  const res = validateServerHandshake(parseResponse(text(answer)), {
    key,
    protocols: ["wamp.2.msgpack", "wamp.2.json"],
    extensionsOffered: ["permessage-deflate"],
  }, SERVER);
  assertEquals(res.protocol, "wamp.2.json");
  assertEquals(res.extensions.map((e) => e.name), ["permessage-deflate"]);
  assertEquals(res.peer, "tcp4:127.0.0.1:9000");
  assertEquals(res.version, 13);
});

// ---------------------------------------------------------------------------
// Client: validateServerHandshake

const RESPONSE = vectors.responses[0]!.text;
const EXPECT = { key: KEY, protocols: ["chat", "superchat"] };

function response(
  changes: Record<string, string | null> = {},
  status = "HTTP/1.1 101 Switching Protocols",
) {
  const lines: [string, string][] = [
    ["Upgrade", "websocket"],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Accept", ACCEPT],
  ];
  const out = [status];
  for (const [n, v] of lines) {
    if (!(n in changes)) out.push(`${n}: ${v}`);
    else if (changes[n] !== null) out.push(`${n}: ${changes[n]}`);
  }
  for (const [n, v] of Object.entries(changes)) {
    if (!lines.some(([m]) => m === n) && v !== null) out.push(`${n.replace(/#\d+$/, "")}: ${v}`);
  }
  return parseResponse(out.join("\r\n") + "\r\n\r\n");
}

function fails(
  head: HttpResponseHead,
  includes: string,
  expected: object = EXPECT,
): HandshakeError {
  return assertThrows(
    () => validateServerHandshake(head, { key: KEY, ...expected }, SERVER),
    HandshakeError,
    includes,
  );
}

Deno.test("validateServerHandshake - accepts the RFC 6455 §1.2 answer", () => {
  const r = validateServerHandshake(parseResponse(RESPONSE), EXPECT, SERVER);
  assertEquals(r.protocol, "chat");
  assertEquals(r.extensions, []);
  assertEquals(r.headers["sec-websocket-accept"], ACCEPT);
});

Deno.test("validateServerHandshake - a status other than 101 fails with that status (RFC 6455 §4.1)", () => {
  const e = fails(parseResponse(vectors.responses[1]!.text), "400 Bad Request");
  assertEquals(e.status, 400);
  assertEquals(fails(response({}, "HTTP/1.1 200 OK"), "200").status, 200);
});

Deno.test("validateServerHandshake - requires Upgrade: websocket (RFC 6455 §4.1 (1))", () => {
  const e = fails(response({ Upgrade: null }), "Upgrade");
  assertEquals(e.status, undefined);
  fails(response({ Upgrade: "h2c" }), "Upgrade");
  validateServerHandshake(response({ Upgrade: "WebSocket" }), EXPECT, SERVER);
});

Deno.test("validateServerHandshake - requires Connection: Upgrade (RFC 6455 §4.1 (2))", () => {
  fails(response({ Connection: null }), "Connection");
  fails(response({ Connection: "close" }), "Connection");
  validateServerHandshake(response({ Connection: "upgrade" }), EXPECT, SERVER);
});

Deno.test("validateServerHandshake - requires the exact Sec-WebSocket-Accept (RFC 6455 §4.1 (3))", () => {
  fails(response({ "Sec-WebSocket-Accept": null }), "missing");
  fails(response({ "Sec-WebSocket-Accept": ACCEPT.toLowerCase() }), "does not match");
  fails(
    response({ "Sec-WebSocket-Accept": computeAcceptKey(generateClientKey()) }),
    "does not match",
  );
  fails(response({ "Sec-WebSocket-Accept#2": ACCEPT }), "repeated");
});

Deno.test("validateServerHandshake - fails on an extension not offered (RFC 6455 §4.1 (4))", () => {
  fails(response({ "Sec-WebSocket-Extensions": "permessage-deflate" }), "not offered");
  fails(
    response({ "Sec-WebSocket-Extensions": "x-foo" }),
    "not offered",
    { extensionsOffered: ["permessage-deflate"] },
  );
  fails(
    response({ "Sec-WebSocket-Extensions": "permessage-deflate;" }),
    "malformed",
    { extensionsOffered: ["permessage-deflate"] },
  );
  // RFC 6455 erratum 3433: the header may repeat in a response
  const r = validateServerHandshake(
    response({ "Sec-WebSocket-Extensions": "a", "Sec-WebSocket-Extensions#2": "b; x=1" }),
    { key: KEY, extensionsOffered: ["a", "b"] },
    SERVER,
  );
  assertEquals(r.extensions.map((e) => e.name), ["a", "b"]);
});

Deno.test("validateServerHandshake - fails on a subprotocol not offered (RFC 6455 §4.1 (5))", () => {
  fails(response({ "Sec-WebSocket-Protocol": "other" }), "not offered");
  fails(response({ "Sec-WebSocket-Protocol": "chat, superchat" }), "not offered");
  fails(response({ "Sec-WebSocket-Protocol": "chat" }), "not offered", { protocols: [] });
  fails(
    response({ "Sec-WebSocket-Protocol": "chat", "Sec-WebSocket-Protocol#2": "chat" }),
    "repeated",
  );
  const none = validateServerHandshake(response(), EXPECT, SERVER);
  assertEquals(none.protocol, null);
});

// ---------------------------------------------------------------------------
// Extension header grammar

Deno.test("parseExtensions - RFC 6455 §9.1 examples", () => {
  const plain = (v: string) => JSON.parse(JSON.stringify(parseExtensions(v)));
  assertEquals(plain("deflate-stream"), [{ name: "deflate-stream", params: {} }]);
  assertEquals(plain("mux; max-channels=4; flow-control, deflate-stream"), [
    { name: "mux", params: { "max-channels": "4", "flow-control": true } },
    { name: "deflate-stream", params: {} },
  ]);
  assertEquals(plain("private-extension"), [{ name: "private-extension", params: {} }]);
  assertEquals(plain("foo, bar; baz=2"), [
    { name: "foo", params: {} },
    { name: "bar", params: { baz: "2" } },
  ]);
});

Deno.test("parseExtensions - quoted strings, whitespace, empty elements", () => {
  const plain = (v: string) => JSON.parse(JSON.stringify(parseExtensions(v)));
  assertEquals(plain('x; a="1"; b="q\\ue"'), [{ name: "x", params: { a: "1", b: "que" } }]);
  assertEquals(plain(' \tx ;a = 1 ;\tb ,, y ; c="d" ,'), [
    { name: "x", params: { a: "1", b: true } },
    { name: "y", params: { c: "d" } },
  ]);
  assertEquals(plain(""), []);
  assertEquals(plain(" , "), []);
  assertEquals(
    plain("permessage-deflate; client_max_window_bits; server_max_window_bits=10"),
    [{
      name: "permessage-deflate",
      params: { client_max_window_bits: true, server_max_window_bits: "10" },
    }],
  );
});

Deno.test("parseExtensions - rejects malformed values (RFC 6455 §9.1)", () => {
  for (
    const bad of [
      "foo;",
      ";x",
      "foo bar",
      "foo; a=",
      'foo; a="1',
      'foo; a="x y"',
      'foo; a=""',
      "foo; a=b=c",
      "foo; a=1; a=2",
      'fo"o',
      'foo; a="b\\',
      "foo/1",
      "foo; a b",
    ]
  ) {
    assertThrows(() => parseExtensions(bad), SyntaxError, undefined);
  }
});

Deno.test("formatExtension - round-trips through parseExtensions", () => {
  const offer = {
    name: "permessage-deflate",
    params: { client_max_window_bits: true as const, x: "1" },
  };
  const s = formatExtension(offer);
  assertEquals(s, "permessage-deflate; client_max_window_bits; x=1");
  assertEquals(JSON.parse(JSON.stringify(parseExtensions(s))), [offer]);
  assertThrows(() => formatExtension({ name: "a b", params: {} }), TypeError);
  assertThrows(() => formatExtension({ name: "a", params: { x: "1 2" } }), TypeError);
});

Deno.test("parseCookies - RFC 6265 §5.4 pairs, first wins, quotes removed", () => {
  assertEquals({ ...parseCookies('a=1; b="x y"; c; =d; a=2;e=') }, { a: "1", b: "x y", e: "" });
});

Deno.test("parseExtensions - property: formatted offers parse back", () => {
  const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          name: token,
          params: fc.dictionary(token, fc.oneof(fc.constant(true as const), token), {
            maxKeys: 4,
          }),
        }),
        { maxLength: 5 },
      ),
      (offers) => {
        const value = offers.map((o) => formatExtension(o)).join(", ");
        assertEquals(
          JSON.parse(JSON.stringify(parseExtensions(value))),
          JSON.parse(JSON.stringify(offers)),
        );
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("validateClientHandshake - fuzz: random header values only throw HandshakeError", () => {
  const value = fc.stringMatching(/^[\x20-\x7e]{0,30}$/);
  fc.assert(
    fc.property(
      fc.record({
        Host: value,
        Upgrade: value,
        Connection: value,
        "Sec-WebSocket-Key": value,
        "Sec-WebSocket-Version": value,
        Origin: value,
        "Sec-WebSocket-Protocol": value,
        "Sec-WebSocket-Extensions": value,
      }, { requiredKeys: [] }),
      (changes) => {
        let head: HttpRequestHead;
        try {
          head = request(changes);
        } catch (e) {
          assertInstanceOf(e, HandshakeError);
          return;
        }
        try {
          validateClientHandshake(head, { allowedOrigins: ["https://*.x.com"] }, PEER);
        } catch (e) {
          assertInstanceOf(e, HandshakeError);
          const status = (e as HandshakeError).status!;
          assert([400, 403, 426].includes(status), String(status));
        }
      },
    ),
    { numRuns: 500, seed: 6455 },
  );
});
