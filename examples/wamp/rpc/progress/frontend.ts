// RPC progress, frontend: receives progressive results, by callback and as
// an async iterable.
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s) => {
    const seen: unknown[] = [];
    const res = await s.call("com.myapp.longop", [3], {}, {
      onProgress: ([i]) => {
        o.log(`progress: ${i}`);
        seen.push(i);
      },
    });
    o.log(`final: ${res}`);
    check([seen, res], [[0, 1, 2], 3], "onProgress");
    const call = s.callProgressive("com.myapp.longop", [4]);
    const iterated: unknown[] = [];
    for await (const p of call) iterated.push(p.args[0]);
    check([iterated, await call.result], [[0, 1, 2, 3], 4], "callProgressive");
    o.log(`iterated: ${iterated.join(", ")}; final: ${await call.result}`);
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
