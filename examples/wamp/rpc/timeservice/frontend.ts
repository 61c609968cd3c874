// RPC timeservice, frontend: asks for the time and prints it.
import { exampleComponent, type ExampleOptions, main } from "../../_common.ts";

export function frontend(o: ExampleOptions) {
  const comp = exampleComponent(o);
  comp.onJoin(async (session) => {
    const now = await session.call<[], string>("com.timeservice.now");
    if (Number.isNaN(Date.parse(now))) throw new Error(`not a time: ${now}`);
    o.log(`current time from time service: ${now}`);
    await session.leave();
  });
  return comp;
}

if (import.meta.main) await main(frontend);
