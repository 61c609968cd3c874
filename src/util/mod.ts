/**
 * Utilities of Autobahn|TS, the seed's `autobahn.util` in TypeScript: random
 * IDs and tokens, UTC time strings, a stopwatch, a tracker, typed
 * observables, byte helpers, WAMP ID generation and structured logging.
 *
 * @example
 * ```ts
 * import { generateActivationCode, Stopwatch } from "@autobahn/autobahn/util";
 * const sw = new Stopwatch();
 * const code = generateActivationCode(); // e.g. "W97F-96MJ-YGJL"
 * sw.elapsed();
 * ```
 *
 * @module
 */
export { IdGenerator, MAX_WAMP_ID, newGlobalId } from "./ids.ts";
export {
  DEFAULT_TOKEN_CHARS,
  generateActivationCode,
  generateSerialNumber,
  generateToken,
  generateUserPassword,
  id,
  newid,
  randomString,
  rid,
  type TokenOptions,
  ZBASE32_CHARS,
} from "./tokens.ts";
export { rtime, Stopwatch, utcnow, utcstr } from "./time.ts";
export { Tracker } from "./tracker.ts";
export { type EventMap, type Listener, Observable } from "./observable.ts";
export { encodeTruncate, xor } from "./misc.ts";
export {
  consoleLogger,
  consoleSink,
  createLogger,
  type EnabledLevels,
  isEnabled,
  type LevelLogger,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  type LogProperties,
  type LogRecord,
  type LogSink,
  noopLogger,
} from "./logger.ts";
