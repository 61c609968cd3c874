/**
 * Registrations of a session: the core's table of registrations and of the
 * invocations running under them, and the {@linkcode Registration} handle a
 * callee holds.
 *
 * @module
 */
import type { MatchPolicy } from "../wamp/uri.ts";

/** One registration. */
export interface RegistrationEntry<P> {
  /** The registration ID. */
  readonly id: number;
  /** The procedure URI or pattern. */
  readonly procedure: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** The local procedure. */
  readonly handler: P;
  /** Local concurrency limit, if any. */
  readonly concurrency?: number;
  /** Invocations running now. */
  running: number;
  /** UNREGISTER sent. */
  unregistering: boolean;
}

/** One running invocation. */
export interface InvocationEntry {
  /** The INVOCATION request ID. */
  readonly requestId: number;
  /** The registration ID. */
  readonly registration: number;
  /** The caller accepts progressive results. */
  readonly receiveProgress: boolean;
  /** More argument chunks may follow (progressive call invocations). */
  inputOpen: boolean;
}

/** Registrations and their running invocations. */
export class RegistrationTable<P> {
  #entries = new Map<number, RegistrationEntry<P>>();
  #invocations = new Map<number, InvocationEntry>();
  // Invocations answered before their final argument chunk: later chunks are dropped.
  #answeredWithInputOpen = new Set<number>();

  /** Adds a registration. */
  add(
    id: number,
    procedure: string,
    match: MatchPolicy,
    handler: P,
    concurrency?: number,
  ): RegistrationEntry<P> {
    const e: RegistrationEntry<P> = {
      id,
      procedure,
      match,
      handler,
      concurrency,
      running: 0,
      unregistering: false,
    };
    this.#entries.set(id, e);
    return e;
  }

  /** Returns the registration with `id`. */
  get(id: number): RegistrationEntry<P> | undefined {
    return this.#entries.get(id);
  }

  /** Removes and returns the registration with `id`. */
  delete(id: number): RegistrationEntry<P> | undefined {
    const e = this.#entries.get(id);
    this.#entries.delete(id);
    return e;
  }

  /** Number of registrations. */
  get size(): number {
    return this.#entries.size;
  }

  /** Starts tracking an invocation. */
  startInvocation(inv: InvocationEntry): void {
    this.#invocations.set(inv.requestId, inv);
    const reg = this.#entries.get(inv.registration);
    if (reg) reg.running++;
  }

  /** Returns the running invocation with `requestId`. */
  invocation(requestId: number): InvocationEntry | undefined {
    return this.#invocations.get(requestId);
  }

  /** Whether `requestId` is an invocation answered before its final argument chunk. */
  isAnsweredWithInputOpen(requestId: number): boolean {
    return this.#answeredWithInputOpen.has(requestId);
  }

  /** Forgets an invocation answered before its input ended, once the input ends. */
  forgetAnswered(requestId: number): void {
    this.#answeredWithInputOpen.delete(requestId);
  }

  /**
   * Stops tracking an invocation (answered or interrupted); returns it. When
   * it was answered while argument chunks may still follow, those chunks are
   * dropped (`drainInput`).
   */
  finishInvocation(requestId: number, drainInput = true): InvocationEntry | undefined {
    const inv = this.#invocations.get(requestId);
    if (!inv) return undefined;
    this.#invocations.delete(requestId);
    if (inv.inputOpen && drainInput) this.#answeredWithInputOpen.add(requestId);
    const reg = this.#entries.get(inv.registration);
    if (reg) reg.running--;
    return inv;
  }

  /** Removes everything; returns the running invocations and the registrations. */
  drain(): { registrations: RegistrationEntry<P>[]; invocations: InvocationEntry[] } {
    const out = {
      registrations: [...this.#entries.values()],
      invocations: [...this.#invocations.values()],
    };
    this.#entries.clear();
    this.#invocations.clear();
    this.#answeredWithInputOpen.clear();
    return out;
  }
}

/**
 * What a {@linkcode Registration} needs from its session.
 *
 * @example A stand-in owner, as in tests
 * ```ts
 * import { Registration, type RegistrationOwner } from "@autobahn/autobahn/session";
 *
 * const unregistered: number[] = [];
 * const owner: RegistrationOwner = {
 *   unregister: (reg) => Promise.resolve(void unregistered.push(reg.id)),
 * };
 * const reg = new Registration(owner, 7, "com.myapp.ping", "exact", () => "pong");
 * await reg.unregister();
 * if (unregistered[0] !== 7 || reg.active) throw new Error("Owner not asked");
 * ```
 */
export interface RegistrationOwner {
  /** Unregisters; resolves when the router confirmed. */
  unregister(registration: Registration): Promise<void>;
}

/**
 * A registered procedure.
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
 *   await using reg = await session.register("com.myapp.add2", ([a, b]) => a + b);
 *   if (!reg.active || reg.procedure !== "com.myapp.add2") throw new Error("Not registered");
 * } // unregistered when the block ends
 * ```
 */
export class Registration implements AsyncDisposable {
  /** The router's registration ID. */
  readonly id: number;
  /** The procedure URI or pattern. */
  readonly procedure: string;
  /** The matching policy. */
  readonly match: MatchPolicy;
  /** The local handler. */
  readonly handler: unknown;
  #owner: RegistrationOwner;
  #active = true;
  #revoked = false;
  #resolveEnded!: (reason: string | undefined) => void;
  /**
   * Resolves when the registration ends: with the router's reason when it was
   * revoked (advanced profile "Registration Revocation"), with `undefined`
   * when we unregistered or the session ended.
   */
  readonly ended: Promise<string | undefined>;

  /** Creates the handle; sessions do this, users do not. */
  constructor(
    owner: RegistrationOwner,
    id: number,
    procedure: string,
    match: MatchPolicy,
    handler: unknown,
  ) {
    this.#owner = owner;
    this.id = id;
    this.procedure = procedure;
    this.match = match;
    this.handler = handler;
    this.ended = new Promise((r) => (this.#resolveEnded = r));
  }

  /** True until unregistered, revoked or the session ended. */
  get active(): boolean {
    return this.#active;
  }

  /** True when the router revoked it. */
  get revoked(): boolean {
    return this.#revoked;
  }

  /** Unregisters; a no-op when no longer active. */
  async unregister(): Promise<void> {
    if (!this.#active) return;
    this.#active = false;
    try {
      await this.#owner.unregister(this);
    } finally {
      this.#resolveEnded(undefined);
    }
  }

  /** Unregisters (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.unregister();
  }

  /** Marks the registration ended (revoked with `reason`, or session gone). @internal */
  _end(revoked: boolean, reason?: string): void {
    if (!this.#active) return;
    this.#active = false;
    this.#revoked = revoked;
    this.#resolveEnded(reason);
  }
}
