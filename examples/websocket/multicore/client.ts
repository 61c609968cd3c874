// Opens several connections to the multicore server and reports which worker
// answered each one.
//   deno run --allow-net=127.0.0.1 examples/websocket/multicore/client.ts \
//     [--url ws://127.0.0.1:9000] [--connections 32]
import { connect } from "../../../src/websocket/mod.ts";

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

const url = flag("url") ?? "ws://127.0.0.1:9000";
const n = Number(flag("connections") ?? 32);
const served = new Map<string, number>();

await Promise.all(Array.from({ length: n }, async (_, k) => {
  const ws = await connect(url);
  ws.send(`hello ${k}`);
  for await (const msg of ws) {
    const worker = String(msg).match(/^worker (\d+): hello \d+$/)?.[1] ?? "?";
    served.set(worker, (served.get(worker) ?? 0) + 1);
    break;
  }
  await ws.close();
}));

for (const [worker, conns] of [...served].sort()) {
  console.log(`Worker ${worker} served ${conns} connection(s)`);
}
console.log(`Distinct workers: ${served.size}`);
