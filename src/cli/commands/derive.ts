/**
 * `wamp cra-derive` and `wamp scram-derive`: router config entries from a
 * password, so the router never stores the password itself.
 *
 * - `cra-derive` prints a WAMP-CRA user for `auth.wampcra.users`: a random
 *   salt, `iterations`, `keylen`, and `secret` = base64(PBKDF2-HMAC-SHA256(
 *   password, salt, iterations, keylen)) (as Crossbar expects it).
 * - `scram-derive` prints a WAMP-SCRAM principal for `auth.scram.principals`
 *   (`kdf`, `iterations`, `memory`, `salt`, `stored-key`, `server-key`).
 *
 * The password comes from `--password`, or (better: it stays out of the
 * process list and shell history) from the environment variable named by
 * `--password-env`. Output is JSON `{"<authid>": {...}}`, ready to paste.
 *
 * @module
 */
import { deriveKey } from "../../auth/wampcra.ts";
import { scramDerive } from "../../auth/scram.ts";
import type { OptionSpec, ParsedArgs } from "../args.ts";
import { ExitCode } from "../args.ts";
import type { Command, CommandContext } from "./types.ts";

/** Default PBKDF2 iterations of `cra-derive`. */
export const CRA_DEFAULT_ITERATIONS = 1000;
/** Default derived key length (octets) of `cra-derive`. */
export const CRA_DEFAULT_KEYLEN = 32;

/** Default Argon2id iterations of `scram-derive` (OWASP: t=2, m=19 MiB). */
export const SCRAM_ARGON_ITERATIONS = 2;
/** Default Argon2id memory (KiB) of `scram-derive`. */
export const SCRAM_ARGON_MEMORY = 19_456;
/** Default PBKDF2 iterations of `scram-derive`. */
export const SCRAM_PBKDF2_ITERATIONS = 100_000;

const COMMON: readonly OptionSpec[] = [
  {
    name: "authid",
    alias: "u",
    type: "string",
    value: "AUTHID",
    description: "The principal's authid (the JSON key)",
  },
  {
    name: "role",
    alias: "r",
    type: "string",
    value: "ROLE",
    default: "user",
    description: "The authrole",
  },
  {
    name: "password",
    alias: "p",
    type: "string",
    value: "PASSWORD",
    description: "The password (prefer --password-env)",
  },
  {
    name: "password-env",
    type: "string",
    value: "NAME",
    description: "Read the password from environment variable NAME",
  },
  {
    name: "salt",
    type: "string",
    value: "SALT",
    description: "The salt (cra-derive: text, default 16 random bytes base64; scram-derive: hex)",
  },
  {
    name: "iterations",
    alias: "i",
    type: "string",
    value: "N",
    description: "KDF iterations",
  },
];

function randomSalt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function positiveInt(
  value: unknown,
  name: string,
  fallback: number,
  max: number,
): number | string {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    return `--${name} must be an integer 1-${max}, got ${JSON.stringify(value)}`;
  }
  return n;
}

interface Common {
  authid: string;
  role: string;
  password: string;
  salt: string;
}

/** Reads the options every derive command shares; returns an error message on misuse. */
function common(command: string, args: ParsedArgs, ctx: CommandContext): Common | undefined {
  const o = args.options;
  const usage = (m: string) => {
    ctx.err(`wamp ${command}: ${m}`);
    return undefined;
  };
  if (args.positionals.length > 0) {
    return usage(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  }
  if (typeof o.authid !== "string" || o.authid === "") return usage("--authid is required");
  if (typeof o.role !== "string" || o.role === "") return usage("--role must not be empty");
  let password: string | undefined;
  if (o.password !== undefined && o["password-env"] !== undefined) {
    return usage("give --password or --password-env, not both");
  }
  if (typeof o.password === "string") password = o.password;
  else if (typeof o["password-env"] === "string") {
    password = Deno.env.get(o["password-env"]);
    if (password === undefined) {
      return usage(`environment variable ${o["password-env"]} is not set`);
    }
  }
  if (password === undefined || password === "") {
    return usage("a password is required (--password or --password-env)");
  }
  const salt = typeof o.salt === "string" && o.salt !== "" ? o.salt : randomSalt();
  return { authid: o.authid, role: o.role, password, salt };
}

function print(ctx: CommandContext, authid: string, entry: Record<string, unknown>): void {
  ctx.out(JSON.stringify({ [authid]: entry }, null, 2));
}

/** The `cra-derive` command. */
export const craDeriveCommand: Command = {
  name: "cra-derive",
  summary: "Print a salted WAMP-CRA user entry (auth.wampcra.users) for a password",
  usage: "cra-derive --authid AUTHID (--password PW | --password-env NAME) [--role ROLE] " +
    "[--salt SALT] [--iterations N] [--keylen N]",
  help: "The entry's secret is base64(PBKDF2-HMAC-SHA256(password, salt, iterations, keylen)),\n" +
    "the derived key a Crossbar-style router stores for a salted WAMP-CRA user. Clients\n" +
    `keep using the password. Defaults: ${CRA_DEFAULT_ITERATIONS} iterations, keylen ${CRA_DEFAULT_KEYLEN}.`,
  options: [
    ...COMMON,
    {
      name: "keylen",
      alias: "k",
      type: "string",
      value: "N",
      description: "Derived key length in octets",
    },
  ],
  run(args, ctx) {
    const c = common("cra-derive", args, ctx);
    if (!c) return Promise.resolve(ExitCode.USAGE);
    const iterations = positiveInt(
      args.options.iterations,
      "iterations",
      CRA_DEFAULT_ITERATIONS,
      100_000_000,
    );
    const keylen = positiveInt(args.options.keylen, "keylen", CRA_DEFAULT_KEYLEN, 1024);
    for (const v of [iterations, keylen]) {
      if (typeof v === "string") {
        ctx.err(`wamp cra-derive: ${v}`);
        return Promise.resolve(ExitCode.USAGE);
      }
    }
    const secret = deriveKey(c.password, c.salt, iterations as number, keylen as number);
    print(ctx, c.authid, {
      secret,
      role: c.role,
      salt: c.salt,
      iterations,
      keylen,
    });
    return Promise.resolve(ExitCode.OK);
  },
};

/** The `scram-derive` command. */
export const scramDeriveCommand: Command = {
  name: "scram-derive",
  summary: "Print a WAMP-SCRAM principal entry (auth.scram.principals) for a password",
  usage: "scram-derive --authid AUTHID (--password PW | --password-env NAME) [--role ROLE] " +
    "[--kdf argon2id-13|pbkdf2] [--salt SALT] [--iterations N] [--memory KIB]",
  help:
    "Stores only the salted verifier data (stored-key, server-key; hex), never the password.\n" +
    `Defaults: argon2id-13 with ${SCRAM_ARGON_ITERATIONS} iterations and ${SCRAM_ARGON_MEMORY} KiB; ` +
    `pbkdf2 with ${SCRAM_PBKDF2_ITERATIONS} iterations.\n` +
    "--salt is hex here (default: 16 random bytes).",
  options: [
    ...COMMON,
    {
      name: "kdf",
      type: "string",
      value: "KDF",
      choices: ["argon2id-13", "pbkdf2"],
      default: "argon2id-13",
      description: "The key derivation function",
    },
    {
      name: "memory",
      alias: "m",
      type: "string",
      value: "KIB",
      description: "Argon2 memory in KiB (argon2id-13)",
    },
  ],
  run(args, ctx) {
    const c = common("scram-derive", args, ctx);
    if (!c) return Promise.resolve(ExitCode.USAGE);
    const kdf = args.options.kdf === "pbkdf2" ? "pbkdf2" : "argon2id-13";
    const iterations = positiveInt(
      args.options.iterations,
      "iterations",
      kdf === "pbkdf2" ? SCRAM_PBKDF2_ITERATIONS : SCRAM_ARGON_ITERATIONS,
      kdf === "pbkdf2" ? 100_000_000 : 100_000,
    );
    const memory = positiveInt(args.options.memory, "memory", SCRAM_ARGON_MEMORY, 4_194_304);
    for (const v of [iterations, memory]) {
      if (typeof v === "string") {
        ctx.err(`wamp scram-derive: ${v}`);
        return Promise.resolve(ExitCode.USAGE);
      }
    }
    let salt: Uint8Array | undefined;
    if (typeof args.options.salt === "string") {
      if (!/^([0-9a-fA-F]{2})+$/.test(args.options.salt)) {
        ctx.err("wamp scram-derive: --salt must be hex");
        return Promise.resolve(ExitCode.USAGE);
      }
      salt = Uint8Array.from(
        args.options.salt.match(/../g)!.map((h) => parseInt(h, 16)),
      );
    }
    const cred = scramDerive(c.password, {
      kdf,
      iterations: iterations as number,
      ...(kdf === "pbkdf2" ? {} : { memory: memory as number }),
      ...(salt ? { salt } : {}),
    });
    print(ctx, c.authid, {
      role: c.role,
      kdf: cred.kdf,
      iterations: cred.iterations,
      ...(cred.memory != null ? { memory: cred.memory } : {}),
      salt: cred.salt,
      "stored-key": cred["stored-key"],
      "server-key": cred["server-key"],
    });
    return Promise.resolve(ExitCode.OK);
  },
};
