/**
 * Authentication for Autobahn|TS, both sides: anonymous, ticket, WAMP-CRA,
 * WAMP-Cryptosign and WAMP-SCRAM (`scram` and `wamp-scram`).
 *
 * Clients configure it through `new Component({ authentication: {...} })`
 * (the methods here are registered with the component's authentication
 * seam) or use the `*Client` builders with `session.join`. Routers configure
 * it in a transport's `auth` section (Crossbar style, static or dynamic) or
 * build an authenticator with {@linkcode createAuthenticator}.
 *
 * @example A component authenticating with WAMP-CRA
 * ```ts
 * import { Component } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * const users = { peter: { secret: "secret1", role: "user" } };
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{
 *       type: "websocket",
 *       endpoint: { type: "tcp", port: 8080, interface: "127.0.0.1" },
 *       auth: { wampcra: { type: "static", users } },
 *     }],
 *   }],
 * }, { ephemeralPorts: true }); // a free port instead of 8080
 * const comp = new Component({
 *   transports: router.transports[0]!.url,
 *   realm: "realm1",
 *   authentication: { wampcra: { authid: "peter", secret: "secret1" } },
 * });
 * let authrole: string | undefined;
 * comp.onJoin(async (session, details) => {
 *   authrole = details.authrole;
 *   await session.leave();
 * });
 * await comp.start(); // done once the session left
 * if (authrole !== "user") throw new Error(`unexpected ${authrole}`);
 * ```
 *
 * @example Deriving a salted WAMP-CRA key and signing a challenge
 * ```ts
 * import { computeWcs, deriveKey } from "@autobahn/autobahn/auth";
 * const key = deriveKey("secret1", "salt123", 1000, 32);
 * computeWcs(key, "challenge text");
 * ```
 *
 * @module
 */
import "./client.ts";

export * from "./ticket.ts";
export * from "./wampcra.ts";
export * from "./cryptosign.ts";
export * from "./keys.ts";
export * from "./scram.ts";
export {
  type AuthMethodFactories,
  CHALLENGE_TTL,
  type ChallengeMethod,
  type CombinedAuthenticatorOptions,
  createAuthenticator,
  createDynamicAuthenticator,
  createInternalCaller,
  DEFAULT_AUTHENTICATOR_TIMEOUT,
  type InternalCaller,
  type ProcedureCaller,
  type StaticAuthenticatorFactory,
} from "./authenticators.ts";
export { BUILTIN_AUTHENTICATORS } from "./router.ts";
export { CLIENT_AUTH_METHODS } from "./client.ts";
export type { PendingChallengeOptions } from "./_common.ts";
export type {
  AuthConfig,
  CryptosignAuthConfig,
  DynamicAuthConfig,
  ScramAuthConfig,
  TicketAuthConfig,
  WampcraAuthConfig,
} from "../router/config.ts";
export type { AuthDecision, Authenticator, HelloContext } from "../router/types.ts";
export type { AuthMethodContribution } from "../component/config.ts";
export type {
  Challenge,
  ChallengeHandler,
  ChallengeResponse,
  JoinOptions,
} from "../session/types.ts";
