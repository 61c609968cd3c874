// PubSub complex, backend: a heartbeat with no payload, and events with
// positional and keyword payloads on com.myapp.topic2.
import { every, exampleComponent, type ExampleOptions, main, TICK } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin((session) => {
    every(TICK, session, (counter) => {
      session.publish("com.myapp.heartbeat");
      const a = Math.floor(Math.random() * 100);
      const b = Math.floor(Math.random() * 100);
      session.publish("com.myapp.topic2", [a, b], {
        c: "Hello",
        d: { counter, foo: [1, 2, 3] },
      });
    });
  });
  return comp;
}

if (import.meta.main) await main(backend);
