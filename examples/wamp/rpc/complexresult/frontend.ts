// RPC complex results, frontend: reads CallResult args and kwargs.
import { CallResult } from "../../../../src/component/mod.ts";
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s) => {
    const sum = await s.call("com.myapp.add_complex", [2, 3, 4, 5]);
    if (!(sum instanceof CallResult)) throw new Error("expected a CallResult");
    o.log(`result: ${sum.kwargs.c} + ${sum.kwargs.ci}i`);
    check(sum.kwargs, { c: 6, ci: 8 }, "add_complex");
    const name = await s.call("com.myapp.split_name", ["Homer Simpson"]) as CallResult;
    o.log(`forename: ${name.args[0]}, surname: ${name.args[1]}`);
    check(name.args, ["Homer", "Simpson"], "split_name");
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
