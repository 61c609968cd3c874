// UTF-8 decoder stress vectors for cases 6.5-6.23, rebuilt as data from the
// sections of Markus Kuhn's UTF-8-test.txt that the Autobahn TestSuite uses
// (https://www.cl.cam.ac.uk/~mgk25/ucs/examples/UTF-8-test.txt), in the suite's
// order. Each group becomes one subsection 6.N; each vector one case 6.N.M.

/** One group of vectors: a title and `[valid, bytes]` pairs. */
export interface Utf8Group {
  readonly title: string;
  readonly vectors: ReadonlyArray<readonly [boolean, Uint8Array]>;
}

const b = (...xs: number[]) => new Uint8Array(xs);
const ascii = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const strict = new TextDecoder("utf-8", { fatal: true });
function isUtf8(x: Uint8Array): boolean {
  try {
    strict.decode(x);
    return true;
  } catch {
    return false;
  }
}

/** "κόσμε": Greek, 2- and 3-byte sequences (Kuhn §1). */
export const KOSME = b(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5);

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

const lastByteMissing = [
  b(0xc0),
  b(0xe0, 0x80),
  b(0xf0, 0x80, 0x80),
  b(0xf8, 0x80, 0x80, 0x80),
  b(0xfc, 0x80, 0x80, 0x80, 0x80),
  b(0xdf),
  b(0xef, 0xbf),
  b(0xf7, 0xbf, 0xbf),
  b(0xfb, 0xbf, 0xbf, 0xbf),
  b(0xfd, 0xbf, 0xbf, 0xbf, 0xbf),
];

function nonCharacters(): Array<[boolean, Uint8Array]> {
  const out: Array<[boolean, Uint8Array]> = [[true, b(0xef, 0xbf, 0xbe)], [
    true,
    b(0xef, 0xbf, 0xbf),
  ]];
  for (const z1 of [0xf0, 0xf1, 0xf2, 0xf3, 0xf4]) {
    for (const z2 of [0x8f, 0x9f, 0xaf, 0xbf]) {
      if (z1 === 0xf4 && z2 !== 0x8f) continue; // beyond U+10FFFF
      for (const z3 of [0xbe, 0xbf]) {
        if (z1 === 0xf0 && z2 === 0x8f) continue; // overlong
        out.push([true, b(z1, z2, 0xbf, z3)]);
      }
    }
  }
  return out;
}

/** The groups 6.5 to 6.23, in order. */
export const UTF8_GROUPS: readonly Utf8Group[] = [
  {
    title: "Some valid UTF-8 sequences",
    vectors: [
      [true, cat(ascii("hello"), b(0x24), ascii("world"))],
      [true, cat(ascii("hello"), b(0xc2, 0xa2), ascii("world"))],
      [true, cat(ascii("hello"), b(0xe2, 0x82, 0xac), ascii("world"))],
      [true, cat(ascii("hello"), b(0xf0, 0xa4, 0xad, 0xa2), ascii("world"))],
      [true, KOSME],
    ],
  },
  {
    title: "All prefixes of a valid UTF-8 string that contains multi-byte code points",
    vectors: range(1, KOSME.length + 1).map((n) => {
      const p = KOSME.slice(0, n);
      return [isUtf8(p), p] as const;
    }),
  },
  {
    title: "First possible sequence of a certain length",
    vectors: [[true, b(0x00)], [true, b(0xc2, 0x80)], [true, b(0xe0, 0xa0, 0x80)], [
      true,
      b(0xf0, 0x90, 0x80, 0x80),
    ]],
  },
  {
    title: "First possible sequence length 5/6 (invalid codepoints)",
    vectors: [[false, b(0xf8, 0x88, 0x80, 0x80, 0x80)], [
      false,
      b(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80),
    ]],
  },
  {
    title: "Last possible sequence of a certain length",
    vectors: [[true, b(0x7f)], [true, b(0xdf, 0xbf)], [true, b(0xef, 0xbf, 0xbf)], [
      true,
      b(0xf4, 0x8f, 0xbf, 0xbf),
    ]],
  },
  {
    title: "Last possible sequence length 4/5/6 (invalid codepoints)",
    vectors: [
      [false, b(0xf7, 0xbf, 0xbf, 0xbf)],
      [false, b(0xfb, 0xbf, 0xbf, 0xbf, 0xbf)],
      [false, b(0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf)],
    ],
  },
  {
    title: "Other boundary conditions",
    vectors: [
      [true, b(0xed, 0x9f, 0xbf)],
      [true, b(0xee, 0x80, 0x80)],
      [true, b(0xef, 0xbf, 0xbd)],
      [true, b(0xf4, 0x8f, 0xbf, 0xbf)],
      [false, b(0xf4, 0x90, 0x80, 0x80)],
    ],
  },
  {
    title: "Unexpected continuation bytes",
    vectors: [
      [false, b(0x80)],
      [false, b(0xbf)],
      [false, b(0x80, 0xbf)],
      [false, b(0x80, 0xbf, 0x80)],
      [false, b(0x80, 0xbf, 0x80, 0xbf)],
      [false, b(0x80, 0xbf, 0x80, 0xbf, 0x80)],
      [false, b(0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf)],
      [false, b(...range(0x80, 0xbf))],
    ],
  },
  {
    title: "Lonely start characters",
    vectors: [[0xc0, 0xdf], [0xe0, 0xef], [0xf0, 0xf7], [0xf8, 0xfb], [0xfc, 0xfd]].map((
      [from, to],
    ) => [false, b(...range(from!, to!).flatMap((c) => [c, 0x20]))] as const),
  },
  {
    title: "Sequences with last continuation byte missing",
    vectors: lastByteMissing.map((v) => [false, v] as const),
  },
  {
    title: "Concatenation of incomplete sequences",
    vectors: [[false, cat(...lastByteMissing)]],
  },
  {
    title: "Impossible bytes",
    vectors: [[false, b(0xfe)], [false, b(0xff)], [false, b(0xfe, 0xfe, 0xff, 0xff)]],
  },
  {
    title: "Examples of an overlong ASCII character",
    vectors: [
      [false, b(0xc0, 0xaf)],
      [false, b(0xe0, 0x80, 0xaf)],
      [false, b(0xf0, 0x80, 0x80, 0xaf)],
      [false, b(0xf8, 0x80, 0x80, 0x80, 0xaf)],
      [false, b(0xfc, 0x80, 0x80, 0x80, 0x80, 0xaf)],
    ],
  },
  {
    title: "Maximum overlong sequences",
    vectors: [
      [false, b(0xc1, 0xbf)],
      [false, b(0xe0, 0x9f, 0xbf)],
      [false, b(0xf0, 0x8f, 0xbf, 0xbf)],
      [false, b(0xf8, 0x87, 0xbf, 0xbf, 0xbf)],
      [false, b(0xfc, 0x83, 0xbf, 0xbf, 0xbf, 0xbf)],
    ],
  },
  {
    title: "Overlong representation of the NUL character",
    vectors: [
      [false, b(0xc0, 0x80)],
      [false, b(0xe0, 0x80, 0x80)],
      [false, b(0xf0, 0x80, 0x80, 0x80)],
      [false, b(0xf8, 0x80, 0x80, 0x80, 0x80)],
      [false, b(0xfc, 0x80, 0x80, 0x80, 0x80, 0x80)],
    ],
  },
  {
    title: "Single UTF-16 surrogates",
    vectors: [
      [0xa0, 0x80],
      [0xad, 0xbf],
      [0xae, 0x80],
      [0xaf, 0xbf],
      [0xb0, 0x80],
      [0xbe, 0x80],
      [0xbf, 0xbf],
    ].map(([x, y]) => [false, b(0xed, x!, y!)] as const),
  },
  {
    title: "Paired UTF-16 surrogates",
    vectors: [
      [0xa0, 0x80, 0xb0, 0x80],
      [0xa0, 0x80, 0xbf, 0xbf],
      [0xad, 0xbf, 0xb0, 0x80],
      [0xad, 0xbf, 0xbf, 0xbf],
      [0xae, 0x80, 0xb0, 0x80],
      [0xae, 0x80, 0xbf, 0xbf],
      [0xaf, 0xbf, 0xb0, 0x80],
      [0xaf, 0xbf, 0xbf, 0xbf],
    ].map(([a, c, d, e]) => [false, b(0xed, a!, c!, 0xed, d!, e!)] as const),
  },
  { title: "Non-character code points (valid UTF-8)", vectors: nonCharacters() },
  {
    title: "Unicode specials (i.e. replacement char)",
    vectors: [0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf].map((x) =>
      [true, b(0xef, 0xbf, x)] as const
    ),
  },
];
