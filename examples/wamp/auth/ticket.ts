// Ticket authentication: authid "joe" with his (example) ticket.
import { authComponent, type AuthExampleOptions, main } from "./_auth_common.ts";

export function ticket(o: AuthExampleOptions) {
  return authComponent(o, { ticket: { authid: "joe", ticket: "joe-example-ticket" } });
}

if (import.meta.main) await main(ticket);
