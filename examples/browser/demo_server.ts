/**
 * The browser demo's server side, shared by `serve.ts` and the headless
 * Chromium test: the embedded router with one `web` transport (the page at
 * `/`, the client bundle at `/lib/`, WAMP over WebSocket at `/ws`) and a
 * Deno backend component, in process, that registers `com.example.add2` and
 * publishes a counter to `com.example.tick`.
 *
 * @module
 */
import { startRouter } from "../../src/router/mod.ts";
import { Component, type Session } from "../../src/component/mod.ts";

/** Options of {@linkcode startDemo}. */
export interface DemoOptions {
  /** The directory holding the built client (`scripts/build_browser.ts`). */
  readonly bundleDir: string;
  /** The TCP port; 0 picks a free one (tests). Default 8080. */
  readonly port?: number;
  /** The interface to bind. Default `127.0.0.1`. */
  readonly hostname?: string;
  /** Milliseconds between two `com.example.tick` events. Default 1000. */
  readonly tickInterval?: number;
}

/** A running demo. */
export interface Demo extends AsyncDisposable {
  /** The page's URL (`http://host:port/`). */
  readonly url: string;
  /** The WAMP WebSocket URL (`ws://host:port/ws`). */
  readonly wsUrl: string;
  /** Stops the backend component and the router. */
  close(): Promise<void>;
}

/**
 * Starts the router and the backend component.
 *
 * @throws {TypeError} when `bundleDir` is not a directory.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const hostname = options.hostname ?? "127.0.0.1";
  const pageDir = decodeURIComponent(new URL(".", import.meta.url).pathname);
  const router = await startRouter({
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1" }],
      transports: [{
        type: "web",
        endpoint: { type: "tcp", port: options.port ?? 8080, interface: hostname },
        paths: {
          "/": { type: "static", directory: pageDir, options: {} },
          lib: { type: "static", directory: options.bundleDir, options: {} },
          ws: { type: "websocket", serializers: ["json", "msgpack", "cbor"] },
        },
      }],
    }],
  });
  const port = router.transports[0]!.port;
  const interval = options.tickInterval ?? 1000;

  // The backend: a Deno component attached to the router in process.
  const backend = new Component({
    transports: "ws://in-process/",
    realm: "realm1",
    connector: () => Promise.resolve(router.connectInProcess({ authid: "backend" })),
  });
  backend.register("com.example.add2", ([a, b]) => Number(a) + Number(b));
  let timer: ReturnType<typeof setInterval> | undefined;
  backend.onJoin((session: Session) => {
    let n = 0;
    timer = setInterval(() => {
      n += 1;
      session.publish("com.example.tick", [n], { from: "deno" });
    }, interval);
  });
  backend.onLeave(() => {
    clearInterval(timer);
    timer = undefined;
  });
  const running = backend.start();
  await new Promise<void>((resolve, reject) => {
    const off = backend.onReady(() => {
      off();
      resolve();
    });
    running.catch(reject);
  });

  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  let closed: Promise<void> | undefined;
  const close = () =>
    closed ??= (async () => {
      clearInterval(timer);
      await backend.stop();
      await running.catch(() => {});
      await router.close();
    })();
  return {
    url: `http://${host}:${port}/`,
    wsUrl: `ws://${host}:${port}/ws`,
    close,
    [Symbol.asyncDispose]: close,
  };
}
