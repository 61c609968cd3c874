/**
 * Adds WAMP-Cryptosign to the browser client (`@autobahn/autobahn/client`):
 * importing this module registers the `cryptosign` authentication method
 * for components (Ed25519 from `@noble/ed25519`), and exports
 * {@linkcode CryptosignKey} to load or make keys.
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import { CryptosignKey } from "@autobahn/autobahn/client/cryptosign";
 *
 * const key = CryptosignKey.fromSeed(crypto.getRandomValues(new Uint8Array(32)));
 * const comp = new Component({
 *   transports: "ws://localhost:8080/ws",
 *   realm: "realm1",
 *   authentication: { cryptosign: { authid: "alice", privkey: key } },
 * });
 * ```
 *
 * @module
 */
import { cryptosignClient } from "../auth/cryptosign.ts";
import { registerClientAuth } from "./_register.ts";

export {
  type CryptosignChannelBinding,
  cryptosignClient,
  type CryptosignClientConfig,
  signCryptosignChallenge,
} from "../auth/cryptosign.ts";
export { CryptosignKey } from "../auth/keys.ts";

registerClientAuth("cryptosign", cryptosignClient);
