/**
 * Adds WAMP-CRA to the browser client (`@autobahn/autobahn/client`):
 * importing this module registers the `wampcra` authentication method for
 * components (HMAC-SHA256, and PBKDF2 for salted secrets, from
 * `@noble/hashes`).
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/wampcra";
 *
 * const comp = new Component({
 *   transports: "ws://localhost:8080/ws",
 *   realm: "realm1",
 *   authentication: { wampcra: { authid: "joe", secret: "secret1" } },
 * });
 * ```
 *
 * @module
 */
import { wampcraClient } from "../auth/wampcra.ts";
import { registerClientAuth } from "./_register.ts";

export { computeWcs, deriveKey, wampcraClient, type WampcraClientConfig } from "../auth/wampcra.ts";

registerClientAuth("wampcra", wampcraClient);
