// PubSub basic, backend: publishes a counter to com.myapp.topic1 every tick.
import { every, exampleComponent, type ExampleOptions, main, TICK } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin((session) => {
    o.log("backend joined, publishing a counter on com.myapp.topic1");
    every(TICK, session, (counter) => session.publish("com.myapp.topic1", [counter]));
  });
  return comp;
}

if (import.meta.main) await main(backend);
