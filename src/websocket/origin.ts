/**
 * Origin checks for WebSocket servers (RFC 6455 §4.2.2 step 4, §10.2), with
 * the semantics of Autobahn|Python's `allowedOrigins`:
 *
 * - A pattern is matched against the whole origin, case-insensitively; `*`
 *   matches any run of characters (`"*"` alone allows every origin).
 * - The origin is normalised to `scheme://host:port` (the port of `http` and
 *   `ws` defaults to 80, of `https` and `wss` to 443), so `"https://host:443"`
 *   matches `https://host`, and `"http://localhost:*"` matches every port. A
 *   pattern naming no port also matches the origin written without its
 *   default port, so `"https://*.example.com"` allows `https://a.example.com`
 *   but not `https://a.example.com:8443`.
 * - A request without an `Origin` header is allowed: only browsers must send
 *   one (RFC 6455 §4.1), and they always do; non-browser clients can forge any
 *   origin anyway. This is what Autobahn does.
 * - The opaque origin `null` (and `file://` origins, which Chrome sends where
 *   Firefox sends `null`) never matches a pattern, not even `"*"`; it is
 *   allowed only with `allowNullOrigin`.
 *
 * @module
 */

/**
 * Options of {@linkcode compileOriginPatterns}.
 *
 * @example Allowing sandboxed iframes
 * ```ts
 * import {
 *   compileOriginPatterns,
 *   isOriginAllowed,
 *   type OriginPolicyOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const options: OriginPolicyOptions = { allowNullOrigin: true };
 * const policy = compileOriginPatterns(["https://example.com"], options);
 * if (!isOriginAllowed("null", policy)) throw new Error("null origin refused");
 * ```
 */
export interface OriginPolicyOptions {
  /** Allow the opaque origin `null` (sandboxed iframes, `file://` pages). Default false. */
  allowNullOrigin?: boolean;
}

/**
 * An origin split into its parts, lowercase.
 *
 * @example The parts of an origin
 * ```ts
 * import { type ParsedOrigin, parseOrigin } from "@autobahn/autobahn/websocket";
 *
 * const parsed = parseOrigin("http://[::1]:8080");
 * if (parsed === null || parsed === "null") throw new Error("not an origin");
 * const origin: ParsedOrigin = parsed;
 * if (origin.host !== "[::1]" || origin.port !== 8080) throw new Error(JSON.stringify(origin));
 * ```
 */
export interface ParsedOrigin {
  /** The scheme, e.g. `"https"`. */
  readonly scheme: string;
  /** The host; an IPv6 literal keeps its brackets. */
  readonly host: string;
  /** The explicit port, else the scheme's default, else `null`. */
  readonly port: number | null;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, ws: 80, https: 443, wss: 443 };

// RFC 6454 §6.2: serialized-origin = scheme "://" host [ ":" port ] (a trailing
// "/" is tolerated, as some old clients send it).
const ORIGIN = /^([a-z][a-z0-9+.\-]*):\/\/(\[[0-9a-f:.]+\]|[^/?#:@\[\]\s]+)(?::([0-9]{1,5}))?\/?$/i;

/**
 * Parses an `Origin` header value.
 *
 * @returns the parts; `"null"` for the opaque origin (or a `file:` origin);
 *   `null` when the value is not a serialized origin.
 *
 * @example
 * ```ts
 * import { parseOrigin } from "@autobahn/autobahn/websocket";
 * parseOrigin("https://Example.com"); // { scheme: "https", host: "example.com", port: 443 }
 * ```
 */
export function parseOrigin(origin: string): ParsedOrigin | "null" | null {
  const o = origin.trim();
  if (o.toLowerCase() === "null" || /^file:/i.test(o)) return "null";
  const m = ORIGIN.exec(o);
  if (m === null) return null;
  const scheme = m[1]!.toLowerCase();
  let port: number | null = DEFAULT_PORTS[scheme] ?? null;
  if (m[3] !== undefined) {
    port = Number(m[3]);
    if (port > 65535) return null;
  }
  return { scheme, host: m[2]!.toLowerCase(), port };
}

/**
 * A compiled list of allowed-origin patterns; build it once with
 * {@linkcode compileOriginPatterns} and check each request with
 * {@linkcode isOriginAllowed}.
 *
 * @example Matching parsed origins
 * ```ts
 * import { OriginPolicy, parseOrigin, type ParsedOrigin } from "@autobahn/autobahn/websocket";
 *
 * const policy = new OriginPolicy(["https://*.example.com"]);
 * const origin = parseOrigin("https://app.example.com:443") as ParsedOrigin;
 * if (!policy.matches(origin)) throw new Error("default port not matched");
 * ```
 */
export class OriginPolicy {
  /** The patterns as given. */
  readonly patterns: readonly string[];
  /** Whether the opaque origin `null` is allowed. */
  readonly allowNullOrigin: boolean;
  readonly #regexps: readonly RegExp[];

  /**
   * Prefer {@linkcode compileOriginPatterns}.
   *
   * @param patterns Wildcard patterns, e.g. `"https://*.example.com"`.
   * @param options Whether to allow the `null` origin.
   */
  constructor(patterns: readonly string[], options: OriginPolicyOptions = {}) {
    this.patterns = Object.freeze([...patterns]);
    this.allowNullOrigin = options.allowNullOrigin ?? false;
    this.#regexps = this.patterns.map((p) => {
      if (typeof p !== "string") {
        throw new TypeError(`Cannot compile origin pattern: ${String(p)} is not a string`);
      }
      const body = p.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".*");
      return new RegExp(`^${body}$`, "i");
    });
  }

  /**
   * Whether a parsed origin matches one of the patterns (the `null` origin
   * and a missing origin are handled by {@linkcode isOriginAllowed}).
   */
  matches(origin: ParsedOrigin): boolean {
    const bare = `${origin.scheme}://${origin.host}`;
    const candidates: string[] = [];
    if (origin.port !== null) candidates.push(`${bare}:${origin.port}`);
    if (origin.port === null || origin.port === DEFAULT_PORTS[origin.scheme]) {
      candidates.push(bare);
    }
    return this.#regexps.some((re) => candidates.some((c) => re.test(c)));
  }
}

/**
 * Compiles allowed-origin patterns (Autobahn's `allowedOrigins`).
 *
 * @example
 * ```ts
 * import { compileOriginPatterns, isOriginAllowed } from "@autobahn/autobahn/websocket";
 * const policy = compileOriginPatterns(["https://*.example.com", "http://localhost:*"]);
 * isOriginAllowed("https://app.example.com", policy); // true
 * isOriginAllowed("http://localhost:5173", policy); // true
 * isOriginAllowed("https://evil.com", policy); // false
 * ```
 */
export function compileOriginPatterns(
  patterns: readonly string[],
  options?: OriginPolicyOptions,
): OriginPolicy {
  return new OriginPolicy(patterns, options);
}

/**
 * Whether a request's origin is allowed: a missing origin (`null`) always
 * is, the opaque origin `"null"` only with `allowNullOrigin`, an unparsable
 * origin never, any other origin when it matches a pattern.
 *
 * @example Requests without an origin
 * ```ts
 * import { compileOriginPatterns, isOriginAllowed } from "@autobahn/autobahn/websocket";
 *
 * const policy = compileOriginPatterns(["https://example.com"]);
 * if (!isOriginAllowed(null, policy)) throw new Error("non-browser clients send no Origin");
 * if (isOriginAllowed("not an origin", policy)) throw new Error("garbage allowed");
 * ```
 */
export function isOriginAllowed(origin: string | null, policy: OriginPolicy): boolean {
  if (origin === null) return true;
  const parsed = parseOrigin(origin);
  if (parsed === null) return false;
  if (parsed === "null") return policy.allowNullOrigin;
  return policy.matches(parsed);
}
