import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  computeWcs,
  deriveKey,
  wampcraAuthenticator,
  wampcraClient,
  wampcraMethod,
} from "../../src/auth/wampcra.ts";
import { AuthenticateMessage } from "../../src/wamp/messages_session.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../../src/router/types.ts";
import type { WampDict } from "../../src/wamp/types.ts";
import VECTORS from "../vectors/auth/wampcra.json" with { type: "json" };

const SALTED = deriveKey("s3cr3t", "pepper", 100, 16);
const CONFIG = {
  type: "static" as const,
  users: {
    joe: { secret: "L3L1YUE8Txlw", role: "frontend" },
    peter: { secret: SALTED, role: "backend", salt: "pepper", iterations: 100, keylen: 16 },
  },
};

function ctx(sessionId: number, authid?: string, authrole?: string): HelloContext {
  return {
    realm: "realm1",
    sessionId,
    details: { roles: {}, authmethods: ["wampcra"], authid, authrole },
  };
}

async function run(
  a: Authenticator,
  c: HelloContext,
  secret: string,
): Promise<AuthDecision> {
  const ch = a.hello(c) as AuthDecision;
  assertEquals(ch.kind, "challenge");
  if (ch.kind !== "challenge") throw new Error("unreachable");
  const client = wampcraClient({ authid: c.details.authid ?? "x", secret });
  const sig = await client.onChallenge!({ method: ch.authMethod, extra: ch.extra ?? {} });
  return a.authenticate!(c, new AuthenticateMessage({ signature: sig as string })) as AuthDecision;
}

Deno.test("computeWcs - Autobahn known-answer vectors", () => {
  for (const v of VECTORS.computeWcs) assertEquals(computeWcs(v.key, v.challenge), v.signature);
});

Deno.test("deriveKey - Autobahn known-answer vectors", () => {
  for (const v of VECTORS.deriveKey) {
    assertEquals(deriveKey(v.secret, v.salt), v.key);
    assertEquals(deriveKey(v.secret, v.salt, v.iterations, v.keylen), v.key);
  }
  assertThrows(() => deriveKey("a", "b", 0), RangeError);
  assertThrows(() => deriveKey("a", "b", 1, 1.5), RangeError);
});

Deno.test("wampcraClient - derives the key when the challenge carries a salt", async () => {
  const c = wampcraClient({ authid: "peter", secret: "s3cr3t" });
  const extra: WampDict = { challenge: "[1, 2, 3]", salt: "pepper", iterations: 100, keylen: 16 };
  assertEquals(
    await c.onChallenge!({ method: "wampcra", extra }),
    computeWcs(deriveKey("s3cr3t", "pepper", 100, 16), "[1, 2, 3]"),
  );
});

Deno.test("wampcraClient - refuses malformed or costly challenges", () => {
  const c = wampcraClient({ authid: "joe", secret: "x" });
  assertThrows(() => c.onChallenge!({ method: "ticket", extra: {} }), TypeError);
  assertThrows(() => c.onChallenge!({ method: "wampcra", extra: {} }), TypeError);
  assertThrows(
    () =>
      c.onChallenge!({ method: "wampcra", extra: { challenge: "c", salt: "s", iterations: 1e9 } }),
    RangeError,
  );
  assertThrows(() => wampcraClient({ authid: "joe" } as never), TypeError);
});

Deno.test("wampcraAuthenticator - sends Crossbar's challenge and welcomes the right secret", () => {
  const a = wampcraAuthenticator(CONFIG, { now: () => Date.UTC(2024, 0, 1) });
  const c = ctx(42, "joe");
  const ch = a.hello(c) as AuthDecision;
  if (ch.kind !== "challenge") throw new Error("expected a challenge");
  const body = JSON.parse(ch.extra!.challenge as string);
  assertEquals(Object.keys(body), [
    "authid",
    "authrole",
    "authmethod",
    "authprovider",
    "nonce",
    "timestamp",
    "session",
  ]);
  assertEquals(body.authid, "joe");
  assertEquals(body.authrole, "frontend");
  assertEquals(body.session, 42);
  assertEquals(body.timestamp, "2024-01-01T00:00:00.000Z");
  const sig = computeWcs("L3L1YUE8Txlw", ch.extra!.challenge as string);
  const d = a.authenticate!(c, new AuthenticateMessage({ signature: sig })) as AuthDecision;
  assertEquals(d, {
    kind: "welcome",
    authid: "joe",
    authrole: "frontend",
    authmethod: "wampcra",
    authprovider: "static",
  });
});

Deno.test("wampcraAuthenticator - salted user round trip", async () => {
  const a = wampcraAuthenticator(CONFIG);
  const d = await run(a, ctx(1, "peter"), "s3cr3t");
  assertEquals(d.kind === "welcome" && d.authrole, "backend");
});

Deno.test("wampcraAuthenticator - wrong secret, unknown authid and wrong role fail alike", async () => {
  const a = wampcraAuthenticator(CONFIG);
  const results = [
    await run(a, ctx(1, "joe"), "wrong"),
    await run(a, ctx(2, "peter"), "wrong"),
    await run(a, ctx(3, "mallory"), "L3L1YUE8Txlw"),
    await run(a, ctx(4, "joe", "admin"), "L3L1YUE8Txlw"),
  ];
  for (const r of results) {
    assertEquals(r, {
      kind: "abort",
      reason: "wamp.error.authentication_failed",
      message: "Authentication failed",
    });
  }
});

Deno.test("wampcraAuthenticator - an unknown authid gets a look-alike salted challenge", () => {
  const a = wampcraAuthenticator(CONFIG);
  const one = a.hello(ctx(1, "mallory")) as AuthDecision;
  const two = a.hello(ctx(2, "mallory")) as AuthDecision;
  if (one.kind !== "challenge" || two.kind !== "challenge") throw new Error("expected challenges");
  assertEquals(Object.keys(one.extra!).sort(), ["challenge", "iterations", "keylen", "salt"]);
  assertEquals(one.extra!.salt, two.extra!.salt);
  assertEquals(one.extra!.iterations, 100);
  assert(one.extra!.salt !== "pepper");
});

Deno.test("wampcraAuthenticator - refuses a replayed AUTHENTICATE and an expired challenge", () => {
  let now = 0;
  const a = wampcraAuthenticator(CONFIG, { challengeTimeout: 60_000, now: () => now });
  const c = ctx(9, "joe");
  const ch = a.hello(c) as AuthDecision;
  if (ch.kind !== "challenge") throw new Error("expected a challenge");
  const msg = new AuthenticateMessage({
    signature: computeWcs("L3L1YUE8Txlw", ch.extra!.challenge as string),
  });
  assertEquals((a.authenticate!(c, msg) as AuthDecision).kind, "welcome");
  assertEquals((a.authenticate!(c, msg) as AuthDecision).kind, "abort");
  const ch2 = a.hello(c) as AuthDecision;
  if (ch2.kind !== "challenge") throw new Error("expected a challenge");
  now = 60_000;
  const late = new AuthenticateMessage({
    signature: computeWcs("L3L1YUE8Txlw", ch2.extra!.challenge as string),
  });
  assertEquals((a.authenticate!(c, late) as AuthDecision).kind, "abort");
});

Deno.test("wampcraAuthenticator - challenges are random", () => {
  const a = wampcraAuthenticator(CONFIG);
  const x = a.hello(ctx(1, "joe")) as AuthDecision;
  const y = a.hello(ctx(1, "joe")) as AuthDecision;
  if (x.kind !== "challenge" || y.kind !== "challenge") throw new Error("expected challenges");
  assert(x.extra!.challenge !== y.extra!.challenge);
  assertEquals(wampcraMethod.name, "wampcra");
  assertThrows(
    () => wampcraAuthenticator({ type: "static", users: { a: { secret: "s" } as never } }),
    TypeError,
  );
});
