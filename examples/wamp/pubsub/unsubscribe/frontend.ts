// PubSub unsubscribe, frontend: subscribes, unsubscribes after five events,
// waits, subscribes again; after three rounds it leaves.
import { exampleComponent, type ExampleOptions, main, sleep, TICK } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onReady(async (session) => {
    for (let round = 1; round <= 3; round++) {
      const five = Promise.withResolvers<void>();
      let received = 0;
      const sub = await session.subscribe("com.myapp.topic1", ([n]) => {
        o.log(`round ${round}: event ${n}`);
        if (++received === 5) five.resolve();
      });
      await five.promise;
      await sub.unsubscribe();
      o.log(`round ${round}: unsubscribed`);
      await sleep(TICK);
    }
    await session.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
