// RPC progress, backend: com.myapp.longop sends progressive results
// (when the caller asked for them) before the final one.
import { exampleComponent, type ExampleOptions, main, sleep } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.myapp.longop", async ([n]: [number], _kw, details) => {
    for (let i = 0; i < n; i++) {
      details.progress?.([i]);
      await sleep(20);
    }
    return n;
  });
  comp.onReady(() => o.log("procedure com.myapp.longop registered"));
  return comp;
}

if (import.meta.main) await main(backend);
