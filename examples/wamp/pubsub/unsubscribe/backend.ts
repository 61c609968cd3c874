// PubSub unsubscribe, backend: publishes a counter every tick.
import { every, exampleComponent, type ExampleOptions, main, TICK } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin((session) =>
    every(TICK / 2, session, (n) => session.publish("com.myapp.topic1", [n]))
  );
  return comp;
}

if (import.meta.main) await main(backend);
