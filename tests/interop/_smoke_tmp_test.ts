import { WebSocketServer, WebSocket } from "ws";
import { connect, serve } from "../../src/websocket/mod.ts";
Deno.test("smoke", async () => {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((r) => wss.once("listening", r));
  const port = (wss.address() as { port: number }).port;
  wss.on("connection", (s) => s.on("message", (d, isBin) => s.send(d, { binary: isBin })));
  const ws = await connect(`ws://127.0.0.1:${port}`);
  ws.send("hi");
  for await (const m of ws) { console.log("got", m); break; }
  console.log(await ws.closed);
  await new Promise((r) => wss.close(r));
  const srv = await serve({ port: 0 }, async (c) => { for await (const m of c) c.send(m); });
  const cl = new WebSocket(`ws://127.0.0.1:${srv.port}`);
  await new Promise((r) => cl.once("open", r));
  cl.send("yo");
  const m = await new Promise((r) => cl.once("message", (d, b) => r([String(d), b])));
  console.log(m);
  cl.close(4001, "bye");
  console.log(await new Promise((r) => cl.once("close", (c, rs) => r([c, String(rs)]))));
  await srv.close();
});
