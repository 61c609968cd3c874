import { assert, assertStringIncludes } from "../_assert.ts";
import { unixRoundTrips } from "./_unix_child.ts";

const path = `/tmp/autobahn-ts-rs-${crypto.randomUUID().slice(0, 8)}.sock`;
const net = await Deno.permissions.query({ name: "net", host: `unix:${path}` });

Deno.test("RawSocketTransport - every serializer over a Unix socket (rs://unix:/path)", async () => {
  if (net.state === "granted") {
    await unixRoundTrips(path);
    return;
  }
  // --allow-net=127.0.0.1,localhost does not cover unix:<path>: run the same
  // round trips in a child granted just that socket.
  const child = new URL("./_unix_child.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-read",
      "--allow-write=/tmp",
      `--allow-net=unix:${path}`,
      child,
      path,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert(out.success, text);
  assertStringIncludes(text, "unix round trips ok");
});
