/**
 * Structured, injectable logging. The library never prints on its own: the
 * default logger is a no-op, and disabled levels cost one property check.
 *
 * @module
 */

/** Log levels, most verbose first. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

/** Structured properties attached to a log record. */
export type LogProperties = Record<string, unknown>;

/** A structured logger: category, message and properties. */
export interface Logger {
  /** Levels that are enabled; callers test this before building expensive records. */
  readonly enabled: Readonly<Record<LogLevel, boolean>>;
  /** Writes one record. */
  log(level: LogLevel, category: string, message: string, properties?: LogProperties): void;
}

const ALL_OFF: Readonly<Record<LogLevel, boolean>> = Object.freeze({
  trace: false,
  debug: false,
  info: false,
  warn: false,
  error: false,
});

/** The default logger: every level disabled, nothing written. */
export const noopLogger: Logger = Object.freeze({
  enabled: ALL_OFF,
  log() {},
});

const ORDER: LogLevel[] = ["trace", "debug", "info", "warn", "error"];

/**
 * A logger that writes to the console at `level` and above.
 *
 * @example
 * ```ts
 * import { consoleLogger } from "@autobahn/autobahn";
 * const log = consoleLogger("debug");
 * log.log("info", "example", "hello", { answer: 42 });
 * ```
 */
export function consoleLogger(level: LogLevel = "info"): Logger {
  const min = ORDER.indexOf(level);
  const enabled = Object.fromEntries(ORDER.map((l, i) => [l, i >= min])) as Record<
    LogLevel,
    boolean
  >;
  return {
    enabled,
    log(l, category, message, properties) {
      if (!enabled[l]) return;
      const line = `${new Date().toISOString()} ${l.toUpperCase()} [${category}] ${message}`;
      const fn = l === "error" ? console.error : l === "warn" ? console.warn : console.log;
      if (properties && Object.keys(properties).length) fn(line, properties);
      else fn(line);
    },
  };
}
