// Type-level tests: `deno check` fails if a `@ts-expect-error` line compiles
// (the typed API became too loose) or another line does not (too strict).
import { assertEquals } from "../_assert.ts";
import {
  CallResult,
  type EventDetails,
  procedure,
  type Publication,
  type Registration,
  Session,
  type Subscription,
  topic,
  type WampEvent,
} from "../../src/session/mod.ts";
import { FakeTransport } from "./_fake_transport.ts";

const add2 = procedure<[number, number], number>("com.myapp.add2");
const greet = procedure<[string], string, { loud?: boolean }>("com.myapp.greet");
const hello = topic<[string], { from?: string }>("com.myapp.hello");

// Only type-checked, never run.
function _typeChecks(session: Session) {
  // Typed procedure descriptors: arguments and results checked once declared.
  const sum: Promise<number> = session.call(add2, [2, 3]);
  // @ts-expect-error wrong argument type
  session.call(add2, ["2", 3]);
  // @ts-expect-error too few arguments
  session.call(add2, [2]);
  // @ts-expect-error wrong result type
  const _bad: Promise<string> = session.call(add2, [2, 3]);
  const g: Promise<string> = session.call(greet, ["joe"], { loud: true });
  // @ts-expect-error wrong kwargs type
  session.call(greet, ["joe"], { loud: "yes" });

  // Explicit generics on a plain URI.
  const explicit: Promise<number> = session.call<[number, number], number>("com.add2", [2, 3]);
  // @ts-expect-error wrong argument type with explicit generics
  session.call<[number, number], number>("com.add2", ["2", 3]);
  // Untyped calls resolve to unknown.
  const untyped: Promise<unknown> = session.call("com.any", [1, "two"], { x: 1 });

  // Registration against a descriptor checks the handler.
  const r1: Promise<Registration> = session.register(add2, ([a, b]) => a + b);
  session.register(add2, ([a, b]) => Promise.resolve(a + b));
  session.register(add2, ([a, b]) => new CallResult([a + b]));
  // @ts-expect-error wrong result type
  session.register(add2, () => "three");
  // @ts-expect-error arguments are numbers
  session.register(add2, ([a]) => a.toUpperCase());
  session.register(greet, ([name], kwargs) => (kwargs.loud ? name.toUpperCase() : name));
  // Untyped registrations stay as easy as in Autobahn|JS.
  session.register("com.any", (args) => args[0] + args[1]);
  session.register("com.slow", () => new Promise((resolve) => setTimeout(() => resolve(1), 1)));
  session.register("com.details", (_args, _kwargs, details) => {
    const caller: number | undefined = details.caller;
    const signal: AbortSignal = details.signal;
    details.progress?.([1]);
    return [caller, signal.aborted];
  });

  // Publish: a promise only with acknowledge: true.
  const p: Promise<Publication> = session.publish(hello, ["hi"], {}, { acknowledge: true });
  const v: void = session.publish(hello, ["hi"], { from: "me" });
  // @ts-expect-error an unacknowledged publish returns nothing to await
  const _noPromise: Promise<Publication> = session.publish("com.t", [], {});
  // @ts-expect-error wrong payload type for a typed topic
  session.publish(hello, [42]);
  // @ts-expect-error unknown option
  session.publish("com.t", [], {}, { excludeMee: true });

  // Subscribe: typed topics type the handler.
  const s: Promise<Subscription> = session.subscribe(hello, ([text], kwargs, details) => {
    const upper: string = text.toUpperCase();
    const from: string | undefined = kwargs.from;
    const d: EventDetails = details;
    return [upper, from, d];
  });
  // @ts-expect-error the payload is a string
  session.subscribe(hello, ([text]) => text.toFixed());
  const events: AsyncIterable<WampEvent<[string], { from?: string }>> = session.events(hello);

  // camelCase options only.
  // @ts-expect-error snake_case is the wire's, not the API's
  session.call("com.x", [], {}, { receive_progress: true });
  session.call("com.x", [], {}, { receiveProgress: true, discloseMe: true, timeout: 10 });

  return [sum, g, explicit, untyped, r1, p, v, s, events];
}

Deno.test("types - typed descriptors carry only the URI at run time", () => {
  assertEquals(add2, { uri: "com.myapp.add2" });
  assertEquals(hello.uri, "com.myapp.hello");
  assertEquals(typeof _typeChecks, "function");
  // The Session type is constructible from the fake transport used by the other tests.
  const s = new Session(new FakeTransport());
  assertEquals(s.state, "idle");
});
