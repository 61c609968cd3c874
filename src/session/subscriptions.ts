/**
 * Subscriptions of a session: the core's table of router subscriptions, each
 * shared by one or more local handlers, and the {@linkcode Subscription}
 * handle a subscriber holds.
 *
 * @module
 */
import type { MatchPolicy } from "../wamp/uri.ts";

/** One router subscription and the local handlers attached to it. */
export interface SubscriptionEntry<EH> {
  /** The subscription ID. */
  readonly id: number;
  /** The topic or pattern. */
  readonly topic: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** Local handlers, in subscription order. */
  handlers: EH[];
  /** UNSUBSCRIBE sent (no handler left); events are dropped until UNSUBSCRIBED. */
  unsubscribing: boolean;
}

/**
 * Router subscriptions by ID. Subscribing twice to the same topic yields the
 * same subscription ID (basic profile "SUBSCRIBED": a broker answers a
 * repeated SUBSCRIBE with the existing subscription), so the handlers share it.
 */
export class SubscriptionTable<EH> {
  #entries = new Map<number, SubscriptionEntry<EH>>();

  /** Attaches `handler` to subscription `id`, creating the entry on first use. */
  attach(id: number, topic: string, match: MatchPolicy, handler: EH): SubscriptionEntry<EH> {
    let e = this.#entries.get(id);
    if (!e || e.unsubscribing) {
      e = { id, topic, match, handlers: [], unsubscribing: false };
      this.#entries.set(id, e);
    }
    e.handlers.push(handler);
    return e;
  }

  /** Returns the entry with `id`. */
  get(id: number): SubscriptionEntry<EH> | undefined {
    return this.#entries.get(id);
  }

  /**
   * Detaches `handler`; returns `true` when it was the last one (the caller
   * then sends UNSUBSCRIBE and the entry is marked `unsubscribing`).
   */
  detach(id: number, handler: EH): boolean {
    const e = this.#entries.get(id);
    if (!e || e.unsubscribing) return false;
    const i = e.handlers.indexOf(handler);
    if (i < 0) return false;
    e.handlers.splice(i, 1);
    if (e.handlers.length > 0) return false;
    e.unsubscribing = true;
    return true;
  }

  /** Removes and returns the entry with `id`. */
  delete(id: number): SubscriptionEntry<EH> | undefined {
    const e = this.#entries.get(id);
    this.#entries.delete(id);
    return e;
  }

  /** Removes and returns every entry. */
  drain(): SubscriptionEntry<EH>[] {
    const all = [...this.#entries.values()];
    this.#entries.clear();
    return all;
  }

  /** Number of router subscriptions. */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * What a {@linkcode Subscription} needs from its session.
 *
 * @example A stand-in owner, as in tests
 * ```ts
 * import { Subscription, type SubscriptionOwner } from "@autobahn/autobahn/session";
 *
 * const unsubscribed: number[] = [];
 * const owner: SubscriptionOwner = {
 *   unsubscribe: (sub) => Promise.resolve(void unsubscribed.push(sub.id)),
 * };
 * const sub = new Subscription(owner, 9, "com.myapp.hello", "exact", () => {});
 * await sub.unsubscribe();
 * if (unsubscribed[0] !== 9 || sub.active) throw new Error("Owner not asked");
 * ```
 */
export interface SubscriptionOwner {
  /** Detaches the handler; resolves when the router confirmed (if it had to be asked). */
  unsubscribe(subscription: Subscription): Promise<void>;
}

/**
 * A local handler's subscription to a topic. Several handlers on the same
 * topic share one router subscription (same {@linkcode Subscription.id});
 * the router is asked to unsubscribe when the last one unsubscribes.
 *
 * @example
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * {
 *   await using sub = await session.subscribe("com.myapp.hello", (args) => console.log(args[0]));
 *   if (!sub.active || sub.topic !== "com.myapp.hello") throw new Error("Not subscribed");
 * } // unsubscribed when the block ends
 * ```
 */
export class Subscription implements AsyncDisposable {
  /** The router's subscription ID. */
  readonly id: number;
  /** The topic or pattern subscribed to. */
  readonly topic: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** The local handler. */
  readonly handler: unknown;
  #owner: SubscriptionOwner;
  #active = true;
  #revocation: { reason?: string } | undefined;
  #resolveEnded!: (reason: string | undefined) => void;
  /**
   * Resolves when the subscription ends: with the router's reason when it
   * was revoked (advanced profile "Subscription Revocation"), with
   * `undefined` when we unsubscribed or the session ended.
   */
  readonly ended: Promise<string | undefined>;

  /** Creates the handle; sessions do this, users do not. */
  constructor(
    owner: SubscriptionOwner,
    id: number,
    topic: string,
    match: MatchPolicy,
    handler: unknown,
  ) {
    this.#owner = owner;
    this.id = id;
    this.topic = topic;
    this.match = match;
    this.handler = handler;
    this.ended = new Promise((r) => (this.#resolveEnded = r));
  }

  /** True until unsubscribed, revoked or the session ended. */
  get active(): boolean {
    return this.#active;
  }

  /** True when the router revoked it. */
  get revoked(): boolean {
    return this.#revocation !== undefined;
  }

  /** Unsubscribes this handler; a no-op when no longer active. */
  async unsubscribe(): Promise<void> {
    if (!this.#active) return;
    this.#active = false;
    try {
      await this.#owner.unsubscribe(this);
    } finally {
      this.#resolveEnded(undefined);
    }
  }

  /** Unsubscribes (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.unsubscribe();
  }

  /** Marks the subscription ended (revoked with `reason`, or session gone). @internal */
  _end(revoked: boolean, reason?: string): void {
    if (!this.#active) return;
    this.#active = false;
    if (revoked) this.#revocation = { reason };
    this.#resolveEnded(reason);
  }
}
