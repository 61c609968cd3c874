/**
 * `wamp register URI [--exec CMD]`: registers a procedure answered by a
 * shell command per invocation, or by a built-in echo.
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
  parseValue,
  toJson,
  withClient,
} from "../client_options.ts";
import { ApplicationError, CallResult, type MatchPolicy } from "../../session/mod.ts";
import type { Command } from "./types.ts";

/** The error URI of an `--exec` command that exits non-zero. */
export const EXEC_FAILED = "autobahn.cli.exec_failed";

/**
 * Runs `cmd` through the shell for one invocation: the positional arguments
 * as a JSON array on stdin and as JSON strings in `$1…`, the keyword
 * arguments in `WAMP_KWARGS` and the procedure in `WAMP_PROCEDURE`. Stdout
 * is the result (JSON when it parses, else text); a non-zero exit is an
 * {@linkcode ApplicationError} `autobahn.cli.exec_failed` with the exit code and
 * stderr.
 */
export async function runExec(
  cmd: string,
  procedure: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<unknown> {
  const windows = Deno.build.os === "windows";
  const argv = args.map((a) => toJson(a));
  const child = new Deno.Command(windows ? "cmd" : "sh", {
    args: windows ? ["/c", cmd, ...argv] : ["-c", cmd, "wamp", ...argv],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { WAMP_PROCEDURE: procedure, WAMP_KWARGS: toJson(kwargs) },
    ...(signal ? { signal } : {}),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(toJson(args) + "\n")).catch(() => {});
  await writer.close().catch(() => {});
  const { code, stdout, stderr } = await child.output();
  const out = new TextDecoder().decode(stdout).trim();
  if (code !== 0) {
    throw new ApplicationError(EXEC_FAILED, [
      `command exited with code ${code}`,
      new TextDecoder().decode(stderr).trim(),
    ], { exitCode: code, stdout: out });
  }
  return out === "" ? undefined : parseValue(out);
}

/** The `register` command. */
export const registerCommand: Command = {
  name: "register",
  summary: "Register a procedure run by a shell command (or a built-in echo)",
  usage: "register URI [--exec CMD] [--count N] [options]",
  help: "With --exec, each invocation runs CMD with 'sh -c' (needs --allow-run): the\n" +
    "args as a JSON array on stdin and as JSON strings in $1..., kwargs as JSON in\n" +
    "$WAMP_KWARGS, the procedure in $WAMP_PROCEDURE. Its stdout (JSON, else text)\n" +
    "is the result; a non-zero exit returns the error autobahn.cli.exec_failed.\n" +
    "Without --exec, a built-in echo returns the call's args and kwargs.\n" +
    "'registered URI' goes to stderr once ready; runs until Ctrl-C / SIGTERM.\n\n" +
    EXIT_CODES_HELP,
  options: [
    {
      name: "exec",
      alias: "e",
      type: "string",
      value: "CMD",
      description: "Shell command answering each invocation",
    },
    {
      name: "match",
      alias: "m",
      type: "string",
      value: "POLICY",
      choices: ["exact", "prefix", "wildcard"],
      description: "Procedure matching policy",
      default: "exact",
    },
    {
      name: "count",
      alias: "n",
      type: "string",
      value: "N",
      description: "Exit after answering N invocations",
    },
    ...CLIENT_OPTIONS,
  ],
  run(args, ctx) {
    const [uri, ...extra] = args.positionals;
    let count: number | undefined;
    const exec = args.options.exec;
    try {
      if (!uri) throw new ClientUsageError("missing the procedure URI");
      if (extra.length) {
        throw new ClientUsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
      }
      if (exec !== undefined && (typeof exec !== "string" || exec.trim() === "")) {
        throw new ClientUsageError("--exec needs a command");
      }
      count = numberOption(args, "count", { integer: true, min: 1 });
    } catch (err) {
      ctx.err(`wamp register: ${(err as Error).message}`);
      return Promise.resolve(ClientExit.USAGE);
    }
    const match = (args.options.match ?? "exact") as MatchPolicy;
    return withClient("register", args, ctx, async (session) => {
      let answered = 0;
      let done!: () => void;
      const enough = new Promise<void>((resolve) => done = resolve);
      const finish = () => {
        answered++;
        if (count !== undefined && answered >= count) setTimeout(done, 0);
      };
      const reg = await session.register(uri, async (a, kw, details) => {
        try {
          if (typeof exec === "string") {
            return await runExec(exec, details.procedure ?? uri, a, kw, details.signal);
          }
          return new CallResult(a, kw);
        } catch (err) {
          if (err instanceof ApplicationError) throw err;
          if (
            err instanceof Deno.errors.NotCapable || err instanceof Deno.errors.PermissionDenied
          ) {
            ctx.err(
              `wamp register: cannot run --exec: ${(err as Error).message} (run with --allow-run)`,
            );
          }
          throw new ApplicationError(EXEC_FAILED, [(err as Error)?.message ?? String(err)]);
        } finally {
          finish();
        }
      }, { match });
      ctx.err(`wamp register: registered ${uri}`);
      await Promise.race([enough, aborted(ctx.signal), reg.ended]);
      if (!session.isJoined) {
        ctx.err("wamp register: the session ended");
        return ClientExit.FAILURE;
      }
      await reg.unregister().catch(() => {});
      return ClientExit.OK;
    });
  },
};
