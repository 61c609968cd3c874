/**
 * permessage-deflate negotiation (RFC 7692 §5, §7.1) with the Autobahn API:
 * a client sends {@linkcode PerMessageDeflateOffer}s and may vet the server's
 * {@linkcode PerMessageDeflateResponse} with a
 * {@linkcode PerMessageDeflateResponseAccept}; a server picks one offer with a
 * {@linkcode PerMessageDeflateOfferAccept}. Both ends get a
 * {@linkcode PerMessageDeflate} codec set up for their role.
 *
 * Wire names stay wire names: `server_no_context_takeover`,
 * `client_no_context_takeover`, `server_max_window_bits`,
 * `client_max_window_bits`.
 *
 * @module
 */
import { PerMessageDeflate, type PerMessageDeflateParams } from "./deflate.ts";
import { HandshakeError } from "./errors.ts";
import { formatExtension } from "./handshake.ts";
import type { ExtensionOffer } from "./types.ts";

/** The extension token. */
const NAME = "permessage-deflate";
/** RFC 7692 §7.1.2: window bits are 8..15, written without leading zeros. */
const WINDOW_BITS = /^(?:8|9|1[0-5])$/;

/**
 * A permessage-deflate offer or response is malformed or unacceptable. A
 * server declines such an offer; a client fails the connection (RFC 7692 §5).
 *
 * @example An offer with an unknown parameter
 * ```ts
 * import { DeflateNegotiationError, PerMessageDeflateOffer } from "@autobahn/autobahn/websocket";
 *
 * try {
 *   PerMessageDeflateOffer.parse({ x_unknown: true });
 *   throw new Error("accepted");
 * } catch (err) {
 *   if (!(err instanceof DeflateNegotiationError)) throw err;
 * }
 * ```
 */
export class DeflateNegotiationError extends HandshakeError {}

/**
 * Parameters as a record (from `parseExtensions`) or as ordered pairs (repeats visible).
 *
 * @example Parameters as a record or as ordered pairs
 * ```ts
 * import { type ExtensionParams, PerMessageDeflateOffer } from "@autobahn/autobahn/websocket";
 *
 * const record: ExtensionParams = { server_max_window_bits: "10" };
 * const pairs: ExtensionParams = [["server_max_window_bits", "10"]];
 * const a = PerMessageDeflateOffer.parse(record);
 * const b = PerMessageDeflateOffer.parse(pairs);
 * if (a.toString() !== b.toString()) throw new Error("different offers");
 * ```
 */
export type ExtensionParams =
  | Readonly<Record<string, string | true>>
  | ReadonlyArray<readonly [name: string, value: string | true]>;

/**
 * Codec settings that are not negotiated: level, memory and the inflated-size limit.
 *
 * @example A faster, smaller codec after negotiation
 * ```ts
 * import {
 *   negotiatePerMessageDeflateServer,
 *   parseExtensions,
 *   type PerMessageDeflateCodecOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const codec: PerMessageDeflateCodecOptions = { compressionLevel: 1, memLevel: 4 };
 * const offers = parseExtensions("permessage-deflate");
 * const result = negotiatePerMessageDeflateServer(offers, undefined, codec);
 * if (result?.deflate.params.compressionLevel !== 1) throw new Error("level not applied");
 * ```
 */
export type PerMessageDeflateCodecOptions = Pick<
  PerMessageDeflateParams,
  "compressionLevel" | "memLevel" | "maxMessageSize"
>;

function readParams(
  params: ExtensionParams,
  allowed: readonly string[],
  what: string,
): Map<string, string | true> {
  const pairs = Array.isArray(params)
    ? params as ReadonlyArray<readonly [string, string | true]>
    : Object.entries(params);
  const out = new Map<string, string | true>();
  for (const [name, value] of pairs) {
    // RFC 7692 §5.1/§5.2: unknown parameters and repeated parameters are invalid.
    if (!allowed.includes(name)) {
      throw new DeflateNegotiationError(`Cannot accept ${what}: unknown parameter ${name}`);
    }
    if (out.has(name)) {
      throw new DeflateNegotiationError(`Cannot accept ${what}: parameter ${name} repeated`);
    }
    out.set(name, value);
  }
  return out;
}

function flag(p: Map<string, string | true>, name: string, what: string): boolean {
  const v = p.get(name);
  if (v === undefined) return false;
  // RFC 7692 §7.1.1: the no_context_takeover parameters have no value.
  if (v !== true) {
    throw new DeflateNegotiationError(`Cannot accept ${what}: ${name} must have no value`);
  }
  return true;
}

function bits(
  p: Map<string, string | true>,
  name: string,
  what: string,
  valueOptional: boolean,
): number | true | 0 {
  const v = p.get(name);
  if (v === undefined) return 0;
  if (v === true) {
    if (valueOptional) return true;
    throw new DeflateNegotiationError(`Cannot accept ${what}: ${name} needs a value`);
  }
  if (!WINDOW_BITS.test(v)) {
    throw new DeflateNegotiationError(`Cannot accept ${what}: ${name}=${v} is not 8..15`);
  }
  return Number(v);
}

function checkWindowBits(what: string, v: number, allowZero: boolean): void {
  if (!(Number.isInteger(v) && ((v >= 8 && v <= 15) || (allowZero && v === 0)))) {
    throw new RangeError(`${what}: window bits ${v} is not 8..15${allowZero ? " or 0" : ""}`);
  }
}

const minBits = (...v: number[]): number => Math.min(15, ...v.filter((x) => x > 0));

/**
 * Options of a client's {@linkcode PerMessageDeflateOffer} (Autobahn names).
 *
 * @example Asking the server for a small window
 * ```ts
 * import {
 *   PerMessageDeflateOffer,
 *   type PerMessageDeflateOfferOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const options: PerMessageDeflateOfferOptions = {
 *   requestMaxWindowBits: 9,
 *   requestNoContextTakeover: true,
 * };
 * const header = new PerMessageDeflateOffer(options).toString();
 * if (!header.includes("server_max_window_bits=9")) throw new Error(header);
 * ```
 */
export interface PerMessageDeflateOfferOptions {
  /**
   * Offer `client_no_context_takeover`. RFC 7692 §7.1.1.2 makes this a
   * promise: the client then never uses context takeover. Default `false`.
   */
  acceptNoContextTakeover?: boolean;
  /**
   * Offer `client_max_window_bits` (the server may then limit our window);
   * a number 8..15 also promises that limit. Default `true`.
   */
  acceptMaxWindowBits?: boolean | number;
  /** Offer `server_no_context_takeover`: ask the server not to keep its window. Default `false`. */
  requestNoContextTakeover?: boolean;
  /** Offer `server_max_window_bits=N` (8..15); 0 does not ask. Default 0. */
  requestMaxWindowBits?: number;
}

/**
 * One permessage-deflate offer: built by a client to send, or parsed by a
 * server from the client's request.
 *
 * @example
 * ```ts
 * import { PerMessageDeflateOffer } from "@autobahn/autobahn/websocket";
 * new PerMessageDeflateOffer({ requestMaxWindowBits: 10 }).toString();
 * // "permessage-deflate; client_max_window_bits; server_max_window_bits=10"
 * ```
 */
export class PerMessageDeflateOffer {
  /** `client_no_context_takeover` is offered (the client will not use context takeover). */
  readonly acceptNoContextTakeover: boolean;
  /** `client_max_window_bits` is offered: the server may limit the client's window. */
  readonly acceptMaxWindowBits: boolean;
  /** The value of the offered `client_max_window_bits` (the client's own limit), or 0. */
  readonly clientMaxWindowBits: number;
  /** `server_no_context_takeover` is offered. */
  readonly requestNoContextTakeover: boolean;
  /** The offered `server_max_window_bits`, or 0. */
  readonly requestMaxWindowBits: number;

  /**
   * Creates an offer.
   *
   * @throws {RangeError} on window bits outside 8..15.
   */
  constructor(options: PerMessageDeflateOfferOptions = {}) {
    const amwb = options.acceptMaxWindowBits ?? true;
    if (typeof amwb === "number") checkWindowBits("Cannot create offer", amwb, false);
    const rmwb = options.requestMaxWindowBits ?? 0;
    checkWindowBits("Cannot create offer", rmwb, true);
    this.acceptNoContextTakeover = options.acceptNoContextTakeover ?? false;
    this.acceptMaxWindowBits = amwb !== false;
    this.clientMaxWindowBits = typeof amwb === "number" ? amwb : 0;
    this.requestNoContextTakeover = options.requestNoContextTakeover ?? false;
    this.requestMaxWindowBits = rmwb;
  }

  /**
   * Parses the parameters of one offer (RFC 7692 §7.1).
   *
   * @throws {DeflateNegotiationError} on an unknown or repeated parameter or
   *   a bad value: the server declines this offer (RFC 7692 §5.1).
   */
  static parse(params: ExtensionParams): PerMessageDeflateOffer {
    const what = "permessage-deflate offer";
    const p = readParams(params, [
      "client_no_context_takeover",
      "client_max_window_bits",
      "server_no_context_takeover",
      "server_max_window_bits",
    ], what);
    const cmwb = bits(p, "client_max_window_bits", what, true);
    return new PerMessageDeflateOffer({
      acceptNoContextTakeover: flag(p, "client_no_context_takeover", what),
      acceptMaxWindowBits: cmwb === 0 ? false : cmwb,
      requestNoContextTakeover: flag(p, "server_no_context_takeover", what),
      requestMaxWindowBits: bits(p, "server_max_window_bits", what, false) as number,
    });
  }

  /** The offer as a parsed extension element. */
  toExtension(): ExtensionOffer {
    const params: Record<string, string | true> = Object.create(null);
    if (this.acceptNoContextTakeover) params.client_no_context_takeover = true;
    if (this.acceptMaxWindowBits) {
      params.client_max_window_bits = this.clientMaxWindowBits
        ? String(this.clientMaxWindowBits)
        : true;
    }
    if (this.requestNoContextTakeover) params.server_no_context_takeover = true;
    if (this.requestMaxWindowBits) {
      params.server_max_window_bits = String(this.requestMaxWindowBits);
    }
    return { name: NAME, params };
  }

  /** The `Sec-WebSocket-Extensions` element, e.g. `permessage-deflate; client_max_window_bits`. */
  toString(): string {
    return formatExtension(this.toExtension());
  }
}

/**
 * The server's choices when accepting an offer (Autobahn names).
 *
 * @example Limiting the client's window
 * ```ts
 * import {
 *   PerMessageDeflateOffer,
 *   PerMessageDeflateOfferAccept,
 *   type PerMessageDeflateOfferAcceptOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const offer = PerMessageDeflateOffer.parse({ client_max_window_bits: true });
 * const options: PerMessageDeflateOfferAcceptOptions = { requestMaxWindowBits: 10 };
 * const answer = new PerMessageDeflateOfferAccept(offer, options).toString();
 * if (answer !== "permessage-deflate; client_max_window_bits=10") throw new Error(answer);
 * ```
 */
export interface PerMessageDeflateOfferAcceptOptions {
  /** Answer `client_no_context_takeover`: the client must reset its window per message. */
  requestNoContextTakeover?: boolean;
  /**
   * Answer `client_max_window_bits=N` (8..15); only when the offer had
   * `client_max_window_bits` (RFC 7692 §7.1.2.2). 0: do not limit. Default 0.
   */
  requestMaxWindowBits?: number;
  /**
   * The server does not use context takeover (answers
   * `server_no_context_takeover`). Default: what the offer requested; `false`
   * is refused when the offer requested it.
   */
  noContextTakeover?: boolean;
  /**
   * The server's compression window, answered as `server_max_window_bits`;
   * at most the offer's value. Default: the offer's value, else 0 (15, not
   * announced).
   */
  windowBits?: number;
}

/**
 * A server's acceptance of one {@linkcode PerMessageDeflateOffer}: what a
 * server's `perMessageCompressionAccept` returns.
 *
 * @example
 * ```ts
 * import { PerMessageDeflateOffer, PerMessageDeflateOfferAccept } from "@autobahn/autobahn/websocket";
 * const offer = PerMessageDeflateOffer.parse({ client_max_window_bits: true });
 * new PerMessageDeflateOfferAccept(offer, { requestMaxWindowBits: 12 }).toString();
 * // "permessage-deflate; client_max_window_bits=12"
 * ```
 */
export class PerMessageDeflateOfferAccept {
  /** The accepted offer. */
  readonly offer: PerMessageDeflateOffer;
  /** `client_no_context_takeover` is answered. */
  readonly requestNoContextTakeover: boolean;
  /** The answered `client_max_window_bits`, or 0. */
  readonly requestMaxWindowBits: number;
  /** `server_no_context_takeover` is answered. */
  readonly noContextTakeover: boolean;
  /** The answered `server_max_window_bits`, or 0 (the server uses 15). */
  readonly windowBits: number;

  /**
   * Accepts an offer.
   *
   * @throws {RangeError} when the choices break the offer: `noContextTakeover:
   *   false` against a requested `server_no_context_takeover`, `windowBits`
   *   above the offered `server_max_window_bits`, `requestMaxWindowBits`
   *   without an offered `client_max_window_bits`, or bits outside 8..15.
   */
  constructor(offer: PerMessageDeflateOffer, options: PerMessageDeflateOfferAcceptOptions = {}) {
    const what = "Cannot accept offer";
    const rmwb = options.requestMaxWindowBits ?? 0;
    checkWindowBits(what, rmwb, true);
    if (rmwb && !offer.acceptMaxWindowBits) {
      throw new RangeError(`${what}: the client did not offer client_max_window_bits`);
    }
    const nct = options.noContextTakeover ?? offer.requestNoContextTakeover;
    if (!nct && offer.requestNoContextTakeover) {
      throw new RangeError(`${what}: the client requested server_no_context_takeover`);
    }
    const wb = options.windowBits ?? offer.requestMaxWindowBits;
    checkWindowBits(what, wb, true);
    if (offer.requestMaxWindowBits && !(wb && wb <= offer.requestMaxWindowBits)) {
      throw new RangeError(
        `${what}: the client requested server_max_window_bits=${offer.requestMaxWindowBits}`,
      );
    }
    this.offer = offer;
    this.requestNoContextTakeover = options.requestNoContextTakeover ?? false;
    this.requestMaxWindowBits = rmwb;
    this.noContextTakeover = nct;
    this.windowBits = wb;
  }

  /** The response element as a parsed extension. */
  toExtension(): ExtensionOffer {
    const params: Record<string, string | true> = Object.create(null);
    if (this.noContextTakeover) params.server_no_context_takeover = true;
    if (this.requestNoContextTakeover) params.client_no_context_takeover = true;
    if (this.windowBits) params.server_max_window_bits = String(this.windowBits);
    if (this.requestMaxWindowBits) {
      params.client_max_window_bits = String(this.requestMaxWindowBits);
    }
    return { name: NAME, params };
  }

  /** The exact `Sec-WebSocket-Extensions` response value. */
  toString(): string {
    return formatExtension(this.toExtension());
  }

  /** The server's codec for this acceptance. */
  createCodec(options: PerMessageDeflateCodecOptions = {}): PerMessageDeflate {
    return new PerMessageDeflate({
      ...options,
      compressNoContextTakeover: this.noContextTakeover,
      compressWindowBits: minBits(this.windowBits),
      decompressNoContextTakeover: this.requestNoContextTakeover,
      // A client keeps to both its own offered limit and the one we answered.
      decompressWindowBits: minBits(this.requestMaxWindowBits, this.offer.clientMaxWindowBits),
    });
  }
}

/**
 * The four parameters of a {@linkcode PerMessageDeflateResponse}.
 *
 * @example Building a response by hand
 * ```ts
 * import {
 *   PerMessageDeflateResponse,
 *   type PerMessageDeflateResponseFields,
 * } from "@autobahn/autobahn/websocket";
 *
 * const fields: PerMessageDeflateResponseFields = {
 *   serverNoContextTakeover: true,
 *   clientNoContextTakeover: false,
 *   serverMaxWindowBits: 0,
 *   clientMaxWindowBits: 0,
 * };
 * if (!new PerMessageDeflateResponse(fields).serverNoContextTakeover) throw new Error();
 * ```
 */
export interface PerMessageDeflateResponseFields {
  /** `server_no_context_takeover` was answered. */
  readonly serverNoContextTakeover: boolean;
  /** `client_no_context_takeover` was answered. */
  readonly clientNoContextTakeover: boolean;
  /** The answered `server_max_window_bits`, or 0. */
  readonly serverMaxWindowBits: number;
  /** The answered `client_max_window_bits`, or 0. */
  readonly clientMaxWindowBits: number;
}

/**
 * The server's permessage-deflate response as a client parsed it, handed to
 * the client's `perMessageCompressionAccept`.
 *
 * @example Checking a response against our offer
 * ```ts
 * import { PerMessageDeflateOffer, PerMessageDeflateResponse } from "@autobahn/autobahn/websocket";
 *
 * const offer = new PerMessageDeflateOffer({ requestMaxWindowBits: 10 });
 * const ok = PerMessageDeflateResponse.parse({ server_max_window_bits: "9" });
 * const bad = PerMessageDeflateResponse.parse({});
 * if (!ok.answers(offer) || bad.answers(offer)) throw new Error("unexpected");
 * ```
 */
export class PerMessageDeflateResponse implements PerMessageDeflateResponseFields {
  /** `server_no_context_takeover` was answered. */
  readonly serverNoContextTakeover: boolean;
  /** `client_no_context_takeover` was answered: we must reset our window per message. */
  readonly clientNoContextTakeover: boolean;
  /** The answered `server_max_window_bits`, or 0. */
  readonly serverMaxWindowBits: number;
  /** The answered `client_max_window_bits`, or 0. */
  readonly clientMaxWindowBits: number;

  /**
   * Creates a response from its four parameters (0 / `false` when absent);
   * {@linkcode PerMessageDeflateResponse.parse} validates wire parameters.
   */
  constructor(p: PerMessageDeflateResponseFields) {
    this.serverNoContextTakeover = p.serverNoContextTakeover;
    this.clientNoContextTakeover = p.clientNoContextTakeover;
    this.serverMaxWindowBits = p.serverMaxWindowBits;
    this.clientMaxWindowBits = p.clientMaxWindowBits;
  }

  /**
   * Parses the parameters of a response element (RFC 7692 §7.1).
   *
   * @throws {DeflateNegotiationError} on an unknown or repeated parameter or a
   *   bad value (window bits in a response need a value): the client fails
   *   the connection (RFC 7692 §5.2).
   */
  static parse(params: ExtensionParams): PerMessageDeflateResponse {
    const what = "permessage-deflate response";
    const p = readParams(params, [
      "server_no_context_takeover",
      "client_no_context_takeover",
      "server_max_window_bits",
      "client_max_window_bits",
    ], what);
    return new PerMessageDeflateResponse({
      serverNoContextTakeover: flag(p, "server_no_context_takeover", what),
      clientNoContextTakeover: flag(p, "client_no_context_takeover", what),
      serverMaxWindowBits: bits(p, "server_max_window_bits", what, false) as number,
      clientMaxWindowBits: bits(p, "client_max_window_bits", what, false) as number,
    });
  }

  /** Whether this response is a valid answer to `offer` (RFC 7692 §7.1). */
  answers(offer: PerMessageDeflateOffer): boolean {
    // §7.1.1.1: a requested server_no_context_takeover MUST be answered.
    if (offer.requestNoContextTakeover && !this.serverNoContextTakeover) return false;
    // §7.1.2.1: a requested server_max_window_bits is answered with the same or smaller value.
    if (
      offer.requestMaxWindowBits &&
      !(this.serverMaxWindowBits && this.serverMaxWindowBits <= offer.requestMaxWindowBits)
    ) return false;
    // §7.1.2.2: client_max_window_bits only in answer to an offered one.
    if (this.clientMaxWindowBits && !offer.acceptMaxWindowBits) return false;
    return true;
  }
}

/**
 * The client's own choices once the server accepted (Autobahn names).
 *
 * @example Compressing with a small window
 * ```ts
 * import {
 *   PerMessageDeflateResponse,
 *   PerMessageDeflateResponseAccept,
 *   type PerMessageDeflateResponseAcceptOptions,
 * } from "@autobahn/autobahn/websocket";
 *
 * const options: PerMessageDeflateResponseAcceptOptions = { windowBits: 10 };
 * const accept = new PerMessageDeflateResponseAccept(PerMessageDeflateResponse.parse({}), options);
 * if (accept.windowBits !== 10) throw new Error(`${accept.windowBits}`);
 * ```
 */
export interface PerMessageDeflateResponseAcceptOptions {
  /** Do not use context takeover even if allowed. Default: only when required. */
  noContextTakeover?: boolean;
  /** Compress with a window of at most this many bits (8..15). Default: the largest allowed. */
  windowBits?: number;
}

/**
 * A client's acceptance of the server's {@linkcode PerMessageDeflateResponse}:
 * what a client's `perMessageCompressionAccept` returns (`null` fails the
 * connection, as the server already committed to compression).
 *
 * @example Accepting the server's response
 * ```ts
 * import {
 *   PerMessageDeflateResponse,
 *   PerMessageDeflateResponseAccept,
 * } from "@autobahn/autobahn/websocket";
 *
 * const response = PerMessageDeflateResponse.parse({ client_no_context_takeover: true });
 * const accept = new PerMessageDeflateResponseAccept(response);
 * if (!accept.noContextTakeover) throw new Error("the server requires no context takeover");
 * ```
 */
export class PerMessageDeflateResponseAccept {
  /** The accepted response. */
  readonly response: PerMessageDeflateResponse;
  /** The client resets its compression window per message. */
  readonly noContextTakeover: boolean;
  /** The client's compression window bits, or 0 for the largest allowed. */
  readonly windowBits: number;

  /**
   * Accepts a response.
   *
   * @throws {RangeError} on `noContextTakeover: false` against a required
   *   `client_no_context_takeover`, or `windowBits` above the answered limit.
   */
  constructor(
    response: PerMessageDeflateResponse,
    options: PerMessageDeflateResponseAcceptOptions = {},
  ) {
    const what = "Cannot accept response";
    if (options.noContextTakeover === false && response.clientNoContextTakeover) {
      throw new RangeError(`${what}: the server requested client_no_context_takeover`);
    }
    const wb = options.windowBits ?? 0;
    checkWindowBits(what, wb, true);
    if (wb && response.clientMaxWindowBits && wb > response.clientMaxWindowBits) {
      throw new RangeError(
        `${what}: the server requested client_max_window_bits=${response.clientMaxWindowBits}`,
      );
    }
    this.response = response;
    this.noContextTakeover = options.noContextTakeover ?? response.clientNoContextTakeover;
    this.windowBits = wb;
  }
}

/**
 * A server's accept callback: choose one offer, or `null` to decline them all.
 *
 * @example Accepting only offers that let us limit the client's window
 * ```ts
 * import {
 *   negotiatePerMessageDeflateServer,
 *   parseExtensions,
 *   type PerMessageCompressionAcceptServer,
 *   PerMessageDeflateOfferAccept,
 * } from "@autobahn/autobahn/websocket";
 *
 * const accept: PerMessageCompressionAcceptServer = (offers) => {
 *   const offer = offers.find((o) => o.acceptMaxWindowBits);
 *   return offer ? new PerMessageDeflateOfferAccept(offer, { requestMaxWindowBits: 12 }) : null;
 * };
 * const none = negotiatePerMessageDeflateServer(parseExtensions("permessage-deflate"), accept);
 * if (none !== null) throw new Error("expected no compression");
 * ```
 */
export type PerMessageCompressionAcceptServer = (
  offers: PerMessageDeflateOffer[],
) => PerMessageDeflateOfferAccept | null | undefined;

/**
 * A client's accept callback: vet the server's response, or `null` to fail.
 *
 * @example Using no context takeover on our side
 * ```ts
 * import {
 *   negotiatePerMessageDeflateClient,
 *   parseExtensions,
 *   type PerMessageCompressionAcceptClient,
 *   PerMessageDeflateOffer,
 *   PerMessageDeflateResponseAccept,
 * } from "@autobahn/autobahn/websocket";
 *
 * const accept: PerMessageCompressionAcceptClient = (response) =>
 *   new PerMessageDeflateResponseAccept(response, { noContextTakeover: true });
 * const offers = [new PerMessageDeflateOffer()];
 * const codec = negotiatePerMessageDeflateClient(offers, parseExtensions("permessage-deflate"), accept);
 * if (!codec?.params.compressNoContextTakeover) throw new Error("expected no context takeover");
 * ```
 */
export type PerMessageCompressionAcceptClient = (
  response: PerMessageDeflateResponse,
) => PerMessageDeflateResponseAccept | null | undefined;

/**
 * The outcome of a server's negotiation.
 *
 * @example What a server answers and uses
 * ```ts
 * import {
 *   negotiatePerMessageDeflateServer,
 *   parseExtensions,
 *   type ServerDeflateNegotiation,
 * } from "@autobahn/autobahn/websocket";
 *
 * const offers = parseExtensions("permessage-deflate; server_no_context_takeover");
 * const result: ServerDeflateNegotiation | null = negotiatePerMessageDeflateServer(offers);
 * if (result?.response !== "permessage-deflate; server_no_context_takeover") {
 *   throw new Error(result?.response);
 * }
 * ```
 */
export interface ServerDeflateNegotiation {
  /** The chosen acceptance. */
  readonly accept: PerMessageDeflateOfferAccept;
  /** The `Sec-WebSocket-Extensions` element to answer. */
  readonly response: string;
  /** The codec to hand to the engine. */
  readonly deflate: PerMessageDeflate;
}

/**
 * The valid permessage-deflate offers among a request's extensions, in the
 * client's order; invalid ones are declined, i.e. left out (RFC 7692 §5.1).
 *
 * @example Invalid offers are left out
 * ```ts
 * import { parseExtensions, parsePerMessageDeflateOffers } from "@autobahn/autobahn/websocket";
 *
 * const extensions = parseExtensions(
 *   "permessage-deflate; server_max_window_bits=20, permessage-deflate, x-other",
 * );
 * const offers = parsePerMessageDeflateOffers(extensions);
 * if (offers.length !== 1) throw new Error(`${offers.length} offers`);
 * ```
 */
export function parsePerMessageDeflateOffers(
  extensions: readonly ExtensionOffer[],
): PerMessageDeflateOffer[] {
  const out: PerMessageDeflateOffer[] = [];
  for (const e of extensions) {
    if (e.name !== NAME) continue;
    try {
      out.push(PerMessageDeflateOffer.parse(e.params));
    } catch (err) {
      if (!(err instanceof DeflateNegotiationError)) throw err;
    }
  }
  return out;
}

/**
 * Server side: picks an offer (by default the first valid one) and returns the
 * response element and codec, or `null` to go on without compression.
 *
 * @example
 * ```ts
 * import { negotiatePerMessageDeflateServer, parseExtensions } from "@autobahn/autobahn/websocket";
 * const offers = parseExtensions("permessage-deflate; client_max_window_bits");
 * const result = negotiatePerMessageDeflateServer(offers);
 * result?.response; // "permessage-deflate"
 * ```
 */
export function negotiatePerMessageDeflateServer(
  extensions: readonly ExtensionOffer[],
  accept: PerMessageCompressionAcceptServer = (offers) =>
    offers.length > 0 ? new PerMessageDeflateOfferAccept(offers[0]!) : null,
  codecOptions: PerMessageDeflateCodecOptions = {},
): ServerDeflateNegotiation | null {
  const offers = parsePerMessageDeflateOffers(extensions);
  if (offers.length === 0) return null;
  const chosen = accept(offers);
  if (!chosen) return null;
  return { accept: chosen, response: chosen.toString(), deflate: chosen.createCodec(codecOptions) };
}

/**
 * Client side: the `Sec-WebSocket-Extensions` elements to send for the
 * offers, in order of preference.
 *
 * @example The offers a client sends
 * ```ts
 * import {
 *   formatPerMessageDeflateOffers,
 *   PerMessageDeflateOffer,
 * } from "@autobahn/autobahn/websocket";
 *
 * const header = formatPerMessageDeflateOffers([
 *   new PerMessageDeflateOffer({ requestNoContextTakeover: true }),
 *   new PerMessageDeflateOffer(),
 * ]).join(", ");
 * if (!header.startsWith("permessage-deflate; client_max_window_bits; server_no_context")) {
 *   throw new Error(header);
 * }
 * ```
 */
export function formatPerMessageDeflateOffers(
  offers: readonly PerMessageDeflateOffer[],
): string[] {
  return offers.map((o) => o.toString());
}

/**
 * Client side: checks the server's response against our offers and returns
 * the codec, or `null` when the server did not accept permessage-deflate.
 *
 * @throws {DeflateNegotiationError} when the response is malformed, repeats
 *   the extension, answers none of our offers, or `accept` returned `null`:
 *   the client fails the connection (RFC 7692 §5.2).
 *
 * @example Turning the server's answer into a codec
 * ```ts
 * import {
 *   negotiatePerMessageDeflateClient,
 *   parseExtensions,
 *   PerMessageDeflateOffer,
 * } from "@autobahn/autobahn/websocket";
 *
 * const offers = [new PerMessageDeflateOffer()];
 * const answer = parseExtensions("permessage-deflate; client_max_window_bits=10");
 * const codec = negotiatePerMessageDeflateClient(offers, answer);
 * if (codec?.params.compressWindowBits !== 10) throw new Error("window not limited");
 * ```
 */
export function negotiatePerMessageDeflateClient(
  offers: readonly PerMessageDeflateOffer[],
  extensions: readonly ExtensionOffer[],
  accept: PerMessageCompressionAcceptClient = (r) => new PerMessageDeflateResponseAccept(r),
  codecOptions: PerMessageDeflateCodecOptions = {},
): PerMessageDeflate | null {
  const elements = extensions.filter((e) => e.name === NAME);
  if (elements.length === 0) return null;
  if (elements.length > 1 || offers.length === 0) {
    throw new DeflateNegotiationError(
      "Cannot accept permessage-deflate response: not one answer to our offers",
    );
  }
  const response = PerMessageDeflateResponse.parse(elements[0]!.params);
  const offer = offers.find((o) => response.answers(o));
  if (!offer) {
    throw new DeflateNegotiationError(
      "Cannot accept permessage-deflate response: it answers none of our offers",
    );
  }
  const chosen = accept(response);
  if (!chosen) {
    throw new DeflateNegotiationError("Cannot accept permessage-deflate response: declined");
  }
  return new PerMessageDeflate({
    ...codecOptions,
    // §7.1.1.2: offering client_no_context_takeover promises not to use it.
    compressNoContextTakeover: chosen.noContextTakeover || offer.acceptNoContextTakeover,
    compressWindowBits: minBits(
      chosen.windowBits,
      response.clientMaxWindowBits,
      offer.clientMaxWindowBits,
    ),
    decompressNoContextTakeover: response.serverNoContextTakeover,
    decompressWindowBits: minBits(response.serverMaxWindowBits),
  });
}
