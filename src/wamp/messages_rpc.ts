/**
 * Remote procedure call messages: CALL, CANCEL, RESULT, INVOCATION, INTERRUPT
 * and YIELD (basic profile "Messages > Routed Remote Procedure Calls",
 * advanced profile "Messages").
 *
 * @module
 */
import { MessageType } from "./codes.ts";
import { argsOrEmpty, checkHead, dictOrEmpty, readPayload } from "./messages_base.ts";
import type {
  CallOptions,
  CancelOptions,
  InvocationDetails,
  ResultDetails,
  WampDict,
  YieldOptions,
} from "./types.ts";
import {
  checkDict,
  checkId,
  checkLength,
  checkUri,
  fail,
  type ParseOptions,
  payloadTail,
} from "./validate.ts";

/**
 * Fields of a {@linkcode CallMessage}.
 *
 * @example Building a CALL with a timeout
 * ```ts
 * import { type CallInit, CallMessage } from "@autobahn/autobahn/wamp";
 *
 * const init: CallInit = {
 *   requestId: 1,
 *   procedure: "com.myapp.add2",
 *   args: [23, 7],
 *   options: { timeout: 1000 },
 * };
 * const wire = JSON.stringify(new CallMessage(init).marshal());
 * if (wire !== '[48,1,{"timeout":1000},"com.myapp.add2",[23,7]]') throw new Error(wire);
 * ```
 */
export interface CallInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The procedure URI. */
  procedure: string;
  /** Call options (wire form). Default `{}`. */
  options?: CallOptions;
  /** Positional arguments. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword arguments. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]`
 * (basic profile "CALL").
 *
 * @example
 * ```ts
 * import { CallMessage } from "@autobahn/autobahn/wamp";
 * const call = new CallMessage({ requestId: 1, procedure: "com.myapp.add2", args: [23, 7] });
 * call.marshal(); // [48, 1, {}, "com.myapp.add2", [23, 7]]
 * ```
 */
export class CallMessage {
  /** The message type code, 48. */
  readonly type: typeof MessageType.CALL = MessageType.CALL;
  /** The request ID. */
  readonly requestId: number;
  /** Call options (wire form). */
  readonly options: CallOptions;
  /** The procedure URI. */
  readonly procedure: string;
  /** Positional arguments (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword arguments (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates a CALL message. */
  constructor(init: CallInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
    this.procedure = init.procedure;
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates a CALL message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): CallMessage {
    const N = "CALL";
    checkHead(N, arr, MessageType.CALL);
    checkLength(N, arr, 4, 6);
    const requestId = checkId(N, "request ID", arr[1]);
    const opts = checkDict(N, "options", arr[2]);
    const procedure = checkUri(N, "procedure", arr[3], options);
    const { args, kwargs } = readPayload(N, arr, 4);
    return new CallMessage({ requestId, options: opts, procedure, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.CALL,
      this.requestId,
      this.options,
      this.procedure,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}

/**
 * Advanced profile "Call Canceling": `CANCEL.Options.mode|string == "skip" |
 * "kill" | "killnowait"`.
 */
function checkCancelMode(name: string, options: WampDict): void {
  const mode = options["mode"];
  if (mode !== undefined && mode !== "skip" && mode !== "kill" && mode !== "killnowait") {
    fail(name, "option mode must be one of skip, kill, killnowait");
  }
}

/**
 * Fields of a {@linkcode CancelMessage} or an {@linkcode InterruptMessage}.
 *
 * @example Building a CANCEL
 * ```ts
 * import { CancelMessage, type CancelInit } from "@autobahn/autobahn/wamp";
 *
 * const init: CancelInit = { requestId: 1, options: { mode: "kill" } };
 * const wire = JSON.stringify(new CancelMessage(init).marshal());
 * if (wire !== '[49,1,{"mode":"kill"}]') throw new Error(wire);
 * ```
 */
export interface CancelInit {
  /** The ID of the CALL (for CANCEL) or INVOCATION (for INTERRUPT) to cancel. */
  requestId: number;
  /** Options such as `mode`. Default `{}`. */
  options?: CancelOptions;
}

/**
 * `[CANCEL, CALL.Request|id, Options|dict]`: a caller cancels a call
 * (advanced profile "Call Canceling").
 *
 * @example
 * ```ts
 * import { CancelMessage } from "@autobahn/autobahn/wamp";
 * new CancelMessage({ requestId: 1, options: { mode: "kill" } }).marshal();
 * // [49, 1, { mode: "kill" }]
 * ```
 */
export class CancelMessage {
  /** The message type code, 49. */
  readonly type: typeof MessageType.CANCEL = MessageType.CANCEL;
  /** The ID of the CALL to cancel. */
  readonly requestId: number;
  /** Options such as `mode`. */
  readonly options: CancelOptions;

  /** Creates a CANCEL message. */
  constructor(init: CancelInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
  }

  /** Parses and validates a CANCEL message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): CancelMessage {
    const N = "CANCEL";
    checkHead(N, arr, MessageType.CANCEL);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const options = checkDict(N, "options", arr[2]);
    checkCancelMode(N, options);
    return new CancelMessage({ requestId, options });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.CANCEL, this.requestId, this.options];
  }
}

/**
 * Fields of a {@linkcode ResultMessage}.
 *
 * @example Building a progressive RESULT
 * ```ts
 * import { ResultMessage, type ResultInit } from "@autobahn/autobahn/wamp";
 *
 * const init: ResultInit = { requestId: 1, details: { progress: true }, args: [50] };
 * const wire = JSON.stringify(new ResultMessage(init).marshal());
 * if (wire !== '[50,1,{"progress":true},[50]]') throw new Error(wire);
 * ```
 */
export interface ResultInit {
  /** The ID of the CALL request. */
  requestId: number;
  /** Result details (e.g. `progress`). Default `{}`. */
  details?: ResultDetails;
  /** Positional results. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword results. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[RESULT, CALL.Request|id, Details|dict, YIELD.Arguments|list, YIELD.ArgumentsKw|dict]`
 * (basic profile "RESULT").
 *
 * @example
 * ```ts
 * import { ResultMessage } from "@autobahn/autobahn/wamp";
 * ResultMessage.parse([50, 7814135, {}, [30]]).args; // [30]
 * ```
 */
export class ResultMessage {
  /** The message type code, 50. */
  readonly type: typeof MessageType.RESULT = MessageType.RESULT;
  /** The ID of the CALL request. */
  readonly requestId: number;
  /** Result details. */
  readonly details: ResultDetails;
  /** Positional results (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword results (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates a RESULT message. */
  constructor(init: ResultInit) {
    this.requestId = init.requestId;
    this.details = dictOrEmpty(init.details);
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates a RESULT message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): ResultMessage {
    const N = "RESULT";
    checkHead(N, arr, MessageType.RESULT);
    checkLength(N, arr, 3, 5);
    const requestId = checkId(N, "request ID", arr[1]);
    const details = checkDict(N, "details", arr[2]);
    const { args, kwargs } = readPayload(N, arr, 3);
    return new ResultMessage({ requestId, details, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.RESULT,
      this.requestId,
      this.details,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}

/**
 * Fields of an {@linkcode InvocationMessage}.
 *
 * @example Building an INVOCATION
 * ```ts
 * import { InvocationMessage, type InvocationInit } from "@autobahn/autobahn/wamp";
 *
 * const init: InvocationInit = { requestId: 6, registration: 2103333224, args: [23, 7] };
 * const wire = JSON.stringify(new InvocationMessage(init).marshal());
 * if (wire !== '[68,6,2103333224,{},[23,7]]') throw new Error(wire);
 * ```
 */
export interface InvocationInit {
  /** The request ID (session scope, dealer to callee). */
  requestId: number;
  /** The registration ID the call is routed under. */
  registration: number;
  /** Invocation details. Default `{}`. */
  details?: InvocationDetails;
  /** Positional arguments. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword arguments. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict,
 * CALL.Arguments|list, CALL.ArgumentsKw|dict]` (basic profile "INVOCATION").
 *
 * @example
 * ```ts
 * import { InvocationMessage } from "@autobahn/autobahn/wamp";
 * InvocationMessage.parse([68, 6131533, 9823528, {}, [23, 7]]).args; // [23, 7]
 * ```
 */
export class InvocationMessage {
  /** The message type code, 68. */
  readonly type: typeof MessageType.INVOCATION = MessageType.INVOCATION;
  /** The request ID. */
  readonly requestId: number;
  /** The registration ID. */
  readonly registration: number;
  /** Invocation details. */
  readonly details: InvocationDetails;
  /** Positional arguments (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword arguments (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates an INVOCATION message. */
  constructor(init: InvocationInit) {
    this.requestId = init.requestId;
    this.registration = init.registration;
    this.details = dictOrEmpty(init.details);
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates an INVOCATION message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): InvocationMessage {
    const N = "INVOCATION";
    checkHead(N, arr, MessageType.INVOCATION);
    checkLength(N, arr, 4, 6);
    const requestId = checkId(N, "request ID", arr[1]);
    const registration = checkId(N, "registration ID", arr[2]);
    const details = checkDict(N, "details", arr[3]);
    const { args, kwargs } = readPayload(N, arr, 4);
    return new InvocationMessage({ requestId, registration, details, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.INVOCATION,
      this.requestId,
      this.registration,
      this.details,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}

/**
 * `[INTERRUPT, INVOCATION.Request|id, Options|dict]`: a dealer interrupts an
 * invocation (advanced profile "Call Canceling").
 *
 * @example
 * ```ts
 * import { InterruptMessage } from "@autobahn/autobahn/wamp";
 * InterruptMessage.parse([69, 6131533, { mode: "killnowait" }]).options.mode; // "killnowait"
 * ```
 */
export class InterruptMessage {
  /** The message type code, 69. */
  readonly type: typeof MessageType.INTERRUPT = MessageType.INTERRUPT;
  /** The ID of the INVOCATION to interrupt. */
  readonly requestId: number;
  /** Options such as `mode` and `reason`. */
  readonly options: CancelOptions;

  /** Creates an INTERRUPT message. */
  constructor(init: CancelInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
  }

  /** Parses and validates an INTERRUPT message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): InterruptMessage {
    const N = "INTERRUPT";
    checkHead(N, arr, MessageType.INTERRUPT);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const options = checkDict(N, "options", arr[2]);
    checkCancelMode(N, options);
    return new InterruptMessage({ requestId, options });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.INTERRUPT, this.requestId, this.options];
  }
}

/**
 * Fields of a {@linkcode YieldMessage}.
 *
 * @example Building a YIELD
 * ```ts
 * import { YieldMessage, type YieldInit } from "@autobahn/autobahn/wamp";
 *
 * const init: YieldInit = { requestId: 6, args: [30] };
 * const wire = JSON.stringify(new YieldMessage(init).marshal());
 * if (wire !== '[70,6,{},[30]]') throw new Error(wire);
 * ```
 */
export interface YieldInit {
  /** The ID of the INVOCATION request. */
  requestId: number;
  /** Yield options (e.g. `progress`). Default `{}`. */
  options?: YieldOptions;
  /** Positional results. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword results. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]`
 * (basic profile "YIELD").
 *
 * @example
 * ```ts
 * import { YieldMessage } from "@autobahn/autobahn/wamp";
 * new YieldMessage({ requestId: 6131533, args: [30] }).marshal(); // [70, 6131533, {}, [30]]
 * ```
 */
export class YieldMessage {
  /** The message type code, 70. */
  readonly type: typeof MessageType.YIELD = MessageType.YIELD;
  /** The ID of the INVOCATION request. */
  readonly requestId: number;
  /** Yield options. */
  readonly options: YieldOptions;
  /** Positional results (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword results (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates a YIELD message. */
  constructor(init: YieldInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates a YIELD message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): YieldMessage {
    const N = "YIELD";
    checkHead(N, arr, MessageType.YIELD);
    checkLength(N, arr, 3, 5);
    const requestId = checkId(N, "request ID", arr[1]);
    const options = checkDict(N, "options", arr[2]);
    const { args, kwargs } = readPayload(N, arr, 3);
    return new YieldMessage({ requestId, options, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.YIELD,
      this.requestId,
      this.options,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}
