// PubSub retained, frontend: subscribes with getRetained and receives the
// last retained event immediately, flagged as retained.
import { check, exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.subscribe("com.myapp.status", ([status], { at }, details) => {
    o.log(`status ${status} (retained: ${details.retained}, published at ${at})`);
    check([status, details.retained], ["operational", true], "retained event");
    void comp.session?.leave();
  }, { getRetained: true });
  return comp;
}

if (import.meta.main) await main(frontend);
