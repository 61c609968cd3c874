// The browser demo page: joins realm1 over the platform WebSocket with the
// serializer named in the query string, calls com.example.add2 (registered
// by the Deno backend) and shows the events the backend publishes.
//
// The import map in index.html points these names at the bundle in /lib/
// (scripts/build_browser.ts); Deno resolves them to the sources, as for a
// JSR user.
import { Component } from "@autobahn/autobahn/client";
// The opt-in serializers (the client speaks JSON on its own).
import "@autobahn/autobahn/client/msgpack";
import "@autobahn/autobahn/client/cbor";

const $ = (id) => document.getElementById(id);
const show = (id, text) => ($(id).textContent = String(text));
const log = (line) => $("log").prepend(`${new Date().toISOString().slice(11, 23)} ${line}\n`);

const serializer = new URLSearchParams(location.search).get("serializer") ?? "json";
const wsUrl = new URL("/ws", location.href);
wsUrl.protocol = location.protocol === "https:" ? "wss:" : "ws:";

const component = new Component({
  transports: [{ url: wsUrl.href, serializers: [serializer], maxRetries: 3 }],
  realm: "realm1",
});

let events = 0;
component.onJoin(async (session, details) => {
  show("status", "joined");
  show("serializer", session.transport.details.serializer);
  show("session", details.session);
  log(`joined realm1 as session ${details.session} (${serializer})`);
  await session.subscribe("com.example.tick", ([n], _kwargs, _details) => {
    events += 1;
    show("events", events);
    show("last-event", n);
    log(`event com.example.tick ${n}`);
  });
  const sum = await session.call("com.example.add2", [2, 3]);
  show("result", sum);
  log(`com.example.add2(2, 3) = ${sum}`);
});
component.onLeave((_session, details) => {
  show("status", `left (${details.reason})`);
});
component.onConnectFailure((error) => {
  show("error", error?.message ?? error);
});
component.start().catch((error) => {
  show("status", "failed");
  show("error", error?.message ?? error);
});
// For tests and the console.
globalThis.demo = { component };
