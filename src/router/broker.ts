/**
 * The broker: subscriptions (exact, prefix, wildcard; one subscription per
 * topic and match policy, shared by its subscribers), event dispatch with
 * the advanced PubSub options, retained events, subscription revocation,
 * testaments and the subscription meta events.
 *
 * @module
 */
import { MessageType } from "../wamp/codes.ts";
import { ProtocolError } from "../wamp/errors.ts";
import {
  EventMessage,
  PublishedMessage,
  type PublishMessage,
  SubscribedMessage,
  type SubscribeMessage,
  UnsubscribedMessage,
  type UnsubscribeMessage,
} from "../wamp/messages_pubsub.ts";
import { ErrorMessage } from "../wamp/messages_session.ts";
import type { EventDetails, PublishOptions, WampDict } from "../wamp/types.ts";
import { isPayloadPassthru } from "../wamp/types.ts";
import { ErrorUri, isValidUri, matchesUri, type MatchPolicy, MetaUri } from "../wamp/uri.ts";
import { newGlobalId } from "../util/ids.ts";
import { UriMatcher } from "./matcher.ts";
import type { Realm } from "./realm.ts";
import type { RouterSession } from "./session.ts";

/**
 * One subscription: a topic or pattern with its match policy and subscribers.
 *
 * @example Inspecting the broker's subscriptions
 * ```ts
 * import { startRouter, type Subscription } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.subscribe("com.myapp.", () => {}, { match: "prefix" });
 * const subs: Subscription[] = [
 *   ...router.router.getRealm("realm1")!.broker.subscriptions.values(),
 * ];
 * if (subs[0]?.uri !== "com.myapp." || subs[0].match !== "prefix") throw new Error();
 * if (subs[0].subscribers.size !== 1) throw new Error("Expected one subscriber");
 * ```
 */
export interface Subscription {
  /** The subscription ID (router scope). */
  readonly id: number;
  /** The topic URI or pattern. */
  readonly uri: string;
  /** The match policy. */
  readonly match: MatchPolicy;
  /** When it was created (ISO 8601). */
  readonly created: string;
  /** The subscribers, in subscription order. */
  readonly subscribers: Set<RouterSession>;
}

/**
 * A testament: an event published when its session leaves (advanced profile "Testament").
 *
 * @example An event to publish when the session goes away
 * ```ts
 * import type { Testament, TestamentScope } from "@autobahn/autobahn/router";
 *
 * const testament: Testament = {
 *   topic: "com.myapp.device.gone",
 *   args: ["device-7"],
 *   kwargs: {},
 *   options: {},
 * };
 * const scope: TestamentScope = "destroyed";
 * if (testament.topic.length === 0 || scope !== "destroyed") throw new Error();
 * ```
 */
export interface Testament {
  /** The topic. */
  readonly topic: string;
  /** Positional payload. */
  readonly args: readonly unknown[];
  /** Keyword payload. */
  readonly kwargs: WampDict;
  /** Publish options. */
  readonly options: PublishOptions;
}

/**
 * When a testament fires.
 *
 * @example A testament published when its session leaves
 * ```ts
 * import { startRouter, type TestamentScope } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const got = Promise.withResolvers<unknown>();
 * await session.subscribe("com.myapp.gone", ([who]) => got.resolve(who));
 * const device = new Session(router.connectInProcess());
 * await device.join("realm1");
 * const scope: TestamentScope = "detached";
 * await device.call("wamp.session.add_testament", ["com.myapp.gone", ["device-7"]], { scope });
 * await device.leave();
 * if (await got.promise !== "device-7") throw new Error("Testament not published");
 * ```
 */
export type TestamentScope = "detached" | "destroyed";

interface Retained {
  readonly publication: number;
  readonly publisher: RouterSession | undefined;
  readonly options: PublishOptions;
  readonly args: readonly unknown[];
  readonly kwargs: WampDict;
  readonly details: EventDetails;
}

interface Filter {
  readonly exclude?: ReadonlySet<number>;
  readonly excludeAuthid?: ReadonlySet<string>;
  readonly excludeAuthrole?: ReadonlySet<string>;
  readonly eligible?: ReadonlySet<number>;
  readonly eligibleAuthid?: ReadonlySet<string>;
  readonly eligibleAuthrole?: ReadonlySet<string>;
}

const PPT_KEYS = ["ppt_scheme", "ppt_serializer", "ppt_cipher", "ppt_keyid"] as const;

/**
 * Options of a {@linkcode Broker}.
 *
 * @example A broker with its own retention limit
 * ```ts
 * import { Broker, type BrokerOptions, Realm } from "@autobahn/autobahn/router";
 *
 * const options: BrokerOptions = { maxRetainedTopics: 100 };
 * const broker = new Broker(new Realm({ name: "realm1" }), options);
 * if (broker.subscriptions.size !== 0) throw new Error("Expected no subscriptions");
 * ```
 */
export interface BrokerOptions {
  /** Most topics with a retained event; the oldest is dropped beyond. Default 10,000. */
  readonly maxRetainedTopics?: number;
}

/**
 * The default {@linkcode BrokerOptions.maxRetainedTopics}.
 *
 * @example The retention limit of realms that set none
 * ```ts
 * import { DEFAULT_MAX_RETAINED_TOPICS, type RealmOptions } from "@autobahn/autobahn/router";
 *
 * const realm: RealmOptions = {
 *   name: "realm1",
 *   maxRetainedTopics: DEFAULT_MAX_RETAINED_TOPICS * 2,
 * };
 * if (realm.maxRetainedTopics !== 20_000) throw new Error("Unexpected limit");
 * ```
 */
export const DEFAULT_MAX_RETAINED_TOPICS = 10_000;

/** Reads an optional list option; `null` when the value is not a list of the right type. */
function listOption<T>(
  options: WampDict,
  key: string,
  check: (v: unknown) => v is T,
): ReadonlySet<T> | undefined | null {
  const v = options[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every(check)) return null;
  return new Set(v);
}

const isInt = (v: unknown): v is number => Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === "string";

/**
 * The PubSub router of one realm (basic profile "Publish and Subscribe",
 * advanced profile PubSub features).
 *
 * @example Which subscriptions an event reaches
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
 * await session.subscribe("com.myapp.hello", () => {});
 * await session.subscribe("com.myapp", () => {}, { match: "prefix" });
 * const broker = router.router.getRealm("realm1")!.broker;
 * if (broker.match("com.myapp.hello").length !== 2) throw new Error("Expected two matches");
 * ```
 */
export class Broker {
  readonly #realm: Realm;
  readonly #matcher = new UriMatcher<Subscription>();
  readonly #byId = new Map<number, Subscription>();
  readonly #bySession = new Map<RouterSession, Set<Subscription>>();
  readonly #retained = new Map<string, Retained>();
  readonly #testaments = new Map<RouterSession, Record<TestamentScope, Testament[]>>();
  readonly #maxRetained: number;

  /**
   * Creates the broker of `realm`.
   *
   * @param realm The realm.
   * @param options Limits.
   */
  constructor(realm: Realm, options: BrokerOptions = {}) {
    this.#realm = realm;
    this.#maxRetained = options.maxRetainedTopics ?? DEFAULT_MAX_RETAINED_TOPICS;
  }

  /** Every subscription, by ID. */
  get subscriptions(): ReadonlyMap<number, Subscription> {
    return this.#byId;
  }

  /** Returns the subscription stored under exactly this topic and policy. */
  lookup(uri: string, match: MatchPolicy): Subscription | undefined {
    return this.#matcher.get(uri, match);
  }

  /** Returns every subscription matching a concrete topic. */
  match(topic: string): Subscription[] {
    return this.#matcher.matchAll(topic);
  }

  // -- SUBSCRIBE / UNSUBSCRIBE ---------------------------------------------

  /** Handles SUBSCRIBE (basic profile "Subscribing and Unsubscribing"). */
  subscribe(session: RouterSession, msg: SubscribeMessage): void {
    const fail = (error: string, text: string): void =>
      void session.send(
        new ErrorMessage({
          requestType: MessageType.SUBSCRIBE,
          requestId: msg.requestId,
          error,
          args: [text],
        }),
      );
    const match = msg.options.match ?? "exact";
    if (match !== "exact" && match !== "prefix" && match !== "wildcard") {
      return fail(ErrorUri.INVALID_ARGUMENT, `unknown match policy "${String(match)}"`);
    }
    const getRetained = msg.options.get_retained;
    if (getRetained !== undefined && typeof getRetained !== "boolean") {
      return fail(ErrorUri.INVALID_ARGUMENT, "option get_retained must be a boolean");
    }
    this.#realm.authorize(
      session,
      msg.topic,
      "subscribe",
      msg.options,
      MessageType.SUBSCRIBE,
      msg.requestId,
      () => this.#subscribe(session, msg, match, getRetained === true),
    );
  }

  #subscribe(session: RouterSession, msg: SubscribeMessage, match: MatchPolicy, retained: boolean) {
    let sub = this.#matcher.get(msg.topic, match);
    let created = false;
    if (!sub) {
      sub = {
        id: newGlobalId(),
        uri: msg.topic,
        match,
        created: new Date(this.#realm.scheduler.now()).toISOString(),
        subscribers: new Set(),
      };
      this.#matcher.set(sub.uri, match, sub);
      this.#byId.set(sub.id, sub);
      created = true;
    }
    // Basic profile "SUBSCRIBE": a second SUBSCRIBE of the same topic and
    // policy by the same session gets the existing subscription ID.
    const isNew = !sub.subscribers.has(session);
    if (isNew) {
      sub.subscribers.add(session);
      let mine = this.#bySession.get(session);
      if (!mine) this.#bySession.set(session, mine = new Set());
      mine.add(sub);
    }
    session.send(new SubscribedMessage({ requestId: msg.requestId, subscription: sub.id }));
    if (created) {
      this.publishMeta(MetaUri.SUBSCRIPTION_ON_CREATE, [session.id, subscriptionDetails(sub)]);
    }
    if (isNew) this.publishMeta(MetaUri.SUBSCRIPTION_ON_SUBSCRIBE, [session.id, sub.id]);
    if (retained) this.#sendRetained(session, sub);
  }

  /** Handles UNSUBSCRIBE. */
  unsubscribe(session: RouterSession, msg: UnsubscribeMessage): void {
    const sub = this.#byId.get(msg.subscription);
    if (!sub || !sub.subscribers.has(session)) {
      session.send(
        new ErrorMessage({
          requestType: MessageType.UNSUBSCRIBE,
          requestId: msg.requestId,
          error: ErrorUri.NO_SUCH_SUBSCRIPTION,
        }),
      );
      return;
    }
    this.#remove(session, sub);
    session.send(new UnsubscribedMessage({ requestId: msg.requestId }));
    this.#afterRemove(session, sub, false);
  }

  /**
   * Revokes a subscription for all its subscribers (advanced profile
   * "Subscription Revocation": UNSUBSCRIBED with request ID 0, only to
   * subscribers that announced the feature).
   *
   * @returns Whether the subscription existed.
   */
  revoke(subscriptionId: number, reason?: string): boolean {
    const sub = this.#byId.get(subscriptionId);
    if (!sub) return false;
    for (const s of [...sub.subscribers]) {
      this.#remove(s, sub);
      if (s.hasFeature("subscriber", "subscription_revocation")) {
        s.send(
          new UnsubscribedMessage({
            requestId: 0,
            details: { subscription: sub.id, ...(reason ? { reason } : {}) },
          }),
        );
      }
      this.#afterRemove(s, sub, false);
    }
    return true;
  }

  /** Drops every subscription of a leaving session. */
  sessionLeft(session: RouterSession, silent: boolean): void {
    this.#testaments.delete(session);
    const mine = this.#bySession.get(session);
    if (!mine) return;
    for (const sub of [...mine]) {
      this.#remove(session, sub);
      this.#afterRemove(session, sub, silent);
    }
    this.#bySession.delete(session);
  }

  #remove(session: RouterSession, sub: Subscription): void {
    sub.subscribers.delete(session);
    this.#bySession.get(session)?.delete(sub);
    if (sub.subscribers.size === 0) {
      this.#matcher.delete(sub.uri, sub.match);
      this.#byId.delete(sub.id);
    }
  }

  #afterRemove(session: RouterSession, sub: Subscription, silent: boolean): void {
    if (silent) return;
    // Advanced profile "Subscription Meta API": on_delete MUST be preceded by on_unsubscribe.
    this.publishMeta(MetaUri.SUBSCRIPTION_ON_UNSUBSCRIBE, [session.id, sub.id]);
    if (sub.subscribers.size === 0) {
      this.publishMeta(MetaUri.SUBSCRIPTION_ON_DELETE, [session.id, sub.id]);
    }
  }

  // -- PUBLISH -------------------------------------------------------------

  /** Handles PUBLISH (basic profile "Publishing and Events"). */
  publish(session: RouterSession, msg: PublishMessage): void {
    const ack = msg.options.acknowledge === true;
    const fail = (error: string, text: string) => {
      // Basic profile "PUBLISH": errors are only reported when acknowledge is set.
      if (!ack) return;
      session.send(
        new ErrorMessage({
          requestType: MessageType.PUBLISH,
          requestId: msg.requestId,
          error,
          args: [text],
        }),
      );
    };
    if (
      isPayloadPassthru(msg.options) && !session.hasFeature("publisher", "payload_passthru_mode")
    ) {
      // Advanced profile "Payload Passthru Mode": PUBLISH with ppt by a
      // publisher that did not announce it is a protocol error.
      throw new ProtocolError(
        "PUBLISH with payload passthru, but the publisher did not announce it",
      );
    }
    // Basic profile "Reserved URIs": the `wamp.` namespace belongs to the router.
    if (msg.topic.startsWith("wamp.")) {
      return fail(ErrorUri.INVALID_URI, `topic "${msg.topic}" is reserved for the router`);
    }
    const filter = readFilter(msg.options);
    if (filter === null) {
      return fail(ErrorUri.INVALID_ARGUMENT, "invalid exclude/eligible option");
    }
    this.#realm.authorize(
      session,
      msg.topic,
      "publish",
      msg.options,
      ack ? MessageType.PUBLISH : 0,
      msg.requestId,
      (disclose) => {
        // Basic profile "Identifiers": publication IDs are global scope (random).
        const publication = newGlobalId();
        this.#dispatch(
          session,
          msg.topic,
          msg.options,
          msg.args,
          msg.kwargs,
          filter,
          publication,
          disclose,
        );
        if (ack) session.send(new PublishedMessage({ requestId: msg.requestId, publication }));
      },
    );
  }

  /**
   * Publishes a router-originated event (meta events) to the subscribers of
   * `topic`; nothing is built when nobody is subscribed.
   */
  publishMeta(topic: string, args: readonly unknown[]): void {
    if (this.#byId.size === 0) return;
    const subs = this.#matcher.matchAll(topic);
    if (subs.length === 0) return;
    this.#dispatch(undefined, topic, {}, args, {}, {}, newGlobalId(), false, subs);
  }

  #dispatch(
    publisher: RouterSession | undefined,
    topic: string,
    options: PublishOptions,
    args: readonly unknown[],
    kwargs: WampDict,
    filter: Filter,
    publication: number,
    disclose: boolean | undefined,
    subs: Subscription[] = this.#matcher.matchAll(topic),
  ): void {
    const details = eventDetails(publisher, options, disclose);
    // Advanced profile "Publisher Exclusion": exclude_me defaults to true.
    const skip = publisher && options.exclude_me !== false ? publisher : undefined;
    for (const sub of subs) {
      // Advanced profile "Pattern-based Subscriptions": the concrete topic
      // goes in EVENT.Details.topic for pattern subscriptions.
      const d = sub.match === "exact" ? details : { ...details, topic };
      let event: EventMessage | undefined;
      for (const s of sub.subscribers) {
        if (s === skip || !eligible(s, filter)) continue;
        event ??= new EventMessage({ subscription: sub.id, publication, details: d, args, kwargs });
        s.send(event);
      }
    }
    // Advanced profile "Event Retention": retain:true stores the event for the topic.
    if (options.retain === true && publisher) {
      this.#retained.delete(topic);
      this.#retained.set(topic, { publication, publisher, options, args, kwargs, details });
      if (this.#retained.size > this.#maxRetained) {
        this.#retained.delete(this.#retained.keys().next().value!);
      }
    }
  }

  #sendRetained(session: RouterSession, sub: Subscription): void {
    // Advanced profile "Event Retention": send the most recent retained event
    // the subscriber would have received, with Details.retained = true.
    const send = (topic: string, r: Retained) => {
      const filter = readFilter(r.options) ?? {};
      if (r.publisher === session && r.options.exclude_me !== false) return;
      if (!eligible(session, filter)) return;
      const details = { ...r.details, ...(sub.match === "exact" ? {} : { topic }), retained: true };
      session.send(
        new EventMessage({
          subscription: sub.id,
          publication: r.publication,
          details,
          args: r.args,
          kwargs: r.kwargs,
        }),
      );
    };
    if (sub.match === "exact") {
      const r = this.#retained.get(sub.uri);
      if (r) send(sub.uri, r);
      return;
    }
    // Pattern subscriptions: a scan of the retained topics, only at subscribe time.
    for (const [topic, r] of this.#retained) {
      if (matchesUri(topic, sub.uri, sub.match)) send(topic, r);
    }
  }

  // -- Testaments (advanced profile "Testament") ----------------------------

  /** Adds a testament for `session` in `scope`. */
  addTestament(session: RouterSession, scope: TestamentScope, testament: Testament): void {
    let t = this.#testaments.get(session);
    if (!t) this.#testaments.set(session, t = { detached: [], destroyed: [] });
    t[scope].push(testament);
  }

  /** Removes the testaments of `session` in `scope`; returns how many. */
  flushTestaments(session: RouterSession, scope: TestamentScope): number {
    const t = this.#testaments.get(session);
    if (!t) return 0;
    const n = t[scope].length;
    t[scope] = [];
    return n;
  }

  /**
   * Publishes the testaments of a leaving session: without session
   * resumption, `detached` ones before `destroyed` ones, each in the order
   * added.
   */
  publishTestaments(session: RouterSession, silent: boolean): void {
    const t = this.#testaments.get(session);
    this.#testaments.delete(session);
    if (!t || silent) return;
    for (const x of [...t.detached, ...t.destroyed]) {
      const filter = readFilter(x.options) ?? {};
      // The session is gone: it cannot receive, and acknowledge makes no sense.
      this.#dispatch(
        session,
        x.topic,
        x.options,
        x.args,
        x.kwargs,
        filter,
        newGlobalId(),
        undefined,
      );
    }
  }
}

/** Checks a testament topic and options; returns an error message or undefined. */
export function checkTestament(topic: unknown, options: unknown): string | undefined {
  if (!isValidUri(topic)) return "topic must be a valid URI";
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    return "publish_options must be a dict";
  }
  if (options && readFilter(options as WampDict) === null) return "invalid exclude/eligible option";
  return undefined;
}

/** The `SubscriptionDetails` dict of the subscription meta API. */
export function subscriptionDetails(sub: Subscription): WampDict {
  return { id: sub.id, created: sub.created, uri: sub.uri, match: sub.match };
}

function readFilter(options: WampDict): Filter | null {
  const exclude = listOption(options, "exclude", isInt);
  const excludeAuthid = listOption(options, "exclude_authid", isStr);
  const excludeAuthrole = listOption(options, "exclude_authrole", isStr);
  const eligible = listOption(options, "eligible", isInt);
  const eligibleAuthid = listOption(options, "eligible_authid", isStr);
  const eligibleAuthrole = listOption(options, "eligible_authrole", isStr);
  if (
    exclude === null || excludeAuthid === null || excludeAuthrole === null ||
    eligible === null || eligibleAuthid === null || eligibleAuthrole === null
  ) return null;
  return { exclude, excludeAuthid, excludeAuthrole, eligible, eligibleAuthid, eligibleAuthrole };
}

/**
 * Advanced profile "Subscriber Black- and Whitelisting": a subscriber
 * receives the event iff it is in every eligible list given and in no
 * exclude list given.
 */
function eligible(s: RouterSession, f: Filter): boolean {
  if (f.eligible && !f.eligible.has(s.id)) return false;
  if (f.eligibleAuthid && !f.eligibleAuthid.has(s.authid)) return false;
  if (f.eligibleAuthrole && !f.eligibleAuthrole.has(s.authrole)) return false;
  if (f.exclude && f.exclude.has(s.id)) return false;
  if (f.excludeAuthid && f.excludeAuthid.has(s.authid)) return false;
  if (f.excludeAuthrole && f.excludeAuthrole.has(s.authrole)) return false;
  return true;
}

function eventDetails(
  publisher: RouterSession | undefined,
  options: PublishOptions,
  disclose: boolean | undefined,
): EventDetails {
  const details: Record<string, unknown> = {};
  // Advanced profile "Publisher Identification": disclose on request
  // (disclose_me), unless the authorizer forces or forbids it.
  if (publisher && (disclose ?? options.disclose_me === true)) {
    details.publisher = publisher.id;
    details.publisher_authid = publisher.authid;
    details.publisher_authrole = publisher.authrole;
  }
  // Advanced profile "Payload Passthru Mode": ppt_* options travel to EVENT.Details.
  if (isPayloadPassthru(options)) {
    for (const k of PPT_KEYS) if (options[k] !== undefined) details[k] = options[k];
  }
  return details;
}
