/**
 * What the `wamp` client commands (`call`, `publish`, `subscribe`,
 * `register`, `bench`) share: the connection and authentication flags,
 * JSON argument parsing, exit codes and connecting + joining through the
 * public Session/Component API.
 *
 * @module
 */
import {
  type AuthenticationConfig,
  buildJoinOptions,
  CallResult,
  Session,
  type SessionDetails,
} from "../component/mod.ts";
import { ApplicationError } from "../wamp/mod.ts";
import { connectTransport } from "../transport/mod.ts";
import type { SerializerName } from "../session/mod.ts";
import { ExitCode, type OptionSpec, type ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands/types.ts";

/** Exit codes of the client commands (a superset of {@linkcode ExitCode}). */
export const ClientExit = Object.freeze({
  ...ExitCode,
  /** The router could not be reached (refused, unreachable, handshake failed). */
  CONNECT: 4,
  /** The router refused the join (authentication failed, no such realm, ...). */
  JOIN_DENIED: 5,
});

/** The exit code section of every client command's help. */
export const EXIT_CODES_HELP = [
  "Exit codes:",
  "  0  ok",
  "  1  the call failed / an application error (error URI and args on stderr)",
  "  2  usage error",
  "  3  invalid configuration",
  "  4  could not connect to the router (refused, unreachable, timed out)",
  "  5  join denied (authentication failed, no such realm)",
].join("\n");

/** The help text on how arguments are parsed. */
export const ARGUMENTS_HELP = [
  "Arguments: each positional ARG and each --kw value is parsed as JSON when it",
  'parses (1, true, null, "x", [1,2], {"a":1}), else taken as a string. Use -- before',
  "arguments that start with a dash. --kw may be given several times.",
].join("\n");

/** The connection and authentication options of every client command. */
export const CLIENT_OPTIONS: readonly OptionSpec[] = [
  {
    name: "url",
    alias: "u",
    type: "string",
    value: "URL",
    description: "Router URL (ws://, wss://, rs://, rss://)",
    default: "ws://127.0.0.1:8080/ws",
  },
  {
    name: "realm",
    alias: "r",
    type: "string",
    value: "REALM",
    description: "Realm to join",
    default: "realm1",
  },
  {
    name: "serializer",
    alias: "s",
    type: "string",
    value: "NAME",
    choices: ["json", "msgpack", "cbor", "ubjson"],
    description: "Serializer to offer (default: all, preferring cbor)",
  },
  { name: "authid", type: "string", value: "ID", description: "Authentication ID" },
  { name: "authrole", type: "string", value: "ROLE", description: "Authentication role" },
  { name: "ticket", type: "string", value: "TICKET", description: "Ticket auth (needs --authid)" },
  {
    name: "secret",
    type: "string",
    value: "SECRET",
    description: "WAMP-CRA secret (needs --authid)",
  },
  {
    name: "private-key",
    type: "string",
    value: "HEX|FILE",
    description: "Cryptosign private key: 64 hex chars or a file written by 'wamp keygen'",
  },
  {
    name: "password",
    type: "string",
    value: "PASSWORD",
    description: "WAMP-SCRAM password (needs --authid)",
  },
  {
    name: "timeout",
    alias: "t",
    type: "string",
    value: "SECONDS",
    description: "Timeout for connecting, joining and each request",
    default: "10",
  },
];

/** The `--kw k=v` option (repeatable). */
export const KW_OPTION: OptionSpec = {
  name: "kw",
  alias: "k",
  type: "string",
  value: "KEY=VALUE",
  description: "A keyword argument; repeatable",
};

/** Options that may be given several times; {@linkcode collectRepeated} gathers them. */
export const REPEATABLE_OPTIONS: readonly OptionSpec[] = [KW_OPTION];

/** Parsed arguments plus every value of the repeatable options. */
export interface ClientParsedArgs extends ParsedArgs {
  /** All values of the repeatable options, in order, by long name. */
  readonly repeated?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Collects every value of the repeatable options in `specs` from `argv`
 * (the parser keeps only the last); `undefined` when `specs` has none.
 */
export function collectRepeated(
  argv: readonly string[],
  specs: readonly OptionSpec[],
): Record<string, string[]> | undefined {
  const repeatable = specs.filter((s) => REPEATABLE_OPTIONS.some((r) => r.name === s.name));
  if (repeatable.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const r of repeatable) out[r.name] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    for (const r of repeatable) {
      if (arg === `--${r.name}` || (r.alias && arg === `-${r.alias}`)) {
        const v = argv[i + 1];
        if (v !== undefined) out[r.name]!.push(v);
        i++;
      } else if (arg.startsWith(`--${r.name}=`)) {
        out[r.name]!.push(arg.slice(r.name.length + 3));
      }
    }
    // Skip the value of a string option so that it is not taken for a flag.
    const spec = specs.find((s) =>
      s.type === "string" && !REPEATABLE_OPTIONS.includes(s) &&
      (arg === `--${s.name}` || (s.alias !== undefined && arg === `-${s.alias}`))
    );
    if (spec) i++;
  }
  return out;
}

/** A usage error of a client command (exit code 2). */
export class ClientUsageError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "ClientUsageError";
  }
}

/** Parses one argument: JSON when it parses, else the string itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses `k=v` pairs into keyword arguments (values via {@linkcode parseValue}). */
export function parseKwargs(pairs: readonly string[]): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new ClientUsageError(`--kw needs KEY=VALUE, got ${JSON.stringify(pair)}`);
    }
    kwargs[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
  }
  return kwargs;
}

/** The `--kw` values of parsed arguments. */
export function kwPairs(args: ParsedArgs): readonly string[] {
  const repeated = (args as ClientParsedArgs).repeated?.kw;
  if (repeated) return repeated;
  const one = args.options.kw;
  return typeof one === "string" ? [one] : [];
}

/** Reads a positive number option (seconds); throws {@linkcode ClientUsageError}. */
export function numberOption(
  args: ParsedArgs,
  name: string,
  { integer = false, min = 0 }: { integer?: boolean; min?: number } = {},
): number | undefined {
  const raw = args.options[name];
  if (raw === undefined || raw === false) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n) || n < min) {
    throw new ClientUsageError(`--${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  if (integer && !Number.isInteger(n)) {
    throw new ClientUsageError(`--${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Connection settings from the shared flags. */
export interface ClientSettings {
  /** Router URL. */
  readonly url: string;
  /** Realm. */
  readonly realm: string;
  /** Offered serializers, or undefined for the default. */
  readonly serializers?: SerializerName[];
  /** Component-style authentication config. */
  readonly authentication?: AuthenticationConfig;
  /** Timeout in milliseconds (0: none). */
  readonly timeoutMs: number;
}

const DEFAULT_SERIALIZERS: SerializerName[] = ["cbor", "msgpack", "json"];

async function readPrivateKey(value: string): Promise<string> {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value;
  let text: string;
  try {
    text = await Deno.readTextFile(value);
  } catch (err) {
    throw new ClientUsageError(
      `--private-key is neither 64 hex characters nor a readable file: ${(err as Error).message}`,
    );
  }
  const hex = text.trim().split(/\s+/)[0] ?? "";
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ClientUsageError(`${value}: expected a 32-byte Ed25519 seed as 64 hex characters`);
  }
  return hex;
}

/** Builds the connection settings from the shared flags. */
export async function clientSettings(args: ParsedArgs): Promise<ClientSettings> {
  const o = args.options;
  const str = (name: string): string | undefined =>
    typeof o[name] === "string" ? o[name] as string : undefined;
  const url = str("url") ?? "ws://127.0.0.1:8080/ws";
  const realm = str("realm") ?? "realm1";
  const timeoutMs = Math.round((numberOption(args, "timeout") ?? 10) * 1000);
  const authid = str("authid");
  const authrole = str("authrole");
  const role = authrole !== undefined ? { authrole } : {};
  const authentication: Record<string, object> = {};
  const needId = (flag: string): string => {
    if (!authid) throw new ClientUsageError(`--${flag} needs --authid`);
    return authid;
  };
  const ticket = str("ticket");
  if (ticket !== undefined) {
    authentication.ticket = { authid: needId("ticket"), ticket, ...role };
  }
  const secret = str("secret");
  if (secret !== undefined) {
    authentication.wampcra = { authid: needId("secret"), secret, ...role };
  }
  const key = str("private-key");
  if (key !== undefined) {
    authentication.cryptosign = {
      privkey: await readPrivateKey(key),
      ...(authid !== undefined ? { authid } : {}),
      ...role,
    };
  }
  const password = str("password");
  if (password !== undefined) {
    authentication.scram = { authid: needId("password"), password, ...role };
  }
  if (Object.keys(authentication).length === 0) {
    authentication.anonymous = {
      ...(authid !== undefined ? { authid } : {}),
      ...role,
    };
  }
  const serializer = str("serializer") as SerializerName | undefined;
  return {
    url,
    realm,
    authentication: authentication as AuthenticationConfig,
    timeoutMs,
    ...(serializer ? { serializers: [serializer] } : {}),
  };
}

/** An error that carries the exit code to end with. */
export class ExitError extends Error {
  /** Creates the error. */
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "ExitError";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (ms <= 0) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects and joins. Throws {@linkcode ExitError} with exit code 4 when the
 * router cannot be reached and 5 when the join is denied.
 */
export async function connectClient(
  settings: ClientSettings,
  signal?: AbortSignal,
): Promise<{ session: Session; details: SessionDetails }> {
  const join = (() => {
    try {
      return buildJoinOptions(settings.authentication);
    } catch (err) {
      throw new ClientUsageError((err as Error).message);
    }
  })();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let transport;
  try {
    transport = await withTimeout(
      connectTransport(settings.url, {
        serializers: settings.serializers ?? DEFAULT_SERIALIZERS,
        signal: controller.signal,
      }),
      settings.timeoutMs,
      "connecting",
    );
  } catch (err) {
    controller.abort();
    throw new ExitError(
      ClientExit.CONNECT,
      `could not connect to ${settings.url}: ${(err as Error)?.message ?? err}`,
    );
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  const session = new Session(transport, { closeTransportOnLeave: true });
  try {
    const { verifyWelcome, ...joinOptions } = join;
    const details = await withTimeout(
      session.join(settings.realm, joinOptions),
      settings.timeoutMs,
      "joining",
    );
    verifyWelcome?.(details.authmethod, details.authextra);
    return { session, details };
  } catch (err) {
    await session.leave().catch(() => {});
    await transport.close().catch(() => {});
    if (err instanceof ApplicationError) {
      throw new ExitError(
        ClientExit.JOIN_DENIED,
        `join of realm ${JSON.stringify(settings.realm)} at ${settings.url} denied: ${err.error}${
          err.args.length ? ` ${toJson(err.args)}` : ""
        }`,
      );
    }
    const message = (err as Error)?.message ?? String(err);
    if (/timed out/.test(message)) {
      throw new ExitError(ClientExit.CONNECT, `${settings.url}: ${message}`);
    }
    throw new ExitError(
      ClientExit.JOIN_DENIED,
      `join of realm ${JSON.stringify(settings.realm)} at ${settings.url} failed: ${message}`,
    );
  }
}

/** JSON for output: binary as an array of bytes, bigints as numbers/strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v instanceof Uint8Array) return Array.from(v);
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
    return v;
  }) ?? "null";
}

/** Renders a call result: a single value as JSON, a CallResult as `{args, kwargs}`. */
export function formatResult(value: unknown): string {
  if (value instanceof CallResult) return toJson({ args: value.args, kwargs: value.kwargs });
  return toJson(value ?? null);
}

/** Prints an application error to stderr (URI, then args/kwargs as JSON). */
export function reportError(ctx: CommandContext, command: string, err: unknown): number {
  if (err instanceof ApplicationError) {
    ctx.err(`wamp ${command}: error ${err.error}`);
    if (err.args.length || Object.keys(err.kwargs).length) {
      ctx.err(toJson({ args: err.args, kwargs: err.kwargs }));
    }
    return ClientExit.FAILURE;
  }
  ctx.err(`wamp ${command}: ${(err as Error)?.message ?? err}`);
  return ClientExit.FAILURE;
}

/**
 * Runs a client command body with a joined session: usage errors exit 2,
 * connection failures 4, denied joins 5; the session is left afterwards.
 */
export async function withClient(
  command: string,
  args: ParsedArgs,
  ctx: CommandContext,
  body: (session: Session, settings: ClientSettings) => Promise<number>,
): Promise<number> {
  let settings: ClientSettings;
  try {
    settings = await clientSettings(args);
  } catch (err) {
    if (err instanceof ClientUsageError) {
      ctx.err(`wamp ${command}: ${err.message}`);
      return ClientExit.USAGE;
    }
    throw err;
  }
  let session: Session;
  try {
    ({ session } = await connectClient(settings, ctx.signal));
  } catch (err) {
    if (err instanceof ExitError) {
      ctx.err(`wamp ${command}: ${err.message}`);
      return err.code;
    }
    if (err instanceof ClientUsageError) {
      ctx.err(`wamp ${command}: ${err.message}`);
      return ClientExit.USAGE;
    }
    throw err;
  }
  try {
    return await body(session, settings);
  } catch (err) {
    if (err instanceof ClientUsageError) {
      ctx.err(`wamp ${command}: ${err.message}`);
      return ClientExit.USAGE;
    }
    return reportError(ctx, command, err);
  } finally {
    await session.leave().catch(() => {});
  }
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}
