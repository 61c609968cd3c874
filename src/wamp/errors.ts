/**
 * Errors of the WAMP layer. A {@linkcode ProtocolError} is the peer's fault and
 * maps to an ABORT (or GOODBYE) with `wamp.error.protocol_violation`.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";

/**
 * Base of every WAMP-layer error.
 *
 * @example Telling WAMP-layer errors apart
 * ```ts
 * import { ProtocolError, WampError, parseMessage } from "@autobahn/autobahn/wamp";
 *
 * try {
 *   parseMessage([999]);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof WampError && err instanceof ProtocolError)) throw err;
 * }
 * ```
 */
export class WampError extends AutobahnError {}

/**
 * A WAMP protocol violation: malformed message, out-of-state message, bad ID,
 * undecodable payload. Answered with ABORT/`wamp.error.protocol_violation`.
 *
 * @example A malformed message is the peer's fault
 * ```ts
 * import { ProtocolError, parseMessage } from "@autobahn/autobahn/wamp";
 *
 * try {
 *   parseMessage([48, 1, {}, "com.myapp.add2", "not a list"]);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof ProtocolError)) throw err;
 *   if (err.reason !== "wamp.error.protocol_violation") throw new Error(err.reason);
 * }
 * ```
 */
export class ProtocolError extends WampError {
  /** The WAMP reason URI this error maps to. */
  readonly reason: string = "wamp.error.protocol_violation";

  /**
   * Creates a protocol error.
   *
   * @param message What was wrong, e.g. `Cannot parse CALL: request ID is not an integer`.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super("protocol_violation", message, options);
  }
}

/**
 * Options of {@linkcode ApplicationError}.
 *
 * @example Error details and a cause
 * ```ts
 * import { ApplicationError, type ApplicationErrorOptions } from "@autobahn/autobahn/wamp";
 *
 * const options: ApplicationErrorOptions = {
 *   details: { retry_after: 5 },
 *   cause: new Error("disk full"),
 * };
 * const err = new ApplicationError("com.myapp.error.busy", [], {}, options);
 * if (err.details["retry_after"] !== 5) throw new Error("details lost");
 * ```
 */
export interface ApplicationErrorOptions extends ErrorOptions {
  /** `ERROR.Details` received or to send. */
  details?: { readonly [key: string]: unknown };
}

/**
 * An error that travels across the wire in an ERROR message: an error URI plus
 * positional and keyword payload (basic profile "ERROR"). A callee throws it to
 * answer an invocation with that URI; a caller receives it when a call fails.
 * Well-known URIs get typed subclasses (see {@linkcode applicationErrorFromUri}).
 *
 * @example
 * ```ts
 * import { ApplicationError } from "@autobahn/autobahn/wamp";
 *
 * // In a procedure: answer the invocation with an application-defined error.
 * function writeObject(): never {
 *   throw new ApplicationError("com.myapp.error.object_write_protected", [
 *     "Object is write protected.",
 *   ], { severity: 3 });
 * }
 * ```
 *
 * ```ts
 * import { ApplicationError } from "@autobahn/autobahn/wamp";
 * const e = new ApplicationError("com.myapp.error.x", ["why"]);
 * e.error; // "com.myapp.error.x"
 * e.args; // ["why"]
 * ```
 */
export class ApplicationError extends WampError {
  /** The error URI, e.g. `wamp.error.no_such_procedure`. */
  readonly error: string;
  /** Positional error payload. */
  readonly args: readonly unknown[];
  /** Keyword error payload. */
  readonly kwargs: { readonly [key: string]: unknown };
  /** `ERROR.Details`. */
  readonly details: { readonly [key: string]: unknown };

  /**
   * Creates an application error. The message is the first positional
   * argument when it is a string, else the URI.
   *
   * @param error The error URI.
   * @param args Positional error payload.
   * @param kwargs Keyword error payload.
   * @param options `details` and standard error options (`cause`).
   */
  constructor(
    error: string,
    args: readonly unknown[] = [],
    kwargs: { readonly [key: string]: unknown } = {},
    options: ApplicationErrorOptions = {},
  ) {
    const text = typeof args[0] === "string" ? `${error}: ${args[0]}` : error;
    super("application_error", text, options);
    this.error = error;
    this.args = args;
    this.kwargs = kwargs;
    this.details = options.details ?? {};
  }
}

/**
 * A well-known ApplicationError subclass: the URI is fixed by the class.
 *
 * @example Building an error from a well-known class
 * ```ts
 * import {
 *   ApplicationError,
 *   NotAuthorizedError,
 *   TimeoutError,
 *   type WellKnownErrorClass,
 * } from "@autobahn/autobahn/wamp";
 *
 * function make(cls: WellKnownErrorClass, why: string): ApplicationError {
 *   return new cls([why]);
 * }
 * const err = make(NotAuthorizedError, "read-only user");
 * if (err.error !== "wamp.error.not_authorized") throw new Error(err.error);
 * if (make(TimeoutError, "slow").error !== TimeoutError.URI) throw new Error("wrong URI");
 * ```
 */
export interface WellKnownErrorClass {
  /** The error URI of this class. */
  readonly URI: string;
  /** Creates the error with payload. */
  new (
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ): ApplicationError;
}

/**
 * `wamp.error.invalid_uri`: a peer provided an incorrect URI.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   InvalidUriError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.invalid_uri", ["com.myapp..x"]);
 * if (!(err instanceof InvalidUriError)) throw new Error("not typed");
 * if (err.error !== InvalidUriError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * if (err.args[0] !== "com.myapp..x") throw new Error("payload lost");
 * ```
 */
export class InvalidUriError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.invalid_uri";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(InvalidUriError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.no_such_procedure`: no procedure is registered under the URI.
 *
 * @example Calling a procedure nobody registered
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { NoSuchProcedureError } from "@autobahn/autobahn/wamp";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const err = await session.call("com.myapp.missing").catch((e) => e);
 * if (!(err instanceof NoSuchProcedureError)) throw new Error(`unexpected ${err}`);
 * ```
 */
export class NoSuchProcedureError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.no_such_procedure";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(NoSuchProcedureError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.procedure_already_exists`: the procedure is already registered.
 *
 * @example Registering a procedure twice
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 * import { ProcedureAlreadyExistsError } from "@autobahn/autobahn/wamp";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.ping", () => "pong");
 * const err = await session.register("com.myapp.ping", () => "pong").catch((e) => e);
 * if (!(err instanceof ProcedureAlreadyExistsError)) throw new Error(`unexpected ${err}`);
 * ```
 */
export class ProcedureAlreadyExistsError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.procedure_already_exists";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(ProcedureAlreadyExistsError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.no_such_registration`: the registration is not active.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   NoSuchRegistrationError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.no_such_registration");
 * if (!(err instanceof NoSuchRegistrationError)) throw new Error("not typed");
 * if (err.error !== NoSuchRegistrationError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class NoSuchRegistrationError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.no_such_registration";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(NoSuchRegistrationError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.no_such_subscription`: the subscription is not active.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   NoSuchSubscriptionError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.no_such_subscription");
 * if (!(err instanceof NoSuchSubscriptionError)) throw new Error("not typed");
 * if (err.error !== NoSuchSubscriptionError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class NoSuchSubscriptionError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.no_such_subscription";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(NoSuchSubscriptionError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.invalid_argument`: the arguments were not acceptable.
 *
 * @example A callee rejecting its arguments
 * ```ts
 * import { InvalidArgumentError } from "@autobahn/autobahn/wamp";
 *
 * function add2([a, b]: readonly unknown[]): number {
 *   if (typeof a !== "number" || typeof b !== "number") {
 *     throw new InvalidArgumentError(["add2 expects two numbers"]);
 *   }
 *   return a + b;
 * }
 * try {
 *   add2(["x", 1]);
 *   throw new Error("expected a failure");
 * } catch (err) {
 *   if (!(err instanceof InvalidArgumentError)) throw err;
 *   if (err.message !== "wamp.error.invalid_argument: add2 expects two numbers") throw err;
 * }
 * ```
 */
export class InvalidArgumentError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.invalid_argument";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(InvalidArgumentError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.canceled`: the call was canceled.
 *
 * @example Recognizing a canceled call
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   CanceledError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.canceled", ["canceled by the caller"]);
 * if (!(err instanceof CanceledError)) throw new Error("not typed");
 * if (err.error !== CanceledError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * if (err.args[0] !== "canceled by the caller") throw new Error("payload lost");
 * ```
 */
export class CanceledError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.canceled";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(CanceledError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.timeout`: the call timed out.
 *
 * @example Recognizing a timed-out call
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   TimeoutError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.timeout");
 * if (!(err instanceof TimeoutError)) throw new Error("not typed");
 * if (err.error !== TimeoutError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class TimeoutError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.timeout";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(TimeoutError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.not_authorized`: the peer may not perform the operation.
 *
 * @example Refusing an operation
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   NotAuthorizedError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.not_authorized", ["read-only user"]);
 * if (!(err instanceof NotAuthorizedError)) throw new Error("not typed");
 * if (err.error !== NotAuthorizedError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * if (err.args[0] !== "read-only user") throw new Error("payload lost");
 * ```
 */
export class NotAuthorizedError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.not_authorized";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(NotAuthorizedError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.payload_size_exceeded`: a payload exceeded a size limit.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   PayloadSizeExceededError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.payload_size_exceeded");
 * if (!(err instanceof PayloadSizeExceededError)) throw new Error("not typed");
 * if (err.error !== PayloadSizeExceededError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class PayloadSizeExceededError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.payload_size_exceeded";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(PayloadSizeExceededError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.no_available_callee`: no callee can handle the call.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   NoAvailableCalleeError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.no_available_callee");
 * if (!(err instanceof NoAvailableCalleeError)) throw new Error("not typed");
 * if (err.error !== NoAvailableCalleeError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class NoAvailableCalleeError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.no_available_callee";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(NoAvailableCalleeError.URI, args, kwargs, options);
  }
}

/**
 * `wamp.error.feature_not_supported`: a peer on the path lacks the feature.
 *
 * @example Recognizing the error
 * ```ts
 * import {
 *   ApplicationError,
 *   applicationErrorFromUri,
 *   FeatureNotSupportedError,
 * } from "@autobahn/autobahn/wamp";
 *
 * const err = applicationErrorFromUri("wamp.error.feature_not_supported");
 * if (!(err instanceof FeatureNotSupportedError)) throw new Error("not typed");
 * if (err.error !== FeatureNotSupportedError.URI) throw new Error(err.error);
 * if (!(err instanceof ApplicationError)) throw new Error("not an ApplicationError");
 * ```
 */
export class FeatureNotSupportedError extends ApplicationError {
  /** The error URI of this class. */
  static readonly URI = "wamp.error.feature_not_supported";
  /** Creates the error with an optional payload. */
  constructor(
    args?: readonly unknown[],
    kwargs?: { readonly [key: string]: unknown },
    options?: ApplicationErrorOptions,
  ) {
    super(FeatureNotSupportedError.URI, args, kwargs, options);
  }
}

const WELL_KNOWN: ReadonlyMap<string, WellKnownErrorClass> = new Map<string, WellKnownErrorClass>(
  [
    InvalidUriError,
    NoSuchProcedureError,
    ProcedureAlreadyExistsError,
    NoSuchRegistrationError,
    NoSuchSubscriptionError,
    InvalidArgumentError,
    CanceledError,
    TimeoutError,
    NotAuthorizedError,
    PayloadSizeExceededError,
    NoAvailableCalleeError,
    FeatureNotSupportedError,
  ].map((c) => [c.URI, c]),
);

/**
 * Creates the {@linkcode ApplicationError} for a received error URI: an
 * instance of the typed subclass for a well-known URI, else a plain
 * `ApplicationError`.
 *
 * @example
 * ```ts
 * import { applicationErrorFromUri, NoSuchProcedureError } from "@autobahn/autobahn/wamp";
 * const e = applicationErrorFromUri("wamp.error.no_such_procedure");
 * e instanceof NoSuchProcedureError; // true
 * ```
 */
export function applicationErrorFromUri(
  error: string,
  args: readonly unknown[] = [],
  kwargs: { readonly [key: string]: unknown } = {},
  options: ApplicationErrorOptions = {},
): ApplicationError {
  const cls = WELL_KNOWN.get(error);
  return cls ? new cls(args, kwargs, options) : new ApplicationError(error, args, kwargs, options);
}
