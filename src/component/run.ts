/**
 * `run([components])`: starts logging, starts every component, stops them
 * all on SIGINT/SIGTERM, and resolves once all are done.
 *
 * @module
 */
import { createLogger, type Logger, type LogLevel } from "../util/logger.ts";
import type { Component } from "./component.ts";

/**
 * Options of {@linkcode run}.
 *
 * @example Running a component quietly, without signal handlers
 * ```ts
 * import { Component, run, type RunOptions } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const comp = new Component({
 *   transports: "ws://127.0.0.1:8080/ws", // not dialled: the connector below is used
 *   realm: "realm1",
 *   connector: () => Promise.resolve(router.connectInProcess()),
 * });
 * comp.onJoin((session) => session.leave());
 * const options: RunOptions = { logLevel: "off", handleSignals: false };
 * await run([comp], options);
 * ```
 */
export interface RunOptions {
  /** The least severe level logged (console). Default `"info"`. */
  readonly logLevel?: LogLevel | "off";
  /** A logger for components that have none (overrides `logLevel`). */
  readonly logger?: Logger;
  /** Wait for the components to be done. With `false`, return once started. Default `true`. */
  readonly startLoop?: boolean;
  /** Stop the components on SIGINT/SIGTERM (Deno only). Default `true`. */
  readonly handleSignals?: boolean;
}

type SignalName = "SIGINT" | "SIGTERM";
interface SignalRuntime {
  addSignalListener?(signal: SignalName, handler: () => void): void;
  removeSignalListener?(signal: SignalName, handler: () => void): void;
  build?: { os?: string };
}

/**
 * Calls `fn` on SIGINT or SIGTERM where the runtime supports signal
 * listeners (Deno; not on Windows for SIGTERM); a no-op elsewhere. Returns
 * a function removing the listeners.
 *
 * @example Stopping a server on Ctrl-C
 * ```ts
 * import { onTerminationSignal } from "@autobahn/autobahn/component";
 *
 * const controller = new AbortController();
 * const removeListeners = onTerminationSignal(() => controller.abort());
 * // ... serve until controller.signal aborts ...
 * removeListeners();
 * ```
 */
export function onTerminationSignal(fn: () => void): () => void {
  const rt = (globalThis as { Deno?: SignalRuntime }).Deno;
  if (!rt?.addSignalListener || !rt.removeSignalListener) return () => {};
  const signals: SignalName[] = rt.build?.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const added: SignalName[] = [];
  for (const s of signals) {
    try {
      rt.addSignalListener(s, fn);
      added.push(s);
    } catch {
      // Not supported here (e.g. no permission): run without it.
    }
  }
  return () => {
    for (const s of added) rt.removeSignalListener!(s, fn);
  };
}

/**
 * Runs components until all are done (each stopped, or its application left
 * the session). Logging starts at `info` for components without their own
 * logger; SIGINT/SIGTERM stop every component gracefully. Rejects with the
 * first failure (an `AggregateError` when several failed).
 *
 * @example
 * ```ts
 * import { Component, run } from "@autobahn/autobahn/component";
 * import { startRouter } from "@autobahn/autobahn/router";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * const comp = new Component({
 *   transports: "ws://127.0.0.1:8080/ws",
 *   realm: "realm1",
 *   connector: () => Promise.resolve(router.connectInProcess()), // omit to dial the URL
 * });
 * comp.onJoin(async (session) => {
 *   await session.publish("com.myapp.hello", ["Hello, world!"], {}, { acknowledge: true });
 *   await session.leave();
 * });
 * await run([comp], { logLevel: "off" });
 * ```
 */
export async function run(
  components: Component | readonly Component[],
  options: RunOptions = {},
): Promise<void> {
  const list = Array.isArray(components) ? components : [components as Component];
  if (list.length === 0) throw new TypeError("Cannot run: no components given");
  const logger = options.logger ?? createLogger(options.logLevel ?? "info");
  for (const c of list) if (!c.hasOwnLogger) c.logger = logger;
  const stopAll = () => {
    if (logger.enabled.info) logger.log("info", "autobahn.run", "Signal received: stopping");
    for (const c of list) void c.stop();
  };
  const removeSignals = options.handleSignals === false ? () => {} : onTerminationSignal(stopAll);
  const done = Promise.allSettled(list.map((c) => c.start()));
  const finish = done.then((results) => {
    removeSignals();
    const errors = results.flatMap((r) => r.status === "rejected" ? [r.reason] : []);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} components failed`);
  });
  if (options.startLoop === false) {
    finish.catch((e) => {
      if (logger.enabled.error) {
        logger.log("error", "autobahn.run", "Component failed", {
          error: e instanceof Error ? e.message : String(e),
        });
      }
    });
    return;
  }
  await finish;
}
