/**
 * Child process of `tls_test.ts`: the platform `WebSocket` client, which can
 * trust the test CA only through `--cert` (or `DENO_CERT`) given at startup.
 * Echoes every message; on the text `close-please` closes with 4001; prints
 * how the connection ended as one JSON line.
 *
 * Usage: deno run --cert ca.pem --allow-net=127.0.0.1 _platform_tls_client.ts wss://...
 *
 * @module
 */
const url = Deno.args[0];
if (!url) throw new TypeError("Usage: _platform_tls_client.ts <wss-url>");
const ws = new WebSocket(url);
ws.binaryType = "arraybuffer";
ws.onmessage = (ev: MessageEvent) => {
  if (ev.data === "close-please") ws.close(4001, "platform done");
  else ws.send(ev.data);
};
ws.onerror = () => {};
ws.onclose = (ev) => {
  console.log(JSON.stringify({ code: ev.code, reason: ev.reason, wasClean: ev.wasClean }));
};
