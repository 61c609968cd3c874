import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
  assertThrows,
  hex,
  toHex,
} from "../_assert.ts";
import { CryptosignKey, parsePublicKey } from "../../src/auth/keys.ts";

const vectors = JSON.parse(
  await Deno.readTextFile(new URL("../vectors/auth/cryptosign.json", import.meta.url)),
);
const fixture = (name: string): Promise<string> =>
  Deno.readTextFile(new URL(`../fixtures/keys/${name}`, import.meta.url));

Deno.test("CryptosignKey - RFC 8032 §7.1 TEST 1 known answer", () => {
  for (const v of vectors.rfc8032) {
    const key = CryptosignKey.fromSeed(v.secret_key);
    assertEquals(key.publicKeyHex, v.public_key);
    assertEquals(toHex(key.sign(hex(v.message))), v.signature);
    assert(CryptosignKey.verify(v.public_key, v.signature, hex(v.message)));
  }
});

Deno.test("CryptosignKey - fromSeed accepts hex and bytes, copies the bytes", () => {
  const seedHex = vectors.openssh.private_key_seed;
  const bytes = hex(seedHex);
  const a = CryptosignKey.fromSeed(bytes);
  bytes.fill(0); // the caller zeroes its copy: the key is unaffected
  const b = CryptosignKey.fromSeed(seedHex.toUpperCase());
  assertEquals(a.publicKeyHex, vectors.openssh.private_key_public);
  assertEquals(b.publicKeyHex, vectors.openssh.private_key_public);
  assertEquals(a.exportSeedHex(), seedHex);
});

Deno.test("CryptosignKey - rejects seeds of the wrong size or not hex", () => {
  assertThrows(() => CryptosignKey.fromSeed("abcd"), TypeError);
  assertThrows(() => CryptosignKey.fromSeed("zz".repeat(32)), TypeError);
  assertThrows(() => CryptosignKey.fromSeed(new Uint8Array(31)), TypeError);
  assertThrows(() => CryptosignKey.fromPrivateKeyHex("00".repeat(48)), TypeError);
});

Deno.test("CryptosignKey - fromPrivateKeyHex takes a seed or seed+public, checks the public half", () => {
  const seed = vectors.openssh.private_key_seed;
  const pub = vectors.openssh.private_key_public;
  assertEquals(CryptosignKey.fromPrivateKeyHex(seed).publicKeyHex, pub);
  assertEquals(CryptosignKey.fromPrivateKeyHex(seed + pub).publicKeyHex, pub);
  assertThrows(() => CryptosignKey.fromPrivateKeyHex(seed + "00".repeat(32)), TypeError, "match");
});

Deno.test("CryptosignKey - secrets do not show in toString, JSON or inspect", () => {
  const seed = vectors.openssh.private_key_seed;
  const key = CryptosignKey.fromSeed(seed);
  for (const s of [String(key), JSON.stringify(key), Deno.inspect(key), Deno.inspect({ key })]) {
    assert(!s.includes(seed), `leaked: ${s}`);
    assertStringIncludes(s, key.publicKeyHex);
  }
});

Deno.test("CryptosignKey - destroy zeroes the seed and stops signing", () => {
  const key = CryptosignKey.generate();
  key.destroy();
  assertThrows(() => key.sign(new Uint8Array(32)), TypeError, "destroyed");
  assertThrows(() => key.exportSeedHex(), TypeError);
});

Deno.test("CryptosignKey - generate makes distinct working keys", () => {
  const a = CryptosignKey.generate();
  const b = CryptosignKey.generate();
  assert(a.publicKeyHex !== b.publicKeyHex);
  assertMatch(a.publicKeyHex, /^[0-9a-f]{64}$/);
  const msg = new TextEncoder().encode("hello");
  assert(CryptosignKey.verify(a.publicKeyHex, a.sign(msg), msg));
  assert(!CryptosignKey.verify(b.publicKeyHex, a.sign(msg), msg));
});

Deno.test("CryptosignKey.verify - false (never a throw) for malformed input", () => {
  const key = CryptosignKey.generate();
  const msg = new Uint8Array(32);
  const sig = key.sign(msg);
  assert(CryptosignKey.verify(key.publicKey, sig, msg));
  assert(!CryptosignKey.verify("nothex", sig, msg));
  assert(!CryptosignKey.verify(key.publicKeyHex, sig.subarray(0, 63), msg));
  assert(!CryptosignKey.verify(key.publicKeyHex, "zz", msg));
  assert(!CryptosignKey.verify(new Uint8Array(32).fill(0xff), sig, msg));
  const flipped = Uint8Array.from(sig);
  flipped[5]! ^= 1;
  assert(!CryptosignKey.verify(key.publicKeyHex, flipped, msg));
  assert(!CryptosignKey.verify(key.publicKeyHex, sig, new Uint8Array(32).fill(1)));
});

Deno.test("CryptosignKey.fromOpenSshPrivateKey - Autobahn|Python's test key", () => {
  const key = CryptosignKey.fromOpenSshPrivateKey(vectors.openssh.private_key_file);
  assertEquals(key.publicKeyHex, vectors.openssh.private_key_public);
  assertEquals(key.exportSeedHex(), vectors.openssh.private_key_seed);
  assertEquals(key.comment, "someuser@funkthat.com");
});

Deno.test("CryptosignKey.fromOpenSshPrivateKey - an ssh-keygen key matches its .pub", async () => {
  const key = CryptosignKey.fromOpenSshPrivateKey(await fixture("id_ed25519"));
  assertEquals(key.publicKeyHex, parsePublicKey(await fixture("id_ed25519.pub")));
  assertEquals(key.comment, "alice@example.com");
});

Deno.test("CryptosignKey.fromOpenSshPrivateKey - refuses an encrypted key clearly", async () => {
  const text = await fixture("id_ed25519_encrypted");
  assertThrows(() => CryptosignKey.fromOpenSshPrivateKey(text), SyntaxError, "encrypted");
});

Deno.test("CryptosignKey.fromOpenSshPrivateKey - rejects garbage and truncation", () => {
  assertThrows(() => CryptosignKey.fromOpenSshPrivateKey("nope"), SyntaxError);
  const lines = (vectors.openssh.private_key_file as string).split("\n");
  const truncated = [...lines.slice(0, 3), lines.at(-1)!].join("\n");
  assertThrows(() => CryptosignKey.fromOpenSshPrivateKey(truncated), SyntaxError);
});

Deno.test("CryptosignKey.fromSignifyPrivateKey - the signify fixture pair", async () => {
  const key = CryptosignKey.fromSignifyPrivateKey(await fixture("signify.sec"));
  assertEquals(key.exportSeedHex(), vectors.signatures[1].private_key);
  assertEquals(key.publicKeyHex, parsePublicKey(await fixture("signify.pub")));
  assertEquals(key.comment, "signify secret key");
});

Deno.test("CryptosignKey.fromSignifyPrivateKey - rejects encrypted keys and bad checksums", async () => {
  const text = await fixture("signify.sec");
  const [comment, b64] = text.trim().split("\n");
  const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
  const encode = (b: Uint8Array): string => `${comment}\n${btoa(String.fromCharCode(...b))}\n`;
  const encrypted = Uint8Array.from(bytes);
  encrypted[7] = 42; // kdfrounds
  assertThrows(
    () => CryptosignKey.fromSignifyPrivateKey(encode(encrypted)),
    SyntaxError,
    "encrypted",
  );
  const corrupt = Uint8Array.from(bytes);
  corrupt[50]! ^= 1;
  assertThrows(() => CryptosignKey.fromSignifyPrivateKey(encode(corrupt)), SyntaxError, "checksum");
  assertThrows(() => CryptosignKey.fromSignifyPrivateKey("garbage"), SyntaxError);
});

Deno.test("parsePublicKey - hex, OpenSSH line (Autobahn vector) and signify", async () => {
  const pub = vectors.openssh.private_key_public;
  assertEquals(parsePublicKey(pub.toUpperCase()), pub);
  assertEquals(parsePublicKey(` ${pub}\n`), pub);
  assertEquals(
    parsePublicKey(vectors.openssh.public_key_line),
    vectors.openssh.public_key_line_hex,
  );
  assertEquals(
    parsePublicKey(await fixture("signify.pub")),
    CryptosignKey.fromSeed(vectors.signatures[1].private_key).publicKeyHex,
  );
});

Deno.test("parsePublicKey - rejects other key types and garbage", () => {
  // An ssh-rsa blob announced as ssh-ed25519.
  const rsa = "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x";
  assertThrows(() => parsePublicKey(rsa), SyntaxError);
  assertThrows(() => parsePublicKey("abc"), SyntaxError);
  assertThrows(() => parsePublicKey("untrusted comment: x\nAAAA\n"), SyntaxError);
});
