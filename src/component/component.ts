/**
 * The WAMP {@linkcode Component}: a list of transports tried round-robin
 * with a backoff policy, a realm and authentication config, lifecycle events
 * (`connect`, `join`, `ready`, `leave`, `disconnect`, `connectfailure`), and
 * procedures and subscriptions that are re-established on every new session.
 *
 * @module
 */
import { connectBrowserWebSocket, platformSerializers } from "../transport/browser_websocket.ts";
import { SerializerNegotiationError } from "../transport/message_transport.ts";
import type { MessageTransport, TransportConnectOptions } from "../transport/message_transport.ts";
import { Session, type SessionOptions } from "../session/session.ts";
import {
  type AnyArgs,
  type AnyKwargs,
  type CallDetails,
  type EventDetails,
  type EventHandler,
  type Kwargs,
  type LeaveDetails,
  type Procedure,
  type ProcedureHandler,
  type RegisterOptions,
  type SessionDetails,
  type SubscribeOptions,
  type Topic,
  TRANSPORT_LOST,
  uriOf,
} from "../session/types.ts";
import { type Logger, noopLogger } from "../util/logger.ts";
import { Observable } from "../util/observable.ts";
import { ApplicationError } from "../wamp/errors.ts";
import { ErrorUri } from "../wamp/uri.ts";
import {
  ApplicationSession,
  type ComponentConfig,
  ComponentHandlerError,
} from "./application_session.ts";
import {
  type AuthenticationConfig,
  buildJoinOptions,
  type ComponentJoinOptions,
  type NormalizedTransport,
  normalizeTransports,
  type TransportConfig,
} from "./config.ts";
import { type Clock, RetryPolicy, sleep, systemClock } from "./reconnect.ts";

/**
 * Makes the session for one connection (e.g. an {@linkcode ApplicationSession} subclass).
 *
 * @example Sessions of an ApplicationSession subclass
 * ```ts
 * import {
 *   ApplicationSession,
 *   Component,
 *   type SessionFactory,
 * } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * class Leaver extends ApplicationSession {
 *   override async onJoin() {
 *     await this.leave();
 *   }
 * }
 * const sessionFactory: SessionFactory = (transport, config) => new Leaver(transport, config);
 * const connector = () => Promise.resolve(router.connectInProcess());
 * const url = "ws://127.0.0.1:8080/ws"; // not dialled: the connector is used
 * await new Component({ transports: url, realm: "realm1", connector, sessionFactory }).start();
 * ```
 */
export type SessionFactory = (transport: MessageTransport, config: ComponentConfig) => Session;

/**
 * Opens a transport (replaces the built-in WebSocket/RawSocket connector).
 *
 * @example Connecting in process instead of dialling
 * ```ts
 * import { Component, type Connector, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const dialled: string[] = [];
 * const connector: Connector = (transport, _signal) => {
 *   dialled.push(transport.url);
 *   return Promise.resolve(router.connectInProcess());
 * };
 * const comp = new Component({ transports: "ws://127.0.0.1:8080/ws", realm: "realm1", connector });
 * comp.onJoin((session) => session.leave());
 * await run([comp], { logLevel: "off" });
 * if (dialled[0] !== "ws://127.0.0.1:8080/ws") throw new Error("Connector not used");
 * ```
 */
export type Connector = (
  transport: NormalizedTransport,
  signal: AbortSignal,
) => Promise<MessageTransport>;

/**
 * Options of {@linkcode Component}.
 *
 * @example A component with authentication and no retries
 * ```ts
 * import { Component, type ComponentOptions, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const options: ComponentOptions = {
 *   transports: [{ url: "ws://127.0.0.1:8080/ws", maxRetries: 0 }],
 *   realm: "realm1",
 *   authentication: { anonymous: { authid: "sensor-1" } },
 *   connector: () => Promise.resolve(router.connectInProcess()),
 * };
 * let authid: string | undefined;
 * const comp = new Component(options);
 * comp.onJoin((session, details) => (authid = details.authid, session.leave()));
 * await run([comp], { logLevel: "off" });
 * if (authid !== "sensor-1") throw new Error(`Unexpected authid ${authid}`);
 * ```
 */
export interface ComponentOptions {
  /** A router URL, one transport config, or a list tried round-robin. */
  readonly transports: string | TransportConfig | readonly (string | TransportConfig)[];
  /** The realm to join. */
  readonly realm: string;
  /** Per-method authentication config. Default: anonymous. */
  readonly authentication?: AuthenticationConfig;
  /** Makes the session of each connection. Default: a plain {@linkcode Session}. */
  readonly sessionFactory?: SessionFactory;
  /** Anything the application wants handed to the session factory. */
  readonly extra?: unknown;
  /**
   * Decides whether a connect or join failure ends the component instead of
   * being retried; `undefined` falls back to the default (ABORTs with
   * `no_such_realm`, `authentication_failed`, `not_authorized`,
   * `no_auth_method`, a serializer mismatch, and failing handlers are fatal).
   */
  readonly isFatal?: (error: unknown) => boolean | undefined;
  /** Structured logger. Default: none (`run()` sets one). */
  readonly logger?: Logger;
  /** Options of each session (agent, tracebacks, timeouts). */
  readonly sessionOptions?: Omit<SessionOptions, "onChallenge" | "onLeave">;
  /** Clock for retry delays (tests inject a manual one). Default: the real clock. */
  readonly clock?: Clock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /**
   * Opens transports. Default: `defaultConnector` (`connectTransport`: our
   * engine or RawSocket on Deno) when the component module was imported
   * through `@autobahn/autobahn/component` or the main entry, else
   * {@linkcode platformConnector} (the platform `WebSocket`, as in the
   * `./client` entry for browsers).
   */
  readonly connector?: Connector;
}

/**
 * The component's events and their listener arguments.
 *
 * @example The order of a component's events
 * ```ts
 * import { Component, type ComponentEvents, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const connector = () => Promise.resolve(router.connectInProcess());
 * const comp = new Component({ transports: "ws://127.0.0.1:8080/ws", realm: "realm1", connector });
 * const seen: (keyof ComponentEvents)[] = [];
 * comp.onConnect(() => void seen.push("connect"));
 * comp.onJoin((session) => (seen.push("join"), session.leave()));
 * comp.onLeave(() => void seen.push("leave"));
 * comp.onDisconnect(() => void seen.push("disconnect"));
 * await run([comp], { logLevel: "off" });
 * if (seen.join() !== "connect,join,leave,disconnect") throw new Error(seen.join());
 * ```
 */
export type ComponentEvents = {
  /** The transport is open; the session has not joined yet. */
  connect: [session: Session];
  /** The session joined (component registrations and subscriptions are in place). */
  join: [session: Session, details: SessionDetails];
  /** Every `join` listener finished. */
  ready: [session: Session, details: SessionDetails];
  /** The session ended. */
  leave: [session: Session, details: LeaveDetails];
  /** The transport closed; `wasClean` when the session had ended before. */
  disconnect: [session: Session, wasClean: boolean];
  /** A connection or join attempt failed (it will be retried unless fatal). */
  connectfailure: [error: unknown];
};

interface RegistrationSpec {
  readonly procedure: string;
  readonly handler: (args: AnyArgs, kwargs: AnyKwargs, details: CallDetails) => unknown;
  readonly options: RegisterOptions;
}
interface SubscriptionSpec {
  readonly topic: string;
  readonly handler: (args: AnyArgs, kwargs: AnyKwargs, details: EventDetails) => unknown;
  readonly options: SubscribeOptions;
}

const FATAL_URIS: ReadonlySet<string> = new Set([
  ErrorUri.NO_SUCH_REALM,
  ErrorUri.AUTHENTICATION_FAILED,
  ErrorUri.NOT_AUTHORIZED,
  "wamp.error.no_auth_method",
  ErrorUri.NO_MATCHING_AUTH_METHOD,
]);

/**
 * The default fatality rule (see {@linkcode ComponentOptions.isFatal}).
 *
 * @example
 * ```ts
 * import { defaultIsFatal } from "@autobahn/autobahn/component";
 * defaultIsFatal(new Error("connection refused")); // false: retried
 * ```
 */
export function defaultIsFatal(error: unknown): boolean {
  if (error instanceof ApplicationError) return FATAL_URIS.has(error.error);
  // A router that fails mutual authentication (WAMP-SCRAM verifier) is not
  // to be retried: it is the wrong router, or an impostor.
  if ((error as { code?: unknown })?.code === "scram_verification_failed") return true;
  return error instanceof SerializerNegotiationError || error instanceof ComponentHandlerError;
}

/**
 * The component gave up: every transport used up its retries.
 *
 * @example Giving up after the last retry
 * ```ts
 * import { Component, RetriesExhaustedError, run } from "@autobahn/autobahn/component";
 *
 * const comp = new Component({
 *   transports: [{ url: "ws://127.0.0.1:8080/ws", maxRetries: 0 }],
 *   realm: "realm1",
 *   connector: () => Promise.reject(new Error("connection refused")),
 * });
 * const error = await run([comp], { logLevel: "off" }).catch((e) => e);
 * if (!(error instanceof RetriesExhaustedError)) throw error;
 * ```
 */
export class RetriesExhaustedError extends Error {
  /**
   * Creates the error.
   *
   * @param cause The last failure.
   */
  constructor(cause: unknown) {
    super(
      `Cannot connect: every transport used up its retries (last failure: ${
        cause instanceof Error ? cause.message : String(cause)
      })`,
      { cause },
    );
    this.name = "RetriesExhaustedError";
  }
}

/**
 * A WAMP component: connects, joins, re-registers and re-subscribes on every
 * new session, and reconnects with backoff until stopped or left.
 *
 * It is done (its `start()` promise resolves) when `stop()` is called or the
 * application leaves the session itself (`session.leave()`); a lost
 * transport, a router GOODBYE or a non-fatal ABORT is retried per policy.
 *
 * @example Connecting over WebSocket to a local router
 * ```ts
 * import { Component, run } from "@autobahn/autobahn/component";
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
 * const comp = new Component({ transports: router.transports[0]!.url, realm: "realm1" });
 * comp.register("com.myapp.add2", ([a, b]) => a + b);
 * comp.subscribe("com.myapp.hello", ([msg]) => console.log(msg));
 * comp.onJoin(async (session) => {
 *   console.log(await session.call("com.myapp.add2", [2, 3])); // 5
 *   await session.leave();
 * });
 * await run([comp], { logLevel: "off" });
 * ```
 */
export class Component {
  /** The normalised transports. */
  readonly transports: readonly NormalizedTransport[];
  /** The realm. */
  readonly realm: string;
  /** The options as given. */
  readonly options: ComponentOptions;
  readonly #events = new Observable<ComponentEvents>([
    "connect",
    "join",
    "ready",
    "leave",
    "disconnect",
    "connectfailure",
  ]);
  readonly #registrations: RegistrationSpec[] = [];
  readonly #subscriptions: SubscriptionSpec[] = [];
  #joinOptions: ComponentJoinOptions;
  readonly #clock: Clock;
  #logger: Logger;
  #session: Session | undefined;
  #running: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #stopping = false;

  /**
   * Creates a component (nothing connects until `start()` or `run()`).
   *
   * @throws {TypeError} for an invalid configuration, naming the field.
   */
  constructor(options: ComponentOptions) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("Invalid component config: expected an object");
    }
    if (typeof options.realm !== "string" || options.realm === "") {
      throw new TypeError("Invalid component config: realm must be a non-empty string");
    }
    if (options.sessionFactory !== undefined && typeof options.sessionFactory !== "function") {
      throw new TypeError("Invalid component config: sessionFactory must be a function");
    }
    if (options.isFatal !== undefined && typeof options.isFatal !== "function") {
      throw new TypeError("Invalid component config: isFatal must be a function");
    }
    this.options = options;
    this.realm = options.realm;
    this.transports = normalizeTransports(options.transports);
    this.#joinOptions = buildJoinOptions(options.authentication);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? noopLogger;
  }

  /** The logger (`run()` sets one when none was given). */
  get logger(): Logger {
    return this.#logger;
  }
  set logger(logger: Logger) {
    this.#logger = logger;
  }

  /** True when a logger was given in the options. */
  get hasOwnLogger(): boolean {
    return this.options.logger !== undefined;
  }

  /** The current session, while connected. */
  get session(): Session | undefined {
    return this.#session;
  }

  /** True between `start()` and the end of the component. */
  get isRunning(): boolean {
    return this.#running !== undefined;
  }

  // -------------------------------------------------------------------------
  // Events

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof ComponentEvents>(
    event: K,
    listener: (...args: ComponentEvents[K]) => unknown,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof ComponentEvents>(
    event: K,
    listener: (...args: ComponentEvents[K]) => unknown,
  ): void {
    this.#events.off(event, listener);
  }

  /** Listens to `connect`. */
  onConnect(fn: (session: Session) => unknown): () => void {
    return this.on("connect", fn);
  }
  /** Listens to `join`; `ready` follows once every `join` listener finished. */
  onJoin(fn: (session: Session, details: SessionDetails) => unknown): () => void {
    return this.on("join", fn);
  }
  /** Listens to `ready`. */
  onReady(fn: (session: Session, details: SessionDetails) => unknown): () => void {
    return this.on("ready", fn);
  }
  /** Listens to `leave`. */
  onLeave(fn: (session: Session, details: LeaveDetails) => unknown): () => void {
    return this.on("leave", fn);
  }
  /** Listens to `disconnect`. */
  onDisconnect(fn: (session: Session, wasClean: boolean) => unknown): () => void {
    return this.on("disconnect", fn);
  }
  /** Listens to `connectfailure`. */
  onConnectFailure(fn: (error: unknown) => unknown): () => void {
    return this.on("connectfailure", fn);
  }

  // -------------------------------------------------------------------------
  // Component-level procedures and subscriptions

  /** Registers `handler` on every session this component joins. */
  register<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    procedure: string,
    handler: (args: A, kwargs: K, details: CallDetails) => unknown,
    options?: RegisterOptions,
  ): this;
  /** Registers a typed procedure on every session: the handler is checked against the descriptor. */
  register<A extends readonly unknown[], R, K extends Kwargs>(
    procedure: Procedure<A, R, K>,
    handler: ProcedureHandler<NoInfer<A>, NoInfer<R>, NoInfer<K>>,
    options?: RegisterOptions,
  ): this;
  register(
    procedure: string | Procedure,
    handler: (args: AnyArgs, kwargs: AnyKwargs, details: CallDetails) => unknown,
    options: RegisterOptions = {},
  ): this {
    if (typeof handler !== "function") {
      throw new TypeError("Cannot register: handler must be a function");
    }
    this.#registrations.push({ procedure: uriOf(procedure), handler, options });
    return this;
  }

  /** Subscribes `handler` to a typed topic on every session this component joins. */
  subscribe<A extends readonly unknown[], K extends Kwargs>(
    topic: Topic<A, K>,
    handler: EventHandler<NoInfer<A>, NoInfer<K>>,
    options?: SubscribeOptions,
  ): this;
  /** Subscribes `handler` on every session this component joins. */
  subscribe<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string,
    handler: (args: A, kwargs: K, details: EventDetails) => unknown,
    options?: SubscribeOptions,
  ): this;
  subscribe(
    topic: string | Topic,
    handler: (args: AnyArgs, kwargs: AnyKwargs, details: EventDetails) => unknown,
    options: SubscribeOptions = {},
  ): this {
    if (typeof handler !== "function") {
      throw new TypeError("Cannot subscribe: handler must be a function");
    }
    this.#subscriptions.push({ topic: uriOf(topic), handler, options });
    return this;
  }

  // -------------------------------------------------------------------------
  // Running

  /**
   * Starts connecting; resolves when the component is done (stopped, or the
   * application left), rejects on a fatal error or when retries ran out.
   * Calling it again while running returns the same promise.
   */
  start(): Promise<void> {
    if (this.#running) return this.#running;
    this.#stopping = false;
    const abort = new AbortController();
    this.#abort = abort;
    this.#running = this.#loop(abort.signal).finally(() => {
      this.#running = undefined;
      this.#abort = undefined;
      this.#session = undefined;
    });
    return this.#running;
  }

  /**
   * Stops: leaves the session (if joined), cancels a pending retry or
   * connection attempt, and resolves once the component is done.
   */
  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#stopping = true;
    this.#abort?.abort(new DOMException("Component stopped", "AbortError"));
    const s = this.#session;
    if (s) {
      if (s.state === "established") await s.leave().catch(() => {});
      else if (s.transport.isOpen) await s.transport.close().catch(() => {});
    }
    await running.catch(() => {});
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const n = this.transports.length;
    const policies = this.transports.map((t) =>
      new RetryPolicy(t.retry, this.options.random ?? Math.random)
    );
    let next = 0;
    let lastError: unknown = undefined;
    while (!signal.aborted) {
      let chosen = -1;
      for (let k = 0; k < n; k++) {
        const j = (next + k) % n;
        if (policies[j]!.canRetry) {
          chosen = j;
          break;
        }
      }
      if (chosen < 0) throw new RetriesExhaustedError(lastError);
      const transport = this.transports[chosen]!;
      const delay = policies[chosen]!.nextDelay()!;
      if (delay > 0) {
        this.#log("info", "Waiting before the next connection attempt", {
          transport: transport.url,
          delay,
          attempt: policies[chosen]!.attempts,
        });
        try {
          await sleep(this.#clock, delay * 1000, signal);
        } catch {
          return; // stopped
        }
      }
      let outcome: "done" | "lost";
      let joinedAt: number | undefined;
      try {
        outcome = await this.#connectOnce(transport, signal, () => joinedAt = this.#clock.now());
      } catch (e) {
        if (signal.aborted || this.#stopping) return;
        lastError = e;
        this.#log("warn", "Connection attempt failed", {
          transport: transport.url,
          error: e instanceof Error ? e.message : String(e),
        });
        await this.#fire("connectfailure", e);
        const verdict = this.options.isFatal?.(e);
        if (verdict ?? defaultIsFatal(e)) throw e;
        next = chosen + 1;
        continue;
      }
      if (outcome === "done" || this.#stopping) return;
      // A session that lasted at least `initialRetryDelay` starts the retry
      // policy over (the next attempt is immediate). One lost sooner counts
      // as a failed attempt, so a router that welcomes and then drops us at
      // once gets the backoff instead of a reconnect storm.
      const policy = policies[chosen]!;
      if (
        joinedAt !== undefined &&
        this.#clock.now() - joinedAt >= policy.options.initialRetryDelay * 1000
      ) policy.reset();
      next = chosen; // the transport that worked gets the first retry
    }
  }

  /** One connection: open, join, run until the transport closes. */
  async #connectOnce(
    t: NormalizedTransport,
    signal: AbortSignal,
    onJoined: () => void,
  ): Promise<"done" | "lost"> {
    this.#log("debug", "Connecting", { transport: t.url, type: t.type });
    // The connect attempt gets its own signal: aborting it must not reach a
    // transport that is already open (stop() leaves that one gracefully).
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let transport: MessageTransport;
    try {
      transport = await (this.options.connector ?? builtinConnector)(t, attempt.signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    if (signal.aborted) {
      await transport.close().catch(() => {});
      return "done";
    }
    let leaveDetails: LeaveDetails | undefined;
    // Fresh join options per session: methods such as WAMP-SCRAM put a new
    // client nonce into HELLO every time (a nonce must never be reused).
    const joinOptions = this.#joinOptions = this.options.authentication === undefined
      ? this.#joinOptions
      : buildJoinOptions(this.options.authentication);
    const sessionOptions: SessionOptions = {
      ...this.options.sessionOptions,
      logger: this.options.sessionOptions?.logger ?? this.#logger,
    };
    const config: ComponentConfig = {
      realm: this.realm,
      extra: this.options.extra,
      joinOptions,
      sessionOptions,
    };
    let session: Session;
    try {
      session = this.options.sessionFactory
        ? this.options.sessionFactory(transport, config)
        : new Session(transport, {
          ...sessionOptions,
          ...(joinOptions.onChallenge ? { onChallenge: joinOptions.onChallenge } : {}),
          onLeave: (d) => leaveDetails = d,
        });
    } catch (e) {
      await transport.close().catch(() => {});
      throw new ComponentHandlerError("sessionFactory", e);
    }
    this.#session = session;
    const closed = transport.closed;
    let details: SessionDetails;
    try {
      await this.#fire("connect", session, true);
      if (session instanceof ApplicationSession) {
        const joined = session.whenJoined();
        await session.onConnect();
        details = await joined;
      } else {
        details = await session.join(this.realm, joinOptions);
        // Mutual authentication (WAMP-SCRAM): check the router's verifier.
        joinOptions.verifyWelcome?.(details.authmethod, details.authextra);
      }
    } catch (e) {
      if (transport.isOpen) await transport.close().catch(() => {});
      await closed;
      this.#session = undefined;
      throw e;
    }
    onJoined();
    this.#log("info", "Session joined", {
      realm: details.realm,
      session: details.session,
      authid: details.authid,
      authrole: details.authrole,
      transport: t.url,
    });
    let failure: unknown;
    try {
      await Promise.all([
        ...this.#registrations.map((r) => session.register(r.procedure, r.handler, r.options)),
        ...this.#subscriptions.map((s) => session.subscribe(s.topic, s.handler, s.options)),
      ]);
      await this.#fire("join", session, details, true);
      await this.#fire("ready", session, details, true);
    } catch (e) {
      if (!session.isJoined) {
        // The session went away while joining up: a normal drop, reconnect.
      } else {
        failure = e instanceof ComponentHandlerError ? e : new ComponentHandlerError("join", e);
        await session.leave("wamp.close.component_error", (failure as Error).message).catch(
          () => {},
        );
      }
    }
    const info = await closed;
    // Any Session (also one from a sessionFactory) records how it ended.
    leaveDetails ??= session.leaveDetails;
    if (session instanceof ApplicationSession) await session.whenDisconnected();
    const wasClean = leaveDetails !== undefined && leaveDetails.initiator !== "transport";
    await this.#fire(
      "leave",
      session,
      leaveDetails ?? {
        reason: TRANSPORT_LOST,
        message: info.reason,
        initiator: "transport",
      },
    );
    await this.#fire("disconnect", session, wasClean);
    this.#session = undefined;
    if (failure !== undefined) throw failure;
    return leaveDetails?.initiator === "local" ? "done" : "lost";
  }

  /** Fires an event; listener failures are logged, or rethrown with `strict`. */
  async #fire<K extends keyof ComponentEvents>(
    event: K,
    ...rest: [...ComponentEvents[K], boolean?]
  ): Promise<void> {
    const argc = EVENT_ARITY[event];
    const args = rest.slice(0, argc) as unknown as ComponentEvents[K];
    const strict = rest[argc] === true;
    try {
      await this.#events.fire(event, ...args);
    } catch (e) {
      if (strict) throw new ComponentHandlerError(event, e);
      this.#log("error", `A ${event} listener failed`, {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }

  #log(level: "debug" | "info" | "warn" | "error", message: string, props?: object): void {
    if (this.#logger.enabled[level]) {
      this.#logger.log(level, "autobahn.component", message, props as Record<string, unknown>);
    }
  }
}

const EVENT_ARITY: { readonly [K in keyof ComponentEvents]: number } = {
  connect: 1,
  join: 2,
  ready: 2,
  leave: 2,
  disconnect: 2,
  connectfailure: 1,
};

/**
 * Opens `t` with the platform `WebSocket` ({@linkcode connectBrowserWebSocket}):
 * the components' connector in browsers (the `./client` entry), where
 * neither our engine nor RawSocket is bundled. WebSocket URLs only; of the
 * transport's serializers it offers those the platform transport speaks
 * (JSON, and the ones registered: see `registerPlatformSerializer`).
 *
 * @example
 * ```ts
 * import { Component, platformConnector } from "@autobahn/autobahn/component";
 * // A Deno component on Deno's global WebSocket, as a browser would connect.
 * const comp = new Component({
 *   transports: "ws://localhost:8080/ws",
 *   realm: "realm1",
 *   connector: platformConnector,
 * });
 * ```
 *
 * @throws {TypeError} (as a rejection) for RawSocket or a WebSocket `endpoint`.
 */
export function platformConnector(
  t: NormalizedTransport,
  signal: AbortSignal,
): Promise<MessageTransport> {
  if (t.type !== "websocket" || t.endpoint) {
    return Promise.reject(
      new TypeError(
        `Cannot connect to ${t.url}: RawSocket and endpoints need the Deno transports ` +
          "(import @autobahn/autobahn/component instead of the client entry)",
      ),
    );
  }
  // Offer what this build speaks (the browser entry: JSON plus what was imported).
  const available = platformSerializers();
  const serializers = t.serializers.filter((s) => available.includes(s));
  if (serializers.length === 0) {
    return Promise.reject(
      new TypeError(
        `Cannot connect to ${t.url}: none of the serializers ${
          t.serializers.join(", ")
        } is available here (available: ${available.join(", ")})`,
      ),
    );
  }
  const options: TransportConnectOptions = { serializers, signal };
  if (t.options.batched !== undefined) options.batched = t.options.batched;
  if (t.options.maxMessageSize !== undefined) options.maxMessageSize = t.options.maxMessageSize;
  return connectBrowserWebSocket(t.url, options);
}

let builtinConnector: Connector = platformConnector;

/**
 * Replaces the connector components use when none is given in their
 * options; `src/component/connector.ts` installs `defaultConnector` (our
 * engine and RawSocket) this way, so that the browser entry leaves it out.
 *
 * @example Logging every connection attempt of every component
 * ```ts
 * import { defaultConnector, setBuiltinConnector } from "@autobahn/autobahn/component";
 * setBuiltinConnector((transport, signal) => {
 *   console.log("connecting to", transport.url);
 *   return defaultConnector(transport, signal);
 * });
 * // …and back to the default.
 * setBuiltinConnector(defaultConnector);
 * ```
 *
 * @param connector The connector for components without their own.
 */
export function setBuiltinConnector(connector: Connector): void {
  builtinConnector = connector;
}
