/**
 * URI matching that scales with the URI, not with the number of entries: a
 * hash map for exact URIs, a map per prefix length for prefix patterns, and a
 * trie by URI component for wildcard patterns (advanced profile
 * "Pattern-based Subscriptions", "Pattern-based Registrations").
 *
 * @module
 */
import type { MatchPolicy } from "../wamp/uri.ts";

interface WildcardNode<T> {
  /** Children by literal component. */
  readonly literal: Map<string, WildcardNode<T>>;
  /** Child for an empty (wildcard) component. */
  any: WildcardNode<T> | undefined;
  /** The entry whose pattern ends here. */
  value: T | undefined;
}

function newNode<T>(): WildcardNode<T> {
  return { literal: new Map(), any: undefined, value: undefined };
}

/**
 * A set of entries keyed by (URI or pattern, match policy).
 *
 * - {@linkcode UriMatcher.matchAll} returns every entry matching a URI (the
 *   broker's view: each matching subscription gets the event);
 * - {@linkcode UriMatcher.matchBest} returns the single best one (the
 *   dealer's view: exact, then the longest prefix, then the wildcard pattern
 *   with the longest literal runs from the left).
 *
 * Costs: exact O(1); prefix O(distinct prefix lengths ≤ URI length); wildcard
 * a walk of the trie along the URI's components.
 *
 * @example
 * ```ts
 * import { UriMatcher } from "@autobahn/autobahn/router";
 * const m = new UriMatcher<string>();
 * m.set("com.app", "prefix", "P");
 * m.set("com..ping", "wildcard", "W");
 * m.matchAll("com.app.ping"); // ["P", "W"]
 * m.matchBest("com.app.ping"); // "P"
 * ```
 */
export class UriMatcher<T> {
  readonly #exact = new Map<string, T>();
  readonly #prefix = new Map<string, T>();
  /** Distinct prefix lengths, descending, with how many prefixes have each. */
  #prefixLengths: number[] = [];
  readonly #prefixLengthCount = new Map<number, number>();
  readonly #wildcard = newNode<T>();
  #wildcardSize = 0;

  /** The number of entries. */
  get size(): number {
    return this.#exact.size + this.#prefix.size + this.#wildcardSize;
  }

  /** Returns the entry stored under exactly this URI and policy. */
  get(uri: string, match: MatchPolicy): T | undefined {
    switch (match) {
      case "exact":
        return this.#exact.get(uri);
      case "prefix":
        return this.#prefix.get(uri);
      case "wildcard":
        return this.#findNode(uri, false)?.value;
    }
  }

  /** Stores (or replaces) the entry under this URI and policy. */
  set(uri: string, match: MatchPolicy, value: T): void {
    switch (match) {
      case "exact":
        this.#exact.set(uri, value);
        return;
      case "prefix": {
        if (!this.#prefix.has(uri)) {
          const n = this.#prefixLengthCount.get(uri.length) ?? 0;
          this.#prefixLengthCount.set(uri.length, n + 1);
          if (n === 0) {
            this.#prefixLengths.push(uri.length);
            this.#prefixLengths.sort((a, b) => b - a);
          }
        }
        this.#prefix.set(uri, value);
        return;
      }
      case "wildcard": {
        const node = this.#findNode(uri, true)!;
        if (node.value === undefined) this.#wildcardSize++;
        node.value = value;
        return;
      }
    }
  }

  /** Removes the entry under this URI and policy; returns whether there was one. */
  delete(uri: string, match: MatchPolicy): boolean {
    switch (match) {
      case "exact":
        return this.#exact.delete(uri);
      case "prefix": {
        if (!this.#prefix.delete(uri)) return false;
        const n = this.#prefixLengthCount.get(uri.length)! - 1;
        if (n === 0) {
          this.#prefixLengthCount.delete(uri.length);
          this.#prefixLengths = this.#prefixLengths.filter((l) => l !== uri.length);
        } else {
          this.#prefixLengthCount.set(uri.length, n);
        }
        return true;
      }
      case "wildcard":
        return this.#deleteWildcard(uri);
    }
  }

  /** Returns every entry whose pattern matches `uri`: exact, prefixes (longest first), wildcards. */
  matchAll(uri: string): T[] {
    const out: T[] = [];
    const exact = this.#exact.get(uri);
    if (exact !== undefined) out.push(exact);
    for (const len of this.#prefixLengths) {
      if (len > uri.length) continue;
      const v = this.#prefix.get(len === uri.length ? uri : uri.slice(0, len));
      if (v !== undefined) out.push(v);
    }
    if (this.#wildcardSize > 0) this.#collect(this.#wildcard, uri.split("."), 0, out, false);
    return out;
  }

  /**
   * Returns the best entry for `uri` (advanced profile "Pattern-based
   * Registrations > Calls matching multiple registrations"): the exact one,
   * else the longest prefix, else the wildcard pattern that has a literal
   * component where the others have a wildcard, earliest position first.
   */
  matchBest(uri: string): T | undefined {
    const exact = this.#exact.get(uri);
    if (exact !== undefined) return exact;
    for (const len of this.#prefixLengths) {
      if (len > uri.length) continue;
      const v = this.#prefix.get(len === uri.length ? uri : uri.slice(0, len));
      if (v !== undefined) return v;
    }
    if (this.#wildcardSize === 0) return undefined;
    const out: T[] = [];
    this.#collect(this.#wildcard, uri.split("."), 0, out, true);
    return out[0];
  }

  /** Yields every entry with its URI and policy. */
  *entries(): IterableIterator<[string, MatchPolicy, T]> {
    for (const [uri, v] of this.#exact) yield [uri, "exact", v];
    for (const [uri, v] of this.#prefix) yield [uri, "prefix", v];
    const stack: [WildcardNode<T>, string[]][] = [[this.#wildcard, []]];
    while (stack.length > 0) {
      const [node, path] = stack.pop()!;
      if (node.value !== undefined && path.length > 0) {
        yield [path.join("."), "wildcard", node.value];
      }
      for (const [k, child] of node.literal) stack.push([child, [...path, k]]);
      if (node.any) stack.push([node.any, [...path, ""]]);
    }
  }

  // Depth-first along the URI; literal children before the wildcard child, so
  // with `firstOnly` the first hit is the most specific pattern.
  #collect(node: WildcardNode<T>, parts: string[], i: number, out: T[], firstOnly: boolean): void {
    if (i === parts.length) {
      if (node.value !== undefined) out.push(node.value);
      return;
    }
    const lit = node.literal.get(parts[i]!);
    if (lit) {
      this.#collect(lit, parts, i + 1, out, firstOnly);
      if (firstOnly && out.length > 0) return;
    }
    if (node.any) this.#collect(node.any, parts, i + 1, out, firstOnly);
  }

  #findNode(pattern: string, create: boolean): WildcardNode<T> | undefined {
    let node = this.#wildcard;
    for (const part of pattern.split(".")) {
      let next = part === "" ? node.any : node.literal.get(part);
      if (!next) {
        if (!create) return undefined;
        next = newNode<T>();
        if (part === "") node.any = next;
        else node.literal.set(part, next);
      }
      node = next;
    }
    return node;
  }

  #deleteWildcard(pattern: string): boolean {
    const path: [WildcardNode<T>, string][] = [];
    let node = this.#wildcard;
    for (const part of pattern.split(".")) {
      const next = part === "" ? node.any : node.literal.get(part);
      if (!next) return false;
      path.push([node, part]);
      node = next;
    }
    if (node.value === undefined) return false;
    node.value = undefined;
    this.#wildcardSize--;
    // Prune empty branches so the trie does not grow with churn.
    for (let i = path.length - 1; i >= 0; i--) {
      const [parent, part] = path[i]!;
      const child = part === "" ? parent.any! : parent.literal.get(part)!;
      if (child.value !== undefined || child.any || child.literal.size > 0) break;
      if (part === "") parent.any = undefined;
      else parent.literal.delete(part);
    }
    return true;
  }
}
