/**
 * The meta API procedures of a realm (advanced profile "Session Meta API",
 * "Registration Meta API", "Subscription Meta API", "Testament"). The
 * router answers them itself, synchronously; the meta events are published
 * by the broker and dealer where the change happens.
 *
 * @module
 */
import type { WampDict } from "../wamp/types.ts";
import { CloseUri, ErrorUri, isValidUri, type MatchPolicy, MetaUri } from "../wamp/uri.ts";
import { checkTestament, subscriptionDetails, type TestamentScope } from "./broker.ts";
import { registrationDetails } from "./dealer.ts";
import type { Realm } from "./realm.ts";
import type { RouterSession } from "./session.ts";

/**
 * The outcome of a meta procedure: a result payload or an error URI with payload.
 *
 * @example A result or an error
 * ```ts
 * import type { MetaOutcome } from "@autobahn/autobahn/router";
 *
 * const ok: MetaOutcome = { args: [3] };
 * const failed: MetaOutcome = { error: "wamp.error.no_such_session", args: ["no session 7"] };
 * if ("error" in ok || !("error" in failed)) throw new Error("Unexpected outcome");
 * ```
 */
export type MetaOutcome =
  | { readonly args?: readonly unknown[]; readonly kwargs?: WampDict }
  | { readonly error: string; readonly args?: readonly unknown[] };

type MetaProcedure = (
  realm: Realm,
  caller: RouterSession,
  args: readonly unknown[],
  kwargs: WampDict,
) => MetaOutcome;

const invalid = (text: string): MetaOutcome => ({ error: ErrorUri.INVALID_ARGUMENT, args: [text] });

/**
 * The details dict of `wamp.session.get` and `wamp.session.on_join`:
 * session, authid, authrole, authmethod, authprovider, transport.
 */
export function sessionDetails(s: RouterSession): WampDict {
  const t = s.transportDetails;
  return {
    session: s.id,
    authid: s.authid,
    authrole: s.authrole,
    authmethod: s.authmethod,
    authprovider: s.authprovider,
    transport: t
      ? {
        type: t.kind,
        channel: t.channel,
        peer: t.peer,
        serializer: t.serializer,
        protocol: t.subprotocol,
        is_secure: t.isSecure,
      }
      : {},
  };
}

function roleFilter(args: readonly unknown[]): Set<string> | undefined | null {
  const f = args[0];
  if (f === undefined || f === null) return undefined;
  if (!Array.isArray(f) || !f.every((x) => typeof x === "string")) return null;
  return new Set(f);
}

function filtered(realm: Realm, args: readonly unknown[]): RouterSession[] | null {
  const roles = roleFilter(args);
  if (roles === null) return null;
  const all = [...realm.sessions.values()];
  return roles ? all.filter((s) => roles.has(s.authrole)) : all;
}

/** Reads the `reason` and `message` keyword arguments of the kill procedures. */
function killArgs(kwargs: WampDict): { reason: string; message?: string } | MetaOutcome {
  const reason = kwargs["reason"] ?? CloseUri.NORMAL;
  const message = kwargs["message"];
  if (!isValidUri(reason)) {
    return { error: ErrorUri.INVALID_URI, args: ["reason must be a valid non-empty URI"] };
  }
  if (message !== undefined && typeof message !== "string") {
    return invalid("message must be a string");
  }
  return { reason: reason as string, message: message as string | undefined };
}

function kill(
  realm: Realm,
  caller: RouterSession,
  kwargs: WampDict,
  select: (s: RouterSession) => boolean,
  silent = false,
): RouterSession[] | MetaOutcome {
  const k = killArgs(kwargs);
  if (!("reason" in k)) return k;
  // The caller's own session is always excluded.
  const victims = [...realm.sessions.values()].filter((s) => s !== caller && select(s));
  for (const s of victims) s.goodbye(k.reason, k.message, silent);
  return victims;
}

function id(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) > 0;
}

function matchOption(options: unknown): MatchPolicy | null {
  if (options === undefined || options === null) return "exact";
  if (typeof options !== "object") return null;
  const m = (options as WampDict)["match"] ?? "exact";
  return m === "exact" || m === "prefix" || m === "wildcard" ? m : null;
}

function scopeOf(kwargs: WampDict): TestamentScope | null {
  // Advanced profile "Testament": the scope defaults to `destroyed`.
  const scope = kwargs["scope"] ?? "destroyed";
  return scope === "destroyed" || scope === "detached" ? scope : null;
}

const noSuchRegistration: MetaOutcome = {
  error: ErrorUri.NO_SUCH_REGISTRATION,
  args: ["no registration with that ID"],
};
const noSuchSubscription: MetaOutcome = {
  error: ErrorUri.NO_SUCH_SUBSCRIPTION,
  args: ["no subscription with that ID"],
};

const PROCEDURES: ReadonlyMap<string, MetaProcedure> = new Map<string, MetaProcedure>([
  // -- Session Meta API
  [MetaUri.SESSION_COUNT, (realm, _c, args) => {
    const list = filtered(realm, args);
    return list ? { args: [list.length] } : invalid("filter_authroles must be a list of strings");
  }],
  [MetaUri.SESSION_LIST, (realm, _c, args) => {
    const list = filtered(realm, args);
    return list
      ? { args: [list.map((s) => s.id)] }
      : invalid("filter_authroles must be a list of strings");
  }],
  [MetaUri.SESSION_GET, (realm, _c, args) => {
    const s = id(args[0]) ? realm.getSession(args[0]) : undefined;
    if (!s) return { error: ErrorUri.NO_SUCH_SESSION, args: ["no session with that ID"] };
    return { args: [sessionDetails(s)] };
  }],
  [MetaUri.SESSION_KILL, (realm, caller, args, kwargs) => {
    const target = id(args[0]) ? realm.getSession(args[0]) : undefined;
    // "Specifying the caller's own session will result in a wamp.error.no_such_session."
    if (!target || target === caller) {
      return { error: ErrorUri.NO_SUCH_SESSION, args: ["no other session with that ID"] };
    }
    const out = kill(realm, caller, kwargs, (s) => s === target);
    return Array.isArray(out) ? {} : out;
  }],
  [MetaUri.SESSION_KILL_BY_AUTHID, (realm, caller, args, kwargs) => {
    const authid = args[0];
    if (typeof authid !== "string") return invalid("authid must be a string");
    const out = kill(realm, caller, kwargs, (s) => s.authid === authid);
    return Array.isArray(out) ? { args: [out.map((s) => s.id)] } : out;
  }],
  [MetaUri.SESSION_KILL_BY_AUTHROLE, (realm, caller, args, kwargs) => {
    const authrole = args[0];
    if (typeof authrole !== "string") return invalid("authrole must be a string");
    const out = kill(realm, caller, kwargs, (s) => s.authrole === authrole);
    return Array.isArray(out) ? { args: [out.length] } : out;
  }],
  [MetaUri.SESSION_KILL_ALL, (realm, caller, _args, kwargs) => {
    // "Closing all sessions in the realm will not generate session meta
    // events or testament events."
    const out = kill(realm, caller, kwargs, () => true, true);
    return Array.isArray(out) ? { args: [out.length] } : out;
  }],
  // -- Testament
  [MetaUri.SESSION_ADD_TESTAMENT, (realm, caller, args, kwargs) => {
    const [topic, targs = [], tkwargs = {}] = args;
    const scope = scopeOf(kwargs);
    if (!scope) return invalid("scope must be destroyed or detached");
    if (!Array.isArray(targs)) return invalid("args must be a list");
    if (typeof tkwargs !== "object" || tkwargs === null || Array.isArray(tkwargs)) {
      return invalid("kwargs must be a dict");
    }
    const options = kwargs["publish_options"];
    const problem = checkTestament(topic, options);
    if (problem) return invalid(problem);
    realm.broker.addTestament(caller, scope, {
      topic: topic as string,
      args: targs,
      kwargs: tkwargs as WampDict,
      options: (options ?? {}) as WampDict,
    });
    return {};
  }],
  [MetaUri.SESSION_FLUSH_TESTAMENTS, (realm, caller, _args, kwargs) => {
    const scope = scopeOf(kwargs);
    if (!scope) return invalid("scope must be destroyed or detached");
    realm.broker.flushTestaments(caller, scope);
    return {};
  }],
  // -- Registration Meta API
  [MetaUri.REGISTRATION_LIST, (realm) => {
    const out: Record<MatchPolicy, number[]> = { exact: [], prefix: [], wildcard: [] };
    for (const r of realm.dealer.registrations.values()) out[r.match].push(r.id);
    return { args: [out] };
  }],
  [MetaUri.REGISTRATION_LOOKUP, (realm, _c, args) => {
    const match = matchOption(args[1]);
    if (typeof args[0] !== "string" || !match) return invalid("expected procedure and options");
    return { args: [realm.dealer.lookup(args[0], match)?.id ?? null] };
  }],
  [MetaUri.REGISTRATION_MATCH, (realm, _c, args) => {
    if (typeof args[0] !== "string") return invalid("expected a procedure URI");
    return { args: [realm.dealer.match(args[0])?.id ?? null] };
  }],
  [MetaUri.REGISTRATION_GET, (realm, _c, args) => {
    const r = id(args[0]) ? realm.dealer.registrations.get(args[0]) : undefined;
    return r ? { args: [registrationDetails(r)] } : noSuchRegistration;
  }],
  [MetaUri.REGISTRATION_LIST_CALLEES, (realm, _c, args) => {
    const r = id(args[0]) ? realm.dealer.registrations.get(args[0]) : undefined;
    return r ? { args: [r.callees.map((c) => c.session.id)] } : noSuchRegistration;
  }],
  [MetaUri.REGISTRATION_COUNT_CALLEES, (realm, _c, args) => {
    const r = id(args[0]) ? realm.dealer.registrations.get(args[0]) : undefined;
    return r ? { args: [r.callees.length] } : noSuchRegistration;
  }],
  // -- Subscription Meta API
  [MetaUri.SUBSCRIPTION_LIST, (realm) => {
    const out: Record<MatchPolicy, number[]> = { exact: [], prefix: [], wildcard: [] };
    for (const s of realm.broker.subscriptions.values()) out[s.match].push(s.id);
    return { args: [out] };
  }],
  [MetaUri.SUBSCRIPTION_LOOKUP, (realm, _c, args) => {
    const match = matchOption(args[1]);
    if (typeof args[0] !== "string" || !match) return invalid("expected topic and options");
    return { args: [realm.broker.lookup(args[0], match)?.id ?? null] };
  }],
  [MetaUri.SUBSCRIPTION_MATCH, (realm, _c, args) => {
    if (typeof args[0] !== "string") return invalid("expected a topic URI");
    const ids = realm.broker.match(args[0]).map((s) => s.id);
    return { args: [ids.length > 0 ? ids : null] };
  }],
  [MetaUri.SUBSCRIPTION_GET, (realm, _c, args) => {
    const s = id(args[0]) ? realm.broker.subscriptions.get(args[0]) : undefined;
    return s ? { args: [subscriptionDetails(s)] } : noSuchSubscription;
  }],
  [MetaUri.SUBSCRIPTION_LIST_SUBSCRIBERS, (realm, _c, args) => {
    const s = id(args[0]) ? realm.broker.subscriptions.get(args[0]) : undefined;
    return s ? { args: [[...s.subscribers].map((x) => x.id)] } : noSuchSubscription;
  }],
  [MetaUri.SUBSCRIPTION_COUNT_SUBSCRIBERS, (realm, _c, args) => {
    const s = id(args[0]) ? realm.broker.subscriptions.get(args[0]) : undefined;
    return s ? { args: [s.subscribers.size] } : noSuchSubscription;
  }],
]);

/**
 * The meta procedures this router implements.
 *
 * @example Calling a meta procedure
 * ```ts
 * import { META_PROCEDURES, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * if (!META_PROCEDURES.includes("wamp.session.count")) throw new Error("Not implemented");
 * const count = await session.call("wamp.session.count");
 * if (count !== 1) throw new Error(`Unexpected count ${count}`);
 * ```
 */
export const META_PROCEDURES: readonly string[] = Object.freeze([...PROCEDURES.keys()]);

/**
 * Runs meta procedure `procedure` for `caller`; an unknown `wamp.` procedure
 * gives `wamp.error.no_such_procedure`.
 */
export function callMeta(
  realm: Realm,
  caller: RouterSession,
  procedure: string,
  args: readonly unknown[],
  kwargs: WampDict,
): MetaOutcome {
  const fn = PROCEDURES.get(procedure);
  if (!fn) {
    return { error: ErrorUri.NO_SUCH_PROCEDURE, args: [`no meta procedure "${procedure}"`] };
  }
  return fn(realm, caller, args, kwargs);
}
