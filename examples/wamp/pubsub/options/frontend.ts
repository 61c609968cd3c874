// PubSub options, frontend: publishes with discloseMe and its own events
// excluded; receives the backend's events with their details.
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  let received = 0;
  comp.subscribe("com.myapp.topic1", ([counter], _kw, details) => {
    o.log(`event ${counter} (publication ${details.publication}, topic ${details.topic})`);
    if (++received === 5) void comp.session?.leave();
  });
  comp.onReady(async (session) => {
    const pub = await session.publish("com.myapp.topic1", [-1], {}, {
      acknowledge: true,
      discloseMe: true,
      excludeMe: true,
    });
    o.log(`frontend published ${pub.id}, excluded from its own event`);
  });
  return comp;
}

if (import.meta.main) await main(frontend);
