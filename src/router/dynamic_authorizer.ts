/**
 * Crossbar-style dynamic authorization: a role configured with
 * `"authorizer": "<procedure URI>"` has every action of its sessions ruled on
 * by a WAMP procedure that some component registers on the same realm. The
 * router calls it through its own in-process session (role
 * {@linkcode TRUSTED_ROLE}, never itself subject to authorization) with
 * `[session_details, uri, action, options]`.
 *
 * Answers: `true` (or any truthy non-dict) allows; a dict `{allow, disclose,
 * cache}` allows when `allow` is `true` and forces caller/publisher disclosure
 * when `disclose` is `true` (`cache` is accepted and ignored). Anything else
 * (false, a missing procedure, an error, a timeout, a closed router) denies:
 * the action fails with `wamp.error.not_authorized`.
 *
 * @module
 */
import type { MessageTransport } from "../transport/message_transport.ts";
import { Session } from "../session/session.ts";
import type { WampDict } from "../wamp/types.ts";
import type { RouterSession } from "./session.ts";
import type { AuthorizeAction, AuthorizeDecision, Authorizer, AuthorizeSubject } from "./types.ts";

/** The built-in role of in-process components (mirrors `start.ts`). */
const TRUSTED_ROLE = "trusted";

/** Default milliseconds an authorizer procedure has to answer. */
export const DEFAULT_AUTHORIZER_TIMEOUT = 5000;

/** Options of {@linkcode createDynamicAuthorizer}. */
export interface DynamicAuthorizerOptions {
  /** The realm the authorizer procedures are registered on. */
  readonly realm: string;
  /** Role name → authorizer procedure URI. */
  readonly roles: ReadonlyMap<string, string>;
  /** Rules on the roles without an authorizer. */
  readonly fallback: Authorizer;
  /** Opens a transport to the router whose session joins as {@linkcode TRUSTED_ROLE}. */
  readonly connect: () => MessageTransport;
  /** Looks up a joined session of the realm, for its details. */
  readonly lookup?: (session: number) => RouterSession | undefined;
  /** Milliseconds an authorizer call may take. Default {@linkcode DEFAULT_AUTHORIZER_TIMEOUT}. */
  readonly timeout?: number;
}

/** An {@linkcode Authorizer} backed by WAMP procedures, with a `close()` for shutdown. */
export interface DynamicAuthorizer extends Authorizer {
  /** Leaves the router-internal session; later authorizations are denied. */
  close(): Promise<void>;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Interprets an authorizer procedure's answer, failing closed. */
export function interpretAuthorizerResult(result: unknown): AuthorizeDecision {
  if (isDict(result)) {
    if (result.allow !== true) return false;
    return result.disclose === true ? { allow: true, disclose: true } : true;
  }
  if (Array.isArray(result)) return false;
  return Boolean(result);
}

/**
 * Creates the authorizer of a realm with dynamic-authorizer roles. The
 * internal session is created on first use and again after it is lost.
 */
export function createDynamicAuthorizer(options: DynamicAuthorizerOptions): DynamicAuthorizer {
  const timeout = options.timeout ?? DEFAULT_AUTHORIZER_TIMEOUT;
  let pending: Promise<Session> | undefined;
  let current: Session | undefined;
  let closed = false;

  const session = (): Promise<Session> => {
    if (current && !current.isJoined) {
      void current[Symbol.asyncDispose]().catch(() => {});
      current = undefined;
      pending = undefined;
    }
    if (!pending) {
      pending = (async () => {
        const s = new Session(options.connect());
        try {
          await s.join(options.realm, { authrole: TRUSTED_ROLE });
        } catch (err) {
          await s.transport.close().catch(() => {});
          throw err;
        }
        if (closed) {
          await s[Symbol.asyncDispose]().catch(() => {});
          throw new Error("dynamic authorizer closed");
        }
        current = s;
        return s;
      })();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };

  const details = (subject: AuthorizeSubject): WampDict => {
    const rs = options.lookup?.(subject.session);
    return {
      session: subject.session,
      realm: subject.realm,
      authid: subject.authid,
      authrole: subject.authrole,
      authmethod: rs?.authmethod ?? "",
      authprovider: rs?.authprovider ?? "",
      authextra: {},
    };
  };

  const ask = async (
    procedure: string,
    subject: AuthorizeSubject,
    uri: string,
    action: AuthorizeAction,
    opts: WampDict,
  ): Promise<AuthorizeDecision> => {
    try {
      if (closed) return false;
      const s = await session();
      const result = await s.call(procedure, [details(subject), uri, action, opts], {}, {
        timeout,
      });
      return interpretAuthorizerResult(result);
    } catch {
      return false;
    }
  };

  return {
    authorize(subject, uri, action, opts) {
      // The router's own session must not recurse into the authorizer.
      if (current && subject.session === current.id) return true;
      const procedure = options.roles.get(subject.authrole);
      if (procedure === undefined) return options.fallback.authorize(subject, uri, action, opts);
      return ask(procedure, subject, uri, action, opts);
    },
    async close() {
      closed = true;
      const s = current ?? await pending?.catch(() => undefined);
      current = undefined;
      pending = undefined;
      if (s) await s[Symbol.asyncDispose]().catch(() => {});
    },
  };
}
