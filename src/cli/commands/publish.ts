/**
 * `wamp publish URI [ARG…] [--kw KEY=VALUE…] [--acknowledge]`: publishes an
 * event.
 *
 * @module
 */
import {
  ARGUMENTS_HELP,
  CLIENT_OPTIONS,
  ClientExit,
  ClientUsageError,
  EXIT_CODES_HELP,
  KW_OPTION,
  kwPairs,
  parseKwargs,
  parseValue,
  toJson,
  withClient,
} from "../client_options.ts";
import type { Command } from "./types.ts";

/** The `publish` command. */
export const publishCommand: Command = {
  name: "publish",
  summary: "Publish an event to a topic",
  usage: "publish URI [ARG...] [--kw KEY=VALUE...] [--acknowledge] [options]",
  help: "With --acknowledge, waits for the broker and prints the publication ID\n" +
    'as {"publication":ID}; a refused publication exits with 1.\n\n' + ARGUMENTS_HELP +
    "\n\n" + EXIT_CODES_HELP,
  options: [
    KW_OPTION,
    {
      name: "acknowledge",
      alias: "a",
      type: "boolean",
      description: "Ask the broker to acknowledge and print the publication ID",
    },
    {
      name: "exclude-me",
      type: "boolean",
      description: "Do not deliver the event to this session (default true)",
      default: true,
    },
    ...CLIENT_OPTIONS,
  ],
  run(args, ctx) {
    const [uri, ...rest] = args.positionals;
    let kwargs: Record<string, unknown>;
    try {
      if (!uri) throw new ClientUsageError("missing the topic URI");
      kwargs = parseKwargs(kwPairs(args));
    } catch (err) {
      ctx.err(`wamp publish: ${(err as Error).message}`);
      return Promise.resolve(ClientExit.USAGE);
    }
    const excludeMe = args.options["exclude-me"] !== false;
    return withClient("publish", args, ctx, async (session) => {
      const values = rest.map(parseValue);
      if (args.options.acknowledge === true) {
        const pub = await session.publish(uri, values, kwargs, {
          acknowledge: true,
          excludeMe,
        });
        ctx.out(toJson({ publication: pub.id }));
      } else {
        session.publish(uri, values, kwargs, { excludeMe });
      }
      return ClientExit.OK;
    });
  },
};
