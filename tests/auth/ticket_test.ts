import { assertEquals, assertThrows } from "../_assert.ts";
import { ticketAuthenticator, ticketClient, ticketMethod } from "../../src/auth/ticket.ts";
import { AuthenticateMessage } from "../../src/wamp/messages_session.ts";
import type { AuthDecision, HelloContext } from "../../src/router/types.ts";

const CONFIG = {
  type: "static" as const,
  principals: { joe: { ticket: "secret!!!", role: "frontend" } },
};

function ctx(sessionId: number, authid?: string, authrole?: string): HelloContext {
  return {
    realm: "realm1",
    sessionId,
    details: { roles: {}, authmethods: ["ticket"], authid, authrole },
  };
}

function authenticate(
  a: ReturnType<typeof ticketAuthenticator>,
  c: HelloContext,
  signature: string,
): AuthDecision {
  return a.authenticate!(c, new AuthenticateMessage({ signature })) as AuthDecision;
}

Deno.test("ticketClient - answers the ticket challenge with the ticket", async () => {
  const c = ticketClient({ authid: "joe", ticket: "secret!!!", authrole: "frontend" });
  assertEquals(c.authid, "joe");
  assertEquals(c.authrole, "frontend");
  assertEquals(await c.onChallenge!({ method: "ticket", extra: {} }), "secret!!!");
});

Deno.test("ticketClient - rejects a bad config and a foreign challenge", () => {
  assertThrows(() => ticketClient({ authid: "", ticket: "x" }), TypeError);
  assertThrows(() => ticketClient({ authid: "joe" } as never), TypeError);
  const c = ticketClient({ authid: "joe", ticket: "x" });
  assertThrows(() => c.onChallenge!({ method: "wampcra", extra: {} }), TypeError);
});

Deno.test("ticketAuthenticator - welcomes the right ticket", async () => {
  const a = ticketAuthenticator(CONFIG);
  const c = ctx(1, "joe");
  const d = a.hello(c) as AuthDecision;
  assertEquals(d, { kind: "challenge", authMethod: "ticket", extra: {} });
  const answer = await ticketClient({ authid: "joe", ticket: "secret!!!" }).onChallenge!({
    method: "ticket",
    extra: {},
  });
  assertEquals(authenticate(a, c, answer as string), {
    kind: "welcome",
    authid: "joe",
    authrole: "frontend",
    authmethod: "ticket",
    authprovider: "static",
  });
});

Deno.test("ticketAuthenticator - wrong ticket, unknown authid and wrong role fail alike", () => {
  const a = ticketAuthenticator(CONFIG);
  const failures: AuthDecision[] = [];
  const cases: [HelloContext, string][] = [
    [ctx(1, "joe"), "secret!!"],
    [ctx(2, "joe"), "secret!!!!"],
    [ctx(3, "mallory"), "secret!!!"],
    [ctx(4, "joe", "admin"), "secret!!!"],
    [ctx(5, undefined), "secret!!!"],
  ];
  for (const [c, sig] of cases) {
    assertEquals((a.hello(c) as AuthDecision).kind, "challenge");
    failures.push(authenticate(a, c, sig));
  }
  for (const f of failures) {
    assertEquals(f, {
      kind: "abort",
      reason: "wamp.error.authentication_failed",
      message: "Authentication failed",
    });
  }
});

Deno.test("ticketAuthenticator - refuses a replayed AUTHENTICATE", () => {
  const a = ticketAuthenticator(CONFIG);
  const c = ctx(7, "joe");
  a.hello(c);
  assertEquals(authenticate(a, c, "secret!!!").kind, "welcome");
  assertEquals(authenticate(a, c, "secret!!!").kind, "abort");
});

Deno.test("ticketAuthenticator - refuses an answer after the challenge expired", () => {
  let now = 0;
  const a = ticketAuthenticator(CONFIG, { challengeTimeout: 1000, now: () => now });
  const c = ctx(8, "joe");
  a.hello(c);
  now = 1000;
  assertEquals(authenticate(a, c, "secret!!!").kind, "abort");
});

Deno.test("ticketAuthenticator - keeps at most maxPending challenges", () => {
  const a = ticketAuthenticator(CONFIG, { maxPending: 2 });
  for (const id of [1, 2, 3]) a.hello(ctx(id, "joe"));
  assertEquals(authenticate(a, ctx(1, "joe"), "secret!!!").kind, "abort");
  assertEquals(authenticate(a, ctx(3, "joe"), "secret!!!").kind, "welcome");
  assertThrows(() => ticketAuthenticator(CONFIG, { maxPending: 0 }), RangeError);
});

Deno.test("ticketAuthenticator - aborts a HELLO without ticket and rejects bad config", () => {
  const a = ticketAuthenticator(CONFIG);
  const d = a.hello({ realm: "r", sessionId: 1, details: { roles: {}, authmethods: ["wampcra"] } });
  assertEquals((d as AuthDecision).kind, "abort");
  assertThrows(() => ticketAuthenticator({ type: "dynamic" } as never), TypeError);
  assertThrows(
    () => ticketAuthenticator({ type: "static", principals: { x: { role: "r" } as never } }),
    TypeError,
  );
  assertEquals(ticketMethod.name, "ticket");
});
