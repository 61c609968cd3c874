// PubSub options, backend: subscribes with publisher disclosure and
// publishes acknowledged events, including to itself (excludeMe: false).
import { every, exampleComponent, type ExampleOptions, main, TICK } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.subscribe("com.myapp.topic1", ([counter], _kw, details) => {
    o.log(`backend got ${counter} from session ${details.publisher ?? "(undisclosed)"}`);
  });
  comp.onReady((session) => {
    every(TICK, session, (counter) => {
      session.publish("com.myapp.topic1", [counter], {}, { acknowledge: true, excludeMe: false })
        .then((pub) => o.log(`event published with publication ID ${pub.id}`), () => {});
    });
  });
  return comp;
}

if (import.meta.main) await main(backend);
