/**
 * Adds CBOR (`wamp.2.cbor`) to the browser client
 * (`@autobahn/autobahn/client`): importing this module registers it with the
 * platform-`WebSocket` transport, so components offer it. About 8 kB
 * min+gzip (the `cbor-x` decoder, its no-`eval` build).
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/cbor";
 *
 * const comp = new Component({
 *   transports: [{ url: "ws://localhost:8080/ws", serializers: ["cbor", "json"] }],
 *   realm: "realm1",
 * });
 * ```
 *
 * @module
 */
import { registerPlatformSerializer } from "../transport/browser_websocket.ts";
import { CborSerializer } from "../wamp/serializers/cbor.ts";

export { CborSerializer };

registerPlatformSerializer("cbor", (options) => new CborSerializer(options));
