/**
 * Ed25519 keys for WAMP-Cryptosign: {@linkcode CryptosignKey} (a private
 * key that signs) and {@linkcode parsePublicKey} (a public key from hex, an
 * OpenSSH `ssh-ed25519` line or a signify public key file).
 *
 * Private keys load from a hex seed, raw bytes, an unencrypted OpenSSH
 * private key file ("openssh-key-v1") or an unencrypted signify secret key.
 *
 * @module
 */
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { decodeBase64, timingSafeEqual, utf8Decoder } from "../util/bytes.ts";

// @noble/ed25519 v3: the synchronous API needs a SHA-512 (idempotent).
ed.hashes.sha512 = sha512;

const SEED_LENGTH = 32;
const PUBLIC_KEY_LENGTH = 32;
const SIGNATURE_LENGTH = 64;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Decodes hex strictly; `what` names the value in the error. */
function _decodeHex(hex: string, what: string): Uint8Array {
  if (typeof hex !== "string" || !HEX_RE.test(hex)) {
    throw new TypeError(`Cannot parse ${what}: not a hex string`);
  }
  return hexToBytes(hex);
}

/** A big-endian reader over the SSH wire encoding (RFC 4251 §5). */
class _SshReader {
  #pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.length - this.#pos;
  }
  uint32(): number {
    if (this.remaining < 4) throw new SyntaxError("Cannot parse OpenSSH key: truncated");
    const b = this.bytes;
    const p = this.#pos;
    this.#pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  string(): Uint8Array {
    const n = this.uint32();
    if (n > this.remaining) throw new SyntaxError("Cannot parse OpenSSH key: truncated");
    const out = this.bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
  text(): string {
    return utf8Decoder.decode(this.string());
  }
}

/** Reads an SSH public key blob: `string "ssh-ed25519"`, `string key(32)`. */
function _sshEd25519PublicKey(blob: Uint8Array): Uint8Array {
  const r = new _SshReader(blob);
  const type = r.text();
  if (type !== "ssh-ed25519") {
    throw new SyntaxError(`Cannot parse OpenSSH key: unsupported key type ${JSON.stringify(type)}`);
  }
  const key = r.string();
  if (key.length !== PUBLIC_KEY_LENGTH || r.remaining !== 0) {
    throw new SyntaxError("Cannot parse OpenSSH key: bad ed25519 public key");
  }
  return key;
}

/** Reads the base64 payload of a signify file: "untrusted comment: ..." then one base64 line. */
function _signifyPayload(text: string): Uint8Array {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length !== 2 || !lines[0]!.startsWith("untrusted comment: ")) {
    throw new SyntaxError("Cannot parse signify key: expected a comment line and a base64 line");
  }
  return decodeBase64(lines[1]!.trim());
}

const INSPECT_DENO = Symbol.for("Deno.customInspect");
const INSPECT_NODE = Symbol.for("nodejs.util.inspect.custom");

/**
 * An Ed25519 private key for WAMP-Cryptosign. The 32-byte seed stays in a
 * private field: `toString`, `toJSON` and inspection show only the public
 * key, and {@linkcode CryptosignKey.destroy} zeroes the seed.
 *
 * @example
 * ```ts
 * import { CryptosignKey } from "@autobahn/autobahn/auth";
 * const key = CryptosignKey.fromSeed(
 *   "4d57d97a68f555696620a6d849c0ce582568518d729eb753dc7c732de2804510",
 * );
 * const sig = key.sign(new Uint8Array(32).fill(0xff));
 * CryptosignKey.verify(key.publicKeyHex, sig, new Uint8Array(32).fill(0xff)); // true
 * ```
 */
export class CryptosignKey {
  #seed: Uint8Array;
  #publicKey: Uint8Array;
  /** The key's comment (OpenSSH or signify files), if any. */
  readonly comment?: string;

  private constructor(seed: Uint8Array, comment?: string) {
    if (seed.length !== SEED_LENGTH) {
      throw new TypeError(`Cannot create key: the seed must be ${SEED_LENGTH} bytes`);
    }
    this.#seed = Uint8Array.from(seed);
    this.#publicKey = ed.getPublicKey(this.#seed);
    if (comment !== undefined) this.comment = comment;
  }

  /**
   * A key from its 32-byte seed, as hex or bytes. The bytes are copied; the
   * caller may zero its own copy afterwards.
   *
   * @throws {TypeError} for a seed that is not 32 bytes (64 hex characters).
   */
  static fromSeed(seed: string | Uint8Array): CryptosignKey {
    if (typeof seed === "string") {
      const bytes = _decodeHex(seed, "seed");
      try {
        return new CryptosignKey(bytes);
      } finally {
        bytes.fill(0);
      }
    }
    if (!(seed instanceof Uint8Array)) throw new TypeError("Cannot create key: seed must be bytes");
    return new CryptosignKey(seed);
  }

  /**
   * A key from hex: the 32-byte seed (Autobahn's `privkey`), or the 64-byte
   * NaCl secret key (seed followed by the public key, which must match).
   *
   * @throws {TypeError} for bad hex, a bad length or a mismatched public key.
   */
  static fromPrivateKeyHex(hex: string): CryptosignKey {
    const bytes = _decodeHex(hex, "private key");
    try {
      if (bytes.length === SEED_LENGTH) return new CryptosignKey(bytes);
      if (bytes.length === SEED_LENGTH + PUBLIC_KEY_LENGTH) {
        return CryptosignKey.#fromSecretKey64(bytes, undefined, TypeError);
      }
      throw new TypeError("Cannot create key: expected 32 or 64 bytes of hex");
    } finally {
      bytes.fill(0);
    }
  }

  /** seed(32) || publicKey(32), as libsodium, OpenSSH and signify store it. */
  static #fromSecretKey64(
    secret: Uint8Array,
    comment: string | undefined,
    ErrorType: typeof TypeError | typeof SyntaxError,
  ): CryptosignKey {
    const key = new CryptosignKey(secret.subarray(0, SEED_LENGTH), comment);
    if (!timingSafeEqual(key.#publicKey, secret.subarray(SEED_LENGTH))) {
      key.destroy();
      throw new ErrorType("Cannot create key: the public key does not match the seed");
    }
    return key;
  }

  /**
   * A key from an OpenSSH private key file (`ssh-keygen -t ed25519 -N ""`),
   * format "openssh-key-v1" (OpenSSH PROTOCOL.key).
   *
   * @throws {SyntaxError} for a malformed file, another key type, or an
   * encrypted key (decrypt it first: `ssh-keygen -p -N "" -f FILE`).
   */
  static fromOpenSshPrivateKey(text: string): CryptosignKey {
    const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/
      .exec(text);
    if (!m) throw new SyntaxError("Cannot parse OpenSSH key: no OPENSSH PRIVATE KEY block");
    const data = decodeBase64(m[1]!.replace(/\s+/g, ""));
    try {
      const magic = "openssh-key-v1\0";
      if (utf8Decoder.decode(data.subarray(0, magic.length)) !== magic) {
        throw new SyntaxError("Cannot parse OpenSSH key: not an openssh-key-v1 file");
      }
      const r = new _SshReader(data.subarray(magic.length));
      const cipher = r.text();
      const kdf = r.text();
      r.string(); // kdf options
      if (cipher !== "none" || kdf !== "none") {
        throw new SyntaxError(
          `Cannot parse OpenSSH key: encrypted keys are not supported (cipher ${cipher}); ` +
            'remove the passphrase with ssh-keygen -p -N ""',
        );
      }
      if (r.uint32() !== 1) throw new SyntaxError("Cannot parse OpenSSH key: expected one key");
      const publicKey = _sshEd25519PublicKey(r.string());
      const priv = new _SshReader(r.string());
      // PROTOCOL.key: two equal check integers open the (unencrypted) private section.
      if (priv.uint32() !== priv.uint32()) {
        throw new SyntaxError("Cannot parse OpenSSH key: check integers differ");
      }
      const type = priv.text();
      if (type !== "ssh-ed25519") {
        throw new SyntaxError(
          `Cannot parse OpenSSH key: unsupported key type ${JSON.stringify(type)}`,
        );
      }
      const pub2 = priv.string();
      const secret = priv.string();
      const comment = priv.text();
      if (
        secret.length !== SEED_LENGTH + PUBLIC_KEY_LENGTH ||
        !timingSafeEqual(pub2, publicKey)
      ) {
        throw new SyntaxError("Cannot parse OpenSSH key: bad ed25519 private key");
      }
      return CryptosignKey.#fromSecretKey64(secret, comment || undefined, SyntaxError);
    } finally {
      data.fill(0);
    }
  }

  /**
   * A key from an unencrypted signify secret key file (`signify -G -n`):
   * "Ed", "BK", kdfrounds = 0, salt(16), checksum(8), keynum(8), secret(64).
   *
   * @throws {SyntaxError} for a malformed or encrypted file, or a bad checksum.
   */
  static fromSignifyPrivateKey(text: string): CryptosignKey {
    const comment = /^untrusted comment: (.*)$/m.exec(text)?.[1];
    const data = _signifyPayload(text);
    try {
      if (data.length !== 104 || data[0] !== 0x45 || data[1] !== 0x64) {
        throw new SyntaxError("Cannot parse signify key: not an Ed25519 secret key");
      }
      if (data[2] !== 0x42 || data[3] !== 0x4b) {
        throw new SyntaxError("Cannot parse signify key: unknown KDF");
      }
      const rounds = new DataView(data.buffer, data.byteOffset).getUint32(4);
      if (rounds !== 0) {
        throw new SyntaxError("Cannot parse signify key: encrypted keys are not supported");
      }
      const checksum = data.subarray(24, 32);
      const secret = data.subarray(40, 104);
      const digest = sha512(secret);
      const ok = timingSafeEqual(digest.subarray(0, 8), checksum);
      digest.fill(0);
      if (!ok) throw new SyntaxError("Cannot parse signify key: checksum mismatch");
      return CryptosignKey.#fromSecretKey64(secret, comment, SyntaxError);
    } finally {
      data.fill(0);
    }
  }

  /** A new random key (seed from `crypto.getRandomValues`). */
  static generate(): CryptosignKey {
    const seed = crypto.getRandomValues(new Uint8Array(SEED_LENGTH));
    try {
      return new CryptosignKey(seed);
    } finally {
      seed.fill(0);
    }
  }

  /**
   * Checks an Ed25519 signature (RFC 8032 §5.1.7). Never throws: malformed
   * input is `false`.
   *
   * @param publicKey The 32-byte public key, as hex or bytes.
   * @param signature The 64-byte signature, as hex or bytes.
   * @param message The signed message.
   */
  static verify(
    publicKey: string | Uint8Array,
    signature: string | Uint8Array,
    message: Uint8Array,
  ): boolean {
    try {
      const pub = typeof publicKey === "string" ? _decodeHex(publicKey, "public key") : publicKey;
      const sig = typeof signature === "string" ? _decodeHex(signature, "signature") : signature;
      if (pub.length !== PUBLIC_KEY_LENGTH || sig.length !== SIGNATURE_LENGTH) return false;
      return ed.verify(sig, message, pub);
    } catch {
      return false;
    }
  }

  /** The 32-byte public key (a copy). */
  get publicKey(): Uint8Array {
    return Uint8Array.from(this.#publicKey);
  }

  /** The public key as 64 lowercase hex characters (`authextra.pubkey`). */
  get publicKeyHex(): string {
    return bytesToHex(this.#publicKey);
  }

  /**
   * The 32-byte seed as hex, for writing a key file (`wamp keygen`). Treat
   * the result as a secret.
   */
  exportSeedHex(): string {
    this.#check();
    return bytesToHex(this.#seed);
  }

  /**
   * Signs `message` (RFC 8032 §5.1.6).
   *
   * @returns The 64-byte signature.
   * @throws {TypeError} after {@linkcode CryptosignKey.destroy}.
   */
  sign(message: Uint8Array): Uint8Array {
    this.#check();
    return ed.sign(message, this.#seed);
  }

  /** Zeroes the seed; the key cannot sign afterwards. */
  destroy(): void {
    this.#seed.fill(0);
    this.#seed = new Uint8Array(0);
  }

  #check(): void {
    if (this.#seed.length !== SEED_LENGTH) throw new TypeError("Cannot sign: the key is destroyed");
  }

  /** `CryptosignKey(<public key hex>)`: never the secret. */
  toString(): string {
    return `CryptosignKey(${this.publicKeyHex})`;
  }

  /** `{ publicKey: <hex> }`: never the secret. */
  toJSON(): { publicKey: string } {
    return { publicKey: this.publicKeyHex };
  }

  /** Deno's inspection: the public key only. */
  [INSPECT_DENO](): string {
    return this.toString();
  }

  /** Node's inspection: the public key only. */
  [INSPECT_NODE](): string {
    return this.toString();
  }
}

/**
 * Reads an Ed25519 public key from 64 hex characters, an OpenSSH
 * `ssh-ed25519 AAAA... comment` line, or a signify public key file
 * ("untrusted comment: ..." and base64 of "Ed", keynum(8), key(32)).
 *
 * @example
 * ```ts
 * import { parsePublicKey } from "@autobahn/autobahn/auth";
 * parsePublicKey(
 *   "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJVp3hjHwIQyEladzd8mFcf0YSXcmyKS3qMLB7VqTQKm x",
 * );
 * // "9569de18c7c0843212569dcddf2615c7f46125dc9b2292dea30b07b56a4d02a6"
 * ```
 *
 * @returns The key as 64 lowercase hex characters.
 * @throws {SyntaxError} when the text is none of these.
 */
export function parsePublicKey(text: string): string {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return s.toLowerCase();
  const ssh = /^ssh-ed25519\s+([A-Za-z0-9+/=]+)(?:\s.*)?$/.exec(s);
  if (ssh) return bytesToHex(_sshEd25519PublicKey(decodeBase64(ssh[1]!)));
  if (s.startsWith("untrusted comment: ")) {
    const data = _signifyPayload(s);
    if (data.length !== 2 + 8 + PUBLIC_KEY_LENGTH || data[0] !== 0x45 || data[1] !== 0x64) {
      throw new SyntaxError("Cannot parse signify key: not an Ed25519 public key");
    }
    return bytesToHex(data.subarray(10));
  }
  throw new SyntaxError("Cannot parse public key: expected hex, ssh-ed25519 or a signify key");
}
