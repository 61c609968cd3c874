/**
 * `wamp router`: runs the embedded router from a Crossbar-style config file
 * (or the default: realm `realm1`, anonymous, `ws://127.0.0.1:8080/ws`)
 * until Ctrl-C or SIGTERM, then says GOODBYE `wamp.close.system_shutdown`
 * to every session and exits 0.
 *
 * @module
 */
import { ConfigError, type RouterHandle, startRouter } from "../../router/mod.ts";
import { createLogger, type LogLevel, type LogRecord } from "../../util/logger.ts";
import { ExitCode } from "../args.ts";
import type { Command } from "./types.ts";

function textLine(r: LogRecord): string {
  const props = Object.entries(r.properties ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "string" && !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`);
  return [r.time.toISOString(), r.level.toUpperCase(), `[${r.category}]`, r.message, ...props]
    .join(" ");
}

function jsonLine(r: LogRecord): string {
  return JSON.stringify({
    time: r.time.toISOString(),
    level: r.level,
    category: r.category,
    message: r.message,
    ...r.properties,
  });
}

/** The `router` command. */
export const routerCommand: Command = {
  name: "router",
  summary: "Run the embedded WAMP router",
  usage: "router [--config FILE] [--log-level LEVEL] [--log-format text|json]",
  help:
    "Without --config it serves realm realm1 to anonymous clients on ws://127.0.0.1:8080/ws.\n" +
    "Ctrl-C or SIGTERM shuts down cleanly (GOODBYE wamp.close.system_shutdown to every session).\n" +
    "Exit codes: 0 clean shutdown, 1 failure to start (port in use, permission), 2 usage, 3 invalid config.",
  options: [
    {
      name: "config",
      alias: "c",
      type: "string",
      value: "FILE",
      description: "Node configuration (JSON)",
    },
    {
      name: "log-level",
      type: "string",
      value: "LEVEL",
      choices: ["trace", "debug", "info", "warn", "error", "off"],
      default: "info",
      description: "Least severe log level written",
    },
    {
      name: "log-format",
      type: "string",
      value: "FORMAT",
      choices: ["text", "json"],
      default: "text",
      description: "Log line format",
    },
  ],
  async run(args, ctx) {
    if (args.positionals.length > 0) {
      ctx.err(`wamp router: unexpected argument ${JSON.stringify(args.positionals[0])}`);
      return ExitCode.USAGE;
    }
    const format = args.options["log-format"] === "json" ? jsonLine : textLine;
    const logger = createLogger(
      args.options["log-level"] as LogLevel | "off",
      (r) =>
        (r.level === "error" || r.level === "critical" || r.level === "warn" ? ctx.err : ctx.out)(
          format(r),
        ),
    );
    const config = args.options.config as string | undefined;
    let handle: RouterHandle;
    try {
      handle = await startRouter(config, { logger });
    } catch (err) {
      if (err instanceof ConfigError) {
        ctx.err(`wamp router: invalid config${config ? ` ${config}` : ""}: ${err.message}`);
        return ExitCode.CONFIG;
      }
      ctx.err(`wamp router: cannot start: ${(err as Error)?.message ?? err}`);
      return ExitCode.FAILURE;
    }
    for (const t of handle.transports) {
      ctx.out(`Router listening: ${t.type} ${t.urls.length > 1 ? t.urls.join(" ") : t.url}`);
    }
    if (!ctx.signal.aborted) {
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener("abort", () => resolve(), { once: true })
      );
    }
    ctx.out("Router shutting down");
    await handle.close();
    ctx.out("Router stopped");
    return ExitCode.OK;
  },
};
