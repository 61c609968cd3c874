/**
 * The promise face of a WAMP client session over a {@linkcode MessageTransport}:
 * `join`, `call`, `register`, `publish`, `subscribe`, `leave`, with
 * `AbortSignal` cancellation, async iterables for progressive results and
 * events, and `await using` disposal. All protocol logic lives in the
 * sans-I/O {@linkcode SessionCore}; this file adds promises, timers and user
 * callbacks.
 *
 * @module
 */
import {
  type MessageTransport,
  PayloadTooLargeError,
  TransportClosedError,
  type TransportCloseInfo,
} from "../transport/message_transport.ts";
import { type Logger, type LogLevel, noopLogger } from "../util/logger.ts";
import { MessageType } from "../wamp/codes.ts";
import {
  ApplicationError,
  CanceledError,
  PayloadSizeExceededError,
  type ProtocolError,
  TimeoutError,
} from "../wamp/errors.ts";
import type { WampMessage } from "../wamp/messages.ts";
import { CloseUri, ErrorUri } from "../wamp/uri.ts";
import { SessionCore, type SessionEvent, type SessionState } from "./core.ts";
import { Registration, type RegistrationOwner } from "./registrations.ts";
import { SessionClosedError, SessionStateError } from "./requests.ts";
import { Subscription, type SubscriptionOwner } from "./subscriptions.ts";
import {
  type AnyArgs,
  type AnyKwargs,
  type CallDetails,
  type CallOptions,
  callOptionsToWire,
  CallResult,
  type CancelMode,
  type Challenge,
  type ChallengeHandler,
  type EventHandler,
  type JoinOptions,
  type Kwargs,
  type LeaveDetails,
  packResult,
  type Procedure,
  type ProcedureHandler,
  type Publication,
  type PublishOptions,
  publishOptionsToWire,
  type RegisterOptions,
  registerOptionsToWire,
  type SessionDetails,
  type SubscribeOptions,
  subscribeOptionsToWire,
  type Topic,
  unpackResult,
  uriOf,
  type WampEvent,
} from "./types.ts";

/**
 * Options of {@linkcode Session}.
 *
 * @example Naming the agent and watching the session end
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type LeaveDetails, Session, type SessionOptions } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * let left: LeaveDetails | undefined;
 * const options: SessionOptions = { agent: "my-app/1.0", onLeave: (d) => (left = d) };
 * const session = new Session(router.connectInProcess(), options);
 * await session.join("realm1");
 * await session.leave();
 * if (left?.initiator !== "local") throw new Error("onLeave not called");
 * ```
 */
export interface SessionOptions {
  /** Structured logger. Default: none. */
  readonly logger?: Logger;
  /** `HELLO.Details.agent`. */
  readonly agent?: string;
  /** Answers CHALLENGE messages (a join's own `onChallenge` wins). */
  readonly onChallenge?: ChallengeHandler;
  /** Called once a session ended (left, aborted by the router, transport lost). */
  readonly onLeave?: (details: LeaveDetails) => void;
  /**
   * Send stack traces of procedure exceptions to callers (in
   * `kwargs.traceback` of `wamp.error.runtime_error`). Default `false`.
   */
  readonly tracebacks?: boolean;
  /** Close the transport once the session ended. Default `true`. */
  readonly closeTransportOnLeave?: boolean;
  /** Milliseconds `leave()` waits for the router's GOODBYE before closing the transport. Default 5000. */
  readonly leaveTimeout?: number;
  /**
   * Most items buffered by an async iterable (`events()`, `callProgressive()`,
   * `CallDetails.input`) that is not being consumed; beyond it the iteration
   * fails with a `RangeError`. Default 1024.
   */
  readonly maxBuffered?: number;
}

/**
 * Options of {@linkcode Session.events}.
 *
 * @example Iterating the retained event of a topic
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type EventsOptions, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const retain = { acknowledge: true, retain: true, excludeMe: false } as const;
 * await session.publish("com.myapp.status", ["up"], {}, retain);
 * const options: EventsOptions = { getRetained: true, maxBuffered: 16 };
 * for await (const event of session.events("com.myapp.status", options)) {
 *   if (event.args[0] !== "up" || !event.details.retained) throw new Error("Unexpected event");
 *   break; // unsubscribes
 * }
 * ```
 */
export interface EventsOptions extends SubscribeOptions {
  /** Most events buffered while the loop is busy. Default: the session's `maxBuffered`. */
  readonly maxBuffered?: number;
}

/**
 * Progressive results of a call (advanced profile "Progressive Call
 * Results"): iterate it for the progressive results; `result` is the final one.
 *
 * @example Iterating progressive results
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type ProgressiveCall, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.count", ([n], _kwargs, details) => {
 *   for (let i = 1; i < n; i++) details.progress?.([i]);
 *   return n;
 * });
 * const call: ProgressiveCall<number> = session.callProgressive("com.myapp.count", [3]);
 * const seen: unknown[] = [];
 * for await (const progress of call) seen.push(progress.args[0]);
 * if (await call.result !== 3 || seen.join() !== "1,2") throw new Error(`Got ${seen}`);
 * ```
 */
export interface ProgressiveCall<R = unknown> extends AsyncIterable<CallResult> {
  /** The final result (resolved like `session.call`); iteration ends when it arrives. */
  readonly result: Promise<R>;
  /** Cancels the call (advanced profile "Call Canceling"). */
  cancel(mode?: CancelMode): void;
}

/**
 * A call whose arguments are sent in parts (advanced profile "Progressive
 * Call Invocations"): `send` each chunk, then `end` with the last one.
 *
 * @example Sending the arguments in chunks
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type ChunkedCall, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.sum", async ([first], _kwargs, details) => {
 *   let total: number = first;
 *   for await (const chunk of details.input ?? []) total += chunk.args[0] as number;
 *   return total;
 * });
 * const upload: ChunkedCall<[number], number> = session.startCall("com.myapp.sum");
 * upload.send([1]);
 * upload.send([2]);
 * if (await upload.end([3]) !== 6) throw new Error("Unexpected total");
 * ```
 */
export interface ChunkedCall<
  A extends readonly unknown[] = AnyArgs,
  R = unknown,
  K extends Kwargs = AnyKwargs,
> {
  /** Sends one argument chunk (not the last). */
  send(args?: A, kwargs?: K): void;
  /** Sends the last argument chunk; returns the result. */
  end(args?: A, kwargs?: K): Promise<R>;
  /** The call's result. */
  readonly result: Promise<R>;
  /** Cancels the call. */
  cancel(mode?: CancelMode): void;
}

interface LocalSubscriber {
  readonly handler: EventHandler<AnyArgs, AnyKwargs>;
  subscription?: Subscription;
}

interface LocalProcedure {
  readonly handler: ProcedureHandler<AnyArgs, unknown, AnyKwargs>;
  registration?: Registration;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface PendingEntry {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (args: readonly unknown[], kwargs: Kwargs) => void;
  cleanup?: () => void;
}

interface RunningInvocation {
  readonly controller: AbortController;
  readonly input?: AsyncQueue<CallResult>;
}

/**
 * A WAMP client session over a {@linkcode MessageTransport}, with all four
 * roles.
 *
 * @example All four roles against an embedded router
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * // Any MessageTransport works, e.g. `await connectTransport("ws://127.0.0.1:8080/ws")`.
 * const session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.add2", ([a, b]) => a + b);
 * const sum = await session.call<[number, number], number>("com.myapp.add2", [2, 3]);
 * await session.subscribe("com.myapp.hello", ([text]) => console.log(text));
 * await session.publish("com.myapp.hello", ["Hello"], {}, { acknowledge: true });
 * await session.leave();
 * ```
 */
export class Session implements AsyncDisposable, SubscriptionOwner, RegistrationOwner {
  readonly #transport: MessageTransport;
  readonly #core: SessionCore<LocalSubscriber, LocalProcedure>;
  readonly #options: SessionOptions;
  readonly #log: Logger;
  readonly #pending = new Map<number, PendingEntry>();
  readonly #running = new Map<number, RunningInvocation>();
  readonly #subscribers = new WeakMap<Subscription, LocalSubscriber>();
  #join: (Deferred<SessionDetails> & { onChallenge?: ChallengeHandler }) | undefined;
  #leaving: Deferred<LeaveDetails> | undefined;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;
  #leaveDetails: LeaveDetails | undefined;
  #flushing = false;
  /** The PUBLISH being sent synchronously by `publish` (no acknowledge), and its send error. */
  #syncPublishId: number | undefined;
  #syncPublishError: Error | undefined;

  /**
   * Creates a session on an open transport and takes over its handler.
   *
   * @param transport The message transport.
   * @param options Session options.
   */
  constructor(transport: MessageTransport, options: SessionOptions = {}) {
    this.#transport = transport;
    this.#options = options;
    this.#log = options.logger ?? noopLogger;
    this.#core = new SessionCore({ transport: transport.details, agent: options.agent });
    transport.setHandler({
      onMessage: (msg) => {
        this.#core.receive(msg);
        this.#flush();
      },
      onProtocolError: (error: ProtocolError) => {
        this.#core.protocolError(error);
        this.#flush();
      },
      onClose: (info: TransportCloseInfo) => {
        this.#core.transportClosed(info.reason);
        this.#flush();
      },
    });
  }

  /**
   * How the session ended (who left, with which reason), once it did;
   * `undefined` while it has not. `initiator` is `"local"` after
   * {@linkcode Session.leave}, `"router"` after the router's GOODBYE or
   * ABORT, `"transport"` when the connection was lost.
   *
   * @example
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   * await using router = await startRouter(undefined, { ephemeralPorts: true });
   * const session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * await session.leave();
   * if (session.leaveDetails?.initiator !== "local") throw new Error("not left locally");
   * ```
   */
  get leaveDetails(): LeaveDetails | undefined {
    return this.#leaveDetails;
  }

  /** The session state (see {@linkcode SessionState}). */
  get state(): SessionState {
    return this.#core.state;
  }

  /** True while the session is established. */
  get isJoined(): boolean {
    return this.#core.state === "established";
  }

  /** The session's details while joined. */
  get details(): SessionDetails | undefined {
    return this.#core.details;
  }

  /** The session ID while joined. */
  get id(): number | undefined {
    return this.#core.details?.session;
  }

  /** The transport the session runs on. */
  get transport(): MessageTransport {
    return this.#transport;
  }

  // -------------------------------------------------------------------------
  // Lifecycle

  /**
   * Joins `realm`: HELLO with the client's roles and features and the
   * authentication fields; resolves with the WELCOME details. A CHALLENGE is
   * answered through `onChallenge`. Rejects with the {@linkcode ApplicationError}
   * of the ABORT reason when the router refuses, or with
   * {@linkcode SessionClosedError} when the transport goes away.
   */
  join(realm: string, options: JoinOptions = {}): Promise<SessionDetails> {
    try {
      this.#core.join(realm, options);
    } catch (e) {
      return Promise.reject(e);
    }
    const d = deferred<SessionDetails>();
    this.#join = { ...d, onChallenge: options.onChallenge };
    this.#flush();
    return d.promise;
  }

  /**
   * Leaves the realm with GOODBYE (basic profile "Session Closing") and
   * resolves once the router answered (or after `leaveTimeout`, when the
   * transport is closed instead). Outstanding requests fail with
   * {@linkcode SessionClosedError}.
   */
  leave(reason: string = CloseUri.CLOSE_REALM, message?: string): Promise<LeaveDetails> {
    const state = this.#core.state;
    if (state === "establishing" || state === "authenticating") {
      this.#core.leave(reason, message);
      this.#flush();
      return Promise.resolve({ reason, message, initiator: "local" });
    }
    if (state !== "established" && state !== "closing") {
      return Promise.resolve(this.#core.lastClose ?? { reason, message, initiator: "local" });
    }
    if (!this.#leaving) {
      this.#leaving = deferred<LeaveDetails>();
      const timeout = this.#options.leaveTimeout ?? 5000;
      this.#leaveTimer = setTimeout(() => {
        this.#leaveTimer = undefined;
        this.#transport.close(1000, "GOODBYE not answered").catch(() => {});
      }, timeout);
    }
    const leaving = this.#leaving.promise;
    this.#core.leave(reason, message);
    this.#flush();
    return leaving;
  }

  /** Leaves the realm (if joined) and closes the transport (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#core.state === "established" || this.#core.state === "closing") {
      await this.leave(CloseUri.CLOSE_REALM);
    }
    await this.#transport.close();
  }

  // -------------------------------------------------------------------------
  // Caller

  /**
   * Calls a procedure (basic profile "CALL"). Resolves with the single
   * positional result, `undefined` for an empty result, else a
   * {@linkcode CallResult}; rejects with an {@linkcode ApplicationError}
   * (typed subclasses for well-known URIs), {@linkcode TimeoutError} after
   * `options.timeout`, or {@linkcode SessionClosedError}.
   *
   * @example Calling, and canceling a slow call
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { CanceledError, Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * await session.register("com.myapp.add2", ([a, b]) => a + b);
   * await session.register("com.myapp.slow", (_args, _kwargs, details) =>
   *   new Promise((resolve) => details.signal.addEventListener("abort", resolve)));
   * const sum = await session.call<[number, number], number>("com.myapp.add2", [2, 3]);
   * const ac = new AbortController();
   * const slow = session.call("com.myapp.slow", [], {}, { signal: ac.signal, cancelMode: "kill" });
   * ac.abort(); // CANCEL; `slow` rejects with CanceledError once the dealer answers
   * const error = await slow.catch((e) => e);
   * if (sum !== 5 || !(error instanceof CanceledError)) throw error;
   * ```
   */
  call<A extends readonly unknown[] = AnyArgs, R = unknown, K extends Kwargs = AnyKwargs>(
    procedure: string | Procedure<A, R, K>,
    args?: NoInfer<A>,
    kwargs?: NoInfer<K>,
    options: CallOptions = {},
  ): Promise<R> {
    return this.#startCall(uriOf(procedure), args, kwargs, options, false).promise as Promise<R>;
  }

  /**
   * Calls a procedure asking for progressive results, as an async iterable
   * of them; `result` gives the final one.
   *
   * @example Iterating progressive results
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * await session.register("com.myapp.longop", ([n], _kwargs, details) => {
   *   for (let i = 1; i <= n; i++) details.progress?.([i]);
   *   return "done";
   * });
   * const call = session.callProgressive("com.myapp.longop", [3]);
   * for await (const progress of call) console.log("progress", progress.args);
   * console.log("final", await call.result);
   * ```
   */
  callProgressive<
    A extends readonly unknown[] = AnyArgs,
    R = unknown,
    K extends Kwargs = AnyKwargs,
  >(
    procedure: string | Procedure<A, R, K>,
    args?: NoInfer<A>,
    kwargs?: NoInfer<K>,
    options: Omit<CallOptions, "onProgress" | "receiveProgress"> = {},
  ): ProgressiveCall<R> {
    const queue = new AsyncQueue<CallResult>(this.#maxBuffered(), "progressive results");
    const started = this.#startCall(uriOf(procedure), args, kwargs, {
      ...options,
      receiveProgress: true,
      onProgress: (a, k) => queue.push(new CallResult(a, k)),
    }, false);
    const result = started.promise as Promise<R>;
    result.then(() => queue.end(), (e) => queue.fail(e));
    return {
      result,
      cancel: (mode) => this.#cancel(started.id, mode ?? options.cancelMode),
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    };
  }

  /**
   * Starts a call whose arguments are sent in chunks (advanced profile
   * "Progressive Call Invocations"). The CALL goes out with the first
   * `send` (or `end`, then as a plain call).
   *
   * @example Uploading in chunks
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * await session.register("com.myapp.upload", async ([first], _kwargs, details) => {
   *   let total = (first as Uint8Array).length;
   *   for await (const chunk of details.input ?? []) total += (chunk.args[0] as Uint8Array).length;
   *   return total;
   * });
   * const upload = session.startCall<[Uint8Array], number>("com.myapp.upload");
   * upload.send([new Uint8Array(3)]);
   * upload.send([new Uint8Array(4)]);
   * const total = await upload.end([new Uint8Array(5)]);
   * if (total !== 12) throw new Error(`Unexpected total ${total}`);
   * ```
   */
  startCall<A extends readonly unknown[] = AnyArgs, R = unknown, K extends Kwargs = AnyKwargs>(
    procedure: string | Procedure<A, R, K>,
    options: CallOptions = {},
  ): ChunkedCall<NoInfer<A>, R, NoInfer<K>> {
    const uri = uriOf(procedure);
    const result = deferred<R>();
    result.promise.catch(() => {});
    let id: number | undefined;
    let state: "new" | "open" | "ended" = "new";
    const first = (args: A | undefined, kwargs: K | undefined, progressive: boolean) => {
      const started = this.#startCall(uri, args, kwargs, options, progressive);
      id = started.id;
      started.promise.then(result.resolve as (v: unknown) => void, result.reject);
    };
    return {
      result: result.promise,
      send: (args, kwargs) => {
        if (state === "ended") {
          throw new SessionStateError("Cannot send call input: the call ended");
        }
        if (state === "new") {
          state = "open";
          first(args, kwargs, true);
          return;
        }
        if (id === undefined) return; // the call failed to start; `result` rejected
        this.#core.sendCallInput(id, args, kwargs, false);
        this.#flush();
      },
      end: (args, kwargs) => {
        if (state === "ended") return result.promise;
        const wasNew = state === "new";
        state = "ended";
        if (wasNew) first(args, kwargs, false);
        else if (id !== undefined) {
          try {
            this.#core.sendCallInput(id, args, kwargs, true);
          } catch {
            // the call already completed
          }
          this.#flush();
        }
        return result.promise;
      },
      cancel: (mode) => this.#cancel(id, mode ?? options.cancelMode),
    };
  }

  #startCall(
    uri: string,
    args: readonly unknown[] | undefined,
    kwargs: Kwargs | undefined,
    options: CallOptions,
    progressive: boolean,
  ): { id?: number; promise: Promise<unknown> } {
    const signal = options.signal;
    if (signal?.aborted) {
      return {
        promise: Promise.reject(
          signal.reason ?? new CanceledError(["Call canceled before it was sent"]),
        ),
      };
    }
    let id: number;
    try {
      // No options (the common case): skip the camelCase to wire conversion.
      const wire = isEmpty(options) ? {} : callOptionsToWire(options);
      id = this.#core.call(uri, args, kwargs, wire, progressive);
    } catch (e) {
      return { promise: Promise.reject(e) };
    }
    // One entry and one promise per call; no closures unless a timer or a
    // signal needs cleaning up.
    const entry: PendingEntry = {
      resolve: noop,
      reject: noop,
      onProgress: options.onProgress,
      cleanup: undefined,
    };
    const promise = new Promise<unknown>((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    const timeout = options.timeout;
    if (!(typeof timeout === "number" && timeout > 0) && signal === undefined) {
      this.#pending.set(id, entry);
      this.#flush();
      return { id, promise };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => this.#cancel(id, options.cancelMode);
    if (typeof timeout === "number" && timeout > 0) {
      // Advanced profile "Call Timeouts": a timer may also run at the caller;
      // it guards against a dealer that does not enforce the timeout.
      timer = setTimeout(() => {
        timer = undefined;
        this.#core.abandonCall(
          id,
          new TimeoutError([`Call to ${uri} timed out after ${timeout} ms`]),
        );
        this.#flush();
      }, timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    entry.cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    this.#pending.set(id, entry);
    this.#flush();
    return { id, promise };
  }

  #cancel(id: number | undefined, mode: CancelMode | undefined): void {
    if (id === undefined) return;
    this.#core.cancel(id, mode ?? "killnowait");
    this.#flush();
  }

  // -------------------------------------------------------------------------
  // Callee

  /**
   * Registers a procedure (basic profile "REGISTER"). The handler gets
   * `(args, kwargs, details)` and may return a value, a
   * {@linkcode CallResult} or a promise, or throw an {@linkcode ApplicationError};
   * other exceptions reach the caller as `wamp.error.runtime_error`.
   *
   * @example Registering and unregistering
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * const reg = await session.register("com.myapp.add2", ([a, b]) => a + b);
   * if (await session.call("com.myapp.add2", [2, 3]) !== 5) throw new Error("Unexpected sum");
   * await reg.unregister();
   * ```
   */
  register<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    procedure: string,
    handler: (args: A, kwargs: K, details: CallDetails) => unknown,
    options?: RegisterOptions,
  ): Promise<Registration>;
  /** Registers a typed procedure: the handler is checked against the descriptor. */
  register<A extends readonly unknown[], R, K extends Kwargs>(
    procedure: Procedure<A, R, K>,
    handler: ProcedureHandler<NoInfer<A>, NoInfer<R>, NoInfer<K>>,
    options?: RegisterOptions,
  ): Promise<Registration>;
  register(
    procedure: string | Procedure,
    handler: (args: AnyArgs, kwargs: AnyKwargs, details: CallDetails) => unknown,
    options: RegisterOptions = {},
  ): Promise<Registration> {
    if (typeof handler !== "function") {
      return Promise.reject(new TypeError("Cannot register: handler must be a function"));
    }
    const c = options.concurrency;
    if (c !== undefined && (!Number.isInteger(c) || c < 1)) {
      return Promise.reject(
        new RangeError(`Cannot register: concurrency must be a positive integer, got ${c}`),
      );
    }
    const local: LocalProcedure = {
      handler: handler as unknown as LocalProcedure["handler"],
    };
    return this.#request<Registration>(() =>
      this.#core.register(uriOf(procedure), registerOptionsToWire(options), local, c)
    );
  }

  /** Unregisters (used by {@linkcode Registration.unregister}). */
  async unregister(registration: Registration): Promise<void> {
    const id = this.#core.unregister(registration.id);
    if (id === undefined) return;
    await this.#request<void>(() => id);
  }

  // -------------------------------------------------------------------------
  // Publisher

  /**
   * Publishes an event (basic profile "PUBLISH"). Only with `acknowledge:
   * true` does it return a promise of the {@linkcode Publication} (rejecting
   * with the broker's error); otherwise it returns nothing and throws
   * {@linkcode SessionClosedError} when not joined.
   *
   * @example Publishing with and without acknowledgement
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * session.publish("com.myapp.hello", ["Hello"]);
   * const pub = await session.publish("com.myapp.hello", ["Hi"], {}, { acknowledge: true });
   * if (pub.topic !== "com.myapp.hello") throw new Error(pub.topic);
   * ```
   */
  publish<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string | Topic<A, K>,
    args: NoInfer<A> | undefined,
    kwargs: NoInfer<K> | undefined,
    options: PublishOptions & { readonly acknowledge: true },
  ): Promise<Publication>;
  /** Publishes an event without acknowledgement. */
  publish<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string | Topic<A, K>,
    args?: NoInfer<A>,
    kwargs?: NoInfer<K>,
    options?: PublishOptions & { readonly acknowledge?: false },
  ): void;
  /** Publishes an event; a promise only when `options.acknowledge` is true. */
  publish<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string | Topic<A, K>,
    args?: NoInfer<A>,
    kwargs?: NoInfer<K>,
    options?: PublishOptions,
  ): Promise<Publication> | void;
  publish(
    topic: string | Topic,
    args?: readonly unknown[],
    kwargs?: Kwargs,
    options: PublishOptions = {},
  ): Promise<Publication> | void {
    const uri = uriOf(topic);
    const wire = isEmpty(options) ? {} : publishOptionsToWire(options);
    if (options.acknowledge === true) {
      return this.#request<number>(() => this.#core.publish(uri, args, kwargs, wire)).then(
        (publication) => ({ id: publication, topic: uri }),
      );
    }
    const id = this.#core.publish(uri, args, kwargs, wire);
    const outerId = this.#syncPublishId;
    const outerError = this.#syncPublishError;
    this.#syncPublishId = id;
    this.#syncPublishError = undefined;
    try {
      this.#flush();
      const error = this.#syncPublishError;
      if (error) throw error;
    } finally {
      this.#syncPublishId = outerId;
      this.#syncPublishError = outerError;
    }
  }

  // -------------------------------------------------------------------------
  // Subscriber

  /**
   * Subscribes a handler to a topic (basic profile "SUBSCRIBE"). Several
   * handlers on one topic share the router subscription.
   *
   * @example Subscribing to a topic prefix
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * const got = Promise.withResolvers<void>();
   * const sub = await session.subscribe("com.myapp.", (args, _kwargs, details) => {
   *   console.log(details.topic, args);
   *   got.resolve();
   * }, { match: "prefix" });
   * session.publish("com.myapp.hello", ["Hello"], {}, { excludeMe: false });
   * await got.promise;
   * await sub.unsubscribe();
   * ```
   */
  subscribe<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string | Topic<A, K>,
    handler: EventHandler<NoInfer<A>, NoInfer<K>>,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    if (typeof handler !== "function") {
      return Promise.reject(new TypeError("Cannot subscribe: handler must be a function"));
    }
    const local: LocalSubscriber = { handler: handler as unknown as LocalSubscriber["handler"] };
    return this.#request<Subscription>(() =>
      this.#core.subscribe(uriOf(topic), subscribeOptionsToWire(options), local)
    );
  }

  /** Unsubscribes one handler (used by {@linkcode Subscription.unsubscribe}). */
  async unsubscribe(subscription: Subscription): Promise<void> {
    const local = this.#subscribers.get(subscription);
    if (!local) return;
    const id = this.#core.unsubscribe(subscription.id, local);
    if (id === undefined) return;
    await this.#request<void>(() => id);
  }

  /**
   * Subscribes for as long as the returned iterable is iterated: the
   * subscription is made when iteration starts and ends when the loop ends
   * (or the subscription is revoked or the session ends).
   *
   * @example Iterating events until "bye"
   * ```ts
   * import { startRouter } from "@autobahn/autobahn/router";
   * import { Session } from "@autobahn/autobahn/session";
   *
   * await using router = await startRouter({
   *   version: 2,
   *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
   * });
   * await using session = new Session(router.connectInProcess());
   * await session.join("realm1");
   * const retain = { acknowledge: true, retain: true, excludeMe: false } as const;
   * await session.publish("com.myapp.hello", ["bye"], {}, retain);
   * for await (const event of session.events("com.myapp.hello", { getRetained: true })) {
   *   console.log(event.args[0]);
   *   if (event.args[0] === "bye") break; // unsubscribes
   * }
   * ```
   */
  events<A extends readonly unknown[] = AnyArgs, K extends Kwargs = AnyKwargs>(
    topic: string | Topic<A, K>,
    options: EventsOptions = {},
  ): AsyncIterable<WampEvent<A, K>> {
    const max = options.maxBuffered ?? this.#maxBuffered();
    const subscribe = (h: EventHandler<A, K>) =>
      this.subscribe(topic as Topic<A, K>, h, {
        match: options.match,
        getRetained: options.getRetained,
      });
    return {
      async *[Symbol.asyncIterator]() {
        const queue = new AsyncQueue<WampEvent<A, K>>(max, "events");
        const sub = await subscribe((args, kwargs, details) =>
          queue.push({ args, kwargs, details })
        );
        sub.ended.then(() => queue.end());
        try {
          yield* queue;
        } finally {
          await sub.unsubscribe();
        }
      },
    };
  }

  // -------------------------------------------------------------------------
  // Internals

  #maxBuffered(): number {
    return this.#options.maxBuffered ?? 1024;
  }

  /** Runs a core request method and returns a promise for its reply. */
  #request<T>(start: () => number): Promise<T> {
    let id: number;
    try {
      id = start();
    } catch (e) {
      return Promise.reject(e);
    }
    const d = deferred<T>();
    this.#pending.set(id, { resolve: d.resolve as (v: unknown) => void, reject: d.reject });
    this.#flush();
    return d.promise;
  }

  #settle(requestId: number): PendingEntry | undefined {
    const entry = this.#pending.get(requestId);
    if (!entry) return undefined;
    this.#pending.delete(requestId);
    entry.cleanup?.();
    return entry;
  }

  /** Sends what the core produced, then handles its events, until both are empty. */
  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      const core = this.#core;
      while (core.hasPending) {
        const out = core.messagesToSend();
        for (let i = 0; i < out.length; i++) this.#sendOut(out[i]);
        const events = core.eventsReceived();
        for (let i = 0; i < events.length; i++) this.#dispatch(events[i]);
      }
    } finally {
      this.#flushing = false;
    }
  }

  #sendOut(msg: WampMessage): void {
    try {
      // Our requests in flight let the transport gather writes (earlyWriteAt).
      this.#transport.send(msg, this.#pending.size);
    } catch (e) {
      if (e instanceof TransportClosedError) return; // onClose follows and fails what is pending
      const error = e instanceof PayloadTooLargeError
        ? new PayloadSizeExceededError([e.message], {}, { cause: e })
        : e instanceof Error
        ? e
        : new Error(String(e));
      if (SESSION_MESSAGES.has(msg.type)) {
        // Without HELLO, AUTHENTICATE, GOODBYE or ABORT the session cannot go on.
        this.#logAt("error", "Cannot send session message", { type: msg.type, error });
        this.#closeTransport();
        return;
      }
      if (msg.type === MessageType.PUBLISH && msg.options.acknowledge !== true) {
        if (this.#syncPublishId === msg.requestId) this.#syncPublishError = error;
        else this.#logAt("warn", "Cannot send PUBLISH", { topic: msg.topic, error });
        return;
      }
      this.#core.failOutgoing(msg, error);
    }
  }

  #dispatch(ev: SessionEvent<LocalSubscriber, LocalProcedure>): void {
    switch (ev.type) {
      case "challenge":
        return this.#onChallenge(ev.challenge);
      case "joined": {
        const join = this.#join;
        this.#join = undefined;
        this.#logAt("info", "Session joined", {
          realm: ev.details.realm,
          session: ev.details.session,
        });
        join?.resolve(ev.details);
        return;
      }
      case "join-failed": {
        const join = this.#join;
        this.#join = undefined;
        join?.reject(ev.error);
        if (this.#options.closeTransportOnLeave ?? true) this.#closeTransport();
        return;
      }
      case "left":
        return this.#onLeft(ev.details);
      case "protocol-violation":
        this.#logAt("error", "Protocol violation", { error: ev.error.message });
        this.#closeTransport();
        return;
      case "call-progress": {
        const entry = this.#pending.get(ev.requestId);
        if (entry?.onProgress) {
          this.#guard("onProgress", () => entry.onProgress!(ev.args, ev.kwargs));
        }
        return;
      }
      case "call-result": {
        const entry = this.#settle(ev.requestId);
        if (entry === undefined) return;
        // The common single result without kwargs, without unpackResult's key list.
        const single = ev.args.length === 1 && isEmpty(ev.kwargs);
        entry.resolve(single ? ev.args[0] : unpackResult(ev.args, ev.kwargs));
        return;
      }
      case "published":
        this.#settle(ev.requestId)?.resolve(ev.publication);
        return;
      case "subscribed": {
        const sub = new Subscription(this, ev.subscription, ev.topic, ev.match, ev.handler.handler);
        ev.handler.subscription = sub;
        this.#subscribers.set(sub, ev.handler);
        this.#settle(ev.requestId)?.resolve(sub);
        return;
      }
      case "registered": {
        const reg = new Registration(
          this,
          ev.registration,
          ev.procedure,
          ev.match,
          ev.handler.handler,
        );
        ev.handler.registration = reg;
        this.#settle(ev.requestId)?.resolve(reg);
        return;
      }
      case "unsubscribed":
      case "unregistered":
        this.#settle(ev.requestId)?.resolve(undefined);
        return;
      case "request-failed":
        this.#settle(ev.requestId)?.reject(ev.error);
        return;
      case "subscription-ended":
        for (const h of ev.handlers) h.subscription?._end(ev.revoked, ev.reason);
        return;
      case "registration-ended":
        ev.handler.registration?._end(ev.revoked, ev.reason);
        return;
      case "event":
        for (const h of ev.handlers) {
          // Inlined #guard: no closure per handler and event.
          try {
            const r = h.handler(ev.args as AnyArgs, ev.kwargs, ev.details);
            if (isPromiseLike(r)) {
              r.then(undefined, (e) => this.#logAt("warn", "event handler failed", { error: e }));
            }
          } catch (e) {
            this.#logAt("warn", "event handler failed", { error: e });
          }
        }
        return;
      case "invocation":
        return this.#invoke(ev);
      case "invocation-input": {
        const input = this.#running.get(ev.requestId)?.input;
        input?.push(new CallResult(ev.args, ev.kwargs));
        if (ev.final) input?.end();
        return;
      }
      case "interrupt": {
        const running = this.#running.get(ev.requestId);
        if (!running) return;
        this.#running.delete(ev.requestId);
        const reason = ev.sessionEnded
          ? new SessionClosedError(ev.reason ?? "", "Invocation interrupted: the session ended")
          : new CanceledError(["Invocation interrupted"], {}, {
            details: { mode: ev.mode, reason: ev.reason },
          });
        running.controller.abort(reason);
        running.input?.fail(reason);
        return;
      }
    }
  }

  #onChallenge(challenge: Challenge): void {
    const handler = this.#join?.onChallenge ?? this.#options.onChallenge;
    if (!handler) {
      this.#core.abortJoin(
        ErrorUri.AUTHENTICATION_FAILED,
        `No challenge handler for authentication method ${challenge.method}`,
      );
      return;
    }
    Promise.resolve()
      .then(() => handler(challenge))
      .then((response) => {
        if (this.#core.state !== "authenticating") return;
        if (typeof response === "string") this.#core.authenticate(response);
        else this.#core.authenticate(response.signature, response.extra);
        this.#flush();
      })
      .catch((e) => {
        this.#logAt("warn", "Challenge handler failed", { method: challenge.method, error: e });
        this.#core.abortJoin(
          ErrorUri.AUTHENTICATION_FAILED,
          `Cannot answer the ${challenge.method} challenge: ${e instanceof Error ? e.message : e}`,
        );
        this.#flush();
      });
  }

  #onLeft(details: LeaveDetails): void {
    this.#leaveDetails = details;
    if (this.#leaveTimer !== undefined) clearTimeout(this.#leaveTimer);
    this.#leaveTimer = undefined;
    const leaving = this.#leaving;
    this.#leaving = undefined;
    this.#logAt("info", "Session left", { ...details });
    leaving?.resolve(details);
    const onLeave = this.#options.onLeave;
    if (onLeave) this.#guard("onLeave", () => onLeave(details));
    if (details.initiator !== "transport" && (this.#options.closeTransportOnLeave ?? true)) {
      this.#closeTransport();
    }
  }

  #invoke(
    ev: Extract<SessionEvent<LocalSubscriber, LocalProcedure>, { type: "invocation" }>,
  ): void {
    const { requestId, info } = ev;
    const controller = new AbortController();
    const input = info.progress
      ? new AsyncQueue<CallResult>(this.#maxBuffered(), "call input")
      : undefined;
    this.#running.set(requestId, { controller, input });
    const details: CallDetails = {
      registration: ev.registration,
      procedure: info.procedure,
      caller: info.caller,
      callerAuthid: info.callerAuthid,
      callerAuthrole: info.callerAuthrole,
      trustlevel: info.trustlevel,
      timeout: info.timeout,
      progress: info.receiveProgress
        ? (args, kwargs) => {
          this.#core.sendYield(requestId, args, kwargs, true);
          this.#flush();
        }
        : undefined,
      signal: controller.signal,
      input,
    };
    let result: unknown;
    try {
      result = ev.handler.handler(ev.args as AnyArgs, ev.kwargs, details);
    } catch (e) {
      this.#answerError(requestId, info.procedure, e);
      return;
    }
    if (isPromiseLike(result)) {
      result.then(
        (v) => this.#answer(requestId, v),
        (e) => this.#answerError(requestId, info.procedure, e),
      );
    } else {
      this.#answer(requestId, result);
    }
  }

  #answer(requestId: number, value: unknown): void {
    this.#running.delete(requestId);
    const { args, kwargs } = packResult(value);
    this.#core.sendYield(requestId, args, kwargs);
    this.#flush();
  }

  #answerError(requestId: number, procedure: string, e: unknown): void {
    this.#running.delete(requestId);
    if (e instanceof ApplicationError) {
      this.#core.sendInvocationError(requestId, e.error, e.args, e.kwargs);
    } else {
      this.#logAt("warn", "Procedure failed", { procedure, error: e });
      const message = e instanceof Error ? e.message : String(e);
      const kwargs = this.#options.tracebacks && e instanceof Error && e.stack
        ? { traceback: e.stack.split("\n") }
        : undefined;
      this.#core.sendInvocationError(requestId, RUNTIME_ERROR, [message], kwargs);
    }
    this.#flush();
  }

  /** Runs a user callback; a throw or a rejection is logged, never propagated. */
  #guard(what: string, fn: () => unknown): void {
    try {
      const r = fn();
      if (isPromiseLike(r)) {
        r.then(undefined, (e) => this.#logAt("warn", `${what} failed`, { error: e }));
      }
    } catch (e) {
      this.#logAt("warn", `${what} failed`, { error: e });
    }
  }

  #closeTransport(): void {
    if (this.#transport.isOpen) this.#transport.close().catch(() => {});
  }

  #logAt(level: LogLevel, message: string, properties?: Record<string, unknown>): void {
    if (this.#log.enabled[level]) this.#log.log(level, "autobahn.session", message, properties);
  }
}

const SESSION_MESSAGES: ReadonlySet<number> = new Set([
  MessageType.HELLO,
  MessageType.AUTHENTICATE,
  MessageType.GOODBYE,
  MessageType.ABORT,
]);

/**
 * The error URI a procedure's unexpected exception is reported with (as Autobahn does).
 *
 * @example A procedure's unexpected exception, as the caller sees it
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { ApplicationError, RUNTIME_ERROR, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.fail", () => {
 *   throw new TypeError("boom");
 * });
 * const error = await session.call("com.myapp.fail").catch((e) => e);
 * if (!(error instanceof ApplicationError) || error.error !== RUNTIME_ERROR) throw error;
 * ```
 */
export const RUNTIME_ERROR = "wamp.error.runtime_error";

function noop(): void {}

/** True when `o` has no enumerable keys (options given as `{}` or defaulted). */
function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as PromiseLike<unknown> | null)?.then === "function";
}

/**
 * A bounded single-consumer async queue: `push` never blocks; more than
 * `max` unconsumed items fail the iteration with a `RangeError`.
 */
class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiter: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;
  #done = false;
  #error: { value: unknown } | undefined;
  readonly #max: number;
  readonly #what: string;

  constructor(max: number, what: string) {
    this.#max = max;
    this.#what = what;
  }

  push(item: T): void {
    if (this.#done) return;
    if (this.#waiter) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    if (this.#items.length >= this.#max) {
      this.fail(new RangeError(`Too many ${this.#what} buffered: more than ${this.#max}`));
      return;
    }
    this.#items.push(item);
  }

  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#wake();
  }

  fail(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = { value: error };
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    if (this.#error) w.reject(this.#error.value);
    else w.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: (): Promise<IteratorResult<T>> => {
        if (this.#items.length > 0) {
          return Promise.resolve({ value: this.#items.shift()!, done: false });
        }
        if (this.#error) {
          const e = this.#error.value;
          this.#error = undefined;
          return Promise.reject(e);
        }
        if (this.#done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
      },
      return: (): Promise<IteratorResult<T>> => {
        this.#done = true;
        this.#items = [];
        this.#error = undefined;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
