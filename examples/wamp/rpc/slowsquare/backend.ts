// RPC slowsquare, backend: a fast procedure and a slow one (it awaits a delay).
import { exampleComponent, type ExampleOptions, main, sleep } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.math.square", ([x]: [number]) => x * x);
  comp.register("com.math.slowsquare", async ([x, delay = 300]: [number, number?]) => {
    await sleep(delay);
    return x * x;
  });
  return comp;
}

if (import.meta.main) await main(backend);
