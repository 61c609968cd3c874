/**
 * The `web` transport's HTTP side: static files at some paths, WebSocket at
 * others, on one port (Crossbar's `paths`). Static serving is safe by
 * construction: the request path is decoded, `..`, NUL and backslashes are
 * refused, and the resolved real path (after symlinks) must stay inside the
 * configured directory; anything else is 404.
 *
 * @module
 */
import type { StaticPathConfig, WebPathConfig } from "./config.ts";
import { denoFileSystem, type StaticFileSystem } from "../transport/deno_fs.ts";

/**
 * Content types by file extension (lower case, without the dot).
 *
 * @example Looking up the content type of a file name
 * ```ts
 * import { CONTENT_TYPES } from "@autobahn/autobahn/router";
 *
 * const ext = "index.html".split(".").pop()!;
 * if (CONTENT_TYPES[ext] !== "text/html; charset=utf-8") throw new Error(CONTENT_TYPES[ext]);
 * ```
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json",
  map: "application/json",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/x-icon",
  wasm: "application/wasm",
  woff: "font/woff",
  woff2: "font/woff2",
  xml: "application/xml",
  pdf: "application/pdf",
});

export { denoFileSystem, type StaticFileSystem } from "../transport/deno_fs.ts";

/**
 * A compiled `paths` table: where each URL path goes.
 *
 * @example Asking the routes where a request goes
 * ```ts
 * import { compileWebRoutes, type WebRoutes } from "@autobahn/autobahn/router";
 *
 * const routes: WebRoutes = await compileWebRoutes({ ws: { type: "websocket", options: {} } });
 * if (routes.websocket("/ws")?.key !== "ws") throw new Error("Expected the WebSocket path");
 * const plain = await routes.fetch(new Request("http://127.0.0.1/ws"));
 * if (plain.status !== 426) throw new Error(`Unexpected status ${plain.status}`);
 * ```
 */
export interface WebRoutes {
  /** The service for a WebSocket upgrade to `path`, if any. */
  websocket(path: string): { key: string; config: WebPathConfig } | undefined;
  /** Answers a plain HTTP request (static files, 404, 405). */
  fetch(request: Request): Promise<Response>;
}

function urlPathOf(key: string): string {
  return key === "/" ? "/" : `/${key}`;
}

/** Longest-prefix lookup over path segments. */
function lookup<T>(table: Map<string, T>, path: string): { prefix: string; value: T } | undefined {
  let p = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  for (;;) {
    const v = table.get(p);
    if (v !== undefined) return { prefix: p, value: v };
    if (p === "/") return undefined;
    const i = p.lastIndexOf("/");
    p = i <= 0 ? "/" : p.slice(0, i);
  }
}

function notFound(): Response {
  return new Response("Not Found\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serves one static directory below a URL prefix.
 *
 * @example Serving a file from a directory
 * ```ts
 * import { createStaticHandler } from "@autobahn/autobahn/router";
 *
 * const directory = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${directory}/index.html`, "<h1>Hello</h1>");
 * const serve = await createStaticHandler("/", { type: "static", directory, options: {} });
 * const response = await serve(new Request("http://x/index.html"), "/index.html");
 * if ((await response.text()) !== "<h1>Hello</h1>") throw new Error("Unexpected page");
 * await Deno.remove(directory, { recursive: true });
 * ```
 *
 * @throws {TypeError} when the directory does not exist.
 */
export async function createStaticHandler(
  prefix: string,
  config: StaticPathConfig,
  fs: StaticFileSystem = denoFileSystem,
): Promise<(request: Request, path: string) => Promise<Response>> {
  let root: string;
  try {
    root = await fs.realPath(config.directory);
    if (!(await fs.stat(root)).isDirectory) throw new Error("not a directory");
  } catch (err) {
    throw new TypeError(
      `Cannot serve static files: ${config.directory} is not a directory (${
        (err as Error).message
      })`,
    );
  }
  const types = { ...CONTENT_TYPES, ...config.options.mime_types };
  const maxAge = config.options.cache_timeout;
  const listing = config.options.enable_directory_listing ?? false;
  return async (request, path) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method Not Allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    let rest = path.slice(prefix === "/" ? 1 : prefix.length + 1);
    let segments: string[];
    try {
      segments = rest.split("/").map(decodeURIComponent);
    } catch {
      return notFound();
    }
    // No traversal: refuse dot segments, NUL and backslashes before touching the disk.
    if (segments.some((s) => s === ".." || s === "." || s.includes("\0") || s.includes("\\"))) {
      return notFound();
    }
    segments = segments.filter((s) => s !== "");
    rest = segments.join("/");
    let file: string;
    let kind: { isFile: boolean; isDirectory: boolean };
    try {
      file = await fs.realPath(rest ? `${root}/${rest}` : root);
      // Symlinks must not lead out of the directory.
      if (file !== root && !file.startsWith(root.endsWith("/") ? root : root + "/")) {
        return notFound();
      }
      kind = await fs.stat(file);
      if (kind.isDirectory) {
        if (!path.endsWith("/")) {
          return new Response(null, { status: 301, headers: { location: `${path}/` } });
        }
        try {
          const index = await fs.realPath(`${file}/index.html`);
          if (index.startsWith(root) && (await fs.stat(index)).isFile) {
            file = index;
            kind = { isFile: true, isDirectory: false };
          }
        } catch {
          // no index.html
        }
      }
    } catch {
      return notFound();
    }
    if (kind.isDirectory) {
      if (!listing) return notFound();
      const names = await fs.readDir(file);
      const body = `<!doctype html><title>${escapeHtml(path)}</title><ul>` +
        names.map((n) => `<li><a href="${encodeURIComponent(n)}">${escapeHtml(n)}</a></li>`).join(
          "",
        ) +
        "</ul>\n";
      return new Response(request.method === "HEAD" ? null : body, {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
    if (!kind.isFile) return notFound();
    const bytes = await fs.readFile(file);
    const dot = file.lastIndexOf(".");
    const ext = dot > file.lastIndexOf("/") ? file.slice(dot + 1).toLowerCase() : "";
    const headers: Record<string, string> = {
      "content-type": types[ext] ?? "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "x-content-type-options": "nosniff",
    };
    if (maxAge !== undefined) headers["cache-control"] = `max-age=${maxAge}`;
    return new Response(request.method === "HEAD" ? null : bytes as Uint8Array<ArrayBuffer>, {
      headers,
    });
  };
}

/**
 * Compiles a `web` transport's `paths`: WebSocket services by exact path,
 * static directories by longest prefix.
 *
 * @example Static files next to a WebSocket path
 * ```ts
 * import { compileWebRoutes } from "@autobahn/autobahn/router";
 *
 * const directory = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${directory}/index.html`, "<h1>Hello</h1>");
 * const routes = await compileWebRoutes({
 *   "/": { type: "static", directory, options: {} },
 *   ws: { type: "websocket", options: {} },
 * });
 * const page = await routes.fetch(new Request("http://127.0.0.1/index.html"));
 * if ((await page.text()) !== "<h1>Hello</h1>") throw new Error("Unexpected page");
 * await Deno.remove(directory, { recursive: true });
 * ```
 *
 * @throws {TypeError} when a static directory does not exist.
 */
export async function compileWebRoutes(
  paths: Readonly<Record<string, WebPathConfig>>,
  fs: StaticFileSystem = denoFileSystem,
): Promise<WebRoutes> {
  const sockets = new Map<string, { key: string; config: WebPathConfig }>();
  const statics = new Map<string, (request: Request, path: string) => Promise<Response>>();
  for (const [key, config] of Object.entries(paths)) {
    const p = urlPathOf(key);
    if (config.type === "websocket") sockets.set(p, { key, config });
    else statics.set(p, await createStaticHandler(p, config, fs));
  }
  return {
    websocket(path) {
      const p = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
      return sockets.get(p);
    },
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
      if (sockets.has(trimmed)) {
        return new Response("This is a WebSocket endpoint: upgrade required\n", {
          status: 426,
          headers: { upgrade: "websocket" },
        });
      }
      const hit = lookup(statics, path);
      if (!hit) return notFound();
      try {
        return await hit.value(request, path);
      } catch {
        return new Response("Internal Server Error\n", { status: 500 });
      }
    },
  };
}
