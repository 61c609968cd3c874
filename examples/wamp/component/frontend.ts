// The longer Component example, frontend: registers procedures with
// different match policies, shows a failing duplicate registration, calls
// the backend's slow procedure, and watches the component's lifecycle.
import { ApplicationError, Component } from "../../../src/component/mod.ts";
import { check, type ExampleOptions, main } from "../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = new Component({ transports: [{ url: o.url, maxRetries: 0 }], realm: o.realm });
  comp.on("connect", () => o.log("transport connected"));
  comp.on("leave", (_s, d) => o.log(`left: ${d.reason}`));
  comp.on("disconnect", (_s, clean) => o.log(`disconnected (clean: ${clean})`));
  comp.onJoin(async (session) => {
    o.log(`client session ${session.id}`);
    const reg = await session.register("should.work", () => null, { match: "exact" });
    o.log(`registered 'should.work' with id ${reg.id}`);
    try {
      await session.register("example.foo", () => null);
      throw new Error("registering 'example.foo' twice should have failed");
    } catch (e) {
      if (!(e instanceof ApplicationError)) throw e;
      o.log(`registering 'example.foo' again failed as expected: ${e.error}`);
      check(e.error, "wamp.error.procedure_already_exists", "duplicate registration");
    }
    const prefix = await session.register("prefix.works.", ([x]) => x, { match: "prefix" });
    check(await session.call("prefix.works.anything", ["echo"]), "echo", "prefix call");
    await prefix.unregister();
    o.log("calling 'example.foo'");
    const res = await session.call("example.foo", [1, 2], { three: 3 });
    o.log(`example.foo() = ${res}`);
    check(res, 42, "example.foo");
    o.log("done");
    await session.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
