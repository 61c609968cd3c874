/**
 * The router's node configuration: a documented subset of Crossbar.io's
 * `config.json` (version 2), parsed and validated in full before anything
 * starts. Every error names the key's path, e.g.
 * `workers[0].transports[1].endpoint.port: expected an integer 0-65535`.
 *
 * Supported subset:
 * - top level: `version` (2), `workers`, and `$schema` / `controller` (ignored);
 * - worker: `type` (`"router"`), `id`, `realms`, `transports`;
 * - realm: `name`, `roles`; role: `name`, and either `permissions` or
 *   `authorizer` (the URI of a procedure the router calls to rule on every
 *   action of the role's sessions: Crossbar's dynamic authorizer);
 *   permission: `uri`, `match` (`exact` | `prefix` | `wildcard`),
 *   `allow` (`call`, `register`, `publish`, `subscribe`),
 *   `disclose` (`caller`, `publisher`), `cache` (ignored);
 * - transport: `type` (`websocket` | `rawsocket` | `web`), `id`, `endpoint`,
 *   `url` (websocket), `serializers`, `max_message_size` (rawsocket),
 *   `options`, `auth`, `paths` (web);
 * - endpoint: `{type: "tcp", port, interface, version, backlog, tls: {key,
 *   certificate, chain_certificates, ca_certificates, ciphers, dhparam}}` or
 *   `{type: "unix", path}`;
 * - websocket options: `max_message_size`, `open_handshake_timeout`,
 *   `close_handshake_timeout`, `auto_ping_interval`, `auto_ping_timeout`,
 *   `allowed_origins`, `enable_webstatus`, `max_connections`;
 * - web paths: keys are URL path segments; values `{type: "websocket", ...}`
 *   or `{type: "static", directory, options: {enable_directory_listing,
 *   mime_types, cache_timeout}}`;
 * - auth (see {@linkcode AuthConfig}): `anonymous: {type: "static", role}`,
 *   `ticket: {type: "static", principals: {authid: {ticket, role}}}`,
 *   `wampcra: {type: "static", users: {authid: {secret, role, salt?,
 *   iterations?, keylen?}}}`, `cryptosign: {type: "static", principals:
 *   {authid: {realm?, role, authorized_keys: [hex]}}}`, `scram` (alias
 *   `wamp-scram`): `{type: "static", principals: {authid: {role, kdf,
 *   iterations, memory, salt, "stored-key", "server-key"}}}`, and for every
 *   method but anonymous `{type: "dynamic", authenticator: URI,
 *   "authenticator-realm"?: realm}`.
 *
 * @module
 */
import { isValidUri } from "../wamp/uri.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";

/**
 * A configuration that does not follow the supported schema; `path` names the key.
 *
 * @example Finding the key at fault
 * ```ts
 * import { ConfigError, parseRouterConfig } from "@autobahn/autobahn/router";
 *
 * const transport = { type: "websocket", endpoint: { type: "tcp", port: 70000 } };
 * const config = {
 *   version: 2,
 *   workers: [{ type: "router", realms: [], transports: [transport] }],
 * };
 * try {
 *   parseRouterConfig(config);
 *   throw new Error("Expected a ConfigError");
 * } catch (e) {
 *   if (!(e instanceof ConfigError)) throw e;
 *   if (e.path !== "workers[0].transports[0].endpoint.port") throw new Error(e.path);
 * }
 * ```
 */
export class ConfigError extends Error {
  /** The key path, e.g. `workers[0].transports[1].endpoint.port`. */
  readonly path: string;

  /** Creates the error for the key at `path`. */
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = "ConfigError";
    this.path = path;
  }
}

/**
 * Which actions a permission allows.
 *
 * @example A subscribe-only permission
 * ```ts
 * import type { PermissionAllow } from "@autobahn/autobahn/router";
 *
 * const allow: PermissionAllow = { call: false, register: false, publish: false, subscribe: true };
 * if (allow.publish) throw new Error("Read-only role publishes");
 * ```
 */
export interface PermissionAllow {
  /** Calling procedures. */
  readonly call: boolean;
  /** Registering procedures. */
  readonly register: boolean;
  /** Publishing events. */
  readonly publish: boolean;
  /** Subscribing to topics. */
  readonly subscribe: boolean;
}

/**
 * One permission rule of a role.
 *
 * @example Checking a permission with the role authorizer
 * ```ts
 * import { createRoleAuthorizer, type PermissionConfig } from "@autobahn/autobahn/router";
 *
 * const permission: PermissionConfig = {
 *   uri: "com.myapp.",
 *   match: "prefix",
 *   allow: { call: true, register: false, publish: false, subscribe: true },
 *   disclose: { caller: false, publisher: false },
 * };
 * const authorizer = createRoleAuthorizer({
 *   name: "realm1",
 *   roles: [{ name: "frontend", permissions: [permission] }],
 * });
 * const subject = { session: 1, realm: "realm1", authid: "alice", authrole: "frontend" };
 * if (authorizer.authorize(subject, "com.myapp.add2", "call", {}) !== true) throw new Error();
 * ```
 */
export interface PermissionConfig {
  /** The URI (or prefix or wildcard pattern; `""` with prefix matches everything). */
  readonly uri: string;
  /** How `uri` matches. */
  readonly match: "exact" | "prefix" | "wildcard";
  /** Allowed actions. */
  readonly allow: PermissionAllow;
  /** Force disclosure of callers and publishers. */
  readonly disclose: { readonly caller: boolean; readonly publisher: boolean };
}

/**
 * A role of a realm.
 *
 * @example A role as parsed from a config file
 * ```ts
 * import { parseRouterConfig, type RoleConfig } from "@autobahn/autobahn/router";
 *
 * const roles = [{ name: "backend", permissions: [{ uri: "", match: "prefix" }] }];
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1", roles }], transports: [] }],
 * });
 * const role: RoleConfig = config.workers[0]!.realms[0]!.roles![0]!;
 * if (role.name !== "backend" || role.permissions.length !== 1) throw new Error("Unexpected");
 * ```
 */
export interface RoleConfig {
  /** The authrole. */
  readonly name: string;
  /** Its permissions (empty for a role with an `authorizer`). */
  readonly permissions: readonly PermissionConfig[];
  /**
   * The URI of a dynamic authorizer procedure, called as
   * `(session_details, uri, action, options)` for every action of the role's
   * sessions (Crossbar's dynamic authorization). Excludes `permissions`.
   */
  readonly authorizer?: string;
}

/**
 * A realm.
 *
 * @example A realm without roles allows everything
 * ```ts
 * import { createRoleAuthorizer, type RealmConfig } from "@autobahn/autobahn/router";
 *
 * const realm: RealmConfig = { name: "realm1" };
 * const authorizer = createRoleAuthorizer(realm);
 * const subject = { session: 1, realm: "realm1", authid: "bob", authrole: "anonymous" };
 * if (authorizer.authorize(subject, "com.myapp.topic", "publish", {}) !== true) throw new Error();
 * ```
 */
export interface RealmConfig {
  /** The realm name (a URI). */
  readonly name: string;
  /** Its roles; absent means every session may do everything. */
  readonly roles?: readonly RoleConfig[];
}

/**
 * `auth.anonymous`.
 *
 * @example Anonymous clients with a chosen role
 * ```ts
 * import type { AnonymousAuthConfig, AuthConfig } from "@autobahn/autobahn/router";
 *
 * const anonymous: AnonymousAuthConfig = { type: "static", role: "guest" };
 * const auth: AuthConfig = { anonymous };
 * if (auth.anonymous?.role !== "guest") throw new Error("Unexpected role");
 * ```
 */
export interface AnonymousAuthConfig {
  /** Only `"static"`. */
  readonly type: "static";
  /** The authrole given to anonymous sessions. Default `"anonymous"`. */
  readonly role: string;
  /**
   * The authid given to anonymous sessions. Default: a random one (or, for
   * the router's trusted in-process sessions, the one the session asks for).
   */
  readonly authid?: string;
}

/**
 * A dynamic authenticator (Crossbar's): the router calls the WAMP procedure
 * `authenticator` on `authenticator-realm` (default: the realm the client
 * joins) with `(realm, authid, details)`; see `src/auth/authenticators.ts`.
 *
 * @example Ticket authentication by a WAMP procedure
 * ```ts
 * import type { AuthConfig, DynamicAuthConfig } from "@autobahn/autobahn/router";
 *
 * const ticket: DynamicAuthConfig = {
 *   type: "dynamic",
 *   authenticator: "com.myapp.authenticate",
 *   "authenticator-realm": "auth",
 * };
 * const auth: AuthConfig = { ticket };
 * if (auth.ticket?.type !== "dynamic") throw new Error("Expected dynamic");
 * ```
 */
export interface DynamicAuthConfig {
  /** `"dynamic"`. */
  readonly type: "dynamic";
  /** The procedure URI. */
  readonly authenticator: string;
  /** The realm the procedure is registered on. Default: the client's realm. */
  readonly "authenticator-realm"?: string;
}

/**
 * A ticket principal.
 *
 * @example One ticket user
 * ```ts
 * import type { TicketAuthConfig, TicketPrincipalConfig } from "@autobahn/autobahn/router";
 *
 * const alice: TicketPrincipalConfig = { ticket: "secret!!!", role: "user" };
 * const ticket: TicketAuthConfig = { type: "static", principals: { alice } };
 * if (ticket.type !== "static" || ticket.principals.alice?.role !== "user") throw new Error();
 * ```
 */
export interface TicketPrincipalConfig {
  /** The ticket (compared in constant time). */
  readonly ticket: string;
  /** The authrole. */
  readonly role: string;
}

/**
 * `auth.ticket`.
 *
 * @example Ticket login over WebSocket
 * ```ts
 * import { type TicketAuthConfig, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { connectTransport } from "@autobahn/autobahn/transport";
 *
 * const ticket: TicketAuthConfig = {
 *   type: "static",
 *   principals: { alice: { ticket: "secret!!!", role: "user" } },
 * };
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint, auth: { ticket } }],
 *   }],
 * }, { ephemeralPorts: true });
 * await using session = new Session(await connectTransport(router.transports[0]!.url));
 * const details = await session.join("realm1", {
 *   authmethods: ["ticket"],
 *   authid: "alice",
 *   onChallenge: () => "secret!!!",
 * });
 * if (details.authrole !== "user") throw new Error(`Unexpected role ${details.authrole}`);
 * ```
 */
export type TicketAuthConfig =
  | {
    readonly type: "static";
    readonly principals: Readonly<Record<string, TicketPrincipalConfig>>;
  }
  | DynamicAuthConfig;

/**
 * A WAMP-CRA user; a salted user's `secret` is the already derived key (base64).
 *
 * @example A WAMP-CRA user with a plain secret
 * ```ts
 * import type { WampcraAuthConfig, WampcraUserConfig } from "@autobahn/autobahn/router";
 *
 * const bob: WampcraUserConfig = { secret: "prq7+YkJ1/KlW1X0YczMHw==", role: "user" };
 * const wampcra: WampcraAuthConfig = { type: "static", users: { bob } };
 * if (wampcra.type !== "static" || wampcra.users.bob?.salt) throw new Error("Unexpected");
 * ```
 */
export interface WampcraUserConfig {
  /** The secret (for a salted user: base64 PBKDF2-HMAC-SHA256 derived key). */
  readonly secret: string;
  /** The authrole. */
  readonly role: string;
  /** The PBKDF2 salt, for salted secrets. */
  readonly salt?: string;
  /** PBKDF2 iterations (salted secrets). */
  readonly iterations?: number;
  /** Derived key length in octets (salted secrets). */
  readonly keylen?: number;
}

/**
 * `auth.wampcra`.
 *
 * @example WAMP-CRA in a transport's auth
 * ```ts
 * import { parseRouterConfig, type WampcraAuthConfig } from "@autobahn/autobahn/router";
 *
 * const wampcra = { type: "static", users: { bob: { secret: "s3cr3t", role: "user" } } };
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{
 *       type: "rawsocket",
 *       endpoint: { type: "tcp", port: 8080 },
 *       auth: { wampcra },
 *     }],
 *   }],
 * });
 * const transport = config.workers[0]!.transports[0]!;
 * const parsed: WampcraAuthConfig | undefined = "auth" in transport
 *   ? transport.auth?.wampcra
 *   : undefined;
 * if (parsed?.type !== "static") throw new Error("Expected static WAMP-CRA");
 * ```
 */
export type WampcraAuthConfig =
  | { readonly type: "static"; readonly users: Readonly<Record<string, WampcraUserConfig>> }
  | DynamicAuthConfig;

/**
 * A WAMP-Cryptosign principal.
 *
 * @example A principal with one public key
 * ```ts
 * import type { CryptosignAuthConfig, CryptosignPrincipalConfig } from "@autobahn/autobahn/router";
 *
 * const device: CryptosignPrincipalConfig = {
 *   role: "device",
 *   authorized_keys: ["545efb0a2192db8d43f118e9bf9aee081466e1ef36c708b96ee6f62dddad9122"],
 * };
 * const cryptosign: CryptosignAuthConfig = { type: "static", principals: { device } };
 * if (cryptosign.type !== "static") throw new Error("Expected static");
 * ```
 */
export interface CryptosignPrincipalConfig {
  /** Restrict the principal to this realm. */
  readonly realm?: string;
  /** The authrole. */
  readonly role: string;
  /** Hex Ed25519 public keys (64 hex digits each). */
  readonly authorized_keys: readonly string[];
}

/**
 * `auth.cryptosign`.
 *
 * @example Cryptosign checked by a dynamic authenticator
 * ```ts
 * import type { AuthConfig, CryptosignAuthConfig } from "@autobahn/autobahn/router";
 *
 * const cryptosign: CryptosignAuthConfig = { type: "dynamic", authenticator: "com.myapp.auth" };
 * const auth: AuthConfig = { cryptosign, anonymous: { type: "static", role: "guest" } };
 * if (auth.cryptosign?.type !== "dynamic") throw new Error("Expected dynamic");
 * ```
 */
export type CryptosignAuthConfig =
  | {
    readonly type: "static";
    readonly principals: Readonly<Record<string, CryptosignPrincipalConfig>>;
  }
  | DynamicAuthConfig;

/**
 * A WAMP-SCRAM principal: the stored verifier data, never the password.
 *
 * @example A stored WAMP-SCRAM verifier
 * ```ts
 * import type { ScramAuthConfig, ScramPrincipalConfig } from "@autobahn/autobahn/router";
 *
 * const alice: ScramPrincipalConfig = {
 *   role: "user",
 *   kdf: "pbkdf2",
 *   iterations: 4096,
 *   salt: "a1b2c3d4e5f60718",
 *   "stored-key": "00".repeat(32),
 *   "server-key": "11".repeat(32),
 * };
 * const scram: ScramAuthConfig = { type: "static", principals: { alice } };
 * if (scram.type !== "static") throw new Error("Expected static");
 * ```
 */
export interface ScramPrincipalConfig {
  /** The authrole. */
  readonly role: string;
  /** `"argon2id-13"` (Crossbar), `"argon2id13"` (spec) or `"pbkdf2"`. */
  readonly kdf: "argon2id-13" | "argon2id13" | "pbkdf2";
  /** KDF iterations. */
  readonly iterations: number;
  /** Argon2 memory in KiB (argon2id-13 only). */
  readonly memory?: number;
  /** The salt (hex). */
  readonly salt: string;
  /** StoredKey (hex). */
  readonly "stored-key": string;
  /** ServerKey (hex). */
  readonly "server-key": string;
}

/**
 * `auth.scram` (config key `scram` or `wamp-scram`).
 *
 * @example WAMP-SCRAM by a dynamic authenticator
 * ```ts
 * import type { AuthConfig, ScramAuthConfig } from "@autobahn/autobahn/router";
 *
 * const scram: ScramAuthConfig = { type: "dynamic", authenticator: "com.myapp.scram" };
 * const auth: AuthConfig = { scram };
 * if (auth.scram?.type !== "dynamic") throw new Error("Expected dynamic");
 * ```
 */
export type ScramAuthConfig =
  | {
    readonly type: "static";
    readonly principals: Readonly<Record<string, ScramPrincipalConfig>>;
  }
  | DynamicAuthConfig;

/**
 * A transport's `auth`: the methods it offers. Absent `auth` means
 * anonymous with role `anonymous`; a present `auth` offers exactly the
 * methods it lists. The config key `wamp-scram` is read as `scram`.
 *
 * @example Ticket users, and anonymous guests, on one transport
 * ```ts
 * import type { AuthConfig } from "@autobahn/autobahn/router";
 *
 * const auth: AuthConfig = {
 *   ticket: { type: "static", principals: { alice: { ticket: "secret!!!", role: "user" } } },
 *   anonymous: { type: "static", role: "guest" },
 * };
 * if (Object.keys(auth).join() !== "ticket,anonymous") throw new Error("Unexpected methods");
 * ```
 */
export interface AuthConfig {
  /** Anonymous authentication. */
  readonly anonymous?: AnonymousAuthConfig;
  /** Ticket authentication. */
  readonly ticket?: TicketAuthConfig;
  /** WAMP-CRA. */
  readonly wampcra?: WampcraAuthConfig;
  /** WAMP-Cryptosign. */
  readonly cryptosign?: CryptosignAuthConfig;
  /** WAMP-SCRAM (clients may ask for `scram` or `wamp-scram`). */
  readonly scram?: ScramAuthConfig;
}

/**
 * A TCP endpoint.
 *
 * @example The parsed TCP endpoint, with its default interface
 * ```ts
 * import { parseRouterConfig, type TcpEndpointConfig } from "@autobahn/autobahn/router";
 *
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * });
 * const endpoint = config.workers[0]!.transports[0]!.endpoint as TcpEndpointConfig;
 * if (endpoint.interface !== "127.0.0.1") throw new Error(endpoint.interface);
 * ```
 */
export interface TcpEndpointConfig {
  /** `"tcp"`. */
  readonly type: "tcp";
  /** The port (0 picks a free one). */
  readonly port: number;
  /** The interface to bind. Default `"127.0.0.1"` (Crossbar binds all; we are safe by default). */
  readonly interface: string;
  /** TLS: PEM file contents already read. */
  readonly tls?: TlsConfig;
}

/**
 * A Unix socket endpoint.
 *
 * @example A Unix socket endpoint
 * ```ts
 * import type { EndpointConfig, UnixEndpointConfig } from "@autobahn/autobahn/router";
 *
 * const unix: UnixEndpointConfig = { type: "unix", path: "/tmp/router.sock" };
 * const endpoint: EndpointConfig = unix;
 * if (endpoint.type !== "unix") throw new Error("Expected unix");
 * ```
 */
export interface UnixEndpointConfig {
  /** `"unix"`. */
  readonly type: "unix";
  /** The socket path. */
  readonly path: string;
}

/**
 * An endpoint.
 *
 * @example Telling TCP from Unix endpoints
 * ```ts
 * import type { EndpointConfig } from "@autobahn/autobahn/router";
 *
 * const describe = (e: EndpointConfig) =>
 *   e.type === "tcp" ? `${e.interface}:${e.port}` : `unix:${e.path}`;
 * const where = describe({ type: "tcp", port: 8080, interface: "127.0.0.1" });
 * if (where !== "127.0.0.1:8080") throw new Error(where);
 * ```
 */
export type EndpointConfig = TcpEndpointConfig | UnixEndpointConfig;

/**
 * TLS settings of a TCP endpoint (file names resolved against the config file's directory).
 *
 * @example TLS files of an endpoint
 * ```ts
 * import type { TcpEndpointConfig, TlsConfig } from "@autobahn/autobahn/router";
 *
 * const tls: TlsConfig = { key: "server.key", certificate: "server.crt", chainCertificates: [] };
 * const endpoint: TcpEndpointConfig = { type: "tcp", port: 8443, interface: "0.0.0.0", tls };
 * if (!endpoint.tls) throw new Error("Expected TLS");
 * ```
 */
export interface TlsConfig {
  /** Path of the private key (PEM). */
  readonly key: string;
  /** Path of the certificate (PEM). */
  readonly certificate: string;
  /** Paths of chain certificates appended to the certificate. */
  readonly chainCertificates: readonly string[];
}

/**
 * WebSocket options (Crossbar's names, snake_case).
 *
 * @example Crossbar's WebSocket options
 * ```ts
 * import type { WebSocketOptionsConfig } from "@autobahn/autobahn/router";
 *
 * const options: WebSocketOptionsConfig = {
 *   max_message_size: 1_048_576,
 *   auto_ping_interval: 10_000,
 *   auto_ping_timeout: 5_000,
 *   allowed_origins: ["https://*.example.com"],
 * };
 * if (options.auto_ping_interval !== 10_000) throw new Error("Unexpected interval");
 * ```
 */
export interface WebSocketOptionsConfig {
  /** Largest message in octets. */
  readonly max_message_size?: number;
  /** Seconds for the opening handshake. */
  readonly open_handshake_timeout?: number;
  /** Seconds for the closing handshake. */
  readonly close_handshake_timeout?: number;
  /** Milliseconds between pings (Crossbar's unit). */
  readonly auto_ping_interval?: number;
  /** Milliseconds to wait for a pong (Crossbar's unit). */
  readonly auto_ping_timeout?: number;
  /** Origin patterns (`*` wildcards). */
  readonly allowed_origins?: readonly string[];
  /** Serve a status page on plain GET. */
  readonly enable_webstatus?: boolean;
  /** Most concurrent connections. */
  readonly max_connections?: number;
}

/**
 * A WebSocket service (a `websocket` transport or a `web` path).
 *
 * @example JSON-only service with ticket auth
 * ```ts
 * import type { WebSocketServiceConfig } from "@autobahn/autobahn/router";
 *
 * const service: WebSocketServiceConfig = {
 *   serializers: ["json"],
 *   options: { max_message_size: 65_536 },
 *   auth: { ticket: { type: "static", principals: {} } },
 * };
 * if (service.serializers?.[0] !== "json") throw new Error("Unexpected serializers");
 * ```
 */
export interface WebSocketServiceConfig {
  /** Serializers, in preference order; batched variants are added. Default all. */
  readonly serializers?: readonly SerializerName[];
  /** Options. */
  readonly options: WebSocketOptionsConfig;
  /** Authentication. */
  readonly auth?: AuthConfig;
}

/**
 * A `websocket` transport.
 *
 * @example A `websocket` transport
 * ```ts
 * import type { WebSocketTransportConfig } from "@autobahn/autobahn/router";
 *
 * const transport: WebSocketTransportConfig = {
 *   type: "websocket",
 *   id: "ws1",
 *   endpoint: { type: "tcp", port: 8080, interface: "127.0.0.1" },
 *   url: "ws://127.0.0.1:8080/ws",
 *   options: {},
 * };
 * if (transport.endpoint.type !== "tcp") throw new Error("Expected TCP");
 * ```
 */
export interface WebSocketTransportConfig extends WebSocketServiceConfig {
  /** `"websocket"`. */
  readonly type: "websocket";
  /** An ID for logs. */
  readonly id?: string;
  /** Where to listen. */
  readonly endpoint: EndpointConfig;
  /** The public URL; its path is the WebSocket path (default `/`, any path accepted). */
  readonly url?: string;
}

/**
 * A `rawsocket` transport.
 *
 * @example A `rawsocket` transport on a free port
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{
 *       type: "rawsocket",
 *       endpoint: { type: "tcp", port: 8080 },
 *       serializers: ["cbor"],
 *     }],
 *   }],
 * }, { ephemeralPorts: true });
 * const [t] = router.transports;
 * if (t!.type !== "rawsocket" || !t!.url.startsWith("rs://")) throw new Error(t!.url);
 * ```
 */
export interface RawSocketTransportConfig {
  /** `"rawsocket"`. */
  readonly type: "rawsocket";
  /** An ID for logs. */
  readonly id?: string;
  /** Where to listen. */
  readonly endpoint: EndpointConfig;
  /** Serializers. Default all. */
  readonly serializers?: readonly SerializerName[];
  /** Largest message in octets. */
  readonly max_message_size?: number;
  /** Options: `max_message_size`, `open_handshake_timeout`, `auto_ping_interval`, `auto_ping_timeout`. */
  readonly options: WebSocketOptionsConfig;
  /** Authentication. */
  readonly auth?: AuthConfig;
}

/**
 * A static directory of a `web` transport.
 *
 * @example Serving a directory
 * ```ts
 * import type { StaticPathConfig } from "@autobahn/autobahn/router";
 *
 * const site: StaticPathConfig = {
 *   type: "static",
 *   directory: "./public",
 *   options: { enable_directory_listing: false, cache_timeout: 3600 },
 * };
 * if (site.options.enable_directory_listing) throw new Error("Listing enabled");
 * ```
 */
export interface StaticPathConfig {
  /** `"static"`. */
  readonly type: "static";
  /** The directory (resolved against the config file's directory). */
  readonly directory: string;
  /** Options. */
  readonly options: {
    readonly enable_directory_listing?: boolean;
    readonly mime_types?: Readonly<Record<string, string>>;
    readonly cache_timeout?: number;
  };
}

/**
 * A WebSocket path of a `web` transport.
 *
 * @example The WebSocket path of a `web` transport
 * ```ts
 * import type { WebSocketPathConfig } from "@autobahn/autobahn/router";
 *
 * const ws: WebSocketPathConfig = {
 *   type: "websocket",
 *   serializers: ["cbor", "json"],
 *   options: {},
 * };
 * if (ws.type !== "websocket") throw new Error("Unexpected type");
 * ```
 */
export interface WebSocketPathConfig extends WebSocketServiceConfig {
  /** `"websocket"`. */
  readonly type: "websocket";
}

/**
 * A path service of a `web` transport.
 *
 * @example Routing paths to services
 * ```ts
 * import type { WebPathConfig } from "@autobahn/autobahn/router";
 *
 * const paths: Record<string, WebPathConfig> = {
 *   "/": { type: "static", directory: "./public", options: {} },
 *   ws: { type: "websocket", options: {} },
 * };
 * if (paths.ws!.type !== "websocket") throw new Error("Unexpected type");
 * ```
 */
export type WebPathConfig = StaticPathConfig | WebSocketPathConfig;

/**
 * A `web` transport: static files and WebSocket paths on one port.
 *
 * @example Static files and WAMP on one free port
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * const web = {
 *   type: "web",
 *   endpoint: { type: "tcp", port: 8080 },
 *   paths: { ws: { type: "websocket" } },
 * } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [web] }],
 * }, { ephemeralPorts: true });
 * if (!router.transports[0]!.url.endsWith("/ws")) throw new Error(router.transports[0]!.url);
 * ```
 */
export interface WebTransportConfig {
  /** `"web"`. */
  readonly type: "web";
  /** An ID for logs. */
  readonly id?: string;
  /** Where to listen. */
  readonly endpoint: EndpointConfig;
  /** Path segment (`"/"` for the root, `"ws"` for `/ws`, `"a/b"`) to service. */
  readonly paths: Readonly<Record<string, WebPathConfig>>;
  /** WebSocket options shared by the paths (a path's own options win). */
  readonly options: WebSocketOptionsConfig;
}

/**
 * A transport.
 *
 * @example Listing the transport types of a config
 * ```ts
 * import { parseRouterConfig, type TransportConfig } from "@autobahn/autobahn/router";
 *
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint: { type: "unix", path: "/tmp/r.sock" } }],
 *   }],
 * });
 * const transports: readonly TransportConfig[] = config.workers[0]!.transports;
 * if (transports[0]!.type !== "rawsocket") throw new Error("Unexpected type");
 * ```
 */
export type TransportConfig =
  | WebSocketTransportConfig
  | RawSocketTransportConfig
  | WebTransportConfig;

/**
 * A router worker.
 *
 * @example One router worker
 * ```ts
 * import type { RouterWorkerConfig } from "@autobahn/autobahn/router";
 *
 * const worker: RouterWorkerConfig = {
 *   type: "router",
 *   id: "worker1",
 *   realms: [{ name: "realm1" }],
 *   transports: [],
 * };
 * if (worker.realms[0]!.name !== "realm1") throw new Error("Unexpected realm");
 * ```
 */
export interface RouterWorkerConfig {
  /** `"router"`. */
  readonly type: "router";
  /** An ID for logs. */
  readonly id?: string;
  /** The realms. */
  readonly realms: readonly RealmConfig[];
  /** The transports. */
  readonly transports: readonly TransportConfig[];
}

/**
 * A validated node configuration.
 *
 * @example Starting a router from a typed configuration
 * ```ts
 * import { type RouterConfig, startRouter } from "@autobahn/autobahn/router";
 *
 * const config: RouterConfig = {
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * };
 * await using router = await startRouter(config);
 * if (router.config.workers.length !== 1) throw new Error("Unexpected workers");
 * ```
 */
export interface RouterConfig {
  /** Always 2. */
  readonly version: 2;
  /** The router workers (usually one). */
  readonly workers: readonly RouterWorkerConfig[];
}

/**
 * The configuration used when none is given: realm `realm1`, anonymous
 * clients, WebSocket at `ws://127.0.0.1:8080/ws`.
 *
 * @example The configuration of `startRouter()` without arguments
 * ```ts
 * import { DEFAULT_CONFIG } from "@autobahn/autobahn/router";
 *
 * const [transport] = DEFAULT_CONFIG.workers[0]!.transports;
 * if (DEFAULT_CONFIG.workers[0]!.realms[0]!.name !== "realm1") throw new Error("Unexpected");
 * if (transport!.type !== "web" || transport!.endpoint.type !== "tcp") throw new Error();
 * ```
 */
export const DEFAULT_CONFIG: RouterConfig = Object.freeze({
  version: 2,
  workers: [{
    type: "router",
    realms: [{ name: "realm1" }],
    transports: [{
      type: "web",
      endpoint: { type: "tcp", port: 8080, interface: "127.0.0.1" },
      paths: { ws: { type: "websocket", options: {} } },
      options: {},
    }],
  }],
}) as RouterConfig;

const SERIALIZERS: readonly string[] = ["json", "msgpack", "cbor", "ubjson"];
const FUTURE_AUTH = [
  "tls",
  "cookie",
  "cryptosign-proxy",
];

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "object") return "an object";
  return String(v);
}

function obj(v: unknown, path: string, keys: readonly string[]): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new ConfigError(path, `expected an object, got ${describe(v)}`);
  }
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) {
      throw new ConfigError(
        join(path, k),
        `unknown key (expected one of ${keys.join(", ")})`,
      );
    }
  }
  return v as Obj;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ConfigError(path, `expected an array, got ${describe(v)}`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== "string" || v === "") {
    throw new ConfigError(path, `expected a non-empty string, got ${describe(v)}`);
  }
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") {
    throw new ConfigError(path, `expected true or false, got ${describe(v)}`);
  }
  return v;
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(path, `expected an integer ${min}-${max}, got ${describe(v)}`);
  }
  return v;
}

function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (typeof v !== "string" || !values.includes(v as T)) {
    throw new ConfigError(
      path,
      `expected one of ${values.map((x) => JSON.stringify(x)).join(", ")}, got ${describe(v)}`,
    );
  }
  return v as T;
}

function optional<T>(
  o: Obj,
  key: string,
  path: string,
  f: (v: unknown, p: string) => T,
): T | undefined {
  return o[key] === undefined ? undefined : f(o[key], join(path, key));
}

function required(o: Obj, key: string, path: string): unknown {
  if (o[key] === undefined) throw new ConfigError(join(path, key), "missing required key");
  return o[key];
}

function uri(v: unknown, path: string, allowEmpty = false): string {
  if (typeof v !== "string") {
    throw new ConfigError(path, `expected a URI string, got ${describe(v)}`);
  }
  if (v === "" && allowEmpty) return v;
  // Patterns may have empty components (wildcards) or end in a dot (prefixes).
  const probe = v.split(".").map((c) => c === "" ? "x" : c).join(".");
  if (!isValidUri(probe)) throw new ConfigError(path, `expected a WAMP URI, got ${describe(v)}`);
  return v;
}

function serializers(v: unknown, path: string): SerializerName[] {
  const list = arr(v, path);
  if (list.length === 0) throw new ConfigError(path, "expected at least one serializer");
  return list.map((s, i) => {
    const p = join(path, i);
    if (s === "flatbuffers") throw new ConfigError(p, `serializer "flatbuffers" is not supported`);
    return oneOf(s, p, SERIALIZERS) as SerializerName;
  });
}

function parsePermission(v: unknown, path: string): PermissionConfig {
  const o = obj(v, path, ["uri", "match", "allow", "disclose", "cache"]);
  const match =
    optional(o, "match", path, (x, p) => oneOf(x, p, ["exact", "prefix", "wildcard"] as const)) ??
      "exact";
  const u = uri(required(o, "uri", path), join(path, "uri"), match === "prefix");
  optional(o, "cache", path, bool);
  const allowPath = join(path, "allow");
  const a = o.allow === undefined
    ? {}
    : obj(o.allow, allowPath, ["call", "register", "publish", "subscribe"]);
  const d = o.disclose === undefined
    ? {}
    : obj(o.disclose, join(path, "disclose"), ["caller", "publisher"]);
  const flag = (x: Obj, k: string, p: string) => optional(x, k, p, bool) ?? false;
  return {
    uri: u,
    match,
    allow: {
      call: flag(a, "call", allowPath),
      register: flag(a, "register", allowPath),
      publish: flag(a, "publish", allowPath),
      subscribe: flag(a, "subscribe", allowPath),
    },
    disclose: {
      caller: flag(d, "caller", join(path, "disclose")),
      publisher: flag(d, "publisher", join(path, "disclose")),
    },
  };
}

function parseRealm(v: unknown, path: string): RealmConfig {
  const o = obj(v, path, ["name", "roles"]);
  const name = uri(required(o, "name", path), join(path, "name"));
  if (o.roles === undefined) return { name };
  const seen = new Set<string>();
  const roles = arr(o.roles, join(path, "roles")).map((r, i) => {
    const p = join(join(path, "roles"), i);
    const ro = obj(r, p, ["name", "permissions", "authorizer"]);
    const rn = str(required(ro, "name", p), join(p, "name"));
    if (seen.has(rn)) {
      throw new ConfigError(join(p, "name"), `duplicate role ${JSON.stringify(rn)}`);
    }
    seen.add(rn);
    if (ro.authorizer !== undefined) {
      const ap = join(p, "authorizer");
      if (ro.permissions !== undefined) {
        throw new ConfigError(ap, `cannot be combined with "permissions"`);
      }
      if (typeof ro.authorizer !== "string" || !isValidUri(ro.authorizer)) {
        throw new ConfigError(ap, `expected a procedure URI, got ${describe(ro.authorizer)}`);
      }
      return { name: rn, permissions: [], authorizer: ro.authorizer };
    }
    const perms = optional(ro, "permissions", p, arr) ?? [];
    return {
      name: rn,
      permissions: perms.map((x, j) => parsePermission(x, join(join(p, "permissions"), j))),
    };
  });
  return { name, roles };
}

function parseTls(v: unknown, path: string): TlsConfig {
  const o = obj(v, path, [
    "key",
    "certificate",
    "chain_certificates",
    "ca_certificates",
    "ciphers",
    "dhparam",
  ]);
  optional(o, "ciphers", path, str);
  optional(o, "dhparam", path, str);
  optional(o, "ca_certificates", path, (x, p) => arr(x, p).map((c, i) => str(c, join(p, i))));
  return {
    key: str(required(o, "key", path), join(path, "key")),
    certificate: str(required(o, "certificate", path), join(path, "certificate")),
    chainCertificates: optional(
      o,
      "chain_certificates",
      path,
      (x, p) => arr(x, p).map((c, i) => str(c, join(p, i))),
    ) ?? [],
  };
}

function parseEndpoint(v: unknown, path: string): EndpointConfig {
  const t = oneOf(
    required(
      obj(v, path, ["type", "port", "interface", "version", "backlog", "tls", "path", "shared"]),
      "type",
      path,
    ),
    join(path, "type"),
    [
      "tcp",
      "unix",
    ] as const,
  );
  if (t === "unix") {
    const o = obj(v, path, ["type", "path"]);
    return { type: "unix", path: str(required(o, "path", path), join(path, "path")) };
  }
  const o = obj(v, path, ["type", "port", "interface", "version", "backlog", "tls", "shared"]);
  const port = int(required(o, "port", path), join(path, "port"), 0, 65535);
  const iface = optional(o, "interface", path, str) ?? "127.0.0.1";
  optional(o, "version", path, (x, p) => oneOf(String(x), p, ["4", "6"]));
  optional(o, "backlog", path, (x, p) => int(x, p, 1, 65535));
  optional(o, "shared", path, bool);
  const tls = optional(o, "tls", path, parseTls);
  return { type: "tcp", port, interface: iface, ...(tls ? { tls } : {}) };
}

const WS_OPTIONS = [
  "max_message_size",
  "open_handshake_timeout",
  "close_handshake_timeout",
  "auto_ping_interval",
  "auto_ping_timeout",
  "allowed_origins",
  "enable_webstatus",
  "max_connections",
] as const;

function parseWsOptions(
  v: unknown,
  path: string,
  keys: readonly string[] = WS_OPTIONS,
): WebSocketOptionsConfig {
  if (v === undefined) return {};
  const o = obj(v, path, keys);
  const out: Record<string, unknown> = {};
  const limits: Record<string, [number, number]> = {
    max_message_size: [512, 16 * 1024 * 1024],
    open_handshake_timeout: [0, 3600_000],
    close_handshake_timeout: [0, 3600_000],
    auto_ping_interval: [0, 3600_000],
    auto_ping_timeout: [0, 3600_000],
    max_connections: [0, 1_000_000],
  };
  for (const [k, val] of Object.entries(o)) {
    const p = join(path, k);
    if (k === "allowed_origins") out[k] = arr(val, p).map((x, i) => str(x, join(p, i)));
    else if (k === "enable_webstatus") out[k] = bool(val, p);
    else out[k] = int(val, p, limits[k]![0], limits[k]![1]);
  }
  return out as WebSocketOptionsConfig;
}

function plainString(v: unknown, path: string): string {
  if (typeof v !== "string") throw new ConfigError(path, "expected a string");
  return v;
}

function principals<T>(
  v: unknown,
  path: string,
  parse: (v: unknown, path: string) => T,
): Readonly<Record<string, T>> {
  const o = obj(v, path, Object.keys(v ?? {}));
  const out: Record<string, T> = {};
  for (const [k, val] of Object.entries(o)) {
    if (k === "") throw new ConfigError(path, "expected non-empty authids");
    out[k] = parse(val, join(path, k));
  }
  return out;
}

function parseDynamic(o: Obj, path: string): DynamicAuthConfig {
  const authenticator = required(o, "authenticator", path);
  const ap = join(path, "authenticator");
  if (typeof authenticator !== "string" || !isValidUri(authenticator)) {
    throw new ConfigError(ap, `expected a procedure URI, got ${describe(authenticator)}`);
  }
  const realm = optional(o, "authenticator-realm", path, (v, p) => uri(v, p));
  return {
    type: "dynamic",
    authenticator,
    ...(realm !== undefined ? { "authenticator-realm": realm } : {}),
  };
}

const DYNAMIC_KEYS = ["type", "authenticator", "authenticator-realm"];

function parseMethod<S>(
  v: unknown,
  path: string,
  staticKey: string,
  parseStatic: (o: Obj, path: string) => S,
): S | DynamicAuthConfig {
  const pre = obj(v, path, ["type", staticKey, ...DYNAMIC_KEYS.slice(1)]);
  const type = oneOf(required(pre, "type", path), join(path, "type"), ["static", "dynamic"]);
  if (type === "dynamic") return parseDynamic(obj(v, path, DYNAMIC_KEYS), path);
  const o = obj(v, path, ["type", staticKey]);
  required(o, staticKey, path);
  return parseStatic(o, path);
}

function parseTicket(v: unknown, path: string): TicketAuthConfig {
  return parseMethod(v, path, "principals", (o, p) => ({
    type: "static" as const,
    principals: principals(o.principals, join(p, "principals"), (pv, pp) => {
      const po = obj(pv, pp, ["ticket", "role"]);
      return {
        ticket: plainString(required(po, "ticket", pp), join(pp, "ticket")),
        role: str(required(po, "role", pp), join(pp, "role")),
      };
    }),
  }));
}

function parseWampcra(v: unknown, path: string): WampcraAuthConfig {
  return parseMethod(v, path, "users", (o, p) => ({
    type: "static" as const,
    users: principals(o.users, join(p, "users"), (uv, up) => {
      const u = obj(uv, up, ["secret", "role", "salt", "iterations", "keylen"]);
      const salt = optional(u, "salt", up, plainString);
      const iterations = optional(u, "iterations", up, (x, q) => int(x, q, 1, 100_000_000));
      const keylen = optional(u, "keylen", up, (x, q) => int(x, q, 1, 1024));
      if (salt === undefined && (iterations !== undefined || keylen !== undefined)) {
        throw new ConfigError(join(up, "salt"), "required with iterations or keylen");
      }
      return {
        secret: plainString(required(u, "secret", up), join(up, "secret")),
        role: str(required(u, "role", up), join(up, "role")),
        ...(salt !== undefined ? { salt } : {}),
        ...(iterations !== undefined ? { iterations } : {}),
        ...(keylen !== undefined ? { keylen } : {}),
      };
    }),
  }));
}

function hexKey(v: unknown, path: string): string {
  if (typeof v !== "string" || !/^[0-9a-fA-F]{64}$/.test(v)) {
    throw new ConfigError(
      path,
      `expected a hex Ed25519 public key (64 hex digits), got ${describe(v)}`,
    );
  }
  return v.toLowerCase();
}

function parseCryptosign(v: unknown, path: string): CryptosignAuthConfig {
  return parseMethod(v, path, "principals", (o, p) => ({
    type: "static" as const,
    principals: principals(o.principals, join(p, "principals"), (pv, pp) => {
      const po = obj(pv, pp, ["realm", "role", "authorized_keys"]);
      const realm = optional(po, "realm", pp, (x, q) => uri(x, q));
      const kp = join(pp, "authorized_keys");
      const keys = arr(required(po, "authorized_keys", pp), kp).map((k, i) =>
        hexKey(k, join(kp, i))
      );
      if (keys.length === 0) throw new ConfigError(kp, "expected at least one key");
      return {
        ...(realm !== undefined ? { realm } : {}),
        role: str(required(po, "role", pp), join(pp, "role")),
        authorized_keys: keys,
      };
    }),
  }));
}

function parseScram(v: unknown, path: string): ScramAuthConfig {
  return parseMethod(v, path, "principals", (o, p) => ({
    type: "static" as const,
    principals: principals(o.principals, join(p, "principals"), (pv, pp) => {
      const po = obj(pv, pp, [
        "role",
        "kdf",
        "iterations",
        "memory",
        "salt",
        "stored-key",
        "server-key",
      ]);
      const kdf = oneOf(required(po, "kdf", pp), join(pp, "kdf"), [
        "argon2id-13",
        "argon2id13",
        "pbkdf2",
      ]);
      const memory = po.memory === null
        ? undefined
        : optional(po, "memory", pp, (x, q) => int(x, q, 1, 4_194_304));
      if (kdf !== "pbkdf2" && memory === undefined) {
        throw new ConfigError(join(pp, "memory"), `missing required key (kdf ${kdf})`);
      }
      const hexField = (k: string) => {
        const v = required(po, k, pp);
        if (typeof v !== "string" || !/^([0-9a-fA-F]{2})+$/.test(v)) {
          throw new ConfigError(join(pp, k), `expected hex, got ${describe(v)}`);
        }
        return v.toLowerCase();
      };
      return {
        role: str(required(po, "role", pp), join(pp, "role")),
        kdf,
        iterations: int(required(po, "iterations", pp), join(pp, "iterations"), 1, 100_000_000),
        ...(memory !== undefined ? { memory } : {}),
        salt: hexField("salt"),
        "stored-key": hexField("stored-key"),
        "server-key": hexField("server-key"),
      };
    }),
  }));
}

const AUTH_METHODS = ["anonymous", "ticket", "wampcra", "cryptosign", "scram", "wamp-scram"];

function parseAuth(v: unknown, path: string): AuthConfig {
  const o = obj(v, path, [...AUTH_METHODS, ...FUTURE_AUTH]);
  for (const m of FUTURE_AUTH) {
    if (o[m] !== undefined) {
      throw new ConfigError(
        join(path, m),
        "authentication method not supported yet (supported: anonymous, ticket, wampcra, cryptosign, scram)",
      );
    }
  }
  if (AUTH_METHODS.every((m) => o[m] === undefined)) {
    throw new ConfigError(path, "expected at least one method");
  }
  if (o.scram !== undefined && o["wamp-scram"] !== undefined) {
    throw new ConfigError(join(path, "wamp-scram"), "give either scram or wamp-scram, not both");
  }
  const out: {
    -readonly [K in keyof AuthConfig]: AuthConfig[K];
  } = {};
  if (o.anonymous !== undefined) {
    const p = join(path, "anonymous");
    const a = obj(o.anonymous, p, ["type", "role", "authid"]);
    oneOf(a.type ?? "static", join(p, "type"), ["static"] as const);
    const role = optional(a, "role", p, str) ?? "anonymous";
    const authid = optional(a, "authid", p, str);
    out.anonymous = authid === undefined
      ? { type: "static", role }
      : { type: "static", role, authid };
  }
  if (o.ticket !== undefined) out.ticket = parseTicket(o.ticket, join(path, "ticket"));
  if (o.wampcra !== undefined) out.wampcra = parseWampcra(o.wampcra, join(path, "wampcra"));
  if (o.cryptosign !== undefined) {
    out.cryptosign = parseCryptosign(o.cryptosign, join(path, "cryptosign"));
  }
  const scramKey = o.scram !== undefined ? "scram" : "wamp-scram";
  if (o[scramKey] !== undefined) out.scram = parseScram(o[scramKey], join(path, scramKey));
  return out;
}

function parseWsService(o: Obj, path: string): WebSocketServiceConfig {
  const s = optional(o, "serializers", path, serializers);
  const auth = optional(o, "auth", path, parseAuth);
  return {
    options: parseWsOptions(o.options, join(path, "options")),
    ...(s ? { serializers: s } : {}),
    ...(auth ? { auth } : {}),
  };
}

function parseStatic(o: Obj, path: string): StaticPathConfig {
  const op = join(path, "options");
  const opts = o.options === undefined
    ? {}
    : obj(o.options, op, ["enable_directory_listing", "mime_types", "cache_timeout"]);
  const options: Record<string, unknown> = {};
  if (opts.enable_directory_listing !== undefined) {
    options.enable_directory_listing = bool(
      opts.enable_directory_listing,
      join(op, "enable_directory_listing"),
    );
  }
  if (opts.cache_timeout !== undefined) {
    options.cache_timeout = int(opts.cache_timeout, join(op, "cache_timeout"), 0, 31_536_000);
  }
  if (opts.mime_types !== undefined) {
    const mp = join(op, "mime_types");
    const m = obj(opts.mime_types, mp, Object.keys(opts.mime_types as Obj ?? {}));
    options.mime_types = Object.fromEntries(
      Object.entries(m).map(([k, t]) => [k, str(t, join(mp, k))]),
    );
  }
  return {
    type: "static",
    directory: str(required(o, "directory", path), join(path, "directory")),
    options,
  };
}

function parsePaths(v: unknown, path: string): Record<string, WebPathConfig> {
  const o = obj(v, path, Object.keys(v as Obj ?? {}));
  const out: Record<string, WebPathConfig> = {};
  if (Object.keys(o).length === 0) throw new ConfigError(path, "expected at least one path");
  for (const [key, val] of Object.entries(o)) {
    const p = join(path, key);
    const bad = !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(key) ||
      key.split("/").some((seg) => seg === "." || seg === "..");
    if (key !== "/" && bad) {
      throw new ConfigError(p, `expected "/" or a path like "ws" or "a/b"`);
    }
    const t = oneOf(
      required(obj(val, p, Object.keys(val as Obj ?? {})), "type", p),
      join(p, "type"),
      [
        "websocket",
        "static",
      ] as const,
    );
    if (t === "static") out[key] = parseStatic(obj(val, p, ["type", "directory", "options"]), p);
    else {
      out[key] = {
        type: "websocket",
        ...parseWsService(obj(val, p, ["type", "serializers", "options", "auth", "url"]), p),
      };
    }
  }
  return out;
}

function parseTransport(v: unknown, path: string): TransportConfig {
  const probe = obj(v, path, [
    "type",
    "id",
    "endpoint",
    "url",
    "serializers",
    "options",
    "auth",
    "paths",
    "max_message_size",
  ]);
  const type = oneOf(
    required(probe, "type", path),
    join(path, "type"),
    [
      "websocket",
      "rawsocket",
      "web",
    ] as const,
  );
  const id = optional(probe, "id", path, str);
  const base = { ...(id ? { id } : {}) };
  if (type === "websocket") {
    const o = obj(v, path, ["type", "id", "endpoint", "url", "serializers", "options", "auth"]);
    const url = optional(o, "url", path, (x, p) => {
      const s = str(x, p);
      if (!/^wss?:\/\//.test(s)) {
        throw new ConfigError(p, `expected a ws:// or wss:// URL, got ${describe(s)}`);
      }
      return s;
    });
    return {
      type,
      ...base,
      endpoint: parseEndpoint(required(o, "endpoint", path), join(path, "endpoint")),
      ...(url ? { url } : {}),
      ...parseWsService(o, path),
    };
  }
  if (type === "rawsocket") {
    const o = obj(v, path, [
      "type",
      "id",
      "endpoint",
      "serializers",
      "options",
      "auth",
      "max_message_size",
    ]);
    const s = optional(o, "serializers", path, serializers);
    const auth = optional(o, "auth", path, parseAuth);
    const mms = optional(o, "max_message_size", path, (x, p) => int(x, p, 512, 16 * 1024 * 1024));
    return {
      type,
      ...base,
      endpoint: parseEndpoint(required(o, "endpoint", path), join(path, "endpoint")),
      options: parseWsOptions(o.options, join(path, "options"), [
        "max_message_size",
        "open_handshake_timeout",
        "auto_ping_interval",
        "auto_ping_timeout",
      ]),
      ...(s ? { serializers: s } : {}),
      ...(auth ? { auth } : {}),
      ...(mms !== undefined ? { max_message_size: mms } : {}),
    };
  }
  const o = obj(v, path, ["type", "id", "endpoint", "paths", "options"]);
  return {
    type,
    ...base,
    endpoint: parseEndpoint(required(o, "endpoint", path), join(path, "endpoint")),
    paths: parsePaths(required(o, "paths", path), join(path, "paths")),
    options: parseWsOptions(o.options, join(path, "options")),
  };
}

function parseWorker(v: unknown, path: string): RouterWorkerConfig {
  const o = obj(v, path, ["type", "id", "realms", "transports", "options"]);
  const t = required(o, "type", path);
  if (t !== "router") {
    throw new ConfigError(
      join(path, "type"),
      `expected "router" (only router workers are supported), got ${describe(t)}`,
    );
  }
  if (o.options !== undefined) obj(o.options, join(path, "options"), []);
  const id = optional(o, "id", path, str);
  const realms = arr(required(o, "realms", path), join(path, "realms")).map((r, i) =>
    parseRealm(r, join(join(path, "realms"), i))
  );
  const names = new Set<string>();
  realms.forEach((r, i) => {
    if (names.has(r.name)) {
      throw new ConfigError(
        join(join(join(path, "realms"), i), "name"),
        `duplicate realm ${JSON.stringify(r.name)}`,
      );
    }
    names.add(r.name);
  });
  const transports = arr(required(o, "transports", path), join(path, "transports")).map((x, i) =>
    parseTransport(x, join(join(path, "transports"), i))
  );
  return { type: "router", ...(id ? { id } : {}), realms, transports };
}

/**
 * Validates a parsed JSON configuration.
 *
 * @example
 * ```ts
 * import { parseRouterConfig } from "@autobahn/autobahn/router";
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint: { type: "tcp", port: 8080 } }],
 *   }],
 * });
 * console.log(config.workers[0]!.transports[0]!.type); // "websocket"
 * ```
 *
 * @throws {ConfigError} naming the first offending key's path.
 */
export function parseRouterConfig(value: unknown): RouterConfig {
  const o = obj(value, "", ["version", "workers", "controller", "$schema"]);
  if (o.version !== 2) throw new ConfigError("version", `expected 2, got ${describe(o.version)}`);
  if (o.controller !== undefined) {
    obj(o.controller, "controller", Object.keys(o.controller as Obj ?? {}));
  }
  const workers = arr(required(o, "workers", ""), "workers").map((w, i) =>
    parseWorker(w, `workers[${i}]`)
  );
  if (workers.length === 0) throw new ConfigError("workers", "expected at least one router worker");
  return { version: 2, workers };
}

/**
 * Parses configuration text (JSON).
 *
 * @example
 * ```ts
 * import { parseRouterConfigText } from "@autobahn/autobahn/router";
 * try {
 *   parseRouterConfigText('{"version": 2, "workers": [], "extra": 1}');
 * } catch (e) {
 *   console.log((e as Error).message); // "extra: unknown key (expected one of ...)"
 * }
 * ```
 *
 * @throws {ConfigError} for invalid JSON (path `""`) or an invalid configuration.
 */
export function parseRouterConfigText(text: string): RouterConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError("", `Cannot parse config: ${(err as Error).message}`);
  }
  return parseRouterConfig(value);
}
