// WAMP-SCRAM: the router stores only salted verifiers (made with
// `deno task wamp scram-derive`), never the password. "dave" uses Argon2id
// under Crossbar's method name `scram`; "erin" uses PBKDF2 under the spec's
// name `wamp-scram`.
import { authComponent, type AuthExampleOptions, main } from "./_auth_common.ts";

export function scram(o: AuthExampleOptions) {
  return authComponent(o, { scram: { authid: "dave", password: "dave-password" } });
}

export function wampScram(o: AuthExampleOptions) {
  return authComponent(o, { "wamp-scram": { authid: "erin", password: "erin-password" } });
}

if (import.meta.main) {
  await main(scram);
  await main(wampScram);
}
