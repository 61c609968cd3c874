// The WAMP demo: starts the embedded router in this process, then runs a
// backend component (a procedure and a publisher) and a frontend component
// (a caller and a subscriber) against it, printing what happens.
//   deno run --allow-net=127.0.0.1 examples/wamp/demo.ts
import { Router } from "../../src/router/mod.ts";
import { listenWebSocketTransport } from "../../src/transport/mod.ts";
import { Component, onTerminationSignal, run } from "../../src/component/mod.ts";

// Ctrl-C (SIGINT) or SIGTERM at any moment stops both components; the demo
// then closes the router and exits with status 0. One handler for the whole
// run, so there is no window in which a signal kills the process uncleanly.
let stopping = false;
const components: Component[] = [];
const removeSignals = onTerminationSignal(() => {
  if (stopping) return;
  stopping = true;
  console.log("demo: interrupted, stopping");
  for (const c of components) void c.stop();
});

const router = new Router({ realms: ["realm1"] });
const server = await listenWebSocketTransport(
  "ws://127.0.0.1/ws",
  { onTransport: (t) => router.attach(t) },
  { hostname: "127.0.0.1", port: 0 },
);
const url = `ws://127.0.0.1:${server.port}/ws`;
console.log(`router: embedded router listening on ${url}, realm "realm1"`);

const backend = new Component({ transports: url, realm: "realm1" });
backend.register("com.myapp.add2", ([a, b]: [number, number]) => {
  console.log(`backend: add2(${a}, ${b}) called`);
  return a + b;
});
backend.onJoin((session, details) => {
  console.log(`backend: joined as session ${details.session}, registered com.myapp.add2`);
  let counter = 0;
  const timer = setInterval(() => {
    if (!session.isJoined) return clearInterval(timer);
    console.log(`backend: publishing com.myapp.hello #${counter}`);
    session.publish("com.myapp.hello", [`Hello, world! #${counter++}`]);
  }, 200);
  backend.onLeave(() => clearInterval(timer));
});

const frontend = new Component({ transports: url, realm: "realm1" });
components.push(backend, frontend);
let events = 0;
frontend.subscribe("com.myapp.hello", ([text]) => {
  console.log(`frontend: event received: ${text}`);
  if (++events === 3) void frontend.session?.leave();
});
frontend.onJoin(async (session, details) => {
  console.log(`frontend: joined as session ${details.session} (${details.serializer})`);
  const sum = await session.call("com.myapp.add2", [2, 3]);
  console.log(`frontend: add2(2, 3) = ${sum}`);
});
frontend.onLeave(() => {
  console.log("frontend: left after 3 events; stopping the backend");
  void backend.stop();
});

// The frontend starts once the backend's procedure is registered.
const backendReady = Promise.withResolvers<void>();
backend.onReady(() => backendReady.resolve());
const backendDone = run([backend], { logLevel: "warn", handleSignals: false });
await Promise.race([backendReady.promise, backendDone]);
if (!stopping) await run([frontend], { logLevel: "warn", handleSignals: false });
await backend.stop();
await backendDone;
removeSignals();
router.close();
await server.close();
console.log("demo: done");
