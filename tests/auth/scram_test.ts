import { assert, assertEquals, assertInstanceOf, assertThrows } from "../_assert.ts";
import { toHex } from "../_assert.ts";
import {
  scramAuthenticator,
  scramAuthMessage,
  scramClient,
  scramClientProof,
  scramDerive,
  type ScramKdf,
  scramMethod,
  type ScramMethodName,
  scramSaltedPassword,
  ScramVerificationError,
} from "../../src/auth/scram.ts";
import { decodeBase64, utf8Encoder } from "../../src/util/bytes.ts";
import { AuthenticateMessage } from "../../src/wamp/messages_session.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../../src/router/types.ts";
import type { WampDict } from "../../src/wamp/types.ts";
import VECTORS from "../vectors/auth/scram.json" with { type: "json" };

const FAST = { kdf: "argon2id13" as const, iterations: 1, memory: 512 };
const LIMITS = { minIterations: 1 };
const CONFIG = {
  type: "static" as const,
  principals: {
    alice: {
      ...scramDerive("pencil", { ...FAST, salt: utf8Encoder.encode("alice-salt-12345") }),
      role: "frontend",
    },
    bob: { ...scramDerive("hunter2", { kdf: "pbkdf2", iterations: 64 }), role: "backend" },
    carol: {
      ...scramDerive("päßwörd", { kdf: "argon2id-13", iterations: 1, memory: 512 }),
      role: "x",
    },
  },
};

function ctx(
  sessionId: number,
  method: ScramMethodName,
  authid: string | undefined,
  authextra: WampDict,
  authrole?: string,
): HelloContext {
  return {
    realm: "realm1",
    sessionId,
    details: { roles: {}, authmethods: [method], authid, authrole, authextra },
  };
}

async function run(
  a: Authenticator,
  method: ScramMethodName,
  authid: string,
  password: string,
  options: { sessionId?: number; authrole?: string } = {},
): Promise<{ decision: AuthDecision; client: ReturnType<typeof scramClient> }> {
  const client = scramClient({ authid, password, limits: LIMITS });
  const c = ctx(options.sessionId ?? 1, method, authid, client.authextra!, options.authrole);
  const ch = await a.hello(c);
  if (ch.kind !== "challenge") throw new Error(`expected a challenge, got ${ch.kind}`);
  assertEquals(ch.authMethod, method);
  const answer = await client.onChallenge!({ method: ch.authMethod, extra: ch.extra ?? {} });
  const msg = typeof answer === "string"
    ? new AuthenticateMessage({ signature: answer })
    : new AuthenticateMessage(answer);
  return { decision: await a.authenticate!(c, msg), client };
}

Deno.test("scramSaltedPassword - Autobahn KDF known-answer vectors", () => {
  for (const v of VECTORS.kdf) {
    const salted = scramSaltedPassword(v.password, utf8Encoder.encode(v.saltUtf8), {
      kdf: v.kdf as ScramKdf,
      iterations: v.iterations,
      memory: v.memory,
    });
    assertEquals(toHex(salted), v.saltedPasswordHex);
  }
});

Deno.test("scramAuthMessage/scramClientProof - RFC 7677 and Autobahn exchange vectors", () => {
  for (const v of VECTORS.exchanges) {
    const authMessage = scramAuthMessage({
      method: v.method as ScramMethodName,
      authid: v.authid,
      clientNonce: v.clientNonce,
      nonce: v.nonce,
      salt: v.salt,
      iterations: v.iterations,
    });
    assertEquals(authMessage, v.authMessage);
    const salted = scramSaltedPassword(v.password, decodeBase64(v.salt), {
      kdf: v.kdf as ScramKdf,
      iterations: v.iterations,
      memory: v.memory,
    });
    const { proof, serverSignature } = scramClientProof(salted, authMessage);
    assertEquals(proof, v.proof);
    if (v.serverSignature) assertEquals(serverSignature, v.serverSignature);
  }
});

Deno.test("scramAuthMessage - escapes the username in the spec dialect only", () => {
  const base = { authid: "a=b,c", clientNonce: "x", nonce: "xy", salt: "c2FsdA==", iterations: 1 };
  assertEquals(
    scramAuthMessage({ ...base, method: "wamp-scram" }),
    "n=a=3Db=2Cc,r=x,r=xy,s=c2FsdA==,i=1,c=biws,r=xy",
  );
  assertEquals(
    scramAuthMessage({ ...base, method: "scram" }),
    "n=a=b,c,r=x,r=xy,s=c2FsdA==,i=1,c=,r=xy",
  );
});

for (const method of ["wamp-scram", "scram"] as const) {
  Deno.test(`scramAuthenticator - ${method} round trips with both KDFs and verifies the router`, async () => {
    const a = scramAuthenticator(CONFIG);
    for (
      const [authid, password, role] of [
        ["alice", "pencil", "frontend"],
        ["bob", "hunter2", "backend"],
        ["carol", "päßwörd", "x"],
      ]
    ) {
      const { decision, client } = await run(a, method, authid!, password!);
      if (decision.kind !== "welcome") throw new Error(`expected welcome, got ${decision.kind}`);
      assertEquals(decision.authrole, role);
      assertEquals(decision.authmethod, method);
      assertEquals(decision.authextra!.verifier, decision.authextra!.scram_server_signature);
      client.verifyWelcome(decision.authextra);
    }
  });
}

Deno.test("scramClient - accepts verifier, scram_server_signature or a v= prefix; refuses a wrong one", async () => {
  const a = scramAuthenticator(CONFIG);
  for (const shape of ["verifier", "scram_server_signature", "prefixed"]) {
    const { decision, client } = await run(a, "wamp-scram", "alice", "pencil");
    if (decision.kind !== "welcome") throw new Error("expected welcome");
    const sig = decision.authextra!.verifier as string;
    client.verifyWelcome(
      shape === "prefixed" ? { verifier: `v=${sig}` } : { [shape]: sig },
    );
  }
  const { client } = await run(a, "wamp-scram", "alice", "pencil");
  const err = assertThrows(
    () => client.verifyWelcome({ verifier: "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=" }),
  );
  assertInstanceOf(err, ScramVerificationError);
  assertThrows(() => client.verifyWelcome({}), ScramVerificationError);
});

Deno.test("scramAuthenticator - wrong password, unknown authid and wrong role fail alike", async () => {
  const a = scramAuthenticator(CONFIG);
  const results = [
    (await run(a, "wamp-scram", "alice", "wrong", { sessionId: 1 })).decision,
    (await run(a, "scram", "bob", "wrong", { sessionId: 2 })).decision,
    (await run(a, "wamp-scram", "mallory", "pencil", { sessionId: 3 })).decision,
    (await run(a, "wamp-scram", "alice", "pencil", { sessionId: 4, authrole: "admin" })).decision,
  ];
  for (const r of results) {
    assertEquals(r, {
      kind: "abort",
      reason: "wamp.error.authentication_failed",
      message: "Authentication failed",
    });
  }
});

Deno.test("scramAuthenticator - an unknown authid gets a mock challenge with a stable salt", () => {
  const a = scramAuthenticator(CONFIG);
  const one = a.hello(ctx(1, "wamp-scram", "mallory", { nonce: "AAAA" })) as AuthDecision;
  const two = a.hello(ctx(2, "wamp-scram", "mallory", { nonce: "BBBB" })) as AuthDecision;
  if (one.kind !== "challenge" || two.kind !== "challenge") throw new Error("expected challenges");
  assertEquals(one.extra!.salt, two.extra!.salt);
  assertEquals(Object.keys(one.extra!).sort(), ["iterations", "kdf", "memory", "nonce", "salt"]);
  assert((one.extra!.nonce as string).startsWith("AAAA"));
});

Deno.test("scramAuthenticator - refuses a replayed AUTHENTICATE and an expired challenge", async () => {
  let now = 0;
  const a = scramAuthenticator(CONFIG, { challengeTimeout: 1000, now: () => now });
  const client = scramClient({ authid: "alice", password: "pencil", limits: LIMITS });
  const c = ctx(5, "wamp-scram", "alice", client.authextra!);
  const ch = a.hello(c) as AuthDecision;
  if (ch.kind !== "challenge") throw new Error("expected a challenge");
  const answer = await client.onChallenge!({ method: ch.authMethod, extra: ch.extra! });
  const msg = new AuthenticateMessage(answer as { signature: string; extra: WampDict });
  assertEquals((a.authenticate!(c, msg) as AuthDecision).kind, "welcome");
  assertEquals((a.authenticate!(c, msg) as AuthDecision).kind, "abort");
  a.hello(c);
  now = 1000;
  assertEquals((a.authenticate!(c, msg) as AuthDecision).kind, "abort");
});

Deno.test("scramAuthenticator - aborts a HELLO without a nonce or with unsupported channel binding", () => {
  const a = scramAuthenticator(CONFIG);
  assertEquals((a.hello(ctx(1, "wamp-scram", "alice", {})) as AuthDecision).kind, "abort");
  assertEquals(
    (a.hello(ctx(1, "wamp-scram", "alice", { nonce: "!!" })) as AuthDecision).kind,
    "abort",
  );
  const cb = a.hello(
    ctx(1, "wamp-scram", "alice", { nonce: "AAAA", channel_binding: "tls-unique" }),
  );
  assertEquals((cb as AuthDecision).kind, "abort");
});

Deno.test("scramAuthenticator - tls-unique channel binding round trip", async () => {
  const a = scramAuthenticator(CONFIG);
  const channelId = new Uint8Array([1, 2, 3, 4, 5]);
  const client = scramClient({
    authid: "alice",
    password: "pencil",
    channelBinding: "tls-unique",
    channelId: () => channelId,
    limits: LIMITS,
  });
  const transport = { channelId, channelBinding: "tls-unique" } as unknown as HelloContext[
    "transport"
  ];
  const c = { ...ctx(1, "wamp-scram", "alice", client.authextra!), transport };
  const ch = a.hello(c) as AuthDecision;
  if (ch.kind !== "challenge") throw new Error("expected a challenge");
  const answer = await client.onChallenge!({ method: ch.authMethod, extra: ch.extra! });
  const msg = new AuthenticateMessage(answer as { signature: string; extra: WampDict });
  const d = a.authenticate!(c, msg) as AuthDecision;
  assertEquals(d.kind, "welcome");
  if (d.kind === "welcome") client.verifyWelcome(d.authextra);
});

Deno.test("scramClient - refuses a foreign nonce, weak or costly parameters, another kdf", () => {
  const c = scramClient({ authid: "alice", password: "pencil", kdf: "argon2id13" });
  const nonce = (c.authextra!.nonce as string) + "AAAA";
  const ok = { nonce, salt: "c2FsdA==", kdf: "argon2id13", iterations: 1, memory: 512 };
  assertThrows(() => c.onChallenge!({ method: "wamp-scram", extra: { ...ok, nonce: "QUJD" } }));
  assertThrows(() => c.onChallenge!({ method: "wamp-scram", extra: { ...ok, memory: 8 } }));
  assertThrows(() => c.onChallenge!({ method: "wamp-scram", extra: { ...ok, iterations: 1e9 } }));
  assertThrows(() => c.onChallenge!({ method: "wamp-scram", extra: { ...ok, kdf: "pbkdf2" } }));
  assertThrows(() => c.onChallenge!({ method: "ticket", extra: ok }), TypeError);
  const p = scramClient({ authid: "alice", password: "pencil" });
  const weak = { ...ok, nonce: `${p.authextra!.nonce}AAAA`, kdf: "pbkdf2", iterations: 100 };
  assertThrows(() => p.onChallenge!({ method: "wamp-scram", extra: weak }), RangeError);
});

Deno.test("scramDerive - produces Crossbar-shaped entries", () => {
  const e = scramDerive("pw", { kdf: "pbkdf2", iterations: 10, salt: new Uint8Array(16) });
  assertEquals(Object.keys(e).sort(), [
    "iterations",
    "kdf",
    "memory",
    "salt",
    "server-key",
    "stored-key",
  ]);
  assertEquals(e.salt, "00".repeat(16));
  assertEquals(e["stored-key"].length, 64);
  assertThrows(() => scramDerive("pw", { kdf: "argon2id13", iterations: 1 }), RangeError);
  assertThrows(() => scramDerive("pw", { kdf: "md5" as never, iterations: 1 }), TypeError);
  assertEquals(scramMethod.name, "wamp-scram");
  assertEquals(scramMethod.aliases, ["scram"]);
});
