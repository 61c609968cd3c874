/**
 * The embedded WAMP router: realms by name, and `attach()` to turn any
 * message transport into a router-side session. Transport-agnostic:
 * listeners (WebSocket, RawSocket, in-process) hand it transports.
 *
 * @module
 */
import { CloseUri } from "../wamp/uri.ts";
import { isValidUri } from "../wamp/uri.ts";
import type { Logger } from "../util/logger.ts";
import { noopLogger } from "../util/logger.ts";
import { Realm } from "./realm.ts";
import { RouterSession, type SessionHost } from "./session.ts";
import {
  anonymousAuthenticator,
  type Authenticator,
  type Authorizer,
  type RealmOptions,
  type RouterOptions,
  type RouterScheduler,
  type RouterTransport,
  systemScheduler,
} from "./types.ts";

/**
 * The default `WELCOME.Details.agent`.
 *
 * @example The agent a client sees in WELCOME
 * ```ts
 * import { ROUTER_AGENT, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * const details = await session.join("realm1");
 * if (details.routerAgent !== ROUTER_AGENT) throw new Error(`Unexpected ${details.routerAgent}`);
 * ```
 */
export const ROUTER_AGENT = "Autobahn|TS router";

/**
 * A WAMP router: realms, sessions, broker and dealer.
 *
 * @example
 * ```ts
 * import { Router } from "@autobahn/autobahn/router";
 *
 * const router = new Router({ realms: ["realm1"] });
 * // For each accepted connection's message transport:
 * // router.attach(transport);
 * router.close(); // GOODBYE wamp.close.system_shutdown to every session
 * ```
 */
export class Router implements SessionHost {
  /** Decides on HELLO and AUTHENTICATE. */
  readonly authenticator: Authenticator;
  /** `WELCOME.Details.agent`. */
  readonly agent: string;
  /** Structured logger. */
  readonly logger: Logger;
  /** Clock and timers. */
  readonly scheduler: RouterScheduler;
  readonly #realms = new Map<string, Realm>();
  readonly #sessions = new Set<RouterSession>();
  readonly #autoCreate: boolean;
  readonly #authorizer: Authorizer | undefined;

  /**
   * Creates a router.
   *
   * @param options Realms, authenticator, authorizer, scheduler, logger.
   * @throws {TypeError} for an invalid realm name.
   */
  constructor(options: RouterOptions = {}) {
    this.authenticator = options.authenticator ?? anonymousAuthenticator;
    this.agent = options.agent ?? ROUTER_AGENT;
    this.logger = options.logger ?? noopLogger;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.#autoCreate = options.autoCreateRealms ?? false;
    this.#authorizer = options.authorizer;
    for (const r of options.realms ?? []) this.addRealm(r);
  }

  /** The realms, by name. */
  get realms(): ReadonlyMap<string, Realm> {
    return this.#realms;
  }

  /** The number of attached transports (joined or not). */
  get attachedCount(): number {
    return this.#sessions.size;
  }

  /**
   * Adds a realm (or returns the existing one of that name).
   *
   * @throws {TypeError} when the name is not a valid URI.
   */
  addRealm(realm: string | RealmOptions): Realm {
    const options = typeof realm === "string" ? { name: realm } : realm;
    if (!isValidUri(options.name)) {
      throw new TypeError(`Cannot add realm: invalid realm name ${JSON.stringify(options.name)}`);
    }
    const existing = this.#realms.get(options.name);
    if (existing) return existing;
    const r = new Realm(options, {
      scheduler: this.scheduler,
      logger: this.logger,
      authorizer: this.#authorizer,
    });
    this.#realms.set(options.name, r);
    return r;
  }

  /** Returns the realm of that name. */
  getRealm(name: string): Realm | undefined {
    return this.#realms.get(name);
  }

  /**
   * Removes a realm; its sessions get GOODBYE `wamp.close.close_realm`.
   *
   * @returns Whether the realm existed.
   */
  removeRealm(name: string, reason: string = CloseUri.CLOSE_REALM): boolean {
    const r = this.#realms.get(name);
    if (!r) return false;
    r.close(reason);
    this.#realms.delete(name);
    return true;
  }

  /**
   * Finds the realm a HELLO names, creating it when `autoCreateRealms` is set.
   *
   * @internal
   */
  resolveRealm(name: string): Realm | undefined {
    return this.#realms.get(name) ?? (this.#autoCreate ? this.addRealm(name) : undefined);
  }

  /**
   * Attaches a transport: the router takes over its handler and speaks the
   * router side of WAMP on it until it closes.
   *
   * @returns The router-side session (not yet joined).
   */
  attach(transport: RouterTransport): RouterSession {
    const s = new RouterSession(this, transport);
    this.#sessions.add(s);
    return s;
  }

  /**
   * Forgets a session whose transport closed.
   *
   * @internal
   */
  sessionGone(session: RouterSession): void {
    this.#sessions.delete(session);
  }

  /**
   * Shuts down: every joined session gets GOODBYE (default
   * `wamp.close.system_shutdown`), every transport is then closed by its
   * client or listener.
   */
  close(reason: string = CloseUri.SYSTEM_SHUTDOWN, message?: string): void {
    for (const r of this.#realms.values()) r.close(reason, message);
  }
}
