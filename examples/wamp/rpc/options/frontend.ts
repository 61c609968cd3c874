// RPC options, frontend: calls with discloseMe and a timeout, and checks
// that the callee saw who called.
import type { CallResult } from "../../../../src/component/mod.ts";
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s, details) => {
    const r = await s.call("com.arguments.square", [5], {}, { timeout: 2000 }) as CallResult;
    o.log(`square(5) = ${r.args[0]}, the callee saw caller ${r.kwargs.caller}`);
    check([r.args[0], r.kwargs.caller], [25, details.session], "disclosed caller");
    const seen = await s.call("com.arguments.hidden", [], {}, { discloseMe: true });
    o.log(`with discloseMe the callee saw ${seen}`);
    check(seen, details.session, "discloseMe");
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
