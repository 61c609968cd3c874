/**
 * `wamp keygen`: makes a WAMP-Cryptosign (Ed25519) key pair. Without
 * `--out` it prints the private seed and the public key as hex; with
 * `--out PREFIX` it writes the seed to `PREFIX` (mode 0600) and the public
 * key to `PREFIX.pub`, and prints only the public key.
 *
 * @module
 */
import { CryptosignKey } from "../../auth/keys.ts";
import { ExitCode } from "../args.ts";
import type { Command } from "./types.ts";

/** Writes `text` to a new file only the owner may read (refuses to overwrite). */
async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const file = await Deno.open(path, { write: true, createNew: true, mode });
  try {
    // `mode` is filtered by the umask on creation; set it exactly.
    if (Deno.build.os !== "windows") await Deno.chmod(path, mode);
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    bytes.fill(0);
  } finally {
    file.close();
  }
}

/** The `keygen` command. */
export const keygenCommand: Command = {
  name: "keygen",
  summary: "Generate a WAMP-Cryptosign (Ed25519) key pair",
  usage: "keygen [--out PREFIX]",
  help: "Without --out, prints the private key (32-byte seed) and the public key as hex.\n" +
    "With --out, writes the seed hex to PREFIX (mode 0600) and the public key hex to\n" +
    "PREFIX.pub (mode 0644), refusing to overwrite existing files.\n" +
    "Use the private key as the client's cryptosign privkey and put the public key\n" +
    "into the router's authorized_keys.",
  options: [
    {
      name: "out",
      alias: "o",
      type: "string",
      value: "PREFIX",
      description: "Write the private key to PREFIX and the public key to PREFIX.pub",
    },
  ],
  async run(args, ctx) {
    if (args.positionals.length > 0) {
      ctx.err(`wamp keygen: unexpected argument ${JSON.stringify(args.positionals[0])}`);
      return ExitCode.USAGE;
    }
    const out = args.options.out;
    if (out !== undefined && (typeof out !== "string" || out === "")) {
      ctx.err("wamp keygen: --out needs a file name prefix");
      return ExitCode.USAGE;
    }
    const key = CryptosignKey.generate();
    try {
      const pub = key.publicKeyHex;
      if (out === undefined) {
        ctx.out(`private key: ${key.exportSeedHex()}`);
        ctx.out(`public key:  ${pub}`);
        return ExitCode.OK;
      }
      try {
        await writeNew(out, `${key.exportSeedHex()}\n`, 0o600);
      } catch (err) {
        ctx.err(`wamp keygen: cannot write ${out}: ${(err as Error).message}`);
        return ExitCode.FAILURE;
      }
      try {
        await writeNew(`${out}.pub`, `${pub}\n`, 0o644);
      } catch (err) {
        await Deno.remove(out).catch(() => {});
        ctx.err(`wamp keygen: cannot write ${out}.pub: ${(err as Error).message}`);
        return ExitCode.FAILURE;
      }
      ctx.out(`wrote ${out} (private key, mode 0600) and ${out}.pub`);
      ctx.out(`public key: ${pub}`);
      return ExitCode.OK;
    } finally {
      key.destroy();
    }
  },
};
