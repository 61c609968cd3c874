// Type-level tests of the Component's typed register/subscribe (checked by
// `deno check`/`deno test`; the run-time part only builds a component).
import { assertEquals } from "../_assert.ts";
import { CallResult, Component, procedure, topic } from "../../src/component/mod.ts";

Deno.test("Component - typed procedures and topics are checked at compile time", () => {
  const add2 = procedure<[number, number], number>("com.myapp.add2");
  const hello = topic<[string], { loud?: boolean }>("com.myapp.hello");
  const comp = new Component({ transports: "ws://127.0.0.1:1/ws", realm: "realm1" });
  comp.register(add2, ([a, b]) => a + b);
  comp.register(add2, async ([a, b]) => await Promise.resolve(a * b));
  comp.register(add2, () => new CallResult([1], {}));
  // @ts-expect-error: the result must be a number
  comp.register(add2, ([a]) => `${a}`);
  // @ts-expect-error: the arguments are numbers
  comp.register(add2, ([a]: [string]) => a.length);
  comp.subscribe(hello, ([text], { loud }) => loud ? text.toUpperCase() : text);
  // @ts-expect-error: the payload is a string
  comp.subscribe(hello, ([n]: [number]) => n + 1);
  comp.register("untyped", (args, kwargs) => [args.length, kwargs.x]);
  comp.subscribe<[Date]>("untyped.topic", ([d]) => d.getTime());
  assertEquals(comp.transports.length, 1);
});
