/**
 * TLS (`wss://`) interop with the committed test CA (tests/fixtures/tls): our
 * client against Deno's native TLS server, the `ws` client against our TLS
 * server, the platform client against our TLS server (in a child process that
 * trusts the CA through `--cert`), and our client against our server.
 *
 * @module
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import {
  assertMessage,
  connectOurCallbackClient,
  listenOurCallbackServer,
  type Pair,
  randomBytes,
  randomText,
  serveOurModern,
  startDenoNativeServer,
  testTls,
  withTimeout,
} from "./_fixtures.ts";
import { disposer, interopSuite } from "./_suite.ts";
import { connectWsClient } from "./_ws_package.ts";
import { connect } from "../../src/websocket/mod.ts";

const tls = { cert: testTls.cert, key: testTls.key };
const caCerts = [testTls.ca];

interopSuite(
  "TLS - our callback client vs Deno native TLS server",
  async (): Promise<Pair> => {
    const server = startDenoNativeServer({ tls });
    try {
      const ours = await connectOurCallbackClient(server.url, { caCerts });
      const theirs = await server.accepted.next("Deno TLS server accepts");
      return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
    } catch (err) {
      await server.close();
      throw err;
    }
  },
  { ours: ["sendFragmented", "ping"], theirs: [] },
);

interopSuite(
  "TLS - ws client vs our callback server (wss:// factory)",
  async (): Promise<Pair> => {
    const { url, accepted, server } = await listenOurCallbackServer({ tls });
    try {
      const { endpoint: theirs } = await connectWsClient(url, { ca: testTls.ca });
      const ours = await accepted.next("our TLS server accepts");
      return { ours, theirs, dispose: disposer(ours, theirs, server.close) };
    } catch (err) {
      await server.close();
      throw err;
    }
  },
  { ours: ["sendFragmented", "ping"], theirs: ["sendFragmented", "ping"] },
);

for (const host of ["127.0.0.1", "localhost"]) {
  Deno.test(`Interop - TLS - our modern client vs our modern server at wss://${host}`, async () => {
    const { accepted, server } = await serveOurModern({ tls });
    try {
      const ws = await connect(`wss://${host}:${server.port}`, { caCerts });
      const ours = await accepted.next("our TLS server accepts");
      const msgs = ["über TLS ✓", randomText(64 * 1024, 5), randomBytes(64 * 1024, 6)];
      for (const m of msgs) ws.send(m);
      for (const m of msgs) assertMessage(await ours.receive(), m, "to our server");
      for (const m of msgs) ours.send(m);
      const received = [];
      for await (const m of ws) {
        received.push(m);
        if (received.length === msgs.length) break; // leaving the loop closes with 1000
      }
      assertEquals(received, msgs);
      assertEquals(await ws.closed, {
        wasClean: true,
        code: 1000,
        reason: "",
        transport: "await-eof",
      });
      assertEquals((await ours.closed).code, 1000);
    } finally {
      await server.close();
    }
  });
}

Deno.test("Interop - TLS - our client refuses a server certificate from an unknown CA", async () => {
  const { url, server } = await serveOurModern({ tls });
  try {
    const err = await assertRejects(() => connect(url));
    assertMatch(err.message, /certificate|UnknownIssuer/i);
  } finally {
    await server.close();
  }
});

Deno.test("Interop - TLS - platform WebSocket client (--cert in a child process) vs our server", async () => {
  const { url, accepted, server } = await listenOurCallbackServer({ tls });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--cert",
      testTls.caPath,
      "--allow-net=127.0.0.1",
      decodeURIComponent(new URL("./_platform_tls_client.ts", import.meta.url).pathname),
      url,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const ours = await accepted.next("our TLS server accepts the platform client");
    const msgs = ["platform über TLS ✓", randomText(64 * 1024, 7), randomBytes(64 * 1024, 8)];
    for (const m of msgs) ours.send(m);
    for (const m of msgs) assertMessage(await ours.receive(), m, "echo");
    ours.send("close-please");
    assertEquals(await ours.closed, { code: 4001, reason: "platform done", wasClean: true });
    const out = await withTimeout(child.output(), "platform client exits");
    const stderr = new TextDecoder().decode(out.stderr);
    assert(out.success, `platform client failed: ${stderr}`);
    const seen = JSON.parse(new TextDecoder().decode(out.stdout));
    assertEquals(seen, { code: 1000, reason: "", wasClean: true });
  } catch (err) {
    try {
      child.kill();
    } catch {
      // Already exited.
    }
    const out = await child.output();
    throw new Error(`${err}\nplatform client stderr: ${new TextDecoder().decode(out.stderr)}`, {
      cause: err,
    });
  } finally {
    await server.close();
  }
});
