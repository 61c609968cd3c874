import fc from "fast-check";
import { assertEquals } from "../_assert.ts";
import { concatBytes } from "../../src/util/bytes.ts";
import { recorder, summary } from "./_core_harness.ts";

const message = fc.oneof(
  fc.record({ binary: fc.constant(true), data: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({
    binary: fc.constant(false),
    data: fc.string({ unit: "grapheme", maxLength: 100 }).map((s) => new TextEncoder().encode(s)),
  }),
);

Deno.test("WebSocketProtocolCore - random chunking never changes the events (property)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(message, fc.integer({ min: 0, max: 40 })), { maxLength: 20 }),
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }),
      fc.boolean(),
      (msgs, cuts, clientToServer) => {
        const sender = recorder(clientToServer ? "client" : "server");
        for (const [m, frag] of msgs) sender.core.sendMessage(m.data, m.binary, frag);
        sender.core.sendPing(new Uint8Array([1, 2]));
        const wire = concatBytes([new Uint8Array(0), ...sender.core.takeOutput()]);
        const whole = recorder(clientToServer ? "server" : "client");
        whole.core.receiveData(wire);
        const chunked = recorder(clientToServer ? "server" : "client");
        let pos = 0;
        let i = 0;
        while (pos < wire.length) {
          const n = cuts[i++ % cuts.length]!;
          chunked.core.receiveData(wire.subarray(pos, pos + n));
          pos += n;
        }
        assertEquals(summary(chunked.events), summary(whole.events));
        const got = whole.events.filter((e) => e.type === "message").map((e) =>
          e.type === "message" ? [e.binary, Array.from(e.data)] : null
        );
        assertEquals(got, msgs.map(([m]) => [m.binary, Array.from(m.data)]));
      },
    ),
    { seed: 0x5eed, numRuns: 300 },
  );
});
