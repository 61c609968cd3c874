import fc from "fast-check";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  DeflateDataError,
  DeflateMessageTooBigError,
  PerMessageDeflate,
} from "../../src/websocket/deflate.ts";
import {
  DeflateNegotiationError,
  formatPerMessageDeflateOffers,
  negotiatePerMessageDeflateClient,
  negotiatePerMessageDeflateServer,
  parsePerMessageDeflateOffers,
  PerMessageDeflateOffer,
  PerMessageDeflateOfferAccept,
  PerMessageDeflateResponse,
  PerMessageDeflateResponseAccept,
} from "../../src/websocket/deflate_negotiation.ts";
import { parseExtensions } from "../../src/websocket/handshake.ts";

interface MessageVector {
  section: string;
  description: string;
  plain: string;
  compressed: string;
  frames: string[];
}
interface SequenceVector {
  section: string;
  description: string;
  contextTakeover: boolean;
  plain: string[];
  compressed: string[];
  frames: string[];
}
const vectors = JSON.parse(
  await Deno.readTextFile(new URL("../vectors/websocket/rfc7692.json", import.meta.url)),
) as { messages: MessageVector[]; sequences: SequenceVector[] };

const hex = (s: string): Uint8Array =>
  new Uint8Array(s.split(/\s+/).filter(Boolean).map((x) => parseInt(x, 16)));
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Splits an unmasked short frame: RSV1 bit, FIN bit and payload. */
function frame(bytes: Uint8Array): { fin: boolean; rsv1: boolean; payload: Uint8Array } {
  assert((bytes[1]! & 0x80) === 0 && (bytes[1]! & 0x7f) < 126, "short unmasked frame");
  assertEquals(bytes.length, 2 + (bytes[1]! & 0x7f));
  return { fin: (bytes[0]! & 0x80) !== 0, rsv1: (bytes[0]! & 0x40) !== 0, payload: bytes.slice(2) };
}

/** Asserts that `fn` throws a DeflateNegotiationError; `label` names the case. */
function assertDeclined(fn: () => unknown, label: string): void {
  try {
    fn();
  } catch (err) {
    assert(err instanceof DeflateNegotiationError, `${label}: ${err}`);
    return;
  }
  throw new Error(`expected ${label} to be declined`);
}

function inflate(codec: PerMessageDeflate, parts: Uint8Array[]): Uint8Array {
  codec.startMessage();
  for (const p of parts) codec.push(p);
  return codec.endMessage();
}

// ---------------------------------------------------------------------------
// RFC 7692 §7.2.3 vectors

for (const v of vectors.messages) {
  Deno.test(`PerMessageDeflate - RFC 7692 §${v.section} ${v.description}`, () => {
    const frames = v.frames.map((f) => frame(hex(f)));
    // RFC 7692 §6: RSV1 is set on the first frame of a compressed message only.
    frames.forEach((f, i) => {
      assertEquals(f.rsv1, i === 0);
      assertEquals(f.fin, i === frames.length - 1);
    });
    const payload = hex(v.compressed);
    const fromFrames = inflate(new PerMessageDeflate(), frames.map((f) => f.payload));
    assertEquals(dec.decode(fromFrames), v.plain);
    assertEquals(dec.decode(inflate(new PerMessageDeflate(), [payload])), v.plain);
    // Fed in every split into two fragments, and byte by byte.
    for (let i = 0; i <= payload.length; i++) {
      const got = inflate(new PerMessageDeflate(), [payload.subarray(0, i), payload.subarray(i)]);
      assertEquals(dec.decode(got), v.plain, `split at ${i}`);
    }
    const bytes = [...payload].map((b) => Uint8Array.of(b));
    assertEquals(dec.decode(inflate(new PerMessageDeflate(), bytes)), v.plain);
  });
}

for (const v of vectors.sequences) {
  Deno.test(`PerMessageDeflate - RFC 7692 §${v.section} ${v.description}`, () => {
    const nct = !v.contextTakeover;
    const sender = new PerMessageDeflate({ compressNoContextTakeover: nct });
    const receiver = new PerMessageDeflate({ decompressNoContextTakeover: nct });
    const split = new PerMessageDeflate({ decompressNoContextTakeover: nct });
    v.plain.forEach((text, i) => {
      // pako's output is byte-identical to the RFC's examples.
      assertEquals(sender.compressMessage(enc.encode(text)), hex(v.compressed[i]!));
      assertEquals(frame(hex(v.frames[i]!)).payload, hex(v.compressed[i]!));
      assertEquals(dec.decode(inflate(receiver, [hex(v.compressed[i]!)])), text);
      const c = hex(v.compressed[i]!);
      assertEquals(dec.decode(inflate(split, [c.subarray(0, 2), c.subarray(2)])), text);
    });
  });
}

Deno.test("PerMessageDeflate - RFC 7692 §7.2.3.2 a reset inflater cannot read a shared-window message", () => {
  const receiver = new PerMessageDeflate({ decompressNoContextTakeover: true });
  inflate(receiver, [hex("f2 48 cd c9 c9 07 00")]);
  const err = assertThrows(() => inflate(receiver, [hex("f2 00 11 00 00")]), DeflateDataError);
  assertEquals(err.closeCode, 1007);
});

Deno.test("PerMessageDeflate - RFC 7692 §7.2.3.4 a BFINAL block keeps the window for the next message", () => {
  const receiver = new PerMessageDeflate();
  // Without the trailing 0x00 octet too: the stream simply ended with the payload.
  for (const first of ["f3 48 cd c9 c9 07 00 00", "f3 48 cd c9 c9 07 00"]) {
    assertEquals(dec.decode(inflate(receiver, [hex(first)])), "Hello");
    assertEquals(dec.decode(inflate(receiver, [hex("f2 00 11 00 00")])), "Hello");
  }
});

Deno.test("PerMessageDeflate - RFC 7692 §7.2.3.6 empty payloads", () => {
  const codec = new PerMessageDeflate();
  assertEquals(codec.compressMessage(new Uint8Array(0)), Uint8Array.of(0x00));
  codec.compressMessage(enc.encode("Hello"));
  // Also after a message, when zlib would emit nothing for the flush.
  assertEquals(codec.compressMessage(new Uint8Array(0)), Uint8Array.of(0x00));
  const receiver = new PerMessageDeflate();
  assertEquals(inflate(receiver, [Uint8Array.of(0x00)]).length, 0);
  assertEquals(inflate(receiver, []).length, 0);
  assertEquals(inflate(receiver, [new Uint8Array(0), new Uint8Array(0)]).length, 0);
  assertEquals(dec.decode(inflate(receiver, [hex("f2 48 cd c9 c9 07 00")])), "Hello");
});

Deno.test("PerMessageDeflate - compressMessage strips exactly the sync-flush tail", () => {
  const codec = new PerMessageDeflate();
  const out = codec.compressMessage(enc.encode("Hello, Hello, Hello"));
  const tail = out.subarray(out.length - 4);
  assert(!(tail[0] === 0 && tail[1] === 0 && tail[2] === 0xff && tail[3] === 0xff));
});

Deno.test("PerMessageDeflate - context takeover kept shrinks repeats, reset does not", () => {
  const msg = enc.encode(JSON.stringify({ topic: "com.example.hello", args: [1, 2, 3] }));
  const kept = new PerMessageDeflate();
  const reset = new PerMessageDeflate({ compressNoContextTakeover: true });
  const k1 = kept.compressMessage(msg);
  const k2 = kept.compressMessage(msg);
  const r1 = reset.compressMessage(msg);
  const r2 = reset.compressMessage(msg);
  assert(k2.length < k1.length / 2, `${k2.length} vs ${k1.length}`);
  assertEquals(r1, r2);
  assertEquals(r1, k1);
});

// ---------------------------------------------------------------------------
// Corrupt data and limits

Deno.test("PerMessageDeflate - invalid DEFLATE data fails with 1007", () => {
  for (const bad of ["ff ff ff ff", "f2 48", "07 00 00", "00 05 00 fa fe 48 65 6c 6c 6f"]) {
    const codec = new PerMessageDeflate();
    const err = assertThrows(() => inflate(codec, [hex(bad)]), DeflateDataError);
    assertEquals(err.closeCode, 1007, bad);
    assertEquals(err.code, "invalid_payload");
  }
});

Deno.test("PerMessageDeflate - misuse of the message calls throws TypeError", () => {
  const codec = new PerMessageDeflate();
  assertThrows(() => codec.push(Uint8Array.of(0)), TypeError);
  assertThrows(() => codec.endMessage(), TypeError);
  codec.startMessage();
  assertThrows(() => codec.startMessage(), TypeError);
  assertThrows(() => new PerMessageDeflate({ compressWindowBits: 7 }), RangeError);
  assertThrows(() => new PerMessageDeflate({ decompressWindowBits: 16 }), RangeError);
  assertThrows(() => new PerMessageDeflate({ compressionLevel: 10 }), RangeError);
});

Deno.test("PerMessageDeflate - maxMessageSize allows exactly the limit, fails one byte past it", () => {
  const data = new Uint8Array(100_000).fill(0x61);
  const compressed = new PerMessageDeflate().compressMessage(data);
  assertEquals(inflate(new PerMessageDeflate({ maxMessageSize: 100_000 }), [compressed]), data);
  const codec = new PerMessageDeflate({ maxMessageSize: 99_999 });
  const err = assertThrows(() => inflate(codec, [compressed]), DeflateMessageTooBigError);
  assertEquals(err.closeCode, 1009);
  assertEquals(err.code, "message_too_big");
  assertEquals(err.limit, 99_999);
  assertEquals(codec.inflatedSize, 100_000);
  // The codec is usable again (with a fresh window) for the next message.
  assertEquals(dec.decode(inflate(codec, [hex("f2 48 cd c9 c9 07 00")])), "Hello");
});

/**
 * ~1 MiB of compressed zeros that inflates to 1 GiB: the first MiB, then 1023
 * copies of a unit that repeats "1 MiB of zeros" from the shared window.
 */
function zipBomb(): { payload: Uint8Array; unit: number } {
  const zeros = new Uint8Array(1 << 20);
  const c = new PerMessageDeflate();
  const first = c.compressMessage(zeros);
  const again = c.compressMessage(zeros);
  const unit = again.length + 4;
  const payload = new Uint8Array(first.length + 1023 * unit);
  payload.set(first);
  let o = first.length;
  for (let i = 0; i < 1023; i++) {
    payload.set([0, 0, 0xff, 0xff], o);
    payload.set(again, o + 4);
    o += unit;
  }
  return { payload, unit };
}

Deno.test("PerMessageDeflate - zip bomb: 1 GiB of zeros in ~1 MiB fails fast at the limit", () => {
  const { payload } = zipBomb();
  assert(payload.length < 2 << 20, `bomb is ${payload.length} bytes`);
  const limit = 16 << 20;
  const codec = new PerMessageDeflate({ maxMessageSize: limit });
  const chunk = 64 * 1024;
  let pushed = 0;
  const t0 = performance.now();
  const err = assertThrows(() => {
    codec.startMessage();
    for (let o = 0; o < payload.length; o += chunk) {
      pushed++;
      codec.push(payload.subarray(o, o + chunk));
    }
    codec.endMessage();
  }, DeflateMessageTooBigError);
  const ms = performance.now() - t0;
  assertEquals(err.closeCode, 1009);
  // Inflation stopped one byte past the limit, not after the gigabyte.
  assertEquals(codec.inflatedSize, limit + 1);
  assert(pushed <= Math.ceil((payload.length * (limit / 2 ** 30)) / chunk) + 2, `pushed ${pushed}`);
  assert(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

Deno.test("PerMessageDeflate - zip bomb in one frame also stops at the limit", () => {
  const { payload } = zipBomb();
  const codec = new PerMessageDeflate({ maxMessageSize: 1 << 20 });
  const t0 = performance.now();
  codec.startMessage();
  assertThrows(() => codec.push(payload), DeflateMessageTooBigError);
  assertEquals(codec.inflatedSize, (1 << 20) + 1);
  assert(performance.now() - t0 < 1000);
});

// ---------------------------------------------------------------------------
// Round trips

Deno.test("PerMessageDeflate - round trip for every parameter combination (fast-check)", () => {
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc.array(fc.constantFrom(...enc.encode('abc{}":, 0123')), { maxLength: 5000 })
      .map((a) => Uint8Array.from(a)),
    fc.string({ maxLength: 200 }).map((s) => enc.encode(s.repeat(20))),
  );
  fc.assert(
    fc.property(
      fc.boolean(),
      fc.integer({ min: 8, max: 15 }),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.tuple(payload, fc.array(fc.nat(), { maxLength: 4 })), {
        minLength: 1,
        maxLength: 6,
      }),
      (nct, bits, level, memLevel, messages) => {
        const sender = new PerMessageDeflate({
          compressNoContextTakeover: nct,
          compressWindowBits: bits,
          compressionLevel: level,
          memLevel,
        });
        // The receiver inflates with exactly the negotiated window: a
        // window-8 sender (zlib's 9) must still fit a 256-byte window.
        const receiver = new PerMessageDeflate({
          decompressNoContextTakeover: nct,
          decompressWindowBits: bits,
        });
        for (const [data, cuts] of messages) {
          const c = sender.compressMessage(data);
          const points = [...new Set(cuts.map((x) => x % (c.length + 1)))].sort((a, b) => a - b);
          const parts: Uint8Array[] = [];
          let prev = 0;
          for (const p of points) {
            parts.push(c.subarray(prev, p));
            prev = p;
          }
          parts.push(c.subarray(prev));
          assertEquals(inflate(receiver, parts), data);
        }
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("PerMessageDeflate - window 8 compresses with matches no farther than 256 bytes", () => {
  const block = new Uint8Array(300);
  crypto.getRandomValues(block);
  const data = new Uint8Array(3000);
  for (let i = 0; i < 10; i++) data.set(block, i * 300); // repeats at distance 300 only
  const c8 = new PerMessageDeflate({ compressWindowBits: 8 }).compressMessage(data);
  const r8 = new PerMessageDeflate({ decompressWindowBits: 8 });
  assertEquals(inflate(r8, [c8]), data);
  const c15 = new PerMessageDeflate().compressMessage(data);
  assert(c15.length < c8.length / 2, "window 15 finds the distance-300 repeats");
});

Deno.test("PerMessageDeflate - large messages cross the scratch buffer in both directions", () => {
  const data = new Uint8Array(300_000);
  crypto.getRandomValues(data.subarray(0, 65536));
  const a = new PerMessageDeflate();
  const b = new PerMessageDeflate({ maxMessageSize: 300_000 });
  const c = a.compressMessage(data);
  assert(c.length > 65536);
  assertEquals(inflate(b, [c]), data);
  assertEquals(inflate(b, [a.compressMessage(data)]), data);
});

// ---------------------------------------------------------------------------
// Negotiation: offers (RFC 7692 §5.1, §7.1)

Deno.test("PerMessageDeflateOffer - formats every parameter", () => {
  assertEquals(
    new PerMessageDeflateOffer().toString(),
    "permessage-deflate; client_max_window_bits",
  );
  assertEquals(
    new PerMessageDeflateOffer({ acceptMaxWindowBits: false }).toString(),
    "permessage-deflate",
  );
  assertEquals(
    new PerMessageDeflateOffer({
      acceptNoContextTakeover: true,
      acceptMaxWindowBits: 10,
      requestNoContextTakeover: true,
      requestMaxWindowBits: 9,
    }).toString(),
    "permessage-deflate; client_no_context_takeover; client_max_window_bits=10; " +
      "server_no_context_takeover; server_max_window_bits=9",
  );
  assertEquals(
    formatPerMessageDeflateOffers([
      new PerMessageDeflateOffer({ requestMaxWindowBits: 10 }),
      new PerMessageDeflateOffer(),
    ]),
    [
      "permessage-deflate; client_max_window_bits; server_max_window_bits=10",
      "permessage-deflate; client_max_window_bits",
    ],
  );
  assertThrows(() => new PerMessageDeflateOffer({ requestMaxWindowBits: 16 }), RangeError);
  assertThrows(() => new PerMessageDeflateOffer({ acceptMaxWindowBits: 7 }), RangeError);
});

Deno.test("PerMessageDeflateOffer - parses valid offers", () => {
  const o = PerMessageDeflateOffer.parse({
    client_no_context_takeover: true,
    client_max_window_bits: "12",
    server_no_context_takeover: true,
    server_max_window_bits: "8",
  });
  assertEquals(
    [o.acceptNoContextTakeover, o.acceptMaxWindowBits, o.clientMaxWindowBits],
    [true, true, 12],
  );
  assertEquals([o.requestNoContextTakeover, o.requestMaxWindowBits], [true, 8]);
  const bare = PerMessageDeflateOffer.parse({});
  assertEquals(
    [bare.acceptNoContextTakeover, bare.acceptMaxWindowBits, bare.requestMaxWindowBits],
    [false, false, 0],
  );
  assertEquals(
    PerMessageDeflateOffer.parse({ client_max_window_bits: true }).clientMaxWindowBits,
    0,
  );
});

Deno.test("PerMessageDeflateOffer - RFC 7692 §5.1 declines unknown, repeated and bad parameters", () => {
  const bad: [string, string | true][][] = [
    [["x_unknown", true]],
    [["server_no_context_takeover", true], ["server_no_context_takeover", true]],
    [["client_max_window_bits", true], ["client_max_window_bits", "10"]],
    [["server_no_context_takeover", "1"]],
    [["client_no_context_takeover", "true"]],
    [["server_max_window_bits", true]],
    ...["7", "16", "08", "0", "abc", "10.0", " 9", "-9", "+9"].flatMap((v) => [
      [["server_max_window_bits", v]] as [string, string | true][],
      [["client_max_window_bits", v]] as [string, string | true][],
    ]),
  ];
  for (const params of bad) {
    assertDeclined(() => PerMessageDeflateOffer.parse(params), JSON.stringify(params));
  }
});

Deno.test("negotiatePerMessageDeflateServer - several offers: the first valid one wins", () => {
  const ext = parseExtensions(
    "x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=16, " +
      "permessage-deflate; server_max_window_bits=10; client_max_window_bits, " +
      "permessage-deflate",
  );
  const offers = parsePerMessageDeflateOffers(ext);
  assertEquals(offers.length, 2);
  const r = negotiatePerMessageDeflateServer(ext)!;
  assertEquals(r.response, "permessage-deflate; server_max_window_bits=10");
  assertEquals(r.accept.offer.requestMaxWindowBits, 10);
  assertEquals(r.deflate.params.compressWindowBits, 10);
  assertEquals(r.deflate.params.decompressWindowBits, 15);
});

Deno.test("negotiatePerMessageDeflateServer - declines: no offer, all invalid, callback null", () => {
  assertEquals(negotiatePerMessageDeflateServer([]), null);
  assertEquals(negotiatePerMessageDeflateServer(parseExtensions("permessage-deflate; foo")), null);
  assertEquals(
    negotiatePerMessageDeflateServer(parseExtensions("permessage-deflate"), () => null),
    null,
  );
});

Deno.test("negotiatePerMessageDeflateServer - callback picks an offer and sets every parameter", () => {
  const ext = parseExtensions(
    "permessage-deflate; client_no_context_takeover, " +
      "permessage-deflate; client_max_window_bits=11; server_no_context_takeover",
  );
  let seen = 0;
  const r = negotiatePerMessageDeflateServer(ext, (offers) => {
    seen = offers.length;
    return new PerMessageDeflateOfferAccept(offers[1]!, {
      requestNoContextTakeover: true,
      requestMaxWindowBits: 13,
      windowBits: 12,
    });
  }, { maxMessageSize: 1234, compressionLevel: 1 })!;
  assertEquals(seen, 2);
  assertEquals(
    r.response,
    "permessage-deflate; server_no_context_takeover; client_no_context_takeover; " +
      "server_max_window_bits=12; client_max_window_bits=13",
  );
  assertEquals(r.deflate.params, {
    compressNoContextTakeover: true,
    compressWindowBits: 12,
    decompressNoContextTakeover: true,
    decompressWindowBits: 11, // the client keeps to its offered 11 as well
    compressionLevel: 1,
    memLevel: 8,
    maxMessageSize: 1234,
  });
});

Deno.test("PerMessageDeflateOfferAccept - refuses choices that break the offer", () => {
  const plain = PerMessageDeflateOffer.parse({});
  const strict = PerMessageDeflateOffer.parse({
    server_no_context_takeover: true,
    server_max_window_bits: "10",
  });
  // RFC 7692 §7.1.2.2: no client_max_window_bits unless offered.
  assertThrows(
    () => new PerMessageDeflateOfferAccept(plain, { requestMaxWindowBits: 10 }),
    RangeError,
  );
  // §7.1.1.1 / §7.1.2.1: requested server parameters must be honoured.
  assertThrows(
    () => new PerMessageDeflateOfferAccept(strict, { noContextTakeover: false }),
    RangeError,
  );
  assertThrows(() => new PerMessageDeflateOfferAccept(strict, { windowBits: 11 }), RangeError);
  assertThrows(() => new PerMessageDeflateOfferAccept(strict, { windowBits: 0 }), RangeError);
  assertThrows(() => new PerMessageDeflateOfferAccept(plain, { windowBits: 7 }), RangeError);
  assertEquals(
    new PerMessageDeflateOfferAccept(strict).toString(),
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
  );
  assertEquals(
    new PerMessageDeflateOfferAccept(strict, { windowBits: 8 }).toString(),
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=8",
  );
  // A server may always ask for client_no_context_takeover (§7.1.1.2).
  assertEquals(
    new PerMessageDeflateOfferAccept(plain, { requestNoContextTakeover: true }).toString(),
    "permessage-deflate; client_no_context_takeover",
  );
});

// ---------------------------------------------------------------------------
// Negotiation: responses (RFC 7692 §5.2)

Deno.test("PerMessageDeflateResponse - parses and rejects like RFC 7692 §5.2", () => {
  const r = PerMessageDeflateResponse.parse({
    server_no_context_takeover: true,
    client_no_context_takeover: true,
    server_max_window_bits: "9",
    client_max_window_bits: "15",
  });
  assertEquals(
    [
      r.serverNoContextTakeover,
      r.clientNoContextTakeover,
      r.serverMaxWindowBits,
      r.clientMaxWindowBits,
    ],
    [true, true, 9, 15],
  );
  const bad: [string, string | true][][] = [
    [["foo", true]],
    [["client_max_window_bits", true]], // a response needs the value
    [["server_max_window_bits", true]],
    [["server_max_window_bits", "16"]],
    [["client_no_context_takeover", "x"]],
    [["server_no_context_takeover", true], ["server_no_context_takeover", true]],
  ];
  for (const params of bad) {
    assertThrows(() => PerMessageDeflateResponse.parse(params), DeflateNegotiationError);
  }
});

Deno.test("negotiatePerMessageDeflateClient - validates the response against the offers", () => {
  const offers = [
    new PerMessageDeflateOffer({ requestNoContextTakeover: true, requestMaxWindowBits: 10 }),
    new PerMessageDeflateOffer({ acceptMaxWindowBits: false }),
  ];
  const client = (h: string) => negotiatePerMessageDeflateClient(offers, parseExtensions(h));
  assertEquals(negotiatePerMessageDeflateClient(offers, []), null);
  assertEquals(client("other-ext"), null);
  // Answers offer 1.
  const a = client("permessage-deflate; server_no_context_takeover; server_max_window_bits=9")!;
  assertEquals(a.params.decompressNoContextTakeover, true);
  assertEquals(a.params.decompressWindowBits, 9);
  // Answers offer 2 (plain).
  assertEquals(client("permessage-deflate")!.params.decompressWindowBits, 15);
  // A larger server window than offer 1 asked, with client_max_window_bits that offer 2 lacks.
  for (
    const h of [
      "permessage-deflate; server_no_context_takeover; server_max_window_bits=11; client_max_window_bits=10",
      "permessage-deflate; client_max_window_bits=10; server_max_window_bits=11",
      "permessage-deflate, permessage-deflate",
      "permessage-deflate; mystery",
      "permessage-deflate; server_max_window_bits",
    ]
  ) assertDeclined(() => client(h), h);
  assertThrows(
    () => negotiatePerMessageDeflateClient([], parseExtensions("permessage-deflate")),
    DeflateNegotiationError,
  );
});

Deno.test("negotiatePerMessageDeflateClient - the accept callback vets or declines", () => {
  const offers = [new PerMessageDeflateOffer()];
  const ext = parseExtensions("permessage-deflate; client_max_window_bits=12");
  assertThrows(
    () => negotiatePerMessageDeflateClient(offers, ext, () => null),
    DeflateNegotiationError,
  );
  let seen: PerMessageDeflateResponse | undefined;
  const codec = negotiatePerMessageDeflateClient(offers, ext, (r) => {
    seen = r;
    return new PerMessageDeflateResponseAccept(r, { noContextTakeover: true, windowBits: 9 });
  })!;
  assertEquals(seen?.clientMaxWindowBits, 12);
  assertEquals(codec.params.compressNoContextTakeover, true);
  assertEquals(codec.params.compressWindowBits, 9);
  const r = PerMessageDeflateResponse.parse({
    client_no_context_takeover: true,
    client_max_window_bits: "10",
  });
  assertThrows(
    () => new PerMessageDeflateResponseAccept(r, { noContextTakeover: false }),
    RangeError,
  );
  assertThrows(() => new PerMessageDeflateResponseAccept(r, { windowBits: 11 }), RangeError);
});

Deno.test("negotiatePerMessageDeflateClient - an offered client_no_context_takeover is kept as a promise", () => {
  const offers = [
    new PerMessageDeflateOffer({ acceptNoContextTakeover: true, acceptMaxWindowBits: 11 }),
  ];
  const codec = negotiatePerMessageDeflateClient(offers, parseExtensions("permessage-deflate"))!;
  assertEquals(codec.params.compressNoContextTakeover, true);
  assertEquals(codec.params.compressWindowBits, 11);
});

Deno.test("permessage-deflate - end to end for every parameter combination", () => {
  const messages = ["Hello", "Hello", "", JSON.stringify({ a: [1, 2, 3], b: "Hello" }), "Hello"]
    .map((s) => enc.encode(s));
  for (const cnct of [false, true]) {
    for (const snct of [false, true]) {
      for (const cbits of [0, 8, 12]) {
        for (const sbits of [0, 8, 15]) {
          const offer = new PerMessageDeflateOffer({
            acceptMaxWindowBits: true,
            requestNoContextTakeover: snct,
            requestMaxWindowBits: sbits,
          });
          const header = formatPerMessageDeflateOffers([offer]).join(", ");
          const server = negotiatePerMessageDeflateServer(
            parseExtensions(header),
            (offers) =>
              new PerMessageDeflateOfferAccept(offers[0]!, {
                requestNoContextTakeover: cnct,
                requestMaxWindowBits: cbits,
              }),
          )!;
          const client = negotiatePerMessageDeflateClient(
            [offer],
            parseExtensions(server.response),
          )!;
          assertEquals(client.params.compressNoContextTakeover, cnct);
          assertEquals(server.deflate.params.decompressNoContextTakeover, cnct);
          assertEquals(server.deflate.params.compressNoContextTakeover, snct);
          assertEquals(client.params.decompressNoContextTakeover, snct);
          assertEquals(client.params.compressWindowBits, cbits || 15);
          assertEquals(server.deflate.params.compressWindowBits, sbits || 15);
          for (const m of messages) {
            assertEquals(inflate(server.deflate, [client.compressMessage(m)]), m);
            assertEquals(inflate(client, [server.deflate.compressMessage(m)]), m);
          }
        }
      }
    }
  }
});
