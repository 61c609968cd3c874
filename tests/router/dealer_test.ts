import { assert, assertEquals } from "../_assert.ts";
import { type Client, clients, setup } from "./_fake.ts";

/** Calls and returns the INVOCATION the callee got. */
function invoke(
  caller: Client,
  callee: Client,
  req: number,
  proc: string,
  options = {},
  args?: unknown[],
) {
  caller.send(args ? [48, req, options, proc, args] : [48, req, options, proc]);
  const inv = callee.one();
  assertEquals(inv[0], 68, JSON.stringify(inv));
  return inv;
}

Deno.test("Dealer - CALL → INVOCATION → YIELD → RESULT with args/kwargs passed through", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  const reg = callee.register(1, "com.myapp.add2");
  const args = [23, 7, { deep: [1] }];
  caller.send([48, 9, {}, "com.myapp.add2", args, { k: "v" }]);
  const inv = callee.one();
  assertEquals(inv, [68, 1, reg, {}, args, { k: "v" }]);
  const invMsg = callee.transport.sentMessages.at(-1) as unknown as { args: unknown[] };
  assert(invMsg.args[2] === args[2], "payload passthru: same objects");
  callee.send([70, 1, {}, [30], { sum: 30 }]);
  assertEquals(caller.one(), [50, 9, {}, [30], { sum: 30 }]);
});

Deno.test("Dealer - errors: no_such_procedure, procedure_already_exists, no_such_registration", () => {
  const { router } = setup();
  const [a, b] = clients(router, 2) as [Client, Client];
  a.send([48, 1, {}, "com.none"]);
  assertEquals(a.one().slice(0, 5), [8, 48, 1, {}, "wamp.error.no_such_procedure"]);
  const reg = a.register(2, "com.p");
  b.send([64, 1, {}, "com.p"]);
  assertEquals(b.one().slice(0, 5), [8, 64, 1, {}, "wamp.error.procedure_already_exists"]);
  b.send([66, 2, reg]);
  assertEquals(b.one(), [8, 66, 2, {}, "wamp.error.no_such_registration"]);
  a.send([66, 3, reg]);
  assertEquals(a.one(), [67, 3]);
  a.send([66, 4, reg]);
  assertEquals(a.one(), [8, 66, 4, {}, "wamp.error.no_such_registration"]);
  a.send([64, 5, {}, "wamp.session.count"]);
  assertEquals(a.one().slice(0, 5), [8, 64, 5, {}, "wamp.error.invalid_uri"]);
  a.send([64, 6, { invoke: "sometimes" }, "com.q"]);
  assertEquals(a.one().slice(0, 5), [8, 64, 6, {}, "wamp.error.invalid_argument"]);
});

Deno.test("Dealer - pattern-based registration: exact, then longest prefix, then wildcard", () => {
  const { router } = setup();
  const cs = clients(router, 8) as Client[];
  const caller = cs[7]!;
  // The spec's example set (advanced profile "Pattern-based Registrations").
  const regs = [
    cs[0]!.register(1, "a1.b2.c3.d4.e55"),
    cs[1]!.register(1, "a1.b2.c3", { match: "prefix" }),
    cs[2]!.register(1, "a1.b2.c3.d4", { match: "prefix" }),
    cs[3]!.register(1, "a1.b2..d4.e5", { match: "wildcard" }),
    cs[4]!.register(1, "a1.b2.c3..e5", { match: "wildcard" }),
    cs[5]!.register(1, "a1.b2..d4.e5..g7", { match: "wildcard" }),
    cs[6]!.register(1, "a1.b2..d4..f6.g7", { match: "wildcard" }),
  ];
  const routed = (uri: string): number | string => {
    caller.send([48, 1, {}, uri]);
    for (let i = 0; i < 7; i++) {
      const got = cs[i]!.take();
      if (got.length > 0) {
        assertEquals(got[0]![2], regs[i]);
        const d = got[0]![3] as { procedure?: string };
        if (i > 0) assertEquals(d.procedure, uri);
        else assertEquals(d.procedure, undefined);
        cs[i]!.send([70, got[0]![1], {}]);
        caller.take();
        return i + 1;
      }
    }
    return (caller.one()[4]) as string;
  };
  assertEquals(routed("a1.b2.c3.d4.e55"), 1);
  assertEquals(routed("a1.b2.c3.d98.e74"), 2);
  assertEquals(routed("a1.b2.c3.d4.e325"), 3);
  assertEquals(routed("a1.b2.c55.d4.e5"), 4);
  assertEquals(routed("a1.b2.c3.d4.e5"), 3); // prefix a1.b2.c3.d4 beats wildcards
  assertEquals(routed("a1.b2.c88.d4.e5.f6.g7"), 6);
  assertEquals(routed("a2.b2.c2.d2.e2"), "wamp.error.no_such_procedure");
});

Deno.test("Dealer - shared registration: policies must agree; single refuses more", () => {
  const { router } = setup();
  const [a, b, c] = clients(router, 3) as [Client, Client, Client];
  const r = a.register(1, "com.p", { invoke: "roundrobin" });
  assertEquals(b.register(1, "com.p", { invoke: "roundrobin" }), r);
  c.send([64, 1, { invoke: "random" }, "com.p"]);
  assertEquals(c.one().slice(0, 5), [8, 64, 1, {}, "wamp.error.procedure_already_exists"]);
  a.send([64, 2, { invoke: "roundrobin" }, "com.p"]);
  assertEquals(a.one()[4], "wamp.error.procedure_already_exists");
});

for (
  const [policy, expected] of [
    ["roundrobin", [0, 1, 2, 0, 1, 2]],
    ["first", [0, 0, 0, 0, 0, 0]],
    ["last", [2, 2, 2, 2, 2, 2]],
  ] as const
) {
  Deno.test(`Dealer - shared registration: invoke ${policy}`, () => {
    const { router } = setup();
    const cs = clients(router, 4) as Client[];
    for (let i = 0; i < 3; i++) cs[i]!.register(1, "com.p", { invoke: policy });
    const got: number[] = [];
    for (let k = 0; k < 6; k++) {
      cs[3]!.send([48, k + 1, {}, "com.p"]);
      const i = cs.findIndex((c) => {
        const m = c.take();
        if (m.length === 0) return false;
        c.send([70, m[0]![1], {}]);
        return true;
      });
      got.push(i);
      cs[3]!.take();
    }
    assertEquals(got, [...expected]);
  });
}

Deno.test("Dealer - shared registration: invoke random reaches every callee", () => {
  const { router } = setup();
  const cs = clients(router, 4) as Client[];
  for (let i = 0; i < 3; i++) cs[i]!.register(1, "com.p", { invoke: "random" });
  const hit = new Set<number>();
  for (let k = 0; k < 200; k++) {
    cs[3]!.send([48, k + 1, {}, "com.p"]);
    for (let i = 0; i < 3; i++) {
      const m = cs[i]!.take();
      if (m.length) {
        hit.add(i);
        cs[i]!.send([70, m[0]![1], {}]);
      }
    }
  }
  assertEquals(hit.size, 3);
});

Deno.test("Dealer - roundrobin continues correctly after a callee leaves", () => {
  const { router } = setup();
  const cs = clients(router, 4) as Client[];
  for (let i = 0; i < 3; i++) cs[i]!.register(1, "com.p", { invoke: "roundrobin" });
  const next = () => {
    cs[3]!.send([48, 1, {}, "com.p"]);
    for (let i = 0; i < 3; i++) {
      const m = cs[i]!.take();
      if (m.length) {
        cs[i]!.send([70, m[0]![1], {}]);
        cs[3]!.take();
        return i;
      }
    }
    return -1;
  };
  assertEquals(next(), 0);
  cs[1]!.transport.drop();
  assertEquals([next(), next(), next()], [2, 0, 2]);
});

Deno.test("Dealer - force_reregister takes a procedure over and revokes the old callee", () => {
  const { router } = setup();
  const [old, fresh, caller] = clients(router, 3) as [Client, Client, Client];
  const r1 = old.register(1, "com.p");
  const r2 = fresh.register(1, "com.p", { force_reregister: true });
  assert(r1 !== r2);
  assertEquals(old.one(), [67, 0, { registration: r1, reason: "force_reregister" }]);
  invoke(caller, fresh, 1, "com.p");
});

Deno.test("Dealer - registration revocation: UNREGISTERED 0 to announcing callees", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  const reg = callee.register(1, "com.p");
  assert(router.getRealm("realm1")!.revokeRegistration(reg, "moving"));
  assertEquals(callee.one(), [67, 0, { registration: reg, reason: "moving" }]);
  caller.send([48, 1, {}, "com.p"]);
  assertEquals(caller.one()[4], "wamp.error.no_such_procedure");
});

Deno.test("Dealer - callee ERROR is forwarded to the caller", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 5, "com.p");
  callee.send([8, 68, inv[1], {}, "com.myapp.error.x", ["why"], { code: 3 }]);
  assertEquals(caller.one(), [8, 48, 5, {}, "com.myapp.error.x", ["why"], { code: 3 }]);
  // A late YIELD for a finished invocation is ignored.
  callee.send([70, inv[1], {}]);
  caller.none();
});

Deno.test("Dealer - progressive call results only when the caller asked", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  let inv = invoke(caller, callee, 1, "com.p", { receive_progress: true });
  assertEquals(inv[3], { receive_progress: true });
  callee.send([70, inv[1], { progress: true }, [1]]);
  callee.send([70, inv[1], { progress: true }, [2]]);
  callee.send([70, inv[1], {}, [3]]);
  assertEquals(caller.take(), [
    [50, 1, { progress: true }, [1]],
    [50, 1, { progress: true }, [2]],
    [50, 1, {}, [3]],
  ]);
  inv = invoke(caller, callee, 2, "com.p");
  assertEquals(inv[3], {});
  callee.send([70, inv[1], { progress: true }, [1]]);
  caller.none();
  callee.send([70, inv[1], {}, [9]]);
  assertEquals(caller.one(), [50, 2, {}, [9]]);
});

Deno.test("Dealer - receive_progress is not forwarded to callees without the feature", () => {
  const { router } = setup();
  const [callee] = clients(router, 1, [{ roles: { callee: {} } }]) as [Client];
  const [caller] = clients(router, 1) as [Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p", { receive_progress: true });
  assertEquals(inv[3], {});
});

Deno.test("Dealer - progressive call invocations go to the same callee with one request ID", () => {
  const { router } = setup();
  const cs = clients(router, 3) as Client[];
  const [c0, c1, caller] = cs as [Client, Client, Client];
  c0.register(1, "com.upload", { invoke: "roundrobin" });
  c1.register(1, "com.upload", { invoke: "roundrobin" });
  caller.send([48, 7, { progress: true, receive_progress: true, disclose_me: true }, "com.upload", [
    "a",
  ]]);
  const first = c0.one();
  assertEquals(first[3], {
    receive_progress: true,
    caller: caller.id,
    caller_authid: "anon",
    caller_authrole: "anonymous",
    progress: true,
  });
  // Later chunks: only `progress` counts; details are frozen from the first CALL.
  caller.send([48, 7, { progress: true }, "com.upload", ["b"]]);
  caller.send([48, 7, {}, "com.upload", ["c"]]);
  const rest = c0.take();
  c1.none();
  assertEquals(rest.map((m) => [m[1], (m[3] as { progress?: boolean }).progress, m[4]]), [
    [first[1], true, ["b"]],
    [first[1], undefined, ["c"]],
  ]);
  c0.send([70, first[1], {}, ["done"]]);
  assertEquals(caller.one(), [50, 7, {}, ["done"]]);
  // The request ID is free again; reusing a finished one is a new call (c1 now).
  caller.send([48, 7, {}, "com.upload"]);
  assertEquals(c1.one()[0], 68);
});

Deno.test("Dealer - progressive invocations: protocol error / feature_not_supported", () => {
  const { router } = setup();
  const [basicCallee] = clients(router, 1, [{ roles: { callee: {} } }]) as [Client];
  const [caller] = clients(router, 1) as [Client];
  const [basicCaller] = clients(router, 1, [{ roles: { caller: {} } }]) as [Client];
  basicCallee.register(1, "com.p");
  caller.send([48, 1, { progress: true }, "com.p"]);
  assertEquals(caller.one().slice(0, 5), [8, 48, 1, {}, "wamp.error.feature_not_supported"]);
  basicCaller.send([48, 1, { progress: true }, "com.p"]);
  const last = basicCaller.take().at(-1)!;
  assertEquals([last[0], last[2]], [3, "wamp.error.protocol_violation"]);
  // Reusing the request ID of a pending non-progressive call is a protocol error.
  caller.send([48, 2, {}, "com.p"]);
  basicCallee.take();
  caller.send([48, 2, {}, "com.p"]);
  assertEquals(caller.take().at(-1)![2], "wamp.error.protocol_violation");
});

Deno.test("Dealer - call timeout: the dealer cancels after Options.timeout", () => {
  const { router, clock } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.slow");
  const inv = invoke(caller, callee, 3, "com.slow", { timeout: 1000 });
  assertEquals(inv[3], {});
  clock.advance(999);
  caller.none();
  clock.advance(1);
  assertEquals(caller.one().slice(0, 5), [8, 48, 3, {}, "wamp.error.timeout"]);
  assertEquals(callee.one(), [69, inv[1], { mode: "killnowait", reason: "wamp.error.timeout" }]);
  callee.send([70, inv[1], {}, ["late"]]);
  caller.none();
  // A call answered in time clears its timer.
  const inv2 = invoke(caller, callee, 4, "com.slow", { timeout: 1000 });
  callee.send([70, inv2[1], {}]);
  caller.take();
  assertEquals(clock.pending, 0);
  caller.send([48, 5, { timeout: -1 }, "com.slow"]);
  assertEquals(caller.one()[4], "wamp.error.invalid_argument");
});

Deno.test("Dealer - timeout with a callee without call_canceling: skip (no INTERRUPT)", () => {
  const { router, clock } = setup();
  const [callee] = clients(router, 1, [{ roles: { callee: {} } }]) as [Client];
  const [caller] = clients(router, 1) as [Client];
  callee.register(1, "com.slow");
  invoke(caller, callee, 1, "com.slow", { timeout: 10 });
  clock.advance(10);
  assertEquals(caller.one()[4], "wamp.error.timeout");
  callee.none();
});

Deno.test("Dealer - cancel skip: ERROR at once, no INTERRUPT, result discarded", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p");
  caller.send([49, 1, { mode: "skip" }]);
  assertEquals(caller.one().slice(0, 5), [8, 48, 1, {}, "wamp.error.canceled"]);
  callee.none();
  callee.send([70, inv[1], {}]);
  caller.none();
});

Deno.test("Dealer - cancel kill: INTERRUPT, then the callee's answer goes to the caller", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p");
  caller.send([49, 1, { mode: "kill" }]);
  assertEquals(callee.one(), [69, inv[1], { mode: "kill", reason: "wamp.error.canceled" }]);
  caller.none();
  caller.send([49, 1, { mode: "kill" }]); // repeated: ignored
  callee.none();
  callee.send([8, 68, inv[1], {}, "wamp.error.canceled"]);
  assertEquals(caller.one(), [8, 48, 1, {}, "wamp.error.canceled"]);
});

Deno.test("Dealer - cancel killnowait (default): ERROR at once and INTERRUPT", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p");
  caller.send([49, 1, {}]);
  assertEquals(caller.one().slice(0, 5), [8, 48, 1, {}, "wamp.error.canceled"]);
  assertEquals(callee.one(), [69, inv[1], { mode: "killnowait", reason: "wamp.error.canceled" }]);
  callee.send([8, 68, inv[1], {}, "wamp.error.canceled"]);
  caller.none();
});

Deno.test("Dealer - cancel to a callee without call_canceling behaves as skip", () => {
  const { router } = setup();
  const [callee] = clients(router, 1, [{ roles: { callee: {} } }]) as [Client];
  const [caller] = clients(router, 1) as [Client];
  callee.register(1, "com.p");
  invoke(caller, callee, 1, "com.p");
  caller.send([49, 1, { mode: "kill" }]);
  assertEquals(caller.one()[4], "wamp.error.canceled");
  callee.none();
});

Deno.test("Dealer - caller identification: disclose_me and disclose_caller", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2, [{}, { authid: "c", authrole: "r" }]) as [
    Client,
    Client,
  ];
  callee.register(1, "com.p");
  callee.register(2, "com.q", { disclose_caller: true });
  const who = { caller: caller.id, caller_authid: "c", caller_authrole: "r" };
  assertEquals(invoke(caller, callee, 1, "com.p", { disclose_me: true })[3], who);
  assertEquals(invoke(caller, callee, 2, "com.p")[3], {});
  assertEquals(invoke(caller, callee, 3, "com.q")[3], who);
});

Deno.test("Dealer - a vanishing callee fails its pending calls with canceled", () => {
  const { router } = setup();
  const [callee, c1, c2] = clients(router, 3) as [Client, Client, Client];
  callee.register(1, "com.p");
  invoke(c1, callee, 1, "com.p");
  invoke(c2, callee, 7, "com.p");
  invoke(c1, callee, 2, "com.p", { timeout: 5000 });
  callee.transport.drop();
  assertEquals(c1.take().map((m) => m.slice(0, 5)), [
    [8, 48, 1, {}, "wamp.error.canceled"],
    [8, 48, 2, {}, "wamp.error.canceled"],
  ]);
  assertEquals(c2.one().slice(0, 5), [8, 48, 7, {}, "wamp.error.canceled"]);
  assertEquals(router.getRealm("realm1")!.dealer.pendingCalls, 0);
  assertEquals(router.getRealm("realm1")!.dealer.registrations.size, 0);
  c1.send([48, 3, {}, "com.p"]);
  assertEquals(c1.one()[4], "wamp.error.no_such_procedure");
});

Deno.test("Dealer - a vanishing caller: INTERRUPT killnowait to the callee", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p");
  caller.transport.drop();
  assertEquals(callee.one(), [69, inv[1], { mode: "killnowait", reason: "wamp.error.canceled" }]);
  callee.send([70, inv[1], {}]); // discarded
  assertEquals(router.getRealm("realm1")!.dealer.pendingCalls, 0);
});

Deno.test("Dealer - concurrency limit per callee", () => {
  const { router } = setup();
  const [a, b, caller] = clients(router, 3) as [Client, Client, Client];
  a.register(1, "com.p", { invoke: "first", concurrency: 1 });
  b.register(1, "com.p", { invoke: "first", concurrency: 1 });
  const i1 = invoke(caller, a, 1, "com.p");
  invoke(caller, b, 2, "com.p"); // a is busy: b
  caller.send([48, 3, {}, "com.p"]);
  assertEquals(caller.one().slice(0, 5), [8, 48, 3, {}, "wamp.error.no_available_callee"]);
  a.send([70, i1[1], {}]);
  caller.take();
  invoke(caller, a, 4, "com.p");
  caller.send([64, 9, { concurrency: 1.5 }, "com.z"]);
  assertEquals(caller.one()[4], "wamp.error.invalid_argument");
});

Deno.test("Dealer - payload passthru: ppt options to INVOCATION and RESULT details", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  const [basicCallee] = clients(router, 1, [{ roles: { callee: {} } }]) as [Client];
  callee.register(1, "com.p");
  basicCallee.register(1, "com.q");
  const blob = new Uint8Array([9]);
  const inv = invoke(caller, callee, 1, "com.p", { ppt_scheme: "mqtt", ppt_serializer: "mqtt" }, [
    blob,
  ]);
  assertEquals(inv[3], { ppt_scheme: "mqtt", ppt_serializer: "mqtt" });
  assert((inv[4] as unknown[])[0] === blob);
  callee.send([70, inv[1], { ppt_scheme: "mqtt" }, [blob]]);
  assertEquals(caller.one(), [50, 1, { ppt_scheme: "mqtt" }, [blob]]);
  caller.send([48, 2, { ppt_scheme: "mqtt" }, "com.q", [blob]]);
  assertEquals(caller.one()[4], "wamp.error.feature_not_supported");
});

Deno.test("Dealer - a result too large for the caller becomes payload_size_exceeded", () => {
  const { router } = setup();
  const [callee, caller] = clients(router, 2) as [Client, Client];
  callee.register(1, "com.p");
  const inv = invoke(caller, callee, 1, "com.p");
  caller.transport.failSend = (m) =>
    m.type === 50
      ? Object.assign(new Error("too large"), { reason: "wamp.error.payload_size_exceeded" })
      : undefined;
  callee.send([70, inv[1], {}, ["huge"]]);
  caller.transport.failSend = undefined;
  // The RESULT could not go; the ERROR that replaces it did.
  assertEquals(caller.one().slice(0, 5), [8, 48, 1, {}, "wamp.error.payload_size_exceeded"]);
});
