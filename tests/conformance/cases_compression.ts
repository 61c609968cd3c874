// The compression cases: Autobahn TestSuite sections 12 (permessage-deflate
// with the default offer, five kinds of data) and 13 (seven offer/accept
// parameter sets), rebuilt from the suite's case descriptions. Each case
// sends messages of one size, compressed, one at a time, and expects each
// echo back intact. Message counts are scaled down (see README.md).
import { AssertionError } from "../_assert.ts";
import { verdict } from "./_fuzzer.ts";
import {
  type DeflateAccept,
  type DeflateCaseOutcome,
  type DeflateOffer,
  type DeflateParams,
  type EchoCaseScript,
  offer,
} from "./_deflate_fuzzer.ts";

/** The suite's (payload size, auto-fragment size) list for every 12.x/13.x subsection. */
const MSG_SIZES: ReadonlyArray<readonly [size: number, autoFragmentSize: number]> = [
  [16, 0],
  [64, 0],
  [256, 0],
  [1024, 0],
  [4096, 0],
  [8192, 0],
  [16384, 0],
  [32768, 0],
  [65536, 0],
  [131072, 0],
  [8192, 256],
  [16384, 256],
  [32768, 256],
  [65536, 256],
  [131072, 256],
  [131072, 1024],
  [131072, 4096],
  [131072, 32768],
];

/**
 * Messages per case: the suite sends 1000 of every size; we send about 256
 * KiB per case (2 of 128 KiB ... 32 of 8 KiB), at most 50 and at least 2, so
 * that context takeover is always exercised across messages.
 */
export function messageCount(size: number): number {
  return Math.max(2, Math.min(50, Math.floor(256 * 1024 / size)));
}

/** Seconds before a case gives up (the suite allows 60-480 s for 1000 messages). */
const WAIT_SECS = 20;

// ------------------------------------------------------------- test data

/** A small deterministic PRNG (mulberry32), so the data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = new TextEncoder();

function textOf(size: number, seed: number, piece: (r: () => number, n: number) => string) {
  const r = prng(seed);
  const parts: string[] = [];
  let len = 0;
  for (let n = 0; len < size; n++) {
    const s = piece(r, n);
    parts.push(s);
    len += s.length;
  }
  return parts.join("");
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const WORDS = [
  "lorem",
  "ipsum",
  "dolor",
  "sit",
  "amet",
  "consectetur",
  "adipiscing",
  "elit",
  "sed",
  "tempor",
  "incididunt",
  "labore",
  "magna",
  "aliqua",
  "veniam",
  "nostrud",
  "exercitation",
  "ullamco",
];

/** Large JSON (ASCII, so every slice is valid UTF-8): records like a REST API dump. */
function jsonData(): Uint8Array {
  const text = textOf(194056, 1, (r, n) => {
    const hex = Array.from({ length: 24 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
    const tags = Array.from({ length: 4 }, () => `"${pick(r, WORDS)}"`).join(", ");
    return `${n ? ",\n" : "[\n"}  {\n    "_id": "${hex}",\n    "index": ${n},\n` +
      `    "isActive": ${r() < 0.5},\n    "balance": "$${(r() * 4000).toFixed(2)}",\n` +
      `    "age": ${20 + Math.floor(r() * 50)},\n    "name": "${pick(r, WORDS)} ${
        pick(r, WORDS)
      }",\n` +
      `    "email": "${pick(r, WORDS)}@${pick(r, WORDS)}.com",\n` +
      `    "latitude": ${(r() * 180 - 90).toFixed(6)},\n    "tags": [${tags}]\n  }`;
  });
  return enc.encode(text.slice(0, 194056));
}

/** A 512x512 8-bit grey bitmap (BMP header, palette, smooth image with noise). */
function bitmapData(): Uint8Array {
  const w = 512, h = 512, offset = 54 + 1024;
  const out = new Uint8Array(offset + w * h);
  const dv = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  dv.setUint32(2, out.length, true);
  dv.setUint32(10, offset, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, h, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 8, true);
  dv.setUint32(46, 256, true);
  for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + 4 * i);
  const r = prng(2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * Math.sin((x + y) / 71) +
        (r() - 0.5) * 24;
      out[offset + y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}

/** German verse (UTF-8 with umlauts), sent as binary like the suite's Faust text. */
function germanText(): Uint8Array {
  const words = [
    "Habe",
    "nun",
    "ach",
    "Philosophie",
    "Juristerei",
    "und",
    "Medizin",
    "leider",
    "auch",
    "Theologie",
    "durchaus",
    "studiert",
    "mit",
    "heißem",
    "Bemühn",
    "da",
    "steh",
    "ich",
    "armer",
    "Tor",
    "bin",
    "so",
    "klug",
    "als",
    "wie",
    "zuvor",
    "Geist",
    "Mephistopheles",
    "Gretchen",
    "Welt",
    "Natur",
    "Träume",
    "Herz",
    "Stürme",
    "Nacht",
  ];
  return enc.encode(
    textOf(222218, 3, (r, n) => {
      const line = Array.from({ length: 4 + Math.floor(r() * 6) }, () => pick(r, words)).join(" ");
      return (n % 40 === 0 ? `\n\n${pick(r, ["FAUST", "MEPHISTOPHELES", "MARGARETE"])}:\n` : "") +
        line + (r() < 0.3 ? ".\n" : ",\n");
    }),
  ).slice(0, 222218);
}

/** A large HTML page (ASCII). */
function htmlData(): Uint8Array {
  const text = textOf(83226, 4, (r, n) => {
    const para = Array.from({ length: 8 + Math.floor(r() * 20) }, () => pick(r, WORDS)).join(" ");
    return (n ? "" : "<!DOCTYPE html>\n<html><head><title>Data</title></head><body>\n") +
      `<div class="item" id="item-${n}"><h2><a href="/items/${n}">${pick(r, WORDS)}</a></h2>` +
      `<p>${para}</p><ul><li>${pick(r, WORDS)}</li><li>${pick(r, WORDS)}</li></ul></div>\n`;
  });
  return enc.encode(text.slice(0, 83226));
}

/** A PDF-like file: text objects between incompressible streams (256 KiB; the suite's is 1 MiB). */
function pdfData(): Uint8Array {
  const r = prng(5);
  const out = new Uint8Array(262144);
  let o = 0;
  const put = (b: Uint8Array) => {
    out.set(b.subarray(0, out.length - o), o);
    o = Math.min(out.length, o + b.length);
  };
  put(enc.encode("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"));
  for (let n = 1; o < out.length; n++) {
    const len = 500 + Math.floor(r() * 3000);
    put(enc.encode(`${n} 0 obj\n<< /Length ${len} /Filter /FlateDecode >>\nstream\n`));
    put(Uint8Array.from({ length: len }, () => Math.floor(r() * 256)));
    put(enc.encode(`\nendstream\nendobj\n${n + 1} 0 obj\n<< /Type /Font /BaseFont /Times >>\n`));
  }
  return out;
}

/** One of the suite's test data files (synthesized: the originals are not in this repository). */
interface TestData {
  readonly description: string;
  readonly binary: boolean;
  readonly data: () => Uint8Array;
}

function once(make: () => Uint8Array): () => Uint8Array {
  let d: Uint8Array | undefined;
  return () => d ??= make();
}

const JSON_DATA: TestData = {
  description: "Large JSON data file",
  binary: false,
  data: once(jsonData),
};
/** Sections 12.1-12.5 in the suite's order. */
const TEST_DATA: readonly TestData[] = [
  JSON_DATA,
  { description: "Bitmap 512x512 grey", binary: true, data: once(bitmapData) },
  { description: "Human readable text, German verse", binary: true, data: once(germanText) },
  { description: "Large HTML file", binary: false, data: once(htmlData) },
  { description: "A larger PDF", binary: true, data: once(pdfData) },
];

// ------------------------------------------------------- 13.x parameters

/**
 * The suite's fuzzing server accept (requestNoContextTakeover,
 * requestMaxWindowBits): the server's own parameters are what the offer
 * requested; the client's are asked for only when the offer allows them.
 */
function acceptWith(noContextTakeover: boolean, maxWindowBits: number): DeflateAccept {
  return (offers) => {
    for (const o of offers) {
      if (noContextTakeover && !o.acceptNoContextTakeover) continue;
      if (maxWindowBits && !o.acceptMaxWindowBits) continue;
      return {
        serverNoContextTakeover: o.requestNoContextTakeover,
        serverMaxWindowBits: o.requestMaxWindowBits,
        clientNoContextTakeover: noContextTakeover,
        clientMaxWindowBits: maxWindowBits,
      } satisfies DeflateParams;
    }
    return null;
  };
}

/** Tries each accept in turn (the suite's accept7). */
function firstOf(...accepts: DeflateAccept[]): DeflateAccept {
  return (offers) => {
    for (const a of accepts) {
      const p = a(offers);
      if (p) return p;
    }
    return null;
  };
}

const A = acceptWith;
/**
 * 13.1-13.7: the client's offers (requestNoContextTakeover, requestMaxWindowBits)
 * and the server's accept. The suite's current version uses 9 bits (zlib
 * cannot compress raw deflate with an 8-bit window).
 */
const DEFLATE_PARAMS: ReadonlyArray<[string, DeflateOffer[], DeflateAccept]> = [
  ["[(False, 0)] / [(False, 0)]", [offer()], A(false, 0)],
  [
    "[(True, 0)] / [(True, 0)]",
    [offer({ requestNoContextTakeover: true })],
    A(true, 0),
  ],
  ["[(False, 9)] / [(False, 9)]", [offer({ requestMaxWindowBits: 9 })], A(false, 9)],
  ["[(False, 15)] / [(False, 15)]", [offer({ requestMaxWindowBits: 15 })], A(false, 15)],
  [
    "[(True, 9)] / [(True, 9)]",
    [offer({ requestNoContextTakeover: true, requestMaxWindowBits: 9 })],
    A(true, 9),
  ],
  [
    "[(True, 15)] / [(True, 15)]",
    [offer({ requestNoContextTakeover: true, requestMaxWindowBits: 15 })],
    A(true, 15),
  ],
  [
    "[(True, 9), (True, 0), (False, 0)] / [(True, 9), (True, 0), (False, 0)]",
    [
      offer({ requestNoContextTakeover: true, requestMaxWindowBits: 9 }),
      offer({ requestNoContextTakeover: true }),
      offer(),
    ],
    firstOf(A(true, 9), A(true, 0), A(false, 0)),
  ],
];

// ------------------------------------------------------------ the table

/** One compression case. */
export interface CompressionCase {
  readonly id: string;
  readonly description: string;
  /** What the fuzzing client offers (server role). */
  readonly offers: readonly DeflateOffer[];
  /** How the fuzzing server answers (client role). */
  readonly accept: DeflateAccept;
  /** A fresh script per run. */
  readonly script: () => EchoCaseScript;
}

function echoScript(data: TestData, size: number, count: number, autoFragmentSize: number) {
  return (): EchoCaseScript => {
    const file = data.data();
    let ptr = 0;
    let sent = 0;
    return {
      autoFragmentSize,
      waitSecs: WAIT_SECS,
      next() {
        if (sent === count) return null;
        sent++;
        // Consecutive slices of the file, wrapping around (the suite's sendOne).
        const msg = new Uint8Array(size);
        for (let o = 0; o < size;) {
          const n = Math.min(size - o, file.length - ptr);
          msg.set(file.subarray(ptr, ptr + n), o);
          o += n;
          ptr = (ptr + n) % file.length;
        }
        return { data: msg, binary: data.binary };
      },
    };
  };
}

function sectionCases(
  prefix: string,
  data: TestData,
  offers: DeflateOffer[],
  accept: DeflateAccept,
  what: string,
): CompressionCase[] {
  return MSG_SIZES.map(([size, frag], i) => {
    const count = messageCount(size);
    return {
      id: `${prefix}.${i + 1}`,
      description: `Send ${count} compressed messages each of payload size ${size}, ` +
        `auto-fragment to ${frag} octets. ${what}`,
      offers,
      accept,
      script: echoScript(data, size, count, frag),
    };
  });
}

const cases: CompressionCase[] = [];
TEST_DATA.forEach((d, j) => {
  cases.push(
    ...sectionCases(`12.${j + 1}`, d, [offer()], A(false, 0), `${d.description}; default offer.`),
  );
});
DEFLATE_PARAMS.forEach(([what, offers, accept], j) => {
  cases.push(
    ...sectionCases(`13.${j + 1}`, JSON_DATA, offers, accept, `Offers / accept: ${what}.`),
  );
});

/** Every case of sections 12 and 13. */
export const COMPRESSION_CASES: readonly CompressionCase[] = cases;

/** The subsections ("12.1" ... "13.7") in order. */
export const COMPRESSION_SUBSECTIONS: readonly string[] = [
  ...new Set(cases.map((c) => c.id.split(".").slice(0, 2).join("."))),
];

// ------------------------------------------------------------ the runner

type ExpectedEntry = string | { result: string; bug: string };
interface ExpectedFile {
  server: Record<string, ExpectedEntry>;
  client: Record<string, ExpectedEntry>;
}

const EXPECTED: ExpectedFile = JSON.parse(
  await Deno.readTextFile(new URL("./expected.json", import.meta.url)),
);

/** How many cases of a subsection run at once. */
const CONCURRENCY = 6;

/**
 * Runs the cases of one subsection ("12.1") with `run` and throws when a
 * verdict differs from expected.json. CONFORMANCE_REPORT=1 prints them all.
 */
export async function runCompressionSubsection(
  role: "server" | "client",
  subsection: string,
  run: (c: CompressionCase) => Promise<DeflateCaseOutcome>,
): Promise<void> {
  const list = COMPRESSION_CASES.filter((c) => c.id.startsWith(subsection + "."));
  const outcomes: DeflateCaseOutcome[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const c = list[i]!;
      try {
        outcomes[i] = await run(c);
      } catch (err) {
        throw new Error(`Case ${c.id} could not run: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, list.length) }, worker));

  const mismatches: string[] = [];
  const report: Record<string, string> = {};
  list.forEach((c, i) => {
    const o = outcomes[i]!;
    const got = verdict(o);
    report[c.id] = got;
    const entry = EXPECTED[role][c.id];
    const want = entry === undefined
      ? "(missing)"
      : typeof entry === "string"
      ? entry
      : entry.result;
    if (got !== want) {
      mismatches.push(
        `expected ${want}, got ${got}: ${c.id} ${c.description}\n    ${o.result}; ` +
          `negotiated ${o.negotiated}, ${o.echoed} echoed, remote close code ` +
          `${o.remoteCloseCode}, closedByMe ${o.closedByMe}, droppedByMe ${o.droppedByMe}, ` +
          `wasClean ${o.wasClean}, ${o.durationMs} ms` +
          (o.violations.length ? `, violations: ${o.violations.join("; ")}` : ""),
      );
    }
  });
  if (Deno.env.get("CONFORMANCE_REPORT")) {
    console.log(JSON.stringify({ role, subsection, report }, null, 1));
  }
  if (mismatches.length) {
    throw new AssertionError(
      `${mismatches.length} of ${list.length} cases of ${subsection} (${role}) changed result:\n  ` +
        mismatches.join("\n  "),
    );
  }
}
