// Shared plumbing of the authentication examples: each example joins
// realm1 on the router of ./router.json with one method, calls a procedure
// (the router's own wamp.session.count), prints who it is, and leaves.
//   deno task wamp router --config examples/wamp/auth/router.json
//   deno run --allow-net --allow-read examples/wamp/auth/ticket.ts [url] [realm]
// The credentials are the EXAMPLE ones of router.json: never reuse them.
import { Component, run } from "../../../src/component/mod.ts";
import type { AuthenticationConfig } from "../../../src/component/mod.ts";

/** Where to connect, and how to print. */
export interface AuthExampleOptions {
  readonly url: string;
  readonly realm: string;
  readonly log: (...args: unknown[]) => void;
}

/** A component that authenticates with `authentication`, calls, and leaves. */
export function authComponent(
  o: AuthExampleOptions,
  authentication: AuthenticationConfig,
): Component {
  const comp = new Component({
    transports: [{ url: o.url, maxRetries: 0 }],
    realm: o.realm,
    authentication,
  });
  comp.onJoin(async (session, details) => {
    o.log(`joined as ${details.authid} (role ${details.authrole}, method ${details.authmethod})`);
    const count = await session.call("wamp.session.count");
    o.log(`wamp.session.count() = ${count}`);
    await session.leave();
  });
  return comp;
}

/** Runs `make` as a program: URL and realm from the command line. */
export async function main(make: (o: AuthExampleOptions) => Component): Promise<void> {
  const url = Deno.args[0] ?? "ws://127.0.0.1:8080/ws";
  const realm = Deno.args[1] ?? "realm1";
  await run([make({ url, realm, log: console.log })]);
}
