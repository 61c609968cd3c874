import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "../_assert.ts";
import { FakeTransport, tick } from "./_fake_transport.ts";
import {
  ApplicationError,
  CallResult,
  CanceledError,
  type Kwargs,
  NoSuchProcedureError,
  PayloadSizeExceededError,
  procedure,
  Session,
  SessionClosedError,
  type SessionOptions,
  TimeoutError,
  topic,
} from "../../src/session/mod.ts";
import { PayloadTooLargeError } from "../../src/transport/message_transport.ts";
import { MessageType, type WampMessage } from "../../src/wamp/mod.ts";

const FEATURES = {
  features: {
    progressive_call_results: true,
    progressive_call_invocations: true,
    call_canceling: true,
    call_timeout: true,
  },
};

/**
 * A loopback router for one session: it is both dealer and broker, and routes
 * the session's calls to the session's own registrations.
 */
function loopbackRouter(opts: { dealer?: object; noCancel?: boolean } = {}) {
  let nextId = 1000;
  const regs = new Map<string, number>();
  const subs = new Map<string, number>();
  const calls = new Map<number, number>(); // invocation ID → call ID
  const regOf = new Map<number, number>(); // invocation ID → registration ID
  return (msg: WampMessage, t: FakeTransport) => {
    switch (msg.type) {
      case MessageType.HELLO:
        t.reply([2, 4242, {
          roles: { dealer: opts.dealer ?? FEATURES, broker: {} },
          authid: "anon",
          authrole: "anonymous",
        }]);
        return;
      case MessageType.GOODBYE:
        t.reply([6, {}, "wamp.close.goodbye_and_out"]);
        return;
      case MessageType.REGISTER: {
        if (regs.has(msg.procedure)) {
          t.reply([8, 64, msg.requestId, {}, "wamp.error.procedure_already_exists"]);
          return;
        }
        const id = nextId++;
        regs.set(msg.procedure, id);
        t.reply([65, msg.requestId, id]);
        return;
      }
      case MessageType.UNREGISTER:
        for (const [k, v] of regs) if (v === msg.registration) regs.delete(k);
        t.reply([67, msg.requestId]);
        return;
      case MessageType.CALL: {
        const existing = [...calls].find(([, c]) => c === msg.requestId);
        if (existing) { // a further progressive chunk
          const details = msg.options.progress ? { progress: true } : {};
          t.reply([68, existing[0], regOf.get(existing[0]), details, msg.args, msg.kwargs]);
          return;
        }
        const reg = regs.get(msg.procedure);
        if (reg === undefined) {
          t.reply([8, 48, msg.requestId, {}, "wamp.error.no_such_procedure", [
            "no such procedure",
          ]]);
          return;
        }
        const inv = nextId++;
        calls.set(inv, msg.requestId);
        regOf.set(inv, reg);
        const details: Record<string, unknown> = {};
        if (msg.options.receive_progress) details.receive_progress = true;
        if (msg.options.progress) details.progress = true;
        if (msg.options.disclose_me) {
          Object.assign(details, { caller: 4242, caller_authid: "anon" });
        }
        if (msg.options.timeout) details.timeout = msg.options.timeout;
        t.reply([68, inv, reg, details, msg.args, msg.kwargs]);
        return;
      }
      case MessageType.CANCEL: {
        if (opts.noCancel) return;
        const inv = [...calls].find(([, c]) => c === msg.requestId)?.[0];
        const mode = msg.options.mode ?? "killnowait";
        if (inv !== undefined && mode !== "skip") t.reply([69, inv, { mode }]);
        if (mode !== "kill" || inv === undefined) {
          if (inv !== undefined) calls.delete(inv);
          t.reply([8, 48, msg.requestId, {}, "wamp.error.canceled"]);
        }
        return;
      }
      case MessageType.YIELD: {
        const call = calls.get(msg.requestId);
        if (call === undefined) return;
        if (!msg.options.progress) calls.delete(msg.requestId);
        t.reply([50, call, msg.options.progress ? { progress: true } : {}, msg.args, msg.kwargs]);
        return;
      }
      case MessageType.ERROR: {
        const call = calls.get(msg.requestId);
        if (call === undefined) return;
        calls.delete(msg.requestId);
        t.reply([8, 48, call, msg.details, msg.error, msg.args, msg.kwargs]);
        return;
      }
      case MessageType.SUBSCRIBE: {
        const id = subs.get(msg.topic) ?? nextId++;
        subs.set(msg.topic, id);
        t.reply([33, msg.requestId, id]);
        return;
      }
      case MessageType.UNSUBSCRIBE:
        for (const [k, v] of subs) if (v === msg.subscription) subs.delete(k);
        t.reply([35, msg.requestId]);
        return;
      case MessageType.PUBLISH: {
        const pub = nextId++;
        if (msg.options.acknowledge) t.reply([17, msg.requestId, pub]);
        if (msg.options.exclude_me !== false) return;
        for (const [pattern, id] of subs) {
          if (msg.topic === pattern || (pattern.endsWith(".") && msg.topic.startsWith(pattern))) {
            const details = pattern === msg.topic ? {} : { topic: msg.topic };
            t.reply([36, id, pub, details, msg.args, msg.kwargs]);
          }
        }
        return;
      }
    }
  };
}

async function joined(
  router = loopbackRouter(),
  options: SessionOptions = {},
): Promise<{ session: Session; t: FakeTransport }> {
  const t = new FakeTransport(router);
  const session = new Session(t, options);
  await session.join("realm1");
  return { session, t };
}

const ME = { excludeMe: false } as const;

Deno.test("Session - join resolves with SessionDetails incl. serializer and transport", async () => {
  const { session, t } = await joined();
  assertEquals(session.id, 4242);
  assertEquals(session.details?.realm, "realm1");
  assertEquals(session.details?.authrole, "anonymous");
  assertEquals(session.details?.serializer, "json");
  assertEquals(session.details?.transport?.peer, "tcp4:127.0.0.1:8080");
  const hello = t.sentOf(MessageType.HELLO)[0]!;
  assertEquals(Object.keys(hello.details.roles).sort(), [
    "callee",
    "caller",
    "publisher",
    "subscriber",
  ]);
  await session.leave();
});

Deno.test("Session - ABORT rejects join with the reason's ApplicationError", async () => {
  const t = new FakeTransport((msg, t) => {
    if (msg.type === MessageType.HELLO) t.reply([3, { message: "no" }, "wamp.error.no_such_realm"]);
  });
  const session = new Session(t);
  const e = await assertRejects(() => session.join("nope"), ApplicationError);
  assertEquals(e.error, "wamp.error.no_such_realm");
  await t.closed;
});

Deno.test("Session - onChallenge answers CHALLENGE (async); a throwing one aborts", async () => {
  const router = (msg: WampMessage, t: FakeTransport) => {
    if (msg.type === MessageType.HELLO) t.reply([4, "ticket", { hint: 1 }]);
    if (msg.type === MessageType.GOODBYE) t.reply([6, {}, "wamp.close.goodbye_and_out"]);
    if (msg.type === MessageType.AUTHENTICATE) {
      if (msg.signature === "secret") {
        t.reply([2, 1, { roles: { dealer: {} }, authmethod: "ticket" }]);
      } else t.reply([3, {}, "wamp.error.not_authorized"]);
    }
  };
  const t = new FakeTransport(router);
  const session = new Session(t);
  const details = await session.join("realm1", {
    authmethods: ["ticket"],
    onChallenge: async (c) => {
      await tick();
      assertEquals(c, { method: "ticket", extra: { hint: 1 } });
      return "secret";
    },
  });
  assertEquals(details.authmethod, "ticket");
  await session.leave();

  const t2 = new FakeTransport(router);
  const s2 = new Session(t2, {
    onChallenge: () => {
      throw new Error("no key");
    },
  });
  const e = await assertRejects(() => s2.join("realm1"), ApplicationError);
  assertEquals(e.error, "wamp.error.authentication_failed");
  assertEquals(t2.sentOf(MessageType.ABORT)[0]!.reason, "wamp.error.authentication_failed");
});

Deno.test("Session - call: single value, CallResult, empty; typed procedures", async () => {
  const { session } = await joined();
  const add2 = procedure<[number, number], number>("com.add2");
  await session.register(add2, ([a, b]) => a + b);
  await session.register("com.pair", () => new CallResult([1, 2], { c: 3 }));
  await session.register("com.nothing", () => {});
  assertEquals(await session.call(add2, [2, 3]), 5);
  const r = await session.call("com.pair");
  assertInstanceOf(r, CallResult);
  assertEquals(r.args, [1, 2]);
  assertEquals(r.kwargs, { c: 3 });
  assertEquals(await session.call("com.nothing"), undefined);
  await session.leave();
});

Deno.test("Session - tells the transport how many of its requests are in flight", async () => {
  const { session, t } = await joined();
  await session.register("com.example.add", (args) => (args[0] as number) + 1);
  const from = t.sent.length;
  const calls = [1, 2, 3, 4, 5].map((n) => session.call("com.example.add", [n]));
  // Each CALL counts itself and the calls before it that are still unanswered.
  assertEquals(
    t.inFlight.slice(from).filter((_, i) => t.sent[from + i]!.type === MessageType.CALL),
    [1, 2, 3, 4, 5],
  );
  assertEquals(await Promise.all(calls), [2, 3, 4, 5, 6]);
  const after = t.sent.length;
  await session.call("com.example.add", [9]);
  assertEquals(t.inFlight[after], 1, "answered calls no longer count");
  await session.leave();
});

Deno.test("Session - call errors: typed well-known errors and ApplicationError from a handler", async () => {
  const { session } = await joined();
  await assertRejects(() => session.call("com.none"), NoSuchProcedureError);
  await session.register("com.app", () => {
    throw new ApplicationError("com.myapp.error.bad", ["bad input"], { field: "x" });
  });
  const e = await assertRejects(() => session.call("com.app"), ApplicationError);
  assertEquals(e.error, "com.myapp.error.bad");
  assertEquals(e.args, ["bad input"]);
  assertEquals(e.kwargs, { field: "x" });
  await session.register("com.async", async () => {
    await tick();
    throw new ApplicationError("com.myapp.error.late");
  });
  assertEquals(
    (await assertRejects(() => session.call("com.async"), ApplicationError)).error,
    "com.myapp.error.late",
  );
  await session.leave();
});

Deno.test("Session - other exceptions become wamp.error.runtime_error without a stack trace", async () => {
  const { session } = await joined();
  await session.register("com.bug", () => {
    throw new TypeError("oops");
  });
  const e = await assertRejects(() => session.call("com.bug"), ApplicationError);
  assertEquals(e.error, "wamp.error.runtime_error");
  assertEquals(e.args, ["oops"]);
  assertEquals(e.kwargs, {});
  await session.leave();

  const { session: s2 } = await joined(loopbackRouter(), { tracebacks: true });
  await s2.register("com.bug", () => {
    throw new TypeError("oops");
  });
  const e2 = await assertRejects(() => s2.call("com.bug"), ApplicationError);
  assert(Array.isArray(e2.kwargs.traceback));
  await s2.leave();
});

Deno.test("Session - caller identification reaches CallDetails", async () => {
  const { session } = await joined();
  await session.register("com.who", (_a, _k, d) => [d.caller, d.callerAuthid, d.procedure]);
  assertEquals(await session.call("com.who", [], {}, { discloseMe: true }), [
    4242,
    "anon",
    "com.who",
  ]);
  assertEquals(await session.call("com.who"), [undefined, undefined, "com.who"]);
  await session.leave();
});

Deno.test("Session - progressive results: onProgress and callProgressive()", async () => {
  const { session } = await joined();
  await session.register("com.count", (args, _k, d) => {
    for (let i = 0; i < (args[0] as number); i++) d.progress?.([i]);
    return "done";
  });
  const seen: unknown[] = [];
  const r = await session.call("com.count", [3], {}, { onProgress: (a) => seen.push(a[0]) });
  assertEquals(r, "done");
  assertEquals(seen, [0, 1, 2]);
  const call = session.callProgressive("com.count", [2]);
  const items: unknown[] = [];
  for await (const p of call) items.push(p.args[0]);
  assertEquals(items, [0, 1]);
  assertEquals(await call.result, "done");
  // Without receiveProgress the callee gets no progress function.
  await session.register("com.check", (_a, _k, d) => d.progress === undefined);
  assertEquals(await session.call("com.check"), true);
  await session.leave();
});

Deno.test("Session - progressive call invocations: startCall() and CallDetails.input", async () => {
  const { session } = await joined();
  await session.register("com.sum", async (args, _k, d) => {
    let sum = args[0] as number;
    for await (const chunk of d.input!) sum += chunk.args[0] as number;
    return sum;
  });
  const up = session.startCall<[number], number>("com.sum");
  up.send([1]);
  up.send([2]);
  assertEquals(await up.end([3]), 6);
  // end() without send() is a plain call.
  await session.register("com.echo", (args) => args[0]);
  assertEquals(await session.startCall("com.echo").end(["x"]), "x");
  await session.leave();
});

Deno.test("Session - progressive call invocations without dealer support fail with feature_not_supported", async () => {
  const { session } = await joined(loopbackRouter({ dealer: {} }));
  const up = session.startCall("com.sum");
  up.send([1]);
  await assertRejects(() => up.result, ApplicationError, "progressive call invocations");
  await session.leave();
});

for (const mode of ["skip", "kill", "killnowait"] as const) {
  Deno.test(`Session - AbortSignal cancels with mode ${mode}; the callee's signal aborts on INTERRUPT`, async () => {
    const { session, t } = await joined();
    let calleeSignal: AbortSignal | undefined;
    await session.register("com.slow", (_a, _k, d) => {
      calleeSignal = d.signal;
      return new Promise((resolve) => d.signal.addEventListener("abort", () => resolve("late")));
    });
    const ac = new AbortController();
    const p = session.call("com.slow", [], {}, { signal: ac.signal, cancelMode: mode });
    await tick();
    ac.abort();
    await assertRejects(() => p, CanceledError);
    assertEquals(t.sentOf(MessageType.CANCEL)[0]!.options.mode, mode);
    await tick();
    assertEquals(calleeSignal!.aborted, mode !== "skip");
    if (mode === "kill") {
      // The callee answered the INTERRUPT with wamp.error.canceled at once.
      assertEquals(t.sentOf(MessageType.ERROR)[0]!.error, "wamp.error.canceled");
    }
    await session.leave();
  });
}

Deno.test("Session - an already aborted signal rejects without sending", async () => {
  const { session, t } = await joined();
  const ac = new AbortController();
  ac.abort(new Error("stop"));
  await assertRejects(() => session.call("com.x", [], {}, { signal: ac.signal }), Error, "stop");
  assertEquals(t.sentOf(MessageType.CALL).length, 0);
  await session.leave();
});

Deno.test("Session - cancel without dealer support rejects locally", async () => {
  const { session, t } = await joined(loopbackRouter({ dealer: {} }));
  await session.register("com.slow", () => new Promise(() => {}));
  const ac = new AbortController();
  const p = session.call("com.slow", [], {}, { signal: ac.signal });
  await tick();
  ac.abort();
  await assertRejects(() => p, CanceledError);
  assertEquals(t.sentOf(MessageType.CANCEL).length, 0);
  await session.leave();
});

Deno.test("Session - timeout: sent as CALL.Options.timeout and enforced locally", async () => {
  const { session, t } = await joined(loopbackRouter({ noCancel: true }));
  let details: number | undefined;
  await session.register("com.slow", (_a, _k, d) => {
    details = d.timeout;
    return new Promise(() => {});
  });
  await assertRejects(() => session.call("com.slow", [], {}, { timeout: 20 }), TimeoutError);
  assertEquals(t.sentOf(MessageType.CALL)[0]!.options.timeout, 20);
  assertEquals(details, 20);
  assertEquals(t.sentOf(MessageType.CANCEL)[0]!.options.mode, "killnowait");
  await session.leave();
});

Deno.test("Session - register options go to the wire in snake_case", async () => {
  const { session, t } = await joined();
  const reg = await session.register("com.x.", () => 1, {
    match: "prefix",
    invoke: "roundrobin",
    concurrency: 2,
    forceReregister: true,
    discloseCaller: true,
  });
  assertEquals(t.sentOf(MessageType.REGISTER)[0]!.options, {
    match: "prefix",
    invoke: "roundrobin",
    concurrency: 2,
    force_reregister: true,
    disclose_caller: true,
  });
  assertEquals(reg.match, "prefix");
  await assertRejects(() => session.register("com.y", () => 1, { concurrency: 0 }), RangeError);
  await session.leave();
});

Deno.test("Session - Registration.unregister, await using, and revocation", async () => {
  const { session, t } = await joined();
  {
    await using reg = await session.register("com.tmp", () => 1);
    assert(reg.active);
  }
  assertEquals(t.sentOf(MessageType.UNREGISTER).length, 1);
  await assertRejects(() => session.call("com.tmp"), NoSuchProcedureError);
  const reg = await session.register("com.revoked", () => 1);
  t.deliver([67, 0, { registration: reg.id, reason: "wamp.error.killed" }]);
  assertEquals(await reg.ended, "wamp.error.killed");
  assert(reg.revoked && !reg.active);
  await reg.unregister(); // no-op
  assertEquals(t.sentOf(MessageType.UNREGISTER).length, 1);
  await session.leave();
});

Deno.test("Session - publish: options to the wire; only acknowledge returns a promise", async () => {
  const { session, t } = await joined();
  const none = session.publish("com.t", ["a"], undefined, {
    excludeMe: false,
    exclude: [1],
    eligible: [2],
    excludeAuthid: ["x"],
    eligibleAuthid: ["y"],
    excludeAuthrole: ["r1"],
    eligibleAuthrole: ["r2"],
    discloseMe: true,
    retain: true,
  });
  assertEquals(none, undefined);
  assertEquals(t.sentOf(MessageType.PUBLISH)[0]!.options, {
    exclude_me: false,
    exclude: [1],
    eligible: [2],
    exclude_authid: ["x"],
    eligible_authid: ["y"],
    exclude_authrole: ["r1"],
    eligible_authrole: ["r2"],
    disclose_me: true,
    retain: true,
  });
  const pub = await session.publish("com.t", [], {}, { acknowledge: true });
  assertEquals(pub.topic, "com.t");
  assert(pub.id >= 1000);
  await session.leave();
  assertThrows(() => session.publish("com.t"), SessionClosedError);
});

Deno.test("Session - subscribe/event with EventDetails; handlers share one subscription", async () => {
  const { session, t } = await joined();
  const a: unknown[] = [];
  const b: unknown[] = [];
  const s1 = await session.subscribe(
    "com.t",
    (args, _k, d) => a.push([args[0], d.topic, d.retained]),
  );
  const s2 = await session.subscribe("com.t", (args) => b.push(args[0]));
  assertEquals(s1.id, s2.id);
  session.publish("com.t", ["x"], undefined, ME);
  await tick();
  assertEquals(a, [["x", "com.t", false]]);
  assertEquals(b, ["x"]);
  await s1.unsubscribe();
  assertEquals(t.sentOf(MessageType.UNSUBSCRIBE).length, 0);
  session.publish("com.t", ["y"], undefined, ME);
  await tick();
  assertEquals(a.length, 1);
  assertEquals(b, ["x", "y"]);
  await s2.unsubscribe();
  assertEquals(t.sentOf(MessageType.UNSUBSCRIBE).length, 1);
  await session.leave();
});

Deno.test("Session - a throwing event handler does not stop the others", async () => {
  const { session } = await joined();
  const got: unknown[] = [];
  await session.subscribe("com.t", () => {
    throw new Error("bad handler");
  });
  await session.subscribe("com.t", async () => {
    await Promise.resolve();
    throw new Error("bad async handler");
  });
  await session.subscribe("com.t", (args) => got.push(args[0]));
  session.publish("com.t", [1], undefined, ME);
  await tick();
  assertEquals(got, [1]);
  await session.leave();
});

Deno.test("Session - pattern subscriptions give the concrete topic; typed topics", async () => {
  const { session, t } = await joined();
  const hello = topic<[string]>("com.app.hello");
  const got: string[] = [];
  await session.subscribe("com.app.", (_a, _k, d) => got.push(d.topic), {
    match: "prefix",
    getRetained: true,
  });
  assertEquals(t.sentOf(MessageType.SUBSCRIBE)[0]!.options, {
    match: "prefix",
    get_retained: true,
  });
  session.publish(hello, ["hi"], undefined, ME);
  await tick();
  assertEquals(got, ["com.app.hello"]);
  await session.leave();
});

Deno.test("Session - events(): for await, break unsubscribes", async () => {
  const { session, t } = await joined();
  const loop = (async () => {
    const got: unknown[] = [];
    for await (const ev of session.events("com.stream")) {
      got.push(ev.args[0]);
      if (ev.args[0] === 3) break;
    }
    return got;
  })();
  await tick();
  for (const i of [1, 2, 3, 4]) session.publish("com.stream", [i], undefined, ME);
  assertEquals(await loop, [1, 2, 3]);
  await tick();
  assertEquals(t.sentOf(MessageType.UNSUBSCRIBE).length, 1);
  await session.leave();
});

Deno.test("Session - events(): a revoked subscription ends the loop; overflow fails it", async () => {
  const { session, t } = await joined();
  const loop = (async () => {
    let n = 0;
    for await (const _ of session.events("com.r")) n++;
    return n;
  })();
  await tick();
  const id = t.sentOf(MessageType.SUBSCRIBE).length && 1000;
  session.publish("com.r", [1], undefined, ME);
  await tick();
  t.deliver([35, 0, { subscription: id, reason: "revoked" }]);
  assertEquals(await loop, 1);

  const overflow = (async () => {
    for await (const _ of session.events("com.o", { maxBuffered: 2 })) await tick(20);
  })();
  await tick();
  for (let i = 0; i < 6; i++) session.publish("com.o", [i], undefined, ME);
  await assertRejects(() => overflow, RangeError, "Too many events");
  await session.leave();
});

Deno.test("Session - Subscription revocation ends it", async () => {
  const { session, t } = await joined();
  const sub = await session.subscribe("com.t", () => {});
  t.deliver([35, 0, { subscription: sub.id, reason: "wamp.authorization.revoked" }]);
  assertEquals(await sub.ended, "wamp.authorization.revoked");
  assert(sub.revoked && !sub.active);
  await session.leave();
});

Deno.test("Session - router GOODBYE: answered, onLeave fires, pending calls reject, transport closes", async () => {
  let left: unknown;
  const { session, t } = await joined(loopbackRouter({ noCancel: true }), {
    onLeave: (d) => (left = d),
  });
  await session.register("com.slow", () => new Promise(() => {}));
  const p = session.call("com.slow");
  await tick();
  t.deliver([6, { message: "bye" }, "wamp.close.system_shutdown"]);
  const e = await assertRejects(() => p, SessionClosedError);
  assertEquals(e.reason, "wamp.close.system_shutdown");
  assertEquals(t.sentOf(MessageType.GOODBYE)[0]!.reason, "wamp.close.goodbye_and_out");
  assertEquals(left, { reason: "wamp.close.system_shutdown", message: "bye", initiator: "router" });
  await t.closed;
  assert(!session.isJoined);
});

Deno.test("Session - leave() waits for the GOODBYE reply and fails what is pending", async () => {
  const { session, t } = await joined(loopbackRouter({ noCancel: true }));
  await session.register("com.slow", () => new Promise(() => {}));
  const p = session.call("com.slow");
  await tick();
  const details = await session.leave("wamp.close.normal", "done");
  assertEquals(details, { reason: "wamp.close.normal", message: "done", initiator: "local" });
  await assertRejects(() => p, SessionClosedError);
  assertEquals(t.sentOf(MessageType.GOODBYE)[0]!.details, { message: "done" });
  await assertRejects(() => session.call("com.x"), SessionClosedError);
});

Deno.test("Session - leave() closes the transport when the router never answers", async () => {
  const t = new FakeTransport((msg, t) => {
    if (msg.type === MessageType.HELLO) t.reply([2, 1, { roles: { dealer: {} } }]);
  });
  const session = new Session(t, { leaveTimeout: 10 });
  await session.join("realm1");
  const d = await session.leave();
  assertEquals(d.initiator, "transport");
});

Deno.test("Session - transport loss rejects everything pending (never left hanging)", async () => {
  const t = new FakeTransport((msg, t) => {
    if (msg.type === MessageType.HELLO) {
      t.reply([2, 1, { roles: { dealer: FEATURES, broker: {} } }]);
    }
  });
  const session = new Session(t);
  await session.join("realm1");
  const pending = [
    session.call("com.a"),
    session.register("com.b", () => 1),
    session.subscribe("com.c", () => {}),
    session.publish("com.d", [], {}, { acknowledge: true }),
    session.callProgressive("com.e").result,
  ];
  await tick();
  t.drop("network down");
  for (const p of pending) {
    const e = await assertRejects(() => p as Promise<unknown>, SessionClosedError);
    assertEquals(e.reason, "wamp.close.transport_lost");
  }
  await assertRejects(() => session.call("com.x"), SessionClosedError);
  assertEquals(session.state, "closed");
});

Deno.test("Session - transport loss while joining rejects join", async () => {
  const t = new FakeTransport();
  const session = new Session(t);
  const p = session.join("realm1");
  t.drop();
  await assertRejects(() => p, SessionClosedError);
});

Deno.test("Session - a running invocation's signal aborts when the session ends", async () => {
  const { session, t } = await joined();
  let signal: AbortSignal | undefined;
  await session.register("com.slow", (_a, _k, d) => {
    signal = d.signal;
    return new Promise(() => {});
  });
  const p = session.call("com.slow").catch(() => {});
  await tick();
  t.drop();
  await p;
  assert(signal!.aborted);
  assertInstanceOf(signal!.reason, SessionClosedError);
});

Deno.test("Session - a protocol violation sends ABORT and closes the transport", async () => {
  const { session, t } = await joined();
  const p = session.call("com.nope-never-answered-correctly");
  t.deliver([50, 999999, {}]); // RESULT for an unknown request
  await assertRejects(() => p, SessionClosedError);
  const abort = t.sentOf(MessageType.ABORT)[0]!;
  assertEquals(abort.reason, "wamp.error.protocol_violation");
  assertStringIncludes(String(abort.details.message), "RESULT");
  await t.closed;
  assertEquals(session.state, "closed");
});

Deno.test("Session - undecodable input from the transport aborts with protocol_violation", async () => {
  const { session, t } = await joined();
  t.protocolError("Cannot parse message: bad bytes");
  assertEquals(t.sentOf(MessageType.ABORT)[0]!.reason, "wamp.error.protocol_violation");
  await tick();
  assertEquals(session.state, "closed");
});

Deno.test("Session - a message too large for the peer fails just that request", async () => {
  const { session, t } = await joined();
  t.failNextSend = new PayloadTooLargeError(99999, 1000);
  await assertRejects(() => session.call("com.big", ["x"]), PayloadSizeExceededError);
  t.failNextSend = new PayloadTooLargeError(99999, 1000);
  assertThrows(() => session.publish("com.big", ["x"]), PayloadSizeExceededError);
  assert(session.isJoined);
  await session.leave();
});

Deno.test("Session - a GOODBYE that cannot be sent closes the transport instead of hanging", async () => {
  const { session, t } = await joined();
  t.failNextSend = new TypeError("cannot serialize");
  const d = await session.leave();
  assertEquals(d.initiator, "transport");
  assert(!t.isOpen);
});

Deno.test("Session - a YIELD too large for the peer becomes an ERROR", async () => {
  const { session, t } = await joined();
  await session.register("com.r", async () => {
    await Promise.resolve();
    t.failNextSend = new PayloadTooLargeError(99999, 1000);
    return "huge";
  });
  const e = await assertRejects(() => session.call("com.r"), ApplicationError);
  assertEquals(e.error, "wamp.error.payload_size_exceeded");
  await session.leave();
});

Deno.test("Session - kwargs-only results come back as CallResult", async () => {
  const { session } = await joined();
  await session.register("com.kw", (_a, kwargs: Kwargs) => new CallResult([], { got: kwargs.x }));
  const r = await session.call("com.kw", [], { x: 1 });
  assertInstanceOf(r, CallResult);
  assertEquals(r.kwargs, { got: 1 });
  await session.leave();
});

Deno.test("Session - await using leaves and closes the transport", async () => {
  const t = new FakeTransport(loopbackRouter());
  {
    await using session = new Session(t, { closeTransportOnLeave: false });
    await session.join("realm1");
  }
  assertEquals(t.sentOf(MessageType.GOODBYE).length, 1);
  assert(!t.isOpen);
});
