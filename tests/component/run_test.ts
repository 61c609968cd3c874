import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { Component, createLogger, type LogRecord, run } from "../../src/component/mod.ts";
import { startTestRouter } from "./_router.ts";

Deno.test("run - logs at info through the given sink and resolves when all components are done", async () => {
  const r = await startTestRouter();
  try {
    const records: LogRecord[] = [];
    const comps = [r.wsUrl, r.rsUrl].map((url) => {
      const c = new Component({ transports: url, realm: "realm1" });
      c.onReady((s) => s.leave());
      return c;
    });
    await run(comps, { logger: createLogger("info", (rec) => records.push(rec)) });
    const joined = records.filter((x) =>
      x.category === "autobahn.component" && x.message === "Session joined"
    );
    assertEquals(joined.length, 2);
    assert(records.every((x) => x.level !== "debug" && x.level !== "trace"));
  } finally {
    await r.close();
  }
});

Deno.test("run - SIGTERM stops every component gracefully", async () => {
  const r = await startTestRouter();
  try {
    const comp = new Component({ transports: r.wsUrl, realm: "realm1" });
    const left: string[] = [];
    comp.onLeave((_s, d) => void left.push(d.initiator));
    comp.onReady(() => void Deno.kill(Deno.pid, "SIGTERM"));
    await run([comp], { logLevel: "off" });
    assertEquals(left, ["local"]);
  } finally {
    await r.close();
  }
});

Deno.test("run - rejects with the failure of a component", async () => {
  const r = await startTestRouter();
  try {
    const bad = new Component({ transports: r.wsUrl, realm: "no.such.realm" });
    await assertRejects(() => run([bad], { logLevel: "off" }), Error, "no_such_realm");
    await assertRejects(() => run([], { logLevel: "off" }), TypeError);
  } finally {
    await r.close();
  }
});
