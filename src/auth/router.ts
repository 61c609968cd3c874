/**
 * The built-in router authenticators of every challenge method, for
 * `startRouter` and for embedders building a {@linkcode createAuthenticator}.
 *
 * @module
 */
import type { AuthMethodFactories } from "./authenticators.ts";
import { cryptosignMethod } from "./cryptosign.ts";
import { scramMethod } from "./scram.ts";
import { ticketMethod } from "./ticket.ts";
import { wampcraMethod } from "./wampcra.ts";

/**
 * The static authenticator factories of ticket, wampcra, cryptosign and scram.
 *
 * @example A ticket authenticator from the built-in table
 * ```ts
 * import { BUILTIN_AUTHENTICATORS, createAuthenticator } from "@autobahn/autobahn/auth";
 *
 * const auth = createAuthenticator(
 *   { ticket: { type: "static", principals: { joe: { ticket: "s3cret", role: "user" } } } },
 *   { factories: BUILTIN_AUTHENTICATORS },
 * );
 * const d = await auth.hello({
 *   realm: "realm1",
 *   sessionId: 1,
 *   details: { roles: { caller: {} }, authmethods: ["ticket"], authid: "joe" },
 * });
 * if (d.kind !== "challenge") throw new Error(d.kind);
 * ```
 */
export const BUILTIN_AUTHENTICATORS: AuthMethodFactories = Object.freeze({
  ticket: ticketMethod.authenticator,
  wampcra: wampcraMethod.authenticator,
  cryptosign: cryptosignMethod.authenticator,
  scram: scramMethod.authenticator,
});
