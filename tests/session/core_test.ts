import { assert, assertEquals, assertInstanceOf, assertThrows } from "../_assert.ts";
import { CLIENT_ROLES, SessionCore, type SessionEvent } from "../../src/session/core.ts";
import { SessionClosedError, SessionStateError } from "../../src/session/requests.ts";
import {
  ApplicationError,
  CanceledError,
  FeatureNotSupportedError,
  NoSuchProcedureError,
  parseMessage,
  ProtocolError,
  type WampMessage,
} from "../../src/wamp/mod.ts";

const ALL_DEALER = {
  features: {
    progressive_call_results: true,
    progressive_call_invocations: true,
    call_canceling: true,
    call_timeout: true,
  },
};

type Core = SessionCore<string, string>;

function wire(msgs: WampMessage[]): unknown[][] {
  return msgs.map((m) => m.marshal());
}

function feed(core: Core, arr: unknown[]): SessionEvent<string, string>[] {
  core.receive(parseMessage(arr));
  return core.eventsReceived();
}

function joined(dealer: object = ALL_DEALER): Core {
  const core: Core = new SessionCore({ agent: "test" });
  core.join("realm1");
  core.messagesToSend();
  feed(core, [2, 9129137332, { roles: { dealer, broker: {} }, authid: "joe", authrole: "user" }]);
  return core;
}

Deno.test("SessionCore - join sends HELLO with the implemented roles and auth fields", () => {
  const core: Core = new SessionCore({ agent: "test" });
  core.join("realm1", { authmethods: ["ticket"], authid: "joe", authextra: { a: 1 } });
  assertEquals(wire(core.messagesToSend()), [[1, "realm1", {
    agent: "test",
    roles: CLIENT_ROLES,
    authmethods: ["ticket"],
    authid: "joe",
    authextra: { a: 1 },
  }]]);
  assertEquals(core.state, "establishing");
  assertEquals(Object.keys(CLIENT_ROLES).sort(), ["callee", "caller", "publisher", "subscriber"]);
  assertEquals(CLIENT_ROLES.caller!.features!.call_canceling, true);
  assertThrows(() => core.join("realm1"), SessionStateError);
});

Deno.test("SessionCore - WELCOME establishes the session with its details", () => {
  const core: Core = new SessionCore();
  core.join("realm1");
  const ev = feed(core, [2, 7, {
    roles: { dealer: {} },
    realm: "realm1",
    authid: "joe",
    authrole: "user",
    authmethod: "ticket",
    authprovider: "static",
    authextra: { x: 1 },
    agent: "router",
  }]);
  assertEquals(ev.length, 1);
  assert(ev[0]!.type === "joined");
  assertEquals(ev[0].details.session, 7);
  assertEquals(ev[0].details.authmethod, "ticket");
  assertEquals(ev[0].details.authprovider, "static");
  assertEquals(ev[0].details.authextra, { x: 1 });
  assertEquals(ev[0].details.routerAgent, "router");
  assertEquals(core.state, "established");
});

Deno.test("SessionCore - CHALLENGE → event, authenticate → AUTHENTICATE, then WELCOME", () => {
  const core: Core = new SessionCore();
  core.join("realm1", { authmethods: ["wampcra"] });
  core.messagesToSend();
  const ev = feed(core, [4, "wampcra", { challenge: "xyz" }]);
  assertEquals(ev, [{
    type: "challenge",
    challenge: { method: "wampcra", extra: { challenge: "xyz" } },
  }]);
  assertEquals(core.state, "authenticating");
  core.authenticate("sig", { k: 1 });
  assertEquals(wire(core.messagesToSend()), [[5, "sig", { k: 1 }]]);
  assertThrows(() => core.authenticate("again"), SessionStateError);
  feed(core, [2, 1, { roles: { dealer: {} } }]);
  assertEquals(core.state, "established");
});

Deno.test("SessionCore - ABORT during join fails the join with the typed reason", () => {
  const core: Core = new SessionCore();
  core.join("nope");
  const ev = feed(core, [3, { message: "no such realm" }, "wamp.error.no_such_realm"]);
  assert(ev[0]!.type === "join-failed");
  assertInstanceOf(ev[0].error, ApplicationError);
  assertEquals((ev[0].error as ApplicationError).error, "wamp.error.no_such_realm");
  assertEquals((ev[0].error as ApplicationError).args, ["no such realm"]);
  assertEquals(core.state, "idle");
});

Deno.test("SessionCore - abortJoin sends ABORT and fails the join", () => {
  const core: Core = new SessionCore();
  core.join("realm1");
  core.messagesToSend();
  feed(core, [4, "ticket", {}]);
  core.abortJoin("wamp.error.authentication_failed", "no ticket");
  assertEquals(wire(core.messagesToSend()), [[
    3,
    { message: "no ticket" },
    "wamp.error.authentication_failed",
  ]]);
  const ev = core.eventsReceived();
  assert(ev[0]!.type === "join-failed");
});

Deno.test("SessionCore - call/result: args, kwargs and the request ID", () => {
  const core = joined();
  const id = core.call("com.add2", [2, 3], undefined, { disclose_me: true });
  assertEquals(wire(core.messagesToSend()), [[48, id, { disclose_me: true }, "com.add2", [2, 3]]]);
  assertEquals(feed(core, [50, id, {}, [5]]), [{
    type: "call-result",
    requestId: id,
    args: [5],
    kwargs: {},
  }]);
  assertEquals(core.outstandingRequests, 0);
});

Deno.test("SessionCore - progressive call results precede the final result", () => {
  const core = joined();
  const id = core.call("com.long", [], {}, { receive_progress: true });
  core.messagesToSend();
  assertEquals(feed(core, [50, id, { progress: true }, [1]])[0]!.type, "call-progress");
  assertEquals(feed(core, [50, id, { progress: true }, [2]])[0]!.type, "call-progress");
  assertEquals(feed(core, [50, id, {}, ["done"]])[0]!.type, "call-result");
  assertEquals(core.outstandingRequests, 0);
});

Deno.test("SessionCore - ERROR for a call maps well-known URIs to typed errors", () => {
  const core = joined();
  const id = core.call("com.nope", undefined, undefined, {});
  const ev = feed(core, [8, 48, id, {}, "wamp.error.no_such_procedure", ["no"], { k: 1 }]);
  assert(ev[0]!.type === "request-failed");
  assertInstanceOf(ev[0].error, NoSuchProcedureError);
  assertEquals((ev[0].error as ApplicationError).kwargs, { k: 1 });
  const id2 = core.call("com.x", undefined, undefined, {});
  const ev2 = feed(core, [8, 48, id2, {}, "com.myapp.error.custom"]);
  assert(ev2[0]!.type === "request-failed");
  assertEquals(ev2[0].error.constructor, ApplicationError);
});

for (const mode of ["skip", "kill", "killnowait"] as const) {
  Deno.test(`SessionCore - cancel with mode ${mode} sends CANCEL and waits for the dealer (Call Canceling)`, () => {
    const core = joined();
    const id = core.call("com.slow", undefined, undefined, {});
    core.messagesToSend();
    core.cancel(id, mode);
    assertEquals(wire(core.messagesToSend()), [[49, id, { mode }]]);
    assertEquals(core.eventsReceived(), []);
    core.cancel(id, mode); // a second CANCEL is never sent
    assertEquals(core.messagesToSend(), []);
    const ev = feed(core, [8, 48, id, {}, "wamp.error.canceled"]);
    assert(ev[0]!.type === "request-failed");
    assertInstanceOf(ev[0].error, CanceledError);
  });
}

Deno.test("SessionCore - kill: a RESULT that wins the race still resolves the call", () => {
  const core = joined();
  const id = core.call("com.slow", undefined, undefined, {});
  core.cancel(id, "kill");
  core.messagesToSend();
  assertEquals(feed(core, [50, id, {}, [1]])[0]!.type, "call-result");
});

Deno.test("SessionCore - cancel without dealer support fails locally and drops the late reply", () => {
  const core = joined({});
  const id = core.call("com.slow", undefined, undefined, {});
  core.messagesToSend();
  core.cancel(id, "kill");
  assertEquals(core.messagesToSend(), []);
  const ev = core.eventsReceived();
  assert(ev[0]!.type === "request-failed");
  assertInstanceOf(ev[0].error, CanceledError);
  assertEquals(feed(core, [50, id, {}, [1]]), []); // late RESULT dropped, no violation
  assertEquals(core.state, "established");
  assertEquals(core.outstandingRequests, 0);
});

Deno.test("SessionCore - abandonCall (local timeout) fails the call and sends CANCEL killnowait", () => {
  const core = joined();
  const id = core.call("com.slow", undefined, undefined, { timeout: 10 });
  core.messagesToSend();
  core.abandonCall(id, new Error("timed out"));
  assertEquals(wire(core.messagesToSend()), [[49, id, { mode: "killnowait" }]]);
  assertEquals(core.eventsReceived().map((e) => e.type), ["request-failed"]);
  assertEquals(feed(core, [8, 48, id, {}, "wamp.error.canceled"]), []);
});

Deno.test("SessionCore - progressive call invocations reuse the request ID; options are frozen", () => {
  const core = joined();
  const id = core.call("com.upload", [1], undefined, { disclose_me: true }, true);
  core.sendCallInput(id, [2], undefined, false);
  core.sendCallInput(id, [3], undefined, true);
  assertEquals(wire(core.messagesToSend()), [
    [48, id, { disclose_me: true, progress: true }, "com.upload", [1]],
    [48, id, { progress: true }, "com.upload", [2]],
    [48, id, {}, "com.upload", [3]],
  ]);
  assertThrows(() => core.sendCallInput(id, [4], undefined, true), SessionStateError);
});

Deno.test("SessionCore - progressive call invocations need the dealer's feature", () => {
  const core = joined({});
  assertThrows(() => core.call("com.upload", [1], undefined, {}, true), FeatureNotSupportedError);
  assertEquals(core.messagesToSend(), []);
});

Deno.test("SessionCore - register/invocation/yield", () => {
  const core = joined();
  const rid = core.register("com.add2", {}, "add2");
  assertEquals(wire(core.messagesToSend()), [[64, rid, {}, "com.add2"]]);
  const ev = feed(core, [65, rid, 100]);
  assertEquals(ev, [{
    type: "registered",
    requestId: rid,
    registration: 100,
    procedure: "com.add2",
    match: "exact",
    handler: "add2",
  }]);
  const inv = feed(core, [68, 5, 100, { caller: 42, caller_authid: "joe" }, [2, 3]]);
  assert(inv[0]!.type === "invocation");
  assertEquals(inv[0].handler, "add2");
  assertEquals(inv[0].info.procedure, "com.add2");
  assertEquals(inv[0].info.caller, 42);
  assertEquals(inv[0].info.callerAuthid, "joe");
  assertEquals(inv[0].info.receiveProgress, false);
  assert(core.sendYield(5, [5], undefined));
  assertEquals(wire(core.messagesToSend()), [[70, 5, {}, [5]]]);
  assert(!core.sendYield(5, [5], undefined), "a second answer is dropped");
});

Deno.test("SessionCore - a handler error answers the INVOCATION with ERROR", () => {
  const core = joined();
  core.register("com.fail", {}, "f");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, {}]);
  assert(core.sendInvocationError(5, "wamp.error.runtime_error", ["boom"]));
  assertEquals(wire(core.messagesToSend()).at(-1), [8, 68, 5, {}, "wamp.error.runtime_error", [
    "boom",
  ]]);
});

Deno.test("SessionCore - progressive YIELD only when the caller asked for it", () => {
  const core = joined();
  core.register("com.p", {}, "p");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, {}]);
  assert(!core.sendYield(5, [1], undefined, true));
  feed(core, [68, 6, 100, { receive_progress: true }]);
  assert(core.sendYield(6, [1], undefined, true));
  assert(core.sendYield(6, [2], undefined));
  assertEquals(wire(core.messagesToSend()).slice(-2), [[70, 6, { progress: true }, [1]], [
    70,
    6,
    {},
    [2],
  ]]);
});

Deno.test("SessionCore - progressive invocations deliver input chunks to the running invocation", () => {
  const core = joined();
  core.register("com.upload", {}, "u");
  feed(core, [65, 1, 100]);
  const first = feed(core, [68, 5, 100, { progress: true }, ["a"]]);
  assert(first[0]!.type === "invocation" && first[0].info.progress);
  assertEquals(feed(core, [68, 5, 100, { progress: true }, ["b"]]), [
    { type: "invocation-input", requestId: 5, args: ["b"], kwargs: {}, final: false },
  ]);
  assertEquals(feed(core, [68, 5, 100, {}, ["c"]]), [
    { type: "invocation-input", requestId: 5, args: ["c"], kwargs: {}, final: true },
  ]);
  // Another chunk after the final one is a protocol violation.
  const ev = feed(core, [68, 5, 100, {}, ["d"]]);
  assert(ev.some((e) => e.type === "protocol-violation"));
});

Deno.test("SessionCore - chunks of an invocation answered early are dropped", () => {
  const core = joined();
  core.register("com.upload", {}, "u");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, { progress: true }, ["a"]]);
  core.sendYield(5, ["early"], undefined);
  assertEquals(feed(core, [68, 5, 100, { progress: true }, ["b"]]), []);
  assertEquals(feed(core, [68, 5, 100, {}, ["c"]]), []);
  assertEquals(core.state, "established");
});

Deno.test("SessionCore - INTERRUPT (kill) interrupts and answers wamp.error.canceled", () => {
  const core = joined();
  core.register("com.slow", {}, "s");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, {}]);
  core.messagesToSend();
  assertEquals(feed(core, [69, 5, { mode: "kill" }]), [
    { type: "interrupt", requestId: 5, mode: "kill", reason: undefined, sessionEnded: false },
  ]);
  assertEquals(wire(core.messagesToSend()), [[8, 68, 5, {}, "wamp.error.canceled", [
    "Invocation interrupted",
  ]]]);
  assert(!core.sendYield(5, [1], undefined), "the late answer is dropped");
});

Deno.test("SessionCore - INTERRUPT (killnowait) sends no answer; unknown INTERRUPT ignored", () => {
  const core = joined();
  core.register("com.slow", {}, "s");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, {}]);
  core.messagesToSend();
  assertEquals(feed(core, [69, 5, { mode: "killnowait" }]).length, 1);
  assertEquals(core.messagesToSend(), []);
  assertEquals(feed(core, [69, 99, {}]), []);
});

Deno.test("SessionCore - concurrency limit answers wamp.error.unavailable (Call Rerouting)", () => {
  const core = joined();
  core.register("com.one", { concurrency: 1 }, "one", 1);
  assertEquals(wire(core.messagesToSend())[0]![2], { concurrency: 1 });
  feed(core, [65, 1, 100]);
  assertEquals(feed(core, [68, 5, 100, {}])[0]!.type, "invocation");
  assertEquals(feed(core, [68, 6, 100, {}]), []);
  assertEquals(wire(core.messagesToSend()).at(-1)![4], "wamp.error.unavailable");
  core.sendYield(5, [], undefined);
  assertEquals(feed(core, [68, 7, 100, {}])[0]!.type, "invocation");
});

Deno.test("SessionCore - unregister and router revocation (Registration Revocation)", () => {
  const core = joined();
  core.register("com.a", {}, "a");
  core.register("com.b", {}, "b");
  feed(core, [65, 1, 100]);
  feed(core, [65, 2, 200]);
  const uid = core.unregister(100)!;
  assertEquals(wire(core.messagesToSend()).at(-1), [66, uid, 100]);
  assertEquals(core.unregister(100), undefined);
  assertEquals(feed(core, [67, uid]), [{
    type: "unregistered",
    requestId: uid,
    registration: 100,
  }]);
  assertEquals(feed(core, [67, 0, { registration: 200, reason: "wamp.close.killed" }]), [{
    type: "registration-ended",
    registration: 200,
    handler: "b",
    revoked: true,
    reason: "wamp.close.killed",
  }]);
  assert(feed(core, [68, 9, 200, {}]).some((e) => e.type === "protocol-violation"));
});

Deno.test("SessionCore - publish: acknowledged and not", () => {
  const core = joined();
  const a = core.publish("com.t", ["x"], undefined, { acknowledge: true, exclude_me: false });
  const b = core.publish("com.t", undefined, { k: 1 }, {});
  assertEquals(wire(core.messagesToSend()), [
    [16, a, { acknowledge: true, exclude_me: false }, "com.t", ["x"]],
    [16, b, {}, "com.t", [], { k: 1 }],
  ]);
  assertEquals(core.outstandingRequests, 1);
  assertEquals(feed(core, [17, a, 555]), [{ type: "published", requestId: a, publication: 555 }]);
  const c = core.publish("com.t", undefined, undefined, { acknowledge: true });
  const ev = feed(core, [8, 16, c, {}, "wamp.error.not_authorized"]);
  assert(ev[0]!.type === "request-failed" && ev[0].kind === "publish");
});

Deno.test("SessionCore - subscribe/event; handlers share one subscription", () => {
  const core = joined();
  const s1 = core.subscribe("com.t", {}, "h1");
  const s2 = core.subscribe("com.t", {}, "h2");
  core.messagesToSend();
  feed(core, [33, s1, 300]);
  feed(core, [33, s2, 300]);
  const ev = feed(core, [36, 300, 77, { publisher: 9 }, ["hi"]]);
  assert(ev[0]!.type === "event");
  assertEquals(ev[0].handlers, ["h1", "h2"]);
  assertEquals(ev[0].details, {
    subscription: 300,
    publication: 77,
    topic: "com.t",
    publisher: 9,
    publisherAuthid: undefined,
    publisherAuthrole: undefined,
    trustlevel: undefined,
    retained: false,
  });
  // The first handler leaves locally; the last one asks the router.
  assertEquals(core.unsubscribe(300, "h1"), undefined);
  assertEquals(core.messagesToSend(), []);
  const u = core.unsubscribe(300, "h2")!;
  assertEquals(wire(core.messagesToSend()), [[34, u, 300]]);
  assertEquals(feed(core, [36, 300, 78, {}]), [], "events after the last handler left are dropped");
  assertEquals(feed(core, [35, u]), [{ type: "unsubscribed", requestId: u, subscription: 300 }]);
  assert(feed(core, [36, 300, 79, {}]).some((e) => e.type === "protocol-violation"));
});

Deno.test("SessionCore - pattern subscriptions report the concrete topic; retained events", () => {
  const core = joined();
  const s = core.subscribe("com.myapp.", { match: "prefix", get_retained: true }, "h");
  assertEquals(wire(core.messagesToSend()), [[
    32,
    s,
    { match: "prefix", get_retained: true },
    "com.myapp.",
  ]]);
  const sub = feed(core, [33, s, 400]);
  assert(sub[0]!.type === "subscribed" && sub[0].match === "prefix");
  const ev = feed(core, [36, 400, 1, { topic: "com.myapp.x", retained: true }]);
  assert(ev[0]!.type === "event");
  assertEquals(ev[0].details.topic, "com.myapp.x");
  assertEquals(ev[0].details.retained, true);
});

Deno.test("SessionCore - subscription revocation (Subscription Revocation)", () => {
  const core = joined();
  core.subscribe("com.t", {}, "h");
  feed(core, [33, 1, 300]);
  assertEquals(feed(core, [35, 0, { subscription: 300, reason: "wamp.authorization.revoked" }]), [{
    type: "subscription-ended",
    subscription: 300,
    handlers: ["h"],
    revoked: true,
    reason: "wamp.authorization.revoked",
  }]);
});

Deno.test("SessionCore - leave: GOODBYE, then the router's reply ends the session", () => {
  const core = joined();
  const id = core.call("com.slow", undefined, undefined, {});
  core.messagesToSend();
  core.leave("wamp.close.close_realm", "bye");
  assertEquals(wire(core.messagesToSend()), [[6, { message: "bye" }, "wamp.close.close_realm"]]);
  assertEquals(core.state, "closing");
  const ev = feed(core, [6, {}, "wamp.close.goodbye_and_out"]);
  assertEquals(ev.map((e) => e.type), ["request-failed", "left"]);
  assert(ev[0]!.type === "request-failed" && ev[0].requestId === id);
  assertInstanceOf(ev[0].error, SessionClosedError);
  assert(ev[1]!.type === "left");
  assertEquals(ev[1].details, {
    reason: "wamp.close.close_realm",
    message: "bye",
    initiator: "local",
  });
  assertEquals(core.state, "idle");
  assertThrows(() => core.call("com.x", [], {}, {}), SessionClosedError);
});

Deno.test("SessionCore - a router GOODBYE is answered with wamp.close.goodbye_and_out", () => {
  const core = joined();
  core.register("com.a", {}, "a");
  feed(core, [65, 1, 100]);
  feed(core, [68, 5, 100, {}]);
  core.messagesToSend();
  const ev = feed(core, [6, { message: "shutting down" }, "wamp.close.system_shutdown"]);
  assertEquals(wire(core.messagesToSend()), [[6, {}, "wamp.close.goodbye_and_out"]]);
  assertEquals(ev.map((e) => e.type), ["interrupt", "registration-ended", "left"]);
  assert(ev[2]!.type === "left");
  assertEquals(ev[2].details.initiator, "router");
  assertEquals(ev[2].details.reason, "wamp.close.system_shutdown");
});

Deno.test("SessionCore - out-of-state and client-bound-only messages are protocol violations", () => {
  const cases: unknown[][] = [
    [2, 1, { roles: { dealer: {} } }], // WELCOME when established
    [48, 1, {}, "com.x"], // CALL to a client
    [50, 999, {}], // RESULT for an unknown request
    [8, 68, 1, {}, "wamp.error.x"], // ERROR for an INVOCATION
    [17, 999, 1], // PUBLISHED for an unknown request
  ];
  for (const c of cases) {
    const core = joined();
    const id = core.call("com.pending", undefined, undefined, {});
    core.messagesToSend();
    const ev = feed(core, c);
    const out = wire(core.messagesToSend());
    assertEquals(out.length, 1);
    assertEquals(out[0]![0], 3, `ABORT for ${JSON.stringify(c)}`);
    assertEquals(out[0]![2], "wamp.error.protocol_violation");
    assertEquals(core.state, "closed");
    assert(ev.some((e) => e.type === "request-failed" && e.requestId === id));
    const pv = ev.find((e) => e.type === "protocol-violation");
    assert(pv?.type === "protocol-violation");
    assertInstanceOf(pv.error, ProtocolError);
  }
  // Before HELLO there is no session; while joining only WELCOME/ABORT/CHALLENGE.
  const idle = new SessionCore();
  idle.receive(parseMessage([36, 1, 1, {}]));
  assertEquals(idle.state, "closed");
  const joining = new SessionCore();
  joining.join("realm1");
  joining.messagesToSend();
  joining.receive(parseMessage([50, 1, {}]));
  assertEquals(wire(joining.messagesToSend())[0]![2], "wamp.error.protocol_violation");
  assertEquals(joining.eventsReceived().map((e) => e.type), ["join-failed", "protocol-violation"]);
});

Deno.test("SessionCore - transport loss rejects everything pending and ends subscriptions", () => {
  const core = joined();
  const call = core.call("com.c", undefined, undefined, {});
  const pub = core.publish("com.t", undefined, undefined, { acknowledge: true });
  const sub = core.subscribe("com.t", {}, "h");
  const reg = core.register("com.r", {}, "r");
  core.subscribe("com.u", {}, "u");
  feed(core, [33, 5, 500]);
  core.messagesToSend();
  core.transportClosed("reset");
  const ev = core.eventsReceived();
  const failed = ev.filter((e) => e.type === "request-failed").map((e) => e.requestId).sort();
  assertEquals(failed, [call, pub, sub, reg].sort());
  for (const e of ev) {
    if (e.type === "request-failed") {
      assertInstanceOf(e.error, SessionClosedError);
      assertEquals((e.error as SessionClosedError).reason, "wamp.close.transport_lost");
    }
  }
  assert(ev.some((e) => e.type === "subscription-ended" && !e.revoked));
  const left = ev.at(-1)!;
  assert(left.type === "left");
  assertEquals(left.details.initiator, "transport");
  assertEquals(core.state, "closed");
  assertEquals(core.messagesToSend(), []);
  core.receive(parseMessage([50, call, {}])); // ignored after close
  assertEquals(core.eventsReceived(), []);
});

Deno.test("SessionCore - failOutgoing fails the request; a failed YIELD becomes an ERROR", () => {
  const core = joined();
  const id = core.call("com.big", ["x"], undefined, {});
  const [call] = core.messagesToSend();
  core.failOutgoing(call!, new Error("too big"));
  const ev = core.eventsReceived();
  assert(ev[0]!.type === "request-failed" && ev[0].requestId === id);
  core.register("com.r", {}, "r");
  feed(core, [65, 2, 100]);
  feed(core, [68, 5, 100, {}]);
  core.messagesToSend();
  core.sendYield(5, ["huge"], undefined);
  const [y] = core.messagesToSend();
  core.failOutgoing(y!, new ApplicationError("wamp.error.payload_size_exceeded"));
  assertEquals(wire(core.messagesToSend()), [[8, 68, 5, {}, "wamp.error.payload_size_exceeded", [
    "wamp.error.payload_size_exceeded",
  ]]]);
});
