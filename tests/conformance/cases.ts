// The conformance case table: Autobahn TestSuite sections 1-7, 9 and 10,
// rebuilt from RFC 6455 and the suite's case descriptions (what each case
// sends, what it expects back, how the close must go). Section 9 is scaled
// down (see README.md) so both roles run in well under a minute.
import {
  type CaseOutcome,
  type CaseScript,
  closePayload,
  type ExpectedClose,
  type FrameSpec,
  type FuzzEvent,
  type FuzzingPeer,
  repeatTo,
  toBytes,
} from "./_fuzzer.ts";
import { KOSME, UTF8_GROUPS } from "./_utf8_vectors.ts";

/** One case of the table. */
export interface ConformanceCase {
  /** The suite's case id, e.g. `"5.19"`. */
  readonly id: string;
  /** What the case does. */
  readonly description: string;
  /** A fresh script per run (scripts may hold state). */
  readonly script: () => CaseScript;
  /** Heavy cases run one at a time (section 9). */
  readonly heavy?: boolean;
}

type Expected = Partial<Record<"OK" | "NON-STRICT", FuzzEvent[]>>;

const OPCODE = { CONT: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

/** A text (or binary) message event. */
function msg(data: Uint8Array | string, binary = false): FuzzEvent {
  return { type: "message", data: toBytes(data), binary };
}
function pong(data: Uint8Array | string = ""): FuzzEvent {
  return { type: "pong", data: toBytes(data) };
}
function timeout(tag: string): FuzzEvent {
  return { type: "timeout", tag };
}

/** Normal completion: we close with 1000 once the events match; the close must be clean. */
const CLEAN: ExpectedClose = { closedByMe: true, closeCode: [1000], requireClean: true };
/** RFC 6455 §7.1.7: the peer fails the connection (close with `code`, or drops TCP). */
function failed(...codes: number[]): ExpectedClose {
  return { closedByMe: false, closeCode: codes.length ? codes : [1002], requireClean: false };
}

interface Spec {
  expected: Expected;
  close: ExpectedClose;
  send(p: FuzzingPeer): void;
  /** Seconds before the fuzzer gives up (the suite's killAfter). */
  kill?: number;
  suppressClose?: boolean;
  judge?(p: FuzzingPeer, o: CaseOutcome): void;
  onEvent?(p: FuzzingPeer, ev: FuzzEvent): boolean;
}

function make(id: string, description: string, spec: Spec, heavy = false): ConformanceCase {
  return {
    id,
    description,
    heavy,
    script: () => ({
      suppressClose: spec.suppressClose,
      onOpen(p) {
        p.expected = spec.expected;
        p.expectedClose = spec.close;
        spec.send(p);
        if (spec.kill !== undefined) p.killAfter(spec.kill);
      },
      judge: spec.judge,
      onEvent: spec.onEvent,
    }),
  };
}

/** Sends each frame in order. */
function frames(...fs: FrameSpec[]): (p: FuzzingPeer) => void {
  return (p) => {
    for (const f of fs) p.sendFrame(f);
  };
}

/** A close code outside the accepted list turns the whole case into FAILED (section 7). */
function wrongCodeFails(_p: FuzzingPeer, o: CaseOutcome): void {
  if (o.behaviorClose === "WRONG CODE") o.behavior = "FAILED";
}
function informational(_p: FuzzingPeer, o: CaseOutcome): void {
  o.behavior = "INFORMATIONAL";
  o.behaviorClose = "INFORMATIONAL";
}

const HELLO = "Hello, world!";
const cases: ConformanceCase[] = [];
const add = (c: ConformanceCase) => cases.push(c);

// ---- 1 Framing: text and binary messages of the length boundaries (RFC 6455 §5.2)
const LENGTHS = [0, 125, 126, 127, 128, 65535, 65536];
for (const [sub, opcode, unit, binary] of [[1, 1, "*", false], [2, 2, "\xfe", true]] as const) {
  const unitBytes = binary ? new Uint8Array([0xfe]) : toBytes(unit);
  const kind = binary ? "binary" : "text";
  LENGTHS.forEach((len, i) => {
    const data = repeatTo(unitBytes, len);
    add(make(`1.${sub}.${i + 1}`, `Send ${kind} message with payload length ${len}`, {
      expected: { OK: [msg(data, binary)] },
      close: CLEAN,
      send: frames({ opcode, payload: data }),
      kill: 10,
    }));
  });
  const data = repeatTo(unitBytes, 65536);
  add(make(`1.${sub}.8`, `Send ${kind} message with payload length 65536, in chops of 997 octets`, {
    expected: { OK: [msg(data, binary)] },
    close: CLEAN,
    send: frames({ opcode, payload: data, chopsize: 997 }),
    kill: 10,
  }));
}

// ---- 2 Pings/Pongs (RFC 6455 §5.5.2, §5.5.3)
const B2_3 = new Uint8Array([0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff]);
const FE125 = repeatTo(new Uint8Array([0xfe]), 125);
add(make("2.1", "Send ping without payload", {
  expected: { OK: [pong()] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PING }),
  kill: 1,
}));
add(make("2.2", "Send ping with small text payload", {
  expected: { OK: [pong(HELLO)] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PING, payload: HELLO }),
  kill: 1,
}));
add(make("2.3", "Send ping with small binary (non UTF-8) payload", {
  expected: { OK: [pong(B2_3)] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PING, payload: B2_3 }),
  kill: 1,
}));
add(make("2.4", "Send ping with binary payload of 125 octets", {
  expected: { OK: [pong(FE125)] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PING, payload: FE125 }),
  kill: 1,
}));
add(make("2.5", "Send ping with binary payload of 126 octets (control frames carry at most 125)", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({ opcode: OPCODE.PING, payload: repeatTo(new Uint8Array([0xfe]), 126) }),
  kill: 1,
}));
add(make("2.6", "Send ping with 125 octets payload, in octet-wise chops", {
  expected: { OK: [pong(FE125)] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PING, payload: FE125, chopsize: 1 }),
  kill: 2,
}));
add(make("2.7", "Send unsolicited pong without payload", {
  expected: { OK: [] },
  close: CLEAN,
  send: (p) => {
    p.sendFrame({ opcode: OPCODE.PONG });
    p.closeAfter(1);
  },
}));
add(make("2.8", "Send unsolicited pong with payload", {
  expected: { OK: [] },
  close: CLEAN,
  send: (p) => {
    p.sendFrame({ opcode: OPCODE.PONG, payload: "unsolicited pong payload" });
    p.closeAfter(1);
  },
}));
add(make("2.9", "Send unsolicited pong with payload, then ping with payload", {
  expected: { OK: [pong("ping payload")] },
  close: CLEAN,
  send: frames({ opcode: OPCODE.PONG, payload: "unsolicited pong payload" }, {
    opcode: OPCODE.PING,
    payload: "ping payload",
  }),
  kill: 1,
}));
for (const [id, chop] of [["2.10", undefined], ["2.11", 1]] as const) {
  const payloads = Array.from({ length: 10 }, (_, i) => `payload-${i}`);
  add(make(id, `Send 10 pings with payload${chop ? ", in octet-wise chops" : ""}`, {
    expected: { OK: payloads.map((x) => pong(x)) },
    close: CLEAN,
    send: frames(
      ...payloads.map((payload) => ({
        opcode: OPCODE.PING,
        payload,
        chopsize: chop,
        sync: chop !== undefined,
      })),
    ),
    kill: 3,
  }));
}

// ---- 3 Reserved bits (RFC 6455 §5.2: RSV1-3 MUST be 0 without an extension)
add(make("3.1", "Send small text message with RSV = 1", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({ opcode: OPCODE.TEXT, payload: HELLO, rsv: 1 }),
  kill: 1,
}));
for (
  const [id, rsv, chop, sync] of [["3.2", 2, 0, false], ["3.3", 3, 0, true], [
    "3.4",
    4,
    1,
    true,
  ]] as const
) {
  add(make(id, `Send small text message, then again with RSV = ${rsv}, then a ping`, {
    expected: { OK: [msg(HELLO)], "NON-STRICT": [] },
    close: failed(1002),
    send: frames(
      { opcode: OPCODE.TEXT, payload: HELLO, chopsize: chop || undefined, sync },
      { opcode: OPCODE.TEXT, payload: HELLO, rsv, chopsize: chop || undefined, sync },
      { opcode: OPCODE.PING, chopsize: chop || undefined, sync },
    ),
    kill: 1,
  }));
}
add(make("3.5", "Send small binary message with RSV = 5", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({
    opcode: OPCODE.BINARY,
    payload: Uint8Array.from({ length: 256 }, (_, i) => i),
    rsv: 5,
  }),
  kill: 1,
}));
add(make("3.6", "Send ping with RSV = 6", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({ opcode: OPCODE.PING, payload: HELLO, rsv: 6 }),
  kill: 1,
}));
add(make("3.7", "Send close with RSV = 7", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({ opcode: OPCODE.CLOSE, payload: closePayload(1000), rsv: 7 }),
  kill: 1,
}));

// ---- 4 Opcodes (RFC 6455 §5.2: reserved opcodes fail the connection)
for (const [sub, ops] of [[1, [3, 4, 5, 6, 7]], [2, [11, 12, 13, 14, 15]]] as const) {
  ops.forEach((opcode, i) => {
    const id = `4.${sub}.${i + 1}`;
    const payload = i === 0 || i === 2 ? undefined : "reserved opcode payload";
    if (i < 2) {
      add(make(id, `Send frame with reserved opcode ${opcode}`, {
        expected: { OK: [] },
        close: failed(1002),
        send: frames({ opcode, payload }),
        kill: 1,
      }));
    } else {
      add(
        make(id, `Send small text message, then frame with reserved opcode ${opcode}, then ping`, {
          expected: { OK: [msg(HELLO)], "NON-STRICT": [] },
          close: failed(1002),
          send: frames({ opcode: OPCODE.TEXT, payload: HELLO }, { opcode, payload }, {
            opcode: OPCODE.PING,
          }),
          kill: 1,
        }),
      );
    }
  });
}

// ---- 5 Fragmentation (RFC 6455 §5.4)
for (const [id, opcode] of [["5.1", OPCODE.PING], ["5.2", OPCODE.PONG]] as const) {
  add(make(id, `Send ${opcode === 9 ? "ping" : "pong"} fragmented into 2 fragments`, {
    expected: { OK: [] },
    close: failed(1002),
    send: frames({ opcode, fin: false, payload: "fragment1" }, {
      opcode: 0,
      fin: true,
      payload: "fragment2",
    }),
    kill: 1,
  }));
}
const CHOPS = [[undefined, false], [1, false], [1, true]] as const;
const chopText = (c: number | undefined, s: boolean) =>
  c ? `, in octet-wise chops${s ? " with a pause after each" : ""}` : "";
CHOPS.forEach(([chopsize, sync], i) => {
  add(
    make(`5.${3 + i}`, `Send text message fragmented into 2 fragments${chopText(chopsize, sync)}`, {
      expected: { OK: [msg("fragment1fragment2")] },
      close: CLEAN,
      send: frames(
        { opcode: 1, fin: false, payload: "fragment1", chopsize, sync },
        { opcode: 0, fin: true, payload: "fragment2", chopsize, sync },
      ),
      kill: 2,
    }),
  );
});
CHOPS.forEach(([chopsize, sync], i) => {
  add(
    make(
      `5.${6 + i}`,
      `Send text message in 2 fragments with a ping in between${chopText(chopsize, sync)}`,
      {
        expected: { OK: [pong("ping payload"), msg("fragment1fragment2")] },
        close: CLEAN,
        send: frames(
          { opcode: 1, fin: false, payload: "fragment1", chopsize, sync },
          { opcode: 9, payload: "ping payload", chopsize, sync },
          { opcode: 0, fin: true, payload: "fragment2", chopsize, sync },
        ),
        kill: 2,
      },
    ),
  );
});
for (const [base, fin] of [[9, true], [12, false]] as const) {
  CHOPS.forEach(([chopsize, sync], i) => {
    add(
      make(
        `5.${base + i}`,
        `Send continuation frame (FIN = ${fin}) with nothing to continue, then text${
          chopText(chopsize, sync)
        }`,
        {
          expected: { OK: [] },
          close: failed(1002),
          send: frames(
            { opcode: 0, fin, payload: "non-continuation payload", chopsize, sync },
            { opcode: 1, payload: HELLO, chopsize, sync },
          ),
          kill: 2,
        },
      ),
    );
  });
}
add(
  make(
    "5.15",
    "Send 2-fragment text message, then continuation (FIN = false) with nothing to continue, then text",
    {
      expected: { OK: [msg("fragment1fragment2")], "NON-STRICT": [] },
      close: failed(1002),
      send: frames(
        { opcode: 1, fin: false, payload: "fragment1" },
        { opcode: 0, fin: true, payload: "fragment2" },
        { opcode: 0, fin: false, payload: "fragment3" },
        { opcode: 1, fin: true, payload: "fragment4" },
      ),
      kill: 1,
    },
  ),
);
for (const [id, firstFin] of [["5.16", false], ["5.17", true]] as const) {
  const round: FrameSpec[] = [
    { opcode: 0, fin: firstFin, payload: "fragment1" },
    { opcode: 1, fin: false, payload: "fragment2" },
    { opcode: 0, fin: true, payload: "fragment3" },
  ];
  add(
    make(
      id,
      `Twice: continuation (FIN = ${firstFin}) with nothing to continue, then a fragmented text message`,
      {
        expected: { OK: [] },
        close: failed(1002),
        send: frames(...round, ...round),
        kill: 1,
      },
    ),
  );
}
add(make("5.18", "Send text message in 2 fragments, both with opcode text", {
  expected: { OK: [] },
  close: failed(1002),
  send: frames({ opcode: 1, fin: false, payload: "fragment1" }, {
    opcode: 1,
    fin: true,
    payload: "fragment2",
  }),
  kill: 1,
}));
for (const [id, sync] of [["5.19", false], ["5.20", true]] as const) {
  const f = ["fragment1", "fragment2", "fragment3", "fragment4", "fragment5"];
  add(
    make(
      id,
      `Fragmented text message with pings in between and a 1 s pause${
        sync ? ", frames sent with pauses" : ""
      }`,
      {
        expected: { OK: [pong("pongme 1!"), pong("pongme 2!"), msg(f.join(""))] },
        close: CLEAN,
        send: (p) => {
          p.sendFrame({ opcode: 1, fin: false, payload: f[0], sync });
          p.sendFrame({ opcode: 0, fin: false, payload: f[1], sync });
          p.sendFrame({ opcode: 9, payload: "pongme 1!", sync });
          p.continueLater(1, () => {
            p.sendFrame({ opcode: 0, fin: false, payload: f[2], sync });
            p.sendFrame({ opcode: 0, fin: false, payload: f[3], sync });
            p.sendFrame({ opcode: 9, payload: "pongme 2!", sync });
            p.sendFrame({ opcode: 0, fin: true, payload: f[4], sync });
            p.closeAfter(1);
          });
        },
      },
    ),
  );
}

// ---- 6 UTF-8 handling (RFC 6455 §8.1: invalid UTF-8 in text fails with 1007)
const enc = new TextEncoder();
const oneOctetFrames = (data: Uint8Array): FrameSpec[] =>
  Array.from(data, (x, i) => ({
    opcode: i === 0 ? 1 : 0,
    fin: i === data.length - 1,
    payload: new Uint8Array([x]),
  }));
add(make("6.1.1", "Send text message of length 0", {
  expected: { OK: [msg("")] },
  close: CLEAN,
  send: frames({ opcode: 1 }),
  kill: 1,
}));
add(make("6.1.2", "Send fragmented text message, 3 fragments each of length 0", {
  expected: { OK: [msg("")] },
  close: CLEAN,
  send: frames({ opcode: 1, fin: false }, { opcode: 0, fin: false }, { opcode: 0, fin: true }),
  kill: 1,
}));
add(make("6.1.3", "Send fragmented text message, 3 fragments, first and last of length 0", {
  expected: { OK: [msg("middle frame payload")] },
  close: CLEAN,
  send: frames({ opcode: 1, fin: false }, {
    opcode: 0,
    fin: false,
    payload: "middle frame payload",
  }, { opcode: 0, fin: true }),
  kill: 1,
}));
const HELLO_UTF8 = "Hello-µ@ßöäüàá-UTF-8!!";
add(make("6.2.1", "Send valid UTF-8 text message in one fragment", {
  expected: { OK: [msg(HELLO_UTF8)] },
  close: CLEAN,
  send: frames({ opcode: 1, payload: HELLO_UTF8 }),
  kill: 1,
}));
add(
  make("6.2.2", "Send valid UTF-8 text message in two fragments, split on a code point boundary", {
    expected: { OK: [msg(HELLO_UTF8)] },
    close: CLEAN,
    send: frames({ opcode: 1, fin: false, payload: "Hello-µ@ßöä" }, {
      opcode: 0,
      fin: true,
      payload: "üàá-UTF-8!!",
    }),
    kill: 1,
  }),
);
add(make("6.2.3", "Send valid UTF-8 text message in fragments of 1 octet", {
  expected: { OK: [msg(HELLO_UTF8)] },
  close: CLEAN,
  send: frames(...oneOctetFrames(enc.encode(HELLO_UTF8))),
  kill: 1,
}));
add(make("6.2.4", "Send valid UTF-8 text message (κόσμε) in fragments of 1 octet", {
  expected: { OK: [msg(KOSME)] },
  close: CLEAN,
  send: frames(...oneOctetFrames(KOSME)),
  kill: 1,
}));
const INVALID_6_3 = new Uint8Array([...KOSME, 0xed, 0xa0, 0x80, ...enc.encode("edited")]);
add(make("6.3.1", "Send invalid UTF-8 text message unfragmented", {
  expected: { OK: [] },
  close: failed(1007),
  send: frames({ opcode: 1, payload: INVALID_6_3 }),
  kill: 1,
}));
add(make("6.3.2", "Send invalid UTF-8 text message in fragments of 1 octet", {
  expected: { OK: [] },
  close: failed(1007),
  send: frames(...oneOctetFrames(INVALID_6_3)),
  kill: 1,
}));
// 6.4.x: fail fast - the connection must fail at the part that makes the text invalid.
const PARTS_6_4_1 = [KOSME, new Uint8Array([0xf4, 0x90, 0x80, 0x80]), enc.encode("edited")];
const PARTS_6_4_2 = [
  new Uint8Array([...KOSME, 0xf4]),
  new Uint8Array([0x90]),
  new Uint8Array([0x80, 0x80, ...enc.encode("edited")]),
];
for (
  const [id, parts, chopped] of [
    ["6.4.1", PARTS_6_4_1, false],
    ["6.4.2", PARTS_6_4_2, false],
    ["6.4.3", PARTS_6_4_1, true],
    ["6.4.4", PARTS_6_4_2, true],
  ] as const
) {
  add(
    make(
      id,
      `Send invalid UTF-8 text in 3 ${
        chopped ? "chops of one frame" : "frames"
      } with 1 s pauses; the 2nd part makes it invalid`,
      {
        expected: { OK: [timeout("A")], "NON-STRICT": [timeout("A"), timeout("B")] },
        close: failed(1007),
        send: (p) => {
          // Chopped: one frame whose bytes go out in three writes (header + part 1, part 2, part 3).
          let pieces: Uint8Array[] | undefined;
          if (chopped) {
            const whole = new Uint8Array(parts[0].length + parts[1].length + parts[2].length);
            whole.set(parts[0]);
            whole.set(parts[1], parts[0].length);
            whole.set(parts[2], parts[0].length + parts[1].length);
            const frame = frameBytes(p, whole);
            const head = frame.length - whole.length;
            const a = head + parts[0].length;
            const b = a + parts[1].length;
            pieces = [frame.subarray(0, a), frame.subarray(a, b), frame.subarray(b)];
          }
          const send = (i: number) => {
            if (pieces) p.sendRaw(pieces[i]!);
            else p.sendFrame({ opcode: i === 0 ? 1 : 0, fin: i === 2, payload: parts[i] });
          };
          send(0);
          p.continueLater(1, () => {
            if (p.state !== 1) return;
            p.received.push(timeout("A"));
            send(1);
            p.continueLater(1, () => {
              if (p.state !== 1) {
                return;
              }
              p.received.push(timeout("B"));
              send(2);
              p.killAfter(1);
            });
          });
        },
      },
    ),
  );
}
UTF8_GROUPS.forEach((g, gi) => {
  g.vectors.forEach(([valid, data], vi) => {
    add(
      make(
        `6.${gi + 5}.${vi + 1}`,
        `${g.title}: ${valid ? "valid" : "invalid"} text payload 0x${hex(data)}`,
        {
          expected: { OK: valid ? [msg(data)] : [] },
          close: valid ? CLEAN : failed(1007),
          send: frames({ opcode: 1, payload: data }),
          kill: 0.5,
        },
      ),
    );
  });
});

// ---- 7 Close handling (RFC 6455 §5.5.1, §7.1-§7.4)
add(make("7.1.1", "Send a message followed by a close frame", {
  expected: { OK: [msg("Hello World!")] },
  close: CLEAN,
  send: (p) => {
    p.sendFrame({ opcode: 1, payload: "Hello World!" });
    p.sendClose(1000);
  },
  kill: 1,
  suppressClose: true,
  judge: wrongCodeFails,
}));
const afterClose: Array<[string, string, FrameSpec[], FrameSpec[]]> = [
  ["7.1.2", "Send two close frames", [], [{ opcode: 8 }]],
  ["7.1.3", "Send a ping after a close frame", [], [{ opcode: 9 }]],
  ["7.1.4", "Send a text message after a close frame", [], [{
    opcode: 1,
    payload: "Hello World!",
  }]],
  ["7.1.5", "Send message fragment 1, then close, then fragment 2", [{
    opcode: 1,
    fin: false,
    payload: "fragment1",
  }], [{ opcode: 0, fin: true, payload: "fragment2" }]],
];
for (const [id, description, before, after] of afterClose) {
  add(make(id, description, {
    expected: { OK: [] },
    close: CLEAN,
    send: (p) => {
      for (const f of before) p.sendFrame(f);
      p.sendClose(1000);
      for (const f of after) p.sendFrame(f);
    },
    kill: 1,
    suppressClose: true,
    judge: wrongCodeFails,
  }));
}
add(make("7.1.6", "Send 256 KiB message, a small message, a close, then a ping", {
  expected: { OK: [msg("Hello World!")], "NON-STRICT": [] },
  close: CLEAN,
  send: (p) => {
    p.sendFrame({ opcode: 1, payload: "BAsd7&jh23", payloadLen: 256 * 1024 });
    p.sendFrame({ opcode: 1, payload: "Hello World!" });
    p.sendClose(1000);
    p.sendFrame({ opcode: 9 });
  },
  kill: 1,
  suppressClose: true,
  judge: informational,
}));
const closeStructure: Array<[string, string, Uint8Array, ExpectedClose]> = [
  ["7.3.1", "Send close with payload length 0", new Uint8Array(0), CLEAN],
  ["7.3.2", "Send close with payload length 1", toBytes("*"), {
    closedByMe: true,
    closeCode: [1002],
    requireClean: false,
  }],
  ["7.3.3", "Send close with payload length 2 (code 1000, no reason)", closePayload(1000), CLEAN],
  [
    "7.3.4",
    "Send close with code 1000 and a small reason",
    closePayload(1000, "Hello World!"),
    CLEAN,
  ],
  [
    "7.3.5",
    "Send close with code 1000 and a 123-octet reason",
    closePayload(1000, "*".repeat(123)),
    CLEAN,
  ],
  [
    "7.3.6",
    "Send close with code 1000 and a 124-octet reason (payload over 125)",
    closePayload(1000, "*".repeat(124)),
    {
      closedByMe: true,
      closeCode: [1002],
      requireClean: false,
    },
  ],
  [
    "7.5.1",
    "Send close with a reason that is not valid UTF-8",
    closePayload(
      1000,
      new Uint8Array([...KOSME, 0xed, 0xa0, 0x80, ...enc.encode("edited")]),
    ),
    { closedByMe: true, closeCode: [1002, 1007], requireClean: false },
  ],
];
for (const [id, description, payload, close] of closeStructure) {
  add(make(id, description, {
    expected: { OK: [] },
    close,
    send: (p) => rawClose(p, payload),
    kill: 1,
    suppressClose: true,
    judge: wrongCodeFails,
  }));
}
[1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999].forEach(
  (code, i) => {
    add(make(`7.7.${i + 1}`, `Send close with valid close code ${code}`, {
      expected: { OK: [] },
      close: { closedByMe: true, closeCode: [1000, code], requireClean: true },
      send: (p) => rawClose(p, closePayload(code)),
      kill: 1,
      suppressClose: true,
      judge: wrongCodeFails,
    }));
  },
);
[0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999].forEach((code, i) => {
  add(make(`7.9.${i + 1}`, `Send close with invalid close code ${code}`, {
    expected: { OK: [] },
    close: { closedByMe: true, closeCode: [1002], requireClean: false },
    send: (p) => rawClose(p, closePayload(code)),
    kill: 1,
    suppressClose: true,
    judge: wrongCodeFails,
  }));
});
[5000, 65535].forEach((code, i) => {
  add(make(`7.13.${i + 1}`, `Send close with close code ${code} (undefined by the spec)`, {
    expected: { OK: [] },
    close: { closedByMe: true, closeCode: [1000, code, 1002], requireClean: false },
    send: (p) => rawClose(p, closePayload(code)),
    kill: 1,
    suppressClose: true,
    judge: informational,
  }));
});

// ---- 9 Limits/performance (scaled down: see README.md)
const KiB = 1024;
const MiB = 1024 * KiB;
const TEXT_UNIT = toBytes("BAsd7&jh23");
const BIN_UNIT = new Uint8Array([0x00, 0xfe, 0x23, 0xfa, 0xf0]);
function units(binary: boolean) {
  return binary ? BIN_UNIT : TEXT_UNIT;
}
for (const [sub, binary] of [[1, false], [2, true]] as const) {
  [64 * KiB, 256 * KiB, MiB, 4 * MiB].forEach((size, i) => {
    const data = repeatTo(units(binary), size);
    add(make(`9.${sub}.${i + 1}`, `Send ${binary ? "binary" : "text"} message of ${size} octets`, {
      expected: { OK: [msg(data, binary)] },
      close: CLEAN,
      send: frames({ opcode: binary ? 2 : 1, payload: data }),
      kill: 20,
    }, true));
  });
}
for (const [sub, binary] of [[3, false], [4, true]] as const) {
  const data = repeatTo(units(binary), MiB);
  [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB].forEach((frag, i) => {
    add(
      make(
        `9.${sub}.${i + 1}`,
        `Send fragmented ${
          binary ? "binary" : "text"
        } message of 1 MiB in fragments of ${frag} octets`,
        {
          expected: { OK: [msg(data, binary)] },
          close: CLEAN,
          send: (p) => p.sendMessage(data, binary, frag),
          kill: 20,
        },
        true,
      ),
    );
  });
}
for (const [sub, binary] of [[5, false], [6, true]] as const) {
  const data = repeatTo(units(binary), MiB);
  [64, 128, 256, 512, 1024, 2048].forEach((chop, i) => {
    add(
      make(
        `9.${sub}.${i + 1}`,
        `Send ${binary ? "binary" : "text"} message of 1 MiB in chops of ${chop} octets`,
        {
          expected: { OK: [msg(data, binary)] },
          close: CLEAN,
          send: frames({ opcode: binary ? 2 : 1, payload: data, chopsize: chop }),
          kill: 20,
        },
        true,
      ),
    );
  });
}
const ROUND_TRIPS = 100;
for (const [sub, binary] of [[7, false], [8, true]] as const) {
  [0, 16, 64, 256, 1024, 4096].forEach((size, i) => {
    const data = repeatTo(units(binary), size);
    add(
      make(
        `9.${sub}.${i + 1}`,
        `Send ${ROUND_TRIPS} ${
          binary ? "binary" : "text"
        } messages of ${size} octets, one after the other's echo`,
        {
          expected: { OK: [msg("ok")] },
          close: CLEAN,
          send: (p) => p.sendMessage(data, binary),
          kill: 20,
          onEvent(p, ev) {
            if (ev.type !== "message") return false;
            const st = roundTrips.get(p) ?? { n: 0, bad: 0 };
            roundTrips.set(p, st);
            st.n++;
            if (ev.binary !== binary || !sameData(ev.data, data)) {
              st.bad++;
            }
            if (st.n < ROUND_TRIPS) {
              p.sendMessage(data, binary);
              return true;
            }
            p.received.push(st.bad === 0 ? msg("ok") : msg(`${st.bad} bad echoes`));
            p.finishWhenDone();
            return true;
          },
        },
        true,
      ),
    );
  });
}

// ---- 10 Misc: auto-fragmentation
add(make("10.1.1", "Send text message of 65536 octets auto-fragmented into frames of 1300", {
  expected: { OK: [msg("*".repeat(65536))] },
  close: CLEAN,
  send: (p) => p.sendMessage("*".repeat(65536), false, 1300),
  kill: 10,
  judge(p, o) {
    // 65536 = 50 * 1300 + 536: one text frame and 50 continuation frames.
    if (p.txFrames.get(1) !== 1 || p.txFrames.get(0) !== 50) o.behavior = "FAILED";
  },
}));

const roundTrips = new WeakMap<FuzzingPeer, { n: number; bad: number }>();

function sameData(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A close frame with exactly `payload` (no validation), opening the closing handshake. */
function rawClose(p: FuzzingPeer, payload: Uint8Array): void {
  p.sendClosePayload(payload);
}

/** The bytes of one text frame as this peer would send it (masked when a client). */
function frameBytes(p: FuzzingPeer, payload: Uint8Array): Uint8Array {
  return p.buildFrame(1, payload);
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Every case, in the suite's order. */
export const CASES: readonly ConformanceCase[] = cases;

/** The section of a case id (`"6.22.3"` → 6). */
export function sectionOf(id: string): number {
  return Number(id.split(".")[0]);
}
