// PubSub complex, frontend: counts heartbeats and reads structured events.
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  let heartbeats = 0;
  let events = 0;
  comp.subscribe("com.myapp.heartbeat", (args, kwargs) => {
    check([args, kwargs], [[], {}], "heartbeat payload");
    heartbeats++;
  });
  comp.subscribe("com.myapp.topic2", ([a, b], { c, d }) => {
    o.log(`got event: ${a} ${b} ${c} ${JSON.stringify(d)}`);
    check(d.foo, [1, 2, 3], "d.foo");
    if (++events === 5) void comp.session?.leave();
  });
  comp.onLeave(() => o.log(`heartbeats: ${heartbeats}, events: ${events}`));
  return comp;
}

if (import.meta.main) await main(frontend);
