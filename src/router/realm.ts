/**
 * A realm: an isolated routing namespace with its own sessions, broker,
 * dealer and meta API (basic profile "Realms, Sessions and Transports").
 *
 * @module
 */
import { ErrorUri, MetaUri } from "../wamp/uri.ts";
import { ErrorMessage } from "../wamp/messages_session.ts";
import type { ErrorRequestType } from "../wamp/codes.ts";
import type { RoleDetails, WampDict } from "../wamp/types.ts";
import { Feature } from "../wamp/types.ts";
import type { Logger } from "../util/logger.ts";
import { noopLogger } from "../util/logger.ts";
import { Broker } from "./broker.ts";
import { Dealer } from "./dealer.ts";
import { sessionDetails } from "./meta.ts";
import type { RouterSession } from "./session.ts";
import {
  allowAllAuthorizer,
  type AuthorizeAction,
  type AuthorizeDecision,
  type Authorizer,
  type RealmOptions,
  type RouterScheduler,
  systemScheduler,
} from "./types.ts";

/**
 * Broker features announced in WELCOME: exactly what {@linkcode Broker} implements.
 *
 * @example What the broker announces
 * ```ts
 * import { BROKER_FEATURES } from "@autobahn/autobahn/router";
 *
 * if (!BROKER_FEATURES.includes("event_retention")) throw new Error("Expected event retention");
 * ```
 */
export const BROKER_FEATURES: readonly string[] = Object.freeze([
  Feature.PATTERN_BASED_SUBSCRIPTION,
  Feature.PUBLISHER_EXCLUSION,
  Feature.PUBLISHER_IDENTIFICATION,
  Feature.SUBSCRIBER_BLACKWHITE_LISTING,
  Feature.EVENT_RETENTION,
  Feature.SUBSCRIPTION_REVOCATION,
  Feature.SESSION_META_API,
  Feature.SUBSCRIPTION_META_API,
  Feature.PAYLOAD_PASSTHRU_MODE,
]);

/**
 * Dealer features announced in WELCOME: exactly what {@linkcode Dealer} implements.
 *
 * @example Checking a dealer feature in WELCOME
 * ```ts
 * import { DEALER_FEATURES, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * const details = await session.join("realm1");
 * const features = details.routerRoles.dealer?.features ?? {};
 * if (!DEALER_FEATURES.every((f) => features[f] === true)) throw new Error("Missing feature");
 * ```
 */
export const DEALER_FEATURES: readonly string[] = Object.freeze([
  Feature.PATTERN_BASED_REGISTRATION,
  Feature.SHARED_REGISTRATION,
  Feature.REGISTRATION_REVOCATION,
  Feature.CALL_CANCELING,
  Feature.CALL_TIMEOUT,
  Feature.CALLER_IDENTIFICATION,
  Feature.PROGRESSIVE_CALL_RESULTS,
  Feature.PROGRESSIVE_CALL_INVOCATIONS,
  Feature.SESSION_META_API,
  Feature.REGISTRATION_META_API,
  Feature.TESTAMENT_META_API,
  Feature.PAYLOAD_PASSTHRU_MODE,
]);

function roleDetails(features: readonly string[]): RoleDetails {
  return { features: Object.fromEntries(features.map((f) => [f, true])) };
}

/**
 * Options a {@linkcode Realm} gets from its router.
 *
 * @example A realm outside a router
 * ```ts
 * import {
 *   allowAllAuthorizer,
 *   Realm,
 *   type RealmContext,
 *   systemScheduler,
 * } from "@autobahn/autobahn/router";
 *
 * const context: RealmContext = { authorizer: allowAllAuthorizer, scheduler: systemScheduler };
 * const realm = new Realm({ name: "realm1" }, context);
 * if (realm.authorizer !== allowAllAuthorizer || realm.sessionCount !== 0) throw new Error();
 * ```
 */
export interface RealmContext {
  /** Clock and timers. */
  readonly scheduler?: RouterScheduler;
  /** Structured logger. */
  readonly logger?: Logger;
  /** Authorizer used when the realm options have none. */
  readonly authorizer?: Authorizer;
}

/**
 * One realm. Sessions join it after WELCOME and leave it on GOODBYE, ABORT,
 * kill or transport loss; leaving publishes the session's testaments,
 * removes its subscriptions and registrations, fails the calls pending on
 * it, and fires `wamp.session.on_leave`.
 *
 * @example
 * ```ts
 * import { Router } from "@autobahn/autobahn/router";
 * const router = new Router({ realms: ["realm1"] });
 * const realm = router.getRealm("realm1")!;
 * realm.sessionCount; // 0
 * ```
 */
export class Realm {
  /** The realm name. */
  readonly name: string;
  /** Routes events. */
  readonly broker: Broker;
  /** Routes calls. */
  readonly dealer: Dealer;
  /** Rules on call/register/publish/subscribe. */
  readonly authorizer: Authorizer;
  /** Clock and timers. */
  readonly scheduler: RouterScheduler;
  /** Structured logger. */
  readonly logger: Logger;
  /** `WELCOME.Details.roles`: broker and dealer with every implemented feature. */
  readonly roles: { readonly broker: RoleDetails; readonly dealer: RoleDetails } = Object.freeze({
    broker: roleDetails(BROKER_FEATURES),
    dealer: roleDetails(DEALER_FEATURES),
  });
  readonly #sessions = new Map<number, RouterSession>();

  /**
   * Creates a realm.
   *
   * @param options The name and per-realm options.
   * @param context What the router provides (scheduler, logger, default authorizer).
   */
  constructor(options: RealmOptions, context: RealmContext = {}) {
    this.name = options.name;
    this.authorizer = options.authorizer ?? context.authorizer ?? allowAllAuthorizer;
    this.scheduler = context.scheduler ?? systemScheduler;
    this.logger = context.logger ?? noopLogger;
    this.broker = new Broker(this, { maxRetainedTopics: options.maxRetainedTopics });
    this.dealer = new Dealer(this);
  }

  /** The number of sessions joined. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** The sessions joined, by ID. */
  get sessions(): ReadonlyMap<number, RouterSession> {
    return this.#sessions;
  }

  /** Returns the joined session with this ID. */
  getSession(id: number): RouterSession | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Adds a welcomed session and fires `wamp.session.on_join` (advanced
   * profile "Session Meta API").
   */
  join(session: RouterSession): void {
    this.#sessions.set(session.id, session);
    this.broker.publishMeta(MetaUri.SESSION_ON_JOIN, [sessionDetails(session)]);
  }

  /**
   * Removes a session: testaments (`detached` scope before `destroyed`,
   * advanced profile "Testament"), its registrations and pending calls, its
   * subscriptions, then `wamp.session.on_leave`.
   *
   * @param session The leaving session.
   * @param silent Skip testaments and meta events (`wamp.session.kill_all`).
   */
  leave(session: RouterSession, silent = false): void {
    if (!this.#sessions.delete(session.id)) return;
    this.broker.publishTestaments(session, silent);
    this.dealer.sessionLeft(session, silent);
    this.broker.sessionLeft(session, silent);
    if (!silent) {
      this.broker.publishMeta(MetaUri.SESSION_ON_LEAVE, [
        session.id,
        session.authid,
        session.authrole,
      ]);
    }
  }

  /**
   * Revokes a subscription (advanced profile "Subscription Revocation"):
   * subscribers announcing `subscription_revocation` get
   * `[UNSUBSCRIBED, 0, {subscription, reason}]`.
   *
   * @returns Whether the subscription existed.
   */
  revokeSubscription(subscriptionId: number, reason?: string): boolean {
    return this.broker.revoke(subscriptionId, reason);
  }

  /**
   * Revokes a registration (advanced profile "Registration Revocation"):
   * callees announcing `registration_revocation` get
   * `[UNREGISTERED, 0, {registration, reason}]`.
   *
   * @returns Whether the registration existed.
   */
  revokeRegistration(registrationId: number, reason?: string): boolean {
    return this.dealer.revoke(registrationId, reason);
  }

  /**
   * Closes every session with GOODBYE (e.g. `wamp.close.system_shutdown`,
   * `wamp.close.close_realm`).
   */
  close(reason: string, message?: string): void {
    for (const s of [...this.#sessions.values()]) s.goodbye(reason, message);
  }

  /**
   * Asks the authorizer and continues with `proceed(disclose)` when allowed
   * (synchronously for synchronous answers); on denial or failure replies
   * ERROR `wamp.error.not_authorized` / `wamp.error.authorization_failed`
   * to the request, unless `requestType` is 0 (no reply wanted).
   *
   * @internal
   */
  authorize(
    session: RouterSession,
    uri: string,
    action: AuthorizeAction,
    options: WampDict,
    requestType: ErrorRequestType | 0,
    requestId: number,
    proceed: (disclose: boolean | undefined) => void,
  ): void {
    const deny = (error: string, message: string) => {
      if (requestType === 0) return;
      session.send(
        new ErrorMessage({ requestType, requestId, error, args: [message] }),
      );
    };
    const apply = (d: AuthorizeDecision) => {
      const allow = typeof d === "boolean" ? d : d.allow;
      if (!allow) {
        return deny(
          ErrorUri.NOT_AUTHORIZED,
          `session is not authorized to ${action} "${uri}"`,
        );
      }
      proceed(typeof d === "boolean" ? undefined : d.disclose);
    };
    let decision: AuthorizeDecision | Promise<AuthorizeDecision>;
    try {
      decision = this.authorizer.authorize(
        {
          session: session.id,
          realm: this.name,
          authid: session.authid,
          authrole: session.authrole,
        },
        uri,
        action,
        options,
      );
    } catch (err) {
      return deny(ErrorUri.AUTHORIZATION_FAILED, String((err as Error)?.message ?? err));
    }
    if (decision instanceof Promise) {
      decision.then(
        (d) => {
          if (session.realm === this && session.state === "established") apply(d);
        },
        (err) => {
          if (session.realm === this) {
            deny(ErrorUri.AUTHORIZATION_FAILED, String((err as Error)?.message ?? err));
          }
        },
      );
    } else {
      apply(decision);
    }
  }
}
