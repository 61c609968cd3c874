import { assertEquals, assertStringIncludes } from "../../_assert.ts";

Deno.test("Serializers - CBOR and MessagePack work in a process with no permissions", async () => {
  const fixture = new URL("./_no_permissions_fixture.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", fixture.pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, stderr);
  assertStringIncludes(new TextDecoder().decode(out.stdout), "serializers ok");
});
