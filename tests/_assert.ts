/**
 * Small assertion helpers with the names of `@std/assert` (which cannot be
 * installed on our machines). Tests import only from here.
 *
 * @module
 */

/** Error thrown when an assertion fails. */
export class AssertionError extends Error {
  /** Creates an assertion error with a message. */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function show(v: unknown): string {
  try {
    return Deno.inspect(v, { depth: 6, colors: false, strAbbreviateSize: 200, iterableLimit: 64 });
  } catch {
    return String(v);
  }
}

function deepEqual(a: unknown, b: unknown, seen = new Map<unknown, unknown>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) {
    return deepEqual(new Uint8Array(a), new Uint8Array(b), seen);
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i], seen)) return false;
    return true;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b as object, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen)) {
      return false;
    }
  }
  return true;
}

/** Asserts that `expr` is truthy. */
export function assert(expr: unknown, msg = "Assertion failed"): asserts expr {
  if (!expr) throw new AssertionError(msg);
}

/** Asserts that `actual` and `expected` are deeply equal (typed arrays by content). */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!deepEqual(actual, expected)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}values are not equal\n  actual:   ${show(actual)}\n  expected: ${
        show(expected)
      }`,
    );
  }
}

/** Asserts that `actual` and `expected` are not deeply equal. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  if (deepEqual(actual, expected)) {
    throw new AssertionError(`${msg ? msg + ": " : ""}values are equal: ${show(actual)}`);
  }
}

/** Asserts `Object.is(actual, expected)`. */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}values are not identical\n  actual:   ${show(actual)}\n  expected: ${
        show(expected)
      }`,
    );
  }
}

/** Asserts that `actual` is neither `null` nor `undefined`. */
export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T> {
  if (actual === null || actual === undefined) {
    throw new AssertionError(msg ?? `expected a value, got ${actual}`);
  }
}

/** Asserts that `actual` contains `expected` (string or array element). */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (!actual.includes(expected)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}${show(actual)} does not include ${show(expected)}`,
    );
  }
}

/** Asserts that `actual` matches `re`. */
export function assertMatch(actual: string, re: RegExp, msg?: string): void {
  if (!re.test(actual)) {
    throw new AssertionError(`${msg ? msg + ": " : ""}${show(actual)} does not match ${re}`);
  }
}

/** Asserts that `actual` is an instance of `type`. */
export function assertInstanceOf<T extends abstract new (...args: never[]) => unknown>(
  actual: unknown,
  type: T,
  msg?: string,
): asserts actual is InstanceType<T> {
  if (!(actual instanceof type)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}expected an instance of ${type.name}, got ${show(actual)}`,
    );
  }
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

function checkError<E extends Error>(
  err: unknown,
  type?: ErrorClass<E>,
  includes?: string,
): E {
  if (type && !(err instanceof type)) {
    throw new AssertionError(
      `expected error of type ${type.name}, got ${show(err)}`,
    );
  }
  if (includes !== undefined) {
    const m = err instanceof Error ? err.message : String(err);
    if (!m.includes(includes)) {
      throw new AssertionError(`error message ${show(m)} does not include ${show(includes)}`);
    }
  }
  return err as E;
}

/** Asserts that `fn` throws; returns the error. */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  type?: ErrorClass<E>,
  includes?: string,
): E {
  try {
    fn();
  } catch (err) {
    return checkError(err, type, includes);
  }
  throw new AssertionError("expected function to throw");
}

/** Asserts that the promise returned by `fn` rejects; returns the error. */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  type?: ErrorClass<E>,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (err) {
    return checkError(err, type, includes);
  }
  throw new AssertionError("expected promise to reject");
}

/** Fails unconditionally. */
export function fail(msg = "Failed assertion"): never {
  throw new AssertionError(msg);
}

/** Hex helper for test vectors: `"81 05 48 65"` → bytes (spaces ignored). */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, "");
  if (clean.length % 2) throw new RangeError(`odd hex length: ${s}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes → lowercase hex (for readable failure messages). */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
