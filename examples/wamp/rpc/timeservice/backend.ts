// RPC timeservice, backend: com.timeservice.now returns the current UTC time.
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";
import { utcnow } from "../../../../src/util/time.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.timeservice.now", () => utcnow());
  comp.onReady(() => o.log("procedure com.timeservice.now registered"));
  return comp;
}

if (import.meta.main) await main(backend);
