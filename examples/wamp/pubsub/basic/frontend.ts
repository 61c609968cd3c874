// PubSub basic, frontend: receives five events on com.myapp.topic1, then leaves.
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  let received = 0;
  comp.subscribe("com.myapp.topic1", ([counter], _kwargs, _details) => {
    o.log(`event received on com.myapp.topic1: ${counter}`);
    if (++received === 5) void comp.session?.leave();
  });
  comp.onLeave(() => o.log(`frontend left after ${received} events`));
  return comp;
}

if (import.meta.main) await main(frontend);
