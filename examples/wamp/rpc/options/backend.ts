// RPC options, backend: a procedure reading its CallDetails (the caller,
// when disclosed) and registered with discloseCaller.
import { CallResult } from "../../../../src/component/mod.ts";
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.arguments.square", ([x]: [number], _kw, details) => {
    o.log(`square(${x}) called by session ${details.caller} (${details.callerAuthrole})`);
    return new CallResult([x * x], { caller: details.caller ?? null });
  }, { discloseCaller: true });
  comp.register("com.arguments.hidden", (_a, _k, details) => details.caller ?? null);
  return comp;
}

if (import.meta.main) await main(backend);
