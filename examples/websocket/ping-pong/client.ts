// Auto-ping client: pings the server every 0.2 s (answering the server's pings
// is automatic), prints the measured round-trip time, closes after 5 samples.
//   deno run --allow-net=127.0.0.1 examples/websocket/ping-pong/client.ts [--url ws://127.0.0.1:9000]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";

const ws = await connect(url, { autoPingInterval: 0.2, autoPingTimeout: 1, autoPingSize: 8 });
for (let n = 1; n <= 5; n++) {
  await new Promise((r) => setTimeout(r, 250));
  const rtt = ws.rtt;
  console.log(
    `Sample ${n}: rtt ${rtt === undefined ? "not measured yet" : `${rtt.toFixed(3)} ms`}`,
  );
}
const info = await ws.close();
console.log(`Closed: clean=${info.wasClean} code=${info.code}`);
