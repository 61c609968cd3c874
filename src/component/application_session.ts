/**
 * The seed's subclass style: extend {@linkcode ApplicationSession} and
 * override `onConnect`, `onChallenge`, `onJoin`, `onLeave`, `onDisconnect`;
 * run it with a {@linkcode Component} (`sessionFactory`) or an
 * {@linkcode ApplicationRunner}.
 *
 * @module
 */
import type { MessageTransport, TransportCloseInfo } from "../transport/message_transport.ts";
import { Session, type SessionOptions } from "../session/session.ts";
import { SessionClosedError } from "../session/requests.ts";
import {
  type Challenge,
  type ChallengeResponse,
  type JoinOptions,
  type LeaveDetails,
  type SessionDetails,
  TRANSPORT_LOST,
} from "../session/types.ts";
import type { LogLevel } from "../util/logger.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";
import { Component, type SessionFactory } from "./component.ts";
import type { AuthenticationConfig, TransportOptions } from "./config.ts";
import { run } from "./run.ts";

/**
 * What a session factory gets besides the transport (the seed's `ComponentConfig`).
 *
 * @example A session factory reading the component's config
 * ```ts
 * import {
 *   ApplicationSession,
 *   Component,
 *   type ComponentConfig,
 *   run,
 * } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * let greeting = "";
 * class Greeter extends ApplicationSession {
 *   override async onJoin() {
 *     greeting = (this.config.extra as { greeting: string }).greeting;
 *     await this.leave();
 *   }
 * }
 * const comp = new Component({
 *   transports: "ws://127.0.0.1:8080/ws", // not dialled: the connector below is used
 *   realm: "realm1",
 *   extra: { greeting: "hi" },
 *   connector: () => Promise.resolve(router.connectInProcess()),
 *   sessionFactory: (transport, config: ComponentConfig) => new Greeter(transport, config),
 * });
 * await run([comp], { logLevel: "off" });
 * if (greeting !== "hi") throw new Error("No extra");
 * ```
 */
export interface ComponentConfig {
  /** The realm to join. */
  readonly realm: string;
  /** The component's `extra` (anything the application wants to hand over). */
  readonly extra?: unknown;
  /** The `join` options built from the authentication config. */
  readonly joinOptions: JoinOptions;
  /** Session options (logger, agent) the component wants the session to use. */
  readonly sessionOptions: SessionOptions;
}

/**
 * A lifecycle handler of a session or component failed (user code, not the network).
 *
 * @example A failing `join` handler ends the component
 * ```ts
 * import { Component, ComponentHandlerError, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const comp = new Component({
 *   transports: "ws://127.0.0.1:8080/ws",
 *   realm: "realm1",
 *   connector: () => Promise.resolve(router.connectInProcess()),
 * });
 * comp.onJoin(() => {
 *   throw new Error("boom");
 * });
 * const error = await run([comp], { logLevel: "off" }).catch((e) => e);
 * if (!(error instanceof ComponentHandlerError)) throw new Error("Expected a handler error");
 * ```
 */
export class ComponentHandlerError extends Error {
  /**
   * Creates the error.
   *
   * @param handler The handler that failed, e.g. `"onJoin"`.
   * @param cause What it threw.
   */
  constructor(handler: string, cause: unknown) {
    super(`${handler} handler failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "ComponentHandlerError";
  }
}

/**
 * A session to subclass: override the lifecycle hooks.
 *
 * @example
 * ```ts
 * import { ApplicationRunner, ApplicationSession } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint }],
 *   }],
 * }, { ephemeralPorts: true });
 * let sum: unknown;
 * class MySession extends ApplicationSession {
 *   override async onJoin() {
 *     await this.register("com.myapp.add2", ([a, b]) => a + b);
 *     sum = await this.call("com.myapp.add2", [2, 3]);
 *     await this.leave();
 *   }
 * }
 * await new ApplicationRunner(router.transports[0]!.url, "realm1").run(MySession, {
 *   logLevel: "off",
 * });
 * if (sum !== 5) throw new Error(`Unexpected sum ${sum}`);
 * ```
 */
export class ApplicationSession extends Session {
  /** The configuration the session was made with. */
  readonly config: ComponentConfig;
  #joined: PromiseWithResolvers<SessionDetails> = Promise.withResolvers();
  #disconnected: Promise<void>;

  /**
   * Creates the session on an open transport.
   *
   * @param transport The open transport.
   * @param config Realm, extra and join options (from the component).
   */
  constructor(transport: MessageTransport, config: ComponentConfig) {
    const self: { s?: ApplicationSession } = {};
    super(transport, {
      ...config.sessionOptions,
      onChallenge: (c) => self.s!.onChallenge(c),
      onLeave: (d) => self.s!.#left(d),
    });
    self.s = this;
    this.config = config;
    this.#joined.promise.catch(() => {});
    this.#disconnected = transport.closed.then(async (info) => {
      this.#joined.reject(
        new SessionClosedError(TRANSPORT_LOST, "Cannot join: the transport closed"),
      );
      try {
        await this.onDisconnect(info);
      } catch (e) {
        this.#log("onDisconnect", e);
      }
    });
  }

  /** Resolves once the router welcomed the session; rejects when joining fails or the transport closes first. */
  whenJoined(): Promise<SessionDetails> {
    return this.#joined.promise;
  }

  /** Resolves once the transport closed and `onDisconnect` finished. */
  whenDisconnected(): Promise<void> {
    return this.#disconnected;
  }

  /**
   * Joins, then runs `onJoin`; a failing `onJoin` leaves the session and
   * rejects with a {@linkcode ComponentHandlerError}.
   */
  override async join(realm: string, options: JoinOptions = {}): Promise<SessionDetails> {
    let details: SessionDetails;
    try {
      details = await super.join(realm, options);
    } catch (e) {
      this.#joined.reject(e);
      throw e;
    }
    this.#joined.resolve(details);
    try {
      await this.onJoin(details);
    } catch (e) {
      const err = new ComponentHandlerError("onJoin", e);
      if (this.isJoined) await this.leave("wamp.close.component_error", err.message);
      throw err;
    }
    return details;
  }

  /** Called once the transport is open. Default: join the configured realm. */
  async onConnect(): Promise<void> {
    await this.join(this.config.realm, this.config.joinOptions);
  }

  /** Answers a CHALLENGE. Default: the configured authentication's handler. */
  onChallenge(challenge: Challenge): ChallengeResponse | Promise<ChallengeResponse> {
    const handler = this.config.joinOptions.onChallenge;
    if (!handler) throw new Error(`No credentials for authentication method ${challenge.method}`);
    return handler(challenge);
  }

  /** Called once joined. Default: nothing. */
  onJoin(_details: SessionDetails): void | Promise<void> {}

  /** Called once the session ended (the transport is then closed). Default: nothing. */
  onLeave(_details: LeaveDetails): void | Promise<void> {}

  /** Called once the transport closed. Default: nothing. */
  onDisconnect(_info: TransportCloseInfo): void | Promise<void> {}

  #left(details: LeaveDetails): void {
    Promise.resolve()
      .then(() => this.onLeave(details))
      .catch((e) => this.#log("onLeave", e));
  }

  #log(handler: string, e: unknown): void {
    const log = this.config.sessionOptions.logger;
    if (log?.enabled.error) {
      log.log("error", "autobahn.component", `${handler} handler failed`, { error: e });
    }
  }
}

/**
 * Options of {@linkcode ApplicationRunner}.
 *
 * @example Ticket authentication and JSON only
 * ```ts
 * import { ApplicationRunner, type ApplicationRunnerOptions } from "@autobahn/autobahn/component";
 *
 * const options: ApplicationRunnerOptions = {
 *   serializers: ["json"],
 *   authentication: { ticket: { authid: "alice", ticket: "secret!!!" } },
 *   autoReconnect: true,
 * };
 * const runner = new ApplicationRunner("ws://127.0.0.1:8080/ws", "realm1", options);
 * if (runner.component) throw new Error("Nothing runs before run()");
 * ```
 */
export interface ApplicationRunnerOptions {
  /** Handed to the session as `config.extra`. */
  readonly extra?: unknown;
  /** Serializers to offer. */
  readonly serializers?: readonly SerializerName[];
  /** Authentication config (default anonymous). */
  readonly authentication?: AuthenticationConfig;
  /** Transport options. */
  readonly options?: TransportOptions;
  /** Reconnect after the connection drops (forever, with the default backoff). Default `false`. */
  readonly autoReconnect?: boolean;
}

/**
 * An {@linkcode ApplicationSession} subclass, or a factory of sessions.
 *
 * @example A subclass or a factory
 * ```ts
 * import {
 *   ApplicationSession,
 *   type ComponentConfig,
 *   type SessionMaker,
 * } from "@autobahn/autobahn/component";
 * import type { MessageTransport } from "@autobahn/autobahn/transport";
 *
 * class MySession extends ApplicationSession {}
 * const bySubclass: SessionMaker = MySession;
 * const byFactory: SessionMaker = (t: MessageTransport, c: ComponentConfig) => new MySession(t, c);
 * if (!bySubclass || !byFactory) throw new Error("Unreachable");
 * ```
 */
export type SessionMaker =
  | (new (transport: MessageTransport, config: ComponentConfig) => ApplicationSession)
  | SessionFactory;

/**
 * Runs one {@linkcode ApplicationSession} subclass against one router URL,
 * as the seed's `ApplicationRunner`.
 *
 * @example
 * ```ts
 * import { ApplicationRunner, ApplicationSession } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * const endpoint = { type: "tcp", port: 8080 } as const;
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{
 *     type: "router",
 *     realms: [{ name: "realm1" }],
 *     transports: [{ type: "websocket", endpoint }],
 *   }],
 * }, { ephemeralPorts: true });
 * class MySession extends ApplicationSession {
 *   override async onJoin() {
 *     await this.leave();
 *   }
 * }
 * const runner = new ApplicationRunner(router.transports[0]!.url, "realm1");
 * await runner.run(MySession, { logLevel: "off" }); // until the session leaves (or SIGINT)
 * ```
 */
export class ApplicationRunner {
  /** The router URL. */
  readonly url: string;
  /** The realm. */
  readonly realm: string;
  /** The options. */
  readonly options: ApplicationRunnerOptions;
  #component: Component | undefined;

  /**
   * Creates a runner.
   *
   * @param url The router URL (`ws://`, `wss://`, `rs://`, ...).
   * @param realm The realm to join.
   * @param options Extra, serializers, authentication, reconnects.
   */
  constructor(url: string, realm: string, options: ApplicationRunnerOptions = {}) {
    this.url = url;
    this.realm = realm;
    this.options = options;
  }

  /** The component running the session, once `run` was called. */
  get component(): Component | undefined {
    return this.#component;
  }

  /**
   * Connects and runs sessions made by `make` until the session leaves (or
   * the process gets SIGINT/SIGTERM). With `startLoop: false` it returns
   * once started; `stop()` ends it.
   */
  run(
    make: SessionMaker,
    opts: { readonly startLoop?: boolean; readonly logLevel?: LogLevel | "off" } = {},
  ): Promise<void> {
    const isClass = make === ApplicationSession || make.prototype instanceof ApplicationSession;
    const factory: SessionFactory = isClass
      ? (t, c) =>
        new (make as new (t: MessageTransport, c: ComponentConfig) => ApplicationSession)(t, c)
      : make as SessionFactory;
    const o = this.options;
    this.#component = new Component({
      transports: [{
        url: this.url,
        ...(o.serializers ? { serializers: o.serializers } : {}),
        ...(o.options ? { options: o.options } : {}),
        maxRetries: o.autoReconnect ? -1 : 0,
      }],
      realm: this.realm,
      extra: o.extra,
      ...(o.authentication ? { authentication: o.authentication } : {}),
      sessionFactory: factory,
    });
    return run([this.#component], opts);
  }

  /** Stops the component (leaving the session). */
  async stop(): Promise<void> {
    await this.#component?.stop();
  }
}
