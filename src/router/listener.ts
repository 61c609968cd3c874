/**
 * Listeners: turn a validated transport config into a running server on our
 * engines (WebSocket with every serializer and the batched variants,
 * RawSocket on TCP or Unix, TLS for both, and the `web` transport), handing
 * each accepted WAMP transport to a callback (the router).
 *
 * @module
 */
import { WAMP_SUBPROTOCOLS } from "../wamp/serializers/registry.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";
import type { MessageTransport } from "../transport/message_transport.ts";
import { listenWebSocketTransport } from "../transport/websocket.ts";
import { serveRawSocket } from "../transport/rawsocket.ts";
import { listenTcp } from "../transport/deno_tcp.ts";
import { listenTls } from "../transport/deno_tls.ts";
import { listenUnix } from "../transport/deno_unix.ts";
import type { ByteListener } from "../transport/deno_conn.ts";
import type { ServerOptions } from "../websocket/options.ts";
import { ConnectionDeny } from "../websocket/errors.ts";
import type { Logger } from "../util/logger.ts";
import { noopLogger } from "../util/logger.ts";
import type {
  AuthConfig,
  EndpointConfig,
  TransportConfig,
  WebSocketOptionsConfig,
  WebSocketServiceConfig,
} from "./config.ts";
import { compileWebRoutes, type StaticFileSystem } from "./web.ts";

/**
 * PEM material of a TLS endpoint, already read.
 *
 * @example PEM material for a TLS listener
 * ```ts
 * import type { ListenerContext, TlsMaterial } from "@autobahn/autobahn/router";
 *
 * const tls: TlsMaterial = {
 *   cert: "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
 *   key: "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
 * };
 * const context: ListenerContext = { tls, onTransport: (t) => void t.close() };
 * if (!context.tls?.cert.startsWith("-----BEGIN")) throw new Error("Expected PEM");
 * ```
 */
export interface TlsMaterial {
  /** Certificate chain (PEM). */
  readonly cert: string;
  /** Private key (PEM). */
  readonly key: string;
}

/**
 * What a listener needs besides its config.
 *
 * @example Handing accepted transports to a router
 * ```ts
 * import { type ListenerContext, Router, startListener } from "@autobahn/autobahn/router";
 *
 * const router = new Router({ realms: ["realm1"] });
 * const context: ListenerContext = { onTransport: (transport) => router.attach(transport) };
 * const endpoint = { type: "tcp", port: 0, interface: "127.0.0.1" } as const;
 * const listener = await startListener({ type: "rawsocket", endpoint, options: {} }, context);
 * try {
 *   if (!listener.url.startsWith("rs://127.0.0.1:")) throw new Error(listener.url);
 * } finally {
 *   await listener.close();
 * }
 * ```
 */
export interface ListenerContext {
  /** Receives each accepted transport and the `auth` of the service it came in on. */
  onTransport(transport: MessageTransport, auth: AuthConfig | undefined): void;
  /** TLS material for the endpoint, when it has `tls`. */
  readonly tls?: TlsMaterial;
  /** Structured logger. */
  readonly logger?: Logger;
  /** File system for static paths (default Deno's). */
  readonly fileSystem?: StaticFileSystem;
}

/**
 * A running listener.
 *
 * @example Connecting to a running listener
 * ```ts
 * import { Router, type RunningListener, startListener } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { connectTransport } from "@autobahn/autobahn/transport";
 *
 * const router = new Router({ realms: ["realm1"] });
 * const endpoint = { type: "tcp", port: 0, interface: "127.0.0.1" } as const;
 * const listener: RunningListener = await startListener(
 *   { type: "websocket", endpoint, options: {} },
 *   { onTransport: (transport) => router.attach(transport) },
 * );
 * try {
 *   await using session = new Session(await connectTransport(listener.url));
 *   await session.join("realm1");
 * } finally {
 *   await listener.close();
 * }
 * ```
 */
export interface RunningListener {
  /** The transport type. */
  readonly type: TransportConfig["type"];
  /** The config's `id`, if any. */
  readonly id?: string;
  /** Where clients connect: `ws://127.0.0.1:8080/ws`, `rs://127.0.0.1:8081`, `rs://unix:/tmp/x.sock`, ... (for `web`, the first WebSocket path's URL, else the `http(s)://` root). */
  readonly url: string;
  /** The bound TCP port (0 for Unix sockets). */
  readonly port: number;
  /** Every WebSocket URL of a `web` transport (one for `websocket`). */
  readonly urls: readonly string[];
  /** Stops listening and closes the open connections. */
  close(): Promise<void>;
}

/**
 * The WebSocket subprotocols for a serializer list: unbatched first, then batched.
 *
 * @example The WebSocket subprotocols of a JSON-only service
 * ```ts
 * import { subprotocolsForSerializers } from "@autobahn/autobahn/router";
 *
 * const protocols = subprotocolsForSerializers(["json"]);
 * if (protocols.join() !== "wamp.2.json,wamp.2.json.batched") throw new Error(protocols.join());
 * ```
 */
export function subprotocolsForSerializers(serializers?: readonly SerializerName[]): string[] {
  if (!serializers) return [...WAMP_SUBPROTOCOLS];
  return [
    ...serializers.map((s) => `wamp.2.${s}`),
    ...serializers.map((s) => `wamp.2.${s}.batched`),
  ];
}

function hostOf(iface: string): string {
  return iface.includes(":") ? `[${iface}]` : iface;
}

/** Crossbar's option units are milliseconds; our engine's are seconds. */
function wsEngineOptions(o: WebSocketOptionsConfig, logger: Logger): ServerOptions {
  const out: ServerOptions = { logger };
  if (o.open_handshake_timeout !== undefined) {
    out.openHandshakeTimeout = o.open_handshake_timeout / 1000;
  }
  if (o.close_handshake_timeout !== undefined) {
    out.closeHandshakeTimeout = o.close_handshake_timeout / 1000;
  }
  if (o.allowed_origins !== undefined) out.allowedOrigins = [...o.allowed_origins];
  if (o.enable_webstatus !== undefined) out.webStatus = o.enable_webstatus;
  if (o.max_connections !== undefined) out.maxConnections = o.max_connections;
  return out;
}

function keepalive(
  o: WebSocketOptionsConfig,
): { autoPingInterval?: number; autoPingTimeout?: number } {
  return {
    ...(o.auto_ping_interval !== undefined
      ? { autoPingInterval: o.auto_ping_interval / 1000 }
      : {}),
    ...(o.auto_ping_timeout !== undefined ? { autoPingTimeout: o.auto_ping_timeout / 1000 } : {}),
  };
}

function openListener(endpoint: EndpointConfig, tls: TlsMaterial | undefined): ByteListener {
  if (endpoint.type === "unix") return listenUnix(endpoint.path);
  const at = { hostname: endpoint.interface, port: endpoint.port };
  if (endpoint.tls) {
    if (!tls) {
      throw new TypeError("Cannot listen with TLS: the certificate and key were not loaded");
    }
    return listenTls(at, tls);
  }
  return listenTcp(at);
}

function serviceUrl(endpoint: EndpointConfig, secure: boolean, port: number, path: string): string {
  if (endpoint.type === "unix") return `ws+unix:${endpoint.path}:${path}`;
  return `${secure ? "wss" : "ws"}://${hostOf(endpoint.interface)}:${port}${path}`;
}

/**
 * Starts one configured transport.
 *
 * @example
 * ```ts
 * import { Router, startListener } from "@autobahn/autobahn/router";
 *
 * const router = new Router({ realms: ["realm1"] });
 * const endpoint = { type: "tcp", port: 0, interface: "127.0.0.1" } as const;
 * const l = await startListener(
 *   { type: "rawsocket", endpoint, options: {} },
 *   { onTransport: (t) => router.attach(t) },
 * );
 * if (l.url !== `rs://127.0.0.1:${l.port}`) throw new Error(l.url);
 * await l.close();
 * ```
 *
 * @throws when the address is in use or permission is missing; nothing stays open then.
 */
export async function startListener(
  config: TransportConfig,
  context: ListenerContext,
): Promise<RunningListener> {
  const logger = context.logger ?? noopLogger;
  const endpoint = config.endpoint;
  const secure = endpoint.type === "tcp" && endpoint.tls !== undefined;
  const id = config.id ? { id: config.id } : {};

  if (config.type === "rawsocket") {
    const listener = openListener(endpoint, context.tls);
    const addr = listener.addr;
    const port = addr.transport === "tcp" ? addr.port : 0;
    const url = endpoint.type === "unix"
      ? `rs://unix:${endpoint.path}`
      : `${secure ? "rss" : "rs"}://${hostOf(endpoint.interface)}:${port}`;
    const auth = config.auth;
    const maxMessageSize = config.max_message_size ?? config.options.max_message_size;
    const server = serveRawSocket(listener, {
      url,
      ...(config.serializers ? { serializers: config.serializers } : {}),
      ...(maxMessageSize !== undefined ? { maxMessageSize } : {}),
      ...(config.options.open_handshake_timeout !== undefined
        ? { openHandshakeTimeout: config.options.open_handshake_timeout / 1000 }
        : {}),
      ...keepalive(config.options),
      onTransport: (t) => context.onTransport(t, auth),
      onHandshakeError(err) {
        if (logger.enabled.debug) {
          logger.log("debug", "router.listener", "RawSocket handshake failed", {
            url,
            error: String(err),
          });
        }
      },
    });
    return { type: "rawsocket", ...id, url, port, urls: [url], close: () => server.close() };
  }

  // WebSocket and web: one WebSocket server; `onConnect` routes by path.
  let services: (path: string) => WebSocketServiceConfig | undefined;
  let fetch: ((request: Request) => Promise<Response>) | undefined;
  let wsPaths: string[];
  let shared: WebSocketOptionsConfig;
  if (config.type === "websocket") {
    const path = config.url ? new URL(config.url).pathname : "/";
    // Crossbar serves a websocket transport on any path; with a `url`, only its path.
    services = (p) => (config.url === undefined || p === path ? config : undefined);
    wsPaths = [path];
    shared = config.options;
  } else {
    const routes = await compileWebRoutes(config.paths, context.fileSystem);
    services = (p) => {
      const hit = routes.websocket(p);
      return hit?.config.type === "websocket" ? hit.config : undefined;
    };
    fetch = routes.fetch;
    wsPaths = Object.entries(config.paths).filter(([, v]) => v.type === "websocket").map((
      [k],
    ) => (k === "/" ? "/" : `/${k}`));
    shared = config.options;
  }
  const allServices: WebSocketServiceConfig[] = config.type === "websocket"
    ? [config]
    : Object.values(config.paths).filter((v): v is WebSocketServiceConfig & { type: "websocket" } =>
      v.type === "websocket"
    );
  // Our preference: the first service's serializer order, then the others'.
  const union: string[] = [];
  for (const s of allServices) {
    for (const p of subprotocolsForSerializers(s.serializers)) {
      if (!union.includes(p)) union.push(p);
    }
  }
  if (union.length === 0) union.push(...WAMP_SUBPROTOCOLS);
  const merged = { ...shared, ...(allServices[0]?.options ?? {}) };
  const maxMessageSize = merged.max_message_size;
  const base = serviceUrl(
    endpoint,
    secure,
    endpoint.type === "tcp" ? endpoint.port : 0,
    wsPaths[0] ?? "/",
  );
  const server = await listenWebSocketTransport(
    /^wss?:\/\//.test(base) ? base : "ws://localhost/",
    {
      subprotocols: union,
      ...(maxMessageSize !== undefined ? { maxMessageSize } : {}),
      ...keepalive(merged),
      webSocketOptions: wsEngineOptions(merged, logger),
      onConnect(request) {
        const service = services(request.path);
        if (!service) throw new ConnectionDeny(404, "Not Found");
        const allowed = subprotocolsForSerializers(service.serializers);
        const chosen = union.find((p) => request.protocols.includes(p));
        if (chosen === undefined || !allowed.includes(chosen)) {
          throw new ConnectionDeny(
            ConnectionDeny.BAD_REQUEST,
            `This path only speaks WebSocket subprotocols ${allowed.join(", ")}`,
          );
        }
      },
      onTransport(t) {
        const path = t.details.websocketRequest?.path ?? "/";
        const service = services(path);
        context.onTransport(t, service?.auth);
      },
    },
    {
      ...(endpoint.type === "unix"
        ? { path: endpoint.path }
        : { hostname: endpoint.interface, port: endpoint.port }),
      ...(secure ? { tls: context.tls! } : {}),
      ...(fetch ? { fetch } : {}),
    },
  );
  const port = server.port;
  const urls = wsPaths.map((p) => serviceUrl(endpoint, secure, port, p));
  const httpRoot = endpoint.type === "unix"
    ? `http+unix:${endpoint.path}`
    : `${secure ? "https" : "http"}://${hostOf(endpoint.interface)}:${port}/`;
  return {
    type: config.type,
    ...id,
    url: urls[0] ?? httpRoot,
    port,
    urls,
    close: () => server.close(),
  };
}
