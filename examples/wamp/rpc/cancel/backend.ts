// RPC cancel, backend: a long operation that stops when the dealer
// interrupts it (details.signal).
import { ApplicationError } from "../../../../src/component/mod.ts";
import { exampleComponent, type ExampleOptions, main, sleep } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.myapp.longop", async ([ms]: [number], _kw, details) => {
    await sleep(ms, details.signal);
    if (details.signal.aborted) {
      o.log("longop interrupted by the caller's cancel");
      throw new ApplicationError("wamp.error.canceled", ["interrupted"]);
    }
    return "finished";
  });
  return comp;
}

if (import.meta.main) await main(backend);
