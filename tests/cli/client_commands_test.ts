// The `wamp` client commands (call, publish, subscribe, register, bench)
// against a router started in the test: round trips, JSON argument parsing,
// --kw, exit codes 1/2/4/5, --help for each command, and the bench table.
import { assert, assertEquals, assertStringIncludes } from "../_assert.ts";
import { main } from "../../src/cli/main.ts";
import { collectRepeated, KW_OPTION, parseValue } from "../../src/cli/client_options.ts";
import { startRouter } from "../../src/router/mod.ts";

const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in process; `onErr` sees each stderr line as it comes. */
async function runMain(
  args: string[],
  opts: {
    signal?: AbortSignal;
    onErr?: (line: string) => void;
    onOut?: (line: string) => void;
  } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => {
      out.push(l);
      opts.onOut?.(l);
    },
    err: (l) => {
      err.push(l);
      opts.onErr?.(l);
    },
    signal: opts.signal ?? new AbortController().signal,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Starts a CLI command that announces readiness on stderr; resolves once ready. */
async function startBackground(
  args: string[],
  ready: string,
): Promise<{ done: Promise<Run>; stop: () => void; firstOut: Promise<void> }> {
  const controller = new AbortController();
  let onOut!: () => void;
  const firstOut = new Promise<void>((r) => onOut = r);
  let onReady!: () => void;
  const isReady = new Promise<void>((r) => onReady = r);
  const done = runMain(args, {
    signal: controller.signal,
    onErr: (l) => l.includes(ready) && onReady(),
    onOut: () => onOut(),
  });
  await Promise.race([isReady, done.then((r) => Promise.reject(new Error(r.err)))]);
  return { done, stop: () => controller.abort(), firstOut };
}

function routerConfig(auth?: Record<string, unknown>) {
  return {
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [{
        type: "websocket",
        endpoint: { type: "tcp", port: 8080, interface: "127.0.0.1" },
        ...(auth ? { auth } : {}),
      }],
    }],
  };
}

async function withRouter(
  fn: (url: string[]) => Promise<void>,
  auth?: Record<string, unknown>,
): Promise<void> {
  await using router = await startRouter(routerConfig(auth), { ephemeralPorts: true });
  await fn(["--url", router.transports[0]!.url]);
}

Deno.test("wamp client commands - listed, and --help for each with the exit codes", async () => {
  const r = await runMain(["--help"]);
  for (const c of ["call", "publish", "subscribe", "register", "bench"]) {
    assertStringIncludes(r.out, c);
    const h = await runMain([c, "--help"]);
    assertEquals(h.code, 0);
    assertStringIncludes(h.out, `Usage: wamp ${c}`);
    for (const flag of ["--url", "--realm", "--serializer", "--authid", "--ticket", "--timeout"]) {
      assertStringIncludes(h.out, flag);
    }
    assertStringIncludes(h.out, "4  could not connect");
    assertStringIncludes(h.out, "5  join denied");
  }
  assertStringIncludes((await runMain(["call", "--help"])).out, "--kw KEY=VALUE");
  assertStringIncludes((await runMain(["subscribe", "--help"])).out, "--match");
  assertStringIncludes((await runMain(["register", "--help"])).out, "--exec CMD");
  assertStringIncludes((await runMain(["bench", "--help"])).out, "--duration");
});

Deno.test("wamp client commands - JSON argument parsing and repeated --kw", () => {
  assertEquals(parseValue("1"), 1);
  assertEquals(parseValue('"x"'), "x");
  assertEquals(parseValue("[1,2]"), [1, 2]);
  assertEquals(parseValue('{"a":1}'), { a: 1 });
  assertEquals(parseValue("hello"), "hello");
  assertEquals(parseValue("true"), true);
  assertEquals(
    collectRepeated(["x", "--kw", "a=1", "--url", "--kw", "--kw=b=2", "-k", "c=3", "--", "--kw"], [
      KW_OPTION,
      { name: "url", type: "string", description: "" },
    ]),
    { kw: ["a=1", "b=2", "c=3"] },
  );
});

Deno.test("wamp client commands - usage errors exit 2 before connecting", async () => {
  const url = ["--url", "ws://127.0.0.1:1/ws"];
  for (
    const args of [
      ["call", ...url],
      ["call", "a.b", "--kw", "novalue", ...url],
      ["call", "a.b", "--serializer", "xml", ...url],
      ["call", "a.b", "--ticket", "t", ...url],
      ["call", "a.b", "--timeout", "soon", ...url],
      ["publish", ...url],
      ["subscribe", ...url],
      ["subscribe", "a.b", "--count", "0", ...url],
      ["register", ...url],
      ["bench", "--duration", "x", ...url],
      ["call", "a.b", "--bogus", ...url],
    ]
  ) {
    const r = await runMain(args);
    assertEquals(r.code, 2, `${args.join(" ")}: ${r.err}`);
  }
});

Deno.test("wamp register (echo) + call - round trip with JSON args and --kw", async () => {
  await withRouter(async (url) => {
    const callee = await startBackground(["register", "com.echo", ...url], "registered com.echo");
    let r = await runMain([
      "call",
      "com.echo",
      "1",
      '"x"',
      "[1,2]",
      '{"a":1}',
      "hello",
      "--kw",
      "n=2",
      "--kw",
      "s=text",
      "--kw",
      'o={"b":[true]}',
      ...url,
    ]);
    assertEquals(r.code, 0, r.err);
    assertEquals(JSON.parse(r.out), {
      args: [1, "x", [1, 2], { a: 1 }, "hello"],
      kwargs: { n: 2, s: "text", o: { b: [true] } },
    });
    // A single value is printed as itself; per serializer.
    for (const s of ["json", "msgpack", "cbor", "ubjson"]) {
      r = await runMain(["call", "com.echo", "5", "--serializer", s, ...url]);
      assertEquals([r.code, r.out], [0, "5"], `${s}: ${r.err}`);
    }
    r = await runMain(["call", "com.echo", ...url]);
    assertEquals([r.code, r.out], [0, "null"]);
    callee.stop();
    assertEquals((await callee.done).code, 0);
  });
});

Deno.test("wamp call - a failed call exits 1 with the error URI on stderr", async () => {
  await withRouter(async (url) => {
    const r = await runMain(["call", "com.nobody", "1", ...url]);
    assertEquals(r.code, 1);
    assertEquals(r.out, "");
    assertStringIncludes(r.err, "wamp.error.no_such_procedure");
  });
});

Deno.test("wamp call - connection refused exits 4 naming the URL (child process)", async () => {
  // Find a free port, then close it: nothing listens there.
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const url = `ws://127.0.0.1:${port}/ws`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "--allow-net=127.0.0.1", "--allow-read", MAIN]
      .concat(["call", "com.x", "--url", url]),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 4);
  const err = new TextDecoder().decode(out.stderr);
  assertStringIncludes(err, `could not connect to ${url}`);
});

Deno.test("wamp call - a denied join exits 5 with the reason", async () => {
  await withRouter(async (url) => {
    const r = await runMain(["call", "com.x", "--realm", "nope", ...url]);
    assertEquals(r.code, 5);
    assertStringIncludes(r.err, "wamp.error.no_such_realm");
  });
  const auth = {
    ticket: { type: "static", principals: { joe: { ticket: "secret!", role: "user" } } },
  };
  await withRouter(async (url) => {
    let r = await runMain(["call", "com.x", "--authid", "joe", "--ticket", "wrong", ...url]);
    assertEquals(r.code, 5, r.err);
    assertStringIncludes(r.err, "denied");
    // The right ticket joins; the call then fails as an application error (1).
    r = await runMain(["call", "com.x", "--authid", "joe", "--ticket", "secret!", ...url]);
    assertEquals(r.code, 1, r.err);
    assertStringIncludes(r.err, "wamp.error.no_such_procedure");
  }, auth);
});

Deno.test("wamp subscribe --count 2 receives two publishes", async () => {
  await withRouter(async (url) => {
    const sub = await startBackground(
      ["subscribe", "com.topic", "--count", "2", ...url],
      "subscribed to com.topic",
    );
    let r = await runMain(["publish", "com.topic", "1", "two", "--kw", "k=[1]", ...url]);
    assertEquals(r.code, 0, r.err);
    r = await runMain(["publish", "com.topic", '{"x":1}', "--acknowledge", ...url]);
    assertEquals(r.code, 0, r.err);
    assert(typeof JSON.parse(r.out).publication === "number");
    const s = await sub.done;
    assertEquals(s.code, 0, s.err);
    const lines = s.out.split("\n").map((l) => JSON.parse(l));
    assertEquals(lines, [
      { topic: "com.topic", args: [1, "two"], kwargs: { k: [1] } },
      { topic: "com.topic", args: [{ x: 1 }], kwargs: {} },
    ]);
  });
});

Deno.test("wamp subscribe --match prefix prints the concrete topic; stops on abort", async () => {
  await withRouter(async (url) => {
    const sub = await startBackground(
      ["subscribe", "com.app", "--match", "prefix", ...url],
      "subscribed to com.app",
    );
    const r = await runMain(["publish", "com.app.x", "1", "--acknowledge", ...url]);
    assertEquals(r.code, 0, r.err);
    // Wait for the event, then Ctrl-C.
    await sub.firstOut;
    sub.stop();
    const s = await sub.done;
    assertEquals(s.code, 0, s.err);
    assertEquals(JSON.parse(s.out), { topic: "com.app.x", args: [1], kwargs: {} });
  });
});

Deno.test("wamp register --exec - stdout is the result, non-zero exit an error", async () => {
  await withRouter(async (url) => {
    const callee = await startBackground(
      [
        "register",
        "com.sh",
        "--exec",
        'read -r line; if [ "$1" = "\\"fail\\"" ]; then echo bad >&2; exit 3; fi; echo "$line"',
        ...url,
      ],
      "registered com.sh",
    );
    let r = await runMain(["call", "com.sh", "1", "x", ...url]);
    assertEquals(r.code, 0, r.err);
    assertEquals(JSON.parse(r.out), [1, "x"]);
    r = await runMain(["call", "com.sh", "fail", ...url]);
    assertEquals(r.code, 1);
    assertStringIncludes(r.err, "autobahn.cli.exec_failed");
    assertStringIncludes(r.err, "bad");
    callee.stop();
    assertEquals((await callee.done).code, 0);
  });
});

Deno.test("wamp subscribe in a child process exits 0 on SIGTERM", async () => {
  await using router = await startRouter(routerConfig(), { ephemeralPorts: true });
  const url = router.transports[0]!.url;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "--allow-net=127.0.0.1", "--allow-read", MAIN]
      .concat(["subscribe", "com.t", "--url", url]),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let err = "";
  while (!err.includes("subscribed to com.t")) {
    const { value, done } = await reader.read();
    if (done) break;
    err += value;
  }
  assertStringIncludes(err, "subscribed to com.t");
  child.kill("SIGTERM");
  const [status] = await Promise.all([
    child.status,
    (async () => {
      while (!(await reader.read()).done) { /* drain */ }
    })(),
    child.stdout.cancel(),
  ]);
  assertEquals(status.code, 0);
});

Deno.test("wamp bench - runs for 1 s and prints the summary table", async () => {
  await withRouter(async (url) => {
    const r = await runMain(["bench", "--duration", "0.5", "--concurrency", "4", ...url]);
    assertEquals(r.code, 0, r.err);
    const lines = r.out.split("\n");
    assertStringIncludes(lines[1]!, "per second");
    const rpc = lines.find((l) => l.startsWith("rpc "))!.trim().split(/\s+/);
    const pubsub = lines.find((l) => l.startsWith("pubsub "))!.trim().split(/\s+/);
    assert(Number(rpc[1]) > 0 && Number(rpc[3]) > 0, r.out);
    assert(Number(pubsub[1]) > 0 && Number(pubsub[3]) > 0, r.out);
  });
});

Deno.test("wamp call - wampcra, scram and cryptosign (key file) auth flags", async () => {
  const cra = JSON.parse(
    (await runMain(["cra-derive", "-u", "peter", "-p", "s3cret", "--iterations", "100"])).out,
  );
  const scram = JSON.parse(
    (await runMain([
      "scram-derive",
      "-u",
      "dave",
      "-p",
      "pencil",
      "--kdf",
      "pbkdf2",
      "--iterations",
      "4096",
    ])).out,
  );
  const dir = await Deno.makeTempDir({ dir: "/tmp" });
  try {
    const keygen = await runMain(["keygen", "--out", `${dir}/key`]);
    assertEquals(keygen.code, 0, keygen.err);
    const pub = (await Deno.readTextFile(`${dir}/key.pub`)).trim();
    const auth = {
      wampcra: { type: "static", users: cra },
      scram: { type: "static", principals: scram },
      cryptosign: {
        type: "static",
        principals: { carol: { realm: "realm1", role: "user", authorized_keys: [pub] } },
      },
    };
    await withRouter(async (url) => {
      // Joined: the call itself fails (no callee) with exit 1; bad credentials: 5.
      const cases: [string[], number][] = [
        [["--authid", "peter", "--secret", "s3cret"], 1],
        [["--authid", "peter", "--secret", "nope"], 5],
        [["--authid", "dave", "--password", "pencil"], 1],
        [["--authid", "dave", "--password", "nope"], 5],
        [["--authid", "carol", "--private-key", `${dir}/key`], 1],
        [["--authid", "carol", "--private-key", "11".repeat(32)], 5],
      ];
      for (const [flags, code] of cases) {
        const r = await runMain(["call", "com.x", ...flags, ...url]);
        assertEquals(r.code, code, `${flags.join(" ")}: ${r.err}`);
        if (code === 1) assertStringIncludes(r.err, "wamp.error.no_such_procedure");
      }
    }, auth);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
