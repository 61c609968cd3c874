// Runs each examples/websocket/<name>/ server + client pair as subprocesses
// (`deno run --allow-net=127.0.0.1 [--allow-read]`, bounded in time) and checks
// what the client prints. Servers are started with `--port 0` and print the
// port they bound on their first line.
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_assert.ts";

const ROOT = new URL("../../", import.meta.url);
const DENO = Deno.execPath();
const BOUND_MS = 20_000;

interface Example {
  name: string;
  /** Both sides need to read files (certificates, static files). */
  read?: boolean;
  /** Builds the client's `--url` from the server's port. */
  url(port: number): string;
  check(stdout: string): void;
}

const EXAMPLES: Example[] = [
  {
    name: "compression",
    url: (p) => `ws://127.0.0.1:${p}`,
    check(out) {
      assertMatch(out, /Extensions in use: permessage-deflate/);
      assertStringIncludes(out, "Echo matched: 100000 characters");
      assertStringIncludes(out, "Closed: clean=true code=1000");
    },
  },
  {
    name: "ping-pong",
    url: (p) => `ws://127.0.0.1:${p}`,
    check(out) {
      assertMatch(out, /Sample 5: rtt \d+\.\d{3} ms/);
      assertStringIncludes(out, "Closed: clean=true code=1000");
    },
  },
  {
    name: "broadcast",
    url: (p) => `ws://127.0.0.1:${p}`,
    check(out) {
      for (const k of [0, 1, 2]) {
        assertMatch(out, new RegExp(`Client ${k} heard hellos from 0, 1, 2 and \\d+ tick\\(s\\)`));
      }
      assertStringIncludes(out, "All clients closed");
    },
  },
  {
    name: "headers",
    url: (p) => `ws://127.0.0.1:${p}`,
    check(out) {
      assertStringIncludes(out, "X-Server-Name: autobahn-ts-example");
      assertStringIncludes(out, "session=abc123");
      assertStringIncludes(out, "theme=dark");
      assertStringIncludes(out, "Server says: Hello deno-example, you are logged in as alice");
    },
  },
  {
    name: "secure",
    read: true,
    url: (p) => `wss://127.0.0.1:${p}`,
    check(out) {
      assertStringIncludes(out, "Secure echo: Hello over TLS");
      assertStringIncludes(out, "Closed: clean=true code=1000");
    },
  },
  {
    name: "web",
    read: true,
    url: (p) => `http://127.0.0.1:${p}`,
    check(out) {
      assertStringIncludes(out, "Page title: Autobahn|TS web example");
      assertStringIncludes(out, "Status: 1 WebSocket connection(s) open");
      assertStringIncludes(out, "WebSocket echo: Hello from the web example");
      assertStringIncludes(out, "Outside ./static: 404");
    },
  },
];

function args(e: Example, side: "server" | "client"): string[] {
  return [
    "run",
    "--no-check",
    "--allow-net=127.0.0.1",
    ...(e.read ? ["--allow-read"] : []),
    `examples/websocket/${e.name}/${side}.ts`,
  ];
}

/** Reads lines from `stream` until one matches `re` (or EOF); returns it and the reader. */
async function waitForLine(
  reader: ReadableStreamDefaultReader<string>,
  re: RegExp,
): Promise<RegExpExecArray | null> {
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return null;
    buf += value;
    const m = re.exec(buf);
    if (m) return m;
  }
}

for (const e of EXAMPLES) {
  Deno.test(`examples/websocket/${e.name} - the client runs against the server and exits`, async () => {
    const server = new Deno.Command(DENO, {
      args: [...args(e, "server"), "--port", "0"],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(server.stderr).text();
    const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
    // Everything is bounded: on timeout both processes are killed.
    let client: Deno.ChildProcess | undefined;
    const timer = setTimeout(() => {
      for (const p of [server, client]) {
        try {
          p?.kill("SIGKILL");
        } catch {
          // Already exited.
        }
      }
    }, BOUND_MS);
    try {
      const m = await waitForLine(reader, /Listening on \w+:\/\/127\.0\.0\.1:(\d+)/);
      // (The message is built only on failure: awaiting stderr waits for the server to exit.)
      if (!m) assert(false, `server did not start: ${await stderr}`);
      client = new Deno.Command(DENO, {
        args: [...args(e, "client"), "--url", e.url(Number(m[1]))],
        cwd: ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const out = await client.output();
      const stdout = new TextDecoder().decode(out.stdout);
      const err = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, `client failed:\n${stdout}\n${err}`);
      e.check(stdout);
    } finally {
      clearTimeout(timer);
      try {
        server.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await reader.cancel();
      await server.status;
      await stderr;
    }
  });
}
