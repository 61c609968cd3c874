// WAMP-Cryptosign: "alice" signs the router's challenge with her Ed25519
// key. The key file next to this example is an EXAMPLE key (published, not
// secret); make your own with `deno task wamp keygen --out alice.key`.
import { authComponent, type AuthExampleOptions, main } from "./_auth_common.ts";

/** Reads a hex seed file, skipping `#` comment lines. */
export async function readSeed(path: string | URL): Promise<string> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).join("");
}

const KEY_FILE = new URL("./alice.EXAMPLE.key", import.meta.url);

export async function cryptosign(o: AuthExampleOptions) {
  const privkey = await readSeed(KEY_FILE);
  return authComponent(o, { cryptosign: { authid: "alice", privkey } });
}

if (import.meta.main) {
  const comp = await cryptosign({
    url: Deno.args[0] ?? "ws://127.0.0.1:8080/ws",
    realm: Deno.args[1] ?? "realm1",
    log: console.log,
  });
  await main(() => comp);
}
