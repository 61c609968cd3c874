// Shared helpers for the sans-I/O core tests: an event recorder around WebSocketProtocolCore.
import {
  type CloseInfo,
  WebSocketProtocolCore,
  type WebSocketRole,
} from "../../src/websocket/protocol.ts";
import {
  type ClientOptions,
  resolveOptions,
  type ServerOptions,
} from "../../src/websocket/options.ts";
import { concatBytes } from "../../src/util/bytes.ts";

export type CoreEvent =
  | { type: "message"; binary: boolean; data: Uint8Array }
  | { type: "ping"; data: Uint8Array }
  | { type: "pong"; data: Uint8Array }
  | { type: "closeFrame"; code: number | null; reason: string }
  | { type: "closed"; info: CloseInfo };

export interface Recorder {
  core: WebSocketProtocolCore;
  events: CoreEvent[];
  /** Everything the core queued for the wire so far, concatenated. */
  output(): Uint8Array;
}

export function recorder(
  role: WebSocketRole,
  options: ServerOptions | ClientOptions = {},
  onMessage?: (core: WebSocketProtocolCore, data: Uint8Array, binary: boolean) => void,
): Recorder {
  const events: CoreEvent[] = [];
  const out: Uint8Array[] = [];
  const core: WebSocketProtocolCore = new WebSocketProtocolCore(role, {
    onMessage(data, binary) {
      events.push({ type: "message", binary, data });
      onMessage?.(core, data, binary);
    },
    onPing: (data) => events.push({ type: "ping", data }),
    onPong: (data) => events.push({ type: "pong", data }),
    onCloseFrame: (code, reason) => events.push({ type: "closeFrame", code, reason }),
    onClosed: (info) => events.push({ type: "closed", info }),
  }, resolveOptions(role, options));
  return {
    core,
    events,
    output() {
      out.push(...core.takeOutput());
      return concatBytes(out.length ? out : [new Uint8Array(0)]);
    },
  };
}

/** Feeds `bytes` to a fresh core in the given chunk sizes (cycling). */
export function feedChunked(r: Recorder, bytes: Uint8Array, cuts: number[]): void {
  let pos = 0;
  for (const c of cuts) {
    if (pos >= bytes.length) break;
    r.core.receiveData(bytes.subarray(pos, Math.min(bytes.length, c)));
    pos = Math.min(bytes.length, c);
  }
  if (pos < bytes.length) r.core.receiveData(bytes.subarray(pos));
}

/** A comparable summary of events (close info without the error object identity). */
export function summary(events: CoreEvent[]): unknown[] {
  return events.map((e) => {
    if (e.type === "closed") {
      return {
        type: "closed",
        wasClean: e.info.wasClean,
        code: e.info.code,
        errorCode: e.info.error?.closeCode ?? null,
      };
    }
    return e;
  });
}

/** Builds a masked frame (as a client sends) with a fixed key. */
export function maskedFrame(
  opcode: number,
  payload: Uint8Array,
  fin = true,
  rsv = 0,
  key = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]),
): Uint8Array {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const out = new Uint8Array(2 + ext + 4 + len);
  out[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  let o = 2;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65536) {
    out[1] = 0x80 | 126;
    out[2] = len >> 8;
    out[3] = len & 255;
    o = 4;
  } else {
    out[1] = 0x80 | 127;
    new DataView(out.buffer).setBigUint64(2, BigInt(len));
    o = 10;
  }
  out.set(key, o);
  o += 4;
  for (let i = 0; i < len; i++) out[o + i] = payload[i]! ^ key[i & 3]!;
  return out;
}

/** An unmasked frame (as a server sends). */
export function plainFrame(opcode: number, payload: Uint8Array, fin = true, rsv = 0): Uint8Array {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const out = new Uint8Array(2 + ext + len);
  out[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  if (len < 126) out[1] = len;
  else if (len < 65536) {
    out[1] = 126;
    out[2] = len >> 8;
    out[3] = len & 255;
  } else {
    out[1] = 127;
    new DataView(out.buffer).setBigUint64(2, BigInt(len));
  }
  out.set(payload, 2 + ext);
  return out;
}
