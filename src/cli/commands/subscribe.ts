/**
 * `wamp subscribe URI [--match prefix|wildcard] [--count N]`: prints one
 * JSON line per event until Ctrl-C / SIGTERM (or N events).
 *
 * @module
 */
import {
  aborted,
  CLIENT_OPTIONS,
  ClientExit,
  ClientUsageError,
  EXIT_CODES_HELP,
  numberOption,
  toJson,
  withClient,
} from "../client_options.ts";
import type { MatchPolicy } from "../../session/mod.ts";
import type { Command } from "./types.ts";

/** The `subscribe` command. */
export const subscribeCommand: Command = {
  name: "subscribe",
  summary: "Subscribe to a topic and print events as JSON lines",
  usage: "subscribe URI [--match prefix|wildcard] [--count N] [options]",
  help: 'Each event is one line on stdout: {"topic":URI,"args":[...],"kwargs":{...}}\n' +
    '(plus "publisher" when disclosed). Runs until Ctrl-C / SIGTERM, or until\n' +
    "--count events arrived. 'subscribed to URI' goes to stderr once ready.\n\n" +
    EXIT_CODES_HELP,
  options: [
    {
      name: "match",
      alias: "m",
      type: "string",
      value: "POLICY",
      choices: ["exact", "prefix", "wildcard"],
      description: "Topic matching policy",
      default: "exact",
    },
    {
      name: "count",
      alias: "n",
      type: "string",
      value: "N",
      description: "Exit after N events",
    },
    ...CLIENT_OPTIONS,
  ],
  run(args, ctx) {
    const [uri, ...extra] = args.positionals;
    let count: number | undefined;
    try {
      if (!uri) throw new ClientUsageError("missing the topic URI");
      if (extra.length) {
        throw new ClientUsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
      }
      count = numberOption(args, "count", { integer: true, min: 1 });
    } catch (err) {
      ctx.err(`wamp subscribe: ${(err as Error).message}`);
      return Promise.resolve(ClientExit.USAGE);
    }
    const match = (args.options.match ?? "exact") as MatchPolicy;
    return withClient("subscribe", args, ctx, async (session) => {
      let received = 0;
      let done!: () => void;
      const enough = new Promise<void>((resolve) => done = resolve);
      const sub = await session.subscribe(uri, (a, kw, details) => {
        if (count !== undefined && received >= count) return;
        received++;
        ctx.out(toJson({
          topic: details.topic ?? uri,
          args: a,
          kwargs: kw,
          ...(details.publisher !== undefined ? { publisher: details.publisher } : {}),
        }));
        if (count !== undefined && received >= count) done();
      }, { match });
      ctx.err(`wamp subscribe: subscribed to ${uri}`);
      await Promise.race([enough, aborted(ctx.signal), sub.ended]);
      if (session.isJoined) await sub.unsubscribe().catch(() => {});
      if (!session.isJoined) {
        ctx.err("wamp subscribe: the session ended");
        return ClientExit.FAILURE;
      }
      return ClientExit.OK;
    });
  },
};
