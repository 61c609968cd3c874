import { assertEquals, assertThrows } from "../_assert.ts";
import { connectTransport, parseTransportUrl } from "./_imports.ts";
import { assertRejects } from "../_assert.ts";

Deno.test("parseTransportUrl - ws:// and wss://", () => {
  assertEquals(parseTransportUrl("ws://127.0.0.1:8080/ws"), {
    kind: "websocket",
    url: "ws://127.0.0.1:8080/ws",
    secure: false,
    hostname: "127.0.0.1",
    port: 8080,
    resource: "/ws",
  });
  assertEquals(parseTransportUrl("wss://example.com"), {
    kind: "websocket",
    url: "wss://example.com/",
    secure: true,
    hostname: "example.com",
    port: 443,
    resource: "/",
  });
  const v6 = parseTransportUrl("ws://[::1]/a?b=c");
  assertEquals(v6.kind === "websocket" && [v6.hostname, v6.port, v6.resource], [
    "::1",
    80,
    "/a?b=c",
  ]);
});

Deno.test("parseTransportUrl - rs://host:port and rss://host:port", () => {
  assertEquals(parseTransportUrl("rs://127.0.0.1:8080"), {
    kind: "rawsocket",
    url: "rs://127.0.0.1:8080",
    secure: false,
    hostname: "127.0.0.1",
    port: 8080,
  });
  assertEquals(parseTransportUrl("rss://router.example.com:443/"), {
    kind: "rawsocket",
    url: "rss://router.example.com:443/",
    secure: true,
    hostname: "router.example.com",
    port: 443,
  });
  const v6 = parseTransportUrl("rs://[::1]:9000");
  assertEquals(v6.kind === "rawsocket" && v6.path === undefined && v6.hostname, "::1");
});

Deno.test("parseTransportUrl - rs://unix:/path/to.sock", () => {
  assertEquals(parseTransportUrl("rs://unix:/path/to.sock"), {
    kind: "rawsocket",
    url: "rs://unix:/path/to.sock",
    secure: false,
    path: "/path/to.sock",
  });
  assertEquals(
    (parseTransportUrl("RS://unix:relative/r.sock") as { path: string }).path,
    "relative/r.sock",
  );
});

Deno.test("parseTransportUrl - bad URLs throw TypeError", () => {
  for (
    const bad of [
      "",
      "nonsense",
      "http://example.com",
      "tcp://127.0.0.1:8080",
      "ws://example.com/#frag",
      "ws://user:pw@example.com/",
      "rs://127.0.0.1",
      "rs://127.0.0.1:0",
      "rs://127.0.0.1:99999",
      "rs://127.0.0.1:80a",
      "rs://127.0.0.1:8080/path",
      "rs://127.0.0.1:8080?x=1",
      "rs://:8080",
      "rs://unix:",
      "rss://unix:/tmp/x.sock",
      "rs://unix:/tmp/x\0.sock",
    ]
  ) {
    let threw: unknown;
    try {
      parseTransportUrl(bad);
    } catch (err) {
      threw = err;
    }
    assertEquals(threw instanceof TypeError, true, `expected TypeError for ${JSON.stringify(bad)}`);
  }
  assertThrows(() => parseTransportUrl(42 as unknown as string), TypeError);
});

Deno.test("connectTransport - rejects a bad URL with TypeError", async () => {
  await assertRejects(() => connectTransport("ftp://x:1"), TypeError);
  await assertRejects(() => connectTransport("rs://127.0.0.1:1", { batched: true }), TypeError);
});
