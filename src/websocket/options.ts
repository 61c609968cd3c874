/**
 * WebSocket protocol options, named as Autobahn|Python names them. Times are in
 * seconds (as in Autobahn); sizes in bytes; `0` disables a limit or timeout.
 *
 * Deliberate differences from Autobahn|Python:
 * - `failByDrop` defaults to `false`: a failed connection is closed with the
 *   close code that names the fault (RFC 6455 §7.1.7 "SHOULD send a Close frame"),
 *   which peers and tests can see.
 * - `maxMessagePayloadSize` defaults to 64 MiB instead of unlimited, so that no
 *   peer can make us buffer without bound.
 * - The Flash policy options (`flashSocketPolicy`, `allowHixie76`) are obsolete
 *   and deliberately not implemented.
 *
 * @module
 */
import type { Logger } from "../util/logger.ts";
import type {
  PerMessageCompressionAcceptClient,
  PerMessageCompressionAcceptServer,
  PerMessageDeflateOffer,
} from "./deflate_negotiation.ts";
import { noopLogger } from "../util/logger.ts";

/**
 * Options that apply to both roles.
 *
 * @example Options both roles understand
 * ```ts
 * import { type CommonOptions, resolveOptions } from "@autobahn/autobahn/websocket";
 *
 * const common: CommonOptions = { maxMessagePayloadSize: 1 << 20, autoPingInterval: 30 };
 * const client = resolveOptions("client", common);
 * const server = resolveOptions("server", common);
 * if (client.autoPingInterval !== 30 || server.maxMessagePayloadSize !== 1 << 20) throw new Error();
 * ```
 */
export interface CommonOptions {
  /** Log every octet sent and received (at `trace` level). Default false. */
  logOctets?: boolean;
  /** Log every frame sent and received (at `trace` level). Default false. */
  logFrames?: boolean;
  /** Record handshake and close timings on the connection. Default false. */
  trackTimings?: boolean;
  /** Validate incoming text messages as UTF-8 (fail with 1007). Default true. */
  utf8validateIncoming?: boolean;
  /** Really XOR the payload with the mask when masking outgoing frames. Default true. */
  applyMask?: boolean;
  /** Largest accepted frame payload in bytes; 0 = limited only by the message limit. Default 0. */
  maxFramePayloadSize?: number;
  /** Largest accepted message payload in bytes (close 1009 beyond); 0 = unlimited. Default 64 MiB. */
  maxMessagePayloadSize?: number;
  /** Fragment outgoing messages into frames of at most this size; 0 = never. Default 0. */
  autoFragmentSize?: number;
  /** Fail connections by dropping TCP instead of sending a close frame. Default false. */
  failByDrop?: boolean;
  /** Echo the peer's close code and reason when replying to a close. Default false. */
  echoCloseCodeReason?: boolean;
  /** Seconds allowed for the opening handshake; 0 = no limit. Default 5. */
  openHandshakeTimeout?: number;
  /** Seconds to wait for the peer's close reply before dropping; 0 = no limit. Default 1. */
  closeHandshakeTimeout?: number;
  /** Set TCP_NODELAY on the socket. Default true. */
  tcpNoDelay?: boolean;
  /**
   * Seconds between automatic pings once the connection is open; 0 = off.
   * One batched timer serves every connection. The round-trip time of the
   * last answered ping is `autoPingRtt` on the protocol (`rtt` on a
   * `WebSocketConnection`), in milliseconds. Default 0.
   */
  autoPingInterval?: number;
  /**
   * Seconds to wait for the pong of an automatic ping before dropping the
   * connection (close code 1006, `wasClean` false); 0 = never drop. Default 0.
   */
  autoPingTimeout?: number;
  /**
   * Random payload bytes per automatic ping, 4-125; only a pong echoing them
   * counts (RFC 6455 §5.5.3). Default 4.
   */
  autoPingSize?: number;
  /**
   * Any data received counts as proof of life: it cancels a pending pong
   * timeout and restarts the ping interval (Autobahn|Python 22.2.1). Default true.
   */
  autoPingRestartOnAnyTraffic?: boolean;
  /** Structured logger; the default writes nothing. */
  logger?: Logger;
}

/**
 * Options of a WebSocket server.
 *
 * @example A server that only accepts browsers from one site
 * ```ts
 * import { type ServerOptions, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ServerOptions = {
 *   allowedOrigins: ["https://*.example.com"],
 *   maxConnections: 1000,
 *   webStatus: false,
 * };
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * factory.setProtocolOptions(options);
 * if (factory.options.maxConnections !== 1000) throw new Error("not applied");
 * ```
 */
export interface ServerOptions extends CommonOptions {
  /** Protocol versions accepted (8 and 13). Default [8, 13]. */
  versions?: number[];
  /** Answer a plain HTTP GET with an HTML status page. Default true. */
  webStatus?: boolean;
  /** Fail on unmasked client frames (1002). Default true. */
  requireMaskedClientFrames?: boolean;
  /** Mask frames sent by the server (testing only). Default false. */
  maskServerFrames?: boolean;
  /** Allowed Origin patterns (`*` wildcards, `scheme://host:port`). Default ["*"]. */
  allowedOrigins?: string[];
  /** Most concurrent connections; beyond, 503. 0 = unlimited. Default 0. */
  maxConnections?: number;
  /** Number of trusted proxies whose X-Forwarded-For entries name the peer. Default 0. */
  trustXForwardedFor?: number;
  /** Value of the `Server` header. Default "AutobahnTS/0.1.0". */
  server?: string;
  /**
   * Accepts permessage-deflate (RFC 7692): gets the client's valid offers and
   * returns the one accepted (`new PerMessageDeflateOfferAccept(offers[0])`) or
   * `null`. Default: none, i.e. no compression (as in Autobahn).
   */
  perMessageCompressionAccept?: PerMessageCompressionAcceptServer | null;
}

/**
 * Options of a WebSocket client.
 *
 * @example A client with a handshake deadline and keepalive
 * ```ts
 * import { type ClientOptions, WebSocketClientFactory } from "@autobahn/autobahn/websocket";
 *
 * const options: ClientOptions = { openHandshakeTimeout: 5, autoPingInterval: 20 };
 * const factory = new WebSocketClientFactory("ws://127.0.0.1:9000");
 * factory.setProtocolOptions(options);
 * if (factory.options.openHandshakeTimeout !== 5) throw new Error("not applied");
 * ```
 */
export interface ClientOptions extends CommonOptions {
  /** Protocol version to speak (8 or 13). Default 13. */
  version?: number;
  /** Accept frames the server masked. Default false. */
  acceptMaskedServerFrames?: boolean;
  /** Mask frames sent by the client (RFC 6455 requires it). Default true. */
  maskClientFrames?: boolean;
  /** Seconds to wait for the server to drop TCP after the close handshake. Default 1. */
  serverConnectionDropTimeout?: number;
  /** Value of the `User-Agent` header. Default "AutobahnTS/0.1.0". */
  useragent?: string;
  /** permessage-deflate offers sent, in order of preference (RFC 7692). Default none. */
  perMessageCompressionOffers?: PerMessageDeflateOffer[];
  /**
   * Vets the server's permessage-deflate answer: return
   * `new PerMessageDeflateResponseAccept(response)` or `null` to fail the
   * connection. Default: accept.
   */
  perMessageCompressionAccept?: PerMessageCompressionAcceptClient | null;
}

/**
 * Every option, resolved with defaults.
 *
 * @example Reading the options in force
 * ```ts
 * import { type ResolvedOptions, WebSocketServerFactory } from "@autobahn/autobahn/websocket";
 *
 * const factory = new WebSocketServerFactory("ws://127.0.0.1:0");
 * const options: Readonly<ResolvedOptions> = factory.options;
 * if (options.maxMessagePayloadSize !== 0 && options.maxMessagePayloadSize < 1) throw new Error();
 * ```
 */
export interface ResolvedOptions {
  /** See {@linkcode CommonOptions.logOctets}. */
  logOctets: boolean;
  /** See {@linkcode CommonOptions.logFrames}. */
  logFrames: boolean;
  /** See {@linkcode CommonOptions.trackTimings}. */
  trackTimings: boolean;
  /** See {@linkcode CommonOptions.utf8validateIncoming}. */
  utf8validateIncoming: boolean;
  /** See {@linkcode CommonOptions.applyMask}. */
  applyMask: boolean;
  /** See {@linkcode CommonOptions.maxFramePayloadSize}. */
  maxFramePayloadSize: number;
  /** See {@linkcode CommonOptions.maxMessagePayloadSize}. */
  maxMessagePayloadSize: number;
  /** See {@linkcode CommonOptions.autoFragmentSize}. */
  autoFragmentSize: number;
  /** See {@linkcode CommonOptions.failByDrop}. */
  failByDrop: boolean;
  /** See {@linkcode CommonOptions.echoCloseCodeReason}. */
  echoCloseCodeReason: boolean;
  /** See {@linkcode CommonOptions.openHandshakeTimeout}. */
  openHandshakeTimeout: number;
  /** See {@linkcode CommonOptions.closeHandshakeTimeout}. */
  closeHandshakeTimeout: number;
  /** See {@linkcode CommonOptions.tcpNoDelay}. */
  tcpNoDelay: boolean;
  /** See {@linkcode CommonOptions.autoPingInterval}. */
  autoPingInterval: number;
  /** See {@linkcode CommonOptions.autoPingTimeout}. */
  autoPingTimeout: number;
  /** See {@linkcode CommonOptions.autoPingSize}. */
  autoPingSize: number;
  /** See {@linkcode CommonOptions.autoPingRestartOnAnyTraffic}. */
  autoPingRestartOnAnyTraffic: boolean;
  /** See {@linkcode CommonOptions.logger}. */
  logger: Logger;
  /** See {@linkcode ServerOptions.versions}. */
  versions: number[];
  /** See {@linkcode ServerOptions.webStatus}. */
  webStatus: boolean;
  /** See {@linkcode ServerOptions.requireMaskedClientFrames}. */
  requireMaskedClientFrames: boolean;
  /** See {@linkcode ServerOptions.maskServerFrames}. */
  maskServerFrames: boolean;
  /** See {@linkcode ServerOptions.allowedOrigins}. */
  allowedOrigins: string[];
  /** See {@linkcode ServerOptions.maxConnections}. */
  maxConnections: number;
  /** See {@linkcode ServerOptions.trustXForwardedFor}. */
  trustXForwardedFor: number;
  /** See {@linkcode ServerOptions.server}. */
  server: string;
  /** See {@linkcode ClientOptions.version}. */
  version: number;
  /** See {@linkcode ClientOptions.acceptMaskedServerFrames}. */
  acceptMaskedServerFrames: boolean;
  /** See {@linkcode ClientOptions.maskClientFrames}. */
  maskClientFrames: boolean;
  /** See {@linkcode ClientOptions.serverConnectionDropTimeout}. */
  serverConnectionDropTimeout: number;
  /** See {@linkcode ClientOptions.useragent}. */
  useragent: string;
  /** See {@linkcode ServerOptions.perMessageCompressionAccept} and the client's. */
  perMessageCompressionAccept:
    | PerMessageCompressionAcceptServer
    | PerMessageCompressionAcceptClient
    | null;
  /** See {@linkcode ClientOptions.perMessageCompressionOffers}. */
  perMessageCompressionOffers: PerMessageDeflateOffer[];
}

/** The product string used in `Server` and `User-Agent` headers. */
export const PRODUCT = "AutobahnTS/0.1.0";

/**
 * The defaults of every option.
 *
 * @example The defaults
 * ```ts
 * import { DEFAULT_OPTIONS } from "@autobahn/autobahn/websocket";
 *
 * if (DEFAULT_OPTIONS.autoPingInterval !== 0) throw new Error("auto-ping is off by default");
 * if (!Object.isFrozen(DEFAULT_OPTIONS)) throw new Error("the defaults are frozen");
 * ```
 */
export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  logOctets: false,
  logFrames: false,
  trackTimings: false,
  utf8validateIncoming: true,
  applyMask: true,
  maxFramePayloadSize: 0,
  maxMessagePayloadSize: 64 * 1024 * 1024,
  autoFragmentSize: 0,
  failByDrop: false,
  echoCloseCodeReason: false,
  openHandshakeTimeout: 5,
  closeHandshakeTimeout: 1,
  tcpNoDelay: true,
  autoPingInterval: 0,
  autoPingTimeout: 0,
  autoPingSize: 4,
  autoPingRestartOnAnyTraffic: true,
  logger: noopLogger,
  versions: [8, 13],
  webStatus: true,
  requireMaskedClientFrames: true,
  maskServerFrames: false,
  allowedOrigins: ["*"],
  maxConnections: 0,
  trustXForwardedFor: 0,
  server: PRODUCT,
  version: 13,
  acceptMaskedServerFrames: false,
  maskClientFrames: true,
  serverConnectionDropTimeout: 1,
  useragent: PRODUCT,
  perMessageCompressionAccept: null,
  perMessageCompressionOffers: [],
});

const BOOLEAN_KEYS = new Set([
  "logOctets",
  "logFrames",
  "trackTimings",
  "utf8validateIncoming",
  "applyMask",
  "failByDrop",
  "echoCloseCodeReason",
  "tcpNoDelay",
  "autoPingRestartOnAnyTraffic",
  "webStatus",
  "requireMaskedClientFrames",
  "maskServerFrames",
  "acceptMaskedServerFrames",
  "maskClientFrames",
]);
const SIZE_KEYS = new Set([
  "maxFramePayloadSize",
  "maxMessagePayloadSize",
  "autoFragmentSize",
  "maxConnections",
  "trustXForwardedFor",
]);
const SECONDS_KEYS = new Set([
  "autoPingInterval",
  "autoPingTimeout",
  "openHandshakeTimeout",
  "closeHandshakeTimeout",
  "serverConnectionDropTimeout",
]);
const SERVER_ONLY = new Set([
  "versions",
  "webStatus",
  "requireMaskedClientFrames",
  "maskServerFrames",
  "allowedOrigins",
  "maxConnections",
  "trustXForwardedFor",
  "server",
]);
const CLIENT_ONLY = new Set([
  "version",
  "acceptMaskedServerFrames",
  "maskClientFrames",
  "serverConnectionDropTimeout",
  "useragent",
  "perMessageCompressionOffers",
]);
const OBSOLETE = new Set(["flashSocketPolicy", "allowHixie76"]);

/**
 * Validates `options` for `role` and fills in defaults on top of `base`.
 *
 * @throws {TypeError} for an unknown option, an option of the other role, or a wrong type.
 * @throws {RangeError} for a negative size or time, or an unsupported version.
 *
 * @example Validating options before use
 * ```ts
 * import { resolveOptions } from "@autobahn/autobahn/websocket";
 *
 * const server = resolveOptions("server", { maxConnections: 10 });
 * if (server.maxConnections !== 10) throw new Error("not applied");
 * try {
 *   resolveOptions("client", { maxConnections: 10 } as never); // a server option
 *   throw new Error("accepted");
 * } catch (err) {
 *   if (!(err instanceof TypeError)) throw err;
 * }
 * ```
 */
export function resolveOptions(
  role: "client" | "server",
  options: ServerOptions | ClientOptions = {},
  base: Readonly<ResolvedOptions> = DEFAULT_OPTIONS,
): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Cannot set options: expected an object");
  }
  const out: ResolvedOptions = { ...base, versions: [...base.versions] };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (OBSOLETE.has(key)) {
      throw new TypeError(`Cannot set option "${key}": Flash policy support is obsolete`);
    }
    if (!(key in DEFAULT_OPTIONS)) {
      throw new TypeError(`Cannot set option "${key}": unknown option`);
    }
    if (role === "client" && SERVER_ONLY.has(key)) {
      throw new TypeError(`Cannot set option "${key}": it is a server option`);
    }
    if (role === "server" && CLIENT_ONLY.has(key)) {
      throw new TypeError(`Cannot set option "${key}": it is a client option`);
    }
    if (BOOLEAN_KEYS.has(key)) {
      if (typeof value !== "boolean") {
        throw new TypeError(`Cannot set option "${key}": expected a boolean`);
      }
    } else if (SIZE_KEYS.has(key)) {
      if (!Number.isSafeInteger(value) || (value as number) < 0) {
        throw new RangeError(`Cannot set option "${key}": expected a non-negative integer`);
      }
    } else if (SECONDS_KEYS.has(key)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(
          `Cannot set option "${key}": expected a non-negative number of seconds`,
        );
      }
    } else if (key === "versions") {
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => v !== 8 && v !== 13)) {
        throw new RangeError(`Cannot set option "versions": expected a non-empty list of 8 and 13`);
      }
    } else if (key === "version") {
      if (value !== 8 && value !== 13) {
        throw new RangeError(`Cannot set option "version": expected 8 or 13`);
      }
    } else if (key === "allowedOrigins") {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw new TypeError(`Cannot set option "allowedOrigins": expected a list of strings`);
      }
    } else if (key === "server" || key === "useragent") {
      if (typeof value !== "string" || /[\r\n]/.test(value)) {
        throw new TypeError(`Cannot set option "${key}": expected a single-line string`);
      }
    } else if (key === "autoPingSize") {
      if (!Number.isInteger(value) || (value as number) < 4 || (value as number) > 125) {
        throw new RangeError(`Cannot set option "autoPingSize": expected an integer from 4 to 125`);
      }
    } else if (
      key === "perMessageCompressionAccept"
    ) {
      if (value !== null && typeof value !== "function") {
        throw new TypeError(`Cannot set option "${key}": expected a function or null`);
      }
    } else if (key === "perMessageCompressionOffers") {
      if (
        !Array.isArray(value) ||
        value.some((o) => typeof o !== "object" || o === null || typeof o.toString !== "function")
      ) {
        throw new TypeError(
          `Cannot set option "perMessageCompressionOffers": expected a list of PerMessageDeflateOffer`,
        );
      }
    } else if (key === "logger") {
      if (typeof value !== "object" || value === null || typeof value.log !== "function") {
        throw new TypeError(`Cannot set option "logger": expected a Logger`);
      }
    }
    (out as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}
