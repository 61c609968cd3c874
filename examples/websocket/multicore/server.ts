// Multicore echo server: several Deno workers, each with its own listening
// socket on ONE port. On Linux, SO_REUSEPORT (`Deno.listen({ reusePort: true })`)
// makes the kernel spread incoming connections over the sockets, hence over
// the workers and the cores. Elsewhere reusePort does not balance (macOS/BSD
// hand every connection to one socket, Windows has no SO_REUSEPORT), so the
// example degrades to one worker and says so. Deno 2.9 still gates reusePort
// behind `--unstable-net` at run time (the flag-less call exits the process),
// so without the flag the example also runs one worker and says so.
//   deno run --unstable-net --allow-net=127.0.0.1 --allow-read \
//     examples/websocket/multicore/server.ts [--port 9000] [--workers N]
import type { WorkerStart } from "./worker.ts";

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

const hostname = "127.0.0.1";
// `Deno.listenDatagram` exists exactly when --unstable-net is on.
const unstableNet = "listenDatagram" in Deno;
const reusePort = Deno.build.os === "linux" && unstableNet;
const wanted = Number(flag("workers") ?? navigator.hardwareConcurrency ?? 2);
const count = reusePort ? Math.max(1, wanted) : 1;
if (Deno.build.os !== "linux") {
  console.log(`Note: reusePort does not balance connections on ${Deno.build.os}; using 1 worker`);
} else if (!unstableNet) {
  console.log("Note: reusePort needs --unstable-net on Deno 2.9; using 1 worker");
}

const workers: Worker[] = [];
function start(id: number, port: number): Promise<number> {
  const worker = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
  workers.push(worker);
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ port?: number; error?: string }>) => {
      if (e.data.error) reject(new Error(`Worker ${id} cannot listen: ${e.data.error}`));
      else resolve(e.data.port!);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`Worker ${id} failed: ${e.message}`));
    };
    worker.postMessage({ id, hostname, port, reusePort } satisfies WorkerStart);
  });
}

// The first worker binds (port 0 picks a free port); the others join its port.
const port = await start(0, Number(flag("port") ?? 9000));
await Promise.all(Array.from({ length: count - 1 }, (_, i) => start(i + 1, port)));
console.log(
  `Multicore echo server listening on ws://${hostname}:${port} ` +
    `(${count} worker(s), reusePort=${reusePort})`,
);

const stop = async () => {
  for (const w of workers) w.postMessage("stop");
  await new Promise((r) => setTimeout(r, 200));
  for (const w of workers) w.terminate();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", () => void stop());
Deno.addSignalListener("SIGTERM", () => void stop());
