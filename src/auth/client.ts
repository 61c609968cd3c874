/**
 * Registers the client side of every authentication method with the
 * Component's authentication seam, so that
 * `new Component({ authentication: { wampcra: { authid, secret } } })`
 * works: `ticket`, `wampcra`, `cryptosign`, and `scram` (also under the
 * spec's name `wamp-scram`). Imported for its effect by
 * `src/component/connector.ts`; importing it again is harmless.
 *
 * @module
 */
import { registerAuthMethod } from "../component/config.ts";
import { cryptosignMethod } from "./cryptosign.ts";
import { scramMethod } from "./scram.ts";
import { ticketMethod } from "./ticket.ts";
import { wampcraMethod } from "./wampcra.ts";
import type { WampDict } from "../wamp/types.ts";

/**
 * The method names this module registers.
 *
 * @example Methods a component can authenticate with
 * ```ts
 * import { CLIENT_AUTH_METHODS } from "@autobahn/autobahn/auth";
 *
 * if (!CLIENT_AUTH_METHODS.includes("wampcra")) throw new Error("wampcra is built in");
 * if (!CLIENT_AUTH_METHODS.includes("wamp-scram")) throw new Error("so is WAMP-SCRAM");
 * ```
 */
export const CLIENT_AUTH_METHODS: readonly string[] = Object.freeze([
  "ticket",
  "wampcra",
  "cryptosign",
  "scram",
  "wamp-scram",
]);

type AnyClient = (config: never) => ReturnType<typeof ticketMethod.client>;

function register(name: string, client: AnyClient): void {
  registerAuthMethod(name, (config) => {
    try {
      return client(config as never);
    } catch (err) {
      if (err instanceof TypeError && !err.message.startsWith("Invalid component config")) {
        throw new TypeError(`Invalid component config: authentication.${name}: ${err.message}`);
      }
      throw err;
    }
  });
}

register("ticket", ticketMethod.client);
register("wampcra", wampcraMethod.client);
register("cryptosign", cryptosignMethod.client);
// WAMP-SCRAM also authenticates the router: its verifier in WELCOME is checked.
const scramWithWelcomeCheck = (config: never) => {
  const c = scramMethod.client(config);
  return { ...c, onWelcome: (authextra: WampDict | undefined) => c.verifyWelcome(authextra) };
};
register("scram", scramWithWelcomeCheck as AnyClient);
register("wamp-scram", scramWithWelcomeCheck as AnyClient);
