// Names the transport tests import from the public modules.
export * from "../../src/transport/mod.ts";
export { HandshakeError } from "../../src/websocket/errors.ts";
