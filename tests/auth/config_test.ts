// The `auth` section of the router config: every method static and dynamic,
// the `wamp-scram` alias, and key-path validation errors.
import { assertEquals, assertThrows } from "../_assert.ts";
import { ConfigError, parseRouterConfig } from "../../src/router/mod.ts";
import { routerConfig, STATIC_AUTH } from "./_helpers.ts";

function errorOf(auth: unknown): string {
  return assertThrows(
    () => parseRouterConfig(routerConfig(auth as Record<string, unknown>)),
    ConfigError,
  )
    .message;
}

function authOf(auth: Record<string, unknown>): unknown {
  const c = parseRouterConfig(routerConfig(auth));
  return (c.workers[0]!.transports[0] as { auth?: unknown }).auth;
}

const P = "workers[0].transports[0].auth";

Deno.test("auth config - every method, static", () => {
  const a = authOf(STATIC_AUTH as unknown as Record<string, unknown>) as Record<string, unknown>;
  assertEquals(Object.keys(a).sort(), ["anonymous", "cryptosign", "scram", "ticket", "wampcra"]);
  assertEquals(a.ticket, STATIC_AUTH.ticket);
  assertEquals(a.wampcra, STATIC_AUTH.wampcra);
  assertEquals(a.cryptosign, STATIC_AUTH.cryptosign);
});

Deno.test("auth config - dynamic authenticators and the wamp-scram alias", () => {
  const dyn = { type: "dynamic", authenticator: "com.example.authenticate" };
  const a = authOf({
    ticket: dyn,
    wampcra: { ...dyn, "authenticator-realm": "auth" },
    cryptosign: dyn,
    "wamp-scram": dyn,
  }) as Record<string, unknown>;
  assertEquals(a.ticket, dyn);
  assertEquals(a.wampcra, { ...dyn, "authenticator-realm": "auth" });
  assertEquals(a.scram, dyn);
  assertEquals(
    errorOf({ scram: dyn, "wamp-scram": dyn }),
    `${P}.wamp-scram: give either scram or wamp-scram, not both`,
  );
  assertEquals(
    errorOf({ ticket: { type: "dynamic", authenticator: "not a uri" } }),
    `${P}.ticket.authenticator: expected a procedure URI, got "not a uri"`,
  );
  assertEquals(
    errorOf({ ticket: { type: "dynamic" } }),
    `${P}.ticket.authenticator: missing required key`,
  );
  assertEquals(
    errorOf({ ticket: { type: "dynamic", authenticator: "a.b", principals: {} } }),
    `${P}.ticket.principals: unknown key (expected one of type, authenticator, authenticator-realm)`,
  );
});

Deno.test("auth config - validation errors name the key path", () => {
  assertEquals(
    errorOf({ wampcra: { type: "static", users: { peter: { secret: 1, role: "user" } } } }),
    `${P}.wampcra.users.peter.secret: expected a string`,
  );
  assertEquals(
    errorOf({ wampcra: { type: "static", users: { peter: { secret: "s" } } } }),
    `${P}.wampcra.users.peter.role: missing required key`,
  );
  assertEquals(
    errorOf({
      wampcra: { type: "static", users: { peter: { secret: "s", role: "u", iterations: 10 } } },
    }),
    `${P}.wampcra.users.peter.salt: required with iterations or keylen`,
  );
  assertEquals(
    errorOf({ ticket: { type: "static", principals: { joe: { ticket: "t", role: "u", x: 1 } } } }),
    `${P}.ticket.principals.joe.x: unknown key (expected one of ticket, role)`,
  );
  assertEquals(
    errorOf({ ticket: { type: "ldap" } }),
    `${P}.ticket.type: expected one of "static", "dynamic", got "ldap"`,
  );
  assertEquals(
    errorOf({ ticket: { type: "static" } }),
    `${P}.ticket.principals: missing required key`,
  );
  assertEquals(
    errorOf({
      cryptosign: {
        type: "static",
        principals: { alice: { role: "user", authorized_keys: ["abc"] } },
      },
    }),
    `${P}.cryptosign.principals.alice.authorized_keys[0]: expected a hex Ed25519 public key (64 hex digits), got "abc"`,
  );
  assertEquals(
    errorOf({
      scram: {
        type: "static",
        principals: {
          dave: {
            role: "user",
            kdf: "argon2id-13",
            iterations: 1,
            salt: "00",
            "stored-key": "00",
            "server-key": "00",
          },
        },
      },
    }),
    `${P}.scram.principals.dave.memory: missing required key (kdf argon2id-13)`,
  );
  assertEquals(
    errorOf({
      scram: {
        type: "static",
        principals: {
          dave: {
            role: "user",
            kdf: "md5",
            iterations: 1,
            salt: "00",
            "stored-key": "00",
            "server-key": "00",
          },
        },
      },
    }),
    `${P}.scram.principals.dave.kdf: expected one of "argon2id-13", "argon2id13", "pbkdf2", got "md5"`,
  );
  assertEquals(
    errorOf({ cookie: {} }),
    `${P}.cookie: authentication method not supported yet (supported: anonymous, ticket, wampcra, cryptosign, scram)`,
  );
  assertEquals(errorOf({}), `${P}: expected at least one method`);
});
