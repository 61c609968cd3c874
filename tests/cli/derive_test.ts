// `wamp cra-derive` / `wamp scram-derive`: entries a router accepts and
// clients authenticate against with the password; `keygen` is registered.
import { assert, assertEquals, assertStringIncludes } from "../_assert.ts";
import { main } from "../../src/cli/main.ts";
import { deriveKey, scramClient, wampcraClient } from "../../src/auth/mod.ts";
import { startRouter } from "../../src/router/mod.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import { Session } from "../../src/session/mod.ts";

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function joinWith(auth: Record<string, unknown>, method: string, c: {
  authid?: string;
  authextra?: Record<string, unknown>;
  onChallenge?: Parameters<Session["join"]>[1] extends infer O
    ? O extends { onChallenge?: infer H } ? H : never
    : never;
}): Promise<string | undefined> {
  await using router = await startRouter({
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [{
        type: "websocket",
        endpoint: { type: "tcp", port: 8080 },
        url: "ws://127.0.0.1:8080/ws",
        auth,
      }],
    }],
  }, { ephemeralPorts: true });
  const s = new Session(await connectTransport(router.transports[0]!.url), {
    closeTransportOnLeave: true,
  });
  const d = await s.join("realm1", {
    authmethods: [method],
    ...(c.authid ? { authid: c.authid } : {}),
    ...(c.authextra ? { authextra: c.authextra } : {}),
    ...(c.onChallenge ? { onChallenge: c.onChallenge } : {}),
  });
  await s.leave();
  return d.authid;
}

Deno.test("wamp CLI - the auth commands are listed", async () => {
  const r = await runMain(["--help"]);
  for (const c of ["keygen", "cra-derive", "scram-derive"]) assertStringIncludes(r.out, c);
  assertStringIncludes((await runMain(["cra-derive", "--help"])).out, "--password-env");
});

Deno.test("wamp cra-derive - a salted user entry the router accepts", async () => {
  const r = await runMain([
    "cra-derive",
    "--authid",
    "peter",
    "--password",
    "s3cret",
    "--role",
    "frontend",
    "--iterations",
    "500",
  ]);
  assertEquals(r.code, 0, r.err);
  const entry = JSON.parse(r.out) as Record<string, Record<string, unknown>>;
  const u = entry.peter!;
  assertEquals([u.role, u.iterations, u.keylen], ["frontend", 500, 32]);
  assertEquals(u.secret, deriveKey("s3cret", u.salt as string, 500, 32));
  // Two runs get different random salts.
  const again = JSON.parse((await runMain(["cra-derive", "-u", "peter", "-p", "s3cret"])).out);
  assert(again.peter.salt !== u.salt);
  const authid = await joinWith(
    { wampcra: { type: "static", users: entry } },
    "wampcra",
    wampcraClient({ authid: "peter", secret: "s3cret" }),
  );
  assertEquals(authid, "peter");
});

Deno.test("wamp cra-derive - password from the environment, usage errors", async () => {
  Deno.env.set("WAMP_TEST_PASSWORD", "from-env");
  try {
    const r = await runMain([
      "cra-derive",
      "-u",
      "x",
      "--password-env",
      "WAMP_TEST_PASSWORD",
      "--salt",
      "salt123",
    ]);
    assertEquals(r.code, 0);
    assertEquals(JSON.parse(r.out).x.secret, deriveKey("from-env", "salt123", 1000, 32));
  } finally {
    Deno.env.delete("WAMP_TEST_PASSWORD");
  }
  let r = await runMain(["cra-derive", "--password", "p"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "--authid is required");
  r = await runMain(["cra-derive", "-u", "x"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "a password is required");
  r = await runMain(["cra-derive", "-u", "x", "-p", "y", "--iterations", "0"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "--iterations must be an integer");
  r = await runMain(["cra-derive", "-u", "x", "--password-env", "WAMP_TEST_UNSET_VARIABLE"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "is not set");
});

Deno.test("wamp scram-derive - pbkdf2 and argon2id-13 entries the router accepts", async () => {
  for (const kdf of ["pbkdf2", "argon2id-13"]) {
    const args = kdf === "pbkdf2"
      ? ["--kdf", "pbkdf2", "--iterations", "4096"]
      : ["--kdf", "argon2id-13", "--iterations", "1", "--memory", "512"];
    const r = await runMain(["scram-derive", "-u", "dave", "-p", "pencil", ...args]);
    assertEquals(r.code, 0, r.err);
    const entry = JSON.parse(r.out) as Record<string, Record<string, unknown>>;
    assertEquals([entry.dave!.kdf, entry.dave!.role], [kdf, "user"]);
    assert(!JSON.stringify(entry).includes("pencil"));
    const authid = await joinWith(
      { scram: { type: "static", principals: entry } },
      "wamp-scram",
      scramClient({ authid: "dave", password: "pencil" }),
    );
    assertEquals(authid, "dave");
  }
  const r = await runMain(["scram-derive", "-u", "d", "-p", "x", "--salt", "zz"]);
  assertEquals(r.code, 2);
  assertStringIncludes(r.err, "--salt must be hex");
});
