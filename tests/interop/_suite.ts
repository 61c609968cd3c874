/**
 * One interop conformance suite, run against every pairing of our client or
 * server with another implementation. A scenario that needs a capability one
 * side lacks is registered as ignored, with the reason in its name.
 *
 * @module
 */
import { assert, assertEquals } from "../_assert.ts";
import {
  assertMessage,
  closeBoth,
  type Endpoint,
  type Message,
  type Pair,
  randomBytes,
  randomText,
  withTimeout,
} from "./_fixtures.ts";

/** Sends `messages` from `from`, in order, and checks that `to` receives them intact and in order. */
export async function exchange(
  from: Endpoint,
  to: Endpoint,
  messages: Message[],
  what: string,
): Promise<void> {
  for (const m of messages) from.send(m);
  for (let i = 0; i < messages.length; i++) {
    assertMessage(await to.receive(), messages[i]!, `${what} #${i}`);
  }
}

/** Optional {@linkcode Endpoint} members a scenario may need. */
export type Capability = "sendFragmented" | "ping";

/** What each side of a pairing can do beyond the basics. */
export interface Capabilities {
  /** Our side's capabilities. */
  ours: Capability[];
  /** The other implementation's capabilities. */
  theirs: Capability[];
}

interface Scenario {
  name: string;
  /** The capability needed, and the skip reason when it is missing. */
  needs?: { side: keyof Capabilities; capability: Capability; otherwise: string };
  run(p: Pair): Promise<void>;
}

/** 2 bytes of code + 123 bytes of reason fill a 125-byte control frame: 40 × 3 + 3 bytes. */
const LONGEST_REASON = "✓".repeat(40) + "end";

const KiB = 1024;
const MiB = 1024 * KiB;

const SCENARIOS: Scenario[] = [
  {
    name: "text messages both ways",
    async run({ ours, theirs }) {
      const texts = ["Hello, world!", "", "ünïcödé ✓ 🚀 \u0000 end", "x".repeat(125)];
      await exchange(ours, theirs, texts, "to them");
      await exchange(theirs, ours, texts, "to us");
    },
  },
  {
    name: "binary messages both ways, around the length encodings (RFC 6455 §5.2)",
    async run({ ours, theirs }) {
      // 125 is the largest 7-bit length, 126-65535 use 16 bits, 65536 and up 64 bits.
      const sizes = [0, 1, 125, 126, 127, 65535, 65536];
      const msgs = sizes.map((n, i) => randomBytes(n, i + 1));
      await exchange(ours, theirs, msgs, "to them");
      await exchange(theirs, ours, msgs, "to us");
    },
  },
  {
    name: "64 KiB text and binary messages both ways",
    async run({ ours, theirs }) {
      const msgs = [randomText(64 * KiB, 11), randomBytes(64 * KiB, 12)];
      await exchange(ours, theirs, msgs, "to them");
      await exchange(theirs, ours, msgs, "to us");
    },
  },
  {
    name: "16 MiB text and binary messages both ways",
    async run({ ours, theirs }) {
      const text = randomText(16 * MiB, 21);
      const bytes = randomBytes(16 * MiB, 22);
      await exchange(ours, theirs, [bytes, text], "to them");
      await exchange(theirs, ours, [bytes, text], "to us");
    },
  },
  {
    name: "fragmented messages from us (RFC 6455 §5.4)",
    needs: {
      side: "ours",
      capability: "sendFragmented",
      otherwise: "this face of ours fragments only by autoFragmentSize, used in every test here",
    },
    async run({ ours, theirs }) {
      // 1000-byte fragments split multi-byte characters: the peer must validate across frames.
      const text = randomText(10_000, 31);
      const bytes = randomBytes(100 * KiB, 32);
      ours.sendFragmented!(text, 1000);
      ours.sendFragmented!(bytes, 4 * KiB);
      ours.sendFragmented!("tiny", 1);
      assertMessage(await theirs.receive(), text, "fragmented text");
      assertMessage(await theirs.receive(), bytes, "fragmented binary");
      assertMessage(await theirs.receive(), "tiny", "one-byte fragments");
      // A message sent in one frame afterwards is still its own message.
      await exchange(ours, theirs, ["after"], "after fragments");
    },
  },
  {
    name: "fragmented messages from them (RFC 6455 §5.4)",
    needs: {
      side: "theirs",
      capability: "sendFragmented",
      otherwise: "the peer has no API to send fragments",
    },
    async run({ ours, theirs }) {
      const text = randomText(10_000, 41);
      const bytes = randomBytes(100 * KiB, 42);
      theirs.sendFragmented!(text, 999);
      theirs.sendFragmented!(bytes, 4 * KiB);
      assertMessage(await ours.receive(), text, "fragmented text");
      assertMessage(await ours.receive(), bytes, "fragmented binary");
    },
  },
  {
    name: "ping from us is answered with a pong (RFC 6455 §5.5.2)",
    needs: { side: "ours", capability: "ping", otherwise: "this face of ours reports no pongs" },
    async run({ ours, theirs }) {
      await ours.ping!();
      await exchange(theirs, ours, ["still open"], "after ping");
    },
  },
  {
    name: "ping from them is answered with a pong (RFC 6455 §5.5.2)",
    needs: { side: "theirs", capability: "ping", otherwise: "the peer has no ping API" },
    async run({ ours, theirs }) {
      await theirs.ping!();
      await exchange(ours, theirs, ["still open"], "after ping");
    },
  },
  {
    name: "close from us with 4001 and a reason, after a last message (RFC 6455 §7.1.2)",
    async run({ ours, theirs }) {
      ours.send("last words");
      ours.close(4001, "we are done ✓");
      assertMessage(await theirs.receive(), "last words", "message sent before the close");
      const [t, o] = await withTimeout(Promise.all([theirs.closed, ours.closed]), "close");
      assertEquals({ code: t.code, reason: t.reason }, { code: 4001, reason: "we are done ✓" });
      assert(t.wasClean, "the peer saw an unclean close");
      assert(o.wasClean, `we saw an unclean close: ${o.code} ${o.reason}`);
      // The peer may echo our code or answer 1000 (RFC 6455 §5.5.1).
      assert(o.code === 4001 || o.code === 1000, `unexpected reply code ${o.code}`);
    },
  },
  {
    name: "close from them with 4002 and a reason, after a last message (RFC 6455 §7.1.2)",
    async run({ ours, theirs }) {
      theirs.send("last words");
      theirs.close(4002, "they are done ✓");
      assertMessage(await ours.receive(), "last words", "message sent before the close");
      const [o, t] = await withTimeout(Promise.all([ours.closed, theirs.closed]), "close");
      assertEquals(o, { code: 4002, reason: "they are done ✓", wasClean: true });
      assert(t.wasClean, "the peer saw an unclean close");
      assertEquals(t.code, 1000, "our reply code");
    },
  },
  {
    name: "close from us with a maximal 123-byte reason (RFC 6455 §5.5)",
    async run({ ours, theirs }) {
      ours.close(4003, LONGEST_REASON);
      const t = await withTimeout(theirs.closed, "close");
      assertEquals({ code: t.code, reason: t.reason }, { code: 4003, reason: LONGEST_REASON });
      assert((await withTimeout(ours.closed, "close")).wasClean, "we saw an unclean close");
    },
  },
  {
    name: "close from them with a maximal 123-byte reason (RFC 6455 §5.5)",
    async run({ ours, theirs }) {
      theirs.close(4004, LONGEST_REASON);
      const o = await withTimeout(ours.closed, "close");
      assertEquals(o, { code: 4004, reason: LONGEST_REASON, wasClean: true });
      await withTimeout(theirs.closed, "close");
    },
  },
];

/**
 * Registers every scenario as a `Deno.test` named `Interop - <label> - <scenario>`;
 * `open` makes a fresh connected pair for each.
 */
export function interopSuite(
  label: string,
  open: () => Promise<Pair>,
  capabilities: Capabilities,
): void {
  for (const s of SCENARIOS) {
    const n = s.needs;
    const reason = n && !capabilities[n.side].includes(n.capability) ? n.otherwise : undefined;
    Deno.test({
      name: `Interop - ${label} - ${s.name}${reason ? ` (skipped: ${reason})` : ""}`,
      ignore: reason !== undefined,
      async fn() {
        const pair = await open();
        try {
          // Declared capabilities must match what the endpoints really offer.
          for (const c of capabilities.ours) assert(pair.ours[c], `ours lacks ${c}`);
          for (const c of capabilities.theirs) assert(pair.theirs[c], `theirs lacks ${c}`);
          await s.run(pair);
        } finally {
          await pair.dispose();
        }
      },
    });
  }
}

/** Builds a {@linkcode Pair}'s `dispose`: closes the connection, then stops `stop`. */
export function disposer(
  ours: Endpoint,
  theirs: Endpoint,
  stop: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    try {
      await closeBoth(ours, theirs);
    } finally {
      await stop();
    }
  };
}
