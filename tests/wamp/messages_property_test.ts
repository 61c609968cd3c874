import fc from "fast-check";
import { assertEquals, fail } from "../_assert.ts";
import {
  AbortMessage,
  AuthenticateMessage,
  CallMessage,
  CancelMessage,
  ChallengeMessage,
  ERROR_REQUEST_TYPES,
  ErrorMessage,
  type ErrorRequestType,
  EventMessage,
  GoodbyeMessage,
  HelloMessage,
  InterruptMessage,
  InvocationMessage,
  MessageType,
  parseMessage,
  ProtocolError,
  PublishedMessage,
  PublishMessage,
  RegisteredMessage,
  RegisterMessage,
  ResultMessage,
  SubscribedMessage,
  SubscribeMessage,
  UnregisteredMessage,
  UnregisterMessage,
  UnsubscribedMessage,
  UnsubscribeMessage,
  type WampDict,
  type WampMessage,
  WelcomeMessage,
  YieldMessage,
} from "../../src/wamp/mod.ts";

// --- Arbitraries ---------------------------------------------------------------

/** IDs in [1, 2^53], with the bounds weighted in. */
const id = fc.oneof(
  fc.maxSafeNat().map((n) => n + 1),
  fc.constantFrom(1, 2, 2 ** 53, 2 ** 53 - 1),
);
const component = fc.stringMatching(/^[a-z0-9_]{1,6}$/);
const looseComponent = fc.stringMatching(/^[^\s.#]{1,6}$/);
const uri = fc.oneof(
  fc.array(component, { minLength: 1, maxLength: 5 }).map((c) => c.join(".")),
  fc.array(looseComponent, { minLength: 1, maxLength: 4 }).map((c) => c.join(".")),
);
const wildcardUri = fc.array(fc.oneof(component, fc.constant("")), { minLength: 1, maxLength: 5 })
  .map((c) => c.join("."));
const key = fc.string({ maxLength: 8 }).filter((k) => k !== "__proto__");
const value = fc.jsonValue({ maxDepth: 2 });
const dict: fc.Arbitrary<WampDict> = fc.dictionary(key, value, {
  maxKeys: 4,
  noNullPrototype: true,
});
const args = fc.oneof(
  fc.array(value, { maxLength: 4 }),
  fc.uint8Array({ maxLength: 16 }).map((b) => [b]), // payload passthru: one binary element
);
const kwargs = fc.dictionary(key, value, { maxKeys: 4, noNullPrototype: true });
const roles = fc.dictionary(
  fc.constantFrom("caller", "callee", "publisher", "subscriber", "broker", "dealer"),
  fc.oneof(
    fc.constant({}),
    fc.record({ features: fc.dictionary(key, fc.boolean(), { noNullPrototype: true }) }),
  ),
  { minKeys: 1, noNullPrototype: true },
);
const cancelOptions = fc.oneof(
  fc.constant({}),
  fc.record({ mode: fc.constantFrom("skip", "kill", "killnowait") }),
);
const errorRequestType = fc.constantFrom(...ERROR_REQUEST_TYPES) as fc.Arbitrary<ErrorRequestType>;

const message: fc.Arbitrary<WampMessage> = fc.oneof(
  fc.record({ realm: uri, roles, d: dict }).map(({ realm, roles, d }) =>
    new HelloMessage({ realm, details: { ...d, roles } })
  ),
  fc.record({ session: id, roles }).map(({ session, roles }) =>
    new WelcomeMessage({ session, details: { roles } })
  ),
  fc.record({ reason: uri, details: dict }).map((i) => new AbortMessage(i)),
  fc.record({ authMethod: fc.string(), extra: dict }).map((i) => new ChallengeMessage(i)),
  fc.record({ signature: fc.string(), extra: dict }).map((i) => new AuthenticateMessage(i)),
  fc.record({ reason: uri, details: dict }).map((i) => new GoodbyeMessage(i)),
  fc.record({
    requestType: errorRequestType,
    requestId: id,
    details: dict,
    error: uri,
    args,
    kwargs,
  })
    .map((i) => new ErrorMessage(i)),
  fc.record({ requestId: id, options: dict, topic: uri, args, kwargs }).map((i) =>
    new PublishMessage(i)
  ),
  fc.record({ requestId: id, publication: id }).map((i) => new PublishedMessage(i)),
  fc.record({ requestId: id, topic: uri }).map((i) => new SubscribeMessage(i)),
  fc.record({ requestId: id, topic: wildcardUri }).map((i) =>
    new SubscribeMessage({ ...i, options: { match: "wildcard" } })
  ),
  fc.record({ requestId: id, subscription: id }).map((i) => new SubscribedMessage(i)),
  fc.record({ requestId: id, subscription: id }).map((i) => new UnsubscribeMessage(i)),
  id.map((requestId) => new UnsubscribedMessage({ requestId })),
  fc.record({ subscription: id, reason: fc.string() }).map((details) =>
    new UnsubscribedMessage({ requestId: 0, details })
  ),
  fc.record({ subscription: id, publication: id, details: dict, args, kwargs }).map((i) =>
    new EventMessage(i)
  ),
  fc.record({ requestId: id, options: dict, procedure: uri, args, kwargs }).map((i) =>
    new CallMessage(i)
  ),
  fc.record({ requestId: id, options: cancelOptions }).map((i) => new CancelMessage(i)),
  fc.record({ requestId: id, details: dict, args, kwargs }).map((i) => new ResultMessage(i)),
  fc.record({ requestId: id, procedure: uri }).map((i) => new RegisterMessage(i)),
  fc.record({ requestId: id, procedure: wildcardUri }).map((i) =>
    new RegisterMessage({ ...i, options: { match: "wildcard" } })
  ),
  fc.record({ requestId: id, registration: id }).map((i) => new RegisteredMessage(i)),
  fc.record({ requestId: id, registration: id }).map((i) => new UnregisterMessage(i)),
  id.map((requestId) => new UnregisteredMessage({ requestId })),
  fc.record({ registration: id, reason: fc.string() }).map((details) =>
    new UnregisteredMessage({ requestId: 0, details })
  ),
  fc.record({ requestId: id, registration: id, details: dict, args, kwargs }).map((i) =>
    new InvocationMessage(i)
  ),
  fc.record({ requestId: id, options: cancelOptions }).map((i) => new InterruptMessage(i)),
  fc.record({ requestId: id, options: dict, args, kwargs }).map((i) => new YieldMessage(i)),
);

/** Anything a decoder could plausibly hand us, plus odd JS values. */
const element = fc.oneof(
  fc.anything({ maxDepth: 2, withBigInt: true, withTypedArray: true, withNullPrototype: true }),
  id,
  fc.constantFrom(0, -1, 2 ** 53 + 2, 1.5, NaN, "", "a..b", {}, [], null),
  uri,
);

function onlyProtocolErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof ProtocolError)) fail(`threw ${String(e)} instead of ProtocolError`);
  }
}

// --- Properties ----------------------------------------------------------------

Deno.test("parseMessage - property: marshal then parse gives an equal message", () => {
  fc.assert(
    fc.property(message, (m) => {
      const parsed = parseMessage(m.marshal());
      assertEquals(parsed, m);
      assertEquals(parsed.marshal(), m.marshal());
    }),
    { numRuns: 2000 },
  );
});

Deno.test("parseMessage - property: random arrays throw nothing but ProtocolError", () => {
  fc.assert(
    fc.property(
      fc.array(element, { maxLength: 8 }),
      (arr) => onlyProtocolErrors(() => parseMessage(arr)),
    ),
    { numRuns: 2000 },
  );
});

Deno.test("parseMessage - property: arrays with a known type code throw nothing but ProtocolError", () => {
  const code = fc.constantFrom(...Object.values(MessageType));
  fc.assert(
    fc.property(
      code,
      fc.array(element, { maxLength: 7 }),
      (c, rest) => onlyProtocolErrors(() => parseMessage([c, ...rest])),
    ),
    { numRuns: 5000 },
  );
});

Deno.test("parseMessage - property: valid messages with one element replaced throw nothing but ProtocolError", () => {
  fc.assert(
    fc.property(message, fc.nat(), element, fc.boolean(), (m, at, x, truncate) => {
      const arr = m.marshal();
      const i = 1 + (at % Math.max(1, arr.length - 1));
      if (truncate) arr.length = i;
      else arr[i] = x;
      onlyProtocolErrors(() => parseMessage(arr));
    }),
    { numRuns: 3000 },
  );
});

Deno.test("parseMessage - property: any input at all throws nothing but ProtocolError", () => {
  fc.assert(
    fc.property(
      fc.anything({ withBigInt: true, withTypedArray: true, withNullPrototype: true }),
      (x) => onlyProtocolErrors(() => parseMessage(x)),
    ),
    { numRuns: 1000 },
  );
});
