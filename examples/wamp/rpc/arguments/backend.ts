// RPC arguments, backend: procedures taking no, positional, keyword and
// variable arguments.
import { CallResult } from "../../../../src/component/mod.ts";
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.arguments.ping", () => undefined);
  comp.register("com.arguments.add2", ([a, b]: [number, number]) => a + b);
  comp.register(
    "com.arguments.stars",
    (_args, { nick = "somebody", stars = 0 }) => `${nick} starred ${stars}x`,
  );
  comp.register(
    "com.arguments.orders",
    ([product], { limit = 5 }) =>
      Array.from({ length: limit }, (_, i) => `Product ${product}-${i}`),
  );
  comp.register(
    "com.arguments.arglen",
    (args, kwargs) => new CallResult([args.length, Object.keys(kwargs).length]),
  );
  comp.onReady(() => o.log("argument procedures registered"));
  return comp;
}

if (import.meta.main) await main(backend);
