// The floor of the client benchmark: the least work any WAMP client on Deno
// can do for the bench's workload. It is not a library and not for use: JSON
// only, no validation, no error handling beyond throwing, no session state but
// a table of pending calls. It speaks just enough WAMP and RFC 6455 for
// bench/client_bench.ts (HELLO, REGISTER, CALL/INVOCATION/YIELD/RESULT,
// SUBSCRIBE, PUBLISH/EVENT, GOODBYE) over one Deno.Conn per session, with
// the I/O pattern of our engine (a write starts at once when none is in
// flight; what queues meanwhile follows in one write) and the native
// JSON.parse/JSON.stringify. Whatever the floor cannot beat Autobahn|JS by
// is the runtime's and the kernel's, not a client library's: see
// bench/CLIENT_RESULTS.md.

/** What bench/client_bench.ts drives. */
export interface FloorClient {
  register(uri: string, fn: (args: unknown[]) => unknown): Promise<void>;
  call(uri: string, args: unknown[]): Promise<unknown>;
  subscribe(uri: string, fn: () => void): Promise<void>;
  publish(uri: string, args: unknown[]): void;
  close(): Promise<void>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Joins `realm` at the router behind `url` (ws://host:port/path) as a floor client. */
export async function connectFloor(url: string, realm: string): Promise<FloorClient> {
  const u = new URL(url);
  const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port) });
  conn.setNoDelay(true);
  await writeAll(
    conn,
    enc.encode(
      `GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: wamp.2.json\r\n\r\n`,
    ),
  );
  // Read the 101 response; keep what follows it.
  let buf = new Uint8Array(65536);
  let len = 0;
  for (;;) {
    const n = await conn.read(buf.subarray(len));
    if (n === null) throw new Error("floor: EOF during the handshake");
    len += n;
    const head = dec.decode(buf.subarray(0, len));
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) continue;
    if (!head.startsWith("HTTP/1.1 101")) throw new Error(`floor: ${head.split("\r\n")[0]}`);
    const rest = enc.encode(head).length - (end + 4); // ASCII header: bytes = chars
    buf.copyWithin(0, len - rest, len);
    len = rest;
    break;
  }

  // --- output: masked text frames (mask key 0), eager write, then batches ---
  let out = new Uint8Array(65536);
  let outLen = 0;
  let writing = false;
  const frame = (text: string) => {
    const need = outLen + 14 + text.length * 3;
    if (need > out.length) {
      const grown = new Uint8Array(Math.max(need, out.length * 2));
      grown.set(out.subarray(0, outLen));
      out = grown;
    }
    // Encode after the longest header, then move it next to the real one.
    const at = outLen + 8;
    const n = enc.encodeInto(text, out.subarray(at)).written;
    let h = outLen;
    out[h++] = 0x81;
    if (n < 126) out[h++] = 0x80 | n;
    else {
      out[h++] = 0x80 | 126;
      out[h++] = n >> 8;
      out[h++] = n & 0xff;
    }
    out[h++] = 0, out[h++] = 0, out[h++] = 0, out[h++] = 0; // mask key 0: payload as is
    out.copyWithin(h, at, at + n);
    outLen = h + n;
  };
  const flush = () => {
    if (writing || outLen === 0) return;
    const chunk = out.slice(0, outLen);
    outLen = 0;
    writing = true;
    writeAll(conn, chunk).then(() => {
      writing = false;
      flush();
    });
  };
  const send = (msg: unknown[]) => {
    frame(JSON.stringify(msg));
    flush();
  };

  // --- input ---
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  const handlers = new Map<number, (args: unknown[]) => unknown>();
  const eventHandlers = new Map<number, () => void>();
  let welcomed: (() => void) | undefined;
  let closed: (() => void) | undefined;
  const onMessage = (m: unknown[]) => {
    switch (m[0] as number) {
      case 50: { // RESULT
        const r = pending.get(m[1] as number)!;
        pending.delete(m[1] as number);
        const args = m[3] as unknown[] | undefined;
        r(args && args.length === 1 ? args[0] : args);
        break;
      }
      case 68: { // INVOCATION
        const fn = handlers.get(m[2] as number)!;
        send([70, m[1], {}, [fn(m[4] as unknown[])]]);
        break;
      }
      case 36: // EVENT
        eventHandlers.get(m[1] as number)!();
        break;
      case 65: // REGISTERED
      case 33: // SUBSCRIBED
        pending.get(m[1] as number)!(m[2]);
        pending.delete(m[1] as number);
        break;
      case 2: // WELCOME
        welcomed!();
        break;
      case 6: // GOODBYE (the router's reply)
        closed?.();
        break;
      default:
        throw new Error(`floor: unexpected ${JSON.stringify(m)}`);
    }
  };
  const readLoop = async () => {
    for (;;) {
      // Parse every complete frame in buf[0, len); server frames are unmasked.
      let p = 0;
      for (;;) {
        if (len - p < 2) break;
        let n = buf[p + 1]! & 0x7f;
        let h = p + 2;
        if (n === 126) {
          if (len - p < 4) break;
          n = (buf[p + 2]! << 8) | buf[p + 3]!;
          h = p + 4;
        } else if (n === 127) throw new Error("floor: 64-bit frame");
        if (len - h < n) break;
        // Text frames carry WAMP; the close frame after GOODBYE is skipped.
        if ((buf[p]! & 0x0f) === 1) onMessage(JSON.parse(dec.decode(buf.subarray(h, h + n))));
        p = h + n;
      }
      if (p > 0) {
        buf.copyWithin(0, p, len);
        len -= p;
      }
      if (len === buf.length) {
        const grown = new Uint8Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
      }
      const n = await conn.read(buf.subarray(len));
      if (n === null) return;
      len += n;
    }
  };
  const joined = new Promise<void>((r) => (welcomed = r));
  send([1, realm, { roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } }]);
  const reading = readLoop().catch(() => {});
  await joined;

  const request = (msg: (id: number) => unknown[]) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send(msg(id));
    });
  return {
    register: async (uri, fn) => {
      const reg = await request((id) => [64, id, {}, uri]);
      handlers.set(reg as number, fn);
    },
    call: (uri, args) => request((id) => [48, id, {}, uri, args]),
    subscribe: async (uri, fn) => {
      const sub = await request((id) => [32, id, {}, uri]);
      eventHandlers.set(sub as number, fn);
    },
    publish: (uri, args) => send([16, nextId++, {}, uri, args]),
    close: async () => {
      const bye = new Promise<void>((r) => (closed = r));
      send([6, {}, "wamp.close.close_realm"]);
      await bye;
      conn.close();
      await reading;
    },
  };
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length;) off += await conn.write(data.subarray(off));
}
