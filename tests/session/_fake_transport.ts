/**
 * An in-memory {@linkcode MessageTransport} for session tests: records what
 * the session sends and hands each message to a scripted "router" that may
 * answer (asynchronously, like a real transport).
 */
import type {
  MessageTransport,
  MessageTransportHandler,
  TransportCloseInfo,
  TransportDetails,
} from "../../src/transport/message_transport.ts";
import { TransportClosedError } from "../../src/transport/message_transport.ts";
import { ProtocolError } from "../../src/wamp/errors.ts";
import { parseMessage, type WampMessage } from "../../src/wamp/messages.ts";

/** Answers what the session sends. */
export type ScriptedRouter = (msg: WampMessage, t: FakeTransport) => void;

export class FakeTransport implements MessageTransport {
  readonly details: TransportDetails = {
    kind: "websocket",
    channel: "tcp",
    isServer: false,
    isSecure: false,
    url: "ws://fake/ws",
    peer: "tcp4:127.0.0.1:8080",
    serializer: "json",
    subprotocol: "wamp.2.json",
  };
  readonly sent: WampMessage[] = [];
  /** The `inFlight` hint given with each sent message. */
  readonly inFlight: (number | undefined)[] = [];
  readonly closed: Promise<TransportCloseInfo>;
  router: ScriptedRouter | undefined;
  /** The next `send` throws this (once). */
  failNextSend: Error | undefined;
  /** Every sent message goes through marshal → parse, as on a real wire. */
  roundTrip = true;
  #handler: MessageTransportHandler | undefined;
  #open = true;
  #resolveClosed!: (info: TransportCloseInfo) => void;

  constructor(router?: ScriptedRouter) {
    this.router = router;
    this.closed = new Promise((r) => (this.#resolveClosed = r));
  }

  get isOpen(): boolean {
    return this.#open;
  }

  setHandler(handler: MessageTransportHandler): void {
    this.#handler = handler;
  }

  send(message: WampMessage, inFlight?: number): void {
    if (!this.#open) throw new TransportClosedError();
    if (this.failNextSend) {
      const e = this.failNextSend;
      this.failNextSend = undefined;
      throw e;
    }
    const msg = this.roundTrip ? parseMessage(structuredClone(message.marshal())) : message;
    this.sent.push(msg);
    this.inFlight.push(inFlight);
    const router = this.router;
    if (router) queueMicrotask(() => this.#open && router(msg, this));
  }

  /** Delivers a message (or a wire array) from the router, now. */
  deliver(msg: WampMessage | unknown[]): void {
    if (!this.#open) return;
    this.#handler!.onMessage(Array.isArray(msg) ? parseMessage(msg) : msg);
  }

  /** Delivers a message in a microtask (how a router's answer arrives). */
  reply(msg: WampMessage | unknown[]): void {
    queueMicrotask(() => this.deliver(msg));
  }

  /** Reports undecodable input, as a real transport does, then closes. */
  protocolError(text: string): void {
    this.#handler!.onProtocolError?.(new ProtocolError(text));
    this.drop("protocol error", false);
  }

  /** The connection is lost. */
  drop(reason = "connection lost", wasClean = false): void {
    if (!this.#open) return;
    this.#open = false;
    const info = { wasClean, code: wasClean ? 1000 : 1006, reason };
    this.#resolveClosed(info);
    queueMicrotask(() => this.#handler?.onClose(info));
  }

  close(code = 1000, reason = ""): Promise<TransportCloseInfo> {
    if (this.#open) this.drop(reason || `closed with ${code}`, true);
    return this.closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Sent messages of one type. */
  sentOf<T extends WampMessage["type"]>(type: T): Extract<WampMessage, { type: T }>[] {
    return this.sent.filter((m) => m.type === type) as Extract<WampMessage, { type: T }>[];
  }
}

/** Waits until pending microtasks and a macrotask have run. */
export function tick(ms = 0): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
