/**
 * Adds WAMP-SCRAM to the browser client (`@autobahn/autobahn/client`):
 * importing this module registers the `wamp-scram` and `scram`
 * authentication methods for components (Argon2id and PBKDF2 from
 * `@noble/hashes`), including the check of the router's verifier in
 * WELCOME (mutual authentication).
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/scram";
 *
 * const comp = new Component({
 *   transports: "ws://localhost:8080/ws",
 *   realm: "realm1",
 *   authentication: { "wamp-scram": { authid: "alice", password: "secret" } },
 * });
 * ```
 *
 * @module
 */
import { scramClient, type ScramClientConfig } from "../auth/scram.ts";
import type { WampDict } from "../wamp/types.ts";
import { registerClientAuth } from "./_register.ts";

export {
  scramClient,
  type ScramClientConfig,
  type ScramClientContribution,
  type ScramKdf,
  ScramVerificationError,
} from "../auth/scram.ts";

// WAMP-SCRAM also authenticates the router: its verifier in WELCOME is checked.
function scramWithWelcomeCheck(config: ScramClientConfig) {
  const c = scramClient(config);
  return { ...c, onWelcome: (authextra: WampDict | undefined) => c.verifyWelcome(authextra) };
}
registerClientAuth("wamp-scram", scramWithWelcomeCheck);
registerClientAuth("scram", scramWithWelcomeCheck);
