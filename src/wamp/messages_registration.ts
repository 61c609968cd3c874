/**
 * Registration messages: REGISTER, REGISTERED, UNREGISTER and UNREGISTERED
 * (basic profile "Messages > Routed Remote Procedure Calls", advanced profile
 * "Registration Revocation").
 *
 * @module
 */
import { MessageType } from "./codes.ts";
import { checkHead, checkRevocation, dictOrEmpty } from "./messages_base.ts";
import type { RegisterOptions, UnregisteredDetails } from "./types.ts";
import {
  checkDict,
  checkId,
  checkLength,
  checkUri,
  matchPolicy,
  type ParseOptions,
} from "./validate.ts";

/**
 * Fields of a {@linkcode RegisterMessage}.
 *
 * @example Building a shared REGISTER
 * ```ts
 * import { type RegisterInit, RegisterMessage } from "@autobahn/autobahn/wamp";
 *
 * const init: RegisterInit = {
 *   requestId: 4,
 *   procedure: "com.myapp.add2",
 *   options: { invoke: "roundrobin" },
 * };
 * const wire = JSON.stringify(new RegisterMessage(init).marshal());
 * if (wire !== '[64,4,{"invoke":"roundrobin"},"com.myapp.add2"]') throw new Error(wire);
 * ```
 */
export interface RegisterInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The procedure URI or pattern. */
  procedure: string;
  /** Registration options (wire form). Default `{}`. */
  options?: RegisterOptions;
}

/**
 * `[REGISTER, Request|id, Options|dict, Procedure|uri]` (basic profile
 * "REGISTER"). With `options.match` of `prefix` or `wildcard` the procedure
 * may have empty components (advanced profile "Pattern-based Registrations").
 *
 * @example
 * ```ts
 * import { RegisterMessage } from "@autobahn/autobahn/wamp";
 * new RegisterMessage({ requestId: 1, procedure: "com.myapp.add2" }).marshal();
 * // [64, 1, {}, "com.myapp.add2"]
 * ```
 */
export class RegisterMessage {
  /** The message type code, 64. */
  readonly type: typeof MessageType.REGISTER = MessageType.REGISTER;
  /** The request ID. */
  readonly requestId: number;
  /** Registration options (wire form). */
  readonly options: RegisterOptions;
  /** The procedure URI or pattern. */
  readonly procedure: string;

  /** Creates a REGISTER message. */
  constructor(init: RegisterInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
    this.procedure = init.procedure;
  }

  /** Parses and validates a REGISTER message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): RegisterMessage {
    const N = "REGISTER";
    checkHead(N, arr, MessageType.REGISTER);
    checkLength(N, arr, 4, 4);
    const requestId = checkId(N, "request ID", arr[1]);
    const opts = checkDict(N, "options", arr[2]);
    const procedure = checkUri(N, "procedure", arr[3], options, matchPolicy(N, opts));
    return new RegisterMessage({ requestId, options: opts, procedure });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.REGISTER, this.requestId, this.options, this.procedure];
  }
}

/**
 * Fields of a {@linkcode RegisteredMessage}.
 *
 * @example Building a REGISTERED
 * ```ts
 * import { RegisteredMessage, type RegisteredInit } from "@autobahn/autobahn/wamp";
 *
 * const init: RegisteredInit = { requestId: 4, registration: 2103333224 };
 * const wire = JSON.stringify(new RegisteredMessage(init).marshal());
 * if (wire !== '[65,4,2103333224]') throw new Error(wire);
 * ```
 */
export interface RegisteredInit {
  /** The ID of the REGISTER request. */
  requestId: number;
  /** The registration ID (router scope). */
  registration: number;
}

/**
 * `[REGISTERED, REGISTER.Request|id, Registration|id]` (basic profile "REGISTERED").
 *
 * @example
 * ```ts
 * import { RegisteredMessage } from "@autobahn/autobahn/wamp";
 * RegisteredMessage.parse([65, 25349185, 2103333224]).registration; // 2103333224
 * ```
 */
export class RegisteredMessage {
  /** The message type code, 65. */
  readonly type: typeof MessageType.REGISTERED = MessageType.REGISTERED;
  /** The ID of the REGISTER request. */
  readonly requestId: number;
  /** The registration ID. */
  readonly registration: number;

  /** Creates a REGISTERED message. */
  constructor(init: RegisteredInit) {
    this.requestId = init.requestId;
    this.registration = init.registration;
  }

  /** Parses and validates a REGISTERED message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): RegisteredMessage {
    const N = "REGISTERED";
    checkHead(N, arr, MessageType.REGISTERED);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const registration = checkId(N, "registration ID", arr[2]);
    return new RegisteredMessage({ requestId, registration });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.REGISTERED, this.requestId, this.registration];
  }
}

/**
 * Fields of an {@linkcode UnregisterMessage}.
 *
 * @example Building an UNREGISTER
 * ```ts
 * import { UnregisterMessage, type UnregisterInit } from "@autobahn/autobahn/wamp";
 *
 * const init: UnregisterInit = { requestId: 5, registration: 2103333224 };
 * const wire = JSON.stringify(new UnregisterMessage(init).marshal());
 * if (wire !== '[66,5,2103333224]') throw new Error(wire);
 * ```
 */
export interface UnregisterInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The registration ID to end. */
  registration: number;
}

/**
 * `[UNREGISTER, Request|id, REGISTERED.Registration|id]` (basic profile "UNREGISTER").
 *
 * @example
 * ```ts
 * import { UnregisterMessage } from "@autobahn/autobahn/wamp";
 * new UnregisterMessage({ requestId: 2, registration: 2103333224 }).marshal();
 * // [66, 2, 2103333224]
 * ```
 */
export class UnregisterMessage {
  /** The message type code, 66. */
  readonly type: typeof MessageType.UNREGISTER = MessageType.UNREGISTER;
  /** The request ID. */
  readonly requestId: number;
  /** The registration ID to end. */
  readonly registration: number;

  /** Creates an UNREGISTER message. */
  constructor(init: UnregisterInit) {
    this.requestId = init.requestId;
    this.registration = init.registration;
  }

  /** Parses and validates an UNREGISTER message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): UnregisterMessage {
    const N = "UNREGISTER";
    checkHead(N, arr, MessageType.UNREGISTER);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const registration = checkId(N, "registration ID", arr[2]);
    return new UnregisterMessage({ requestId, registration });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.UNREGISTER, this.requestId, this.registration];
  }
}

/**
 * Fields of an {@linkcode UnregisteredMessage}.
 *
 * @example Building an UNREGISTERED
 * ```ts
 * import { UnregisteredMessage, type UnregisteredInit } from "@autobahn/autobahn/wamp";
 *
 * const init: UnregisteredInit = { requestId: 5 };
 * const wire = JSON.stringify(new UnregisteredMessage(init).marshal());
 * if (wire !== '[67,5]') throw new Error(wire);
 * ```
 */
export interface UnregisteredInit {
  /** The ID of the UNREGISTER request, or 0 for a dealer-initiated revocation. */
  requestId: number;
  /** Revocation details (`registration`, `reason`). Default `{}`. */
  details?: UnregisteredDetails;
}

/**
 * `[UNREGISTERED, UNREGISTER.Request|id]` (basic profile "UNREGISTERED"), or
 * `[UNREGISTERED, 0, Details|dict]` when the dealer revokes a registration
 * (advanced profile "Registration Revocation").
 *
 * @example
 * ```ts
 * import { UnregisteredMessage } from "@autobahn/autobahn/wamp";
 * const m = UnregisteredMessage.parse([67, 0, { registration: 1293722 }]);
 * m.isRevocation; // true
 * ```
 */
export class UnregisteredMessage {
  /** The message type code, 67. */
  readonly type: typeof MessageType.UNREGISTERED = MessageType.UNREGISTERED;
  /** The ID of the UNREGISTER request, or 0 for a revocation. */
  readonly requestId: number;
  /** Revocation details (empty when absent). */
  readonly details: UnregisteredDetails;

  /** Creates an UNREGISTERED message. */
  constructor(init: UnregisteredInit) {
    this.requestId = init.requestId;
    this.details = dictOrEmpty(init.details);
  }

  /** Whether the dealer revoked the registration (request ID 0). */
  get isRevocation(): boolean {
    return this.requestId === 0;
  }

  /** Parses and validates an UNREGISTERED message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): UnregisteredMessage {
    const N = "UNREGISTERED";
    checkHead(N, arr, MessageType.UNREGISTERED);
    checkLength(N, arr, 2, 3);
    // Advanced profile "Registration Revocation": request ID 0 only with details.
    const requestId = checkId(N, "request ID", arr[1], arr.length === 3);
    const details = arr.length === 3 ? checkDict(N, "details", arr[2]) : {};
    checkRevocation(N, details, "registration", requestId);
    return new UnregisteredMessage({ requestId, details });
  }

  /** Returns the wire array; empty details are omitted. */
  marshal(): unknown[] {
    return this.requestId !== 0 && Object.keys(this.details).length === 0
      ? [MessageType.UNREGISTERED, this.requestId]
      : [MessageType.UNREGISTERED, this.requestId, this.details];
  }
}
