// Shared plumbing of the WAMP examples: every example file exports a
// function making its Component, and runs it when started directly:
//   deno run --allow-net examples/wamp/rpc/timeservice/backend.ts [url] [realm]
// (start a router first, e.g. the embedded one: deno run -A examples/run_all.ts --router)
import { Component, run } from "../../src/component/mod.ts";

/** What an example gets: where to connect and how to print. */
export interface ExampleOptions {
  readonly url: string;
  readonly realm: string;
  readonly log: (...args: unknown[]) => void;
}

/** Makes an example's component. */
export type ExampleFactory = (options: ExampleOptions) => Component;

/** A component on one transport, no retries (examples fail fast). */
export function exampleComponent(o: ExampleOptions): Component {
  return new Component({ transports: [{ url: o.url, maxRetries: 0 }], realm: o.realm });
}

/** Runs `make` as a program: URL and realm from the command line. */
export async function main(make: ExampleFactory): Promise<void> {
  const url = Deno.args[0] ?? "ws://127.0.0.1:8080/ws";
  const realm = Deno.args[1] ?? "realm1";
  await run([make({ url, realm, log: console.log })]);
}

/** Throws unless `actual` deep-equals `expected` (JSON comparison). */
export function check(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Resolves after `ms`. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** Repeats `fn` every `ms` while the session is joined (backends that publish). */
export function every(
  ms: number,
  session: { readonly isJoined: boolean },
  fn: (tick: number) => void,
): void {
  let tick = 0;
  const loop = () => {
    if (!session.isJoined) return;
    try {
      fn(tick++);
    } catch {
      return; // the session went away between the check and the publish
    }
    setTimeout(loop, ms);
  };
  loop();
}

/** Interval of the publishing backends, ms (Autobahn's examples use 1 s). */
export const TICK = 100;
