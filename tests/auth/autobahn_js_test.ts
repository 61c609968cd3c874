// Interop: Autobahn|JS (npm `autobahn`, which bundles tweetnacl for
// cryptosign) authenticating to our router with ticket, wampcra (plain and
// salted) and cryptosign, calling a procedure of ours, and being refused
// with a wrong secret.
import { assert, assertEquals } from "../_assert.ts";
import autobahn from "npm:autobahn@26.3.1";
import { Session } from "../../src/session/mod.ts";
import { ALICE_PUBKEY, ALICE_SEED, CAROL, startAuthRouter } from "./_helpers.ts";
import type { RouterHandle } from "../../src/router/mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const AB = autobahn as Any;

interface Outcome {
  joined: boolean;
  details?: Any;
  result?: unknown;
  reason?: string;
}

/** Opens an Autobahn|JS connection, calls `com.example.whoami`, closes. */
function runAutobahnJs(url: string, options: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    const connection = new AB.Connection({
      url,
      realm: "realm1",
      max_retries: 0,
      retry_if_unreachable: false,
      protocols: ["wamp.2.json"],
      ...options,
    });
    let outcome: Outcome = { joined: false };
    connection.onopen = async (session: Any, details: Any) => {
      outcome = { joined: true, details };
      try {
        outcome.result = await session.call("com.example.whoami");
      } catch (e) {
        outcome.result = e;
      }
      connection.close();
    };
    connection.onclose = (reason: string, details: Any) => {
      if (!outcome.joined) outcome.reason = details?.reason ?? reason;
      resolve(outcome);
      return true; // no reconnect
    };
    connection.open();
  });
}

async function withRouter(fn: (url: string) => Promise<void>): Promise<void> {
  const { handle, url }: { handle: RouterHandle; url: string } = await startAuthRouter();
  const backend = new Session(handle.connectInProcess());
  await backend.join("realm1");
  await backend.register(
    "com.example.whoami",
    (_a, _k, d) => `${d.callerAuthid}/${d.callerAuthrole}`,
    { discloseCaller: true },
  );
  try {
    await fn(url);
  } finally {
    await backend.leave().catch(() => {});
    await handle.close();
  }
}

const FAILED = ["wamp.error.authentication_failed", "wamp.error.not_authorized"];

Deno.test("Autobahn|JS - ticket", () =>
  withRouter(async (url) => {
    const ok = await runAutobahnJs(url, {
      authmethods: ["ticket"],
      authid: "joe",
      onchallenge: (_s: Any, method: string) => method === "ticket" ? "joe-ticket" : "",
    });
    assert(ok.joined, `refused: ${ok.reason}`);
    assertEquals(ok.details.authmethod, "ticket");
    assertEquals(ok.result, "joe/user");
    const bad = await runAutobahnJs(url, {
      authmethods: ["ticket"],
      authid: "joe",
      onchallenge: () => "wrong",
    });
    assert(!bad.joined && FAILED.includes(bad.reason!), `got ${bad.reason}`);
  }));

Deno.test("Autobahn|JS - wampcra, unsalted", () =>
  withRouter(async (url) => {
    const ok = await runAutobahnJs(url, {
      authmethods: ["wampcra"],
      authid: "peter",
      onchallenge: (_s: Any, _m: string, extra: Any) =>
        AB.auth_cra.sign("peter-secret", extra.challenge),
    });
    assert(ok.joined, `refused: ${ok.reason}`);
    assertEquals(ok.result, "peter/user");
    const bad = await runAutobahnJs(url, {
      authmethods: ["wampcra"],
      authid: "peter",
      onchallenge: (_s: Any, _m: string, extra: Any) => AB.auth_cra.sign("nope", extra.challenge),
    });
    assert(!bad.joined && FAILED.includes(bad.reason!), `got ${bad.reason}`);
  }));

Deno.test("Autobahn|JS - wampcra, salted (derive_key with the challenge's parameters)", () =>
  withRouter(async (url) => {
    const seen: Any[] = [];
    const ok = await runAutobahnJs(url, {
      authmethods: ["wampcra"],
      authid: "carol",
      onchallenge: (_s: Any, _m: string, extra: Any) => {
        seen.push(extra);
        const key = AB.auth_cra.derive_key(
          CAROL.password,
          extra.salt,
          extra.iterations,
          extra.keylen,
        );
        return AB.auth_cra.sign(key, extra.challenge);
      },
    });
    assert(ok.joined, `refused: ${ok.reason}`);
    assertEquals(ok.result, "carol/user");
    assertEquals([seen[0].salt, seen[0].iterations, seen[0].keylen], [
      CAROL.salt,
      CAROL.iterations,
      CAROL.keylen,
    ]);
  }));

Deno.test("Autobahn|JS - cryptosign (tweetnacl, auth_cryptosign.sign_challenge)", () =>
  withRouter(async (url) => {
    const seed = Uint8Array.from(ALICE_SEED.match(/../g)!.map((h) => parseInt(h, 16)));
    const key = AB.nacl.sign.keyPair.fromSeed(seed);
    assertEquals(AB.util.btoh(key.publicKey), ALICE_PUBKEY);
    const ok = await runAutobahnJs(url, {
      authmethods: ["cryptosign"],
      authid: "alice",
      authextra: { pubkey: ALICE_PUBKEY },
      onchallenge: (_s: Any, _m: string, extra: Any) =>
        AB.auth_cryptosign.sign_challenge(key, extra),
    });
    assert(ok.joined, `refused: ${ok.reason}`);
    assertEquals(ok.result, "alice/user");
    // Without an authid the router finds alice by her public key.
    const byKey = await runAutobahnJs(url, {
      authmethods: ["cryptosign"],
      authextra: { pubkey: ALICE_PUBKEY },
      onchallenge: (_s: Any, _m: string, extra: Any) =>
        AB.auth_cryptosign.sign_challenge(key, extra),
    });
    assert(byKey.joined, `refused: ${byKey.reason}`);
    assertEquals(byKey.details.authid, "alice");
    const other = AB.nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
    const bad = await runAutobahnJs(url, {
      authmethods: ["cryptosign"],
      authid: "alice",
      authextra: { pubkey: AB.util.btoh(other.publicKey) },
      onchallenge: (_s: Any, _m: string, extra: Any) =>
        AB.auth_cryptosign.sign_challenge(other, extra),
    });
    assert(!bad.joined && FAILED.includes(bad.reason!), `got ${bad.reason}`);
  }));
