// WAMP-SCRAM is mutual: a Component checks the router's verifier in WELCOME
// and refuses a router that cannot prove it knows the credential.
import { assertEquals, assertRejects } from "../_assert.ts";
import { Router } from "../../src/router/mod.ts";
import type { AuthDecision, Authenticator } from "../../src/router/types.ts";
import { createInProcessPair } from "../../src/transport/inprocess.ts";
import { Component } from "../../src/component/mod.ts";
import "../../src/auth/client.ts";
import { scramAuthenticator, scramDerive } from "../../src/auth/scram.ts";

const credential = scramDerive("secret123", { kdf: "pbkdf2", iterations: 4096 });

function routerWith(authenticator: Authenticator): Router {
  return new Router({ realms: [{ name: "realm1" }], authenticator } as never);
}

function componentFor(router: Router): Component {
  return new Component({
    transports: "ws://127.0.0.1:1/ws",
    realm: "realm1",
    authentication: { "wamp-scram": { authid: "joe", password: "secret123" } },
    connector: () => {
      const [client, server] = createInProcessPair("scram");
      router.attach(server);
      return Promise.resolve(client);
    },
  } as never);
}

Deno.test("WAMP-SCRAM - a Component joins and accepts the router's verifier", async () => {
  const router = routerWith(
    scramAuthenticator({ type: "static", principals: { joe: { role: "user", ...credential } } }),
  );
  const comp = componentFor(router);
  let authmethod = "";
  comp.onJoin(async (session, details) => {
    authmethod = details.authmethod ?? "";
    await session.leave();
  });
  await comp.start();
  assertEquals(authmethod, "wamp-scram");
  router.close();
});

Deno.test("WAMP-SCRAM - a Component refuses a router whose verifier is wrong", async () => {
  const inner = scramAuthenticator({
    type: "static",
    principals: { joe: { role: "user", ...credential } },
  });
  // A router that lets the client in but cannot prove the server key.
  const forged: Authenticator = {
    hello: (ctx) => inner.hello(ctx),
    async authenticate(ctx, msg): Promise<AuthDecision> {
      const d = await inner.authenticate!(ctx, msg);
      if (d.kind !== "welcome") return d;
      return {
        ...d,
        authextra: { verifier: "AAAA", scram_server_signature: "AAAA" },
      } as AuthDecision;
    },
  };
  const router = routerWith(forged);
  const comp = componentFor(router);
  const err = await assertRejects(() => comp.start());
  assertEquals((err as { code?: string }).code, "scram_verification_failed");
  router.close();
});
