/**
 * A small command-line parser for the `wamp` CLI: long options
 * (`--name value`, `--name=value`, boolean `--flag`), short aliases, and
 * positionals; errors are {@linkcode UsageError}s (exit code 2).
 *
 * @module
 */

/** Exit codes of the `wamp` CLI. */
export const ExitCode = Object.freeze({
  /** Success. */
  OK: 0,
  /** A runtime failure (address in use, missing permission, ...). */
  FAILURE: 1,
  /** Bad command line. */
  USAGE: 2,
  /** Invalid configuration file. */
  CONFIG: 3,
});

/** A bad command line: the message is shown with the command's usage. */
export class UsageError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One option of a command. */
export interface OptionSpec {
  /** The long name, without dashes: `config`. */
  readonly name: string;
  /** A one-letter alias: `c`. */
  readonly alias?: string;
  /** `string` takes a value, `boolean` does not. */
  readonly type: "string" | "boolean";
  /** The allowed values of a string option. */
  readonly choices?: readonly string[];
  /** The placeholder shown in help: `FILE`. */
  readonly value?: string;
  /** Help text. */
  readonly description: string;
  /** Default value (shown in help). */
  readonly default?: string | boolean;
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** Option values by long name (defaults applied). */
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  /** Positional arguments. */
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `specs`. `--` ends options.
 *
 * @throws {UsageError} for an unknown option, a missing value or a bad choice.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options: Record<string, string | boolean | undefined> = {};
  for (const s of specs) if (s.default !== undefined) options[s.name] = s.default;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      spec = specs.find((s) => s.name === name);
      if (!spec) throw new UsageError(`Unknown option --${name}`);
    } else if (arg.startsWith("-") && arg.length === 2) {
      spec = specs.find((s) => s.alias === arg[1]);
      if (!spec) throw new UsageError(`Unknown option ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec.type === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw new UsageError(`Option --${spec.name} takes no value`);
      }
      options[spec.name] = inline !== "false";
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) {
      throw new UsageError(
        `Option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ""}`,
      );
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `Option --${spec.name} must be one of ${spec.choices.join(", ")}, got ${
          JSON.stringify(value)
        }`,
      );
    }
    options[spec.name] = value;
  }
  return { options, positionals };
}

/** Formats the options table of a command's help. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const left = `${s.alias ? `-${s.alias}, ` : "    "}--${s.name}${
      s.type === "string" ? ` ${s.value ?? "VALUE"}` : ""
    }`;
    const extra = [
      s.choices ? `one of ${s.choices.join("|")}` : "",
      s.default !== undefined && s.default !== false ? `default ${s.default}` : "",
    ].filter(Boolean).join("; ");
    return [left, s.description + (extra ? ` (${extra})` : "")];
  });
  const width = Math.max(...rows.map(([l]) => l!.length)) + 2;
  return rows.map(([l, r]) => `  ${l!.padEnd(width)}${r}`).join("\n");
}
