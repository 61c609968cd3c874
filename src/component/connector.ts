/**
 * The components' default connector on Deno and Bun: `connectTransport` (our
 * WebSocket engine, RawSocket over TCP, TLS and Unix sockets, WebSocket over
 * a given `endpoint`), installed for every `Component` when this
 * module loads, together with the client-side authentication methods
 * (ticket, wampcra, cryptosign, scram). `@autobahn/autobahn/component` and
 * the main entry import it; the browser entry (`./client`) does not, and its
 * components use the platform `WebSocket` (`platformConnector`).
 *
 * @module
 */
import { connectTransport, type ConnectTransportOptions } from "../transport/mod.ts";
import type { MessageTransport } from "../transport/message_transport.ts";
import type { ByteConnection } from "../transport/types.ts";
import { runtimeDialers } from "../transport/runtime.ts";
import { setBuiltinConnector } from "./component.ts";
import type { NormalizedTransport } from "./config.ts";
// Registers wampcra, cryptosign and scram with the authentication seam (issue 7).
import "../auth/client.ts";

async function dialEndpoint(t: NormalizedTransport): Promise<ByteConnection> {
  const e = t.endpoint!;
  const net = runtimeDialers();
  if (!net) {
    throw new TypeError(
      `Cannot dial the ${e.type} endpoint of ${t.url}: this runtime has no sockets (Deno or Bun only)`,
    );
  }
  if (e.type === "unix") return await net.unix(e.path!);
  const endpoint = { hostname: e.host!, port: e.port! };
  if (e.tls) return await net.tls(endpoint, typeof e.tls === "object" ? e.tls : {});
  return await net.tcp(endpoint);
}

/**
 * Opens `t` with `connectTransport`: the connector of every
 * `Component` that has none in its options (once this module is
 * loaded).
 *
 * @example
 * ```ts
 * import { Component, defaultConnector } from "@autobahn/autobahn/component";
 * const comp = new Component({
 *   transports: "rs://127.0.0.1:8080",
 *   realm: "realm1",
 *   connector: (t, signal) => {
 *     console.log("dialing", t.url);
 *     return defaultConnector(t, signal);
 *   },
 * });
 * ```
 */
export async function defaultConnector(
  t: NormalizedTransport,
  signal: AbortSignal,
): Promise<MessageTransport> {
  const options = {
    ...t.options,
    serializers: [...t.serializers],
    signal,
  } as ConnectTransportOptions;
  if (t.type === "websocket" && t.endpoint) {
    const connection = await dialEndpoint(t);
    options.websocket = {
      ...options.websocket,
      connection,
    } as ConnectTransportOptions["websocket"];
  }
  return await connectTransport(t.url, options);
}

setBuiltinConnector(defaultConnector);
