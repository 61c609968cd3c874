import { assert, assertEquals } from "../_assert.ts";
import { type Client, clients, setup } from "./_fake.ts";

function events(c: Client): unknown[][] {
  return c.take().filter((m) => m[0] === 36);
}

Deno.test("Broker - exact subscription receives EVENT with args and kwargs untouched", () => {
  const { router } = setup();
  const [sub, pub] = clients(router, 2) as [Client, Client];
  const sid = sub.subscribe(1, "com.myapp.hello");
  const args = [1, "two", { three: [3] }];
  const kwargs = { a: { b: null } };
  pub.send([16, 1, {}, "com.myapp.hello", args, kwargs]);
  pub.none(); // no acknowledge
  const ev = sub.one();
  assertEquals(ev[0], 36);
  assertEquals(ev[1], sid);
  assertEquals(ev[3], {});
  assertEquals(ev[4], args);
  assertEquals(ev[5], kwargs);
  // Payload passthru: the very same objects travel, not copies.
  const m = sub.transport.sentMessages.at(-1) as unknown as { args: unknown; kwargs: unknown };
  assertEquals(m.args === pub.transport.sentMessages.at(-1), false);
  pub.send([16, 2, {}, "com.myapp.hello", args]);
  const evMsg = sub.transport.sentMessages.at(-1) as unknown as { args: unknown[] };
  assert(evMsg.args[2] === (args[2] as unknown), "args are passed through by reference");
});

Deno.test("Broker - one subscription per topic and policy, shared by subscribers", () => {
  const { router } = setup();
  const [a, b] = clients(router, 2) as [Client, Client];
  const s1 = a.subscribe(1, "com.t");
  const s2 = b.subscribe(1, "com.t");
  const s3 = a.subscribe(2, "com.t"); // same session again: same ID
  const s4 = a.subscribe(3, "com.t", { match: "prefix" });
  assertEquals(s1, s2);
  assertEquals(s1, s3);
  assert(s4 !== s1);
  assertEquals(router.getRealm("realm1")!.broker.subscriptions.size, 2);
});

Deno.test("Broker - prefix and wildcard subscriptions get EVENT.Details.topic", () => {
  const { router } = setup();
  const [sub, pub] = clients(router, 2) as [Client, Client];
  const sp = sub.subscribe(1, "com.myapp", { match: "prefix" });
  const sw = sub.subscribe(2, "com..update", { match: "wildcard" });
  const se = sub.subscribe(3, "com.myapp.update");
  pub.send([16, 1, {}, "com.myapp.update", [1]]);
  const got = events(sub);
  assertEquals(got.length, 3);
  const bySub = new Map(got.map((e) => [e[1], e]));
  assertEquals(bySub.get(se)![3], {});
  assertEquals(bySub.get(sp)![3], { topic: "com.myapp.update" });
  assertEquals(bySub.get(sw)![3], { topic: "com.myapp.update" });
  // Same publication ID on every event of one publication.
  assertEquals(new Set(got.map((e) => e[2])).size, 1);
  pub.send([16, 2, {}, "com.myapp-x"]);
  assertEquals(events(sub).map((e) => e[1]), [sp]);
  pub.send([16, 3, {}, "com.other.update"]);
  assertEquals(events(sub).map((e) => e[1]), [sw]);
  pub.send([16, 4, {}, "org.x"]);
  sub.none();
});

Deno.test("Broker - acknowledge: PUBLISHED; errors only with acknowledge", () => {
  const { router } = setup();
  const [pub] = clients(router, 1) as [Client];
  pub.send([16, 1, { acknowledge: true }, "com.t"]);
  const m = pub.one();
  assertEquals(m.slice(0, 2), [17, 1]);
  pub.send([16, 2, { acknowledge: true }, "wamp.session.on_join"]);
  assertEquals(pub.one().slice(0, 5), [8, 16, 2, {}, "wamp.error.invalid_uri"]);
  pub.send([16, 3, {}, "wamp.session.on_join"]);
  pub.none();
  pub.send([16, 4, { acknowledge: true, exclude: ["x"] }, "com.t"]);
  assertEquals(pub.one().slice(0, 5), [8, 16, 4, {}, "wamp.error.invalid_argument"]);
});

Deno.test("Broker - publisher exclusion: exclude_me defaults to true", () => {
  const { router } = setup();
  const [a, b] = clients(router, 2) as [Client, Client];
  a.subscribe(1, "com.t");
  b.subscribe(1, "com.t");
  a.send([16, 2, {}, "com.t"]);
  a.none();
  assertEquals(events(b).length, 1);
  a.send([16, 3, { exclude_me: false }, "com.t"]);
  assertEquals(events(a).length, 1);
  assertEquals(events(b).length, 1);
});

Deno.test("Broker - black- and whitelisting by session, authid and authrole", () => {
  const { router } = setup();
  const [pub, s1, s2, s3] = clients(router, 4, [
    {},
    { authid: "alice", authrole: "admin" },
    { authid: "bob", authrole: "user" },
    { authid: "carol", authrole: "user" },
  ]) as [Client, Client, Client, Client];
  for (const s of [s1, s2, s3]) s.subscribe(1, "com.t");
  const receivers = (options: Record<string, unknown>) => {
    pub.send([16, 1, options, "com.t"]);
    return [s1, s2, s3].filter((s) => events(s).length === 1).map((s) => s.session.authid);
  };
  assertEquals(receivers({}), ["alice", "bob", "carol"]);
  assertEquals(receivers({ exclude: [s1.id] }), ["bob", "carol"]);
  assertEquals(receivers({ eligible: [s1.id, s3.id] }), ["alice", "carol"]);
  assertEquals(receivers({ eligible: [s1.id, s2.id, s3.id], exclude: [s1.id] }), ["bob", "carol"]);
  assertEquals(receivers({ exclude_authid: ["bob"] }), ["alice", "carol"]);
  assertEquals(receivers({ eligible_authid: ["bob"] }), ["bob"]);
  assertEquals(receivers({ exclude_authrole: ["user"] }), ["alice"]);
  assertEquals(receivers({ eligible_authrole: ["user"], exclude_authid: ["carol"] }), ["bob"]);
});

Deno.test("Broker - publisher identification with disclose_me", () => {
  const { router } = setup();
  const [pub, sub] = clients(router, 2, [{ authid: "p1", authrole: "r1" }]) as [Client, Client];
  sub.subscribe(1, "com.t");
  pub.send([16, 1, { disclose_me: true }, "com.t"]);
  assertEquals(sub.one()[3], {
    publisher: pub.id,
    publisher_authid: "p1",
    publisher_authrole: "r1",
  });
  pub.send([16, 2, {}, "com.t"]);
  assertEquals(sub.one()[3], {});
});

Deno.test("Broker - authorizer can force disclosure", () => {
  const { router } = setup({ authorizer: { authorize: () => ({ allow: true, disclose: true }) } });
  const [pub, sub] = clients(router, 2) as [Client, Client];
  sub.subscribe(1, "com.t");
  pub.send([16, 1, {}, "com.t"]);
  assertEquals((sub.one()[3] as { publisher: number }).publisher, pub.id);
});

Deno.test("Broker - event retention: get_retained delivers the latest eligible event", () => {
  const { router } = setup();
  const [pub, a, b] = clients(router, 3) as [Client, Client, Client];
  pub.send([16, 1, { retain: true }, "com.temp", [20]]);
  pub.send([16, 2, { retain: true }, "com.temp", [21]]);
  pub.send([16, 3, {}, "com.temp", [99]]); // not retained
  pub.send([16, 4, { retain: true, exclude: [b.id] }, "com.other", [1]]);
  const sid = a.subscribe(1, "com.temp", { get_retained: true });
  const ev = a.one();
  assertEquals(ev[0], 36);
  assertEquals(ev[1], sid);
  assertEquals(ev[3], { retained: true });
  assertEquals(ev[4], [21]);
  // Without get_retained, nothing.
  b.subscribe(1, "com.temp");
  b.none();
  // Pattern subscription gets matching retained topics, with the topic; b was excluded.
  b.subscribe(2, "com", { match: "prefix", get_retained: true });
  const got = b.take();
  assertEquals(got.length, 1);
  assertEquals(got[0]![3], { topic: "com.temp", retained: true });
  a.subscribe(2, "com.", { match: "prefix", get_retained: true });
  assertEquals(a.take().length, 2);
});

Deno.test("Broker - retained topics are bounded by maxRetainedTopics", () => {
  const { router } = setup({ realms: [{ name: "realm1", maxRetainedTopics: 2 }] });
  const [pub, sub] = clients(router, 2) as [Client, Client];
  for (const t of ["a.1", "a.2", "a.3"]) pub.send([16, 1, { retain: true }, t]);
  sub.subscribe(1, "a", { match: "prefix", get_retained: true });
  assertEquals(sub.take().map((e) => (e[3] as { topic: string }).topic).sort(), ["a.2", "a.3"]);
});

Deno.test("Broker - UNSUBSCRIBE and no_such_subscription", () => {
  const { router } = setup();
  const [a, b, pub] = clients(router, 3) as [Client, Client, Client];
  const sid = a.subscribe(1, "com.t");
  b.send([34, 1, sid]); // not b's subscription
  assertEquals(b.one(), [8, 34, 1, {}, "wamp.error.no_such_subscription"]);
  a.send([34, 2, sid]);
  assertEquals(a.one(), [35, 2]);
  pub.send([16, 1, {}, "com.t"]);
  a.none();
  a.send([34, 3, sid]);
  assertEquals(a.one(), [8, 34, 3, {}, "wamp.error.no_such_subscription"]);
  assertEquals(router.getRealm("realm1")!.broker.subscriptions.size, 0);
});

Deno.test("Broker - invalid match policy is invalid_argument", () => {
  const { router } = setup();
  const [a] = clients(router, 1) as [Client];
  a.send([32, 1, { match: "fuzzy" }, "com.t"]);
  assertEquals(a.one().slice(0, 5), [8, 32, 1, {}, "wamp.error.invalid_argument"]);
});

Deno.test("Broker - subscription revocation: UNSUBSCRIBED 0 only to announcing subscribers", () => {
  const { router } = setup();
  const [a, pub] = clients(router, 2) as [Client, Client];
  const [basic] = clients(router, 1, [{ roles: { subscriber: {} } }]) as [Client];
  const sid = a.subscribe(1, "com.t");
  basic.subscribe(1, "com.t");
  assert(router.getRealm("realm1")!.revokeSubscription(sid, "no longer authorized"));
  assertEquals(a.one(), [35, 0, { subscription: sid, reason: "no longer authorized" }]);
  basic.none();
  pub.send([16, 1, {}, "com.t"]);
  a.none();
  basic.none();
  assert(!router.getRealm("realm1")!.revokeSubscription(sid));
});

Deno.test("Broker - a leaving subscriber's subscriptions go", () => {
  const { router } = setup();
  const [a, b] = clients(router, 2) as [Client, Client];
  a.subscribe(1, "com.t");
  b.subscribe(1, "com.t");
  a.transport.drop();
  const sub = [...router.getRealm("realm1")!.broker.subscriptions.values()][0]!;
  assertEquals([...sub.subscribers].map((s) => s.id), [b.id]);
  b.transport.drop();
  assertEquals(router.getRealm("realm1")!.broker.subscriptions.size, 0);
});

Deno.test("Broker - testament: destroyed and detached scopes, order, flush", () => {
  const { router } = setup();
  const [dying, watcher] = clients(router, 2) as [Client, Client];
  watcher.subscribe(1, "com.will", {});
  const call = (
    req: number,
    proc: string,
    args: unknown[],
    kwargs: Record<string, unknown> = {},
  ) => {
    dying.send([48, req, {}, proc, args, kwargs]);
    const r = dying.one();
    assertEquals(r.slice(0, 2), [50, req], JSON.stringify(r));
  };
  call(1, "wamp.session.add_testament", ["com.will", ["destroyed-1"], {}]);
  call(2, "wamp.session.add_testament", ["com.will", ["detached-1"], {}], { scope: "detached" });
  call(3, "wamp.session.add_testament", ["com.will", ["destroyed-2"], { k: 1 }]);
  call(4, "wamp.session.add_testament", ["com.will", ["flushed"]], { scope: "detached" });
  call(5, "wamp.session.flush_testaments", [], { scope: "detached" });
  call(6, "wamp.session.add_testament", ["com.will", ["detached-2"]], {
    scope: "detached",
    publish_options: { disclose_me: true },
  });
  dying.send([48, 7, {}, "wamp.session.add_testament", ["com.will"], { scope: "later" }]);
  assertEquals(dying.one().slice(0, 5), [8, 48, 7, {}, "wamp.error.invalid_argument"]);
  dying.transport.drop();
  const got = events(watcher);
  // Detached-scope testaments go before destroyed-scope ones, each in order added.
  assertEquals(got.map((e) => e[4]), [["detached-2"], ["destroyed-1"], ["destroyed-2"]]);
  assertEquals((got[0]![3] as { publisher: number }).publisher, dying.id);
  assertEquals(got[2]![5], { k: 1 });
});

Deno.test("Broker - testaments are dropped on flush of the destroyed scope", () => {
  const { router } = setup();
  const [dying, watcher] = clients(router, 2) as [Client, Client];
  watcher.subscribe(1, "com.will");
  dying.send([48, 1, {}, "wamp.session.add_testament", ["com.will", [1]]]);
  dying.send([48, 2, {}, "wamp.session.flush_testaments"]);
  assertEquals(dying.take().length, 2);
  dying.send([6, {}, "wamp.close.close_realm"]);
  watcher.none();
});

Deno.test("Broker - payload passthru: ppt options go to EVENT.Details; unannounced ppt aborts", () => {
  const { router } = setup();
  const [pub, sub] = clients(router, 2) as [Client, Client];
  sub.subscribe(1, "com.t");
  const blob = new Uint8Array([1, 2, 3]);
  pub.send([16, 1, { ppt_scheme: "x_custom", ppt_serializer: "cbor" }, "com.t", [blob]]);
  const ev = sub.one();
  assertEquals(ev[3], { ppt_scheme: "x_custom", ppt_serializer: "cbor" });
  assert((ev[4] as unknown[])[0] === blob);
  const [basic] = clients(router, 1, [{ roles: { publisher: {} } }]) as [Client];
  basic.send([16, 1, { ppt_scheme: "x_custom" }, "com.t", [blob]]);
  const last = basic.take().at(-1)!;
  assertEquals([last[0], last[2]], [3, "wamp.error.protocol_violation"]);
});
