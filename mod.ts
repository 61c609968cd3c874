/**
 * Autobahn|TS: WebSocket (RFC 6455) and WAMP v2 for Deno, Bun and browsers.
 *
 * This entry point re-exports the public API of every layer:
 *
 * - WebSocket clients and servers: the seed's callback face
 *   (`WebSocketServerProtocol`, `WebSocketServerFactory`, `listenWebSocket`,
 *   `WebSocketClientProtocol`, `WebSocketClientFactory`, `connectWebSocket`) and
 *   the modern face (`serve`, `connect`, `WebSocketConnection`), over one
 *   sans-I/O engine (`WebSocketProtocolCore`).
 * - WAMP messages, URIs, IDs, errors and serializers (JSON with the binary
 *   convention, MessagePack, CBOR, UBJSON).
 * - The WAMP client: `Component` and `run()` (reconnects, re-registration),
 *   `ApplicationSession`/`ApplicationRunner`, and the promise-based `Session`
 *   (call, register, publish, subscribe, with `AbortSignal` cancellation,
 *   progressive results as async iterables and typed procedures).
 * - The embedded WAMP router: `startRouter(config)`, `Router`, config parsing.
 * - Authentication, client and router sides: ticket, WAMP-CRA, WAMP-Cryptosign
 *   (`CryptosignKey`: hex, OpenSSH and signify keys), WAMP-SCRAM (Argon2id and
 *   PBKDF2), static and dynamic authenticators.
 * - The RawSocket engine.
 * - WAMP transports (`connectTransport("ws://…" | "rs://…")`): one
 *   `MessageTransport` interface over WebSocket (our engine, or the platform
 *   `WebSocket` in browsers and Bun) and RawSocket (TCP, TLS, Unix).
 *
 * Subpath entries (`@autobahn/autobahn/websocket`, `/wamp`, `/rawsocket`, `/transport`,
 * `/session`, `/component`, `/router`, `/auth`, `/util`)
 * import one layer alone.
 *
 * @example
 * ```ts
 * import { connect, serve } from "@autobahn/autobahn";
 * await using server = await serve({ port: 0 }, async (ws) => {
 *   for await (const msg of ws) ws.send(msg);
 * });
 * await using ws = await connect(`ws://127.0.0.1:${server.port}`);
 * ws.send("Hello");
 * for await (const echo of ws) {
 *   console.log(echo); // "Hello"
 *   break;
 * }
 * ```
 *
 * @module
 */
export * from "./src/websocket/mod.ts";
export * from "./src/wamp/mod.ts";
export * from "./src/rawsocket/mod.ts";
export * from "./src/transport/mod.ts";
export * from "./src/session/mod.ts";
export * from "./src/component/mod.ts";
export * from "./src/util/mod.ts";
export * from "./src/auth/mod.ts";
// The client's camelCase option types and handles win over the wire types of
// the same names (those stay available as `Wire*` and from `/wamp`).
export type {
  CallOptions,
  EventDetails,
  InvokePolicy,
  PublishOptions,
  RegisterOptions,
  SubscribeOptions,
} from "./src/session/mod.ts";
export { Registration, Subscription } from "./src/session/mod.ts";
export type {
  AnonymousAuthConfig,
  EndpointConfig,
  TicketAuthConfig,
  TransportConfig,
} from "./src/component/mod.ts";
// Router-config types whose names the client config also uses.
export type {
  AnonymousAuthConfig as RouterAnonymousAuthConfig,
  EndpointConfig as RouterEndpointConfig,
  InvokePolicy as RouterInvokePolicy,
  Registration as RouterRegistration,
  Subscription as RouterSubscription,
  TicketAuthConfig as RouterTicketAuthConfig,
  TransportConfig as RouterTransportConfig,
} from "./src/router/mod.ts";
export * from "./src/router/mod.ts";
