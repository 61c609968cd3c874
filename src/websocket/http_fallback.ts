/**
 * Plain HTTP on a WebSocket port: a request that is not an upgrade is handed
 * to a `fetch`-style handler (`(Request) => Response`), so static files or a
 * small web app can share the port. One request per connection
 * (`Connection: close`); request bodies need a `Content-Length` (1 MiB max).
 *
 * @module
 */
import type { ByteConnection } from "../transport/types.ts";
import { utf8Encoder } from "../util/bytes.ts";
import { buildHttpErrorResponse, reasonPhrase } from "./handshake.ts";
import type { HttpRequestHead } from "./http11.ts";

/** Largest request body accepted by the fallback handler. */
export const MAX_FALLBACK_BODY = 1024 * 1024;

const FORBIDDEN_RESPONSE_HEADERS = new Set(["connection", "content-length", "transfer-encoding"]);

/** Serves one plain HTTP request with `handler` and closes the connection. */
export async function serveHttp(
  conn: ByteConnection,
  head: HttpRequestHead,
  rest: Uint8Array,
  handler: (request: Request) => Response | Promise<Response>,
  secure: boolean,
  serverName: string,
): Promise<void> {
  try {
    const lengthHeader = head.headers["content-length"];
    if (head.headers["transfer-encoding"] !== undefined) {
      await conn.write(buildHttpErrorResponse(411, "A Content-Length is required"));
      return;
    }
    let body: Uint8Array<ArrayBuffer> | null = null;
    if (lengthHeader !== undefined) {
      const length = /^\d{1,9}$/.test(lengthHeader) ? Number(lengthHeader) : -1;
      if (length < 0) {
        await conn.write(buildHttpErrorResponse(400, "Invalid Content-Length"));
        return;
      }
      if (length > MAX_FALLBACK_BODY) {
        await conn.write(buildHttpErrorResponse(413, "Request body too large"));
        return;
      }
      body = new Uint8Array(length);
      let have = Math.min(rest.length, length);
      body.set(rest.subarray(0, have));
      while (have < length) {
        const n = await conn.read(body.subarray(have));
        if (n === null) return;
        have += n;
      }
    }
    const headers = new Headers();
    for (const [name, value] of head.rawHeaders) {
      try {
        headers.append(name, value);
      } catch {
        // A header the Fetch API refuses is left out.
      }
    }
    const host = head.headers["host"] ?? "localhost";
    const url = /^https?:\/\//i.test(head.target)
      ? head.target
      : `${secure ? "https" : "http"}://${host}${head.target}`;
    const method = head.method.toUpperCase();
    const request = new Request(url, {
      method,
      headers,
      ...(body && method !== "GET" && method !== "HEAD" ? { body } : {}),
    });
    let response: Response;
    try {
      response = await handler(request);
    } catch {
      await conn.write(buildHttpErrorResponse(500, "The request handler failed"));
      return;
    }
    const payload = method === "HEAD"
      ? new Uint8Array(0)
      : new Uint8Array(await response.arrayBuffer());
    let headText = `HTTP/1.1 ${response.status} ${
      response.statusText || reasonPhrase(response.status)
    }\r\n`;
    let hasServer = false;
    for (const [name, value] of response.headers) {
      if (FORBIDDEN_RESPONSE_HEADERS.has(name)) continue;
      if (name === "server") hasServer = true;
      if (/[\r\n]/.test(value)) continue;
      headText += `${name}: ${value}\r\n`;
    }
    if (!hasServer && serverName) headText += `Server: ${serverName}\r\n`;
    headText += `Content-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
    const headBytes = utf8Encoder.encode(headText);
    const out = new Uint8Array(headBytes.length + payload.length);
    out.set(headBytes);
    out.set(payload, headBytes.length);
    await conn.write(out);
  } catch {
    // The client went away; nothing to report.
  } finally {
    conn.close();
  }
}
