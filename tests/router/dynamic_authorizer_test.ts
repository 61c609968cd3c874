// Dynamic authorization (Crossbar's "authorizer" roles): config parsing, and a
// router calling an in-process authorizer procedure for real WebSocket clients.
import { assert, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import {
  ConfigError,
  parseRouterConfig,
  type RouterHandle,
  startRouter,
} from "../../src/router/mod.ts";
import {
  createDynamicAuthorizer,
  interpretAuthorizerResult,
} from "../../src/router/dynamic_authorizer.ts";
import { connectTransport } from "../../src/transport/mod.ts";
import { type CallDetails, Session } from "../../src/session/mod.ts";
import { ApplicationError } from "../../src/wamp/errors.ts";

const NOT_AUTHORIZED = "wamp.error.not_authorized";

function config(roles: unknown[]): Record<string, unknown> {
  return {
    version: 2,
    workers: [{
      type: "router",
      realms: [{ name: "realm1", roles }],
      transports: [{
        type: "websocket",
        endpoint: { type: "tcp", port: 8080 },
        auth: { anonymous: { type: "static", role: "frontend" } },
      }],
    }],
  };
}

const FRONTEND = { name: "frontend", authorizer: "com.example.authorize" };

async function expectError(p: Promise<unknown>, uri: string): Promise<void> {
  const e = await assertRejects(() => p, ApplicationError);
  assertEquals((e as ApplicationError).error, uri);
}

async function client(router: RouterHandle): Promise<Session> {
  const s = new Session(await connectTransport(router.transports[0]!.url));
  await s.join("realm1");
  return s;
}

Deno.test("DynamicAuthorizer config - a role with an authorizer URI", () => {
  const c = parseRouterConfig(config([FRONTEND]));
  assertEquals(c.workers[0]!.realms[0]!.roles, [{
    name: "frontend",
    permissions: [],
    authorizer: "com.example.authorize",
  }]);
});

Deno.test("DynamicAuthorizer config - authorizer with permissions, or not a URI, is an error naming the path", () => {
  const both = assertThrows(
    () => parseRouterConfig(config([{ ...FRONTEND, permissions: [] }])),
    ConfigError,
  ) as ConfigError;
  assertEquals(both.path, "workers[0].realms[0].roles[0].authorizer");
  assert(both.message.includes("permissions"), both.message);
  for (const bad of ["", "com..x", 42, "com.example.", "with space.x"]) {
    const e = assertThrows(
      () => parseRouterConfig(config([{ name: "frontend", authorizer: bad }])),
      ConfigError,
    ) as ConfigError;
    assertEquals(e.path, "workers[0].realms[0].roles[0].authorizer");
  }
});

Deno.test("DynamicAuthorizer - answers are interpreted failing closed", () => {
  assertEquals(interpretAuthorizerResult(true), true);
  assertEquals(interpretAuthorizerResult(false), false);
  assertEquals(interpretAuthorizerResult(null), false);
  assertEquals(interpretAuthorizerResult(undefined), false);
  assertEquals(interpretAuthorizerResult({ allow: true }), true);
  assertEquals(interpretAuthorizerResult({ allow: true, disclose: true, cache: true }), {
    allow: true,
    disclose: true,
  });
  assertEquals(interpretAuthorizerResult({ allow: "yes" }), false);
  assertEquals(interpretAuthorizerResult({ disclose: true }), false);
  assertEquals(interpretAuthorizerResult([true]), false);
});

Deno.test("DynamicAuthorizer - an in-process authorizer rules on WebSocket clients", async () => {
  await using router = await startRouter(config([FRONTEND]), { ephemeralPorts: true });
  const seen: unknown[][] = [];
  await using component = new Session(router.connectInProcess());
  await component.join("realm1");
  await component.register("com.example.authorize", (args) => {
    seen.push(args as unknown[]);
    const [, uri, action] = args as [Record<string, unknown>, string, string];
    if (action !== "call" && action !== "register") return false;
    if (uri === "com.allowed.disclosed") return { allow: true, disclose: true, cache: false };
    return uri.startsWith("com.allowed.");
  });

  await using callee = await client(router);
  await using caller = await client(router);
  const callers: (number | undefined)[] = [];
  const echo = (args: unknown[], _k: unknown, d: CallDetails) => {
    callers.push(d.caller);
    return args[0];
  };
  await callee.register("com.allowed.echo", echo);
  await callee.register("com.allowed.disclosed", echo);
  await expectError(callee.register("com.denied.echo", echo), NOT_AUTHORIZED);

  assertEquals(await caller.call("com.allowed.echo", [7]), 7);
  assertEquals(await caller.call("com.allowed.disclosed", [8]), 8);
  assertEquals(callers, [undefined, caller.id]);
  await expectError(caller.call("com.denied.echo", [1]), NOT_AUTHORIZED);
  await expectError(caller.subscribe("com.allowed.topic", () => {}), NOT_AUTHORIZED);
  await expectError(
    caller.publish("com.allowed.topic", [], {}, { acknowledge: true }),
    NOT_AUTHORIZED,
  );

  // The procedure got Crossbar's arguments: session details, uri, action, options.
  const first = seen.find((a) => a[1] === "com.allowed.echo" && a[2] === "call")!;
  const details = first[0] as Record<string, unknown>;
  assertEquals(details.session, caller.id);
  assertEquals(details.authrole, "frontend");
  assertEquals(details.authmethod, "anonymous");
  assertEquals(details.authprovider, "static");
  assertEquals(typeof details.authid, "string");
  assertEquals(details.authextra, {});
  assertEquals(typeof first[3], "object");
  // The trusted component itself was never put to the authorizer.
  assert(seen.every((a) => (a[0] as Record<string, unknown>).session !== component.id));
});

Deno.test("DynamicAuthorizer - a missing authorizer procedure denies", async () => {
  await using router = await startRouter(config([FRONTEND]), { ephemeralPorts: true });
  await using s = await client(router);
  await expectError(s.call("com.allowed.echo", []), NOT_AUTHORIZED);
  await expectError(s.register("com.allowed.echo", () => 1), NOT_AUTHORIZED);
});

Deno.test("DynamicAuthorizer - an authorizer that throws denies", async () => {
  await using router = await startRouter(config([FRONTEND]), { ephemeralPorts: true });
  await using component = new Session(router.connectInProcess());
  await component.join("realm1");
  await component.register("com.example.authorize", () => {
    throw new Error("boom");
  });
  await using s = await client(router);
  await expectError(s.call("com.allowed.echo", []), NOT_AUTHORIZED);
  await expectError(s.subscribe("com.allowed.topic", () => {}), NOT_AUTHORIZED);
});

Deno.test("DynamicAuthorizer - an authorizer that does not answer in time denies", async () => {
  await using router = await startRouter(config([FRONTEND]), { ephemeralPorts: true });
  await using component = new Session(router.connectInProcess());
  await component.join("realm1");
  let release!: () => void;
  const hang = new Promise<boolean>((r) => (release = () => r(true)));
  await component.register("com.example.authorize", () => hang);
  const authorizer = createDynamicAuthorizer({
    realm: "realm1",
    roles: new Map([["frontend", "com.example.authorize"]]),
    fallback: { authorize: () => true },
    connect: () => router.connectInProcess(),
    timeout: 50,
  });
  const subject = { session: 1, realm: "realm1", authid: "a", authrole: "frontend" };
  assertEquals(await authorizer.authorize(subject, "com.allowed.x", "call", {}), false);
  assertEquals(
    await authorizer.authorize({ ...subject, authrole: "other" }, "x.y", "call", {}),
    true,
  );
  release();
  await authorizer.close();
  assertEquals(await authorizer.authorize(subject, "com.allowed.x", "call", {}), false);
});
