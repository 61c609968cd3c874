// A peer racing ahead of the session: messages that arrive before a handler is
// set are buffered in order, but not without bound.
import { assert, assertEquals } from "../_assert.ts";
import {
  MessageTransportBase,
  type TransportDetails,
} from "../../src/transport/message_transport.ts";
import { createSerializer } from "../../src/wamp/serializers/mod.ts";
import type { ProtocolError } from "../../src/wamp/errors.ts";
import type { WampMessage } from "../../src/wamp/messages.ts";

class LoopbackTransport extends MessageTransportBase {
  readonly details: TransportDetails = {
    kind: "websocket",
    channel: "tcp",
    isServer: false,
    isSecure: false,
    peer: "test",
    serializer: "json",
    subprotocol: "wamp.2.json",
  };
  failedWith: ProtocolError | undefined;
  constructor() {
    super(createSerializer("json"));
  }
  feed(payload: string): void {
    this._receive(payload, false);
  }
  protected _sendPayload(): void {}
  protected _close(): void {
    this._closed({ wasClean: true, code: 1000, reason: "" });
  }
  protected _failProtocol(error: ProtocolError): void {
    this.failedWith = error;
    this._closed({ wasClean: false, code: 1002, reason: error.message });
  }
  protected _failInternal(): void {
    this._closed({ wasClean: false, code: 1011, reason: "internal" });
  }
}

Deno.test("MessageTransport - early messages are delivered in order once a handler is set", async () => {
  const t = new LoopbackTransport();
  for (let i = 1; i <= 100; i++) t.feed(JSON.stringify([36, 1, i, {}, [i]]));
  const got: number[] = [];
  t.setHandler({
    onMessage: (m: WampMessage) => got.push(m.marshal()[2] as number),
    onClose: () => {},
  });
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(got.length, 100);
  assertEquals(got[0], 1);
  assertEquals(got[99], 100);
  await t.close();
});

Deno.test("MessageTransport - buffering before a handler is bounded (protocol error beyond 10,000)", async () => {
  const t = new LoopbackTransport();
  for (let i = 1; i <= 10_050; i++) t.feed(JSON.stringify([36, 1, i, {}, []]));
  let delivered = 0;
  let protocolError: ProtocolError | undefined;
  t.setHandler({
    onMessage: () => delivered++,
    onProtocolError: (e) => protocolError = e,
    onClose: () => {},
  });
  await t.closed;
  assertEquals(delivered, 10_000);
  assert(protocolError, "the overflow is reported as a protocol error");
  assert(t.failedWith, "the transport failed");
});
