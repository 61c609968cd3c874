/**
 * `startRouter(config)`: a router with its listeners from a Crossbar-style
 * configuration (object or file path), all or nothing: files are read and
 * directories checked before anything listens, and a listener that fails to
 * start closes the ones already started.
 *
 * @module
 */
import type { MessageTransport, TransportDetails } from "../transport/message_transport.ts";
import { createInProcessPair } from "../transport/inprocess.ts";
import { currentDirectory, readTextFile } from "../transport/deno_fs.ts";
import type { Logger } from "../util/logger.ts";
import { noopLogger } from "../util/logger.ts";
import { CloseUri, ErrorUri } from "../wamp/uri.ts";
import {
  type AuthConfig,
  DEFAULT_CONFIG,
  type EndpointConfig,
  parseRouterConfig,
  parseRouterConfigText,
  type PermissionConfig,
  type RealmConfig,
  type RouterConfig,
  type RouterWorkerConfig,
  type TransportConfig,
} from "./config.ts";
import { createDynamicAuthorizer, type DynamicAuthorizer } from "./dynamic_authorizer.ts";
import {
  createAuthenticator,
  createInternalCaller,
  type InternalCaller,
  type ProcedureCaller,
} from "../auth/authenticators.ts";
import { BUILTIN_AUTHENTICATORS } from "../auth/router.ts";
import { type RunningListener, startListener, type TlsMaterial } from "./listener.ts";
import { Router } from "./router.ts";
import {
  allowAllAuthorizer,
  type AuthDecision,
  type Authenticator,
  type AuthorizeAction,
  type AuthorizeDecision,
  type Authorizer,
  type HelloContext,
} from "./types.ts";
import type { StaticFileSystem } from "./web.ts";

/**
 * The built-in role of in-process components: allowed everything unless the realm defines it.
 *
 * @example The role of in-process sessions
 * ```ts
 * import { startRouter, TRUSTED_ROLE } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * const details = await session.join("realm1");
 * if (details.authrole !== TRUSTED_ROLE) throw new Error(`Unexpected ${details.authrole}`);
 * ```
 */
export const TRUSTED_ROLE = "trusted";

/**
 * Options of {@linkcode startRouter}.
 *
 * @example Free ports and a short shutdown
 * ```ts
 * import { startRouter, type StartRouterOptions } from "@autobahn/autobahn/router";
 *
 * const options: StartRouterOptions = { ephemeralPorts: true, closeTimeout: 200 };
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint }],
 *   }],
 * }, options);
 * if (router.transports[0]!.port === 8080) throw new Error("Expected a free port");
 * ```
 */
export interface StartRouterOptions {
  /** Structured logger (joins, leaves, errors, listeners). Default: none. */
  readonly logger?: Logger;
  /** Directory that relative file names in the config are resolved against. Default: the config file's, else the working directory. */
  readonly baseDir?: string;
  /** File system for static paths (tests, other runtimes). */
  readonly fileSystem?: StaticFileSystem;
  /**
   * Bind every TCP endpoint to a free port (port 0) instead of its configured
   * one; read the ports from {@linkcode RouterHandle.transports}. For tests
   * and embedding. Default false.
   */
  readonly ephemeralPorts?: boolean;
  /** Milliseconds `close()` waits for sessions to answer GOODBYE. Default 1000. */
  readonly closeTimeout?: number;
}

/**
 * One started transport, as the handle reports it.
 *
 * @example Where clients connect
 * ```ts
 * import { type StartedTransport, startRouter } from "@autobahn/autobahn/router";
 *
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "rawsocket", endpoint, id: "rs1" }],
 *   }],
 * }, { ephemeralPorts: true });
 * const t: StartedTransport = router.transports[0]!;
 * if (t.id !== "rs1" || t.url !== `rs://127.0.0.1:${t.port}`) throw new Error(t.url);
 * ```
 */
export interface StartedTransport {
  /** `websocket`, `rawsocket` or `web`. */
  readonly type: "websocket" | "rawsocket" | "web";
  /** The config's `id`, if any. */
  readonly id?: string;
  /** Where clients connect (for `web`, the first WebSocket path). */
  readonly url: string;
  /** The bound TCP port (0 for Unix sockets). */
  readonly port: number;
  /** Every WebSocket URL it serves. */
  readonly urls: readonly string[];
}

/**
 * Options of {@linkcode RouterHandle.connectInProcess}.
 *
 * @example An in-process session with its own role
 * ```ts
 * import { type InProcessOptions, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const options: InProcessOptions = { authrole: "backend" };
 * await using session = new Session(router.connectInProcess(options));
 * const details = await session.join("realm1");
 * if (details.authrole !== "backend") throw new Error(`Unexpected ${details.authrole}`);
 * ```
 */
export interface InProcessOptions {
  /** The authrole the session gets. Default {@linkcode TRUSTED_ROLE}. */
  readonly authrole?: string;
  /**
   * The authid the session gets. Default: random, or (for the trusted role)
   * the one the session asks for in its HELLO.
   */
  readonly authid?: string;
}

/**
 * A running router.
 *
 * @example Embedding a router and a backend component
 * ```ts
 * import { type RouterHandle, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router: RouterHandle = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using backend = new Session(router.connectInProcess());
 * await backend.join("realm1");
 * await backend.register("com.myapp.ping", () => "pong");
 * if (router.router.getRealm("realm1")!.sessionCount !== 1) {
 *   throw new Error("Expected one session");
 * }
 * ```
 */
export interface RouterHandle extends AsyncDisposable {
  /** The router of the first worker. */
  readonly router: Router;
  /** The routers of every worker. */
  readonly routers: readonly Router[];
  /** The validated configuration. */
  readonly config: RouterConfig;
  /** The started transports, in config order. */
  readonly transports: readonly StartedTransport[];
  /**
   * A transport connected to the (first) router in this process: for
   * components that live with the router. Join it with a `Session`.
   */
  connectInProcess(options?: InProcessOptions): MessageTransport;
  /**
   * Shuts down: GOODBYE `wamp.close.system_shutdown` to every session, waits
   * for the answers (bounded), then closes every listener and connection.
   */
  close(): Promise<void>;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

function resolvePath(base: string, path: string): string {
  return path.startsWith("/") ? path : `${base.replace(/\/$/, "")}/${path}`;
}

function cwd(): string {
  return currentDirectory();
}

/** Splits a URI pattern, for wildcard matching. */
function wildcardMatches(pattern: string, uri: string): boolean {
  const p = pattern.split(".");
  const u = uri.split(".");
  return p.length === u.length && p.every((c, i) => c === "" || c === u[i]);
}

/** A role's permissions, looked up Crossbar's way: exact, then longest prefix, then wildcard. */
class RolePermissions {
  readonly #exact = new Map<string, PermissionConfig>();
  readonly #prefix: PermissionConfig[];
  readonly #wildcard: PermissionConfig[];

  constructor(permissions: readonly PermissionConfig[]) {
    for (const p of permissions) if (p.match === "exact") this.#exact.set(p.uri, p);
    this.#prefix = permissions.filter((p) => p.match === "prefix").sort((a, b) =>
      b.uri.length - a.uri.length
    );
    this.#wildcard = permissions.filter((p) => p.match === "wildcard");
  }

  find(uri: string): PermissionConfig | undefined {
    return this.#exact.get(uri) ?? this.#prefix.find((p) => uri.startsWith(p.uri)) ??
      this.#wildcard.find((p) => wildcardMatches(p.uri, uri));
  }
}

/**
 * The authorizer of a realm's `roles`: a session may act when its role has a
 * permission matching the URI that allows the action; `disclose` forces
 * caller or publisher disclosure. Unknown roles may do nothing, except the
 * built-in {@linkcode TRUSTED_ROLE}. A realm without `roles` allows
 * everything. Roles with an `authorizer` (dynamic authorization) are denied
 * here: `startRouter` routes them to their authorizer procedure.
 *
 * @example Permissions of a realm's roles
 * ```ts
 * import { createRoleAuthorizer, parseRouterConfig } from "@autobahn/autobahn/router";
 *
 * const config = parseRouterConfig({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{
 *       name: "realm1",
 *       roles: [{
 *         name: "viewer",
 *         permissions: [{ uri: "com.myapp.", match: "prefix", allow: { subscribe: true } }],
 *       }],
 *     }],
 *     transports: [],
 *   }],
 * });
 * const authorizer = createRoleAuthorizer(config.workers[0]!.realms[0]!);
 * const viewer = { session: 1, realm: "realm1", authid: "v", authrole: "viewer" };
 * if (authorizer.authorize(viewer, "com.myapp.news", "subscribe", {}) !== true) throw new Error();
 * if (authorizer.authorize(viewer, "com.myapp.news", "publish", {}) !== false) throw new Error();
 * ```
 */
export function createRoleAuthorizer(realm: RealmConfig): Authorizer {
  if (realm.roles === undefined) return allowAllAuthorizer;
  const roles = new Map(
    (realm.roles ?? []).map((r) => [r.name, new RolePermissions(r.permissions)]),
  );
  return {
    authorize(subject, uri, action: AuthorizeAction): AuthorizeDecision {
      const role = roles.get(subject.authrole);
      if (!role) return subject.authrole === TRUSTED_ROLE;
      const p = role.find(uri);
      if (!p || !p.allow[action]) return false;
      const disclose = action === "call"
        ? p.disclose.caller
        : action === "publish"
        ? p.disclose.publisher
        : false;
      return disclose ? { allow: true, disclose: true } : true;
    },
  };
}

/**
 * The authenticator of a worker: each transport's `auth` (looked up by the
 * transport's details) decides, through {@linkcode createAuthenticator}
 * (absent `auth` means anonymous with role `anonymous`). One authenticator
 * per `auth` section, so challenges stay with the transport that sent them.
 */
function createConfigAuthenticator(
  realms: readonly RealmConfig[],
  authOf: (details: TransportDetails | undefined) => AuthConfig | undefined,
  call: ProcedureCaller,
): Authenticator {
  const byName = new Map(realms.map((r) => [r.name, r]));
  const options = {
    factories: BUILTIN_AUTHENTICATORS,
    call,
    trustedRole: TRUSTED_ROLE,
    realmRoles: (realm: string) => byName.get(realm)?.roles?.map((r) => r.name),
  };
  const fallback = createAuthenticator(undefined, options);
  const cache = new WeakMap<AuthConfig, Authenticator>();
  const of = (ctx: HelloContext): Authenticator => {
    const auth = authOf(ctx.transport);
    if (!auth) return fallback;
    let a = cache.get(auth);
    if (!a) cache.set(auth, a = createAuthenticator(auth, options));
    return a;
  };
  return {
    hello: (ctx: HelloContext): AuthDecision | Promise<AuthDecision> => of(ctx).hello(ctx),
    authenticate: (ctx, msg): AuthDecision | Promise<AuthDecision> => {
      const a = of(ctx);
      return a.authenticate
        ? a.authenticate(ctx, msg)
        : { kind: "abort", reason: ErrorUri.AUTHENTICATION_FAILED };
    },
  };
}

async function readText(path: string, key: string): Promise<string> {
  try {
    return await readTextFile(path);
  } catch (err) {
    throw new TypeError(`Cannot read ${key} ${path}: ${(err as Error).message}`);
  }
}

/** Resolves relative names in an endpoint and a transport; loads TLS material. */
async function prepareTransport(
  t: TransportConfig,
  path: string,
  baseDir: string,
  ephemeral: boolean,
): Promise<{ config: TransportConfig; tls?: TlsMaterial }> {
  let endpoint: EndpointConfig = t.endpoint;
  if (ephemeral && endpoint.type === "tcp") endpoint = { ...endpoint, port: 0 };
  let tls: TlsMaterial | undefined;
  if (endpoint.type === "unix") {
    endpoint = { ...endpoint, path: resolvePath(baseDir, endpoint.path) };
  } else if (endpoint.tls) {
    const p = `${path}.endpoint.tls`;
    const key = await readText(resolvePath(baseDir, endpoint.tls.key), `${p}.key`);
    let cert = await readText(resolvePath(baseDir, endpoint.tls.certificate), `${p}.certificate`);
    for (const [i, c] of endpoint.tls.chainCertificates.entries()) {
      cert += "\n" + await readText(resolvePath(baseDir, c), `${p}.chain_certificates[${i}]`);
    }
    tls = { cert, key };
  }
  if (t.type === "web") {
    const paths = Object.fromEntries(
      Object.entries(t.paths).map(([k, v]) => [
        k,
        v.type === "static" ? { ...v, directory: resolvePath(baseDir, v.directory) } : v,
      ]),
    );
    return { config: { ...t, endpoint, paths }, ...(tls ? { tls } : {}) };
  }
  return { config: { ...t, endpoint } as TransportConfig, ...(tls ? { tls } : {}) };
}

/**
 * Starts a router from a configuration object, a config file path, or
 * nothing (realm `realm1`, anonymous, `ws://127.0.0.1:8080/ws`).
 *
 * @example
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint, url: "ws://127.0.0.1:8080/ws" }],
 *   }],
 * }, { ephemeralPorts: true }); // a free port instead of 8080
 * if (!router.transports[0]!.url.startsWith("ws://127.0.0.1:")) throw new Error("Unexpected URL");
 * ```
 *
 * @throws {ConfigError} for an invalid configuration (naming the key path).
 * @throws {TypeError} for unreadable files or missing directories; an OS error when a port is taken.
 */
export async function startRouter(
  config?: RouterConfig | Record<string, unknown> | string,
  options: StartRouterOptions = {},
): Promise<RouterHandle> {
  const logger = options.logger ?? noopLogger;
  let parsed: RouterConfig;
  let baseDir = options.baseDir;
  if (config === undefined) parsed = DEFAULT_CONFIG;
  else if (typeof config === "string") {
    parsed = parseRouterConfigText(await readText(config, "config file"));
    baseDir ??= dirname(config);
  } else parsed = parseRouterConfig(config);
  baseDir ??= cwd();

  // Everything that can fail without side effects, first.
  const prepared: {
    worker: RouterWorkerConfig;
    transports: { config: TransportConfig; tls?: TlsMaterial }[];
  }[] = [];
  for (const [wi, worker] of parsed.workers.entries()) {
    const transports = [];
    for (const [ti, t] of worker.transports.entries()) {
      transports.push(
        await prepareTransport(
          t,
          `workers[${wi}].transports[${ti}]`,
          baseDir,
          options.ephemeralPorts ?? false,
        ),
      );
    }
    prepared.push({ worker, transports });
  }

  const authByDetails = new WeakMap<TransportDetails, AuthConfig | undefined>();
  const routers: Router[] = [];
  const listeners: RunningListener[] = [];
  const inProcess = new Set<MessageTransport>();
  const dynamicAuthorizers: DynamicAuthorizer[] = [];
  const internalCallers: InternalCaller[] = [];
  let closing: Promise<void> | undefined;
  const attachInProcess = (
    router: Router,
    authrole: string,
    authid?: string,
  ): MessageTransport => {
    if (closing) throw new TypeError("Cannot connect in process: the router is closed");
    const [client, server] = createInProcessPair("router");
    authByDetails.set(server.details, {
      anonymous: authid === undefined
        ? { type: "static", role: authrole }
        : { type: "static", role: authrole, authid },
    });
    inProcess.add(server);
    void server.closed.then(() => inProcess.delete(server));
    router.attach(server);
    return client;
  };
  try {
    for (const { worker, transports } of prepared) {
      const realmAuthorizer = (r: RealmConfig): Authorizer => {
        const fallback = createRoleAuthorizer(r);
        const dynamic = new Map(
          (r.roles ?? []).flatMap((role) =>
            role.authorizer === undefined ? [] : [[role.name, role.authorizer] as const]
          ),
        );
        if (dynamic.size === 0) return fallback;
        const a = createDynamicAuthorizer({
          realm: r.name,
          roles: dynamic,
          fallback,
          connect: () => attachInProcess(router, TRUSTED_ROLE),
          lookup: (id) => router.realms.get(r.name)?.getSession(id),
        });
        dynamicAuthorizers.push(a);
        return a;
      };
      const caller = createInternalCaller(() => attachInProcess(router, TRUSTED_ROLE));
      internalCallers.push(caller);
      const router: Router = new Router({
        logger,
        authenticator: createConfigAuthenticator(
          worker.realms,
          (d) => (d ? authByDetails.get(d) : undefined),
          caller.call,
        ),
        realms: worker.realms.map((r) => ({ name: r.name, authorizer: realmAuthorizer(r) })),
      });
      routers.push(router);
      for (const t of transports) {
        const l = await startListener(t.config, {
          logger,
          ...(t.tls ? { tls: t.tls } : {}),
          ...(options.fileSystem ? { fileSystem: options.fileSystem } : {}),
          onTransport(transport, auth) {
            authByDetails.set(transport.details, auth);
            router.attach(transport);
          },
        });
        listeners.push(l);
        if (logger.enabled.info) {
          logger.log("info", "router", "Listening", { type: l.type, url: l.url, urls: l.urls });
        }
      }
    }
  } catch (err) {
    await Promise.allSettled(listeners.map((l) => l.close()));
    throw err;
  }

  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled(dynamicAuthorizers.map((a) => a.close()));
      await Promise.allSettled(internalCallers.map((c) => c.close()));
      for (const r of routers) r.close(CloseUri.SYSTEM_SHUTDOWN);
      const deadline = Date.now() + (options.closeTimeout ?? 1000);
      while (routers.some((r) => r.attachedCount > 0) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 10));
      }
      await Promise.allSettled(listeners.map((l) => l.close()));
      await Promise.allSettled([...inProcess].map((t) => t.close()));
      if (logger.enabled.info) logger.log("info", "router", "Stopped", {});
    })();
    return closing;
  };

  return {
    router: routers[0]!,
    routers,
    config: parsed,
    transports: listeners.map((l) => ({
      type: l.type,
      ...(l.id ? { id: l.id } : {}),
      url: l.url,
      port: l.port,
      urls: l.urls,
    })),
    connectInProcess(opts: InProcessOptions = {}): MessageTransport {
      return attachInProcess(routers[0]!, opts.authrole ?? TRUSTED_ROLE, opts.authid);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
