// RPC errors, frontend: catches each error with its URI and payload.
import { ApplicationError } from "../../../../src/component/mod.ts";
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

async function errorOf(p: Promise<unknown>): Promise<ApplicationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApplicationError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (s) => {
    check(await s.call("com.myapp.sqrt", [4]), 2, "sqrt(4)");
    const undef = await errorOf(s.call("com.myapp.sqrt", [0]));
    o.log(`sqrt(0): ${undef.error} ${JSON.stringify(undef.args)}`);
    check(undef.error, "com.myapp.error.undefined", "sqrt(0)");
    const neg = await errorOf(s.call("com.myapp.sqrt", [-1]));
    o.log(`sqrt(-1): ${neg.error} ${JSON.stringify(neg.args)}`);
    check(neg.error, "wamp.error.runtime_error", "sqrt(-1)");
    const cases: [string, string][] = [
      ["foo", "com.myapp.error.reserved"],
      ["Homer", "com.myapp.error.mixed_case"],
      ["ab", "com.myapp.error.invalid_length"],
    ];
    for (const [name, uri] of cases) {
      const e = await errorOf(s.call("com.myapp.checkname", [name]));
      o.log(`checkname(${name}): ${e.error} ${JSON.stringify(e.args)} ${JSON.stringify(e.kwargs)}`);
      check(e.error, uri, `checkname(${name})`);
    }
    const cmp = await errorOf(s.call("com.myapp.compare", [3, 17]));
    check([cmp.error, cmp.args], ["com.myapp.error1", [14]], "compare");
    o.log(`compare(3, 17): ${cmp.error}: ${cmp.args[0]}`);
    await s.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
