/**
 * An in-process transport pair: two connected {@linkcode MessageTransport}s
 * that hand message objects to each other without serializing, for components
 * that live in the router's process and for tests. Delivery is asynchronous
 * (one microtask per batch), in order, like a socket.
 *
 * @module
 */
import type { WampMessage } from "../wamp/messages.ts";
import {
  type MessageTransport,
  type MessageTransportHandler,
  TransportClosedError,
  type TransportCloseInfo,
  type TransportDetails,
} from "./message_transport.ts";

class InProcessTransport implements MessageTransport {
  readonly details: TransportDetails;
  peer!: InProcessTransport;
  #handler: MessageTransportHandler | undefined;
  #inbox: WampMessage[] = [];
  #scheduled = false;
  #open = true;
  #closeInfo: TransportCloseInfo | undefined;
  #closeDelivered = false;
  #resolveClosed!: (info: TransportCloseInfo) => void;
  readonly closed: Promise<TransportCloseInfo>;

  constructor(isServer: boolean, name: string) {
    this.details = {
      kind: "inprocess",
      channel: "memory",
      isServer,
      isSecure: true,
      peer: `inprocess:${name}`,
      serializer: "json",
      subprotocol: "inprocess",
    };
    this.closed = new Promise((r) => (this.#resolveClosed = r));
  }

  get isOpen(): boolean {
    return this.#open;
  }

  setHandler(handler: MessageTransportHandler): void {
    this.#handler = handler;
    this.#schedule();
  }

  send(message: WampMessage): void {
    if (!this.#open) throw new TransportClosedError();
    this.peer._deliver(message);
  }

  close(_code?: number, reason = ""): Promise<TransportCloseInfo> {
    if (this.#open) {
      const info: TransportCloseInfo = { wasClean: true, code: 1000, reason };
      this._shut(info);
      this.peer._shut(info);
    }
    return this.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  _deliver(message: WampMessage): void {
    if (!this.#open) return;
    this.#inbox.push(message);
    this.#schedule();
  }

  _shut(info: TransportCloseInfo): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closeInfo = info;
    this.#resolveClosed(info);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || !this.#handler) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#drain());
  }

  #drain(): void {
    this.#scheduled = false;
    const h = this.#handler;
    if (!h) return;
    // Messages queued before the close are still delivered, then the close.
    while (this.#inbox.length > 0) {
      const batch = this.#inbox;
      this.#inbox = [];
      for (const m of batch) {
        try {
          h.onMessage(m);
        } catch {
          // A throwing handler must not stall delivery to the others.
        }
      }
    }
    if (this.#closeInfo && !this.#closeDelivered) {
      this.#closeDelivered = true;
      h.onClose(this.#closeInfo);
    }
  }
}

/**
 * Creates a connected transport pair: `[client, server]`. Hand `server` to the
 * router (`router.attach(server)`) and use `client` for a session.
 *
 * @example
 * ```ts
 * import { createInProcessPair } from "@autobahn/autobahn/transport";
 * const [client, server] = createInProcessPair("backend");
 * await client.close();
 * await server.closed;
 * ```
 */
export function createInProcessPair(name = "local"): [MessageTransport, MessageTransport] {
  const client = new InProcessTransport(false, name);
  const server = new InProcessTransport(true, name);
  client.peer = server;
  server.peer = client;
  return [client, server];
}
