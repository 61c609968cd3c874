/**
 * What a `wamp` CLI command is: a name, help, options and a `run` that
 * returns an exit code. Add a command by adding one to `COMMANDS` in
 * `src/cli/main.ts`.
 *
 * @module
 */
import type { OptionSpec, ParsedArgs } from "../args.ts";

/** What a command may use of the process. */
export interface CommandContext {
  /** Writes a line to standard output. */
  out(line: string): void;
  /** Writes a line to standard error. */
  err(line: string): void;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
}

/** One CLI command. */
export interface Command {
  /** The command word: `router`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line after `wamp`: `router [--config FILE]`. */
  readonly usage: string;
  /** More help text (after the options), if any. */
  readonly help?: string;
  /** The options. */
  readonly options: readonly OptionSpec[];
  /** Runs the command; resolves to the exit code. */
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}
