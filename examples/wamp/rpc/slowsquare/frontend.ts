// RPC slowsquare, frontend: calls the slow and the fast procedure at once;
// the fast result arrives first although it was asked for second.
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (session) => {
    const t0 = performance.now();
    const order: string[] = [];
    const slow = session.call("com.math.slowsquare", [3, 300]).then((r) => {
      order.push("slow");
      o.log(`slow square(3) = ${r} after ${Math.round(performance.now() - t0)} ms`);
      return r;
    });
    const fast = session.call("com.math.square", [4]).then((r) => {
      order.push("fast");
      o.log(`square(4) = ${r} after ${Math.round(performance.now() - t0)} ms`);
      return r;
    });
    check(await Promise.all([slow, fast]), [9, 16], "squares");
    check(order, ["fast", "slow"], "arrival order");
    await session.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
