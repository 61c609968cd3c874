// The combining authenticator's own table of pending challenges (which
// method answers a session's AUTHENTICATE): single-use, expiring, bounded.
import { assertEquals } from "../_assert.ts";
import {
  type AuthMethodFactories,
  CHALLENGE_TTL,
  createAuthenticator,
  type StaticAuthenticatorFactory,
} from "../../src/auth/authenticators.ts";
import type { PendingChallengeOptions } from "../../src/auth/_common.ts";
import type { HelloContext } from "../../src/router/types.ts";
import { AuthenticateMessage } from "../../src/wamp/messages_session.ts";

/** A method that challenges every HELLO and welcomes every AUTHENTICATE (no store of its own). */
function alwaysChallenge(
  seen: (PendingChallengeOptions | undefined)[],
): StaticAuthenticatorFactory {
  return (_config, options) => {
    seen.push(options);
    return {
      hello: () => ({ kind: "challenge", authMethod: "ticket" }),
      authenticate: (ctx) => ({
        kind: "welcome",
        authid: ctx.details.authid ?? "joe",
        authrole: "user",
        authmethod: "ticket",
        authprovider: "static",
      }),
    };
  };
}

const ctx = (sessionId: number): HelloContext => ({
  realm: "realm1",
  sessionId,
  details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
});
const ANSWER = new AuthenticateMessage({ signature: "anything" });

Deno.test("createAuthenticator - pending challenges are bounded: a HELLO flood drops the oldest", async () => {
  let now = 0;
  const seen: (PendingChallengeOptions | undefined)[] = [];
  const factories: AuthMethodFactories = { ticket: alwaysChallenge(seen) };
  const auth = createAuthenticator({ ticket: { type: "static", principals: {} } }, {
    factories,
    now: () => now,
  });
  // The injected clock reaches the method's own challenge store too.
  assertEquals(seen.length, 1);
  assertEquals(seen[0]?.now?.(), 0);
  const n = 10_050;
  for (let id = 1; id <= n; id++) assertEquals((await auth.hello(ctx(id))).kind, "challenge");
  // 10,000 at most: the first 50 were dropped, the rest still answer.
  for (let id = 1; id <= 50; id++) {
    assertEquals((await auth.authenticate!(ctx(id), ANSWER)).kind, "abort", `session ${id}`);
  }
  assertEquals((await auth.authenticate!(ctx(51), ANSWER)).kind, "welcome");
  assertEquals((await auth.authenticate!(ctx(n), ANSWER)).kind, "welcome");
  // Single-use: a second answer finds nothing.
  assertEquals((await auth.authenticate!(ctx(n), ANSWER)).kind, "abort");
  // Expired after CHALLENGE_TTL.
  now = CHALLENGE_TTL;
  assertEquals((await auth.authenticate!(ctx(n - 1), ANSWER)).kind, "abort");
});
