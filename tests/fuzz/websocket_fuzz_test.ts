// Fuzz contract of the sans-I/O engine: any byte stream yields events or a
// documented close (1002, 1007, 1009) — never an uncaught exception — and no
// message is delivered after the connection failed or closed.
import fc from "fast-check";
import { assert } from "../_assert.ts";
import { maskedFrame, plainFrame, recorder } from "../websocket/_core_harness.ts";
import type { WebSocketRole } from "../../src/websocket/protocol.ts";

const DOCUMENTED = new Set([1002, 1007, 1009]);

function check(role: WebSocketRole, chunks: Uint8Array[]): void {
  const r = recorder(role, { maxMessagePayloadSize: 1 << 20 });
  for (const c of chunks) r.core.receiveData(c);
  r.core.receiveEof();
  let over = false;
  for (const e of r.events) {
    if (over) assert(e.type !== "message", "message delivered after close");
    if (e.type === "closed") {
      over = true;
      if (e.info.error) {
        assert(DOCUMENTED.has(e.info.error.closeCode), `code ${e.info.error.closeCode}`);
      }
    }
  }
  assert(r.events.filter((e) => e.type === "closed").length === 1, "exactly one closed event");
}

const frameArb = (role: WebSocketRole) =>
  fc.tuple(
    fc.integer({ min: 0, max: 15 }),
    fc.uint8Array({ maxLength: 200 }),
    fc.boolean(),
    fc.integer({ min: 0, max: 7 }),
  ).map(([op, payload, fin, rsv]) =>
    role === "server" ? maskedFrame(op, payload, fin, rsv) : plainFrame(op, payload, fin, rsv)
  );

for (const role of ["server", "client"] as const) {
  Deno.test(`WebSocket fuzz (${role}) - random bytes never throw`, () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        check(role, chunks);
      }),
      { seed: 6455, numRuns: 500 },
    );
  });

  Deno.test(`WebSocket fuzz (${role}) - mutated frame streams never throw`, () => {
    fc.assert(
      fc.property(
        fc.array(frameArb(role), { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.integer({ min: 1, max: 17 }),
        (frames, flips, chunk) => {
          const total = frames.reduce((n, f) => n + f.length, 0);
          const wire = new Uint8Array(total);
          let o = 0;
          for (const f of frames) {
            wire.set(f, o);
            o += f.length;
          }
          for (const [at, v] of flips) wire[at % wire.length] = v;
          const chunks: Uint8Array[] = [];
          for (let p = 0; p < wire.length; p += chunk) chunks.push(wire.subarray(p, p + chunk));
          check(role, chunks);
        },
      ),
      { seed: 7692, numRuns: 500 },
    );
  });
}
