// RPC errors, backend: procedures that fail with application errors (URI,
// args, kwargs) and with plain exceptions (wamp.error.runtime_error).
import { ApplicationError } from "../../../../src/component/mod.ts";
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.register("com.myapp.sqrt", ([x]: [number]) => {
    if (x === 0) {
      throw new ApplicationError("com.myapp.error.undefined", ["don't ask foolish questions ;)"]);
    }
    if (x < 0) throw new Error(`cannot take the square root of a negative number: ${x}`);
    return Math.sqrt(x);
  });
  comp.register("com.myapp.checkname", ([name]: [string]) => {
    if (["foo", "bar"].includes(name)) {
      throw new ApplicationError("com.myapp.error.reserved", [], { name });
    }
    if (name.toLowerCase() !== name && name.toUpperCase() !== name) {
      throw new ApplicationError("com.myapp.error.mixed_case", [
        name.toLowerCase(),
        name.toUpperCase(),
      ]);
    }
    if (name.length < 3 || name.length > 10) {
      throw new ApplicationError("com.myapp.error.invalid_length", [], { min: 3, max: 10 });
    }
  });
  comp.register("com.myapp.compare", ([a, b]: [number, number]) => {
    if (a < b) throw new ApplicationError("com.myapp.error1", [b - a]);
  });
  comp.onReady(() => o.log("error procedures registered"));
  return comp;
}

if (import.meta.main) await main(backend);
