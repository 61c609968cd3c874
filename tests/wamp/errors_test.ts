import { assert, assertEquals, assertInstanceOf } from "../_assert.ts";
import {
  ApplicationError,
  applicationErrorFromUri,
  AutobahnError,
  CanceledError,
  ErrorUri,
  NoSuchProcedureError,
  ProtocolError,
  WampError,
} from "../../src/wamp/mod.ts";

Deno.test("ApplicationError - carries the error URI, args, kwargs and details", () => {
  const e = new ApplicationError(
    "com.myapp.error.object_write_protected",
    [
      "Object is write protected.",
    ],
    { severity: 3 },
    { details: { x: 1 } },
  );
  assertEquals(e.error, "com.myapp.error.object_write_protected");
  assertEquals(e.args, ["Object is write protected."]);
  assertEquals(e.kwargs, { severity: 3 });
  assertEquals(e.details, { x: 1 });
  assertEquals(e.code, "application_error");
  assertEquals(e.name, "ApplicationError");
  assertEquals(e.message, "com.myapp.error.object_write_protected: Object is write protected.");
  assertInstanceOf(e, WampError);
  assertInstanceOf(e, AutobahnError);
});

Deno.test("ApplicationError - defaults to empty payload and uses the URI as message", () => {
  const e = new ApplicationError("com.myapp.error.x");
  assertEquals(e.args, []);
  assertEquals(e.kwargs, {});
  assertEquals(e.message, "com.myapp.error.x");
});

Deno.test("applicationErrorFromUri - returns the typed subclass for well-known URIs", () => {
  const e = applicationErrorFromUri(ErrorUri.NO_SUCH_PROCEDURE, ["no"], { a: 1 });
  assertInstanceOf(e, NoSuchProcedureError);
  assertInstanceOf(e, ApplicationError);
  assertEquals(e.error, "wamp.error.no_such_procedure");
  assertEquals(e.args, ["no"]);
  assertEquals(e.name, "NoSuchProcedureError");
  assertInstanceOf(applicationErrorFromUri(ErrorUri.CANCELED), CanceledError);
  const other = applicationErrorFromUri("com.myapp.error");
  assert(other.constructor === ApplicationError);
});

Deno.test("ProtocolError - maps to wamp.error.protocol_violation", () => {
  const e = new ProtocolError("Cannot parse CALL: bad");
  assertEquals(e.reason, ErrorUri.PROTOCOL_VIOLATION);
  assertEquals(e.name, "ProtocolError");
});
