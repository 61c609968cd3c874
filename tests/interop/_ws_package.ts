/**
 * The npm `ws` package (run under Deno's npm support) as an interop peer. `ws`
 * ships no types and `@types/ws` is not installed, so the few members the suite
 * uses are typed here.
 *
 * @module
 */
import * as wsPackage from "ws";
import {
  type Endpoint,
  type ForeignServer,
  Inbox,
  type Message,
  payloadBytes,
  plainBytes,
  withTimeout,
} from "./_fixtures.ts";

/** The members of a `ws` WebSocket (client or server side) the suite uses. */
interface WsSocket {
  readonly protocol: string;
  send(data: string | Uint8Array, options?: { binary?: boolean; fin?: boolean }): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(
    event: "message",
    listener: (data: Uint8Array | ArrayBuffer | Uint8Array[], isBinary: boolean) => void,
  ): this;
  on(event: "close", listener: (code: number, reason: Uint8Array) => void): this;
  on(event: "open" | "pong", listener: () => void): this;
  on(event: "error", listener: (err: Error) => void): this;
}

interface WsServer {
  address(): { port: number };
  close(callback: (err?: Error) => void): void;
  on(event: "connection", listener: (socket: WsSocket) => void): this;
  on(event: "listening", listener: () => void): this;
  on(event: "error", listener: (err: Error) => void): this;
}

const WsClient = wsPackage.WebSocket as unknown as new (
  url: string,
  protocols?: string[],
  options?: { ca?: string; perMessageDeflate?: boolean },
) => WsSocket;

const WsServerClass = wsPackage.WebSocketServer as unknown as new (options: {
  host: string;
  port: number;
  handleProtocols?: (protocols: Set<string>) => string | false;
}) => WsServer;

function toMessage(data: Uint8Array | ArrayBuffer | Uint8Array[], isBinary: boolean): Message {
  const parts = Array.isArray(data) ? data : [data];
  let bytes: Uint8Array;
  if (parts.length === 1) bytes = plainBytes(parts[0]!);
  else {
    const views = parts.map((p) => plainBytes(p));
    bytes = new Uint8Array(views.reduce((n, v) => n + v.length, 0));
    let o = 0;
    for (const v of views) {
      bytes.set(v, o);
      o += v.length;
    }
  }
  return isBinary ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** Adapts a `ws` socket to {@linkcode Endpoint}. Call before the socket opens. */
function wsEndpoint(socket: WsSocket): Endpoint {
  const inbox = new Inbox<Message>();
  const pongs: (() => void)[] = [];
  const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) => {
    socket.on("close", (code, reason) => {
      inbox.end(new Error(`Connection closed (${code})`));
      const r = new TextDecoder().decode(reason);
      // `ws` reports 1006 when no close frame arrived, i.e. the closing handshake failed.
      resolve({ code, reason: r, wasClean: code !== 1006 });
    });
  });
  socket.on("message", (data, isBinary) => inbox.push(toMessage(data, isBinary)));
  socket.on("pong", () => pongs.shift()?.());
  socket.on("error", () => {}); // followed by "close", which is what the tests observe
  return {
    send: (data) => socket.send(data, { binary: typeof data !== "string" }),
    sendFragmented: (data, fragmentSize) => {
      // `ws` writes a continuation frame for every send after one with `fin: false`.
      const bytes = payloadBytes(data);
      const binary = typeof data !== "string";
      for (let off = 0; off < bytes.length || off === 0; off += fragmentSize) {
        const end = Math.min(off + fragmentSize, bytes.length);
        socket.send(bytes.subarray(off, end), { binary, fin: end === bytes.length });
        if (end === bytes.length) break;
      }
    },
    ping: () => {
      const pong = new Promise<void>((r) => pongs.push(r));
      socket.ping();
      return withTimeout(pong, "pong");
    },
    close: (code, reason) => socket.close(code, reason),
    receive: () => inbox.next("message"),
    closed,
  };
}

/** Starts a `ws` WebSocketServer on 127.0.0.1 (port chosen by the OS). */
export async function startWsServer(options: { protocol?: string } = {}): Promise<
  ForeignServer & { protocols: Promise<string> }
> {
  const accepted = new Inbox<Endpoint>();
  const wss = new WsServerClass({
    host: "127.0.0.1",
    port: 0,
    ...(options.protocol
      ? {
        handleProtocols: (offered: Set<string>) =>
          offered.has(options.protocol!) && options.protocol!,
      }
      : {}),
  });
  let resolveProtocol!: (p: string) => void;
  const protocols = new Promise<string>((r) => (resolveProtocol = r));
  wss.on("connection", (socket) => {
    resolveProtocol(socket.protocol);
    accepted.push(wsEndpoint(socket));
  });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      wss.on("listening", resolve);
      wss.on("error", reject);
    }),
    "ws server listening",
  );
  return {
    url: `ws://127.0.0.1:${wss.address().port}`,
    accepted,
    protocols,
    close: () =>
      new Promise<void>((resolve, reject) => wss.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** Opens a `ws` client connection (with its default permessage-deflate offer). */
export async function connectWsClient(
  url: string,
  options: { protocols?: string[]; ca?: string } = {},
): Promise<{ endpoint: Endpoint; protocol: string }> {
  const socket = new WsClient(url, options.protocols, options.ca ? { ca: options.ca } : {});
  const endpoint = wsEndpoint(socket);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.on("open", resolve);
      socket.on("error", reject);
    }),
    "ws client open",
  );
  return { endpoint, protocol: socket.protocol };
}
