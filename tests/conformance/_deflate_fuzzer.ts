// A fuzzing peer for the compression sections (Autobahn TestSuite 12 and 13).
// It negotiates permessage-deflate (RFC 7692) on a raw Deno socket, with its
// own pako-based codec that honours the negotiated parameters exactly (a
// window of N bits, a fresh context per message where context takeover is
// off), plays the echo cases and judges them like the suite's case12_x_x.py.
// It shares no code with src/websocket: the engine must not grade itself.
import { Deflate, Inflate, Z_SYNC_FLUSH } from "pako";
import { type Behavior, buildFrame, type CaseOutcome, closePayload } from "./_fuzzer.ts";

const enc = new TextEncoder();
/** RFC 7692 §7.2.1: a sync flush ends with these 4 octets; the sender removes them. */
const TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
const STATE_OPEN = 1;
const STATE_CLOSING = 2;
const STATE_CLOSED = 3;
/** As in _fuzzer.ts: the wait for a close reply, and (as a client) for the server's TCP drop. */
const CLOSE_HANDSHAKE_WAIT_MS = 1000;
const SERVER_DROP_WAIT_MS = 500;

// ------------------------------------------------------------- negotiation

/** A client's offer, in the suite's terms (`PerMessageDeflateOffer`). */
export interface DeflateOffer {
  /** Offer `client_no_context_takeover` (the suite's default: true). */
  readonly acceptNoContextTakeover: boolean;
  /** Offer `client_max_window_bits` without a value (the suite's default: true). */
  readonly acceptMaxWindowBits: boolean;
  /** Offer `server_no_context_takeover`. */
  readonly requestNoContextTakeover: boolean;
  /** Offer `server_max_window_bits=N`; 0 does not. */
  readonly requestMaxWindowBits: number;
}

/** The negotiated parameters: one accepted permessage-deflate response (RFC 7692 §7.1). */
export interface DeflateParams {
  readonly serverNoContextTakeover: boolean;
  readonly clientNoContextTakeover: boolean;
  /** `server_max_window_bits`, or 0 when absent (15). */
  readonly serverMaxWindowBits: number;
  /** `client_max_window_bits` answered with a value, or 0 when absent (15). */
  readonly clientMaxWindowBits: number;
}

/** The suite's fuzzing server accept callback: chooses among the offers, or declines (null). */
export type DeflateAccept = (offers: readonly DeflateOffer[]) => DeflateParams | null;

/** A suite default offer with some fields changed. */
export function offer(request: Partial<DeflateOffer> = {}): DeflateOffer {
  return {
    acceptNoContextTakeover: true,
    acceptMaxWindowBits: true,
    requestNoContextTakeover: false,
    requestMaxWindowBits: 0,
    ...request,
  };
}

/** An offer as a `Sec-WebSocket-Extensions` element. */
export function formatOffer(o: DeflateOffer): string {
  let s = "permessage-deflate";
  if (o.acceptNoContextTakeover) s += "; client_no_context_takeover";
  if (o.acceptMaxWindowBits) s += "; client_max_window_bits";
  if (o.requestNoContextTakeover) s += "; server_no_context_takeover";
  if (o.requestMaxWindowBits) s += `; server_max_window_bits=${o.requestMaxWindowBits}`;
  return s;
}

/** A response as a `Sec-WebSocket-Extensions` element. */
export function formatParams(p: DeflateParams): string {
  let s = "permessage-deflate";
  if (p.serverNoContextTakeover) s += "; server_no_context_takeover";
  if (p.clientNoContextTakeover) s += "; client_no_context_takeover";
  if (p.serverMaxWindowBits) s += `; server_max_window_bits=${p.serverMaxWindowBits}`;
  if (p.clientMaxWindowBits) s += `; client_max_window_bits=${p.clientMaxWindowBits}`;
  return s;
}

/** Splits a `Sec-WebSocket-Extensions` value into elements of name and parameters (RFC 6455 §9.1). */
function parseExtensions(value: string): { name: string; params: [string, string | true][] }[] {
  return value.split(",").map((element) => {
    const [name, ...params] = element.split(";").map((s) => s.trim());
    return {
      name: name!.toLowerCase(),
      params: params.filter((p) => p).map((p): [string, string | true] => {
        const i = p.indexOf("=");
        if (i < 0) return [p.toLowerCase(), true];
        return [
          p.slice(0, i).trim().toLowerCase(),
          p.slice(i + 1).trim().replace(/^"(.*)"$/, "$1"),
        ];
      }),
    };
  }).filter((e) => e.name);
}

const BITS = /^(?:[89]|1[0-5])$/;

/** Reads permessage-deflate parameters; null on an unknown, repeated or malformed one. */
function readParams(params: [string, string | true][]): Map<string, string | true> | null {
  const known = [
    "server_no_context_takeover",
    "client_no_context_takeover",
    "server_max_window_bits",
    "client_max_window_bits",
  ];
  const m = new Map<string, string | true>();
  for (const [k, v] of params) {
    if (!known.includes(k) || m.has(k)) return null;
    if (k.endsWith("takeover") && v !== true) return null;
    if (k === "server_max_window_bits" && (v === true || !BITS.test(v))) return null;
    if (k === "client_max_window_bits" && v !== true && !BITS.test(v)) return null;
    m.set(k, v);
  }
  return m;
}

/** The offers of a client's request header (the fuzzing server's side). */
export function parseOffers(value: string | undefined): DeflateOffer[] {
  if (!value) return [];
  const out: DeflateOffer[] = [];
  for (const e of parseExtensions(value)) {
    if (e.name !== "permessage-deflate") continue;
    const m = readParams(e.params);
    if (!m) continue; // RFC 7692 §5.1: an offer with bad parameters is declined.
    out.push({
      acceptNoContextTakeover: m.has("client_no_context_takeover"),
      acceptMaxWindowBits: m.has("client_max_window_bits"),
      requestNoContextTakeover: m.has("server_no_context_takeover"),
      requestMaxWindowBits: Number(m.get("server_max_window_bits") ?? 0),
    });
  }
  return out;
}

/**
 * The server's response as the fuzzing client reads it: null when there is
 * none, an error string when it is not a valid answer to any of our offers
 * (RFC 7692 §7.1: the client then fails the connection).
 */
export function parseResponse(
  value: string | undefined,
  offers: readonly DeflateOffer[],
): DeflateParams | null | string {
  if (!value) return null;
  const elements = parseExtensions(value);
  if (elements.length !== 1 || elements[0]!.name !== "permessage-deflate") {
    return `unexpected extensions in the response: ${value}`;
  }
  const m = readParams(elements[0]!.params);
  if (!m) return `bad permessage-deflate response: ${value}`;
  const cmwb = m.get("client_max_window_bits");
  if (cmwb === true) return `client_max_window_bits without a value: ${value}`;
  const p: DeflateParams = {
    serverNoContextTakeover: m.has("server_no_context_takeover"),
    clientNoContextTakeover: m.has("client_no_context_takeover"),
    serverMaxWindowBits: Number(m.get("server_max_window_bits") ?? 0),
    clientMaxWindowBits: Number(cmwb ?? 0),
  };
  const fits = offers.some((o) =>
    (!o.requestNoContextTakeover || p.serverNoContextTakeover) &&
    (!o.requestMaxWindowBits ||
      (p.serverMaxWindowBits > 0 && p.serverMaxWindowBits <= o.requestMaxWindowBits)) &&
    (!p.clientMaxWindowBits || o.acceptMaxWindowBits)
  );
  return fits ? p : `response fits none of the offers: ${value}`;
}

// ------------------------------------------------------------------ codec

/** One direction of the fuzzer's own permessage-deflate codec (pako, raw deflate). */
export class FuzzerDeflate {
  readonly #noContextTakeover: boolean;
  readonly #windowBits: number;
  #deflate: Deflate | null = null;
  #inflate: Inflate | null = null;
  #chunks: Uint8Array[] = [];

  /** `windowBits` 0 means 15. */
  constructor(noContextTakeover: boolean, windowBits: number) {
    this.#noContextTakeover = noContextTakeover;
    this.#windowBits = windowBits || 15;
  }

  #collect(): Uint8Array {
    const total = this.#chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of this.#chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.#chunks = [];
    return out;
  }

  /** RFC 7692 §7.2.1: compress, sync flush, remove the trailing 00 00 ff ff. */
  compress(data: Uint8Array): Uint8Array {
    if (!this.#deflate || this.#noContextTakeover) {
      this.#deflate = new Deflate({ raw: true, windowBits: this.#windowBits, chunkSize: 65536 });
      this.#deflate.onData = (c) => this.#chunks.push(c.slice());
    }
    this.#deflate.push(data, Z_SYNC_FLUSH);
    if (this.#deflate.err) throw new Error(`Cannot compress: ${this.#deflate.msg}`);
    const out = this.#collect();
    return out.subarray(0, out.length - TAIL.length);
  }

  /** RFC 7692 §7.2.2: append 00 00 ff ff and inflate; throws on corrupt data. */
  decompress(data: Uint8Array): Uint8Array {
    if (!this.#inflate || this.#noContextTakeover || this.#inflate.ended) {
      // A fresh window: no context takeover, or the peer ended the stream with BFINAL.
      // zlib checks a distance against the window plus this call's output, so
      // small output chunks make the check tight: a peer that uses a larger
      // window than negotiated fails with "invalid distance too far back".
      const chunkSize = Math.max(64, (1 << this.#windowBits) >> 3);
      this.#inflate = new Inflate({ raw: true, windowBits: this.#windowBits, chunkSize });
      this.#inflate.onData = (c) => this.#chunks.push(c.slice());
    }
    const input = new Uint8Array(data.length + TAIL.length);
    input.set(data);
    input.set(TAIL, data.length);
    this.#inflate.push(input, Z_SYNC_FLUSH);
    if (this.#inflate.err) {
      this.#chunks = [];
      throw new Error(`Cannot decompress: ${this.#inflate.msg || this.#inflate.err}`);
    }
    return this.#collect();
  }
}

// ------------------------------------------------------------- the peer

/** What one compression case does, in the suite's terms. */
export interface EchoCaseScript {
  /** The next message to send, or null when all were sent. */
  next(): { data: Uint8Array; binary: boolean } | null;
  /** Split each compressed message into frames of this many octets; 0 does not. */
  readonly autoFragmentSize: number;
  /** Seconds until the fuzzer gives up and closes (the suite's closeAfter). */
  readonly waitSecs: number;
}

/** A compression case outcome: the suite's verdicts plus what was negotiated. */
export interface DeflateCaseOutcome extends CaseOutcome {
  /** The suite's result text. */
  result: string;
  /** The negotiated response, or null. */
  negotiated: string | null;
  /** Messages echoed correctly. */
  echoed: number;
}

/**
 * The fuzzing end of one connection after the opening handshake: sends each
 * message compressed, waits for its echo, checks it, and closes with 1000.
 */
class DeflateFuzzingPeer {
  readonly #conn: Deno.Conn;
  readonly #isServer: boolean;
  readonly #script: EchoCaseScript;
  readonly #tx: FuzzerDeflate | null;
  readonly #rx: FuzzerDeflate | null;
  readonly #negotiated: string | null;
  readonly #started = performance.now();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #violations: string[] = [];
  #writes: Promise<void> = Promise.resolve();
  #state = STATE_OPEN;
  #transportClosed = false;
  #closedByMe = false;
  #droppedByMe = false;
  #wasClean = false;
  #remoteCloseCode: number | null = null;
  #behavior: Behavior = "FAILED";
  #result = "";
  #expected: { data: Uint8Array; binary: boolean } | null = null;
  #echoed = 0;
  // receive side
  #buf: Uint8Array = new Uint8Array(0);
  #msgOpcode = -1;
  #msgCompressed = false;
  #msgParts: Uint8Array[] = [];

  constructor(
    conn: Deno.Conn,
    isServer: boolean,
    script: EchoCaseScript,
    params: DeflateParams | null,
  ) {
    this.#conn = conn;
    this.#isServer = isServer;
    this.#script = script;
    this.#negotiated = params && formatParams(params);
    if (params) {
      // Each end compresses with its own parameters and inflates with the peer's.
      const server = new FuzzerDeflate(params.serverNoContextTakeover, params.serverMaxWindowBits);
      const client = new FuzzerDeflate(params.clientNoContextTakeover, params.clientMaxWindowBits);
      this.#tx = isServer ? server : client;
      this.#rx = isServer ? client : server;
    } else {
      this.#tx = this.#rx = null;
    }
  }

  async run(rest: Uint8Array): Promise<DeflateCaseOutcome> {
    if (!this.#tx) {
      this.#behavior = "UNIMPLEMENTED";
      this.#result = "permessage-deflate was not negotiated";
      this.#sendClose(1000);
    } else {
      this.#result = `Case did not finish within ${this.#script.waitSecs} seconds`;
      this.#later(this.#script.waitSecs * 1000, () => this.#sendClose(1000));
      this.#sendNext();
    }
    if (rest.length) this.#feed(rest);
    const buf = new Uint8Array(256 * 1024);
    try {
      while (!this.#transportClosed) {
        const n = await this.#conn.read(buf);
        if (n === null) break;
        this.#feed(buf.subarray(0, n));
      }
    } catch {
      // Reset by the peer or closed by us.
    }
    this.#closeTransport();
    this.#state = STATE_CLOSED;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#writes;
    return this.#judge();
  }

  #sendNext(): void {
    const m = this.#script.next();
    this.#expected = m;
    if (!m) {
      this.#behavior = "OK";
      this.#result = "Ok, received all echoed messages in time";
      this.#sendClose(1000);
      return;
    }
    const compressed = this.#tx!.compress(m.data);
    const step = this.#script.autoFragmentSize || compressed.length || 1;
    const parts: Uint8Array[] = [];
    for (let o = 0; o === 0 || o < compressed.length; o += step) {
      const end = Math.min(compressed.length, o + step);
      // RFC 7692 §6.1: RSV1 on the first frame of a compressed message only.
      parts.push(
        buildFrame(
          o === 0 ? (m.binary ? 2 : 1) : 0,
          compressed.subarray(o, end),
          !this.#isServer,
          end === compressed.length,
          o === 0 ? 4 : 0,
        ),
      );
    }
    // One write per message, as the suite's buffered transport does (no Nagle stalls).
    this.#write([concat(parts)]);
  }

  #write(parts: Uint8Array[]): void {
    this.#writes = this.#writes.then(async () => {
      try {
        for (const p of parts) {
          let o = 0;
          while (o < p.length && !this.#transportClosed) o += await this.#conn.write(p.subarray(o));
        }
      } catch {
        // The peer is gone; the read loop notices.
      }
    });
  }

  #sendClose(code: number): void {
    if (this.#state !== STATE_OPEN) return;
    this.#write([buildFrame(8, closePayload(code), !this.#isServer)]);
    this.#state = STATE_CLOSING;
    this.#closedByMe = true;
    this.#later(CLOSE_HANDSHAKE_WAIT_MS, () => {
      if (this.#state === STATE_CLOSING && !this.#wasClean) this.#drop();
    });
  }

  #fail(reason: string): void {
    this.#violations.push(reason);
    this.#behavior = "FAILED";
    this.#result = reason;
    this.#sendClose(1002);
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (this.#state !== STATE_CLOSED) fn();
    }, ms);
    this.#timers.add(t);
  }

  #drop(): void {
    if (this.#transportClosed) return;
    this.#droppedByMe = true;
    this.#closeTransport();
  }

  #closeTransport(): void {
    if (this.#transportClosed) return;
    this.#transportClosed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed.
    }
  }

  #feed(chunk: Uint8Array): void {
    let b: Uint8Array;
    if (this.#buf.length) {
      b = new Uint8Array(this.#buf.length + chunk.length);
      b.set(this.#buf);
      b.set(chunk, this.#buf.length);
    } else {
      b = chunk.slice();
    }
    let pos = 0;
    while (!this.#transportClosed) {
      if (b.length - pos < 2) break;
      const b0 = b[pos]!;
      const masked = (b[pos + 1]! & 0x80) !== 0;
      let len = b[pos + 1]! & 0x7f;
      let h = 2;
      if (len === 126) {
        if (b.length - pos < 4) break;
        len = (b[pos + 2]! << 8) | b[pos + 3]!;
        h = 4;
      } else if (len === 127) {
        if (b.length - pos < 10) break;
        len = Number(new DataView(b.buffer, b.byteOffset + pos).getBigUint64(2));
        h = 10;
      }
      if (masked) h += 4;
      if (b.length - pos < h + len) break;
      const payload = b.slice(pos + h, pos + h + len);
      if (masked) {
        const k = b.subarray(pos + h - 4, pos + h);
        for (let i = 0; i < len; i++) payload[i]! ^= k[i & 3]!;
      }
      pos += h + len;
      // RFC 6455 §5.1: clients mask every frame, servers never do.
      if (masked !== this.#isServer) {
        this.#violations.push(
          `frame ${masked ? "masked" : "unmasked"} by the ${this.#isServer ? "client" : "server"}`,
        );
      }
      this.#frame(b0, payload);
    }
    this.#buf = b.subarray(pos);
  }

  #frame(b0: number, payload: Uint8Array): void {
    if (this.#state === STATE_CLOSED) return;
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    if (b0 & 0x30) return this.#fail("frame with RSV2 or RSV3 set");
    if (opcode >= 8) {
      // RFC 7692 §6.1: an endpoint MUST NOT set RSV1 on control frames.
      if (rsv1) return this.#fail("control frame with RSV1 set");
      if (opcode === 8) return this.#onClose(payload);
      if (opcode === 9) {
        if (this.#state === STATE_OPEN) this.#write([buildFrame(10, payload, !this.#isServer)]);
        return;
      }
      if (opcode === 10) return;
      return this.#fail(`unexpected opcode ${opcode}`);
    }
    if (opcode === 1 || opcode === 2) {
      if (this.#msgOpcode >= 0) return this.#fail("new message inside a fragmented one");
      // RFC 7692 §6.1: RSV1 only where permessage-deflate was negotiated.
      if (rsv1 && !this.#rx) return this.#fail("RSV1 set without permessage-deflate");
      this.#msgOpcode = opcode;
      this.#msgCompressed = rsv1;
      this.#msgParts = [];
    } else if (opcode !== 0 || this.#msgOpcode < 0) {
      return this.#fail(`unexpected opcode ${opcode}`);
    } else if (rsv1) {
      // RFC 7692 §6.1: RSV1 is set on the first frame of a message only.
      return this.#fail("continuation frame with RSV1 set");
    }
    this.#msgParts.push(payload);
    if (!fin) return;
    let data = concat(this.#msgParts);
    const binary = this.#msgOpcode === 2;
    const compressed = this.#msgCompressed;
    this.#msgOpcode = -1;
    this.#msgParts = [];
    if (compressed) {
      try {
        data = this.#rx!.decompress(data);
      } catch (err) {
        return this.#fail(`${(err as Error).message} (negotiated: ${this.#negotiated})`);
      }
    }
    this.#onMessage(data, binary);
  }

  #onMessage(data: Uint8Array, binary: boolean): void {
    if (this.#state !== STATE_OPEN) return;
    const exp = this.#expected;
    if (!exp) return this.#fail("message received while none was expected");
    if (binary !== exp.binary) {
      return this.#mismatch(`got binary ${binary}, expected binary ${exp.binary}`);
    }
    if (data.length !== exp.data.length) {
      return this.#mismatch(`got length ${data.length}, expected length ${exp.data.length}`);
    }
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== exp.data[i]) return this.#mismatch(`contents differ at octet ${i}`);
    }
    this.#echoed++;
    this.#sendNext();
  }

  #mismatch(what: string): void {
    this.#behavior = "FAILED";
    this.#result = `Echoed message ${this.#echoed + 1} differs from what I sent: ${what}`;
    this.#sendClose(1000);
  }

  #onClose(payload: Uint8Array): void {
    let code: number | null = null;
    if (payload.length === 1) this.#violations.push("close frame with a 1-byte payload");
    if (payload.length >= 2) code = (payload[0]! << 8) | payload[1]!;
    this.#remoteCloseCode = code;
    if (this.#state === STATE_CLOSING) {
      this.#wasClean = true;
      if (this.#isServer) this.#drop();
      else {
        // RFC 6455 §7.1.1: the server closes TCP first; wait for it, then give up.
        this.#later(SERVER_DROP_WAIT_MS, () => {
          this.#wasClean = false;
          this.#drop();
        });
      }
    } else if (this.#state === STATE_OPEN) {
      this.#wasClean = true;
      this.#write([buildFrame(8, closePayload(1000), !this.#isServer)]);
      this.#state = STATE_CLOSING;
      if (this.#isServer) this.#writes = this.#writes.then(() => this.#drop());
      else this.#later(SERVER_DROP_WAIT_MS, () => this.#drop());
    }
  }

  #judge(): DeflateCaseOutcome {
    let behaviorClose: Behavior;
    // The suite's expectedClose for 12.x/13.x: closedByMe, code 1000, clean.
    if (!this.#closedByMe) behaviorClose = "FAILED";
    else if (!this.#wasClean) behaviorClose = "UNCLEAN";
    else if (this.#remoteCloseCode !== null && this.#remoteCloseCode !== 1000) {
      behaviorClose = "WRONG CODE";
    } else if (!this.#isServer && this.#droppedByMe) behaviorClose = "FAILED BY CLIENT";
    else behaviorClose = "OK";
    return {
      behavior: this.#violations.length ? "FAILED" : this.#behavior,
      behaviorClose,
      received: [],
      remoteCloseCode: this.#remoteCloseCode,
      closedByMe: this.#closedByMe,
      droppedByMe: this.#droppedByMe,
      wasClean: this.#wasClean,
      violations: this.#violations,
      durationMs: Math.round(performance.now() - this.#started),
      result: this.#result,
      negotiated: this.#negotiated,
      echoed: this.#echoed,
    };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ------------------------------------------------------------- handshakes

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

async function acceptKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", enc.encode(key + GUID));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let o = 0;
  while (o < bytes.length) o += await conn.write(bytes.subarray(o));
}

/** Reads an HTTP head (up to the blank line); returns its text and the bytes after it. */
async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array }> {
  let acc = new Uint8Array(0);
  const buf = new Uint8Array(4096);
  for (let i = 0; i < 64; i++) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("Cannot read handshake: connection closed");
    const next = new Uint8Array(acc.length + n);
    next.set(acc);
    next.set(buf.subarray(0, n), acc.length);
    acc = next;
    for (let j = 3; j < acc.length; j++) {
      if (acc[j - 3] === 13 && acc[j - 2] === 10 && acc[j - 1] === 13 && acc[j] === 10) {
        return { head: new TextDecoder().decode(acc.subarray(0, j + 1)), rest: acc.slice(j + 1) };
      }
    }
  }
  throw new Error("Cannot read handshake: head too long");
}

/** All values of a header, joined with ", " (RFC 9110 §5.3). */
function header(head: string, name: string): string | undefined {
  const values: string[] = [];
  for (const line of head.split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === name) {
      values.push(line.slice(i + 1).trim());
    }
  }
  return values.length ? values.join(", ") : undefined;
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed by the peer.
  }
}

/**
 * Connects to a server as the fuzzing client, offers `offers` and plays the
 * case. An invalid response fails the case (behaviour FAILED, TCP dropped).
 */
export async function fuzzDeflateServer(
  port: number,
  offers: readonly DeflateOffer[],
  script: EchoCaseScript,
): Promise<DeflateCaseOutcome> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await writeAll(
      conn,
      enc.encode(
        `GET /runCase HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Extensions: ${offers.map(formatOffer).join(", ")}\r\n\r\n`,
      ),
    );
    const { head, rest } = await readHead(conn);
    if (!head.startsWith("HTTP/1.1 101")) throw new Error(`Handshake refused: ${head}`);
    if (header(head, "sec-websocket-accept") !== await acceptKey(key)) {
      throw new Error("Handshake failed: wrong Sec-WebSocket-Accept");
    }
    const params = parseResponse(header(head, "sec-websocket-extensions"), offers);
    if (typeof params === "string") {
      closeQuietly(conn);
      return failedHandshake(params);
    }
    return await new DeflateFuzzingPeer(conn, false, script, params).run(rest);
  } catch (err) {
    closeQuietly(conn);
    throw err;
  }
}

/**
 * Accepts one connection as the fuzzing server, answers the client's offers
 * with `accept` (no extension when it declines) and plays the case.
 */
export async function fuzzDeflateClient(
  listener: Deno.Listener,
  accept: DeflateAccept,
  script: EchoCaseScript,
): Promise<DeflateCaseOutcome> {
  const conn = await listener.accept();
  try {
    const { head, rest } = await readHead(conn);
    const key = header(head, "sec-websocket-key");
    if (!key) throw new Error("Handshake failed: no Sec-WebSocket-Key");
    const params = accept(parseOffers(header(head, "sec-websocket-extensions")));
    await writeAll(
      conn,
      enc.encode(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          `Sec-WebSocket-Accept: ${await acceptKey(key)}\r\n` +
          (params ? `Sec-WebSocket-Extensions: ${formatParams(params)}\r\n` : "") + "\r\n",
      ),
    );
    return await new DeflateFuzzingPeer(conn, true, script, params).run(rest);
  } catch (err) {
    closeQuietly(conn);
    throw err;
  }
}

function failedHandshake(reason: string): DeflateCaseOutcome {
  return {
    behavior: "FAILED",
    behaviorClose: "FAILED",
    received: [],
    remoteCloseCode: null,
    closedByMe: false,
    droppedByMe: true,
    wasClean: false,
    violations: [reason],
    durationMs: 0,
    result: reason,
    negotiated: null,
    echoed: 0,
  };
}
