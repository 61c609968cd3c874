// RPC cancel, frontend: starts a long call and cancels it with an
// AbortController; the call rejects with wamp.error.canceled.
import { ApplicationError } from "../../../../src/component/mod.ts";
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s) => {
    const ac = new AbortController();
    const call = s.call("com.myapp.longop", [10_000], {}, {
      signal: ac.signal,
      cancelMode: "kill",
    });
    setTimeout(() => ac.abort(), 100);
    const t0 = performance.now();
    let error: unknown;
    await call.catch((e) => error = e);
    const uri = error instanceof ApplicationError ? error.error : String(error);
    o.log(`call canceled after ${Math.round(performance.now() - t0)} ms: ${uri}`);
    check(uri, "wamp.error.canceled", "cancel");
    check(await s.call("com.myapp.longop", [10]), "finished", "uncanceled call");
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
