/**
 * Shared helpers of the transport tests: a recording handler and client ↔
 * server transport pairs over WebSocket and RawSocket (TCP, Unix, TLS).
 *
 * @module
 */
import { listenTcp } from "../../src/transport/deno_tcp.ts";
import { listenTls } from "../../src/transport/deno_tls.ts";
import { listenUnix } from "../../src/transport/deno_unix.ts";
import {
  connectTransport,
  type ConnectTransportOptions,
  listenWebSocketTransport,
  type MessageTransport,
  type MessageTransportHandler,
  parseMessage,
  type ProtocolError,
  type RawSocketServeOptions,
  serveRawSocket,
  type TransportCloseInfo,
  type WampMessage,
  type WebSocketTransportServerOptions,
} from "../../src/transport/mod.ts";

/** Records everything a transport delivers and lets a test wait for it. */
export class Recorder implements MessageTransportHandler {
  readonly messages: WampMessage[] = [];
  readonly errors: ProtocolError[] = [];
  closeInfo: TransportCloseInfo | undefined;
  #waiters: (() => void)[] = [];
  /** Called for each protocol error before recording (e.g. to send ABORT). */
  onError?: (e: ProtocolError) => void;

  onMessage(m: WampMessage): void {
    this.messages.push(m);
    this.#wake();
  }
  onProtocolError(e: ProtocolError): void {
    this.onError?.(e);
    this.errors.push(e);
    this.#wake();
  }
  onClose(info: TransportCloseInfo): void {
    this.closeInfo = info;
    this.#wake();
  }
  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
  /** Resolves once `pred` holds (checked after every delivery). */
  async until(pred: () => boolean): Promise<void> {
    while (!pred()) await new Promise<void>((r) => this.#waiters.push(r));
  }
  /** Resolves with the first `n` messages. */
  async take(n: number): Promise<WampMessage[]> {
    await this.until(() => this.messages.length >= n);
    return this.messages.slice(0, n);
  }
}

/** Representative messages, with binary payloads nested in args and kwargs. */
export function sampleMessages(): WampMessage[] {
  return [
    parseMessage([1, "realm1", { roles: { caller: {}, subscriber: {} } }]),
    parseMessage([48, 1, {}, "com.myapp.add2", [2, 3]]),
    parseMessage([48, 2, {}, "com.myapp.blob", [new Uint8Array([0, 1, 2, 255])], {
      nested: { deep: [new Uint8Array([9, 8, 7])] },
      text: "Hello, ☃ 🎉",
    }]),
    parseMessage([36, 5512315355, 4429313566, {}, ["a", 1.5, -7], { max: 2 ** 53 }]),
    parseMessage([6, {}, "wamp.close.normal"]),
  ];
}

/** Wire arrays of messages, for comparison. */
export function wire(ms: readonly WampMessage[]): unknown[] {
  return ms.map((m) => m.marshal());
}

/** A connected client/server transport pair and its teardown. */
export interface Pair {
  client: MessageTransport;
  server: MessageTransport;
  /** Closes both ends and the listener. */
  close(): Promise<void>;
}

/** A WebSocket pair on 127.0.0.1 (our engine both sides). */
export async function webSocketPair(
  clientOptions: ConnectTransportOptions = {},
  serverOptions: Partial<WebSocketTransportServerOptions> = {},
): Promise<Pair> {
  let accepted!: (t: MessageTransport) => void;
  const serverT = new Promise<MessageTransport>((r) => (accepted = r));
  const listener = await listenWebSocketTransport("ws://127.0.0.1:0/ws", {
    ...serverOptions,
    onTransport: accepted,
  });
  try {
    const client = await connectTransport(`ws://127.0.0.1:${listener.port}/ws`, clientOptions);
    const server = await serverT;
    return {
      client,
      server,
      async close() {
        await client.close();
        await server.closed;
        await listener.close();
      },
    };
  } catch (err) {
    await listener.close();
    throw err;
  }
}

/** Where a RawSocket pair listens. */
export type RawSocketChannel = "tcp" | "unix" | "tls";

const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url);

/** The test CA (PEM). */
export const caCert = (): string => Deno.readTextFileSync(fixture("ca.pem"));

/** A RawSocket pair over TCP, a Unix socket or TLS. */
export async function rawSocketPair(
  channel: RawSocketChannel,
  clientOptions: ConnectTransportOptions = {},
  serverOptions: Partial<RawSocketServeOptions> = {},
  unixPath = `/tmp/autobahn-ts-rs-${crypto.randomUUID().slice(0, 8)}.sock`,
): Promise<Pair> {
  let accepted!: (t: MessageTransport) => void;
  const serverT = new Promise<MessageTransport>((r) => (accepted = r));
  let url: string;
  let listener;
  let cleanup = () => {};
  if (channel === "unix") {
    const path = unixPath;
    listener = listenUnix(path);
    url = `rs://unix:${path}`;
    cleanup = () => {
      try {
        Deno.removeSync(path);
      } catch {
        // Deno removed it when the listener closed.
      }
    };
  } else if (channel === "tls") {
    listener = listenTls({ hostname: "127.0.0.1", port: 0 }, {
      cert: Deno.readTextFileSync(fixture("server.pem")),
      key: Deno.readTextFileSync(fixture("server-key.pem")),
    });
    url = `rss://127.0.0.1:${(listener.addr as { port: number }).port}`;
    clientOptions = { caCerts: [caCert()], ...clientOptions };
  } else {
    listener = listenTcp({ hostname: "127.0.0.1", port: 0 });
    url = `rs://127.0.0.1:${(listener.addr as { port: number }).port}`;
  }
  const server = serveRawSocket(listener, { ...serverOptions, onTransport: accepted });
  try {
    const client = await connectTransport(url, clientOptions);
    const srv = await serverT;
    return {
      client,
      server: srv,
      async close() {
        await client.close();
        await srv.closed;
        await server.close();
        cleanup();
      },
    };
  } catch (err) {
    await server.close();
    cleanup();
    throw err;
  }
}

/** Echoes every message back. */
export function echo(t: MessageTransport): Recorder {
  const r = new Recorder();
  const onMessage = r.onMessage.bind(r);
  r.onMessage = (m) => {
    onMessage(m);
    t.send(m);
  };
  t.setHandler(r);
  return r;
}
