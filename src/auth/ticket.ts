/**
 * Ticket authentication (advanced profile "Authentication > Ticket-based
 * Authentication"), both sides: the client answers the CHALLENGE with its
 * ticket; the router checks the ticket against a static principal table in
 * constant time.
 *
 * @module
 */
import type { AuthMethodContribution } from "../component/config.ts";
import type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
import type { AuthenticateMessage } from "../wamp/messages_session.ts";
import type { WampDict } from "../wamp/types.ts";
import {
  authenticationFailed,
  NO_MATCHING_AUTH_METHOD,
  offeredMethod,
  type PendingChallengeOptions,
  PendingChallenges,
  requireString,
  stringsEqual,
} from "./_common.ts";

/**
 * Client config of ticket authentication.
 *
 * @example Joining with a ticket
 * ```ts
 * import { type TicketClientConfig, ticketClient } from "@autobahn/autobahn/auth";
 *
 * const config: TicketClientConfig = { authid: "joe", ticket: "secret!!!", authrole: "user" };
 * const auth = ticketClient(config);
 * if (auth.authrole !== "user") throw new Error("authrole lost");
 * // session.join("realm1", { authmethods: ["ticket"], ...auth })
 * ```
 */
export interface TicketClientConfig {
  /** The authid (user name). */
  readonly authid: string;
  /** The ticket (password, token). */
  readonly ticket: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Extra data for HELLO. */
  readonly authextra?: WampDict;
}

/**
 * Builds the client side of ticket authentication.
 *
 * @throws {TypeError} when `authid` or `ticket` is missing.
 *
 * @example
 * ```ts
 * import { ticketClient } from "@autobahn/autobahn/auth";
 * const c = ticketClient({ authid: "joe", ticket: "secret!!!" });
 * await c.onChallenge?.({ method: "ticket", extra: {} }); // "secret!!!"
 * ```
 */
export function ticketClient(config: TicketClientConfig): AuthMethodContribution {
  const authid = requireString("ticket config", "authid", config.authid);
  if (typeof config.ticket !== "string") {
    throw new TypeError("Invalid ticket config: ticket must be a string");
  }
  const ticket = config.ticket;
  return {
    authid,
    authrole: config.authrole,
    authextra: config.authextra,
    onChallenge: (challenge) => {
      if (challenge.method !== "ticket") {
        throw new TypeError(`Cannot answer challenge: unexpected method "${challenge.method}"`);
      }
      return ticket;
    },
  };
}

/**
 * One principal of the static ticket table.
 *
 * @example Checking a ticket
 * ```ts
 * import {
 *   type HelloContext,
 *   ticketAuthenticator,
 *   type TicketPrincipal,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * const joe: TicketPrincipal = { ticket: "secret!!!", role: "user" };
 * const auth = ticketAuthenticator({ type: "static", principals: { joe } });
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
 * };
 * await auth.hello(ctx);
 * const d = await auth.authenticate!(ctx, new AuthenticateMessage({ signature: "secret!!!" }));
 * if (d.kind !== "welcome" || d.authrole !== "user") throw new Error(d.kind);
 * ```
 */
export interface TicketPrincipal {
  /** The expected ticket. */
  readonly ticket: string;
  /** The role the principal is welcomed with. */
  readonly role: string;
}

/**
 * Router config of ticket authentication, as in Crossbar's transport `auth.ticket`.
 *
 * @example A wrong ticket fails
 * ```ts
 * import {
 *   type HelloContext,
 *   ticketAuthenticator,
 *   type TicketAuthenticatorConfig,
 * } from "@autobahn/autobahn/auth";
 * import { AuthenticateMessage } from "@autobahn/autobahn/wamp";
 *
 * const config: TicketAuthenticatorConfig = {
 *   type: "static",
 *   principals: { joe: { ticket: "secret!!!", role: "user" } },
 * };
 * const auth = ticketAuthenticator(config);
 * const ctx: HelloContext = {
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
 * };
 * await auth.hello(ctx);
 * const d = await auth.authenticate!(ctx, new AuthenticateMessage({ signature: "guess" }));
 * if (d.kind !== "abort" || d.reason !== "wamp.error.authentication_failed") {
 *   throw new Error(d.kind);
 * }
 * ```
 */
export interface TicketAuthenticatorConfig {
  /** Only static tables are built in; dynamic authenticators plug in elsewhere. */
  readonly type: "static";
  /** The principals, by authid. */
  readonly principals: { readonly [authid: string]: TicketPrincipal };
}

interface TicketPending {
  readonly authid: string;
  /** Undefined for an unknown authid or a refused role: the check then always fails. */
  readonly principal: TicketPrincipal | undefined;
}

// Compared against when the authid is unknown, so both paths do the same work.
const DUMMY_TICKET = "\u0000unknown-principal";

/**
 * Builds the router side of ticket authentication over a static table.
 * Every HELLO offering `ticket` is challenged; an unknown authid, a role
 * other than the principal's, or a wrong ticket all fail at AUTHENTICATE
 * with `wamp.error.authentication_failed`.
 *
 * @throws {TypeError} for a malformed table; {RangeError} for bad limits.
 *
 * @example
 * ```ts
 * import { ticketAuthenticator } from "@autobahn/autobahn/auth";
 * const a = ticketAuthenticator({
 *   type: "static",
 *   principals: { joe: { ticket: "secret!!!", role: "user" } },
 * });
 * ```
 */
export function ticketAuthenticator(
  config: TicketAuthenticatorConfig,
  options?: PendingChallengeOptions,
): Authenticator {
  if (config?.type !== "static") {
    throw new TypeError('Invalid ticket authenticator config: type must be "static"');
  }
  const principals = new Map<string, TicketPrincipal>();
  for (const [authid, p] of Object.entries(config.principals ?? {})) {
    if (typeof p?.ticket !== "string") {
      throw new TypeError(`Invalid ticket principal "${authid}": ticket must be a string`);
    }
    requireString(`ticket principal "${authid}"`, "role", p.role);
    principals.set(authid, { ticket: p.ticket, role: p.role });
  }
  const pending = new PendingChallenges<TicketPending>(options);

  return {
    hello(context: HelloContext): AuthDecision {
      if (!offeredMethod(context, ["ticket"])) {
        return { kind: "abort", reason: NO_MATCHING_AUTH_METHOD };
      }
      const authid = context.details.authid ?? "";
      let principal = principals.get(authid);
      const wanted = context.details.authrole;
      if (principal && wanted !== undefined && wanted !== principal.role) principal = undefined;
      pending.put(context.sessionId, { authid, principal });
      return { kind: "challenge", authMethod: "ticket", extra: {} };
    },
    authenticate(context: HelloContext, message: AuthenticateMessage): AuthDecision {
      const state = pending.take(context.sessionId);
      if (!state) return authenticationFailed();
      const signature = typeof message.signature === "string" ? message.signature : "";
      const ok = stringsEqual(signature, state.principal?.ticket ?? DUMMY_TICKET);
      if (!ok || !state.principal) return authenticationFailed();
      return {
        kind: "welcome",
        authid: state.authid,
        authrole: state.principal.role,
        authmethod: "ticket",
        authprovider: "static",
      };
    },
  };
}

/**
 * Registration record of ticket authentication for the component and router wiring.
 *
 * @example Both sides from one record
 * ```ts
 * import { ticketMethod } from "@autobahn/autobahn/auth";
 *
 * const client = ticketMethod.client({ authid: "joe", ticket: "secret!!!" });
 * const router = ticketMethod.authenticator({ type: "static", principals: {} });
 * const answer = await client.onChallenge?.({ method: "ticket", extra: {} });
 * if (ticketMethod.name !== "ticket" || answer !== "secret!!!" || !router.authenticate) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export const ticketMethod: {
  readonly name: "ticket";
  readonly client: typeof ticketClient;
  readonly authenticator: typeof ticketAuthenticator;
} = Object.freeze({ name: "ticket", client: ticketClient, authenticator: ticketAuthenticator });
