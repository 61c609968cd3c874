import { assert, assertEquals } from "../_assert.ts";
import { Router } from "../../src/router/router.ts";
import { BROKER_FEATURES, DEALER_FEATURES } from "../../src/router/realm.ts";
import type { AuthDecision } from "../../src/router/types.ts";
import { assertAborted, BASIC_ROLES, Client, clients, setup } from "./_fake.ts";

const MAX_ID = 2 ** 53;

Deno.test("RouterSession - HELLO gets WELCOME with every implemented feature announced", () => {
  const router = new Router({ realms: ["realm1"] });
  const c = new Client(router);
  const w = c.join("realm1", { roles: BASIC_ROLES });
  const [, session, details] = w as [number, number, Record<string, unknown>];
  assert(Number.isInteger(session) && session >= 1 && session <= MAX_ID);
  const d = details as {
    realm: string;
    authrole: string;
    authmethod: string;
    authid: string;
    agent: string;
    roles: Record<string, { features: Record<string, boolean> }>;
  };
  assertEquals(d.realm, "realm1");
  assertEquals(d.authrole, "anonymous");
  assertEquals(d.authmethod, "anonymous");
  assert(d.authid.length > 0);
  assertEquals(d.agent, "Autobahn|TS router");
  assertEquals(Object.keys(d.roles).sort(), ["broker", "dealer"]);
  assertEquals(Object.keys(d.roles.broker!.features).sort(), [...BROKER_FEATURES].sort());
  assertEquals(Object.keys(d.roles.dealer!.features).sort(), [...DEALER_FEATURES].sort());
  for (const f of [...BROKER_FEATURES, ...DEALER_FEATURES]) assert(f.length > 0);
  assertEquals(router.getRealm("realm1")!.sessionCount, 1);
});

Deno.test("RouterSession - basic profile WELCOME: unknown realm aborts with no_such_realm", () => {
  const router = new Router({ realms: ["realm1"] });
  const c = new Client(router);
  c.send([1, "nope", { roles: BASIC_ROLES }]);
  assertAborted(c, "wamp.error.no_such_realm");
});

Deno.test("RouterSession - autoCreateRealms creates the realm on HELLO", () => {
  const router = new Router({ autoCreateRealms: true });
  const c = new Client(router);
  c.join("com.example.fresh", { roles: BASIC_ROLES });
  assert(router.getRealm("com.example.fresh"));
});

Deno.test("RouterSession - a message before HELLO is a protocol violation", () => {
  const { router } = setup();
  const c = new Client(router);
  c.send([48, 1, {}, "com.x"]);
  assertAborted(c, "wamp.error.protocol_violation");
});

Deno.test("RouterSession - basic profile HELLO: a second HELLO aborts the session", () => {
  const { router } = setup();
  const [c] = clients(router, 1);
  c!.send([1, "realm1", { roles: BASIC_ROLES }]);
  assertAborted(c!, "wamp.error.protocol_violation");
  assertEquals(router.getRealm("realm1")!.sessionCount, 0);
});

Deno.test("RouterSession - router-to-client messages from a client are protocol violations", () => {
  const { router } = setup();
  for (
    const arr of [
      [2, 1, { roles: { broker: {} } }],
      [36, 1, 2, {}],
      [50, 1, {}],
      [68, 1, 2, {}],
      [69, 1, {}],
      [4, "ticket", {}],
      [5, "sig", {}],
      [8, 48, 1, {}, "com.err"], // ERROR for a CALL: only INVOCATION errors come from clients
    ]
  ) {
    const [c] = clients(router, 1);
    c!.send(arr);
    assertAborted(c!, "wamp.error.protocol_violation");
  }
  assertEquals(router.getRealm("realm1")!.sessionCount, 0);
});

Deno.test("RouterSession - an unparsable message aborts with protocol_violation", () => {
  const { router } = setup();
  const [c, other] = clients(router, 2);
  c!.send([48, "not-an-id", {}, "com.x"]);
  assertAborted(c!, "wamp.error.protocol_violation");
  // Everyone else is unaffected.
  other!.send([48, 1, {}, "wamp.session.count"]);
  assertEquals(other!.one(), [50, 1, {}, [1]]);
});

Deno.test("RouterSession - GOODBYE is answered and the transport can HELLO again", () => {
  const { router } = setup();
  const [c] = clients(router, 1);
  const first = c!.id;
  c!.send([6, {}, "wamp.close.close_realm"]);
  assertEquals(c!.one(), [6, {}, "wamp.close.goodbye_and_out"]);
  assertEquals(router.getRealm("realm1")!.sessionCount, 0);
  assert(!c!.transport.closed);
  c!.join();
  assert(c!.id !== first);
});

Deno.test("RouterSession - router GOODBYE: other messages are ignored until the reply", () => {
  const { router } = setup();
  const [c] = clients(router, 1);
  router.close();
  assertEquals(c!.one(), [6, {}, "wamp.close.system_shutdown"]);
  c!.send([48, 1, {}, "wamp.session.count"]); // statechart (14): ignored
  c!.none();
  c!.send([6, {}, "wamp.close.goodbye_and_out"]);
  c!.none();
  assertEquals(c!.session.state, "closed");
});

Deno.test("RouterSession - transport loss removes the session from its realm", () => {
  const { router } = setup();
  const [c] = clients(router, 1);
  c!.transport.drop();
  assertEquals(router.getRealm("realm1")!.sessionCount, 0);
  assertEquals(c!.session.state, "gone");
  assertEquals(router.attachedCount, 0);
});

Deno.test("RouterSession - authenticator seam: challenge, AUTHENTICATE, async welcome", async () => {
  const router = new Router({
    realms: ["realm1"],
    authenticator: {
      hello: (): AuthDecision => ({ kind: "challenge", authMethod: "ticket" }),
      authenticate: (_ctx, msg): Promise<AuthDecision> =>
        Promise.resolve(
          msg.signature === "secret"
            ? {
              kind: "welcome",
              authid: "joe",
              authrole: "user",
              authmethod: "ticket",
              authprovider: "static",
            }
            : { kind: "abort", reason: "wamp.error.not_authorized" },
        ),
    },
  });
  const c = new Client(router);
  c.send([1, "realm1", { roles: BASIC_ROLES, authmethods: ["ticket"] }]);
  assertEquals(c.one(), [4, "ticket", {}]);
  c.send([5, "secret", {}]);
  await Promise.resolve();
  const w = c.one();
  assertEquals(w[0], 2);
  assertEquals((w[2] as { authid: string }).authid, "joe");
  assertEquals((w[2] as { authrole: string }).authrole, "user");

  const bad = new Client(router);
  bad.send([1, "realm1", { roles: BASIC_ROLES }]);
  bad.take();
  bad.send([5, "wrong", {}]);
  await Promise.resolve();
  assertAborted(bad, "wamp.error.not_authorized");
});

Deno.test("RouterSession - messages while authenticating are protocol violations", () => {
  const router = new Router({
    realms: ["realm1"],
    authenticator: { hello: (): AuthDecision => ({ kind: "challenge", authMethod: "ticket" }) },
  });
  const c = new Client(router);
  c.send([1, "realm1", { roles: BASIC_ROLES }]);
  c.take();
  c.send([48, 1, {}, "com.x"]);
  assertAborted(c, "wamp.error.protocol_violation");
});

Deno.test("RouterSession - authorizer denial gives not_authorized", () => {
  const { router } = setup({
    authorizer: { authorize: (_s, uri, action) => !(action === "call" && uri === "com.secret") },
  });
  const [c] = clients(router, 1);
  c!.send([48, 1, {}, "com.secret"]);
  const e = c!.one();
  assertEquals(e.slice(0, 5), [8, 48, 1, {}, "wamp.error.not_authorized"]);
});

Deno.test("RouterSession - basic profile IDs: global, router and session scopes", () => {
  const { router } = setup();
  const cs = clients(router, 20);
  // Session IDs: global scope, random in [1, 2^53], distinct.
  const ids = new Set(cs.map((c) => c.id));
  assertEquals(ids.size, 20);
  for (const id of ids) assert(Number.isInteger(id) && id >= 1 && id <= MAX_ID);
  // Not sequential: a run of 20 random 53-bit IDs is never consecutive.
  const sorted = [...ids].sort((a, b) => a - b);
  assert(sorted.some((v, i) => i > 0 && v - sorted[i - 1]! > 1));

  const [callee, caller, other, pub] = cs as [Client, Client, Client, Client];
  // Publication IDs: global scope, random.
  const pubs: number[] = [];
  for (let i = 1; i <= 5; i++) {
    pub.send([16, i, { acknowledge: true }, "com.t"]);
    const m = pub.one();
    assertEquals(m.slice(0, 2), [17, i]);
    pubs.push(m[2] as number);
  }
  assertEquals(new Set(pubs).size, 5);
  for (const p of pubs) assert(p >= 1 && p <= MAX_ID);

  // Registration IDs: router scope, valid IDs.
  const reg = callee.register(1, "com.p");
  assert(reg >= 1 && reg <= MAX_ID);
  // INVOCATION request IDs: session scope of the callee, 1, 2, 3, ...
  const got: number[] = [];
  for (const [c, req] of [[caller, 7], [other, 1000], [caller, 8]] as const) {
    c.send([48, req, {}, "com.p"]);
    const inv = callee.one();
    assertEquals(inv[0], 68);
    got.push(inv[1] as number);
    callee.send([70, inv[1], {}]);
    // RESULT carries the caller's own request ID (session scope of the caller).
    assertEquals(c.one(), [50, req, {}]);
  }
  assertEquals(got, [1, 2, 3]);
});
