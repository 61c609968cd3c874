import fc from "fast-check";
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
} from "../_assert.ts";
import { HandshakeError } from "../../src/websocket/errors.ts";
import {
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  HttpRequestReader,
  type HttpResponseHead,
  HttpResponseReader,
  isToken,
  parseQueryString,
} from "../../src/websocket/http11.ts";
import vectors from "../vectors/websocket/handshake/rfc6455.json" with { type: "json" };

const enc = (s: string): Uint8Array => {
  // ISO-8859-1, so that tests can write any byte as a char.
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};
const plain = <T>(o: T): T => JSON.parse(JSON.stringify(o));

const FRAME = new Uint8Array([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);

function readRequest(text: string, limits?: HttpLimits): HttpRequestReader {
  const r = new HttpRequestReader(limits);
  const head = r.feed(enc(text));
  assert(head !== null, "head incomplete");
  return r;
}

function requestError(text: string, limits?: HttpLimits): HandshakeError {
  return assertThrows(() => new HttpRequestReader(limits).feed(enc(text)), HandshakeError);
}

/** Feeds the bytes in the given pieces; returns the head and rest. */
function feedPieces<T>(
  reader: { feed(c: Uint8Array): T | null; readonly rest: Uint8Array },
  pieces: Uint8Array[],
): { head: T; rest: Uint8Array } {
  let head: T | null = null;
  const rest: Uint8Array[] = [];
  for (const p of pieces) {
    if (head === null) head = reader.feed(p);
    else rest.push(p);
  }
  assert(head !== null, "head incomplete");
  const all = [reader.rest, ...rest];
  const out = new Uint8Array(all.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of all) {
    out.set(a, o);
    o += a.length;
  }
  return { head, rest: out };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

for (const v of vectors.requests) {
  Deno.test(`HttpRequestReader - parses ${v.name} (${v.section}) whole, split at every byte, with trailing data`, () => {
    const bytes = enc(v.text);
    const whole = new HttpRequestReader().feed(bytes);
    assert(whole !== null);
    assertEquals(whole.method, v.expect.method);
    assertEquals(whole.path, v.expect.path);
    assertEquals(whole.httpVersion, { major: 1, minor: 1 });
    // split in two at every position, with a frame behind the head
    const withFrame = concat(bytes, FRAME);
    for (let i = 1; i < withFrame.length; i++) {
      const { head, rest } = feedPieces(new HttpRequestReader(), [
        withFrame.slice(0, i),
        withFrame.slice(i),
      ]);
      assertEquals(plain(head), plain(whole), `split at ${i}`);
      assertEquals(rest, FRAME, `rest when split at ${i}`);
    }
    // byte by byte
    const pieces = Array.from(withFrame, (b) => new Uint8Array([b]));
    const { head, rest } = feedPieces(new HttpRequestReader(), pieces);
    assertEquals(plain(head), plain(whole));
    assertEquals(rest, FRAME);
  });
}

for (const v of vectors.responses) {
  Deno.test(`HttpResponseReader - parses ${v.name} (${v.section}) whole, split at every byte, with trailing data`, () => {
    const bytes = concat(enc(v.text), FRAME);
    const r = new HttpResponseReader();
    const whole = r.feed(bytes) as HttpResponseHead;
    assertEquals(whole.status, v.expect.status);
    assertEquals(whole.reason, v.expect.reason);
    assertEquals(r.rest, FRAME);
    for (let i = 1; i < bytes.length; i++) {
      const { head, rest } = feedPieces(new HttpResponseReader(), [
        bytes.slice(0, i),
        bytes.slice(i),
      ]);
      assertEquals(plain(head), plain(whole), `split at ${i}`);
      assertEquals(rest, FRAME);
    }
  });
}

Deno.test("HttpRequestReader - exposes headers lowercase, combined, as lists and raw", () => {
  const r = readRequest(
    "GET / HTTP/1.1\r\nHost: a\r\nX-Thing: 1\r\nx-thing:2  \r\nCookie: a=1\r\nCookie: b=2\r\n" +
      "Set-Cookie: s=1\r\nSet-Cookie: t=2\r\n\r\n",
  );
  const head = r.head!;
  assertEquals(head.headers["x-thing"], "1, 2");
  assertEquals(head.headers["cookie"], "a=1; b=2");
  assertEquals(head.headerLists["set-cookie"], ["s=1", "t=2"]);
  assertEquals(head.rawHeaders[1], ["X-Thing", "1"]);
  assertEquals(head.rawHeaders[2], ["x-thing", "2"]);
  assertStrictEquals(Object.getPrototypeOf(head.headers), null);
});

Deno.test("HttpRequestReader - a __proto__ header or parameter does not touch prototypes", () => {
  const head = readRequest("GET /?__proto__=1 HTTP/1.1\r\n__proto__: x\r\n\r\n").head!;
  assertEquals(head.headers["__proto__"], "x");
  assertEquals(head.params["__proto__"], ["1"]);
  assertEquals(({} as Record<string, unknown>).x, undefined);
});

Deno.test("HttpRequestReader - trims optional whitespace around values (RFC 9110 §5.5)", () => {
  const head = readRequest("GET / HTTP/1.1\r\nA:\t  v  w \t\r\nB:\r\n\r\n").head!;
  assertEquals(head.headers["a"], "v  w");
  assertEquals(head.headers["b"], "");
});

Deno.test("HttpRequestReader - accepts LF-only line endings (RFC 9112 §2.2 MAY)", () => {
  const r = new HttpRequestReader();
  const head = r.feed(enc("GET /x HTTP/1.1\nHost: a\r\nB: c\n\nREST"));
  assertEquals(head?.headers["host"], "a");
  assertEquals(head?.headers["b"], "c");
  assertEquals(r.rest, enc("REST"));
});

Deno.test("HttpRequestReader - skips empty lines before the request line (RFC 9112 §2.2)", () => {
  const head = readRequest("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").head!;
  assertEquals(head.method, "GET");
});

Deno.test("HttpRequestReader - rejects a bare CR (RFC 9112 §2.2)", () => {
  const e = requestError("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n");
  assertEquals(e.status, 400);
  assertStringIncludes(e.message, "bare CR");
});

Deno.test("HttpRequestReader - rejects obs-fold (RFC 9112 §5.2)", () => {
  assertEquals(requestError("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n").status, 400);
  assertEquals(requestError("GET / HTTP/1.1\r\n\tA: b\r\n\r\n").status, 400);
});

Deno.test("HttpRequestReader - rejects whitespace between name and colon (RFC 9112 §5.1)", () => {
  assertEquals(requestError("GET / HTTP/1.1\r\nHost : a\r\n\r\n").status, 400);
});

Deno.test("HttpRequestReader - rejects header names that are not tokens, and lines without colon", () => {
  for (const line of ["Ho(st: a", ": a", "Hö: a", "no colon here", 'A"b: c']) {
    assertEquals(requestError(`GET / HTTP/1.1\r\n${line}\r\n\r\n`).status, 400, line);
  }
});

Deno.test("HttpRequestReader - rejects control characters, accepts obs-text as ISO-8859-1", () => {
  assertEquals(requestError("GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n").status, 400);
  assertEquals(requestError("GET / HTTP/1.1\r\nA: b\x7fc\r\n\r\n").status, 400);
  const head = readRequest("GET / HTTP/1.1\r\nA: caf\xe9\r\n\r\n").head!;
  assertEquals(head.headers["a"], "café");
});

Deno.test("HttpRequestReader - rejects malformed request lines with 400", () => {
  for (
    const line of [
      "GET /",
      "GET / HTTP/1.1 x",
      "GET  / HTTP/1.1",
      "GET / HTTX/1.1",
      "GET / HTTP/11",
      "G(T / HTTP/1.1",
      "GET /caf\xe9 HTTP/1.1",
      "GET /a#frag HTTP/1.1",
      "GET chat HTTP/1.1",
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    ]
  ) {
    const e = requestError(`${line}\r\nHost: a\r\n\r\n`);
    assertEquals(e.status, 400, JSON.stringify(line));
  }
});

Deno.test("HttpRequestReader - fails on a bad request line before the headers arrive", () => {
  const r = new HttpRequestReader();
  assertThrows(() => r.feed(enc("BAD LINE\r\n")), HandshakeError);
});

Deno.test("HttpRequestReader - splits origin-form, absolute-form and asterisk-form targets (RFC 9112 §3.2)", () => {
  let h = readRequest("GET /a/b?x=1&y HTTP/1.1\r\n\r\n").head!;
  assertEquals([h.target, h.path, h.query], ["/a/b?x=1&y", "/a/b", "x=1&y"]);
  assertEquals({ ...h.params }, { x: ["1"], y: [""] });
  h = readRequest("GET ws://example.com:80/chat?q HTTP/1.1\r\n\r\n").head!;
  assertEquals([h.path, h.query], ["/chat", "q"]);
  h = readRequest("GET https://example.com HTTP/1.1\r\n\r\n").head!;
  assertEquals([h.path, h.query], ["/", ""]);
  h = readRequest("OPTIONS * HTTP/1.1\r\n\r\n").head!;
  assertEquals([h.method, h.path], ["OPTIONS", "*"]);
});

Deno.test("HttpResponseReader - accepts an empty or missing reason phrase (RFC 9112 §4)", () => {
  assertEquals(new HttpResponseReader().feed(enc("HTTP/1.1 101 \r\n\r\n"))?.reason, "");
  assertEquals(new HttpResponseReader().feed(enc("HTTP/1.1 101\r\n\r\n"))?.status, 101);
});

Deno.test("HttpResponseReader - rejects malformed status lines, without a status", () => {
  for (const line of ["HTTP/1.1 1011 X", "HTTP/1.1", "ICY 200 OK", "HTTP/1.1 abc OK"]) {
    const e = assertThrows(
      () => new HttpResponseReader().feed(enc(`${line}\r\n\r\n`)),
      HandshakeError,
    );
    assertEquals(e.status, undefined);
  }
});

Deno.test("HttpRequestReader - a request line over maxStartLineLength gives 414 without buffering it", () => {
  const limit = DEFAULT_HTTP_LIMITS.maxStartLineLength;
  const r = new HttpRequestReader();
  r.feed(enc("GET /"));
  let fed = 5;
  const piece = enc("a".repeat(1000));
  const e = assertThrows(() => {
    for (;;) {
      r.feed(piece);
      fed += piece.length;
    }
  }, HandshakeError);
  assertEquals(e.status, 414);
  assert(fed <= limit + 1, `fed ${fed} bytes before failing`);
  // exactly at the limit is fine
  const ok = "GET /" + "a".repeat(limit - 5 - 9) + " HTTP/1.1";
  assertEquals(ok.length, limit);
  assert(new HttpRequestReader().feed(enc(ok + "\r\n\r\n")) !== null);
  assertEquals(requestError("GET /" + "a".repeat(limit - 5 - 8) + " HTTP/1.1\r\n\r\n").status, 414);
});

Deno.test("HttpRequestReader - a head over maxHeadSize gives 431 without buffering it", () => {
  const r = new HttpRequestReader({ maxHeadSize: 1024 });
  r.feed(enc("GET / HTTP/1.1\r\n"));
  let fed = 16;
  const e = assertThrows(() => {
    for (;;) {
      r.feed(enc("X-A: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n"));
      fed += 57;
    }
  }, HandshakeError);
  assertEquals(e.status, 431);
  assert(fed <= 1024, `fed ${fed}`);
  // one giant header line, fed in one piece
  assertEquals(
    requestError(`GET / HTTP/1.1\r\nA: ${"x".repeat(2000)}\r\n\r\n`, { maxHeadSize: 1024 }).status,
    431,
  );
  // a flood of empty lines before the request line is bounded too
  assertEquals(requestError("\r\n".repeat(600), { maxHeadSize: 1024 }).status, 431);
});

Deno.test("HttpRequestReader - a head of exactly maxHeadSize is accepted", () => {
  const base = "GET / HTTP/1.1\r\nA: \r\n\r\n";
  const text = base.replace("A: ", "A: " + "x".repeat(100 - base.length));
  assertEquals(text.length, 100);
  assert(new HttpRequestReader({ maxHeadSize: 100 }).feed(enc(text)) !== null);
  assertEquals(requestError(text.replace("A: ", "A: x"), { maxHeadSize: 100 }).status, 431);
});

Deno.test("HttpRequestReader - more than maxHeaderCount headers gives 431", () => {
  const lines = Array.from({ length: 5 }, (_, i) => `H${i}: v\r\n`).join("");
  assert(readRequest(`GET / HTTP/1.1\r\n${lines}\r\n`, { maxHeaderCount: 5 }));
  const e = requestError(`GET / HTTP/1.1\r\n${lines}H5: v\r\n\r\n`, { maxHeaderCount: 5 });
  assertEquals(e.status, 431);
  assertStringIncludes(e.message, "more than 5 header lines");
});

Deno.test("HttpResponseReader - limits fail without a status", () => {
  const e = assertThrows(
    () => new HttpResponseReader({ maxHeadSize: 64 }).feed(enc("HTTP/1.1 101 " + "x".repeat(100))),
    HandshakeError,
  );
  assertEquals(e.status, undefined);
});

Deno.test("HttpRequestReader - rejects invalid limits and feeding after completion", () => {
  assertThrows(() => new HttpRequestReader({ maxHeadSize: 0 }), RangeError);
  assertThrows(() => new HttpRequestReader({ maxHeaderCount: 1.5 }), RangeError);
  const r = readRequest("GET / HTTP/1.1\r\n\r\n");
  assertThrows(() => r.feed(enc("more")), Error, "already complete");
});

Deno.test("HttpRequestReader - copies what it keeps, so the caller may reuse its buffer", () => {
  const buf = enc("GET /abc HTTP/1.1\r\nHo");
  const r = new HttpRequestReader();
  assertEquals(r.feed(buf), null);
  buf.fill(0x41);
  const head = r.feed(enc("st: a\r\n\r\nXY"));
  assertEquals(head?.headers["host"], "a");
  assertEquals(head?.path, "/abc");
  const rest = r.rest;
  assertEquals(rest, enc("XY"));
});

Deno.test("HttpRequestReader - time is linear in input size (1-byte chunks, large head)", () => {
  const line = "X-Pad: " + "p".repeat(200) + "\r\n";
  const text = "GET / HTTP/1.1\r\n" + line.repeat(4000) + "\r\n";
  const bytes = enc(text);
  const limits = { maxHeadSize: bytes.length, maxHeaderCount: 4000 };
  const time = (n: number): number => {
    const part = bytes.subarray(0, n);
    const r = new HttpRequestReader(limits);
    const t0 = performance.now();
    for (let i = 0; i < part.length; i++) r.feed(part.subarray(i, i + 1));
    return performance.now() - t0;
  };
  time(bytes.length); // warm up
  const small = Math.max(time(bytes.length >> 3), 1);
  const big = time(bytes.length);
  // 8x the input: linear is ~8x; quadratic would be ~64x. Allow generous noise.
  assert(big < small * 30, `8x input took ${(big / small).toFixed(1)}x time`);
});

Deno.test("parseQueryString - decodes + and %xx, keeps blank values and repeats", () => {
  assertEquals({ ...parseQueryString("a=1&a=2&b=&c&d=x+y%2Fz&&e=%zz") }, {
    a: ["1", "2"],
    b: [""],
    c: [""],
    d: ["x y/z"],
    e: ["%zz"],
  });
  assertEquals({ ...parseQueryString("") }, {});
});

Deno.test("isToken - follows RFC 9110 §5.6.2", () => {
  assert(isToken("permessage-deflate"));
  assert(isToken("!#$%&'*+-.^_`|~09AZaz"));
  for (const s of ["", "a b", "a,b", "a;b", 'a"', "a=b", "é", "a/b"]) assert(!isToken(s), s);
});

Deno.test("HttpRequestReader - property: any chunking of a request gives the same head and rest", () => {
  const bytes = concat(enc(vectors.requests[1]!.text), FRAME);
  const whole = plain(new HttpRequestReader().feed(bytes));
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
      (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const pieces = points.slice(1).map((p, i) => bytes.slice(points[i], p));
        const { head, rest } = feedPieces(new HttpRequestReader(), pieces);
        assertEquals(plain(head), whole);
        assertEquals(rest, FRAME);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("HttpRequestReader - property: generated heads round-trip through any chunking", () => {
  const name = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
  const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,40}[\x21-\x7e])?$/);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(name, value), { maxLength: 20 }),
      fc.integer({ min: 1, max: 50 }),
      (headers, step) => {
        const text = "GET /p?q=1 HTTP/1.1\r\n" +
          headers.map(([n, v]) => `${n}: ${v}\r\n`).join("") + "\r\n";
        const bytes = enc(text);
        const pieces: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += step) pieces.push(bytes.slice(i, i + step));
        const { head } = feedPieces(new HttpRequestReader(), pieces);
        assertEquals(head.rawHeaders.map((h) => [...h]), headers);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("HttpRequestReader - fuzz: random bytes only ever throw HandshakeError", () => {
  const interesting = fc.constantFrom(
    ..."\r\n :\t/GET HTTP1.1HostUpgrade\x00\x7f\xff".split("").map((c) => c.charCodeAt(0)),
  );
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), interesting);
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
      fc.array(byte, { maxLength: 200 }),
      (chunks, extra) => {
        for (const Reader of [HttpRequestReader, HttpResponseReader]) {
          const r = new Reader({ maxHeadSize: 256, maxStartLineLength: 64, maxHeaderCount: 4 });
          try {
            for (const c of [...chunks, new Uint8Array(extra), enc("\r\n\r\n")]) {
              if (r.feed(c) !== null) break;
            }
          } catch (e) {
            assertInstanceOf(e, HandshakeError);
          }
        }
      },
    ),
    { numRuns: 500, seed: 6455 },
  );
});
