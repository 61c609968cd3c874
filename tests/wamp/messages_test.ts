import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStringIncludes,
  assertThrows,
} from "../_assert.ts";
import * as wamp from "../../src/wamp/mod.ts";
import {
  CallMessage,
  type ErrorMessage,
  MessageType,
  parseMessage,
  ProtocolError,
  type WampMessage,
} from "../../src/wamp/mod.ts";
import { MESSAGE_VECTORS } from "../vectors/wamp_messages.ts";

const vectors = MESSAGE_VECTORS;

for (const v of vectors) {
  Deno.test(`parseMessage - spec vector round trip: ${v.name} (${v.section})`, () => {
    const msg = parseMessage(v.wire);
    const cls = (wamp as unknown as Record<string, new (...a: never[]) => unknown>)[
      v.expected.class
    ];
    assert(cls !== undefined, `unknown class ${v.expected.class}`);
    assertInstanceOf(msg, cls);
    assertEquals(msg.type, v.wire[0]);
    for (const [k, want] of Object.entries(v.expected.fields)) {
      assertEquals((msg as unknown as Record<string, unknown>)[k], want, k);
    }
    assertEquals(msg.marshal(), v.wire);
    // The class's own parse agrees with the dispatcher.
    const own = (cls as unknown as { parse(a: unknown[]): WampMessage }).parse(v.wire);
    assertEquals(own.marshal(), v.wire);
  });
}

Deno.test("messages.json - covers every message type", () => {
  const seen = new Set(vectors.map((v) => v.wire[0]));
  for (const code of Object.values(MessageType)) assert(seen.has(code), `no vector for ${code}`);
});

// --- Generic malformed input -------------------------------------------------

Deno.test("parseMessage - rejects non-array input", () => {
  for (const x of [undefined, null, 48, "CALL", {}, { 0: 48 }, new Uint8Array([48])]) {
    assertThrows(
      () => parseMessage(x),
      ProtocolError,
      "Cannot parse message: message must be a list",
    );
  }
});

Deno.test("parseMessage - rejects an empty array", () => {
  assertThrows(() => parseMessage([]), ProtocolError, "Cannot parse message: message is empty");
});

Deno.test("parseMessage - rejects unknown message codes", () => {
  for (const code of [0, 7, 9, 18, 51, 71, 256, 1023, -1, 48.5, "48", null, [48], 48n]) {
    const e = assertThrows(() => parseMessage([code, 1, {}, "a.b"]), ProtocolError);
    assertStringIncludes(e.message, "Cannot parse message: unknown message type");
  }
});

Deno.test("ProtocolError - carries the protocol_violation reason and code", () => {
  const e = assertThrows(() => parseMessage([48, 0, {}, "a"]), ProtocolError);
  assertEquals(e.reason, "wamp.error.protocol_violation");
  assertEquals(e.code, "protocol_violation");
  assertInstanceOf(e, wamp.WampError);
  assertInstanceOf(e, wamp.AutobahnError);
});

// --- Per-message malformed variants -----------------------------------------

const BAD_IDS: unknown[] = [
  0,
  -1,
  2 ** 53 + 2,
  1.5,
  NaN,
  Infinity,
  "1",
  null,
  true,
  [],
  {},
  2n ** 60n,
];
const NOT_DICTS: unknown[] = [null, [], "x", 1, true, new Map(), new Uint8Array(1), new Date(0)];
const NOT_LISTS: unknown[] = [null, {}, "x", 1, true, new Uint8Array(1)];
const BAD_URIS: unknown[] = ["", "a..b", ".a", "a.", "a b", "a#b", "a.\tb", 1, null, {}, []];

interface Shape {
  name: string;
  valid: unknown[];
  /** Indices holding IDs (and whether 0 is allowed there). */
  ids: number[];
  dicts: number[];
  uris: number[];
  strings?: number[];
  /** Index of the Arguments|list slot when the message carries a payload. */
  args?: number;
  min: number;
  max: number;
}

const SHAPES: Shape[] = [
  {
    name: "HELLO",
    valid: [1, "realm1", { roles: { caller: {} } }],
    ids: [],
    dicts: [2],
    uris: [1],
    min: 3,
    max: 3,
  },
  {
    name: "WELCOME",
    valid: [2, 123, { roles: { dealer: {} } }],
    ids: [1],
    dicts: [2],
    uris: [],
    min: 3,
    max: 3,
  },
  { name: "ABORT", valid: [3, {}, "wamp.error.x"], ids: [], dicts: [1], uris: [2], min: 3, max: 3 },
  {
    name: "CHALLENGE",
    valid: [4, "ticket", {}],
    ids: [],
    dicts: [2],
    uris: [],
    strings: [1],
    min: 3,
    max: 3,
  },
  {
    name: "AUTHENTICATE",
    valid: [5, "sig", {}],
    ids: [],
    dicts: [2],
    uris: [],
    strings: [1],
    min: 3,
    max: 3,
  },
  {
    name: "GOODBYE",
    valid: [6, {}, "wamp.close.normal"],
    ids: [],
    dicts: [1],
    uris: [2],
    min: 3,
    max: 3,
  },
  {
    name: "ERROR",
    valid: [8, 48, 1, {}, "wamp.error.x", [1], { a: 1 }],
    ids: [2],
    dicts: [3],
    uris: [4],
    args: 5,
    min: 5,
    max: 7,
  },
  {
    name: "PUBLISH",
    valid: [16, 1, {}, "a.b", [1], { a: 1 }],
    ids: [1],
    dicts: [2],
    uris: [3],
    args: 4,
    min: 4,
    max: 6,
  },
  { name: "PUBLISHED", valid: [17, 1, 2], ids: [1, 2], dicts: [], uris: [], min: 3, max: 3 },
  { name: "SUBSCRIBE", valid: [32, 1, {}, "a.b"], ids: [1], dicts: [2], uris: [3], min: 4, max: 4 },
  { name: "SUBSCRIBED", valid: [33, 1, 2], ids: [1, 2], dicts: [], uris: [], min: 3, max: 3 },
  { name: "UNSUBSCRIBE", valid: [34, 1, 2], ids: [1, 2], dicts: [], uris: [], min: 3, max: 3 },
  { name: "UNSUBSCRIBED", valid: [35, 1], ids: [1], dicts: [], uris: [], min: 2, max: 3 },
  {
    name: "EVENT",
    valid: [36, 1, 2, {}, [1], { a: 1 }],
    ids: [1, 2],
    dicts: [3],
    uris: [],
    args: 4,
    min: 4,
    max: 6,
  },
  {
    name: "CALL",
    valid: [48, 1, {}, "a.b", [1], { a: 1 }],
    ids: [1],
    dicts: [2],
    uris: [3],
    args: 4,
    min: 4,
    max: 6,
  },
  { name: "CANCEL", valid: [49, 1, {}], ids: [1], dicts: [2], uris: [], min: 3, max: 3 },
  {
    name: "RESULT",
    valid: [50, 1, {}, [1], { a: 1 }],
    ids: [1],
    dicts: [2],
    uris: [],
    args: 3,
    min: 3,
    max: 5,
  },
  { name: "REGISTER", valid: [64, 1, {}, "a.b"], ids: [1], dicts: [2], uris: [3], min: 4, max: 4 },
  { name: "REGISTERED", valid: [65, 1, 2], ids: [1, 2], dicts: [], uris: [], min: 3, max: 3 },
  { name: "UNREGISTER", valid: [66, 1, 2], ids: [1, 2], dicts: [], uris: [], min: 3, max: 3 },
  { name: "UNREGISTERED", valid: [67, 1], ids: [1], dicts: [], uris: [], min: 2, max: 3 },
  {
    name: "INVOCATION",
    valid: [68, 1, 2, {}, [1], { a: 1 }],
    ids: [1, 2],
    dicts: [3],
    uris: [],
    args: 4,
    min: 4,
    max: 6,
  },
  { name: "INTERRUPT", valid: [69, 1, {}], ids: [1], dicts: [2], uris: [], min: 3, max: 3 },
  {
    name: "YIELD",
    valid: [70, 1, {}, [1], { a: 1 }],
    ids: [1],
    dicts: [2],
    uris: [],
    args: 3,
    min: 3,
    max: 5,
  },
];

function withAt(arr: unknown[], i: number, v: unknown): unknown[] {
  const copy = arr.slice();
  copy[i] = v;
  return copy;
}

function rejects(arr: unknown[], includes: string): void {
  assertThrows(() => parseMessage(arr), ProtocolError, includes);
}

for (const s of SHAPES) {
  Deno.test(`parseMessage - accepts the valid ${s.name} template and every shorter legal form`, () => {
    for (let n = s.min; n <= s.max; n++) parseMessage(s.valid.slice(0, n));
  });

  Deno.test(`parseMessage - rejects ${s.name} with a wrong number of elements`, () => {
    for (let n = 1; n < s.min; n++) {
      rejects(s.valid.slice(0, n), `Cannot parse ${s.name}: expected`);
    }
    rejects(
      [...s.valid, ...new Array(s.max - s.valid.length + 1).fill({})],
      `Cannot parse ${s.name}: expected`,
    );
  });

  if (s.ids.length > 0) {
    Deno.test(`parseMessage - rejects ${s.name} with an ID out of [1, 2^53] or not an integer`, () => {
      for (const i of s.ids) {
        for (const bad of BAD_IDS) {
          rejects(withAt(s.valid, i, bad), `Cannot parse ${s.name}: `);
        }
      }
    });
    Deno.test(`parseMessage - accepts ${s.name} IDs at the bounds 1 and 2^53`, () => {
      for (const i of s.ids) {
        parseMessage(withAt(s.valid, i, 1));
        parseMessage(withAt(s.valid, i, 2 ** 53));
      }
    });
  }

  if (s.dicts.length > 0) {
    Deno.test(`parseMessage - rejects ${s.name} with a details/options element that is not a dict`, () => {
      for (const i of s.dicts) {
        for (const bad of NOT_DICTS) rejects(withAt(s.valid, i, bad), "must be a dict");
      }
    });
  }

  if (s.uris.length > 0) {
    Deno.test(`parseMessage - rejects ${s.name} with an invalid URI`, () => {
      for (const i of s.uris) {
        for (const bad of BAD_URIS) rejects(withAt(s.valid, i, bad), `Cannot parse ${s.name}: `);
      }
    });
  }

  if (s.strings) {
    Deno.test(`parseMessage - rejects ${s.name} with a non-string element`, () => {
      for (const i of s.strings!) {
        for (const bad of [1, null, {}, [], true]) {
          rejects(withAt(s.valid, i, bad), "must be a string");
        }
      }
    });
  }

  if (s.args !== undefined) {
    const a = s.args;
    Deno.test(`parseMessage - rejects ${s.name} whose args is not a list`, () => {
      for (const bad of NOT_LISTS) rejects(withAt(s.valid, a, bad), "arguments must be a list");
    });
    Deno.test(`parseMessage - rejects ${s.name} whose kwargs is not a dict`, () => {
      for (const bad of NOT_DICTS) {
        rejects(withAt(s.valid, a + 1, bad), "keyword arguments must be a dict");
      }
    });
  }
}

Deno.test("parseMessage - rejects CALL with a non-integer request ID", () => {
  rejects(
    [48, 1.5, {}, "com.myapp.ping"],
    "Cannot parse CALL: request ID must be an integer in [1, 2^53]",
  );
});

Deno.test("parseMessage - error messages are sentence case without a trailing period", () => {
  const e = assertThrows(() => parseMessage([48, 0, {}, "a"]), ProtocolError);
  assert(/^Cannot parse [A-Z]+: [a-z]/.test(e.message), e.message);
  assert(!e.message.endsWith("."), e.message);
});

Deno.test("parseMessage - accepts bigint IDs in range and turns them into numbers", () => {
  const m = parseMessage([48, 7n, {}, "a.b"]) as CallMessage;
  assertEquals(m.requestId, 7);
  const w = parseMessage([2, 2n ** 53n, { roles: { broker: {} } }]);
  assertEquals(w.marshal()[1], 2 ** 53);
});

// --- HELLO / WELCOME roles ---------------------------------------------------

Deno.test("parseMessage - rejects HELLO and WELCOME without roles (basic profile HELLO, WELCOME)", () => {
  for (
    const details of [{}, { roles: {} }, { roles: [] }, { roles: { caller: [] } }, {
      roles: { caller: { features: [] } },
    }]
  ) {
    rejects([1, "realm1", details], "Cannot parse HELLO: details.roles");
    rejects([2, 1, details], "Cannot parse WELCOME: details.roles");
  }
});

Deno.test("parseMessage - HELLO accepts unknown roles and keeps custom attributes", () => {
  const details = { roles: { caller: {}, x_future: {} }, _impl_key: [1], x_custom: "y", extra: 1 };
  const m = parseMessage([1, "realm1", details]);
  assertEquals(m.marshal(), [1, "realm1", details]);
});

// --- ERROR request types -----------------------------------------------------

Deno.test("parseMessage - rejects ERROR for a request type that has no error reply", () => {
  for (const t of [1, 2, 6, 8, 17, 33, 36, 49, 50, 65, 69, 70, 999]) {
    rejects([8, t, 1, {}, "wamp.error.x"], "Cannot parse ERROR: request type");
  }
  for (const t of [-1, 1.5, "48", null]) {
    rejects(
      [8, t, 1, {}, "wamp.error.x"],
      "Cannot parse ERROR: request type must be a non-negative integer",
    );
  }
});

Deno.test("parseMessage - accepts ERROR for every request type with an error reply", () => {
  for (const t of [16, 32, 34, 48, 64, 66, 68]) {
    const m = parseMessage([8, t, 1, {}, "wamp.error.x"]) as ErrorMessage;
    assertEquals(m.requestType, t);
  }
});

// --- Revocation (advanced profile) ------------------------------------------

Deno.test("parseMessage - UNREGISTERED revocation requires request ID 0 with a registration ID", () => {
  const m = parseMessage([67, 0, { registration: 5 }]) as wamp.UnregisteredMessage;
  assert(m.isRevocation);
  assertEquals(m.details.registration, 5);
  rejects([67, 0], "request ID must be an integer in [1, 2^53]");
  rejects([67, 0, {}], "a revocation must carry details.registration");
  rejects([67, 0, { registration: 0 }], "details.registration must be an integer");
  rejects([67, 0, { registration: "5" }], "details.registration must be an integer");
  rejects([67, 0, { registration: 5, reason: 1 }], "details.reason must be a string");
  rejects([67, -1, { registration: 5 }], "request ID must be an integer in [0, 2^53]");
  // A normal reply may carry (empty) details too.
  assertEquals(parseMessage([67, 3, {}]).marshal(), [67, 3]);
  assertEquals(parseMessage([67, 3, { x_a: 1 }]).marshal(), [67, 3, { x_a: 1 }]);
});

Deno.test("parseMessage - UNSUBSCRIBED revocation requires request ID 0 with a subscription ID", () => {
  const m = parseMessage([35, 0, { subscription: 5, reason: "no longer authorized" }]);
  assert((m as wamp.UnsubscribedMessage).isRevocation);
  rejects([35, 0], "request ID must be an integer in [1, 2^53]");
  rejects([35, 0, { registration: 5 }], "a revocation must carry details.subscription");
  rejects([35, 0, { subscription: 2 ** 53 + 2 }], "details.subscription must be an integer");
  rejects([35, 1, []], "details must be a dict");
});

// --- Pattern-based URIs ------------------------------------------------------

Deno.test("parseMessage - empty URI components only with a wildcard or prefix match", () => {
  rejects([32, 1, {}, "com.myapp..update"], "Cannot parse SUBSCRIBE: invalid topic");
  rejects([64, 1, {}, "com.myapp..proc"], "Cannot parse REGISTER: invalid procedure");
  parseMessage([32, 1, { match: "wildcard" }, "com.myapp..update"]);
  parseMessage([64, 1, { match: "wildcard" }, "com..proc."]);
  parseMessage([64, 1, { match: "prefix" }, "com.myapp."]);
  rejects([64, 1, { match: "prefix" }, "com..myapp"], "invalid procedure");
  rejects([48, 1, { match: "wildcard" }, "com..x"], "Cannot parse CALL: invalid procedure");
  rejects([16, 1, {}, "com..x"], "Cannot parse PUBLISH: invalid topic");
  rejects([32, 1, { match: 1 }, "a.b"], "option match must be a string");
  // An unknown policy is checked like exact and left for the router to refuse.
  parseMessage([32, 1, { match: "regex" }, "a.b"]);
  rejects([32, 1, { match: "regex" }, "a..b"], "invalid topic");
});

Deno.test("parseMessage - strictUris applies the strict URI rule", () => {
  parseMessage([48, 1, {}, "com.MyApp.Ping"]);
  assertThrows(
    () => parseMessage([48, 1, {}, "com.MyApp.Ping"], { strictUris: true }),
    ProtocolError,
    "invalid procedure",
  );
  parseMessage([48, 1, {}, "com.myapp.ping_2"], { strictUris: true });
  parseMessage([32, 1, { match: "wildcard" }, "com..x"], { strictUris: true });
  assertThrows(
    () => parseMessage([1, "Realm-1", { roles: { caller: {} } }], { strictUris: true }),
    ProtocolError,
    "invalid realm",
  );
});

// --- CANCEL / INTERRUPT modes -----------------------------------------------

Deno.test("parseMessage - CANCEL and INTERRUPT accept only the spec's cancel modes", () => {
  for (const mode of ["skip", "kill", "killnowait"]) {
    parseMessage([49, 1, { mode }]);
    parseMessage([69, 1, { mode }]);
  }
  for (const mode of ["abort", "", 1, null]) {
    rejects([49, 1, { mode }], "Cannot parse CANCEL: option mode");
    rejects([69, 1, { mode }], "Cannot parse INTERRUPT: option mode");
  }
});

// --- Payload passthru --------------------------------------------------------

Deno.test("parseMessage - payload passthru keeps one opaque binary argument", () => {
  const payload = new Uint8Array([1, 2, 3]);
  const m = parseMessage([48, 1, { ppt_scheme: "mqtt" }, "a.b", [payload]]) as CallMessage;
  assert(wamp.isPayloadPassthru(m.options));
  assert(m.args[0] === payload);
  assertEquals(m.marshal(), [48, 1, { ppt_scheme: "mqtt" }, "a.b", [payload]]);
});

// --- Class-level parse ----------------------------------------------------------

Deno.test("CallMessage.parse - rejects an array of another message type", () => {
  assertThrows(
    () => CallMessage.parse([50, 1, {}]),
    ProtocolError,
    "Cannot parse CALL: message type must be 48",
  );
  assertThrows(
    () => CallMessage.parse("x" as unknown as unknown[]),
    ProtocolError,
    "Cannot parse CALL: message must be a list",
  );
});

// --- Marshal ------------------------------------------------------------------

Deno.test("marshal - omits empty args and kwargs (basic profile Empty Arguments and Keyword Arguments)", () => {
  const base = { requestId: 1, procedure: "a.b" };
  assertEquals(new CallMessage(base).marshal(), [48, 1, {}, "a.b"]);
  assertEquals(new CallMessage({ ...base, args: [] }).marshal(), [48, 1, {}, "a.b"]);
  assertEquals(new CallMessage({ ...base, args: [], kwargs: {} }).marshal(), [48, 1, {}, "a.b"]);
  assertEquals(new CallMessage({ ...base, args: [1], kwargs: {} }).marshal(), [48, 1, {}, "a.b", [
    1,
  ]]);
  assertEquals(new CallMessage({ ...base, kwargs: { a: 1 } }).marshal(), [48, 1, {}, "a.b", [], {
    a: 1,
  }]);
  assertEquals(parseMessage([50, 1, {}, [], {}]).marshal(), [50, 1, {}]);
  assertEquals(parseMessage([50, 1, {}, [2], {}]).marshal(), [50, 1, {}, [2]]);
});

Deno.test("marshal - keeps details and options dicts as given (custom attributes pass through)", () => {
  const options = { receive_progress: true, x_trace: "abc", _impl_key: 1, unknown: [1] };
  const m = parseMessage([48, 1, options, "a.b"]) as CallMessage;
  assert(m.options === options);
  assertEquals(m.options.x_trace, "abc");
  assertEquals(m.marshal()[2], options);
});

Deno.test("WampMessage - narrows on the type discriminant", () => {
  const msg: WampMessage = parseMessage([65, 1, 2]);
  switch (msg.type) {
    case MessageType.REGISTERED:
      assertEquals(msg.registration, 2);
      break;
    default:
      throw new Error("unexpected type");
  }
});

Deno.test("messageTypeName - names every code and nothing else", () => {
  assertEquals(wamp.messageTypeName(48), "CALL");
  assertEquals(wamp.messageTypeName(7), undefined);
  assertEquals(Object.keys(MessageType).length, 24);
  for (const [name, code] of Object.entries(MessageType)) {
    assertEquals(wamp.messageTypeName(code), name);
    assert(wamp.isMessageTypeCode(code));
  }
  assert(!wamp.isMessageTypeCode("48"));
});

Deno.test("parseMessage - accepts null-prototype dicts (some decoders build them)", () => {
  const options = Object.assign(Object.create(null), { a: 1 });
  const m = parseMessage([48, 1, options, "a.b"]) as CallMessage;
  assert(m.options === options);
});
