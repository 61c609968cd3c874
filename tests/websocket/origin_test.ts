import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { compileOriginPatterns, isOriginAllowed, parseOrigin } from "../../src/websocket/origin.ts";

function check(patterns: string[], allowed: string[], denied: string[]): void {
  const policy = compileOriginPatterns(patterns);
  for (const o of allowed) assert(isOriginAllowed(o, policy), `${o} should match ${patterns}`);
  for (const o of denied) assert(!isOriginAllowed(o, policy), `${o} should not match ${patterns}`);
}

Deno.test("parseOrigin - splits RFC 6454 §6.2 serialized origins, defaulting http/https ports", () => {
  assertEquals(parseOrigin("https://Example.COM"), {
    scheme: "https",
    host: "example.com",
    port: 443,
  });
  assertEquals(parseOrigin("http://example.com:8080"), {
    scheme: "http",
    host: "example.com",
    port: 8080,
  });
  assertEquals(parseOrigin("http://[::1]:9000/"), { scheme: "http", host: "[::1]", port: 9000 });
  assertEquals(parseOrigin("chrome-extension://abcdef"), {
    scheme: "chrome-extension",
    host: "abcdef",
    port: null,
  });
  assertEquals(parseOrigin("null"), "null");
  assertEquals(parseOrigin("file://"), "null");
  for (
    const bad of ["", "example.com", "https://", "https://a b", "https://a:99999", "https://a/x"]
  ) {
    assertEquals(parseOrigin(bad), null, bad);
  }
});

Deno.test("isOriginAllowed - '*' allows every origin but the opaque null origin", () => {
  check(["*"], ["https://a.com", "http://x:1234", "moz-extension://abc"], ["null", "file://"]);
});

Deno.test("isOriginAllowed - a missing Origin header is allowed, as in Autobahn", () => {
  assert(isOriginAllowed(null, compileOriginPatterns([])));
  assert(isOriginAllowed(null, compileOriginPatterns(["https://only.example.com"])));
});

Deno.test("isOriginAllowed - the null origin is allowed only with allowNullOrigin", () => {
  assert(isOriginAllowed("null", compileOriginPatterns([], { allowNullOrigin: true })));
  assert(!isOriginAllowed("null", compileOriginPatterns(["*"])));
});

Deno.test("isOriginAllowed - an unparsable origin is never allowed", () => {
  check(["*"], [], ["example.com", "https://a b", "javascript:alert(1)"]);
});

Deno.test("isOriginAllowed - 'https://*.example.com' allows subdomains on the default port only", () => {
  check(
    ["https://*.example.com"],
    ["https://a.example.com", "https://a.b.example.com", "https://A.Example.com:443"],
    [
      "http://a.example.com",
      "https://example.com",
      "https://a.example.com:8443",
      "https://example.com.evil.com",
      "https://evilexample.com",
    ],
  );
});

Deno.test("isOriginAllowed - 'http://localhost:*' allows every port, the default one included", () => {
  check(
    ["http://localhost:*"],
    ["http://localhost", "http://localhost:80", "http://localhost:5173"],
    ["https://localhost:5173", "http://localhost.evil.com:80"],
  );
});

Deno.test("isOriginAllowed - an explicit port matches the origin's normalised port", () => {
  check(["https://example.com:8443"], ["https://example.com:8443"], [
    "https://example.com",
    "https://example.com:443",
  ]);
  check(["https://example.com:443"], ["https://example.com", "https://example.com:443"], [
    "https://example.com:8443",
  ]);
  check(["http://example.com"], ["http://example.com", "http://example.com:80"], [
    "http://example.com:8080",
  ]);
});

Deno.test("isOriginAllowed - pattern characters other than * are literal", () => {
  check(["https://a.b.com"], ["https://a.b.com"], ["https://aXb.com", "https://a.b.comX"]);
});

Deno.test("isOriginAllowed - several patterns: any match allows", () => {
  check(
    ["https://app.example.com", "http://127.0.0.1:*"],
    ["https://app.example.com", "http://127.0.0.1:8080"],
    ["https://other.example.com"],
  );
});

Deno.test("compileOriginPatterns - rejects non-string patterns", () => {
  assertThrows(() => compileOriginPatterns([42 as unknown as string]), TypeError);
});
