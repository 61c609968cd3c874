// The longer Component example, backend: a transport given as an object
// with its retry policy, a join handler, a slow component-level procedure
// (counting down before it answers 42), and a greeting published on join.
import { Component } from "../../../src/component/mod.ts";
import { type ExampleOptions, main, sleep } from "../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = new Component({
    transports: [{
      type: o.url.startsWith("rs") ? "rawsocket" : "websocket",
      url: o.url,
      serializers: ["cbor", "json"],
      maxRetries: 0,
      initialRetryDelay: 1,
    }],
    realm: o.realm,
  });
  comp.onJoin((session, details) => {
    o.log(`backend joined realm ${details.realm} as session ${details.session}`);
    session.publish("com.myapp.hello", ["Hello from the backend"]);
  });
  comp.register("example.foo", async (args, kwargs, details) => {
    o.log(`foo(${JSON.stringify(args)}, ${JSON.stringify(kwargs)}) from ${details.caller}`);
    for (let x = 3; x > 0; x--) {
      o.log(`  returning in ${x}`);
      await sleep(30);
    }
    return 42;
  }, { discloseCaller: true });
  return comp;
}

if (import.meta.main) await main(backend);
