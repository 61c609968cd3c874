/**
 * Shared fixtures of the authentication tests: a router with a given
 * transport `auth` section (ephemeral port), principals for every method,
 * and a raw WAMP peer for replay tests.
 *
 * @module
 */
import { type RouterHandle, startRouter } from "../../src/router/mod.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import type { MessageTransport } from "../../src/transport/message_transport.ts";
import { Session } from "../../src/session/mod.ts";
import type { JoinOptions, SessionDetails } from "../../src/session/mod.ts";
import { ApplicationError, parseMessage, type WampMessage } from "../../src/wamp/mod.ts";
import { CryptosignKey, deriveKey, scramDerive } from "../../src/auth/mod.ts";

/** Alice's example key pair (a published test key: never use it for anything real). */
export const ALICE_SEED = "4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510";
/** Alice's public key. */
export const ALICE_PUBKEY = CryptosignKey.fromSeed(ALICE_SEED).publicKeyHex;
/** A key nobody authorized. */
export const MALLORY_SEED = "e5b2b6a1c7f3d8e9a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6071";

/** Salted WAMP-CRA parameters of `carol`. */
export const CAROL = { password: "carol-password", salt: "salt123", iterations: 100, keylen: 32 };

/** SCRAM verifiers (cheap KDF parameters: tests only). */
export const SCRAM_PBKDF2 = scramDerive("dave-password", { kdf: "pbkdf2", iterations: 4096 });
/** Argon2id SCRAM verifier (cheap parameters). */
export const SCRAM_ARGON = scramDerive("erin-password", {
  kdf: "argon2id-13",
  iterations: 1,
  memory: 512,
});

/** A transport `auth` section with static principals of every method. */
export const STATIC_AUTH = {
  anonymous: { type: "static", role: "anonymous" },
  ticket: {
    type: "static",
    principals: { joe: { ticket: "joe-ticket", role: "user" } },
  },
  wampcra: {
    type: "static",
    users: {
      peter: { secret: "peter-secret", role: "user" },
      carol: {
        secret: deriveKey(CAROL.password, CAROL.salt, CAROL.iterations, CAROL.keylen),
        role: "user",
        salt: CAROL.salt,
        iterations: CAROL.iterations,
        keylen: CAROL.keylen,
      },
    },
  },
  cryptosign: {
    type: "static",
    principals: { alice: { realm: "realm1", role: "user", authorized_keys: [ALICE_PUBKEY] } },
  },
  scram: {
    type: "static",
    principals: {
      dave: { role: "user", ...SCRAM_PBKDF2 },
      erin: { role: "user", ...SCRAM_ARGON },
    },
  },
} as const;

/** A node config with one WebSocket transport with `auth`. */
export function routerConfig(
  auth: Record<string, unknown>,
  realm: Record<string, unknown> = { name: "realm1" },
): Record<string, unknown> {
  return {
    version: 2,
    workers: [{
      type: "router",
      realms: [realm],
      transports: [{
        type: "websocket",
        endpoint: { type: "tcp", port: 8080, interface: "127.0.0.1" },
        url: "ws://127.0.0.1:8080/ws",
        serializers: ["json", "cbor"],
        auth,
      }],
    }],
  };
}

/** Starts a router with `auth` on an ephemeral port. */
export async function startAuthRouter(
  auth: Record<string, unknown> = STATIC_AUTH,
  realm?: Record<string, unknown>,
): Promise<{ handle: RouterHandle; url: string }> {
  const handle = await startRouter(routerConfig(auth, realm), { ephemeralPorts: true });
  return { handle, url: handle.transports[0]!.url };
}

/** Joins with `options`; resolves with the details, leaving afterwards. */
export async function joinOnce(url: string, options: JoinOptions): Promise<SessionDetails> {
  const session = new Session(await connectTransport(url, { serializers: ["json"] }), {
    closeTransportOnLeave: true,
  });
  try {
    const details = await session.join("realm1", options);
    await session.leave();
    return details;
  } finally {
    await session.transport.close().catch(() => {});
  }
}

/** Joins with `options` and returns the ABORT reason URI (fails when welcomed). */
export async function abortReason(url: string, options: JoinOptions): Promise<string> {
  const session = new Session(await connectTransport(url, { serializers: ["json"] }), {
    closeTransportOnLeave: true,
  });
  try {
    await session.join("realm1", options);
    await session.leave();
  } catch (err) {
    if (err instanceof ApplicationError) return err.error;
    throw err;
  } finally {
    await session.transport.close().catch(() => {});
  }
  throw new Error("expected the router to refuse the session");
}

/** A raw WAMP peer: sends wire arrays, reads messages one by one. */
export class RawPeer {
  readonly #transport: MessageTransport;
  readonly #queue: WampMessage[] = [];
  readonly #waiting: ((m: WampMessage | undefined) => void)[] = [];
  #closed = false;

  private constructor(transport: MessageTransport) {
    this.#transport = transport;
    transport.setHandler({
      onMessage: (m) => {
        const w = this.#waiting.shift();
        if (w) w(m);
        else this.#queue.push(m);
      },
      onClose: () => {
        this.#closed = true;
        for (const w of this.#waiting.splice(0)) w(undefined);
      },
    });
  }

  /** Connects over WebSocket with JSON. */
  static async connect(url: string): Promise<RawPeer> {
    return new RawPeer(await connectTransport(url, { serializers: ["json"] }));
  }

  /** Sends a wire array. */
  send(wire: unknown[]): void {
    this.#transport.send(parseMessage(wire));
  }

  /** The next message, or undefined once closed. */
  next(): Promise<WampMessage | undefined> {
    const m = this.#queue.shift();
    if (m) return Promise.resolve(m);
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((r) => this.#waiting.push(r));
  }

  /** Closes the transport. */
  async close(): Promise<void> {
    await this.#transport.close();
  }
}
