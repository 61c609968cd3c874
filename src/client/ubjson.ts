/**
 * Adds UBJSON (`wamp.2.ubjson`) to the browser client
 * (`@autobahn/autobahn/client`): importing this module registers it with the
 * platform-`WebSocket` transport, so components offer it when asked to
 * (it is not among the default serializers). About 3 kB min+gzip.
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/ubjson";
 *
 * const comp = new Component({
 *   transports: [{ url: "ws://localhost:8080/ws", serializers: ["ubjson"] }],
 *   realm: "realm1",
 * });
 * ```
 *
 * @module
 */
import { registerPlatformSerializer } from "../transport/browser_websocket.ts";
import { UbjsonSerializer } from "../wamp/serializers/ubjson.ts";

export { UbjsonSerializer };

registerPlatformSerializer("ubjson", (options) => new UbjsonSerializer(options));
