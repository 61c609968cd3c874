/**
 * Test doubles for the router: an in-memory transport that records what the
 * router sends, a fake clock, and a small client that speaks raw WAMP
 * message arrays.
 *
 * @module
 */
import type { MessageTransportHandler } from "../../src/transport/message_transport.ts";
import type { ProtocolError } from "../../src/wamp/errors.ts";
import { parseMessage, type WampMessage } from "../../src/wamp/messages.ts";
import { Router } from "../../src/router/router.ts";
import type { RouterSession } from "../../src/router/session.ts";
import type { RouterOptions, RouterScheduler, RouterTransport } from "../../src/router/types.ts";
import { assert, assertEquals } from "../_assert.ts";

/** A transport whose other end is the test. */
export class FakeTransport implements RouterTransport {
  handler: MessageTransportHandler | undefined;
  /** Messages the router sent, as wire arrays. */
  readonly sent: unknown[][] = [];
  /** Message objects the router sent. */
  readonly sentMessages: WampMessage[] = [];
  closed = false;
  /** Returns an error to throw from send for a message (to simulate a too-large message). */
  failSend: ((message: WampMessage) => unknown) | undefined = undefined;
  readonly details = {
    kind: "websocket" as const,
    channel: "tcp" as const,
    isServer: true,
    isSecure: false,
    peer: "tcp4:127.0.0.1:50000",
    serializer: "json" as const,
    subprotocol: "wamp.2.json",
  };

  setHandler(handler: MessageTransportHandler): void {
    this.handler = handler;
  }

  send(message: WampMessage): void {
    if (this.closed) throw new Error("Cannot send: the transport is closed");
    const err = this.failSend?.(message);
    if (err) throw err;
    this.sentMessages.push(message);
    this.sent.push(message.marshal());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handler?.onClose({ wasClean: true, reason: "closed" });
  }

  /** The client sends a wire array (parsed like a real transport would). */
  deliver(arr: unknown[]): void {
    let msg: WampMessage;
    try {
      msg = parseMessage(arr);
    } catch (err) {
      this.handler!.onProtocolError?.(err as ProtocolError);
      this.close();
      return;
    }
    this.handler!.onMessage(msg);
  }

  /** The connection drops. */
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.handler?.onClose({ wasClean: false, reason: "connection lost" });
  }
}

/** A clock the test advances by hand. */
export class FakeClock implements RouterScheduler {
  time = 1_700_000_000_000;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const h = this.#next++;
    this.#timers.set(h, { at: this.time + ms, fn });
    return h;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Number of timers pending. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Advances time, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.#timers) {
        if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
      }
      if (!first) break;
      this.#timers.delete(first[0]);
      this.time = first[1].at;
      first[1].fn();
    }
    this.time = end;
  }
}

/** Every client feature the router knows, for each role. */
export const ALL_FEATURES = {
  caller: {
    features: {
      progressive_call_results: true,
      progressive_call_invocations: true,
      call_timeout: true,
      call_canceling: true,
      caller_identification: true,
      payload_passthru_mode: true,
    },
  },
  callee: {
    features: {
      progressive_call_results: true,
      progressive_call_invocations: true,
      call_canceling: true,
      caller_identification: true,
      pattern_based_registration: true,
      shared_registration: true,
      registration_revocation: true,
      payload_passthru_mode: true,
    },
  },
  publisher: {
    features: {
      publisher_exclusion: true,
      publisher_identification: true,
      subscriber_blackwhite_listing: true,
      payload_passthru_mode: true,
    },
  },
  subscriber: {
    features: {
      pattern_based_subscription: true,
      subscription_revocation: true,
      payload_passthru_mode: true,
    },
  },
};

/** Basic-profile roles, no features. */
export const BASIC_ROLES = { caller: {}, callee: {}, publisher: {}, subscriber: {} };

/** A client: a fake transport attached to a router. */
export class Client {
  readonly transport = new FakeTransport();
  readonly session: RouterSession;
  id = 0;
  #read = 0;

  constructor(readonly router: Router) {
    this.session = router.attach(this.transport);
  }

  /** Sends a wire array. */
  send(arr: unknown[]): void {
    this.transport.deliver(arr);
  }

  /** Messages received since the last `take`. */
  take(): unknown[][] {
    const out = this.transport.sent.slice(this.#read);
    this.#read = this.transport.sent.length;
    return out;
  }

  /** The next message received (and only that one). */
  next(): unknown[] {
    const m = this.transport.sent[this.#read];
    assert(m, "expected a message");
    this.#read++;
    return m;
  }

  /** Exactly one message received since the last `take`. */
  one(): unknown[] {
    const got = this.take();
    assertEquals(got.length, 1, `expected one message, got ${JSON.stringify(got)}`);
    return got[0]!;
  }

  /** Asserts nothing arrived since the last `take`. */
  none(): void {
    assertEquals(this.take(), []);
  }

  /** Sends HELLO and expects WELCOME; returns the WELCOME array. */
  join(realm = "realm1", details: Record<string, unknown> = {}): unknown[] {
    this.send([1, realm, { roles: ALL_FEATURES, ...details }]);
    const w = this.one();
    assertEquals(w[0], 2, `expected WELCOME, got ${JSON.stringify(w)}`);
    this.id = w[1] as number;
    return w;
  }

  /** SUBSCRIBE and expect SUBSCRIBED; returns the subscription ID. */
  subscribe(req: number, topic: string, options: Record<string, unknown> = {}): number {
    this.send([32, req, options, topic]);
    const m = this.next();
    assertEquals(m.slice(0, 2), [33, req], JSON.stringify(m));
    return m[2] as number;
  }

  /** REGISTER and expect REGISTERED; returns the registration ID. */
  register(req: number, procedure: string, options: Record<string, unknown> = {}): number {
    this.send([64, req, options, procedure]);
    const m = this.next();
    assertEquals(m.slice(0, 2), [65, req], JSON.stringify(m));
    return m[2] as number;
  }
}

/**
 * An authenticator that welcomes with the authid/authrole the client asks
 * for in HELLO (tests of authid/authrole filters).
 */
export const trustingAuthenticator = {
  hello(ctx: { details: { authid?: string; authrole?: string } }) {
    return {
      kind: "welcome" as const,
      authid: ctx.details.authid ?? "anon",
      authrole: ctx.details.authrole ?? "anonymous",
      authmethod: "anonymous",
      authprovider: "static",
    };
  },
};

/** A router with realm1, a fake clock and the trusting authenticator. */
export function setup(options: RouterOptions = {}): { router: Router; clock: FakeClock } {
  const clock = new FakeClock();
  const router = new Router({
    realms: ["realm1"],
    scheduler: clock,
    authenticator: trustingAuthenticator,
    ...options,
  });
  return { router, clock };
}

/** Joins `n` clients to realm1. */
export function clients(
  router: Router,
  n: number,
  details: Record<string, unknown>[] = [],
): Client[] {
  const out: Client[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Client(router);
    c.join("realm1", details[i] ?? {});
    out.push(c);
  }
  return out;
}

/** Asserts the last message is an ABORT with `reason` and the transport closed. */
export function assertAborted(c: Client, reason: string): void {
  const got = c.take();
  const last = got[got.length - 1];
  assert(last && last[0] === 3, `expected ABORT, got ${JSON.stringify(got)}`);
  assertEquals(last[2], reason);
  assert(c.transport.closed, "transport should be closed");
}
