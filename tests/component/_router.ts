/**
 * A test router: the embedded {@linkcode Router} behind a WebSocket listener
 * and a RawSocket listener on 127.0.0.1, restartable on the same ports.
 *
 * @module
 */
import { Router } from "../../src/router/mod.ts";
import { listenTcp } from "../../src/transport/deno_tcp.ts";
import {
  listenWebSocketTransport,
  type RawSocketServer,
  serveRawSocket,
  type WebSocketServer,
} from "../../src/transport/mod.ts";

/** A running test router. */
export interface TestRouter {
  readonly router: Router;
  readonly wsPort: number;
  readonly rsPort: number;
  readonly wsUrl: string;
  readonly rsUrl: string;
  /** Stops the listeners and drops every session. */
  close(): Promise<void>;
}

/** Starts a router; pass ports to restart on the same ones. */
export async function startTestRouter(
  ports: { ws?: number; rs?: number } = {},
): Promise<TestRouter> {
  const router = new Router({ realms: ["realm1"] });
  const ws: WebSocketServer = await listenWebSocketTransport(
    "ws://127.0.0.1/ws",
    { onTransport: (t) => router.attach(t) },
    { hostname: "127.0.0.1", port: ports.ws ?? 0 },
  );
  const listener = listenTcp({ hostname: "127.0.0.1", port: ports.rs ?? 0 });
  const rsPort = (listener.addr as { port: number }).port;
  const rs: RawSocketServer = serveRawSocket(listener, { onTransport: (t) => router.attach(t) });
  return {
    router,
    wsPort: ws.port,
    rsPort,
    wsUrl: `ws://127.0.0.1:${ws.port}/ws`,
    rsUrl: `rs://127.0.0.1:${rsPort}`,
    async close() {
      router.close();
      await Promise.all([ws.close(), rs.close()]);
    },
  };
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `pred` every 5 ms until it holds, failing after `timeout` ms. */
export async function until(
  pred: () => boolean,
  timeout = 5000,
  what = "condition",
): Promise<void> {
  const end = Date.now() + timeout;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await delay(5);
  }
}
