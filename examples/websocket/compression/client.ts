// permessage-deflate (RFC 7692) client: offers compression (a small window
// first, then the defaults), sends a large repetitive text and checks the echo.
//   deno run --allow-net=127.0.0.1 examples/websocket/compression/client.ts [--url ws://127.0.0.1:9000]
import { connect, PerMessageDeflateOffer } from "../../../src/websocket/mod.ts";

const i = Deno.args.indexOf("--url");
const url = i >= 0 ? Deno.args[i + 1]! : "ws://127.0.0.1:9000";

const ws = await connect(url, {
  perMessageCompressionOffers: [
    new PerMessageDeflateOffer({ requestMaxWindowBits: 12 }),
    new PerMessageDeflateOffer(),
  ],
});
const ext = ws.response?.extensions ?? [];
console.log(
  `Extensions in use: ${
    ext.map((e) =>
      [e.name, ...Object.entries(e.params).map(([k, v]) => v === true ? k : `${k}=${v}`)].join("; ")
    )
      .join(", ") || "none"
  }`,
);

const text = "Hello, compressed world! ".repeat(4000); // 100 kB that deflate shrinks to little
ws.send(text);
for await (const msg of ws) {
  console.log(`Echo ${msg === text ? "matched" : "DIFFERED"}: ${text.length} characters`);
  break;
}
const info = await ws.close();
console.log(`Closed: clean=${info.wasClean} code=${info.code}`);
