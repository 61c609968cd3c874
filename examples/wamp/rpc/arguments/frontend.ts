// RPC arguments, frontend: calls each procedure with different argument shapes.
import type { CallResult } from "../../../../src/component/mod.ts";
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s) => {
    check(await s.call("com.arguments.ping"), undefined, "ping");
    o.log("pinged!");
    const sum = await s.call("com.arguments.add2", [2, 3]);
    o.log(`add2: ${sum}`);
    check(sum, 5, "add2");
    check(await s.call("com.arguments.stars"), "somebody starred 0x", "stars");
    check(await s.call("com.arguments.stars", [], { nick: "Homer" }), "Homer starred 0x", "stars");
    const starred = await s.call("com.arguments.stars", [], { nick: "Homer", stars: 5 });
    o.log(`stars: ${starred}`);
    const orders = await s.call<[string], string[]>("com.arguments.orders", ["coffee"], {
      limit: 2,
    });
    o.log(`orders: ${orders.join(", ")}`);
    check(orders.length, 2, "orders");
    for (
      const [args, kwargs, expected] of [[[], {}, [0, 0]], [[1, 2, 3], {}, [3, 0]], [[], {
        a: 1,
        b: 2,
      }, [0, 2]], [[1, 2], { a: 1 }, [2, 1]]] as const
    ) {
      const r = await s.call("com.arguments.arglen", [...args], kwargs) as CallResult;
      check(r.args, expected, "arglen");
      o.log(`arglen: ${r.args}`);
    }
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
