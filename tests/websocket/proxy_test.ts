// Client connections through an HTTP CONNECT proxy: ws:// and wss:// (TLS over
// the tunnel) against a real Debian `tinyproxy` started here (skipped with a
// printed reason when it is not installed), plus a refusing fake proxy.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
} from "../_assert.ts";
import {
  connect,
  connectWebSocket,
  serve,
  WebSocketClientFactory,
  WebSocketClientProtocol,
} from "../../src/websocket/mod.ts";
import { ProxyError } from "../../src/transport/proxy.ts";
import { bytes, delay, rawServer, readHead, safeClose, within } from "./_net.ts";

const TLS_DIR = new URL("../fixtures/tls/", import.meta.url);
const tls = {
  cert: await Deno.readTextFile(new URL("server.pem", TLS_DIR)),
  key: await Deno.readTextFile(new URL("server-key.pem", TLS_DIR)),
};
const caCerts = [await Deno.readTextFile(new URL("ca.pem", TLS_DIR))];

/** Why the tinyproxy tests cannot run, or `null` when they can. */
async function tinyproxyMissing(): Promise<string | null> {
  try {
    const out = await new Deno.Command("tinyproxy", {
      args: ["-v"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return out.success ? null : "tinyproxy -v failed";
  } catch (err) {
    return `tinyproxy is not installed (${(err as Error).name}); apt-get install -y tinyproxy`;
  }
}

const missing = await tinyproxyMissing();
if (missing) console.log(`proxy_test: SKIPPING the tinyproxy tests: ${missing}`);

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

interface Tinyproxy extends AsyncDisposable {
  port: number;
  log(): Promise<string>;
}

/**
 * Starts tinyproxy on 127.0.0.1 with a generated config: only 127.0.0.1 may
 * use it, and CONNECT is allowed to `connectPorts` only (tinyproxy's stock
 * config allows 443 and 563; without any ConnectPort line it allows every port).
 */
async function startTinyproxy(connectPorts: number[]): Promise<Tinyproxy> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "autobahn-tinyproxy-" });
  const port = freePort();
  const logFile = `${dir}/tinyproxy.log`;
  const conf = [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Timeout 30",
    "MaxClients 20",
    "Allow 127.0.0.1",
    `LogFile "${logFile}"`,
    "LogLevel Connect",
    `PidFile "${dir}/tinyproxy.pid"`,
    ...connectPorts.map((p) => `ConnectPort ${p}`),
  ].join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/tinyproxy.conf`, conf);
  const child = new Deno.Command("tinyproxy", {
    args: ["-d", "-c", `${dir}/tinyproxy.conf`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  // Wait (bounded) until it accepts connections.
  for (let i = 0;; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch (err) {
      if (i >= 100) {
        await stop();
        throw new Error(`tinyproxy did not start on port ${port}: ${err}`);
      }
      await delay(20);
    }
  }
  return {
    port,
    log: () => Deno.readTextFile(logFile).catch(() => ""),
    [Symbol.asyncDispose]: stop,
  };
}

Deno.test({
  name: "proxy - ws:// and wss:// through tinyproxy (CONNECT, TLS over the tunnel)",
  ignore: missing !== null,
  async fn() {
    const echo = async (ws: import("../../src/websocket/mod.ts").WebSocketConnection) => {
      for await (const m of ws) ws.send(m);
    };
    await using plain = await serve({ port: 0 }, echo);
    await using secure = await serve({ port: 0, tls }, echo);
    await using proxy = await startTinyproxy([plain.port, secure.port]);

    // Modern face, ws://.
    const ws = await within(
      connect(`ws://127.0.0.1:${plain.port}`, { proxy: { host: "127.0.0.1", port: proxy.port } }),
      5000,
      "connect via proxy",
    );
    ws.send("plain via proxy");
    const it = ws[Symbol.asyncIterator]();
    assertEquals((await it.next()).value, "plain via proxy");
    assert((await ws.close()).wasClean);

    // Callback face, wss:// with the proxy on the factory.
    const got = Promise.withResolvers<string>();
    class Client extends WebSocketClientProtocol {
      override onOpen() {
        this.sendMessage("secure via proxy");
      }
      override onMessage(payload: Uint8Array) {
        got.resolve(new TextDecoder().decode(payload));
        this.sendClose(1000);
      }
    }
    const factory = new WebSocketClientFactory(`wss://127.0.0.1:${secure.port}`, {
      proxy: { host: "127.0.0.1", port: proxy.port },
    });
    factory.protocol = Client;
    const client = await within(connectWebSocket(factory, { caCerts }), 5000, "wss via proxy");
    assertEquals(await within(got.promise, 3000, "echo"), "secure via proxy");
    await client.closed;
    assert(client.closeInfo?.wasClean);

    const log = await proxy.log();
    assertStringIncludes(log, `127.0.0.1:${plain.port}`);
    assertStringIncludes(log, `127.0.0.1:${secure.port}`);
  },
});

Deno.test({
  name: "proxy - tinyproxy refusing a CONNECT port gives a ProxyError naming the status",
  ignore: missing !== null,
  async fn() {
    await using server = await serve({ port: 0 }, () => {});
    await using proxy = await startTinyproxy([server.port + 1 === 65536 ? 1 : server.port + 1]);
    const err = await assertRejects(
      () =>
        connect(`ws://127.0.0.1:${server.port}`, {
          proxy: { host: "127.0.0.1", port: proxy.port },
        }),
      ProxyError,
    );
    assertEquals(err.status, 403);
    assertEquals(err.code, "proxy_error");
    assertStringIncludes(err.message, "403");
  },
});

Deno.test("proxy - a refusing proxy (407) rejects with a typed ProxyError", async () => {
  const fake = rawServer(async (conn) => {
    const head = await readHead(conn);
    assert(head !== null);
    assertStringIncludes(head.startLine, "CONNECT 127.0.0.1:9 HTTP/1.1");
    assertEquals(head.headers["host"], "127.0.0.1:9");
    await conn.write(bytes(
      "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n",
    ));
  });
  try {
    const err = await assertRejects(
      () => connect("ws://127.0.0.1:9", { proxy: { host: "127.0.0.1", port: fake.port } }),
      ProxyError,
    );
    assertInstanceOf(err, ProxyError);
    assertEquals(err.status, 407);
    assertStringIncludes(err.message, "407 Proxy Authentication Required");
  } finally {
    await fake.close();
  }
});

Deno.test("proxy - a proxy that hangs up or talks garbage rejects with ProxyError status 0", async () => {
  for (const answer of ["", "SSH-2.0-nope\r\n\r\n"]) {
    const fake = rawServer(async (conn) => {
      await readHead(conn);
      if (answer) await conn.write(bytes(answer));
      safeClose(conn);
    });
    try {
      const err = await assertRejects(
        () => connect("ws://127.0.0.1:9", { proxy: { host: "127.0.0.1", port: fake.port } }),
        ProxyError,
      );
      assertEquals(err.status, 0);
    } finally {
      await fake.close();
    }
  }
});
