// The Crossbar-style config: validation with errors naming the key path,
// defaults, the example files, and all-or-nothing startup.
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  ConfigError,
  createRoleAuthorizer,
  DEFAULT_CONFIG,
  parseRouterConfig,
  parseRouterConfigText,
  startRouter,
} from "../../src/router/mod.ts";

function withTransport(t: unknown, extra: Record<string, unknown> = {}): unknown {
  return {
    version: 2,
    workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [t], ...extra }],
  };
}

const WS = { type: "websocket", endpoint: { type: "tcp", port: 8080 } };

function errorOf(value: unknown): string {
  const e = assertThrows(() => parseRouterConfig(value), ConfigError);
  return (e as ConfigError).message;
}

Deno.test("RouterConfig - a minimal config gets defaults", () => {
  const c = parseRouterConfig(withTransport(WS));
  const t = c.workers[0]!.transports[0]!;
  assertEquals(t.endpoint, { type: "tcp", port: 8080, interface: "127.0.0.1" });
  assertEquals(t.type === "websocket" && t.options, {});
});

Deno.test("RouterConfig - the default config: realm1, anonymous, ws://127.0.0.1:8080/ws", () => {
  const c = parseRouterConfig(DEFAULT_CONFIG);
  assertEquals(c.workers[0]!.realms, [{ name: "realm1" }]);
  const t = c.workers[0]!.transports[0]!;
  assertEquals(t.type, "web");
  assertEquals(t.endpoint, { type: "tcp", port: 8080, interface: "127.0.0.1" });
});

Deno.test("RouterConfig - errors name the key path", () => {
  const port = (p: unknown) =>
    errorOf({
      version: 2,
      workers: [{
        type: "router",
        realms: [],
        transports: [WS, { type: "rawsocket", endpoint: { type: "tcp", port: p } }],
      }],
    });
  assertEquals(
    port(70000),
    "workers[0].transports[1].endpoint.port: expected an integer 0-65535, got 70000",
  );
  assertEquals(
    port("80"),
    'workers[0].transports[1].endpoint.port: expected an integer 0-65535, got "80"',
  );
  assertEquals(errorOf({ version: 1, workers: [] }), "version: expected 2, got 1");
  assertEquals(
    errorOf({ version: 2, workers: [], extra: 1 }),
    "extra: unknown key (expected one of version, workers, controller, $schema)",
  );
  assertEquals(
    errorOf(withTransport({ ...WS, endpoint: { type: "tcp", port: 1, tls: { key: "k" } } })),
    "workers[0].transports[0].endpoint.tls.certificate: missing required key",
  );
  assertEquals(
    errorOf(withTransport({ ...WS, serializers: ["json", "xml"] })),
    'workers[0].transports[0].serializers[1]: expected one of "json", "msgpack", "cbor", "ubjson", got "xml"',
  );
  assertEquals(
    errorOf(withTransport({ ...WS, type: "mqtt" })),
    'workers[0].transports[0].type: expected one of "websocket", "rawsocket", "web", got "mqtt"',
  );
  assertEquals(
    errorOf(withTransport({ ...WS, options: { auto_ping_interval: -1 } })),
    "workers[0].transports[0].options.auto_ping_interval: expected an integer 0-3600000, got -1",
  );
  assertEquals(
    errorOf(withTransport({ ...WS, auth: { tls: {} } })),
    "workers[0].transports[0].auth.tls: authentication method not supported yet (supported: anonymous, ticket, wampcra, cryptosign, scram)",
  );
  assertEquals(
    errorOf(
      withTransport({
        type: "web",
        endpoint: WS.endpoint,
        paths: { "../x": { type: "static", directory: "." } },
      }),
    ),
    'workers[0].transports[0].paths.../x: expected "/" or a path like "ws" or "a/b"',
  );
  assertEquals(
    errorOf(
      withTransport({ type: "web", endpoint: WS.endpoint, paths: { "/": { type: "static" } } }),
    ),
    "workers[0].transports[0].paths./.directory: missing required key",
  );
  assertEquals(
    errorOf({
      version: 2,
      workers: [{
        type: "router",
        transports: [],
        realms: [{
          name: "r",
          roles: [{ name: "x", permissions: [{ uri: "a.b", match: "regex" }] }],
        }],
      }],
    }),
    'workers[0].realms[0].roles[0].permissions[0].match: expected one of "exact", "prefix", "wildcard", got "regex"',
  );
  assertEquals(
    errorOf({
      version: 2,
      workers: [{ type: "router", transports: [], realms: [{ name: "bad uri" }] }],
    }),
    'workers[0].realms[0].name: expected a WAMP URI, got "bad uri"',
  );
  assertEquals(
    errorOf({ version: 2, workers: [{ type: "container", realms: [], transports: [] }] }),
    'workers[0].type: expected "router" (only router workers are supported), got "container"',
  );
  assertEquals(
    assertThrows(() => parseRouterConfigText("{ nope"), ConfigError).message.startsWith(
      "Cannot parse config:",
    ),
    true,
  );
});

Deno.test("RouterConfig - the example configs are valid", async () => {
  const dir = new URL("../../examples/router/", import.meta.url).pathname;
  let n = 0;
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".json")) continue;
    parseRouterConfigText(await Deno.readTextFile(dir + e.name));
    n++;
  }
  assert(n >= 4, `${n} examples`);
});

Deno.test("RouterConfig - role permissions: exact, then longest prefix, then wildcard; disclose", () => {
  const [realm] = parseRouterConfig({
    version: 2,
    workers: [{
      type: "router",
      transports: [],
      realms: [{
        name: "realm1",
        roles: [{
          name: "user",
          permissions: [
            { uri: "com.", match: "prefix", allow: { call: true } },
            { uri: "com.secret.", match: "prefix", allow: {} },
            {
              uri: "com.secret.open",
              allow: { call: true, publish: true },
              disclose: { publisher: true },
            },
            { uri: "org..get", match: "wildcard", allow: { subscribe: true } },
          ],
        }],
      }],
    }],
  }).workers[0]!.realms;
  const a = createRoleAuthorizer(realm!);
  const who = { session: 1, realm: "realm1", authid: "x", authrole: "user" };
  assertEquals(a.authorize(who, "com.a", "call", {}), true);
  assertEquals(a.authorize(who, "com.a", "register", {}), false);
  assertEquals(a.authorize(who, "com.secret.x", "call", {}), false);
  assertEquals(a.authorize(who, "com.secret.open", "call", {}), true);
  assertEquals(a.authorize(who, "com.secret.open", "publish", {}), { allow: true, disclose: true });
  assertEquals(a.authorize(who, "org.x.get", "subscribe", {}), true);
  assertEquals(a.authorize(who, "org.x.y.get", "subscribe", {}), false);
  assertEquals(a.authorize({ ...who, authrole: "nobody" }, "com.a", "call", {}), false);
  assertEquals(a.authorize({ ...who, authrole: "trusted" }, "com.a", "register", {}), true);
});

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("startRouter - nothing starts half configured", async () => {
  const port = freePort();
  // A missing TLS file in the second transport: the first never listens.
  const missing = {
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [
        { type: "websocket", endpoint: { type: "tcp", port } },
        {
          type: "rawsocket",
          endpoint: {
            type: "tcp",
            port: port,
            tls: { key: "/nonexistent.pem", certificate: "/x.pem" },
          },
        },
      ],
    }],
  };
  let err: unknown;
  try {
    await startRouter(missing);
  } catch (e) {
    err = e;
  }
  assert(String(err).includes("workers[0].transports[1].endpoint.tls.key"), String(err));
  // Both transports on one port: the second fails, the first is closed again.
  const clash = {
    ...missing,
    workers: [{
      ...missing.workers[0]!,
      transports: [
        { type: "websocket", endpoint: { type: "tcp", port } },
        { type: "rawsocket", endpoint: { type: "tcp", port } },
      ],
    }],
  };
  err = undefined;
  try {
    await startRouter(clash);
  } catch (e) {
    err = e;
  }
  assert(err instanceof Error, "port clash must fail");
  const l = Deno.listen({ hostname: "127.0.0.1", port }); // free again
  l.close();
  // Invalid config text from a file path: ConfigError.
  const file = await Deno.makeTempFile({ dir: "/tmp", suffix: ".json" });
  try {
    await Deno.writeTextFile(
      file,
      JSON.stringify(withTransport({ ...WS, endpoint: { type: "tcp", port: -1 } })),
    );
    err = undefined;
    try {
      await startRouter(file);
    } catch (e) {
      err = e;
    }
    assert(err instanceof ConfigError);
    assertEquals(err.path, "workers[0].transports[0].endpoint.port");
  } finally {
    await Deno.remove(file);
  }
});
