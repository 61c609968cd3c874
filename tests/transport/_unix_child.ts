// Run by unix_transport_test.ts in a subprocess that may use the Unix socket
// at Deno.args[0]: every serializer round-trips over RawSocket on it.
import { assertEquals } from "../_assert.ts";
import { echo, rawSocketPair, Recorder, sampleMessages, wire } from "./_helpers.ts";

export async function unixRoundTrips(path: string): Promise<void> {
  for (const name of ["json", "msgpack", "cbor", "ubjson"] as const) {
    const pair = await rawSocketPair("unix", { serializers: [name] }, {}, path);
    try {
      assertEquals(pair.client.details.channel, "unix");
      assertEquals(pair.server.details.peer.startsWith("unix:"), true);
      assertEquals(pair.client.details.url, `rs://unix:${path}`);
      assertEquals(pair.client.details.serializer, name);
      echo(pair.server);
      const client = new Recorder();
      pair.client.setHandler(client);
      const msgs = sampleMessages();
      for (const m of msgs) pair.client.send(m);
      assertEquals(wire(await client.take(msgs.length)), wire(msgs));
    } finally {
      await pair.close();
    }
  }
}

if (import.meta.main) {
  await unixRoundTrips(Deno.args[0]!);
  console.log("unix round trips ok");
}
