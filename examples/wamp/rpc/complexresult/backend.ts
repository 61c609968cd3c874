// RPC complex results, backend: procedures answering with several positional
// and keyword values.
import { CallResult } from "../../../../src/component/mod.ts";
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register(
    "com.myapp.add_complex",
    ([a, ai, b, bi]: number[]) => new CallResult([], { c: a! + b!, ci: ai! + bi! }),
  );
  comp.register("com.myapp.split_name", ([fullname]: [string]) => {
    const [forename, ...rest] = fullname.split(" ");
    return new CallResult([forename, rest.join(" ")]);
  });
  comp.onReady(() => o.log("complex result procedures registered"));
  return comp;
}

if (import.meta.main) await main(backend);
