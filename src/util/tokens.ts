/**
 * Random identifiers and tokens, as in Autobahn|Python's `autobahn.util`:
 * all drawn with `crypto.getRandomValues` and rejection sampling, so every
 * character is uniform (no modulo bias).
 *
 * @module
 */
import { newGlobalId } from "./ids.ts";

/**
 * Characters of {@linkcode generateToken} by default: no look-alikes (0/O, 1/I, 2/Z, 8/B).
 *
 * @example Tokens without look-alike characters
 * ```ts
 * import { DEFAULT_TOKEN_CHARS, generateToken } from "@autobahn/autobahn/util";
 *
 * const token = generateToken(2, 5); // e.g. "NJ4CX-EKV3J"
 * for (const c of token.replace("-", "")) {
 *   if (!DEFAULT_TOKEN_CHARS.includes(c)) throw new Error(`unexpected ${c}`);
 * }
 * ```
 */
export const DEFAULT_TOKEN_CHARS = "345679ACEFGHJKLMNPQRSTUVWXY";

/**
 * The z-base-32 alphabet (human-oriented base-32).
 *
 * @example A z-base-32 token
 * ```ts
 * import { generateToken, ZBASE32_CHARS } from "@autobahn/autobahn/util";
 *
 * const token = generateToken(4, 4, { chars: ZBASE32_CHARS });
 * if (!/^[13-9a-km-uw-z]{4}(-[13-9a-km-uw-z]{4}){3}$/.test(token)) throw new Error(token);
 * ```
 */
export const ZBASE32_CHARS = "13456789abcdefghijkmnopqrstuwxyz";

const URLSAFE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Returns `n` characters of `alphabet`, each uniform, from a CSPRNG.
 *
 * @example A random hex string
 * ```ts
 * import { randomString } from "@autobahn/autobahn/util";
 *
 * const hex = randomString(16, "0123456789abcdef"); // e.g. "3f9c0a7be21d4c58"
 * if (!/^[0-9a-f]{16}$/.test(hex)) throw new Error(hex);
 * ```
 */
export function randomString(n: number, alphabet: string): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(
      `Cannot make a random string: length must be a non-negative integer, got ${n}`,
    );
  }
  if (alphabet.length < 2 || alphabet.length > 256) {
    throw new RangeError("Cannot make a random string: alphabet must have 2 to 256 characters");
  }
  const limit = 256 - (256 % alphabet.length); // reject bytes ≥ limit: no modulo bias
  let out = "";
  while (out.length < n) {
    const bytes = crypto.getRandomValues(
      new Uint8Array(Math.min(65536, Math.max(16, (n - out.length) * 2))),
    );
    for (const b of bytes) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/**
 * A random WAMP ID in [1, 2^53] (`rid` in Autobahn|Python).
 *
 * @example
 * ```ts
 * import { rid } from "@autobahn/autobahn/util";
 * Number.isSafeInteger(rid()); // true
 * ```
 */
export function rid(): number {
  return newGlobalId();
}

/**
 * A random URL-safe identifier of `length` characters (`newid`).
 *
 * @example
 * ```ts
 * import { newid } from "@autobahn/autobahn/util";
 * newid(8).length; // 8
 * ```
 *
 * @param length Number of characters. Default 16.
 */
export function newid(length = 16): string {
  return randomString(length, URLSAFE_CHARS);
}

/**
 * A short random identifier (8 URL-safe characters, 48 bits), e.g. for log
 * correlation (`id` in Autobahn|Python).
 *
 * @example
 * ```ts
 * import { id } from "@autobahn/autobahn/util";
 * id().length; // 8
 * ```
 */
export function id(): string {
  return newid(8);
}

/**
 * Options of {@linkcode generateToken}.
 *
 * @example A lower-case token with another separator
 * ```ts
 * import { generateToken, type TokenOptions } from "@autobahn/autobahn/util";
 *
 * const options: TokenOptions = { sep: "_", lowerCase: true };
 * const token = generateToken(3, 4, options); // e.g. "nj4c_xekv_3jyh"
 * if (token !== token.toLowerCase() || token.split("_").length !== 3) throw new Error(token);
 * ```
 */
export interface TokenOptions {
  /** Characters to draw from. Default {@linkcode DEFAULT_TOKEN_CHARS}. */
  readonly chars?: string;
  /** Group separator. Default `"-"`. */
  readonly sep?: string;
  /** Lower-case the token. Default `false`. */
  readonly lowerCase?: boolean;
}

/**
 * A random token of `charGroups` groups of `charsPerGroup` characters, e.g.
 * `"NJ4C-XEKV-3JYH"` for (3, 4). Cryptographically strong.
 *
 * @example
 * ```ts
 * import { generateToken } from "@autobahn/autobahn/util";
 * generateToken(3, 4); // e.g. "NJ4C-XEKV-3JYH"
 * ```
 *
 * @throws {RangeError} for non-positive group sizes.
 */
export function generateToken(
  charGroups: number,
  charsPerGroup: number,
  options: TokenOptions = {},
): string {
  for (const [name, v] of [["charGroups", charGroups], ["charsPerGroup", charsPerGroup]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot generate a token: ${name} must be a positive integer, got ${v}`);
    }
  }
  const chars = options.chars ?? DEFAULT_TOKEN_CHARS;
  const groups: string[] = [];
  for (let i = 0; i < charGroups; i++) groups.push(randomString(charsPerGroup, chars));
  const token = groups.join(options.sep ?? "-");
  return options.lowerCase ? token.toLowerCase() : token;
}

/**
 * An activation code: 3 groups of 4 characters, e.g. `"W97F-96MJ-YGJL"`
 * (log2(27^12) ≈ 57 bits).
 *
 * @example
 * ```ts
 * import { generateActivationCode } from "@autobahn/autobahn/util";
 * /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(generateActivationCode()); // true
 * ```
 */
export function generateActivationCode(): string {
  return generateToken(3, 4);
}

/**
 * A serial number: 4 groups of 4 characters, e.g. `"YRAC-EL4X-FQQE-AW4T"`.
 *
 * @example
 * ```ts
 * import { generateSerialNumber } from "@autobahn/autobahn/util";
 * generateSerialNumber().length; // 19
 * ```
 */
export function generateSerialNumber(): string {
  return generateToken(4, 4);
}

/**
 * A user password: 4 groups of 4 z-base-32 characters, lower case, e.g.
 * `"7iqy-9ser-ej3m-1xcx"` (80 bits).
 *
 * @example
 * ```ts
 * import { generateUserPassword } from "@autobahn/autobahn/util";
 * generateUserPassword().length; // 19
 * ```
 */
export function generateUserPassword(): string {
  return generateToken(4, 4, { chars: ZBASE32_CHARS, lowerCase: true });
}
