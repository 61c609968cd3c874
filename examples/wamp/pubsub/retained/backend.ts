// PubSub retained, backend: publishes the latest status with retain, so a
// subscriber that arrives later gets it at once.
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function backend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (session) => {
    for (const status of ["starting", "warming up", "operational"]) {
      await session.publish("com.myapp.status", [status], { at: new Date().toISOString() }, {
        acknowledge: true,
        retain: true,
      });
    }
    o.log("backend retained status 'operational'");
  });
  return comp;
}

if (import.meta.main) await main(backend);
