/**
 * Public types of the WAMP session: camelCase options of the four roles,
 * what a handler learns about a call or an event, the session's details, the
 * typed procedure and topic descriptors, and the ONE place where camelCase
 * options become the spec's snake_case wire keys and wire details become
 * camelCase again.
 *
 * @module
 */
import type { TransportDetails } from "../transport/message_transport.ts";
import type { SerializerName } from "../wamp/serializers/serializer.ts";
import type {
  CallOptions as WireCallOptions,
  CancelMode,
  EventDetails as WireEventDetails,
  InvocationDetails as WireInvocationDetails,
  PublishOptions as WirePublishOptions,
  RegisterOptions as WireRegisterOptions,
  RoleDetails,
  SubscribeOptions as WireSubscribeOptions,
  WampDict,
  WelcomeDetails,
} from "../wamp/types.ts";
import type { MatchPolicy } from "../wamp/uri.ts";

export type { CancelMode, MatchPolicy, WampDict };

/**
 * Keyword arguments: a dict with string keys.
 *
 * @example Reading keyword arguments
 * ```ts
 * import type { Kwargs } from "@autobahn/autobahn/session";
 *
 * const kwargs: Kwargs = { name: "Alice", admin: true };
 * if (kwargs.name !== "Alice") throw new Error("Unexpected name");
 * ```
 */
export type Kwargs = { readonly [key: string]: unknown };

/**
 * A result with several positional values and/or keyword values. A procedure
 * returns one to answer with exactly these `args`/`kwargs`; a call resolves
 * to one unless the RESULT carried a single positional value and no keyword
 * values (then it resolves to that value).
 *
 * @example
 * ```ts
 * import { CallResult } from "@autobahn/autobahn/session";
 * const r = new CallResult([1, 2], { sum: 3 });
 * r.args; // [1, 2]
 * r.kwargs.sum; // 3
 * ```
 */
export class CallResult<
  A extends readonly unknown[] = readonly unknown[],
  K extends Kwargs = Kwargs,
> {
  /** Positional values. */
  readonly args: A;
  /** Keyword values. */
  readonly kwargs: K;

  /**
   * Creates a result.
   *
   * @param args Positional values. Default `[]`.
   * @param kwargs Keyword values. Default `{}`.
   */
  constructor(args?: A, kwargs?: K) {
    this.args = args ?? ([] as unknown as A);
    this.kwargs = kwargs ?? ({} as K);
  }
}

/**
 * Turns a RESULT payload into what a call resolves to: the single positional
 * value when there is exactly one and no keyword values, `undefined` when the
 * payload is empty, else a {@linkcode CallResult}.
 *
 * @example
 * ```ts
 * import { CallResult, unpackResult } from "@autobahn/autobahn/session";
 * unpackResult([5], {}); // 5
 * unpackResult([1, 2], {}) instanceof CallResult; // true
 * ```
 */
export function unpackResult(args: readonly unknown[], kwargs: Kwargs): unknown {
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (!hasKwargs && args.length === 1) return args[0];
  if (!hasKwargs && args.length === 0) return undefined;
  return new CallResult(args, kwargs);
}

/**
 * Turns what a procedure returned into YIELD `args`/`kwargs`: a
 * {@linkcode CallResult} as given, `undefined` as an empty payload, any
 * other value as one positional value.
 *
 * @example
 * ```ts
 * import { packResult } from "@autobahn/autobahn/session";
 * packResult(5); // { args: [5], kwargs: {} }
 * ```
 */
export function packResult(value: unknown): { args: readonly unknown[]; kwargs: Kwargs } {
  if (value instanceof CallResult) return { args: value.args, kwargs: value.kwargs };
  if (value === undefined) return { args: [], kwargs: {} };
  return { args: [value], kwargs: {} };
}

// ---------------------------------------------------------------------------
// Typed procedures and topics

/**
 * Untyped positional arguments: what arrives from the wire is not checked,
 * like `JSON.parse`; typed descriptors narrow it.
 *
 * @example Positional arguments as they arrive from the wire
 * ```ts
 * import type { AnyArgs } from "@autobahn/autobahn/session";
 *
 * const args: AnyArgs = JSON.parse("[2, 3]");
 * const sum: number = args[0] + args[1];
 * if (sum !== 5) throw new Error(`Unexpected sum ${sum}`);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyArgs = any[];

/**
 * Untyped keyword arguments (see {@linkcode AnyArgs}).
 *
 * @example Keyword arguments as they arrive from the wire
 * ```ts
 * import type { AnyKwargs } from "@autobahn/autobahn/session";
 *
 * const kwargs: AnyKwargs = JSON.parse('{"name": "Alice"}');
 * const greeting: string = `Hello, ${kwargs.name}`;
 * if (greeting !== "Hello, Alice") throw new Error(greeting);
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyKwargs = { [key: string]: any };

/**
 * A typed procedure descriptor: the URI plus (at the type level only) the
 * positional arguments, the result and the keyword arguments. Declare it once
 * with {@linkcode procedure} and both `call` and `register` are checked.
 *
 * @example A typed procedure descriptor
 * ```ts
 * import { type Procedure, procedure } from "@autobahn/autobahn/session";
 *
 * const add2: Procedure<[number, number], number> = procedure("com.myapp.add2");
 * if (add2.uri !== "com.myapp.add2") throw new Error(add2.uri);
 * ```
 */
export interface Procedure<
  A extends readonly unknown[] = readonly unknown[],
  R = unknown,
  K extends Kwargs = Kwargs,
> {
  /** The procedure URI. */
  readonly uri: string;
  /** Type-level only: never present at run time. */
  readonly "~types"?: { args: A; result: R; kwargs: K };
}

/**
 * Declares a typed procedure.
 *
 * @example
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { procedure, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const add2 = procedure<[number, number], number>("com.myapp.add2");
 * await session.register(add2, ([a, b]) => a + b);
 * const sum: number = await session.call(add2, [2, 3]);
 * if (sum !== 5) throw new Error(`Unexpected sum ${sum}`);
 * ```
 */
export function procedure<
  A extends readonly unknown[] = readonly unknown[],
  R = unknown,
  K extends Kwargs = Kwargs,
>(uri: string): Procedure<A, R, K> {
  return { uri };
}

/**
 * A typed topic descriptor: the URI plus (type-level only) the event payload.
 *
 * @example A typed topic descriptor
 * ```ts
 * import { type Topic, topic } from "@autobahn/autobahn/session";
 *
 * const hello: Topic<[string]> = topic("com.myapp.hello");
 * if (hello.uri !== "com.myapp.hello") throw new Error(hello.uri);
 * ```
 */
export interface Topic<
  A extends readonly unknown[] = readonly unknown[],
  K extends Kwargs = Kwargs,
> {
  /** The topic URI. */
  readonly uri: string;
  /** Type-level only: never present at run time. */
  readonly "~types"?: { args: A; kwargs: K };
}

/**
 * Declares a typed topic.
 *
 * @example
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, topic } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const hello = topic<[string]>("com.myapp.hello");
 * const got = Promise.withResolvers<string>();
 * await session.subscribe(hello, ([text]) => got.resolve(text.toUpperCase()));
 * session.publish(hello, ["world"], {}, { excludeMe: false });
 * if (await got.promise !== "WORLD") throw new Error("Unexpected event");
 * ```
 */
export function topic<A extends readonly unknown[] = readonly unknown[], K extends Kwargs = Kwargs>(
  uri: string,
): Topic<A, K> {
  return { uri };
}

/** Returns the URI of a string or descriptor. */
export function uriOf(target: string | { readonly uri: string }): string {
  if (typeof target === "string") return target;
  if (target && typeof target.uri === "string") return target.uri;
  throw new TypeError("Invalid URI: expected a string or a { uri } descriptor");
}

// ---------------------------------------------------------------------------
// Caller

/**
 * Options of `session.call` (camelCase; see {@linkcode callOptionsToWire}).
 *
 * @example Calling with a timeout
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type CallOptions, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.echo", ([x]) => x);
 * const options: CallOptions = { timeout: 5_000 };
 * const echoed = await session.call("com.myapp.echo", ["hi"], {}, options);
 * if (echoed !== "hi") throw new Error(`Unexpected result ${echoed}`);
 * ```
 */
export interface CallOptions {
  /**
   * Milliseconds after which the call fails with `wamp.error.timeout`
   * (advanced profile "Call Timeouts": sent as `CALL.Options.timeout`, and
   * also enforced locally). `0` or absent: no timeout.
   */
  readonly timeout?: number;
  /** Aborting it cancels the call (advanced profile "Call Canceling"). */
  readonly signal?: AbortSignal;
  /** The CANCEL mode used when `signal` aborts. Default `"killnowait"`. */
  readonly cancelMode?: CancelMode;
  /** Ask for progressive results (implied by `onProgress`). */
  readonly receiveProgress?: boolean;
  /** Receives progressive results (advanced profile "Progressive Call Results"). */
  readonly onProgress?: (args: readonly unknown[], kwargs: Kwargs) => void;
  /** Ask the dealer to disclose our identity to the callee. */
  readonly discloseMe?: boolean;
}

// ---------------------------------------------------------------------------
// Callee

/**
 * Invocation policies of shared registrations.
 *
 * @example Sharing a procedure among callees
 * ```ts
 * import type { InvokePolicy, RegisterOptions } from "@autobahn/autobahn/session";
 *
 * const invoke: InvokePolicy = "roundrobin";
 * const options: RegisterOptions = { invoke };
 * if (options.invoke !== "roundrobin") throw new Error("Unexpected policy");
 * ```
 */
export type InvokePolicy = "single" | "roundrobin" | "random" | "first" | "last";

/**
 * Options of `session.register`.
 *
 * @example Registering a prefix pattern
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type RegisterOptions, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const options: RegisterOptions = { match: "prefix", concurrency: 4 };
 * await session.register("com.myapp.", (_args, _kwargs, d) => d.procedure, options);
 * const name = await session.call("com.myapp.ping");
 * if (name !== "com.myapp.ping") throw new Error(`Unexpected result ${name}`);
 * ```
 */
export interface RegisterOptions {
  /** Matching policy (advanced profile "Pattern-based Registration"). Default `"exact"`. */
  readonly match?: MatchPolicy;
  /** Invocation policy (advanced profile "Shared Registration"). Default `"single"`. */
  readonly invoke?: InvokePolicy;
  /**
   * Most invocations of this procedure running at once in this session; more
   * are answered with `wamp.error.unavailable` (advanced profile "Call
   * Rerouting") and the limit is also sent to the router as
   * `REGISTER.Options.concurrency`. Default: unlimited.
   */
  readonly concurrency?: number;
  /** Take over an existing registration of the URI (Crossbar's `force_reregister`). */
  readonly forceReregister?: boolean;
  /** Ask the dealer to disclose every caller (`disclose_caller`). */
  readonly discloseCaller?: boolean;
}

/**
 * What a procedure learns about one call.
 *
 * @example Reading the details of a call
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type CallDetails, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const whoCalled = (_args: unknown[], _kwargs: object, details: CallDetails) => details.caller;
 * await session.register("com.myapp.whoami", whoCalled, { discloseCaller: true });
 * const caller = await session.call("com.myapp.whoami");
 * if (caller !== session.id) throw new Error(`Unexpected caller ${caller}`);
 * ```
 */
export interface CallDetails {
  /** The registration ID the call came in under. */
  readonly registration: number;
  /** The concrete procedure URI (the registered one for exact matching). */
  readonly procedure: string;
  /** The caller's session ID, when disclosed (advanced profile "Caller Identification"). */
  readonly caller?: number;
  /** The caller's authid, when disclosed. */
  readonly callerAuthid?: string;
  /** The caller's authrole, when disclosed. */
  readonly callerAuthrole?: string;
  /** The call's trust level, when the router assigns one. */
  readonly trustlevel?: number;
  /** The timeout the dealer applies, in milliseconds, when the caller set one. */
  readonly timeout?: number;
  /**
   * Sends a progressive result; present only when the caller asked for them
   * (advanced profile "Progressive Call Results").
   */
  readonly progress?: (args?: readonly unknown[], kwargs?: Kwargs) => void;
  /** Aborted when the dealer interrupts the invocation (INTERRUPT) or the session ends. */
  readonly signal: AbortSignal;
  /**
   * The following argument chunks when the caller sends its arguments in parts
   * (advanced profile "Progressive Call Invocations"); the handler's own
   * `args`/`kwargs` are the first chunk. Ends after the final chunk.
   */
  readonly input?: AsyncIterable<CallResult>;
}

/**
 * A procedure implementation.
 *
 * @example A handler typed once, registered later
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { procedure, type ProcedureHandler, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const add2 = procedure<[number, number], number>("com.myapp.add2");
 * const handler: ProcedureHandler<[number, number], number> = ([a, b]) => a + b;
 * await session.register(add2, handler);
 * if (await session.call(add2, [2, 3]) !== 5) throw new Error("Unexpected sum");
 * ```
 */
export type ProcedureHandler<
  A extends readonly unknown[] = readonly unknown[],
  R = unknown,
  K extends Kwargs = Kwargs,
> = (
  args: A,
  kwargs: K,
  details: CallDetails,
) => HandlerResult<R>;

/**
 * What a typed procedure may return: the result, a {@linkcode CallResult}, or a promise of either.
 *
 * @example Returning a plain value or a CallResult
 * ```ts
 * import { CallResult, type HandlerResult } from "@autobahn/autobahn/session";
 *
 * function divmod(a: number, b: number): HandlerResult<never> {
 *   return new CallResult([Math.floor(a / b), a % b]);
 * }
 * const result = divmod(7, 2);
 * if (!(result instanceof CallResult) || result.args[1] !== 1) throw new Error("Unexpected");
 * ```
 */
export type HandlerResult<R> = R | CallResult | Promise<R | CallResult>;

// ---------------------------------------------------------------------------
// Publisher

/**
 * Options of `session.publish` (see {@linkcode publishOptionsToWire}).
 *
 * @example Publishing with acknowledgement
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type PublishOptions, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const options: PublishOptions & { acknowledge: true } = { acknowledge: true, retain: true };
 * const publication = await session.publish("com.myapp.hello", ["Hello"], {}, options);
 * if (publication.topic !== "com.myapp.hello") throw new Error(publication.topic);
 * ```
 */
export interface PublishOptions {
  /** Ask for PUBLISHED/ERROR; only then does `publish` return a promise. */
  readonly acknowledge?: boolean;
  /** Exclude ourselves from receivers (the broker's default is `true`). */
  readonly excludeMe?: boolean;
  /** Session IDs not to receive the event. */
  readonly exclude?: readonly number[];
  /** Session IDs allowed to receive the event. */
  readonly eligible?: readonly number[];
  /** Authids not to receive the event. */
  readonly excludeAuthid?: readonly string[];
  /** Authids allowed to receive the event. */
  readonly eligibleAuthid?: readonly string[];
  /** Authroles not to receive the event. */
  readonly excludeAuthrole?: readonly string[];
  /** Authroles allowed to receive the event. */
  readonly eligibleAuthrole?: readonly string[];
  /** Ask the broker to disclose us to the subscribers. */
  readonly discloseMe?: boolean;
  /** Ask the broker to retain the event (advanced profile "Event Retention"). */
  readonly retain?: boolean;
}

/**
 * An acknowledged publication.
 *
 * @example The publication an acknowledged publish resolves to
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type Publication, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const pub: Publication = await session.publish("com.myapp.hello", [], {}, { acknowledge: true });
 * if (typeof pub.id !== "number") throw new Error("Expected a publication ID");
 * ```
 */
export interface Publication {
  /** The publication ID the broker assigned. */
  readonly id: number;
  /** The topic published to. */
  readonly topic: string;
}

// ---------------------------------------------------------------------------
// Subscriber

/**
 * Options of `session.subscribe` and `session.events`.
 *
 * @example Subscribing to a topic prefix
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, type SubscribeOptions } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const got = Promise.withResolvers<string>();
 * const options: SubscribeOptions = { match: "prefix" };
 * await session.subscribe("com.myapp.", (_args, _kwargs, d) => got.resolve(d.topic), options);
 * session.publish("com.myapp.news", [], {}, { excludeMe: false });
 * if (await got.promise !== "com.myapp.news") throw new Error("Unexpected topic");
 * ```
 */
export interface SubscribeOptions {
  /** Matching policy (advanced profile "Pattern-based Subscription"). Default `"exact"`. */
  readonly match?: MatchPolicy;
  /** Ask for the retained event, if any (advanced profile "Event Retention"). */
  readonly getRetained?: boolean;
}

/**
 * What a subscriber learns about one event.
 *
 * @example Learning the publisher of an event
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type EventDetails, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const got = Promise.withResolvers<EventDetails>();
 * await session.subscribe("com.myapp.hello", (_args, _kwargs, details) => got.resolve(details));
 * session.publish("com.myapp.hello", [], {}, { excludeMe: false, discloseMe: true });
 * const details = await got.promise;
 * if (details.publisher !== session.id) throw new Error("Publisher not disclosed");
 * ```
 */
export interface EventDetails {
  /** The subscription the event came in under. */
  readonly subscription: number;
  /** The publication ID. */
  readonly publication: number;
  /** The concrete topic (for pattern subscriptions the one published to). */
  readonly topic: string;
  /** The publisher's session ID, when disclosed. */
  readonly publisher?: number;
  /** The publisher's authid, when disclosed. */
  readonly publisherAuthid?: string;
  /** The publisher's authrole, when disclosed. */
  readonly publisherAuthrole?: string;
  /** The event's trust level, when the router assigns one. */
  readonly trustlevel?: number;
  /** True when this is a retained event delivered on subscribe. */
  readonly retained: boolean;
}

/**
 * An event handler; what it returns is ignored (a rejected promise is logged).
 *
 * @example A typed event handler
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type EventHandler, Session, topic } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const got = Promise.withResolvers<string>();
 * const onHello: EventHandler<[string]> = ([text]) => got.resolve(text.toUpperCase());
 * await session.subscribe(topic<[string]>("com.myapp.hello"), onHello);
 * session.publish("com.myapp.hello", ["hi"], {}, { excludeMe: false });
 * if (await got.promise !== "HI") throw new Error("Unexpected event");
 * ```
 */
export type EventHandler<
  A extends readonly unknown[] = readonly unknown[],
  K extends Kwargs = Kwargs,
> = (args: A, kwargs: K, details: EventDetails) => unknown;

/**
 * One event, as `session.events()` yields it.
 *
 * @example Iterating events
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, type WampEvent } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * setTimeout(() => session.publish("com.myapp.hello", ["hi"], {}, { excludeMe: false }), 10);
 * for await (const event of session.events("com.myapp.hello")) {
 *   const e: WampEvent = event;
 *   if (e.args[0] !== "hi" || e.details.retained) throw new Error("Unexpected event");
 *   break;
 * }
 * ```
 */
export interface WampEvent<
  A extends readonly unknown[] = readonly unknown[],
  K extends Kwargs = Kwargs,
> {
  /** Positional payload. */
  readonly args: A;
  /** Keyword payload. */
  readonly kwargs: K;
  /** Details of the event. */
  readonly details: EventDetails;
}

// ---------------------------------------------------------------------------
// Lifecycle

/**
 * A CHALLENGE from the router (advanced profile "Authentication").
 *
 * @example Answering a ticket challenge
 * ```ts
 * import type { Challenge, ChallengeResponse } from "@autobahn/autobahn/session";
 *
 * function answer(challenge: Challenge): ChallengeResponse {
 *   if (challenge.method === "ticket") return "secret!!!";
 *   throw new Error(`Unsupported authmethod ${challenge.method}`);
 * }
 * if (answer({ method: "ticket", extra: {} }) !== "secret!!!") throw new Error("Wrong answer");
 * ```
 */
export interface Challenge {
  /** The authentication method, e.g. `"ticket"`, `"wampcra"`, `"cryptosign"`. */
  readonly method: string;
  /** Method-specific data (`challenge`, `salt`, ...). */
  readonly extra: WampDict;
}

/**
 * An AUTHENTICATE answer: a signature alone or with extra data.
 *
 * @example A signature with extra data
 * ```ts
 * import type { ChallengeResponse } from "@autobahn/autobahn/session";
 *
 * const response: ChallengeResponse = { signature: "deadbeef", extra: { channel_binding: null } };
 * if (typeof response === "string") throw new Error("Expected an object");
 * ```
 */
export type ChallengeResponse = string | { readonly signature: string; readonly extra?: WampDict };

/**
 * Computes the answer to a CHALLENGE; may be async. Throwing aborts the join.
 *
 * @example An asynchronous challenge handler
 * ```ts
 * import type { ChallengeHandler } from "@autobahn/autobahn/session";
 *
 * const onChallenge: ChallengeHandler = async (challenge) => {
 *   if (challenge.method !== "ticket") throw new Error(`Unsupported ${challenge.method}`);
 *   return await Promise.resolve("secret!!!");
 * };
 * if (await onChallenge({ method: "ticket", extra: {} }) !== "secret!!!") throw new Error();
 * ```
 */
export type ChallengeHandler = (
  challenge: Challenge,
) => ChallengeResponse | Promise<ChallengeResponse>;

/**
 * Options of `session.join` (HELLO.Details).
 *
 * @example Joining with ticket authentication
 * ```ts
 * import type { JoinOptions } from "@autobahn/autobahn/session";
 *
 * const options: JoinOptions = {
 *   authmethods: ["ticket"],
 *   authid: "alice",
 *   onChallenge: () => "secret!!!",
 * };
 * // await session.join("realm1", options);
 * if (options.authmethods?.[0] !== "ticket") throw new Error("Unexpected authmethods");
 * ```
 */
export interface JoinOptions {
  /** Authentication methods offered, in order of preference. */
  readonly authmethods?: readonly string[];
  /** The authid (user name) asked for. */
  readonly authid?: string;
  /** The authrole asked for. */
  readonly authrole?: string;
  /** Method-specific extra data. */
  readonly authextra?: WampDict;
  /** Answers CHALLENGE messages; overrides the session's `onChallenge`. */
  readonly onChallenge?: ChallengeHandler;
}

/**
 * The session's details, from WELCOME (basic profile "WELCOME").
 *
 * @example What a join resolves to
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { Session, type SessionDetails } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * const details: SessionDetails = await session.join("realm1", { authid: "alice" });
 * if (details.authid !== "alice" || details.realm !== "realm1") throw new Error("Unexpected");
 * if (!details.routerRoles.broker) throw new Error("Expected the broker role");
 * ```
 */
export interface SessionDetails {
  /** The realm joined. */
  readonly realm: string;
  /** The session ID. */
  readonly session: number;
  /** The authenticated authid. */
  readonly authid?: string;
  /** The authenticated authrole. */
  readonly authrole?: string;
  /** The method that authenticated the session. */
  readonly authmethod?: string;
  /** The authentication provider. */
  readonly authprovider?: string;
  /** Method-specific extra data from the router. */
  readonly authextra?: WampDict;
  /** The router's roles and features. */
  readonly routerRoles: { readonly [role: string]: RoleDetails | undefined };
  /** The router implementation, if announced. */
  readonly routerAgent?: string;
  /** The serialization format, when known. */
  readonly serializer?: SerializerName;
  /** The transport the session runs on, when known. */
  readonly transport?: TransportDetails;
}

/**
 * Who ended a session.
 *
 * @example Telling who ended a session
 * ```ts
 * import type { LeaveDetails, LeaveInitiator } from "@autobahn/autobahn/session";
 *
 * const byUs = (details: LeaveDetails): boolean => details.initiator === "local";
 * const initiator: LeaveInitiator = "router";
 * if (byUs({ reason: "wamp.close.system_shutdown", initiator })) throw new Error("Not us");
 * ```
 */
export type LeaveInitiator = "local" | "router" | "protocol_violation" | "transport";

/**
 * How a session ended.
 *
 * @example What leave resolves to
 * ```ts
 * import { startRouter } from "@autobahn/autobahn/router";
 * import { type LeaveDetails, Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * const details: LeaveDetails = await session.leave();
 * if (details.initiator !== "local") throw new Error(`Unexpected ${details.initiator}`);
 * ```
 */
export interface LeaveDetails {
  /** The GOODBYE/ABORT reason URI, or `wamp.close.transport_lost`. */
  readonly reason: string;
  /** A human-readable message, if any. */
  readonly message?: string;
  /** Who ended it. */
  readonly initiator: LeaveInitiator;
}

/**
 * The local close reason when the transport goes away (as Autobahn reports it).
 *
 * @example Telling a lost transport from a regular close
 * ```ts
 * import { type LeaveDetails, TRANSPORT_LOST } from "@autobahn/autobahn/session";
 *
 * const lost = (d: LeaveDetails) => d.reason === TRANSPORT_LOST;
 * if (!lost({ reason: "wamp.close.transport_lost", initiator: "transport" })) throw new Error();
 * ```
 */
export const TRANSPORT_LOST = "wamp.close.transport_lost";

// ---------------------------------------------------------------------------
// camelCase ⇄ wire snake_case: the one place

type Table = readonly (readonly [string, string])[];

function toWire(options: object, table: Table): WampDict {
  const src = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [camel, snake] of table) {
    const v = src[camel];
    if (v !== undefined) out[snake] = v;
  }
  return out;
}

const CALL_KEYS: Table = [
  ["timeout", "timeout"],
  ["receiveProgress", "receive_progress"],
  ["discloseMe", "disclose_me"],
];
const REGISTER_KEYS: Table = [
  ["match", "match"],
  ["invoke", "invoke"],
  ["concurrency", "concurrency"],
  ["forceReregister", "force_reregister"],
  ["discloseCaller", "disclose_caller"],
];
const PUBLISH_KEYS: Table = [
  ["acknowledge", "acknowledge"],
  ["excludeMe", "exclude_me"],
  ["exclude", "exclude"],
  ["eligible", "eligible"],
  ["excludeAuthid", "exclude_authid"],
  ["eligibleAuthid", "eligible_authid"],
  ["excludeAuthrole", "exclude_authrole"],
  ["eligibleAuthrole", "eligible_authrole"],
  ["discloseMe", "disclose_me"],
  ["retain", "retain"],
];
const SUBSCRIBE_KEYS: Table = [["match", "match"], ["getRetained", "get_retained"]];

/**
 * `CALL.Options` from {@linkcode CallOptions}: `timeout` only when positive,
 * `receive_progress` when asked for or when `onProgress` is given.
 */
export function callOptionsToWire(options: CallOptions): WireCallOptions {
  const wire = toWire(options, CALL_KEYS) as Record<string, unknown>;
  // Advanced profile "Call Timeouts": a timeout of 0 deactivates it; it is the default.
  if (!(typeof options.timeout === "number" && options.timeout > 0)) delete wire.timeout;
  if (options.onProgress) wire.receive_progress = true;
  if (wire.receive_progress === false) delete wire.receive_progress;
  return wire as WireCallOptions;
}

/** `REGISTER.Options` from {@linkcode RegisterOptions}; `match: "exact"` and `invoke: "single"` are omitted. */
export function registerOptionsToWire(options: RegisterOptions): WireRegisterOptions {
  const wire = toWire(options, REGISTER_KEYS) as Record<string, unknown>;
  if (wire.match === "exact") delete wire.match;
  if (wire.invoke === "single") delete wire.invoke;
  return wire as WireRegisterOptions;
}

/** `PUBLISH.Options` from {@linkcode PublishOptions}. */
export function publishOptionsToWire(options: PublishOptions): WirePublishOptions {
  return toWire(options, PUBLISH_KEYS) as WirePublishOptions;
}

/** `SUBSCRIBE.Options` from {@linkcode SubscribeOptions}; `match: "exact"` is omitted. */
export function subscribeOptionsToWire(options: SubscribeOptions): WireSubscribeOptions {
  const wire = toWire(options, SUBSCRIBE_KEYS) as Record<string, unknown>;
  if (wire.match === "exact") delete wire.match;
  return wire as WireSubscribeOptions;
}

/**
 * The camelCase view of `INVOCATION.Details` that the session core hands out.
 *
 * @example The camelCase view of INVOCATION details
 * ```ts
 * import type { InvocationInfo } from "@autobahn/autobahn/session";
 *
 * const info: InvocationInfo = {
 *   procedure: "com.myapp.add2",
 *   caller: 42,
 *   receiveProgress: false,
 *   progress: false,
 * };
 * if (info.receiveProgress) throw new Error("Unexpected progressive call");
 * ```
 */
export interface InvocationInfo {
  /** The concrete procedure, or the registered URI for exact registrations. */
  readonly procedure: string;
  /** The caller's session ID, when disclosed. */
  readonly caller?: number;
  /** The caller's authid, when disclosed. */
  readonly callerAuthid?: string;
  /** The caller's authrole, when disclosed. */
  readonly callerAuthrole?: string;
  /** The trust level, if any. */
  readonly trustlevel?: number;
  /** The dealer's timeout, in ms, if any. */
  readonly timeout?: number;
  /** The caller accepts progressive results. */
  readonly receiveProgress: boolean;
  /** More argument chunks follow (progressive call invocations). */
  readonly progress: boolean;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** Reads `INVOCATION.Details`; `registered` is the URI the registration was made under. */
export function invocationInfoFromWire(
  details: WireInvocationDetails,
  registered: string,
): InvocationInfo {
  return {
    procedure: str(details.procedure) ?? registered,
    caller: num(details.caller),
    callerAuthid: str(details.caller_authid),
    callerAuthrole: str(details.caller_authrole),
    trustlevel: num(details.trustlevel),
    timeout: num(details.timeout),
    receiveProgress: details.receive_progress === true,
    progress: details.progress === true,
  };
}

/** Reads `EVENT.Details` into {@linkcode EventDetails}; `subscribed` is the subscription's topic. */
export function eventDetailsFromWire(
  details: WireEventDetails,
  subscription: number,
  publication: number,
  subscribed: string,
): EventDetails {
  return {
    subscription,
    publication,
    topic: str(details.topic) ?? subscribed,
    publisher: num(details.publisher),
    publisherAuthid: str(details.publisher_authid),
    publisherAuthrole: str(details.publisher_authrole),
    trustlevel: num(details.trustlevel),
    retained: details.retained === true,
  };
}

/** Builds {@linkcode SessionDetails} from WELCOME. */
export function sessionDetailsFromWelcome(
  realm: string,
  session: number,
  details: WelcomeDetails,
  transport?: TransportDetails,
): SessionDetails {
  return {
    realm: str(details.realm) ?? realm,
    session,
    authid: str(details.authid),
    authrole: str(details.authrole),
    authmethod: str(details.authmethod),
    authprovider: str(details.authprovider),
    authextra: details.authextra,
    routerRoles: details.roles,
    routerAgent: str(details.agent),
    serializer: transport?.serializer,
    transport,
  };
}
