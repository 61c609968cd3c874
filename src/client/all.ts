/**
 * The browser client (`@autobahn/autobahn/client`) with every serializer
 * (JSON, MessagePack, CBOR, UBJSON) and every client authentication method
 * (anonymous, ticket, WAMP-CRA, WAMP-Cryptosign, WAMP-SCRAM) registered:
 * for pages that would rather not pick.
 *
 * @example
 * ```ts ignore
 * import { Component, run } from "@autobahn/autobahn/client/all";
 *
 * const comp = new Component({
 *   transports: "ws://localhost:8080/ws",
 *   realm: "realm1",
 *   authentication: { wampcra: { authid: "joe", secret: "secret1" } },
 * });
 * await run(comp);
 * ```
 *
 * @module
 */
export * from "../client.ts";
export * from "./msgpack.ts";
export * from "./cbor.ts";
export * from "./ubjson.ts";
export * from "./wampcra.ts";
export * from "./cryptosign.ts";
export * from "./scram.ts";
