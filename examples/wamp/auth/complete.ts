// The seed's "longer example" (Autobahn|Python docs, the complete Component
// listing) in TypeScript: a component authenticating with WAMP-Cryptosign as
// "alice", registering example.foo and calling it. Run the router with
// examples/wamp/auth/crossbardemo.json, which holds alice's public key:
//   deno task wamp router --config examples/wamp/auth/crossbardemo.json
//   deno run --allow-net examples/wamp/auth/complete.ts [URL]
import { Component, run } from "../../../src/component/mod.ts";
import "../../../src/auth/client.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const url = Deno.args[0];

const component = new Component({
  // You can configure several transports; here one, on the demo router.
  transports: [
    {
      type: "websocket",
      url: url ?? "ws://localhost:8080/auth_ws",
      ...(url ? {} : { endpoint: { type: "tcp", host: "localhost", port: 8080 } }),
      // WebSocket options can be set here.
      options: { openHandshakeTimeout: 100 },
    },
  ],
  // Authentication: this key should be loaded from disk or a database, never
  // burned into code like this (it is the seed's published example key).
  authentication: {
    cryptosign: {
      authid: "alice",
      privkey: "6e3a302aa67d55ffc2059efeb5cf679470b37a26ae9ac18693b56ea3d0cd331c",
    },
  },
  realm: "crossbardemo",
});

component.onJoin(async (session, details) => {
  console.log(`joined ${details.session}: authid=${details.authid} authrole=${details.authrole}`);
  await sleep(1000);
  console.log("Calling 'example.foo'");
  const res = await session.call("example.foo", [42], { something: "nothing" });
  console.log(`Result: ${res}`);
  await session.leave();
});

component.register("example.foo", async (args, kwargs) => {
  console.log(`foo called: ${JSON.stringify(args)}, ${JSON.stringify(kwargs)}`);
  for (let x = 5; x > 0; x--) {
    console.log(`  returning in ${x}`);
    await sleep(1000);
  }
  console.log("returning '42'");
  return 42;
});

if (import.meta.main) await run([component]);
