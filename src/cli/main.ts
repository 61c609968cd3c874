/**
 * The `wamp` command-line tool: `deno task wamp <command> [options]`.
 * Commands: `router`, `call`, `publish`, `subscribe`, `register`, `bench`, `keygen`,
 * `cra-derive`, `scram-derive`. Add one by adding it to {@linkcode COMMANDS}.
 *
 * @module
 */
import { ExitCode, formatOptions, parseArgs, UsageError } from "./args.ts";
import type { Command, CommandContext } from "./commands/types.ts";
import { routerCommand } from "./commands/router.ts";
import { keygenCommand } from "./commands/keygen.ts";
import { craDeriveCommand, scramDeriveCommand } from "./commands/derive.ts";
import { callCommand } from "./commands/call.ts";
import { publishCommand } from "./commands/publish.ts";
import { subscribeCommand } from "./commands/subscribe.ts";
import { registerCommand } from "./commands/register.ts";
import { benchCommand } from "./commands/bench.ts";
import { type ClientParsedArgs, collectRepeated } from "./client_options.ts";
import { onTerminationSignal } from "../component/run.ts";

/** Every command, by name. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  [
    routerCommand,
    callCommand,
    publishCommand,
    subscribeCommand,
    registerCommand,
    benchCommand,
    keygenCommand,
    craDeriveCommand,
    scramDeriveCommand,
  ].map((c) => [c.name, c]),
);

const HELP_OPTION = {
  name: "help",
  alias: "h",
  type: "boolean",
  description: "Show this help",
} as const;

function mainHelp(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((n) => n.length)) + 2;
  return [
    "Usage: wamp <command> [options]",
    "",
    "Commands:",
    ...[...COMMANDS.values()].map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run 'wamp <command> --help' for a command's options.",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [
    `Usage: wamp ${c.usage}`,
    "",
    c.summary,
    "",
    "Options:",
    formatOptions([...c.options, HELP_OPTION]),
    ...(c.help ? ["", c.help] : []),
  ].join("\n");
}

/**
 * Runs the CLI with `argv` (without the program name).
 *
 * @returns The exit code.
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? context.err : context.out)(mainHelp());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    context.err(`wamp: unknown command ${JSON.stringify(name)}\n\n${mainHelp()}`);
    return ExitCode.USAGE;
  }
  let args;
  try {
    args = parseArgs(rest, [...command.options, HELP_OPTION]);
  } catch (err) {
    if (err instanceof UsageError) {
      context.err(`wamp ${name}: ${err.message}\n\n${commandHelp(command)}`);
      return ExitCode.USAGE;
    }
    throw err;
  }
  if (args.options.help) {
    context.out(commandHelp(command));
    return ExitCode.OK;
  }
  // Options that may repeat (`--kw`) keep every value, not only the last.
  const repeated = collectRepeated(rest, command.options);
  const full: ClientParsedArgs = repeated ? { ...args, repeated } : args;
  return await command.run(full, context);
}

if (import.meta.main) {
  const controller = new AbortController();
  const removeSignals = onTerminationSignal(() => controller.abort());
  let code: number;
  try {
    code = await main(Deno.args, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      signal: controller.signal,
    });
  } catch (err) {
    console.error(`wamp: ${(err as Error)?.stack ?? err}`);
    code = ExitCode.FAILURE;
  }
  removeSignals();
  Deno.exit(code);
}
