import { assert, assertEquals, assertMatch, assertThrows, hex } from "../_assert.ts";
import {
  cryptosignAuthenticator,
  type CryptosignAuthenticatorConfig,
  cryptosignClient,
  cryptosignMethod,
  signCryptosignChallenge,
} from "../../src/auth/cryptosign.ts";
import { CryptosignKey } from "../../src/auth/keys.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../../src/router/types.ts";
import type { TransportDetails } from "../../src/transport/message_transport.ts";
import { AuthenticateMessage } from "../../src/wamp/messages_session.ts";
import type { WampDict } from "../../src/wamp/types.ts";

interface Vector {
  channel_id: string | null;
  private_key: string;
  challenge: string;
  signature: string;
}
const vectors = JSON.parse(
  await Deno.readTextFile(new URL("../vectors/auth/cryptosign.json", import.meta.url)),
);
const SIGS: Vector[] = vectors.signatures;
const ALICE = CryptosignKey.fromSeed(SIGS[0]!.private_key);
const BOB = CryptosignKey.fromSeed(SIGS[1]!.private_key);
const MALLORY = CryptosignKey.fromSeed(SIGS[2]!.private_key);
const CHANNEL_ID = hex(SIGS[3]!.channel_id!);

function tlsTransport(channelId?: Uint8Array): TransportDetails {
  return {
    kind: "websocket",
    channel: "tls",
    isServer: true,
    isSecure: true,
    peer: "tcp4:127.0.0.1:1",
    serializer: "json",
    subprotocol: "wamp.2.json",
    ...(channelId ? { channelId, channelBinding: "tls-unique" as const } : {}),
  };
}

const CONFIG: CryptosignAuthenticatorConfig = {
  type: "static",
  principals: {
    alice: { realm: "realm1", role: "user", authorized_keys: [ALICE.publicKeyHex] },
    bob: { role: "admin", authorized_keys: [BOB.publicKeyHex.toUpperCase()] },
  },
};

let nextSession = 1;
function context(
  details: { authid?: string; authrole?: string; authextra?: WampDict },
  opts: { realm?: string; transport?: TransportDetails; sessionId?: number } = {},
): HelloContext {
  return {
    realm: opts.realm ?? "realm1",
    details: { roles: {}, authmethods: ["cryptosign"], ...details },
    sessionId: opts.sessionId ?? nextSession++,
    ...(opts.transport ? { transport: opts.transport } : {}),
  };
}

/** HELLO → CHALLENGE → the client's answer → AUTHENTICATE, through both halves. */
async function handshake(
  auth: Authenticator,
  client: ReturnType<typeof cryptosignClient>,
  opts: { realm?: string; transport?: TransportDetails } = {},
): Promise<{ ctx: HelloContext; challenge: AuthDecision; result: AuthDecision }> {
  const ctx = context(
    { authid: client.authid, authrole: client.authrole, authextra: client.authextra },
    opts,
  );
  const challenge = await auth.hello(ctx);
  assertEquals(challenge.kind, "challenge");
  if (challenge.kind !== "challenge") throw new Error("unreachable");
  const answer = await client.onChallenge!({ method: "cryptosign", extra: challenge.extra ?? {} });
  const signature = typeof answer === "string" ? answer : answer.signature;
  const result = await auth.authenticate!(ctx, new AuthenticateMessage({ signature }));
  return { ctx, challenge, result };
}

const FAILED = { kind: "abort", reason: "wamp.error.authentication_failed" };
function assertFailed(d: AuthDecision): void {
  assertEquals(d.kind, FAILED.kind);
  if (d.kind === "abort") assertEquals(d.reason, FAILED.reason);
}

Deno.test("cryptosign - signatures match the spec's test vectors (with and without channel ID)", () => {
  for (const v of SIGS) {
    const key = CryptosignKey.fromSeed(v.private_key);
    const channelId = v.channel_id === null ? undefined : hex(v.channel_id);
    const sig = signCryptosignChallenge(key, v.challenge, channelId);
    assertEquals(sig.length, 192);
    assertEquals(sig, v.signature);
  }
});

Deno.test("cryptosignClient - announces pubkey, signs the challenge (Autobahn vector)", async () => {
  const c = cryptosignClient({ authid: "alice", privkey: SIGS[0]!.private_key });
  assertEquals(c.authid, "alice");
  assertEquals(c.authextra, { pubkey: vectors.openssh.private_key_public, channel_binding: null });
  const answer = await c.onChallenge!({
    method: "cryptosign",
    extra: { challenge: SIGS[0]!.challenge, channel_binding: null },
  });
  assertEquals(answer, SIGS[0]!.signature);
});

Deno.test("cryptosignClient - tls-unique signs challenge XOR channel ID", async () => {
  const c = cryptosignClient({
    key: ALICE,
    channelBinding: "tls-unique",
    channelId: () => CHANNEL_ID,
  });
  assertEquals(c.authextra?.channel_binding, "tls-unique");
  const answer = await c.onChallenge!({
    method: "cryptosign",
    extra: { challenge: SIGS[3]!.challenge, channel_binding: "tls-unique" },
  });
  assertEquals(answer, SIGS[3]!.signature);
  // The router may decline binding (spec): CHALLENGE without it is signed plainly.
  const plain = await c.onChallenge!({
    method: "cryptosign",
    extra: { challenge: SIGS[0]!.challenge },
  });
  assertEquals(plain, SIGS[0]!.signature);
});

Deno.test("cryptosignClient - refuses a binding it did not ask for, or cannot provide", () => {
  const unbound = cryptosignClient({ key: ALICE });
  const extra = { challenge: "00".repeat(32), channel_binding: "tls-unique" };
  assertThrows(() => unbound.onChallenge!({ method: "cryptosign", extra }), TypeError);
  const noId = cryptosignClient({ key: ALICE, channelBinding: "tls-unique" });
  assertThrows(() => noId.onChallenge!({ method: "cryptosign", extra }), TypeError, "channel ID");
  assertThrows(
    () => unbound.onChallenge!({ method: "cryptosign", extra: { challenge: "abc" } }),
    TypeError,
  );
});

Deno.test("cryptosignClient - bad configs are TypeErrors", () => {
  assertThrows(() => cryptosignClient({}), TypeError);
  assertThrows(() => cryptosignClient({ privkey: "1234" }), TypeError);
  assertThrows(
    () => cryptosignClient({ key: ALICE, channelBinding: "tls-exporter" as "tls-unique" }),
    TypeError,
  );
});

Deno.test("cryptosignAuthenticator - welcomes a known authid with its key", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  const { challenge, result } = await handshake(
    auth,
    cryptosignClient({ authid: "alice", key: ALICE }),
  );
  if (challenge.kind === "challenge") {
    assertEquals(challenge.authMethod, "cryptosign");
    assertMatch(String(challenge.extra?.challenge), /^[0-9a-f]{64}$/);
    assertEquals(challenge.extra?.channel_binding, null);
  }
  assertEquals(result, {
    kind: "welcome",
    authid: "alice",
    authrole: "user",
    authmethod: "cryptosign",
    authprovider: "static",
  });
});

Deno.test("cryptosignAuthenticator - finds the principal by pubkey when no authid is given", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  const { result } = await handshake(auth, cryptosignClient({ key: BOB }), { realm: "any" });
  assertEquals(result.kind === "welcome" && [result.authid, result.authrole], ["bob", "admin"]);
});

Deno.test("cryptosignAuthenticator - every failure is the same authentication_failed", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  // unknown authid, unknown key, another principal's key, wrong realm, wrong role
  const cases: [ReturnType<typeof cryptosignClient>, string?][] = [
    [cryptosignClient({ authid: "carol", key: ALICE })],
    [cryptosignClient({ key: MALLORY })],
    [cryptosignClient({ authid: "alice", key: BOB })],
    [cryptosignClient({ authid: "alice", key: ALICE }), "realm2"],
    [cryptosignClient({ authid: "alice", key: ALICE, authrole: "admin" })],
  ];
  for (const [client, realm] of cases) {
    const { challenge, result } = await handshake(auth, client, realm ? { realm } : {});
    assertEquals(challenge.kind, "challenge"); // decoy: no hint at HELLO time
    assertFailed(result);
  }
});

Deno.test("cryptosignAuthenticator - rejects a bad signature and a wrong echoed challenge", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  const client = cryptosignClient({ authid: "alice", key: ALICE });
  for (
    const tamper of [
      (s: string) => (s[0] === "0" ? "1" : "0") + s.slice(1), // signature bit
      (s: string) => s.slice(0, 128) + "00".repeat(32), // echoed message
      (s: string) => s.slice(0, 128), // truncated
      () => "zz".repeat(96),
    ]
  ) {
    const ctx = context({ authid: "alice", authextra: client.authextra });
    const ch = auth.hello(ctx) as AuthDecision;
    if (ch.kind !== "challenge") throw new Error("expected a challenge");
    const good = (await client.onChallenge!({ method: "cryptosign", extra: ch.extra! })) as string;
    assertFailed(
      await auth.authenticate!(ctx, new AuthenticateMessage({ signature: tamper(good) })),
    );
  }
});

Deno.test("cryptosignAuthenticator - a challenge is single-use (replay fails)", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  const client = cryptosignClient({ authid: "alice", key: ALICE });
  const ctx = context({ authid: "alice", authextra: client.authextra });
  const ch = auth.hello(ctx) as AuthDecision;
  if (ch.kind !== "challenge") throw new Error("expected a challenge");
  const sig = (await client.onChallenge!({ method: "cryptosign", extra: ch.extra! })) as string;
  const msg = new AuthenticateMessage({ signature: sig });
  assertEquals((await auth.authenticate!(ctx, msg)).kind, "welcome");
  assertFailed(await auth.authenticate!(ctx, msg));
  // A new HELLO in the same session gets a fresh challenge: the old answer fails.
  const ch2 = auth.hello(ctx) as AuthDecision;
  assert(ch2.kind === "challenge" && ch2.extra?.challenge !== ch.extra?.challenge);
  assertFailed(await auth.authenticate!(ctx, msg));
});

for (const form of ["options", "config (deprecated)"] as const) {
  Deno.test(`cryptosignAuthenticator - challenges expire and are bounded in number (limits in ${form})`, async () => {
    let now = 0;
    const auth = form === "options"
      ? cryptosignAuthenticator(CONFIG, { maxPending: 2, challengeTimeout: 1000, now: () => now })
      : cryptosignAuthenticator({
        ...CONFIG,
        maxPendingChallenges: 2,
        challengeTimeout: 1000,
        now: () => now,
      });
    const client = cryptosignClient({ authid: "alice", key: ALICE });
    const answer = async (ctx: HelloContext): Promise<AuthenticateMessage> => {
      const ch = auth.hello(ctx) as AuthDecision;
      if (ch.kind !== "challenge") throw new Error("expected a challenge");
      const s = (await client.onChallenge!({ method: "cryptosign", extra: ch.extra! })) as string;
      return new AuthenticateMessage({ signature: s });
    };
    const late = context({ authid: "alice", authextra: client.authextra });
    const lateMsg = await answer(late);
    now = 1001;
    assertFailed(await auth.authenticate!(late, lateMsg));
    // Three pending with a limit of two: the oldest is dropped.
    const ctxs = [1, 2, 3].map(() => context({ authid: "alice", authextra: client.authextra }));
    const msgs = [];
    for (const c of ctxs) msgs.push(await answer(c));
    assertFailed(await auth.authenticate!(ctxs[0]!, msgs[0]!));
    assertEquals((await auth.authenticate!(ctxs[1]!, msgs[1]!)).kind, "welcome");
    assertEquals((await auth.authenticate!(ctxs[2]!, msgs[2]!)).kind, "welcome");
  });
}

Deno.test("cryptosignAuthenticator - tls-unique channel binding end to end (in memory)", async () => {
  const auth = cryptosignAuthenticator(CONFIG);
  const transport = tlsTransport(CHANNEL_ID);
  const bound = cryptosignClient({
    authid: "alice",
    key: ALICE,
    channelBinding: "tls-unique",
    channelId: CHANNEL_ID,
  });
  const { challenge, result } = await handshake(auth, bound, { transport });
  assertEquals(challenge.kind === "challenge" && challenge.extra?.channel_binding, "tls-unique");
  assertEquals(result.kind, "welcome");
  // A client on another channel (a relayed answer) fails.
  const relayed = cryptosignClient({
    authid: "alice",
    key: ALICE,
    channelBinding: "tls-unique",
    channelId: new Uint8Array(32).fill(7),
  });
  assertFailed((await handshake(auth, relayed, { transport })).result);
  // No channel ID on the transport (Deno): binding declined, plain signature works.
  const declined = await handshake(auth, bound, { transport: tlsTransport() });
  assertEquals(
    declined.challenge.kind === "challenge" && declined.challenge.extra?.channel_binding,
    null,
  );
  assertEquals(declined.result.kind, "welcome");
});

Deno.test("cryptosignAuthenticator - HELLO without a valid pubkey aborts", () => {
  const auth = cryptosignAuthenticator(CONFIG);
  for (const authextra of [undefined, {}, { pubkey: "abc" }, { pubkey: 5 }]) {
    assertFailed(
      auth.hello(context({ authid: "alice", ...(authextra ? { authextra } : {}) })) as AuthDecision,
    );
  }
  // AUTHENTICATE without a HELLO challenge.
  assertFailed(
    auth.authenticate!(context({}), new AuthenticateMessage({ signature: "00" })) as AuthDecision,
  );
});

Deno.test("cryptosignAuthenticator - malformed configs are rejected", () => {
  const bad = [
    {},
    { type: "dynamic", principals: {} },
    { type: "static", principals: { a: { role: "r", authorized_keys: ["xyz"] } } },
    { type: "static", principals: { a: { authorized_keys: [] } } },
  ];
  for (const c of bad) {
    assertThrows(
      () => cryptosignAuthenticator(c as unknown as CryptosignAuthenticatorConfig),
      TypeError,
    );
  }
  assertThrows(() => cryptosignAuthenticator({ ...CONFIG, maxPendingChallenges: 0 }), RangeError);
  assertThrows(() => cryptosignAuthenticator(CONFIG, { maxPending: 0 }), RangeError);
  assertThrows(() => cryptosignAuthenticator(CONFIG, { challengeTimeout: -1 }), RangeError);
});

Deno.test("cryptosignMethod - bundles the name and both sides", () => {
  assertEquals(cryptosignMethod.name, "cryptosign");
  assertEquals(cryptosignMethod.client, cryptosignClient);
  assertEquals(cryptosignMethod.authenticator, cryptosignAuthenticator);
});
