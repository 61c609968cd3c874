import {
  RawSocketClientProtocol,
  RawSocketPingTimeoutError,
  RawSocketServerProtocol,
  RawSocketStateError,
} from "../../src/rawsocket/mod.ts";
import { assert, assertEquals, assertInstanceOf, assertThrows, hex, toHex } from "../_assert.ts";
import { bytesOf, deliver, feed, frame, messages, openPair } from "./_helpers.ts";

const text = new TextEncoder();

Deno.test("RawSocket protocol - client and server exchange messages both ways", () => {
  const { client, server } = openPair({ serializerId: 2 });
  assertEquals([client.serializerId, server.serializerId], [2, 2]);
  assertEquals([client.state, server.state], ["open", "open"]);
  const hello = text.encode('[1,"realm1",{}]');
  client.sendMessage(hello);
  assertEquals(deliver(client, server), [{ type: "message", payload: hello }]);
  const welcome = text.encode('[2,1,{"roles":{}}]');
  server.sendMessage(welcome);
  server.sendMessage(new Uint8Array(0));
  assertEquals(messages(deliver(server, client)), [welcome, new Uint8Array(0)]);
  for (let round = 0; round < 50; round++) {
    client.sendMessage(bytesOf(round, round));
    server.sendMessage(bytesOf(round * 3, round));
    assertEquals(messages(deliver(client, server)), [bytesOf(round, round)]);
    assertEquals(messages(deliver(server, client)), [bytesOf(round * 3, round)]);
  }
});

Deno.test("RawSocket protocol - each side's limit is the one the peer announced", () => {
  const { client, server } = openPair({ maxLengthExponent: 2 }, { maxLengthExponent: 5 });
  assertEquals([client.maxReceiveLength, client.maxSendLength], [2048, 16384]);
  assertEquals([server.maxReceiveLength, server.maxSendLength], [16384, 2048]);
});

Deno.test("RawSocket protocol - a PING is answered by exactly one PONG echoing its payload", () => {
  const { client, server } = openPair();
  const events = feed(server, [frame(1, hex("de ad be ef"))]);
  assertEquals(events, [{ type: "ping", payload: hex("de ad be ef") }]);
  assertEquals(toHex(server.dataToSend()), "02000004deadbeef");
  // An empty PING is echoed by an empty PONG.
  feed(client, [frame(1, new Uint8Array(0))]);
  assertEquals(toHex(client.dataToSend()), "02000000");
});

Deno.test("RawSocket protocol - a PONG matching our PING reports the round-trip time", () => {
  const { client, server } = openPair();
  const p1 = client.sendPing(undefined, 1000);
  const p2 = client.sendPing(hex("aa"), 1010);
  assertEquals(p1.length, 4);
  assertEquals(client.pingOutstandingSince, 1000);
  assertEquals(deliver(client, server, 1020).map((e) => e.type), ["ping", "ping"]);
  const events = deliver(server, client, 1050);
  assertEquals(events, [
    { type: "pong", payload: p1, solicited: true, rttMs: 50 },
    { type: "pong", payload: hex("aa"), solicited: true, rttMs: 40 },
  ]);
  assertEquals(p2, hex("aa"));
  assertEquals(client.pingOutstandingSince, undefined);
  // Without times there is no rtt; an unknown PONG is reported as unsolicited.
  client.sendPing(hex("01"));
  deliver(client, server);
  assertEquals(deliver(server, client), [{ type: "pong", payload: hex("01"), solicited: true }]);
  assertEquals(feed(client, [frame(2, hex("99"))]), [
    { type: "pong", payload: hex("99"), solicited: false },
  ]);
});

Deno.test("RawSocket protocol - checkPingTimeout fails the connection once a PING waited too long", () => {
  const { client } = openPair();
  assertEquals(client.checkPingTimeout(5000, 1000), false);
  client.sendPing(undefined, 1000);
  assertEquals(client.checkPingTimeout(1999, 1000), false);
  assertEquals(client.eventsReceived(), []);
  assertEquals(client.checkPingTimeout(2000, 1000), true);
  const [e] = client.eventsReceived();
  assert(e!.type === "failed");
  assertInstanceOf(e.error, RawSocketPingTimeoutError);
  assertEquals([e.error.code, e.error.elapsedMs], ["ping_timeout", 1000]);
  assert(client.shouldClose);
  assertEquals(client.checkPingTimeout(9000, 1000), false);
});

Deno.test("RawSocket protocol - outstanding PINGs are bounded by maxOutstandingPings", () => {
  const { client, server } = openPair({ maxOutstandingPings: 2 });
  client.sendPing(hex("01"), 1);
  client.sendPing(hex("02"), 2);
  client.sendPing(hex("03"), 3);
  assertEquals(client.pingOutstandingSince, 2);
  deliver(client, server);
  assertEquals(deliver(server, client).map((e) => e.type === "pong" && e.solicited), [
    false,
    true,
    true,
  ]);
});

Deno.test("RawSocket protocol - EOF between frames closes, EOF inside a frame fails", () => {
  const { client, server } = openPair();
  server.receiveEof();
  assertEquals(server.eventsReceived(), [{ type: "closed", initiator: "remote" }]);
  assert(server.shouldClose);
  feed(client, [hex("00 00 00 05 01 02")]);
  client.receiveEof();
  const [e] = client.eventsReceived();
  assert(e!.type === "failed" && e.error.code === "unexpected_eof");
  client.receiveEof();
  assertEquals(client.eventsReceived(), []);
  // A split header counts as inside a frame too.
  const other = openPair().server;
  feed(other, [hex("00 00")]);
  other.receiveEof();
  assertEquals(other.eventsReceived()[0]!.type, "failed");
});

Deno.test("RawSocket protocol - close() keeps queued output, reports closed, ignores later input", () => {
  const { client } = openPair();
  client.sendMessage(hex("01"));
  client.close();
  client.close();
  assertEquals(client.eventsReceived(), [{ type: "closed", initiator: "local" }]);
  assertEquals(toHex(client.dataToSend()), "0000000101");
  assertEquals(client.state, "closed");
  assert(client.shouldClose);
  assertEquals(feed(client, [frame(0, hex("02"))]), []);
  assertThrows(() => client.sendMessage(hex("02")), RawSocketStateError, "closed");
  client.receiveEof();
  assertEquals(client.eventsReceived(), []);
});

Deno.test("RawSocket protocol - after a failure no further message events are delivered", () => {
  const { server } = openPair();
  const events = feed(server, [
    frame(0, hex("01")),
    frame(5, hex("02")),
    frame(0, hex("03")),
  ]);
  assertEquals(events.map((e) => e.type), ["message", "failed"]);
  assertEquals(feed(server, [frame(0, hex("04"))]), []);
  server.receiveEof();
  server.close();
  assertEquals(server.eventsReceived(), []);
  assertThrows(() => server.sendMessage(hex("05")), RawSocketStateError, "failed");
});

Deno.test("RawSocket protocol - a client may send its first frame right behind the handshake", () => {
  const client = new RawSocketClientProtocol({ serializerId: 1 });
  const server = new RawSocketServerProtocol({ serializers: [1] });
  const request = client.dataToSend();
  const events = feed(server, [new Uint8Array([...request, ...frame(0, hex("5b 5d"))])]);
  assertEquals(events.map((e) => e.type), ["open", "message"]);
});

Deno.test("RawSocket protocol - roles and accessors", () => {
  const client = new RawSocketClientProtocol({ serializerId: 3, maxLengthExponent: 4 });
  const server = new RawSocketServerProtocol({ serializers: [3] });
  assertEquals([client.role, server.role], ["client", "server"]);
  assertEquals(client.requestedSerializerId, 3);
  assertEquals([client.serializerId, client.maxSendLength], [undefined, undefined]);
  assertEquals(client.maxLengthExponent, 4);
  assertEquals(client.maxReceiveLength, 8192);
  assertEquals(server.maxLengthExponent, 15);
  assertEquals(client.shouldClose, false);
});
