// Asks the slow square server for a few squares with the modern face.
//   deno run --allow-net=127.0.0.1 examples/websocket/slowsquare/client.ts [--url ws://127.0.0.1:9000]
import { connect } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";
await using ws = await connect(url);
for (const x of [2, 5, 12]) {
  ws.send(JSON.stringify(x));
  for await (const answer of ws) {
    console.log(`${x}² = ${answer}`);
    break;
  }
}
