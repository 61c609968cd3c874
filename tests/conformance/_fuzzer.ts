// A minimal fuzzing peer modelled on the Autobahn TestSuite's fuzzer: it speaks
// RFC 6455 over a raw Deno socket, sends exact bytes (any opcode, RSV bits,
// fragmentation, chops with or without pauses, bad close payloads), records
// what comes back, and judges the outcome the way the real suite does. It is
// independent of src/websocket on purpose: the engine must not grade itself.

/** An event the fuzzer observed (the suite's `received` list). */
export type FuzzEvent =
  | { readonly type: "message"; readonly data: Uint8Array; readonly binary: boolean }
  | { readonly type: "ping"; readonly data: Uint8Array }
  | { readonly type: "pong"; readonly data: Uint8Array }
  | { readonly type: "timeout"; readonly tag: string };

/** The suite's outcome names. */
export type Behavior =
  | "OK"
  | "NON-STRICT"
  | "FAILED"
  | "WRONG CODE"
  | "UNCLEAN"
  | "FAILED BY CLIENT"
  | "INFORMATIONAL"
  | "UNIMPLEMENTED";

/** What the case expects of the close (the suite's `expectedClose`). */
export interface ExpectedClose {
  /** True when the fuzzer must be the one that sent the first close frame. */
  readonly closedByMe: boolean;
  /** Close codes accepted from the peer (a close without a code always passes). */
  readonly closeCode: readonly number[];
  /** True when the close handshake must have completed. */
  readonly requireClean: boolean;
}

/** The judged result of one case run. */
export interface CaseOutcome {
  behavior: Behavior;
  behaviorClose: Behavior;
  received: FuzzEvent[];
  remoteCloseCode: number | null;
  closedByMe: boolean;
  droppedByMe: boolean;
  wasClean: boolean;
  violations: string[];
  durationMs: number;
}

/** One frame as the fuzzer sends it. */
export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  rsv?: number;
  /** Repeat `payload` up to this many bytes (the suite's `payload_len`). */
  payloadLen?: number;
  /** Write the frame in pieces of this many bytes. */
  chopsize?: number;
  /** Pause after each write so pieces travel as separate TCP segments. */
  sync?: boolean;
}

const enc = new TextEncoder();
const STATE_OPEN = 1;
const STATE_CLOSING = 2;
const STATE_CLOSED = 3;
/** How long the fuzzer (as client) waits for the server to drop TCP after the close handshake. */
const SERVER_DROP_WAIT_MS = 500;
/** How long the fuzzer waits for a close reply after sending a close. */
const CLOSE_HANDSHAKE_WAIT_MS = 1000;

/** UTF-8 bytes of a string, or the bytes themselves. */
export function toBytes(p: Uint8Array | string | undefined): Uint8Array {
  if (p === undefined) return new Uint8Array(0);
  return typeof p === "string" ? enc.encode(p) : p;
}

/** Builds one frame; masked with a random key when `mask` is true (a client's frames). */
export function buildFrame(
  opcode: number,
  payload: Uint8Array,
  mask: boolean,
  fin = true,
  rsv = 0,
): Uint8Array {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const out = new Uint8Array(2 + ext + (mask ? 4 : 0) + len);
  out[0] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  out[1] = (mask ? 0x80 : 0) | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) {
    out[2] = len >> 8;
    out[3] = len & 0xff;
  } else if (ext === 8) {
    new DataView(out.buffer).setBigUint64(2, BigInt(len));
  }
  let o = 2 + ext;
  if (mask) {
    const key = crypto.getRandomValues(new Uint8Array(4));
    out.set(key, o);
    o += 4;
    out.set(payload, o);
    for (let i = 0; i < len; i++) out[o + i]! ^= key[i & 3]!;
  } else {
    out.set(payload, o);
  }
  return out;
}

/** `payload` repeated to exactly `len` bytes. */
export function repeatTo(payload: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (payload.length === 0) return out;
  for (let o = 0; o < len; o += payload.length) {
    out.set(payload.subarray(0, Math.min(payload.length, len - o)), o);
  }
  return out;
}

/** A close frame payload: 2-byte code and raw reason bytes (no validation: we fuzz). */
export function closePayload(code?: number, reason?: Uint8Array | string): Uint8Array {
  if (code === undefined) return new Uint8Array(0);
  const r = toBytes(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = (code >> 8) & 0xff;
  out[1] = code & 0xff;
  out.set(r, 2);
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The behaviour of one case: what it sends on open and how it judges. */
export interface CaseScript {
  /** Called once the connection is open: set expectations, send frames. */
  onOpen(p: FuzzingPeer): void;
  /** Takes an event before it is recorded; return true to consume it (9.7/9.8). */
  onEvent?(p: FuzzingPeer, ev: FuzzEvent): boolean;
  /** Adjusts the verdict after the connection is lost (7.x, 7.1.6, 7.13, 10.1.1). */
  judge?(p: FuzzingPeer, o: CaseOutcome): void;
  /** Never start the closing handshake on a match (cases that close by hand). */
  suppressClose?: boolean;
}

/**
 * The fuzzing end of one connection, after the opening handshake. `isServer`
 * is the fuzzer's own role: as a client it masks its frames and expects the
 * server to drop TCP; as a server it drops TCP itself after the close handshake.
 */
export class FuzzingPeer {
  readonly isServer: boolean;
  readonly received: FuzzEvent[] = [];
  expected: Partial<Record<Behavior, FuzzEvent[]>> = {};
  expectedClose: ExpectedClose = { closedByMe: true, closeCode: [1000], requireClean: true };
  /** Frames sent, per opcode (the suite's txFrameStats). */
  readonly txFrames = new Map<number, number>();
  state = STATE_OPEN;
  closedByMe = false;
  droppedByMe = false;
  wasClean = false;
  remoteCloseCode: number | null = null;
  readonly violations: string[] = [];

  readonly #conn: Deno.Conn;
  readonly #script: CaseScript;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #tx: Promise<void> = Promise.resolve();
  #transportClosed = false;
  readonly #started = performance.now();
  // receive side
  #buf = new Uint8Array(0);
  #msgOpcode = -1;
  #msgParts: Uint8Array[] = [];
  #msgSize = 0;
  readonly #done: Promise<CaseOutcome>;

  constructor(conn: Deno.Conn, isServer: boolean, script: CaseScript, rest: Uint8Array) {
    this.#conn = conn;
    this.isServer = isServer;
    this.#script = script;
    this.#done = this.#run(rest);
  }

  /** Resolves with the judged outcome once the TCP connection is gone. */
  get outcome(): Promise<CaseOutcome> {
    return this.#done;
  }

  async #run(rest: Uint8Array): Promise<CaseOutcome> {
    this.#script.onOpen(this);
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
    this.state = STATE_CLOSED;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#tx;
    return this.#judge();
  }

  // ------------------------------------------------------------- sending

  /** Sends one frame as specified (the suite's `sendFrame`). */
  sendFrame(spec: FrameSpec): void {
    let payload = toBytes(spec.payload);
    if (spec.payloadLen !== undefined) payload = repeatTo(payload, spec.payloadLen);
    const frame = buildFrame(spec.opcode, payload, !this.isServer, spec.fin ?? true, spec.rsv ?? 0);
    this.txFrames.set(spec.opcode, (this.txFrames.get(spec.opcode) ?? 0) + 1);
    this.sendRaw(frame, spec.chopsize, spec.sync);
  }

  /** The bytes of one final frame as this peer sends it (masked when the fuzzer is a client). */
  buildFrame(opcode: number, payload: Uint8Array): Uint8Array {
    return buildFrame(opcode, payload, !this.isServer);
  }

  /** Writes raw bytes, in chops if asked, in order with everything else. */
  sendRaw(bytes: Uint8Array, chopsize?: number, sync = false): void {
    this.#tx = this.#tx.then(async () => {
      if (this.#transportClosed) return;
      try {
        const step = chopsize && chopsize > 0 ? chopsize : bytes.length;
        for (let o = 0; o < bytes.length; o += step) {
          if (this.#transportClosed) return;
          await writeAll(this.#conn, bytes.subarray(o, Math.min(bytes.length, o + step)));
          if (sync) await delay(2);
        }
      } catch {
        // The peer is gone; the read loop notices.
      }
    });
  }

  /** Sends a message in one frame, or in frames of `fragmentSize` bytes. */
  sendMessage(payload: Uint8Array | string, binary: boolean, fragmentSize = 0): void {
    const data = toBytes(payload);
    const opcode = binary ? 2 : 1;
    if (fragmentSize <= 0 || data.length <= fragmentSize) {
      this.sendFrame({ opcode, payload: data });
      return;
    }
    for (let o = 0; o < data.length; o += fragmentSize) {
      const end = Math.min(data.length, o + fragmentSize);
      this.sendFrame({
        opcode: o === 0 ? opcode : 0,
        payload: data.subarray(o, end),
        fin: end === data.length,
      });
    }
  }

  /**
   * Starts the closing handshake with any code and raw reason (the suite's
   * `sendCloseFrame`); only in the OPEN state, like the suite.
   */
  sendClose(code?: number, reason?: Uint8Array | string): void {
    this.sendClosePayload(closePayload(code, reason));
  }

  /** Starts the closing handshake with exactly these close payload bytes (may be malformed). */
  sendClosePayload(payload: Uint8Array): void {
    if (this.state !== STATE_OPEN) return;
    this.sendFrame({ opcode: 8, payload });
    this.state = STATE_CLOSING;
    this.closedByMe = true;
    this.#later(CLOSE_HANDSHAKE_WAIT_MS, () => {
      if (this.state === STATE_CLOSING && !this.wasClean) this.#drop();
    });
  }

  /** Fails the connection after `s` seconds if still up (the suite's `killAfter`). */
  killAfter(s: number): void {
    this.#later(s * 1000, () => this.failConnection());
  }

  /** Starts the closing handshake after `s` seconds (the suite's `closeAfter`). */
  closeAfter(s: number): void {
    this.#later(s * 1000, () => this.sendClose(1000));
  }

  /** Runs `fn` after `s` seconds unless the connection is gone. */
  continueLater(s: number, fn: () => void): void {
    this.#later(s * 1000, fn);
  }

  /** Fails the connection: a 1001 close when open, a drop when closing. */
  failConnection(): void {
    if (this.state === STATE_OPEN) this.sendClose(1001, "Going away");
    else if (this.state === STATE_CLOSING) this.#drop();
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (this.state !== STATE_CLOSED) fn();
    }, ms);
    this.#timers.add(t);
  }

  #drop(): void {
    if (this.#transportClosed) return;
    this.droppedByMe = true;
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

  // ----------------------------------------------------------- receiving

  #feed(chunk: Uint8Array): void {
    if (this.#buf.length) {
      const b = new Uint8Array(this.#buf.length + chunk.length);
      b.set(this.#buf);
      b.set(chunk, this.#buf.length);
      this.#buf = b;
    } else {
      this.#buf = chunk.slice();
    }
    for (;;) {
      const b = this.#buf;
      if (b.length < 2) return;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let h = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = (b[2]! << 8) | b[3]!;
        h = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(2));
        h = 10;
      }
      if (masked) h += 4;
      if (b.length < h + len) return;
      const payload = b.slice(h, h + len);
      if (masked) {
        const k = b.subarray(h - 4, h);
        for (let i = 0; i < len; i++) payload[i]! ^= k[i & 3]!;
      }
      this.#buf = b.subarray(h + len);
      // RFC 6455 §5.1: clients mask every frame, servers never do.
      if (masked !== this.isServer) {
        this.violations.push(
          `frame ${masked ? "masked" : "unmasked"} by the ${this.isServer ? "client" : "server"}`,
        );
      }
      if ((b[0]! & 0x70) !== 0) this.violations.push("frame with RSV bits set");
      this.#frame((b[0]! & 0x80) !== 0, b[0]! & 0x0f, payload);
      if (this.#transportClosed) return;
    }
  }

  #frame(fin: boolean, opcode: number, payload: Uint8Array): void {
    if (this.state === STATE_CLOSED) return;
    if (opcode === 8) return this.#onClose(payload);
    if (opcode === 9) {
      if (this.state === STATE_OPEN) this.sendFrame({ opcode: 10, payload });
      return this.#event({ type: "ping", data: payload });
    }
    if (opcode === 10) return this.#event({ type: "pong", data: payload });
    if (opcode === 1 || opcode === 2) {
      if (this.#msgOpcode >= 0) this.violations.push("new message inside a fragmented one");
      this.#msgOpcode = opcode;
      this.#msgParts = [];
      this.#msgSize = 0;
    } else if (opcode !== 0 || this.#msgOpcode < 0) {
      this.violations.push(`unexpected opcode ${opcode}`);
      return;
    }
    this.#msgParts.push(payload);
    this.#msgSize += payload.length;
    if (!fin) return;
    const data = concat(this.#msgParts, this.#msgSize);
    const binary = this.#msgOpcode === 2;
    this.#msgOpcode = -1;
    this.#msgParts = [];
    this.#event({ type: "message", data, binary });
  }

  #onClose(payload: Uint8Array): void {
    let code: number | null = null;
    if (payload.length === 1) this.violations.push("close frame with a 1-byte payload");
    if (payload.length >= 2) {
      code = (payload[0]! << 8) | payload[1]!;
      if (code === 1005 || code === 1006 || code === 1015 || code < 1000) {
        this.violations.push(`close code ${code} sent on the wire`);
      }
    }
    this.remoteCloseCode = code;
    if (this.state === STATE_CLOSING) {
      this.wasClean = true;
      if (this.isServer) this.#drop();
      else {
        // RFC 6455 §7.1.1: the server closes TCP first; wait for it, then give up.
        this.#later(SERVER_DROP_WAIT_MS, () => {
          this.wasClean = false;
          this.#drop();
        });
      }
    } else if (this.state === STATE_OPEN) {
      this.wasClean = true;
      this.sendFrame({ opcode: 8, payload: closePayload(1000) });
      this.state = STATE_CLOSING;
      if (this.isServer) this.#tx = this.#tx.then(() => this.#drop());
      else this.#later(SERVER_DROP_WAIT_MS, () => this.#drop());
    }
  }

  #event(ev: FuzzEvent): void {
    if (this.#script.onEvent?.(this, ev)) return;
    this.received.push(ev);
    this.finishWhenDone();
  }

  /** Starts the closing handshake once the events match every expected outcome. */
  finishWhenDone(): void {
    for (const exp of Object.values(this.expected)) {
      if (!sameEvents(this.received, exp!)) return;
    }
    if (this.expectedClose.closedByMe && !this.#script.suppressClose) {
      this.sendClose(this.expectedClose.closeCode[0]);
    }
  }

  #judge(): CaseOutcome {
    const o: CaseOutcome = {
      behavior: "FAILED",
      behaviorClose: "FAILED",
      received: this.received,
      remoteCloseCode: this.remoteCloseCode,
      closedByMe: this.closedByMe,
      droppedByMe: this.droppedByMe,
      wasClean: this.wasClean,
      violations: this.violations,
      durationMs: Math.round(performance.now() - this.#started),
    };
    for (const [name, exp] of Object.entries(this.expected)) {
      if (sameEvents(this.received, exp!)) {
        o.behavior = name as Behavior;
        break;
      }
    }
    const ec = this.expectedClose;
    if (ec.closedByMe !== this.closedByMe) o.behaviorClose = "FAILED";
    else if (ec.requireClean && !this.wasClean) o.behaviorClose = "UNCLEAN";
    else if (this.remoteCloseCode !== null && !ec.closeCode.includes(this.remoteCloseCode)) {
      o.behaviorClose = "WRONG CODE";
    } else if (!this.isServer && this.droppedByMe) o.behaviorClose = "FAILED BY CLIENT";
    else o.behaviorClose = "OK";
    if (this.violations.length) o.behavior = "FAILED";
    this.#script.judge?.(this, o);
    return o;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Event lists compared exactly (type, payload bytes, binary flag, tag). */
export function sameEvents(a: readonly FuzzEvent[], b: readonly FuzzEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type) return false;
    if (x.type === "timeout") {
      if (x.tag !== (y as typeof x).tag) return false;
    } else if (!sameBytes(x.data, (y as typeof x).data)) return false;
    else if (x.type === "message" && x.binary !== (y as typeof x).binary) return false;
  }
  return true;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let o = 0;
  while (o < bytes.length) o += await conn.write(bytes.subarray(o));
}

// ------------------------------------------------------------- handshakes

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

async function acceptKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", enc.encode(key + GUID));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
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
        return {
          head: new TextDecoder().decode(acc.subarray(0, j + 1)),
          rest: acc.slice(j + 1),
        };
      }
    }
  }
  throw new Error("Cannot read handshake: head too long");
}

function header(head: string, name: string): string | undefined {
  for (const line of head.split("\r\n").slice(1)) {
    const i = line.indexOf(":");
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === name) return line.slice(i + 1).trim();
  }
  return undefined;
}

/** Connects to a WebSocket server as the fuzzing client and runs `script`. */
export async function fuzzServer(port: number, script: CaseScript): Promise<CaseOutcome> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await writeAll(
      conn,
      enc.encode(
        `GET /runCase HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    const { head, rest } = await readHead(conn);
    if (!head.startsWith("HTTP/1.1 101")) throw new Error(`Handshake refused: ${head}`);
    if (header(head, "sec-websocket-accept") !== await acceptKey(key)) {
      throw new Error("Handshake failed: wrong Sec-WebSocket-Accept");
    }
    return await new FuzzingPeer(conn, false, script, rest).outcome;
  } catch (err) {
    try {
      conn.close();
    } catch {
      // Already closed by the peer.
    }
    throw err;
  }
}

/** Accepts one connection on `listener` as the fuzzing server and runs `script`. */
export async function fuzzClient(
  listener: Deno.Listener,
  script: CaseScript,
): Promise<CaseOutcome> {
  const conn = await listener.accept();
  try {
    const { head, rest } = await readHead(conn);
    const key = header(head, "sec-websocket-key");
    if (!key) throw new Error("Handshake failed: no Sec-WebSocket-Key");
    await writeAll(
      conn,
      enc.encode(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          `Sec-WebSocket-Accept: ${await acceptKey(key)}\r\n\r\n`,
      ),
    );
    return await new FuzzingPeer(conn, true, script, rest).outcome;
  } catch (err) {
    try {
      conn.close();
    } catch {
      // Already closed by the peer.
    }
    throw err;
  }
}

/** The compact verdict stored in expected.json: behaviour, plus the close verdict when not OK. */
export function verdict(o: CaseOutcome): string {
  if (o.behaviorClose === "OK" || o.behaviorClose === o.behavior) return o.behavior;
  return `${o.behavior} / close ${o.behaviorClose}`;
}
