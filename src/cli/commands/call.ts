/**
 * `wamp call URI [ARG…] [--kw KEY=VALUE…]`: calls a procedure and prints the
 * result as JSON.
 *
 * @module
 */
import {
  ARGUMENTS_HELP,
  CLIENT_OPTIONS,
  ClientExit,
  ClientUsageError,
  EXIT_CODES_HELP,
  formatResult,
  KW_OPTION,
  kwPairs,
  parseKwargs,
  parseValue,
  withClient,
} from "../client_options.ts";
import type { Command } from "./types.ts";

/** The `call` command. */
export const callCommand: Command = {
  name: "call",
  summary: "Call a procedure and print the result as JSON",
  usage: "call URI [ARG...] [--kw KEY=VALUE...] [options]",
  help: "Prints the result on stdout: a single value as JSON, several values as\n" +
    '{"args":[...],"kwargs":{...}}, no value as null.\n\n' + ARGUMENTS_HELP + "\n\n" +
    EXIT_CODES_HELP,
  options: [KW_OPTION, ...CLIENT_OPTIONS],
  run(args, ctx) {
    const [uri, ...rest] = args.positionals;
    let kwargs: Record<string, unknown>;
    try {
      if (!uri) throw new ClientUsageError("missing the procedure URI");
      kwargs = parseKwargs(kwPairs(args));
    } catch (err) {
      ctx.err(`wamp call: ${(err as Error).message}`);
      return Promise.resolve(ClientExit.USAGE);
    }
    return withClient("call", args, ctx, async (session, settings) => {
      const result = await session.call(uri, rest.map(parseValue), kwargs, {
        ...(settings.timeoutMs > 0 ? { timeout: settings.timeoutMs } : {}),
        signal: ctx.signal,
      });
      ctx.out(formatResult(result));
      return ClientExit.OK;
    });
  },
};
