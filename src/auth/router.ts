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

/** The static authenticator factories of ticket, wampcra, cryptosign and scram. */
export const BUILTIN_AUTHENTICATORS: AuthMethodFactories = Object.freeze({
  ticket: ticketMethod.authenticator,
  wampcra: wampcraMethod.authenticator,
  cryptosign: cryptosignMethod.authenticator,
  scram: scramMethod.authenticator,
});
