// WAMP-CRA: "peter" has a plain secret; "carol" a salted one (the router
// stores only the derived key, made with `deno task wamp cra-derive`). The
// client gives the password either way; the salt comes with the challenge.
import { authComponent, type AuthExampleOptions, main } from "./_auth_common.ts";

export function wampcra(o: AuthExampleOptions) {
  return authComponent(o, { wampcra: { authid: "peter", secret: "peter-example-secret" } });
}

export function wampcraSalted(o: AuthExampleOptions) {
  return authComponent(o, { wampcra: { authid: "carol", secret: "carol-password" } });
}

if (import.meta.main) {
  await main(wampcra);
  await main(wampcraSalted);
}
