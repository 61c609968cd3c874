/**
 * The WAMP Component API of Autobahn|TS: {@linkcode Component} (transports
 * with a retry policy, realm, authentication, lifecycle events, procedures
 * and subscriptions re-established on every session), {@linkcode run}, and
 * the seed's subclass style with {@linkcode ApplicationSession} and
 * {@linkcode ApplicationRunner}.
 *
 * @example A component with a procedure, run until it leaves
 * ```ts
 * import { Component, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const comp = new Component({
 *   transports: [{ url: "ws://127.0.0.1:8080/ws", maxRetries: -1 }],
 *   realm: "realm1",
 *   connector: () => Promise.resolve(router.connectInProcess()), // omit to dial the URL
 * });
 * comp.register("com.myapp.add2", ([a, b]) => a + b);
 * comp.onJoin(async (session) => {
 *   console.log(await session.call("com.myapp.add2", [2, 3])); // 5
 *   await session.leave();
 * });
 * await run([comp], { logLevel: "off" });
 * ```
 *
 * @module
 */
export {
  Component,
  type ComponentEvents,
  type ComponentOptions,
  type Connector,
  defaultIsFatal,
  platformConnector,
  RetriesExhaustedError,
  type SessionFactory,
  setBuiltinConnector,
} from "./component.ts";
// Installs the engine/RawSocket connector and the client auth methods (module side effect).
export { defaultConnector } from "./connector.ts";
export {
  type AnonymousAuthConfig,
  type AuthenticationConfig,
  type AuthMethodBuilder,
  type AuthMethodContribution,
  buildJoinOptions,
  type ComponentJoinOptions,
  DEFAULT_SERIALIZERS,
  type EndpointConfig,
  type NormalizedTransport,
  normalizeTransport,
  normalizeTransports,
  registerAuthMethod,
  type TicketAuthConfig,
  type TransportConfig,
  type TransportOptions,
} from "./config.ts";
export {
  type Clock,
  DEFAULT_RETRY,
  ManualClock,
  type RetryOptions,
  RetryPolicy,
  sleep,
  systemClock,
} from "./reconnect.ts";
export { onTerminationSignal, run, type RunOptions } from "./run.ts";
export {
  ApplicationRunner,
  type ApplicationRunnerOptions,
  ApplicationSession,
  type ComponentConfig,
  ComponentHandlerError,
  type SessionMaker,
} from "./application_session.ts";
export * from "../session/mod.ts";
export {
  consoleSink,
  createLogger,
  type EnabledLevels,
  type LevelLogger,
  type LogRecord,
  type LogSink,
} from "../util/logger.ts";
