// One worker of the multicore echo server: its own event loop, its own
// listening socket on the shared port (SO_REUSEPORT), its own WebSocket server.
// `listenWebSocket` has no reusePort option, so the worker opens the socket
// itself with Deno.listen and hands it over as `ListenOptions.listener`.
import {
  listenWebSocket,
  WebSocketServerFactory,
  WebSocketServerProtocol,
} from "../../../src/websocket/mod.ts";
import { DenoByteConnection, wrapListener } from "../../../src/transport/deno_conn.ts";

/** What the main thread tells a worker. */
export interface WorkerStart {
  id: number;
  hostname: string;
  port: number;
  reusePort: boolean;
}

declare const self: {
  onmessage: ((e: MessageEvent<WorkerStart | "stop">) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
};

let stop: (() => Promise<void>) | undefined;

self.onmessage = async (e) => {
  if (e.data === "stop") {
    await stop?.();
    self.close();
    return;
  }
  const { id, hostname, port, reusePort } = e.data;
  try {
    const socket = Deno.listen({ hostname, port, reusePort, transport: "tcp" });
    const listener = wrapListener(socket, (c) => new DenoByteConnection(c));
    const factory = new WebSocketServerFactory(`ws://${hostname}:${socket.addr.port}`);
    factory.protocol = class extends WebSocketServerProtocol {
      override onMessage(payload: Uint8Array, isBinary: boolean): void {
        // Say which worker answered, so a client can see the load spread.
        if (isBinary) this.sendMessage(payload, true);
        else this.sendMessage(`worker ${id}: ${new TextDecoder().decode(payload)}`);
      }
    };
    const server = await listenWebSocket(factory, { listener });
    stop = () => server.close();
    self.postMessage({ id, port: server.port });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
