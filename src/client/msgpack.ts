/**
 * Adds MessagePack (`wamp.2.msgpack`) to the browser client
 * (`@autobahn/autobahn/client`): importing this module registers it with the
 * platform-`WebSocket` transport, so components offer it. About 6 kB
 * min+gzip (the `@msgpack/msgpack` library).
 *
 * @example
 * ```ts ignore
 * import { Component } from "@autobahn/autobahn/client";
 * import "@autobahn/autobahn/client/msgpack";
 *
 * const comp = new Component({
 *   transports: [{ url: "ws://localhost:8080/ws", serializers: ["msgpack", "json"] }],
 *   realm: "realm1",
 * });
 * ```
 *
 * @module
 */
import { registerPlatformSerializer } from "../transport/browser_websocket.ts";
import { MsgpackSerializer } from "../wamp/serializers/msgpack.ts";

export { MsgpackSerializer };

registerPlatformSerializer("msgpack", (options) => new MsgpackSerializer(options));
