// Every authentication method end to end against `startRouter` over
// WebSocket with our Session and Component: success, wrong secret, unknown
// authid, wrong role, and replayed challenge answers (raw AUTHENTICATE).
import { assert, assertEquals, assertNotEquals } from "../_assert.ts";
import {
  type AuthMethodContribution,
  cryptosignClient,
  scramClient,
  ticketClient,
  wampcraClient,
} from "../../src/auth/mod.ts";
import { Component } from "../../src/component/mod.ts";
import type { JoinOptions } from "../../src/session/mod.ts";
import { ApplicationError, MessageType } from "../../src/wamp/mod.ts";
import {
  abortReason,
  ALICE_PUBKEY,
  ALICE_SEED,
  CAROL,
  joinOnce,
  MALLORY_SEED,
  RawPeer,
  startAuthRouter,
} from "./_helpers.ts";

const FAILED = ["wamp.error.authentication_failed", "wamp.error.not_authorized"];

function opts(method: string, c: AuthMethodContribution): JoinOptions {
  return {
    authmethods: [method],
    ...(c.authid !== undefined ? { authid: c.authid } : {}),
    ...(c.authrole !== undefined ? { authrole: c.authrole } : {}),
    ...(c.authextra !== undefined ? { authextra: c.authextra } : {}),
    ...(c.onChallenge ? { onChallenge: c.onChallenge } : {}),
  };
}

interface Case {
  method: string;
  good: () => AuthMethodContribution;
  wrongSecret: () => AuthMethodContribution;
  unknown: () => AuthMethodContribution;
  wrongRole: () => AuthMethodContribution;
  authid: string;
}

const CASES: Case[] = [
  {
    method: "ticket",
    authid: "joe",
    good: () => ticketClient({ authid: "joe", ticket: "joe-ticket" }),
    wrongSecret: () => ticketClient({ authid: "joe", ticket: "joe-ticket!" }),
    unknown: () => ticketClient({ authid: "nobody", ticket: "joe-ticket" }),
    wrongRole: () => ticketClient({ authid: "joe", ticket: "joe-ticket", authrole: "admin" }),
  },
  {
    method: "wampcra",
    authid: "peter",
    good: () => wampcraClient({ authid: "peter", secret: "peter-secret" }),
    wrongSecret: () => wampcraClient({ authid: "peter", secret: "peter-secreT" }),
    unknown: () => wampcraClient({ authid: "nobody", secret: "peter-secret" }),
    wrongRole: () => wampcraClient({ authid: "peter", secret: "peter-secret", authrole: "admin" }),
  },
  {
    method: "wampcra",
    authid: "carol",
    good: () => wampcraClient({ authid: "carol", secret: CAROL.password }),
    wrongSecret: () => wampcraClient({ authid: "carol", secret: "carol-passwort" }),
    unknown: () => wampcraClient({ authid: "caro", secret: CAROL.password }),
    wrongRole: () => wampcraClient({ authid: "carol", secret: CAROL.password, authrole: "admin" }),
  },
  {
    method: "cryptosign",
    authid: "alice",
    good: () => cryptosignClient({ authid: "alice", privkey: ALICE_SEED }),
    wrongSecret: () => cryptosignClient({ authid: "alice", privkey: MALLORY_SEED }),
    unknown: () => cryptosignClient({ authid: "bob", privkey: ALICE_SEED }),
    wrongRole: () => cryptosignClient({ authid: "alice", privkey: ALICE_SEED, authrole: "admin" }),
  },
  {
    method: "scram",
    authid: "dave",
    good: () => scramClient({ authid: "dave", password: "dave-password" }),
    wrongSecret: () => scramClient({ authid: "dave", password: "dave-passwort" }),
    unknown: () => scramClient({ authid: "nobody", password: "dave-password" }),
    wrongRole: () => scramClient({ authid: "dave", password: "dave-password", authrole: "admin" }),
  },
  {
    method: "wamp-scram",
    authid: "erin",
    good: () => scramClient({ authid: "erin", password: "erin-password" }),
    wrongSecret: () => scramClient({ authid: "erin", password: "erin-passwort" }),
    unknown: () => scramClient({ authid: "nobody", password: "erin-password" }),
    wrongRole: () => scramClient({ authid: "erin", password: "erin-password", authrole: "admin" }),
  },
];

for (const c of CASES) {
  Deno.test(`auth e2e - ${c.method} (${c.authid}): success, wrong secret, unknown authid, wrong role`, async () => {
    const { handle, url } = await startAuthRouter();
    try {
      const d = await joinOnce(url, opts(c.method, c.good()));
      assertEquals([d.authid, d.authrole, d.authmethod], [c.authid, "user", c.method]);
      assert(FAILED.includes(await abortReason(url, opts(c.method, c.wrongSecret()))));
      assert(FAILED.includes(await abortReason(url, opts(c.method, c.unknown()))));
      assert(FAILED.includes(await abortReason(url, opts(c.method, c.wrongRole()))));
    } finally {
      await handle.close();
    }
  });

  Deno.test(`auth e2e - ${c.method} (${c.authid}): a challenge answer is single-use`, async () => {
    const { handle, url } = await startAuthRouter();
    const peers: RawPeer[] = [];
    try {
      const hello = (peer: RawPeer, k: AuthMethodContribution) =>
        peer.send([1, "realm1", {
          roles: { caller: {} },
          authmethods: [c.method],
          authid: k.authid,
          ...(k.authextra ? { authextra: k.authextra } : {}),
        }]);
      // Session A answers its challenge and is welcomed.
      const a = await RawPeer.connect(url);
      peers.push(a);
      const ka = c.good();
      hello(a, ka);
      const ch = await a.next();
      assert(ch?.type === MessageType.CHALLENGE, "expected CHALLENGE");
      const answer = await ka.onChallenge!({ method: ch.authMethod, extra: ch.extra });
      const wire = typeof answer === "string"
        ? [5, answer, {}]
        : [5, answer.signature, answer.extra ?? {}];
      a.send(wire);
      assertEquals((await a.next())?.type, MessageType.WELCOME);
      // The same AUTHENTICATE again on the established session: no second WELCOME.
      a.send(wire);
      const after = await a.next();
      assert(after === undefined || after.type === MessageType.ABORT);
      // Session B gets a fresh challenge; A's answer does not open it.
      const b = await RawPeer.connect(url);
      peers.push(b);
      hello(b, ka);
      const ch2 = await b.next();
      assert(ch2?.type === MessageType.CHALLENGE, "expected CHALLENGE");
      if (c.method !== "ticket") assertNotEquals(ch2.extra, ch.extra);
      if (c.method === "ticket") {
        // A ticket is a bearer secret by design; replay protection is TLS's job.
        b.send([5, "not-the-ticket", {}]);
      } else b.send(wire);
      const refused = await b.next();
      assertEquals(refused?.type, MessageType.ABORT);
      assert(FAILED.includes((refused as { reason: string }).reason));
      // AUTHENTICATE twice for one challenge: the second one is not accepted.
      const d2 = await RawPeer.connect(url);
      peers.push(d2);
      const kd = c.good();
      hello(d2, kd);
      const ch3 = await d2.next();
      assert(ch3?.type === MessageType.CHALLENGE);
      d2.send([5, "garbage", {}]);
      d2.send(wire);
      const r3 = await d2.next();
      assertEquals(r3?.type, MessageType.ABORT);
      assertEquals(await d2.next(), undefined);
    } finally {
      for (const p of peers) await p.close().catch(() => {});
      await handle.close();
    }
  });
}

Deno.test("auth e2e - several methods offered: the first the transport has wins", async () => {
  const { handle, url } = await startAuthRouter({
    wampcra: { type: "static", users: { peter: { secret: "s", role: "user" } } },
    ticket: { type: "static", principals: { peter: { ticket: "t", role: "user" } } },
  });
  try {
    const t = ticketClient({ authid: "peter", ticket: "t" });
    const w = wampcraClient({ authid: "peter", secret: "s" });
    const d = await joinOnce(url, {
      authmethods: ["cryptosign", "ticket", "wampcra"],
      authid: "peter",
      onChallenge: (ch) => ch.method === "ticket" ? t.onChallenge!(ch) : w.onChallenge!(ch),
    });
    assertEquals(d.authmethod, "ticket");
    assertEquals(
      await abortReason(url, { authmethods: ["anonymous", "cryptosign"] }),
      "wamp.error.no_matching_auth_method",
    );
  } finally {
    await handle.close();
  }
});

Deno.test("auth e2e - a principal's role the realm does not define: no_such_role", async () => {
  const { handle, url } = await startAuthRouter(
    { ticket: { type: "static", principals: { joe: { ticket: "t", role: "ghost" } } } },
    {
      name: "realm1",
      roles: [{
        name: "user",
        permissions: [{ uri: "", match: "prefix", allow: { call: true } }],
      }],
    },
  );
  try {
    assertEquals(
      await abortReason(url, opts("ticket", ticketClient({ authid: "joe", ticket: "t" }))),
      "wamp.error.no_such_role",
    );
  } finally {
    await handle.close();
  }
});

Deno.test("auth e2e - Component with each method joins, calls and leaves", async () => {
  const { handle, url } = await startAuthRouter();
  const callee = await import("../../src/session/mod.ts");
  const backend = new callee.Session(handle.connectInProcess());
  await backend.join("realm1");
  await backend.register("com.example.whoami", (_a, _k, details) => details.callerAuthid ?? "?", {
    discloseCaller: true,
  });
  try {
    const configs: [string, Record<string, object>][] = [
      ["joe", { ticket: { authid: "joe", ticket: "joe-ticket" } }],
      ["peter", { wampcra: { authid: "peter", secret: "peter-secret" } }],
      ["carol", { wampcra: { authid: "carol", secret: CAROL.password } }],
      ["alice", { cryptosign: { authid: "alice", privkey: ALICE_SEED } }],
      ["dave", { scram: { authid: "dave", password: "dave-password" } }],
      ["erin", { "wamp-scram": { authid: "erin", password: "erin-password" } }],
    ];
    for (const [authid, authentication] of configs) {
      const comp = new Component({
        transports: [{ url, serializers: ["json"], maxRetries: 0 }],
        realm: "realm1",
        authentication,
      });
      let who: unknown;
      comp.onJoin(async (session) => {
        who = await session.call("com.example.whoami");
        await session.leave();
      });
      await comp.start();
      assertEquals(who, authid);
    }
    // A wrong secret rejects start() with the router's error.
    const bad = new Component({
      transports: [{ url, serializers: ["json"], maxRetries: 0 }],
      realm: "realm1",
      authentication: { wampcra: { authid: "peter", secret: "nope" } },
    });
    let error: unknown;
    await bad.start().catch((e) => (error = e));
    assert(error instanceof Error);
    const uri = error instanceof ApplicationError
      ? error.error
      : (error.cause as ApplicationError | undefined)?.error;
    assertEquals(uri, "wamp.error.authentication_failed");
    // Cryptosign without an authid: the router finds alice by her key.
    assertEquals(ALICE_PUBKEY.length, 64);
  } finally {
    await backend.leave().catch(() => {});
    await handle.close();
  }
});

Deno.test("auth e2e - dynamic authenticators for every method (Crossbar semantics), failing closed", async () => {
  const dyn = (uri: string) => ({ type: "dynamic", authenticator: uri });
  const { handle, url } = await startAuthRouter({
    ticket: dyn("com.example.auth.ticket"),
    wampcra: dyn("com.example.auth.wampcra"),
    cryptosign: dyn("com.example.auth.cryptosign"),
    "wamp-scram": dyn("com.example.auth.scram"),
  });
  const { Session } = await import("../../src/session/mod.ts");
  const { scramDerive } = await import("../../src/auth/mod.ts");
  const backend = new Session(handle.connectInProcess());
  await backend.join("realm1");
  const seen: unknown[] = [];
  const scram = scramDerive("dyn-password", { kdf: "pbkdf2", iterations: 4096 });
  await backend.register("com.example.auth.ticket", ([realm, authid, details]) => {
    const d = details as Record<string, unknown>;
    seen.push([realm, authid, d.ticket]);
    if (authid === "joe" && d.ticket === "dyn-ticket") return "user";
    if (authid === "jim" && d.ticket === "dyn-ticket") return { role: "user", authid: "jim2" };
    throw new Error("denied");
  });
  await backend.register("com.example.auth.wampcra", ([, authid]) => {
    if (authid === "peter") return { secret: "dyn-secret", role: "user" };
    if (authid === "slow") return new Promise(() => {}); // never answers
    if (authid === "junk") return 42;
    throw new Error("no such user");
  });
  await backend.register("com.example.auth.cryptosign", ([, authid, details]) => {
    const pubkey = (details as { authextra?: { pubkey?: string } }).authextra?.pubkey;
    if ((authid === "alice" || authid === null) && pubkey === ALICE_PUBKEY) {
      return { pubkey: ALICE_PUBKEY, role: "user", authid: "alice" };
    }
    throw new Error("unknown key");
  });
  await backend.register("com.example.auth.scram", ([, authid]) => {
    if (authid === "dave") return { role: "user", ...scram };
    throw new Error("no such user");
  });
  try {
    let d = await joinOnce(
      url,
      opts("ticket", ticketClient({ authid: "joe", ticket: "dyn-ticket" })),
    );
    assertEquals([d.authid, d.authrole, d.authmethod, d.authprovider], [
      "joe",
      "user",
      "ticket",
      "dynamic",
    ]);
    assertEquals(seen, [["realm1", "joe", "dyn-ticket"]]);
    d = await joinOnce(url, opts("ticket", ticketClient({ authid: "jim", ticket: "dyn-ticket" })));
    assertEquals(d.authid, "jim2");
    assert(FAILED.includes(
      await abortReason(url, opts("ticket", ticketClient({ authid: "joe", ticket: "x" }))),
    ));
    d = await joinOnce(
      url,
      opts("wampcra", wampcraClient({ authid: "peter", secret: "dyn-secret" })),
    );
    assertEquals([d.authid, d.authrole, d.authprovider], ["peter", "user", "dynamic"]);
    for (const authid of ["peter", "nobody", "junk"]) {
      const secret = authid === "peter" ? "wrong" : "dyn-secret";
      assert(FAILED.includes(
        await abortReason(url, opts("wampcra", wampcraClient({ authid, secret }))),
      ));
    }
    d = await joinOnce(
      url,
      opts("cryptosign", cryptosignClient({ authid: "alice", privkey: ALICE_SEED })),
    );
    assertEquals([d.authid, d.authrole], ["alice", "user"]);
    assert(FAILED.includes(
      await abortReason(
        url,
        opts("cryptosign", cryptosignClient({ authid: "alice", privkey: MALLORY_SEED })),
      ),
    ));
    d = await joinOnce(
      url,
      opts("wamp-scram", scramClient({ authid: "dave", password: "dyn-password" })),
    );
    assertEquals([d.authid, d.authrole, d.authmethod], ["dave", "user", "wamp-scram"]);
    assert(FAILED.includes(
      await abortReason(url, opts("scram", scramClient({ authid: "dave", password: "nope" }))),
    ));
    // The procedure goes away: authentication fails closed.
    await backend.leave();
    assert(FAILED.includes(
      await abortReason(url, opts("ticket", ticketClient({ authid: "joe", ticket: "dyn-ticket" }))),
    ));
  } finally {
    await backend.leave().catch(() => {});
    await handle.close();
  }
});

Deno.test("auth e2e - a dynamic authenticator that never answers times out closed", async () => {
  const { createAuthenticator } = await import("../../src/auth/mod.ts");
  const auth = createAuthenticator(
    { ticket: { type: "dynamic", authenticator: "com.example.auth" } },
    {
      factories: {},
      call: () => new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 20)),
      timeout: 10,
    },
  );
  const ctx = {
    realm: "realm1",
    details: { roles: {}, authmethods: ["ticket"], authid: "joe" },
    sessionId: 7,
  };
  const ch = await auth.hello(ctx);
  assertEquals(ch.kind, "challenge");
  const { AuthenticateMessage } = await import("../../src/wamp/messages_session.ts");
  const d = await auth.authenticate!(ctx, new AuthenticateMessage({ signature: "t", extra: {} }));
  assertEquals(d.kind === "abort" && d.reason, "wamp.error.authentication_failed");
  // No pending challenge: any AUTHENTICATE fails.
  const again = await auth.authenticate!(
    ctx,
    new AuthenticateMessage({ signature: "t", extra: {} }),
  );
  assertEquals(again.kind === "abort" && again.reason, "wamp.error.authentication_failed");
});
