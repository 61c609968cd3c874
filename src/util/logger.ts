/**
 * Structured, injectable logging. The library never prints on its own: the
 * default logger is a no-op, and disabled levels cost one property check.
 * `run()` turns logging on at `info`; a user can plug in their own sink.
 *
 * @module
 */

/** Log levels, most verbose first. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "critical";

/** Structured properties attached to a log record. */
export type LogProperties = Record<string, unknown>;

/**
 * Which levels are enabled. `critical` is optional so that loggers written
 * before it existed still fit; absent means "as `error`".
 */
export type EnabledLevels = Readonly<
  Record<Exclude<LogLevel, "critical">, boolean> & { critical?: boolean }
>;

/** A structured logger: category, message and properties. */
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

/** The default logger: every level disabled, nothing written. */
export const noopLogger: Logger = Object.freeze({
  enabled: ALL_OFF,
  log() {},
});

/** Every level, most verbose first. */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze([
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "critical",
]);

/** One log record, as a {@linkcode LogSink} receives it. */
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

/** Where records go. */
export type LogSink = (record: LogRecord) => void;

/** Writes a record to the console: `error`/`critical` to stderr, `warn` as a warning. */
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

/** A logger whose level can change at run time (see {@linkcode createLogger}). */
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

/** True when `logger` writes `level` (`critical` defaults to the `error` flag). */
export function isEnabled(logger: Logger, level: LogLevel): boolean {
  if (level === "critical") return logger.enabled.critical ?? logger.enabled.error;
  return logger.enabled[level];
}
