// Listeners started by `startRouter`: WebSocket with every subprotocol
// (four serializers, plain and batched), RawSocket on TCP with every
// serializer, TLS for both, RawSocket and WebSocket on Unix sockets (in a
// child process granted just that socket), and the `web` transport's static
// files (content types, 404, no traversal) next to its WebSocket path.
import { assert, assertEquals, assertStringIncludes } from "../_assert.ts";
import { type RouterHandle, startRouter } from "../../src/router/mod.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import { Session } from "../../src/session/mod.ts";
import { WAMP_SUBPROTOCOLS } from "../../src/wamp/serializers/registry.ts";

const FIXTURES = new URL("../fixtures/tls/", import.meta.url).pathname;
const CA = await Deno.readTextFile(`${FIXTURES}ca.pem`);
const BYTES = new Uint8Array([0, 1, 2, 254, 255]);

/** A backend in the router process: com.echo returns its first argument. */
async function backend(router: RouterHandle): Promise<Session> {
  const s = new Session(router.connectInProcess());
  await s.join("realm1");
  await s.register("com.echo", (args) => args[0]);
  return s;
}

async function echoOver(
  url: string,
  options: Parameters<typeof connectTransport>[1],
): Promise<{ subprotocol?: string; serializer?: string; result: unknown }> {
  const t = await connectTransport(url, options);
  const s = new Session(t);
  try {
    await s.join("realm1");
    const result = await s.call("com.echo", [{ text: "héllo", bytes: BYTES }]);
    return {
      ...(t.details.subprotocol ? { subprotocol: t.details.subprotocol } : {}),
      serializer: t.details.serializer,
      result,
    };
  } finally {
    await s.leave().catch(() => {});
    await t.close();
  }
}

function config(transports: unknown[]): Record<string, unknown> {
  return {
    version: 2,
    workers: [{ type: "router", realms: [{ name: "realm1" }], transports }],
  };
}

const TLS = {
  key: `${FIXTURES}server-key.pem`,
  certificate: `${FIXTURES}server.pem`,
};

Deno.test("Router listeners - WebSocket: every serializer, plain and batched", async () => {
  const router = await startRouter(
    config([{ type: "websocket", endpoint: { type: "tcp", port: 8080 } }]),
    { ephemeralPorts: true },
  );
  const b = await backend(router);
  try {
    const url = `ws://127.0.0.1:${router.transports[0]!.port}/ws`;
    for (const sp of WAMP_SUBPROTOCOLS) {
      const [, , name, batched] = sp.split(".");
      const r = await echoOver(url, {
        serializers: [name as "json"],
        batched: batched === "batched",
      });
      assertEquals(r.subprotocol, sp);
      assertEquals(r.result, { text: "héllo", bytes: BYTES }, sp);
    }
  } finally {
    await b.leave();
    await router.close();
  }
});

Deno.test("Router listeners - RawSocket over TCP: every serializer; serializer restriction", async () => {
  const router = await startRouter(
    config([
      { type: "rawsocket", endpoint: { type: "tcp", port: 8080 } },
      { type: "websocket", endpoint: { type: "tcp", port: 8081 }, serializers: ["cbor"] },
    ]),
    { ephemeralPorts: true },
  );
  const b = await backend(router);
  try {
    const [rs, ws] = router.transports;
    assert(rs!.url.startsWith("rs://127.0.0.1:"), rs!.url);
    for (const name of ["json", "msgpack", "cbor", "ubjson"] as const) {
      const r = await echoOver(rs!.url, { serializers: [name] });
      assertEquals([r.serializer, r.result], [name, { text: "héllo", bytes: BYTES }]);
    }
    // The cbor-only WebSocket transport refuses a JSON-only client.
    let refused = false;
    try {
      await connectTransport(ws!.url, { serializers: ["json"] });
    } catch {
      refused = true;
    }
    assert(refused, "a json-only client was accepted by a cbor-only transport");
    assertEquals((await echoOver(ws!.url, { serializers: ["cbor"] })).serializer, "cbor");
  } finally {
    await b.leave();
    await router.close();
  }
});

Deno.test("Router listeners - TLS: wss:// and rss:// with the test CA", async () => {
  const router = await startRouter(
    config([
      {
        type: "websocket",
        endpoint: { type: "tcp", port: 8080, tls: TLS },
        url: "wss://127.0.0.1:8080/ws",
      },
      { type: "rawsocket", endpoint: { type: "tcp", port: 8081, tls: TLS } },
    ]),
    { ephemeralPorts: true },
  );
  const b = await backend(router);
  try {
    const [ws, rs] = router.transports;
    assert(ws!.url.startsWith("wss://"), ws!.url);
    assert(rs!.url.startsWith("rss://"), rs!.url);
    for (const t of [ws!, rs!]) {
      const r = await echoOver(t.url, { serializers: ["msgpack"], caCerts: [CA] });
      assertEquals(r.result, { text: "héllo", bytes: BYTES });
    }
  } finally {
    await b.leave();
    await router.close();
  }
});

/** Runs in a child granted `unix:<path>`: RawSocket and WebSocket over Unix sockets. */
async function unixChild(dir: string): Promise<void> {
  const router = await startRouter(
    config([
      { type: "rawsocket", endpoint: { type: "unix", path: `${dir}/rs.sock` } },
      { type: "websocket", endpoint: { type: "unix", path: `${dir}/ws.sock` } },
    ]),
  );
  const b = await backend(router);
  try {
    const rs = router.transports[0]!;
    assertEquals(rs.url, `rs://unix:${dir}/rs.sock`);
    for (const name of ["json", "cbor"] as const) {
      const r = await echoOver(rs.url, { serializers: [name] });
      assertEquals(r.result, { text: "héllo", bytes: BYTES });
    }
  } finally {
    await b.leave();
    await router.close();
  }
  console.log("unix router ok");
}

if (Deno.args[0] === "--unix-child") {
  await unixChild(Deno.args[1]!);
  Deno.exit(0);
}

Deno.test("Router listeners - RawSocket on a Unix socket (child process)", async () => {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "abts-router-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-read",
        "--allow-write=/tmp",
        "--allow-env",
        `--allow-net=unix:${dir}/rs.sock,unix:${dir}/ws.sock`,
        new URL(import.meta.url).pathname,
        "--unix-child",
        dir,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert(out.success, text);
    assertStringIncludes(text, "unix router ok");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Router listeners - web transport: static files, 404, no traversal, WebSocket path", async () => {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "abts-web-" });
  await Deno.mkdir(`${dir}/site/sub`, { recursive: true });
  await Deno.writeTextFile(`${dir}/site/index.html`, "<h1>hi</h1>");
  await Deno.writeTextFile(`${dir}/site/app.js`, "console.log(1)");
  await Deno.writeTextFile(`${dir}/site/sub/data.json`, "{}");
  await Deno.writeTextFile(`${dir}/site/blob.bin`, "x");
  await Deno.writeTextFile(`${dir}/secret.txt`, "secret");
  // A symlink out of the directory (Deno.symlink needs unscoped permissions).
  await new Deno.Command("ln", { args: ["-s", `${dir}/secret.txt`, `${dir}/site/link.txt`] })
    .output();
  const router = await startRouter(
    config([{
      type: "web",
      endpoint: { type: "tcp", port: 8080 },
      paths: {
        "/": { type: "static", directory: "site" },
        ws: { type: "websocket" },
        "assets/v1": { type: "static", directory: "site/sub" },
      },
    }]),
    { ephemeralPorts: true, baseDir: dir },
  );
  const b = await backend(router);
  const base = `http://127.0.0.1:${router.transports[0]!.port}`;
  const get = async (path: string, init?: RequestInit) => {
    const r = await fetch(base + path, init);
    return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
  };
  try {
    assertEquals(await get("/"), {
      status: 200,
      type: "text/html; charset=utf-8",
      body: "<h1>hi</h1>",
    });
    assertEquals((await get("/app.js")).type, "text/javascript; charset=utf-8");
    assertEquals((await get("/sub/data.json")).type, "application/json");
    assertEquals((await get("/blob.bin")).type, "application/octet-stream");
    assertEquals((await get("/assets/v1/data.json")).status, 200);
    assertEquals((await get("/missing.html")).status, 404);
    assertEquals((await get("/sub/")).status, 404, "no directory listing");
    for (
      const evil of [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/..%2f..%2fsecret.txt",
        "/link.txt",
        "/a%00b",
      ]
    ) {
      const r = await get(evil);
      assertEquals(r.status, 404, evil);
      assert(!r.body.includes("secret"), evil);
    }
    assertEquals((await get("/index.html", { method: "POST", body: "x" })).status, 405);
    assertEquals((await get("/ws")).status, 426);
    const r = await echoOver(router.transports[0]!.url, { serializers: ["json"] });
    assertEquals(r.result, { text: "héllo", bytes: BYTES });
    // A WebSocket upgrade at a path that is not a WebSocket service is refused.
    let refused = false;
    try {
      await connectTransport(`ws://127.0.0.1:${router.transports[0]!.port}/other`);
    } catch {
      refused = true;
    }
    assert(refused);
  } finally {
    await b.leave();
    await router.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startRouter - port 0 in the config binds a free port, reported in transports", async () => {
  await using router = await startRouter({
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [{ type: "websocket", endpoint: { type: "tcp", port: 0 } }],
    }],
  });
  const t = router.transports[0]!;
  assert(t.port > 0, `bound port ${t.port}`);
  await using s = new Session(await connectTransport(t.url, { serializers: ["json"] }));
  const details = await s.join("realm1");
  assertEquals(details.realm, "realm1");
});

Deno.test("startRouter - connectInProcess gives the requested authid and authrole", async () => {
  await using router = await startRouter({
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1", roles: [{ name: "backend", permissions: [] }] }],
      transports: [],
    }],
  });
  await using a = new Session(router.connectInProcess({ authid: "svc-a", authrole: "backend" }));
  const da = await a.join("realm1");
  assertEquals([da.authid, da.authrole], ["svc-a", "backend"]);
  // Without authid: a random one, even if the session asks (not the trusted role).
  await using b = new Session(router.connectInProcess({ authrole: "backend" }));
  const db = await b.join("realm1", { authid: "mallory" });
  assert(db.authid !== "mallory" && (db.authid ?? "").length > 0, `authid ${db.authid}`);
});
