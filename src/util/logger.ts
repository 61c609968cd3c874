/**
 * Structured, injectable logging. The library never prints on its own: the
 * default logger is a no-op, and disabled levels cost one property check.
 * `run()` turns logging on at `info`; a user can plug in their own sink.
 *
 * @module
 */

/**
 * Log levels, most verbose first.
 *
 * @example Choosing a level at run time
 * ```ts
 * import { createLogger, type LogLevel } from "@autobahn/autobahn/util";
 *
 * const level: LogLevel = "warn";
 * const log = createLogger(level, () => {});
 * if (log.enabled.info || !log.enabled.error) throw new Error("wrong levels");
 * ```
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "critical";

/**
 * Structured properties attached to a log record.
 *
 * @example Attaching structured properties
 * ```ts
 * import { createLogger, type LogProperties } from "@autobahn/autobahn/util";
 *
 * let seen: LogProperties | undefined;
 * const log = createLogger("info", (r) => seen = r.properties);
 * const properties: LogProperties = { realm: "realm1", session: 42 };
 * log.log("info", "session", "joined", properties);
 * if (seen?.["session"] !== 42) throw new Error("properties lost");
 * ```
 */
export type LogProperties = Record<string, unknown>;

/**
 * Which levels are enabled. `critical` is optional so that loggers written
 * before it existed still fit; absent means "as `error`".
 *
 * @example A logger that only writes errors
 * ```ts
 * import { type EnabledLevels, isEnabled, type Logger } from "@autobahn/autobahn/util";
 *
 * const enabled: EnabledLevels = {
 *   trace: false,
 *   debug: false,
 *   info: false,
 *   warn: false,
 *   error: true,
 * };
 * const errorsOnly: Logger = { enabled, log() {} };
 * if (!isEnabled(errorsOnly, "critical")) throw new Error("critical follows error");
 * ```
 */
export type EnabledLevels = Readonly<
  Record<Exclude<LogLevel, "critical">, boolean> & { critical?: boolean }
>;

/**
 * A structured logger: category, message and properties.
 *
 * @example A logger of your own
 * ```ts
 * import type { Logger, LogLevel } from "@autobahn/autobahn/util";
 *
 * const lines: string[] = [];
 * const logger: Logger = {
 *   enabled: { trace: false, debug: false, info: true, warn: true, error: true, critical: true },
 *   log(level: LogLevel, category: string, message: string) {
 *     lines.push(`${level} ${category}: ${message}`);
 *   },
 * };
 * logger.log("info", "app", "started");
 * if (lines[0] !== "info app: started") throw new Error(lines[0]);
 * ```
 */
export interface Logger {
  /** Levels that are enabled; callers test this before building expensive records. */
  readonly enabled: EnabledLevels;
  /** Writes one record. */
  log(level: LogLevel, category: string, message: string, properties?: LogProperties): void;
}

const ALL_OFF: EnabledLevels = Object.freeze({
  trace: false,
  debug: false,
  info: false,
  warn: false,
  error: false,
  critical: false,
});

/**
 * The default logger: every level disabled, nothing written.
 *
 * @example The default: nothing is written
 * ```ts
 * import { isEnabled, LOG_LEVELS, noopLogger } from "@autobahn/autobahn/util";
 *
 * noopLogger.log("error", "example", "goes nowhere");
 * if (LOG_LEVELS.some((l) => isEnabled(noopLogger, l))) throw new Error("a level is on");
 * ```
 */
export const noopLogger: Logger = Object.freeze({
  enabled: ALL_OFF,
  log() {},
});

/**
 * Every level, most verbose first.
 *
 * @example Levels at or above a threshold
 * ```ts
 * import { LOG_LEVELS } from "@autobahn/autobahn/util";
 *
 * const atLeastWarn = LOG_LEVELS.slice(LOG_LEVELS.indexOf("warn"));
 * if (atLeastWarn.join() !== "warn,error,critical") throw new Error(atLeastWarn.join());
 * ```
 */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze([
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "critical",
]);

/**
 * One log record, as a {@linkcode LogSink} receives it.
 *
 * @example Collecting records in memory
 * ```ts
 * import { createLogger, type LogRecord } from "@autobahn/autobahn/util";
 *
 * const records: LogRecord[] = [];
 * const log = createLogger("debug", (r) => records.push(r));
 * log.log("debug", "transport", "connected", { url: "ws://127.0.0.1:8080/ws" });
 * const [r] = records;
 * if (r?.category !== "transport" || !(r.time instanceof Date)) throw new Error("bad record");
 * ```
 */
export interface LogRecord {
  /** When it was written. */
  readonly time: Date;
  /** Its level. */
  readonly level: LogLevel;
  /** The category (e.g. `"component"`, `"session"`). */
  readonly category: string;
  /** The message. */
  readonly message: string;
  /** Structured properties, if any. */
  readonly properties?: LogProperties;
}

/**
 * Where records go.
 *
 * @example A sink that writes JSON lines
 * ```ts
 * import { createLogger, type LogSink } from "@autobahn/autobahn/util";
 *
 * const lines: string[] = [];
 * const jsonSink: LogSink = (r) =>
 *   lines.push(JSON.stringify({ ...r, time: r.time.toISOString() }));
 * createLogger("info", jsonSink).log("warn", "router", "slow callee", { ms: 900 });
 * if (JSON.parse(lines[0]!).properties.ms !== 900) throw new Error(lines[0]);
 * ```
 */
export type LogSink = (record: LogRecord) => void;

/**
 * Writes a record to the console: `error`/`critical` to stderr, `warn` as a warning.
 *
 * @example Writing records to the console
 * ```ts
 * import { consoleSink, createLogger } from "@autobahn/autobahn/util";
 *
 * const log = createLogger("info", consoleSink);
 * log.log("info", "example", "hello", { answer: 42 });
 * // prints: 2026-…Z INFO [example] hello { answer: 42 }
 * ```
 */
export const consoleSink: LogSink = (r) => {
  const line = `${r.time.toISOString()} ${r.level.toUpperCase()} [${r.category}] ${r.message}`;
  const fn = r.level === "error" || r.level === "critical"
    ? console.error
    : r.level === "warn"
    ? console.warn
    : console.log;
  if (r.properties && Object.keys(r.properties).length) fn(line, r.properties);
  else fn(line);
};

/**
 * A logger whose level can change at run time (see {@linkcode createLogger}).
 *
 * @example Turning verbosity up at run time
 * ```ts
 * import { createLogger, type LevelLogger } from "@autobahn/autobahn/util";
 *
 * const messages: string[] = [];
 * const log: LevelLogger = createLogger("info", (r) => messages.push(r.message));
 * log.log("debug", "example", "dropped");
 * log.setLevel("debug");
 * log.log("debug", "example", "kept");
 * if (log.level !== "debug" || messages.join() !== "kept") throw new Error(messages.join());
 * ```
 */
export interface LevelLogger extends Logger {
  /** The least severe level written, or `"off"`. */
  readonly level: LogLevel | "off";
  /** Changes the level; records below it are dropped without being built. */
  setLevel(level: LogLevel | "off"): void;
}

function enabledFor(level: LogLevel | "off"): Record<LogLevel, boolean> {
  const min = level === "off" ? LOG_LEVELS.length : LOG_LEVELS.indexOf(level);
  if (min < 0) throw new RangeError(`Unknown log level: ${level}`);
  return Object.fromEntries(LOG_LEVELS.map((l, i) => [l, i >= min])) as Record<LogLevel, boolean>;
}

/**
 * Creates a logger writing records at `level` and above to `sink`.
 *
 * @example
 * ```ts
 * import { createLogger } from "@autobahn/autobahn/util";
 * const records: string[] = [];
 * const log = createLogger("info", (r) => records.push(r.message));
 * log.log("debug", "example", "dropped");
 * log.log("info", "example", "kept");
 * records; // ["kept"]
 * ```
 *
 * @param level The least severe level written, or `"off"`. Default `"info"`.
 * @param sink Where records go. Default {@linkcode consoleSink}.
 * @throws {RangeError} for an unknown level.
 */
export function createLogger(
  level: LogLevel | "off" = "info",
  sink: LogSink = consoleSink,
): LevelLogger {
  const enabled = enabledFor(level);
  let current = level;
  return {
    enabled,
    get level() {
      return current;
    },
    setLevel(l) {
      Object.assign(enabled, enabledFor(l));
      current = l;
    },
    log(l, category, message, properties) {
      if (!enabled[l]) return;
      sink({ time: new Date(), level: l, category, message, properties });
    },
  };
}

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
  return createLogger(level, consoleSink);
}

/**
 * True when `logger` writes `level` (`critical` defaults to the `error` flag).
 *
 * @example Skipping expensive records
 * ```ts
 * import { createLogger, isEnabled } from "@autobahn/autobahn/util";
 *
 * let built = 0;
 * const log = createLogger("info", () => {});
 * if (isEnabled(log, "debug")) {
 *   built++;
 *   log.log("debug", "example", "state", { dump: JSON.stringify({ big: "object" }) });
 * }
 * if (built !== 0) throw new Error("debug is off");
 * ```
 */
export function isEnabled(logger: Logger, level: LogLevel): boolean {
  if (level === "critical") return logger.enabled.critical ?? logger.enabled.error;
  return logger.enabled[level];
}
