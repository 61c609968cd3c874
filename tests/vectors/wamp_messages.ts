// The WAMP message vectors of messages.json, with `{"$bytes": hex}` markers
// turned into Uint8Array. A JSON module import (no Deno API), so the
// portable suite (tests/portable/, also run by Bun) can share it.
import { hex } from "../_assert.ts";
import vectorFile from "./wamp/messages.json" with { type: "json" };

/** One message vector: its wire form and what parsing must give. */
export interface MessageVector {
  /** Vector name. */
  name: string;
  /** Spec section it comes from. */
  section: string;
  /** The message as an array, binary values revived. */
  wire: unknown[];
  /** Expected class name and fields (binary values revived). */
  expected: { class: string; fields: Record<string, unknown> };
}

/** Replaces `{"$bytes": hex}` markers with Uint8Array, recursively. */
export function reviveBytes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveBytes);
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o.$bytes === "string" && Object.keys(o).length === 1) return hex(o.$bytes);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, reviveBytes(x)]));
  }
  return v;
}

/** Every vector of messages.json. */
export const MESSAGE_VECTORS: readonly MessageVector[] =
  (vectorFile as unknown as { vectors: MessageVector[] }).vectors.map((v) => ({
    ...v,
    wire: reviveBytes(v.wire) as unknown[],
    expected: {
      class: v.expected.class,
      fields: reviveBytes(v.expected.fields) as Record<string, unknown>,
    },
  }));
