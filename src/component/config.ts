/**
 * The Component's configuration: transports (a URL, or a list of objects in
 * Autobahn|Python's shape) normalised and validated with clear errors, and
 * the authentication seam that turns per-method config into `join` options
 * plus a CHALLENGE handler.
 *
 * @module
 */
import { parseTransportUrl } from "../transport/url.ts";
import type { ChallengeHandler, JoinOptions } from "../session/types.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";
import type { WampDict } from "../wamp/types.ts";
import { DEFAULT_RETRY, type RetryOptions } from "./reconnect.ts";

/**
 * Where to connect, when not (only) given by the URL.
 *
 * @example RawSocket to an explicit TCP endpoint
 * ```ts
 * import { type EndpointConfig, normalizeTransport } from "@autobahn/autobahn/component";
 *
 * const endpoint: EndpointConfig = { type: "tcp", host: "127.0.0.1", port: 8080 };
 * const t = normalizeTransport({ type: "rawsocket", endpoint }, 0);
 * if (t.url !== "rs://127.0.0.1:8080") throw new Error(t.url);
 * ```
 */
export interface EndpointConfig {
  /** `"tcp"` (default) or `"unix"`. */
  readonly type?: "tcp" | "unix";
  /** TCP: the host. */
  readonly host?: string;
  /** TCP: the port. */
  readonly port?: number;
  /** Unix: the socket path. */
  readonly path?: string;
  /** TCP: use TLS (`true`, or options with extra CA certificates). */
  readonly tls?: boolean | { readonly caCerts?: string[] };
}

/**
 * Transport options passed on to `connectTransport` (WebSocket and RawSocket
 * options; see the transport module for their full documentation).
 *
 * @example Keepalive pings and a message size limit
 * ```ts
 * import { normalizeTransport, type TransportOptions } from "@autobahn/autobahn/component";
 *
 * const options: TransportOptions = {
 *   autoPingInterval: 10,
 *   autoPingTimeout: 5,
 *   maxMessageSize: 1 << 20,
 * };
 * const t = normalizeTransport({ url: "ws://127.0.0.1:8080/ws", options }, 0);
 * if (t.options.autoPingInterval !== 10) throw new Error("Options not kept");
 * ```
 */
export interface TransportOptions {
  /** Seconds between keepalive pings (WebSocket ping, RawSocket PING). */
  readonly autoPingInterval?: number;
  /** Seconds to wait for the pong before dropping the connection. */
  readonly autoPingTimeout?: number;
  /** The largest message accepted, in octets. */
  readonly maxMessageSize?: number;
  /** RawSocket: seconds the opening handshake may take. */
  readonly openHandshakeTimeout?: number;
  /** Extra CA certificates (PEM) for `wss://` and `rss://`. */
  readonly caCerts?: string[];
  /** WebSocket: use the batched WAMP subprotocols. */
  readonly batched?: boolean;
  /** WebSocket: our engine (`"engine"`) or the platform `WebSocket` (`"platform"`). */
  readonly webSocket?: "engine" | "platform";
  /** WebSocket: more engine options (Autobahn's names), passed through unchanged. */
  readonly websocket?: { readonly [option: string]: unknown };
}

/**
 * One transport of a component, in Autobahn|Python's shape (camelCase).
 *
 * @example A transport that retries forever
 * ```ts
 * import { normalizeTransports, type TransportConfig } from "@autobahn/autobahn/component";
 *
 * const transport: TransportConfig = {
 *   url: "ws://127.0.0.1:8080/ws",
 *   serializers: ["json"],
 *   maxRetries: -1,
 * };
 * const [t] = normalizeTransports([transport]);
 * if (t!.retry.maxRetries !== -1 || t!.serializers[0] !== "json") throw new Error("Not kept");
 * ```
 */
export interface TransportConfig extends Partial<RetryOptions> {
  /** `"websocket"` or `"rawsocket"`. Default: from the URL scheme. */
  readonly type?: "websocket" | "rawsocket";
  /** `ws://`, `wss://`, `rs://`, `rss://` or `rs://unix:/path`. Required for WebSocket. */
  readonly url?: string;
  /** Where to connect instead of the URL's host (and how: TCP, TLS, Unix). */
  readonly endpoint?: EndpointConfig;
  /** Serializers to offer, most preferred first. Default `["cbor", "msgpack", "json"]`. */
  readonly serializers?: readonly SerializerName[];
  /** WebSocket or RawSocket options (e.g. `autoPingInterval`). */
  readonly options?: TransportOptions;
  /** An HTTP proxy (not supported yet: rejected with a clear error). */
  readonly proxy?: { readonly host: string; readonly port: number };
}

/**
 * A transport after normalisation: every field filled in and checked.
 *
 * @example Every field filled in
 * ```ts
 * import { type NormalizedTransport, normalizeTransports } from "@autobahn/autobahn/component";
 *
 * const [t]: NormalizedTransport[] = normalizeTransports("rs://127.0.0.1:8080");
 * if (t!.type !== "rawsocket" || t!.retry.maxRetries !== 15) throw new Error("Unexpected");
 * ```
 */
export interface NormalizedTransport {
  /** Index in the component's list. */
  readonly index: number;
  /** The transport type. */
  readonly type: "websocket" | "rawsocket";
  /** The URL to connect to (for RawSocket built from `endpoint` when absent). */
  readonly url: string;
  /** The endpoint, when given (WebSocket: dial it instead of the URL's host). */
  readonly endpoint?: EndpointConfig;
  /** Serializers to offer. */
  readonly serializers: readonly SerializerName[];
  /** Transport options. */
  readonly options: TransportOptions;
  /** Retry policy. */
  readonly retry: RetryOptions;
}

/**
 * Serializers offered by default.
 *
 * @example The serializers offered when none are configured
 * ```ts
 * import { DEFAULT_SERIALIZERS, normalizeTransport } from "@autobahn/autobahn/component";
 *
 * const t = normalizeTransport("ws://127.0.0.1:8080/ws", 0);
 * if (t.serializers.join() !== DEFAULT_SERIALIZERS.join()) throw new Error("Not the default");
 * ```
 */
export const DEFAULT_SERIALIZERS: readonly SerializerName[] = ["cbor", "msgpack", "json"];
const SERIALIZERS: ReadonlySet<string> = new Set(["json", "msgpack", "cbor", "ubjson"]);
const TRANSPORT_KEYS: ReadonlySet<string> = new Set([
  "type",
  "url",
  "endpoint",
  "serializers",
  "options",
  "proxy",
  "maxRetries",
  "maxRetryDelay",
  "initialRetryDelay",
  "retryDelayGrowth",
  "retryDelayJitter",
]);

function fail(where: string, what: string): never {
  throw new TypeError(`Invalid component config: ${where}: ${what}`);
}

function checkNumber(where: string, name: string, v: unknown, min: number, integer = false): void {
  if (v === undefined) return;
  if (
    typeof v !== "number" || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))
  ) {
    fail(
      where,
      `${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got ${String(v)}`,
    );
  }
}

function endpointUrl(where: string, e: EndpointConfig): string {
  if (e.type === "unix") {
    if (typeof e.path !== "string" || !e.path) fail(where, "endpoint.path is required for unix");
    return `rs://unix:${e.path}`;
  }
  if (typeof e.host !== "string" || !e.host) fail(where, "endpoint.host is required for tcp");
  checkNumber(where, "endpoint.port", e.port, 1, true);
  if (e.port === undefined) fail(where, "endpoint.port is required for tcp");
  const host = e.host.includes(":") ? `[${e.host}]` : e.host;
  return `${e.tls ? "rss" : "rs"}://${host}:${e.port}`;
}

/**
 * Normalises one transport entry (a URL or an object) and validates it.
 *
 * @throws {TypeError} naming the transport and the field at fault.
 *
 * @example A URL, and an invalid entry
 * ```ts
 * import { normalizeTransport } from "@autobahn/autobahn/component";
 *
 * const t = normalizeTransport("wss://example.com/ws", 0);
 * if (t.type !== "websocket" || t.url !== "wss://example.com/ws") throw new Error(t.url);
 * try {
 *   normalizeTransport({ url: "ws://127.0.0.1:8080/ws", serializers: ["xml" as "json"] }, 1);
 *   throw new Error("Expected a TypeError");
 * } catch (e) {
 *   if (!(e instanceof TypeError) || !e.message.includes("transports[1]")) throw e;
 * }
 * ```
 */
export function normalizeTransport(
  entry: string | TransportConfig,
  index: number,
): NormalizedTransport {
  const where = `transports[${index}]`;
  const t: TransportConfig = typeof entry === "string" ? { url: entry } : entry;
  if (t === null || typeof t !== "object" || Array.isArray(t)) {
    fail(where, "expected a URL string or an object");
  }
  for (const k of Object.keys(t)) {
    if (!TRANSPORT_KEYS.has(k)) fail(where, `unknown key "${k}"`);
  }
  if (t.type !== undefined && t.type !== "websocket" && t.type !== "rawsocket") {
    fail(where, `type must be "websocket" or "rawsocket", got ${JSON.stringify(t.type)}`);
  }
  if (t.proxy !== undefined) fail(where, "proxy is not supported yet");
  if (t.endpoint !== undefined) {
    if (typeof t.endpoint !== "object" || t.endpoint === null) {
      fail(where, "endpoint must be an object");
    }
    if (t.endpoint.type !== undefined && t.endpoint.type !== "tcp" && t.endpoint.type !== "unix") {
      fail(where, `endpoint.type must be "tcp" or "unix", got ${JSON.stringify(t.endpoint.type)}`);
    }
  }
  let url = t.url;
  if (url === undefined) {
    if (t.type === "rawsocket" && t.endpoint) url = endpointUrl(where, t.endpoint);
    else fail(where, "url is required");
  } else if (typeof url !== "string") fail(where, "url must be a string");
  let parsed;
  try {
    parsed = parseTransportUrl(url);
  } catch (e) {
    fail(where, e instanceof Error ? e.message : String(e));
  }
  const type = t.type ?? parsed.kind;
  if (type !== parsed.kind) fail(where, `type is "${type}" but the URL ${url} is ${parsed.kind}`);
  if (type === "rawsocket" && t.endpoint && t.url !== undefined) {
    url = endpointUrl(where, t.endpoint); // the endpoint says where to connect
  } else if (type === "websocket" && t.endpoint) endpointUrl(where, t.endpoint); // validate only
  const serializers = t.serializers ?? DEFAULT_SERIALIZERS;
  if (!Array.isArray(serializers) || serializers.length === 0) {
    fail(where, "serializers must be a non-empty list");
  }
  for (const s of serializers) {
    if (!SERIALIZERS.has(s)) {
      fail(where, `unknown serializer ${JSON.stringify(s)} (json, msgpack, cbor, ubjson)`);
    }
  }
  if (t.options !== undefined && (typeof t.options !== "object" || t.options === null)) {
    fail(where, "options must be an object");
  }
  if (t.maxRetries !== undefined && t.maxRetries !== -1) {
    checkNumber(where, "maxRetries", t.maxRetries, 0, true);
  }
  checkNumber(where, "maxRetryDelay", t.maxRetryDelay, 0);
  checkNumber(where, "initialRetryDelay", t.initialRetryDelay, 0);
  checkNumber(where, "retryDelayGrowth", t.retryDelayGrowth, 1);
  checkNumber(where, "retryDelayJitter", t.retryDelayJitter, 0);
  if ((t.retryDelayJitter ?? 0) > 1) fail(where, "retryDelayJitter must be ≤ 1");
  return {
    index,
    type,
    url: url!,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    serializers: [...serializers],
    options: t.options ?? {},
    retry: {
      maxRetries: t.maxRetries ?? DEFAULT_RETRY.maxRetries,
      maxRetryDelay: t.maxRetryDelay ?? DEFAULT_RETRY.maxRetryDelay,
      initialRetryDelay: t.initialRetryDelay ?? DEFAULT_RETRY.initialRetryDelay,
      retryDelayGrowth: t.retryDelayGrowth ?? DEFAULT_RETRY.retryDelayGrowth,
      retryDelayJitter: t.retryDelayJitter ?? DEFAULT_RETRY.retryDelayJitter,
    },
  };
}

/**
 * Normalises the `transports` option: a URL string, one object, or a
 * non-empty list of either.
 *
 * @throws {TypeError} for an empty list or an invalid entry.
 *
 * @example Several transports, tried round-robin
 * ```ts
 * import { normalizeTransports } from "@autobahn/autobahn/component";
 *
 * const list = normalizeTransports(["ws://127.0.0.1:8080/ws", { url: "rs://127.0.0.1:8081" }]);
 * if (list.map((t) => t.type).join() !== "websocket,rawsocket") throw new Error("Unexpected");
 * ```
 */
export function normalizeTransports(
  transports: string | TransportConfig | readonly (string | TransportConfig)[],
): NormalizedTransport[] {
  const list = Array.isArray(transports) ? transports : [transports];
  if (list.length === 0) fail("transports", "at least one transport is required");
  return list.map((t, i) => normalizeTransport(t as string | TransportConfig, i));
}

// ---------------------------------------------------------------------------
// Authentication seam

/**
 * Anonymous authentication (`authmethods: ["anonymous"]`).
 *
 * @example Anonymous with an authid
 * ```ts
 * import { type AnonymousAuthConfig, buildJoinOptions } from "@autobahn/autobahn/component";
 *
 * const anonymous: AnonymousAuthConfig = { authid: "bob" };
 * const options = buildJoinOptions({ anonymous });
 * if (options.authid !== "bob" || options.authmethods?.[0] !== "anonymous") throw new Error();
 * ```
 */
export interface AnonymousAuthConfig {
  /** The authid asked for. */
  readonly authid?: string;
  /** The authrole asked for. */
  readonly authrole?: string;
}

/**
 * Ticket authentication: answers the CHALLENGE with the ticket.
 *
 * @example Ticket authentication
 * ```ts
 * import { buildJoinOptions, type TicketAuthConfig } from "@autobahn/autobahn/component";
 *
 * const ticket: TicketAuthConfig = { authid: "alice", ticket: "secret!!!" };
 * const options = buildJoinOptions({ ticket });
 * const answer = await options.onChallenge?.({ method: "ticket", extra: {} });
 * if (answer !== "secret!!!") throw new Error("Wrong answer");
 * ```
 */
export interface TicketAuthConfig {
  /** The authid (user name). */
  readonly authid: string;
  /** The ticket (password, token). */
  readonly ticket: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Extra data for HELLO. */
  readonly authextra?: WampDict;
}

/**
 * Per-method authentication config, keyed by WAMP authmethod; the methods
 * are offered in key order. Other methods plug in through
 * {@linkcode registerAuthMethod}.
 *
 * @example Offering two methods, ticket first
 * ```ts
 * import { type AuthenticationConfig, buildJoinOptions } from "@autobahn/autobahn/component";
 *
 * const authentication: AuthenticationConfig = {
 *   ticket: { authid: "alice", ticket: "secret!!!" },
 *   anonymous: {},
 * };
 * const options = buildJoinOptions(authentication);
 * if (options.authmethods?.join() !== "ticket,anonymous") throw new Error("Wrong order");
 * ```
 */
export interface AuthenticationConfig {
  /** Anonymous. */
  readonly anonymous?: AnonymousAuthConfig;
  /** Ticket. */
  readonly ticket?: TicketAuthConfig;
  /** Further methods (wampcra, cryptosign, scram), once registered. */
  readonly [method: string]: object | undefined;
}

/**
 * What one method contributes to a join.
 *
 * @example What a custom method contributes
 * ```ts
 * import { type AuthMethodContribution, registerAuthMethod } from "@autobahn/autobahn/component";
 *
 * const contribution: AuthMethodContribution = {
 *   authid: "device-7",
 *   authextra: { firmware: "1.2" },
 *   onChallenge: (challenge) => `signed:${challenge.extra.challenge}`,
 * };
 * registerAuthMethod("x-device", () => contribution);
 * ```
 */
export interface AuthMethodContribution {
  /** The authid asked for. */
  readonly authid?: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** HELLO.Details.authextra. */
  readonly authextra?: WampDict;
  /** Answers this method's CHALLENGE. */
  readonly onChallenge?: ChallengeHandler;
  /**
   * Checks WELCOME after a join by this method (WAMP-SCRAM: the router's
   * verifier, mutual authentication); throwing fails the join.
   */
  readonly onWelcome?: (authextra: WampDict | undefined) => void;
}

/**
 * Join options plus the post-WELCOME check of the method that authenticated.
 *
 * @example The join options of a component without authentication config
 * ```ts
 * import { buildJoinOptions, type ComponentJoinOptions } from "@autobahn/autobahn/component";
 *
 * const options: ComponentJoinOptions = buildJoinOptions(undefined);
 * if (options.authmethods?.join() !== "anonymous" || options.verifyWelcome) throw new Error();
 * ```
 */
export interface ComponentJoinOptions extends JoinOptions {
  /** Runs the authenticating method's {@linkcode AuthMethodContribution.onWelcome}. */
  readonly verifyWelcome?: (
    authmethod: string | undefined,
    authextra: WampDict | undefined,
  ) => void;
}

/**
 * Builds a method's contribution from its config; throws `TypeError` for a bad config.
 *
 * @example A builder that validates its config
 * ```ts
 * import {
 *   type AuthMethodBuilder,
 *   buildJoinOptions,
 *   registerAuthMethod,
 * } from "@autobahn/autobahn/component";
 *
 * const builder: AuthMethodBuilder = (config) => {
 *   const { user } = config as { user?: string };
 *   if (!user) throw new TypeError("Invalid component config: x-token: user is required");
 *   return { authid: user, onChallenge: () => "token" };
 * };
 * registerAuthMethod("x-token", builder);
 * if (buildJoinOptions({ "x-token": { user: "carol" } }).authid !== "carol") throw new Error();
 * ```
 */
export type AuthMethodBuilder = (config: object) => AuthMethodContribution;

const METHODS = new Map<string, AuthMethodBuilder>([
  ["anonymous", (c) => {
    const a = c as AnonymousAuthConfig;
    return { authid: a.authid, authrole: a.authrole };
  }],
  ["ticket", (c) => {
    const t = c as TicketAuthConfig;
    if (typeof t.authid !== "string" || !t.authid) {
      fail("authentication.ticket", "authid is required");
    }
    if (typeof t.ticket !== "string") fail("authentication.ticket", "ticket must be a string");
    const ticket = t.ticket;
    return {
      authid: t.authid,
      authrole: t.authrole,
      authextra: t.authextra,
      onChallenge: () => ticket,
    };
  }],
]);

/**
 * Registers (or replaces) an authentication method for components: the
 * hook the auth issue uses for wampcra, cryptosign and scram.
 *
 * @example Plugging in a custom authentication method
 * ```ts
 * import { buildJoinOptions, registerAuthMethod } from "@autobahn/autobahn/component";
 *
 * registerAuthMethod("x-apikey", (config) => {
 *   const key = (config as { key: string }).key;
 *   return { onChallenge: () => key };
 * });
 * const options = buildJoinOptions({ "x-apikey": { key: "k-123" } });
 * const answer = await options.onChallenge?.({ method: "x-apikey", extra: {} });
 * if (answer !== "k-123") throw new Error("Wrong answer");
 * ```
 */
export function registerAuthMethod(method: string, builder: AuthMethodBuilder): void {
  METHODS.set(method, builder);
}

/**
 * Builds the `join` options and the CHALLENGE handler from per-method
 * config: `authmethods` in key order, the first given `authid`/`authrole`/
 * `authextra`, and a handler dispatching on `challenge.method`. No config
 * means anonymous.
 *
 * @throws {TypeError} for an unknown method or a bad method config.
 *
 * @example Join options for ticket authentication
 * ```ts
 * import { buildJoinOptions } from "@autobahn/autobahn/component";
 *
 * const options = buildJoinOptions({ ticket: { authid: "alice", ticket: "secret!!!" } });
 * if (options.authid !== "alice" || options.authmethods?.join() !== "ticket") throw new Error();
 * const answer = await options.onChallenge?.({ method: "ticket", extra: {} });
 * if (answer !== "secret!!!") throw new Error("Wrong answer");
 * ```
 */
export function buildJoinOptions(
  authentication: AuthenticationConfig | undefined,
): ComponentJoinOptions {
  const entries = Object.entries(authentication ?? { anonymous: {} }).filter(([, v]) =>
    v !== undefined
  );
  if (entries.length === 0) return { authmethods: ["anonymous"] };
  const handlers = new Map<string, ChallengeHandler>();
  const welcomeChecks = new Map<string, (authextra: WampDict | undefined) => void>();
  let authid: string | undefined;
  let authrole: string | undefined;
  let authextra: WampDict | undefined;
  for (const [method, config] of entries) {
    const build = METHODS.get(method);
    if (!build) {
      fail(
        "authentication",
        `method "${method}" is not supported (known: ${[...METHODS.keys()].join(", ")})`,
      );
    }
    if (typeof config !== "object" || config === null) {
      fail(`authentication.${method}`, "expected an object");
    }
    const c = build(config);
    authid ??= c.authid;
    authrole ??= c.authrole;
    authextra ??= c.authextra;
    if (c.onChallenge) handlers.set(method, c.onChallenge);
    if (c.onWelcome) welcomeChecks.set(method, c.onWelcome);
  }
  const options: ComponentJoinOptions = {
    authmethods: entries.map(([m]) => m),
    ...(welcomeChecks.size
      ? {
        verifyWelcome: (authmethod, authextra) => {
          // The router may name either SCRAM method; both map to the same check.
          const check = welcomeChecks.get(authmethod ?? "") ??
            (authmethod === "scram" || authmethod === "wamp-scram"
              ? welcomeChecks.get(authmethod === "scram" ? "wamp-scram" : "scram")
              : undefined);
          check?.(authextra);
        },
      }
      : {}),
    ...(authid !== undefined ? { authid } : {}),
    ...(authrole !== undefined ? { authrole } : {}),
    ...(authextra !== undefined ? { authextra } : {}),
    ...(handlers.size
      ? {
        onChallenge: (challenge) => {
          const h = handlers.get(challenge.method);
          if (!h) throw new Error(`No credentials for authentication method ${challenge.method}`);
          return h(challenge);
        },
      }
      : {}),
  };
  return options;
}
