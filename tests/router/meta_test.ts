import { assert, assertEquals } from "../_assert.ts";
import { type Client, clients, setup } from "./_fake.ts";

function call(c: Client, req: number, proc: string, args: unknown[] = [], kwargs = {}): unknown[] {
  c.send([48, req, {}, proc, args, kwargs]);
  const got = c.take();
  const reply = got.find((m) => (m[0] === 50 || m[0] === 8) && m[m[0] === 8 ? 2 : 1] === req);
  assert(reply, `no reply to ${proc}: ${JSON.stringify(got)}`);
  return reply;
}

function events(c: Client): [string, unknown[]][] {
  return c.take().filter((m) => m[0] === 36).map((m) => [
    m[1] as unknown as string,
    (m[4] ?? []) as unknown[],
  ]);
}

Deno.test("Meta - wamp.session.count/list/get with authrole filter", () => {
  const { router } = setup();
  const [a, b, c] = clients(router, 3, [{ authrole: "admin" }, { authrole: "user" }, {
    authrole: "user",
    authid: "carol",
  }]) as [Client, Client, Client];
  assertEquals(call(a, 1, "wamp.session.count"), [50, 1, {}, [3]]);
  assertEquals(call(a, 2, "wamp.session.count", [["user"]]), [50, 2, {}, [2]]);
  const list = call(a, 3, "wamp.session.list")[3] as number[][];
  assertEquals(list[0]!.sort(), [a.id, b.id, c.id].sort());
  assertEquals(call(a, 4, "wamp.session.list", [["admin"]])[3], [[a.id]]);
  const details = (call(a, 5, "wamp.session.get", [c.id])[3] as Record<string, unknown>[])[0]!;
  assertEquals(details.session, c.id);
  assertEquals(details.authid, "carol");
  assertEquals(details.authrole, "user");
  assertEquals(details.authmethod, "anonymous");
  assertEquals(details.authprovider, "static");
  assertEquals((details.transport as { peer: string }).peer, "tcp4:127.0.0.1:50000");
  assertEquals(call(a, 6, "wamp.session.get", [12345]).slice(0, 5), [
    8,
    48,
    6,
    {},
    "wamp.error.no_such_session",
  ]);
  assertEquals(call(a, 7, "wamp.session.count", ["x"])[4], "wamp.error.invalid_argument");
  assertEquals(call(a, 8, "wamp.session.nope")[4], "wamp.error.no_such_procedure");
});

Deno.test("Meta - wamp.session.on_join and on_leave", () => {
  const { router } = setup();
  const [watcher] = clients(router, 1) as [Client];
  const sJoin = watcher.subscribe(1, "wamp.session.on_join");
  const sLeave = watcher.subscribe(2, "wamp.session.on_leave");
  const [x] = clients(router, 1, [{ authid: "xavier", authrole: "r" }]) as [Client];
  let ev = watcher.take();
  assertEquals(ev.length, 1);
  assertEquals(ev[0]![1], sJoin);
  const d = (ev[0]![4] as Record<string, unknown>[])[0]!;
  assertEquals([d.session, d.authid, d.authrole], [x.id, "xavier", "r"]);
  x.send([6, {}, "wamp.close.close_realm"]);
  ev = watcher.take();
  assertEquals(ev.map((e) => [e[1], e[4]]), [[sLeave, [x.id, "xavier", "r"]]]);
});

Deno.test("Meta - wamp.session.kill, kill_by_authid, kill_by_authrole, kill_all", () => {
  const { router } = setup();
  const cs = clients(router, 6, [
    { authid: "admin" },
    { authid: "joe", authrole: "user" },
    { authid: "joe", authrole: "user" },
    { authid: "ann", authrole: "guest" },
    { authid: "bob", authrole: "guest" },
    { authid: "cid", authrole: "guest" },
  ]) as Client[];
  const [admin, joe1, joe2, ann, bob, cid] = cs as [Client, Client, Client, Client, Client, Client];
  // Own session: no_such_session.
  assertEquals(call(admin, 1, "wamp.session.kill", [admin.id])[4], "wamp.error.no_such_session");
  assertEquals(
    call(admin, 2, "wamp.session.kill", [ann.id], { reason: "not a uri!" })[4],
    "wamp.error.invalid_uri",
  );
  assertEquals(call(admin, 3, "wamp.session.kill", [ann.id], { message: "bye" }), [50, 3, {}]);
  assertEquals(ann.one(), [6, { message: "bye" }, "wamp.close.normal"]);
  ann.send([6, {}, "wamp.close.goodbye_and_out"]);
  const killed = call(admin, 4, "wamp.session.kill_by_authid", ["joe"], {
    reason: "com.myapp.kicked",
  })[3] as number[][];
  assertEquals(killed[0]!.sort(), [joe1.id, joe2.id].sort());
  assertEquals(joe1.one(), [6, {}, "com.myapp.kicked"]);
  assertEquals(call(admin, 5, "wamp.session.kill_by_authrole", ["guest"]), [50, 5, {}, [2]]);
  assertEquals(bob.one()[2], "wamp.close.normal");
  assertEquals(call(admin, 6, "wamp.session.count"), [50, 6, {}, [1]]);
  const [d, e] = clients(router, 2) as [Client, Client];
  assertEquals(call(admin, 7, "wamp.session.kill_all"), [50, 7, {}, [2]]);
  assertEquals(d.one()[0], 6);
  assertEquals(e.one()[0], 6);
  assertEquals(call(admin, 8, "wamp.session.count"), [50, 8, {}, [1]]);
  void cid;
});

Deno.test("Meta - kill_all generates no meta or testament events", () => {
  const { router } = setup();
  const [admin, victim] = clients(router, 2) as [Client, Client];
  admin.subscribe(1, "wamp.session.on_leave");
  admin.subscribe(2, "com.will");
  call(victim, 1, "wamp.session.add_testament", ["com.will", ["bye"]]);
  call(admin, 3, "wamp.session.kill_all");
  assertEquals(events(admin), []);
});

Deno.test("Meta - registration meta procedures", () => {
  const { router } = setup();
  const [a, b, q] = clients(router, 3) as [Client, Client, Client];
  const rExact = a.register(1, "com.p", { invoke: "roundrobin" });
  b.register(1, "com.p", { invoke: "roundrobin" });
  const rPrefix = a.register(2, "com", { match: "prefix" });
  const rWild = a.register(3, "com..x", { match: "wildcard" });
  assertEquals(call(q, 1, "wamp.registration.list")[3], [{
    exact: [rExact],
    prefix: [rPrefix],
    wildcard: [rWild],
  }]);
  assertEquals(call(q, 2, "wamp.registration.lookup", ["com.p"])[3], [rExact]);
  assertEquals(call(q, 3, "wamp.registration.lookup", ["com", { match: "prefix" }])[3], [rPrefix]);
  assertEquals(call(q, 4, "wamp.registration.lookup", ["com.q"])[3], [null]);
  assertEquals(call(q, 5, "wamp.registration.match", ["com.p"])[3], [rExact]);
  assertEquals(call(q, 6, "wamp.registration.match", ["com.y.x"])[3], [rPrefix]);
  assertEquals(call(q, 7, "wamp.registration.match", ["org.x"])[3], [null]);
  const got = (call(q, 8, "wamp.registration.get", [rExact])[3] as Record<string, unknown>[])[0]!;
  assertEquals(got.id, rExact);
  assertEquals(got.uri, "com.p");
  assertEquals(got.match, "exact");
  assertEquals(got.invoke, "roundrobin");
  assert(typeof got.created === "string" && !Number.isNaN(Date.parse(got.created as string)));
  assertEquals(call(q, 9, "wamp.registration.list_callees", [rExact])[3], [[a.id, b.id]]);
  assertEquals(call(q, 10, "wamp.registration.count_callees", [rExact])[3], [2]);
  assertEquals(call(q, 11, "wamp.registration.get", [1])[4], "wamp.error.no_such_registration");
  assertEquals(
    call(q, 12, "wamp.registration.count_callees", [1])[4],
    "wamp.error.no_such_registration",
  );
});

Deno.test("Meta - registration meta events in order", () => {
  const { router } = setup();
  const [w, a] = clients(router, 2) as [Client, Client];
  const subs: Record<string, number> = {};
  for (const [i, t] of ["on_create", "on_register", "on_unregister", "on_delete"].entries()) {
    subs[w.subscribe(i + 1, `wamp.registration.${t}`)] = t as unknown as number;
  }
  const name = (sid: unknown) => subs[sid as number] as unknown as string;
  const reg = a.register(1, "com.p");
  let ev = w.take().map((m) => [name(m[1]), m[4]]);
  assertEquals(ev[0]![0], "on_create");
  assertEquals((ev[0]![1] as unknown[])[0], a.id);
  assertEquals(((ev[0]![1] as unknown[])[1] as { id: number }).id, reg);
  assertEquals(ev[1], ["on_register", [a.id, reg]]);
  a.send([66, 2, reg]);
  a.take();
  ev = w.take().map((m) => [name(m[1]), m[4]]);
  assertEquals(ev, [["on_unregister", [a.id, reg]], ["on_delete", [a.id, reg]]]);
});

Deno.test("Meta - subscription meta procedures and events", () => {
  const { router } = setup();
  const [w, a, b] = clients(router, 3) as [Client, Client, Client];
  // The watcher's own subscriptions to meta topics fire meta events too: drain them.
  const watch = (req: number, topic: string) => {
    const id = w.subscribe(req, topic);
    w.take();
    return id;
  };
  const onCreate = watch(1, "wamp.subscription.on_create");
  const onSub = watch(2, "wamp.subscription.on_subscribe");
  const onUnsub = watch(3, "wamp.subscription.on_unsubscribe");
  const onDelete = watch(4, "wamp.subscription.on_delete");
  const s = a.subscribe(1, "com.t");
  const ev = w.take();
  assertEquals(ev.map((m) => m[1]), [onCreate, onSub]);
  assertEquals((ev[0]![4] as unknown[])[0], a.id);
  assertEquals(((ev[0]![4] as unknown[])[1] as { uri: string }).uri, "com.t");
  assertEquals(ev[1]![4], [a.id, s]);
  b.subscribe(1, "com.t");
  assertEquals(w.take().map((m) => [m[1], m[4]]), [[onSub, [b.id, s]]]);
  const sp = a.subscribe(2, "com", { match: "prefix" });
  w.take();
  const list = call(w, 10, "wamp.subscription.list")[3] as Record<string, number[]>[];
  assert(list[0]!.exact!.includes(s));
  assertEquals(list[0]!.prefix, [sp]);
  assertEquals(call(w, 11, "wamp.subscription.lookup", ["com.t"])[3], [s]);
  assertEquals(call(w, 12, "wamp.subscription.lookup", ["com", { match: "prefix" }])[3], [sp]);
  assertEquals(call(w, 13, "wamp.subscription.match", ["com.t"])[3], [[s, sp]]);
  assertEquals(call(w, 14, "wamp.subscription.match", ["org.t"])[3], [null]);
  assertEquals(
    ((call(w, 15, "wamp.subscription.get", [s])[3] as Record<string, unknown>[])[0]!).match,
    "exact",
  );
  assertEquals(call(w, 16, "wamp.subscription.list_subscribers", [s])[3], [[a.id, b.id]]);
  assertEquals(call(w, 17, "wamp.subscription.count_subscribers", [s])[3], [2]);
  assertEquals(call(w, 18, "wamp.subscription.get", [7])[4], "wamp.error.no_such_subscription");
  a.transport.drop();
  b.send([34, 5, s]);
  b.take();
  const gone = w.take().filter((m) => m[0] === 36).map((m) => [m[1], m[4]]);
  // a's two subscriptions, then b's; on_delete follows the last on_unsubscribe.
  assertEquals(gone.filter((g) => g[0] === onUnsub).length, 3);
  assertEquals(gone.filter((g) => g[0] === onDelete).map((g) => g[1]), [[a.id, sp], [b.id, s]]);
});
