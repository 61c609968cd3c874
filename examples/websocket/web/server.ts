// One port for everything: static files from ./static, a JSON endpoint at
// /api/status, and a WebSocket (echo) on any upgrade request (the page uses /ws).
//   deno run --allow-net=127.0.0.1 --allow-read examples/websocket/web/server.ts [--port 8080]
// then open http://127.0.0.1:8080/ in a browser.
import { serve } from "../../../src/websocket/mod.ts";

const STATIC = new URL("./static/", import.meta.url);
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};
const started = Date.now();
let open = 0;

async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === "/api/status") {
    return Response.json({ connections: open, uptimeSeconds: (Date.now() - started) / 1000 });
  }
  const name = pathname === "/" ? "index.html" : pathname.slice(1);
  // Only plain file names: no directories, so nothing outside ./static is served.
  if (!/^[\w-]+\.(html|js|css)$/.test(name)) return new Response("Not found", { status: 404 });
  try {
    const body = await Deno.readFile(new URL(name, STATIC));
    return new Response(body, { headers: { "content-type": TYPES[name.split(".").pop()!]! } });
  } catch {
    return new Response("Not found", { status: 404 });
  }
}

const i = Deno.args.indexOf("--port");
const port = i >= 0 ? Number(Deno.args[i + 1]) : 8080;
const server = await serve({ port, fetch: handle }, async (ws) => {
  open++;
  for await (const msg of ws) ws.send(msg);
  open--;
});
console.log(
  `Listening on http://127.0.0.1:${server.port} (WebSocket at ws://127.0.0.1:${server.port}/ws)`,
);
