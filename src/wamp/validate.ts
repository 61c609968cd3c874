/**
 * Validation of WAMP message elements: IDs, dicts, lists, URIs. Every check
 * throws {@linkcode ProtocolError} with a message like
 * `Cannot parse CALL: request ID must be an integer in [1, 2^53]`.
 *
 * @module
 */
import { ProtocolError } from "./errors.ts";
import { isValidUri, type MatchPolicy } from "./uri.ts";
import type { WampDict } from "./types.ts";
import { MAX_WAMP_ID as MAX_ID } from "../util/ids.ts";

/**
 * Options of message parsing.
 *
 * @example Parsing with strict URIs
 * ```ts
 * import { parseMessage, type ParseOptions, ProtocolError } from "@autobahn/autobahn/wamp";
 *
 * const strict: ParseOptions = { strictUris: true };
 * parseMessage([32, 1, {}, "com.MyApp.Topic"]); // the loose rule accepts it
 * try {
 *   parseMessage([32, 1, {}, "com.MyApp.Topic"], strict);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof ProtocolError)) throw err;
 * }
 * ```
 */
export interface ParseOptions {
  /**
   * Check URIs with the strict rule (lower-case letters, digits, `_`) instead
   * of the loose rule. Default `false`: the loose rule is the spec's MUST.
   */
  strictUris?: boolean;
  /**
   * Check URIs at all (default `true`). A router parses with `false` and
   * answers an invalid URI with ERROR `wamp.error.invalid_uri` (basic profile
   * "URIs") instead of failing the whole session.
   */
  checkUris?: boolean;
}

/**
 * Returns whether `value` is a valid WAMP ID: an integer in [1, 2^53]
 * (basic profile "Identifiers > IDs").
 *
 * @example
 * ```ts
 * import { isValidId } from "@autobahn/autobahn/wamp";
 * isValidId(1); // true
 * isValidId(0); // false
 * isValidId(2 ** 53); // true
 * ```
 */
export function isValidId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_ID;
}

/**
 * Returns whether `value` is a plain object usable as a WAMP `dict`.
 *
 * @example Checking for a WAMP dict
 * ```ts
 * import { isDict } from "@autobahn/autobahn/wamp";
 *
 * if (!isDict({ acknowledge: true })) throw new Error("a plain object is a dict");
 * if (isDict([]) || isDict(null) || isDict(new Date())) throw new Error("not dicts");
 * ```
 */
export function isDict(value: unknown): value is WampDict {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws a {@linkcode ProtocolError} for message `name`. */
export function fail(name: string, what: string): never {
  throw new ProtocolError(`Cannot parse ${name}: ${what}`);
}

/** Turns a number or a bigint (as some MsgPack/CBOR decoders yield) into a number, else `undefined`. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") {
    // Only bigints in [0, 2^53] convert exactly; larger ones are out of every range we accept.
    return value >= 0n && value <= BigInt(MAX_ID) ? Number(value) : undefined;
  }
  return undefined;
}

/**
 * Checks an `id` element: an integer in [1, 2^53], or also 0 when `allowZero`
 * (basic profile "Identifiers > IDs"). Accepts a bigint in range.
 */
export function checkId(name: string, label: string, value: unknown, allowZero = false): number {
  const n = toNumber(value);
  if (n !== undefined && Number.isInteger(n) && n <= MAX_ID && (n >= 1 || (allowZero && n === 0))) {
    return n;
  }
  fail(name, `${label} must be an integer in [${allowZero ? 0 : 1}, 2^53]`);
}

/** Checks an `integer` element (non-negative; basic profile "Messages"). */
export function checkInteger(name: string, label: string, value: unknown): number {
  const n = toNumber(value);
  if (n !== undefined && Number.isSafeInteger(n) && n >= 0) return n;
  fail(name, `${label} must be a non-negative integer`);
}

/** Checks a `dict` element. */
export function checkDict(name: string, label: string, value: unknown): WampDict {
  if (isDict(value)) return value;
  fail(name, `${label} must be a dict`);
}

/** Checks a `string` element. */
export function checkString(name: string, label: string, value: unknown): string {
  if (typeof value === "string") return value;
  fail(name, `${label} must be a string`);
}

/** Checks the optional `Arguments|list` element. */
export function checkArgs(name: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  fail(name, "arguments must be a list");
}

/** Checks the optional `ArgumentsKw|dict` element. */
export function checkKwargs(name: string, value: unknown): WampDict {
  if (isDict(value)) return value;
  fail(name, "keyword arguments must be a dict");
}

/**
 * Checks a `uri` element (basic profile "Identifiers > URIs"). With a `match`
 * policy of `wildcard`, empty components are allowed; with `prefix`, the last
 * component may be empty (advanced profile "Pattern-based Subscriptions" and
 * "Pattern-based Registrations").
 */
export function checkUri(
  name: string,
  label: string,
  value: unknown,
  options: ParseOptions,
  match: MatchPolicy = "exact",
): string {
  if (typeof value !== "string") fail(name, `${label} must be a string`);
  if (options.checkUris === false) return value;
  const ok = isValidUri(value, {
    strict: options.strictUris ?? false,
    allowEmptyComponents: match === "wildcard",
    allowLastEmpty: match === "prefix",
  });
  if (!ok) fail(name, `invalid ${label} ${JSON.stringify(value)}`);
  return value;
}

/**
 * Reads `Options.match` of SUBSCRIBE or REGISTER. Absent means `exact`; a
 * value other than a string is a protocol violation; an unknown string is
 * checked like `exact` and left for the router to answer.
 */
export function matchPolicy(name: string, options: WampDict): MatchPolicy {
  const match = options["match"];
  // An unset option may arrive as null/undefined from CBOR or msgpack encoders.
  if (match === undefined || match === null) return "exact";
  if (typeof match !== "string") fail(name, "option match must be a string");
  return match === "prefix" || match === "wildcard" ? match : "exact";
}

/** Checks the element count of a message with optional trailing elements. */
export function checkLength(name: string, arr: readonly unknown[], min: number, max: number): void {
  if (arr.length < min || arr.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(name, `expected ${expected} elements, got ${arr.length}`);
  }
}

/**
 * Builds the trailing payload elements for marshalling. Basic profile "Empty
 * Arguments and Keyword Arguments": an empty `ArgumentsKw` is omitted, and an
 * empty `Arguments` too unless keyword arguments follow.
 */
export function payloadTail(args: readonly unknown[], kwargs: WampDict): unknown[] {
  if (Object.keys(kwargs).length > 0) return [args, kwargs];
  if (args.length > 0) return [args];
  return [];
}
