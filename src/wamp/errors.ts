/**
 * Errors of the WAMP layer. A {@linkcode ProtocolError} is the peer's fault and
 * maps to an ABORT (or GOODBYE) with `wamp.error.protocol_violation`.
 *
 * @module
 */
import { AutobahnError } from "../errors.ts";

/** Base of every WAMP-layer error. */
export class WampError extends AutobahnError {}

/**
 * A WAMP protocol violation: malformed message, out-of-state message, bad ID,
 * undecodable payload. Answered with ABORT/`wamp.error.protocol_violation`.
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

/** Options of {@linkcode ApplicationError}. */
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

/** A well-known ApplicationError subclass: the URI is fixed by the class. */
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

/** `wamp.error.invalid_uri`: a peer provided an incorrect URI. */
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

/** `wamp.error.no_such_procedure`: no procedure is registered under the URI. */
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

/** `wamp.error.procedure_already_exists`: the procedure is already registered. */
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

/** `wamp.error.no_such_registration`: the registration is not active. */
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

/** `wamp.error.no_such_subscription`: the subscription is not active. */
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

/** `wamp.error.invalid_argument`: the arguments were not acceptable. */
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

/** `wamp.error.canceled`: the call was canceled. */
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

/** `wamp.error.timeout`: the call timed out. */
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

/** `wamp.error.not_authorized`: the peer may not perform the operation. */
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

/** `wamp.error.payload_size_exceeded`: a payload exceeded a size limit. */
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

/** `wamp.error.no_available_callee`: no callee can handle the call. */
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

/** `wamp.error.feature_not_supported`: a peer on the path lacks the feature. */
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
