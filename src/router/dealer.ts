/**
 * The dealer: registrations (exact, prefix, wildcard; most specific wins),
 * shared registrations with invocation policies, call routing with the
 * advanced RPC features (progressive results and invocations, timeouts,
 * canceling, caller identification, concurrency limits, payload passthru),
 * registration revocation, and the registration meta events.
 *
 * @module
 */
import { MessageType } from "../wamp/codes.ts";
import { ProtocolError } from "../wamp/errors.ts";
import {
  type CallMessage,
  type CancelMessage,
  InterruptMessage,
  InvocationMessage,
  ResultMessage,
  type YieldMessage,
} from "../wamp/messages_rpc.ts";
import {
  RegisteredMessage,
  type RegisterMessage,
  UnregisteredMessage,
  type UnregisterMessage,
} from "../wamp/messages_registration.ts";
import { ErrorMessage } from "../wamp/messages_session.ts";
import type { CancelMode, WampDict } from "../wamp/types.ts";
import { isPayloadPassthru } from "../wamp/types.ts";
import { ErrorUri, type MatchPolicy, MetaUri } from "../wamp/uri.ts";
import { newGlobalId } from "../util/ids.ts";
import { UriMatcher } from "./matcher.ts";
import { callMeta } from "./meta.ts";
import type { Realm } from "./realm.ts";
import type { RouterSession } from "./session.ts";

/**
 * Invocation policies of shared registrations (advanced profile "Shared Registration").
 *
 * @example A shared registration, as the dealer sees it
 * ```ts
 * import { type InvokePolicy, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.work", () => "done", { invoke: "roundrobin" });
 * const policy: InvokePolicy =
 *   router.router.getRealm("realm1")!.dealer.match("com.myapp.work")!.invoke;
 * if (policy !== "roundrobin") throw new Error(`Unexpected policy ${policy}`);
 * ```
 */
export type InvokePolicy = "single" | "first" | "last" | "roundrobin" | "random";

const INVOKE_POLICIES: ReadonlySet<string> = new Set([
  "single",
  "first",
  "last",
  "roundrobin",
  "random",
]);

/**
 * One callee attached to a registration.
 *
 * @example The callees of a registration
 * ```ts
 * import { type RegistrationCallee, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.work", () => "done", { concurrency: 2 });
 * const reg = router.router.getRealm("realm1")!.dealer.match("com.myapp.work")!;
 * const callee: RegistrationCallee = reg.callees[0]!;
 * if (callee.session.id !== session.id || callee.concurrency !== 2) throw new Error();
 * ```
 */
export interface RegistrationCallee {
  /** The callee session. */
  readonly session: RouterSession;
  /** The most invocations it runs at once; 0 means unlimited (`REGISTER.Options.concurrency`). */
  readonly concurrency: number;
  /** Invocations it runs now. */
  readonly running: number;
}

/**
 * One registration: a procedure or pattern with its policies and callees.
 *
 * @example Looking up a registration
 * ```ts
 * import { type Registration, startRouter } from "@autobahn/autobahn/router";
 * import { Session } from "@autobahn/autobahn/session";
 *
 * await using router = await startRouter({
 *   version: 2,
 *   workers: [{ type: "router", realms: [{ name: "realm1" }], transports: [] }],
 * });
 * await using session = new Session(router.connectInProcess());
 * await session.join("realm1");
 * await session.register("com.myapp.", () => "done", { match: "prefix" });
 * const dealer = router.router.getRealm("realm1")!.dealer;
 * const reg: Registration | undefined = dealer.lookup("com.myapp.", "prefix");
 * if (reg?.match !== "prefix" || dealer.match("com.myapp.ping") !== reg) throw new Error();
 * ```
 */
export interface Registration {
  /** The registration ID (router scope). */
  readonly id: number;
  /** The procedure URI or pattern. */
  readonly uri: string;
  /** The match policy. */
  readonly match: MatchPolicy;
  /** The invocation policy. */
  readonly invoke: InvokePolicy;
  /** When it was created (ISO 8601). */
  readonly created: string;
  /** The callees, in registration order. */
  readonly callees: readonly RegistrationCallee[];
}

interface Callee extends RegistrationCallee {
  running: number;
  readonly discloseCaller: boolean;
}

interface RegistrationRecord extends Registration {
  readonly callees: Callee[];
  next: number;
}

interface PendingCall {
  readonly caller: RouterSession;
  readonly callerRequestId: number;
  readonly callee: Callee;
  readonly invocationId: number;
  readonly registration: number;
  readonly receiveProgress: boolean;
  /** Details of every INVOCATION of this call but `progress` (frozen options). */
  readonly details: WampDict;
  /** The caller may still send progressive CALL chunks. */
  streaming: boolean;
  /** A CANCEL in mode `kill` was forwarded; waiting for the callee. */
  killed: boolean;
  timer: unknown;
}

const PPT_KEYS = ["ppt_scheme", "ppt_serializer", "ppt_cipher", "ppt_keyid"] as const;

function pptDetails(options: WampDict, into: Record<string, unknown>): void {
  if (!isPayloadPassthru(options)) return;
  for (const k of PPT_KEYS) if (options[k] !== undefined) into[k] = options[k];
}

/**
 * The RPC router of one realm (basic profile "Remote Procedure Calls",
 * advanced profile RPC features).
 *
 * @example Counting registrations and pending calls
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
 * await session.register("com.myapp.add2", ([a, b]) => a + b);
 * const dealer = router.router.getRealm("realm1")!.dealer;
 * if (await session.call("com.myapp.add2", [2, 3]) !== 5) throw new Error("Unexpected sum");
 * if (dealer.registrations.size !== 1 || dealer.pendingCalls !== 0) throw new Error();
 * ```
 */
export class Dealer {
  readonly #realm: Realm;
  readonly #matcher = new UriMatcher<RegistrationRecord>();
  readonly #byId = new Map<number, RegistrationRecord>();
  readonly #bySession = new Map<RouterSession, Set<RegistrationRecord>>();
  readonly #byCaller = new Map<RouterSession, Map<number, PendingCall>>();
  readonly #byCallee = new Map<RouterSession, Map<number, PendingCall>>();

  /**
   * Creates the dealer of `realm`.
   *
   * @param realm The realm.
   */
  constructor(realm: Realm) {
    this.#realm = realm;
  }

  /** Every registration, by ID. */
  get registrations(): ReadonlyMap<number, Registration> {
    return this.#byId;
  }

  /** Returns the registration stored under exactly this procedure and policy. */
  lookup(uri: string, match: MatchPolicy): Registration | undefined {
    return this.#matcher.get(uri, match);
  }

  /** Returns the registration a call of `procedure` is routed to. */
  match(procedure: string): Registration | undefined {
    return this.#matcher.matchBest(procedure);
  }

  /** The number of calls in flight. */
  get pendingCalls(): number {
    let n = 0;
    for (const m of this.#byCaller.values()) n += m.size;
    return n;
  }

  // -- REGISTER / UNREGISTER -------------------------------------------------

  /** Handles REGISTER (basic profile "Registering and Unregistering"). */
  register(session: RouterSession, msg: RegisterMessage): void {
    const fail = (error: string, text: string): void =>
      void session.send(
        new ErrorMessage({
          requestType: MessageType.REGISTER,
          requestId: msg.requestId,
          error,
          args: [text],
        }),
      );
    const o = msg.options;
    const match = o.match ?? "exact";
    if (match !== "exact" && match !== "prefix" && match !== "wildcard") {
      return fail(ErrorUri.INVALID_ARGUMENT, `unknown match policy "${String(match)}"`);
    }
    const invoke = o.invoke ?? "single";
    if (!INVOKE_POLICIES.has(invoke)) {
      return fail(ErrorUri.INVALID_ARGUMENT, `unknown invocation policy "${String(invoke)}"`);
    }
    const concurrency = o["concurrency"] ?? 0;
    if (!Number.isInteger(concurrency) || (concurrency as number) < 0) {
      return fail(ErrorUri.INVALID_ARGUMENT, "option concurrency must be a positive integer");
    }
    // Basic profile "Reserved URIs": `wamp.` procedures belong to the router.
    if (msg.procedure.startsWith("wamp.")) {
      return fail(ErrorUri.INVALID_URI, `procedure "${msg.procedure}" is reserved for the router`);
    }
    this.#realm.authorize(
      session,
      msg.procedure,
      "register",
      o,
      MessageType.REGISTER,
      msg.requestId,
      () => {
        let reg = this.#matcher.get(msg.procedure, match);
        if (reg && o["force_reregister"] === true) {
          // Crossbar's force_reregister: the newcomer takes the procedure over;
          // the others' registrations are revoked.
          for (const c of [...reg.callees]) {
            if (c.session !== session) this.#revokeCallee(reg, c, "force_reregister");
          }
          reg = this.#byId.has(reg.id) ? reg : undefined;
        }
        if (reg) {
          // Advanced profile "Shared Registration": with `single` every later
          // REGISTER fails; otherwise the policy must equal the first one's.
          if (reg.invoke === "single" || reg.invoke !== invoke) {
            return fail(
              ErrorUri.PROCEDURE_ALREADY_EXISTS,
              `procedure "${msg.procedure}" is already registered (invoke "${reg.invoke}")`,
            );
          }
          if (reg.callees.some((c) => c.session === session)) {
            return fail(
              ErrorUri.PROCEDURE_ALREADY_EXISTS,
              `session already registered "${msg.procedure}"`,
            );
          }
        }
        let created = false;
        if (!reg) {
          reg = {
            id: newGlobalId(),
            uri: msg.procedure,
            match,
            invoke: invoke as InvokePolicy,
            created: new Date(this.#realm.scheduler.now()).toISOString(),
            callees: [],
            next: 0,
          };
          this.#matcher.set(reg.uri, match, reg);
          this.#byId.set(reg.id, reg);
          created = true;
        }
        reg.callees.push({
          session,
          concurrency: concurrency as number,
          running: 0,
          discloseCaller: o.disclose_caller === true,
        });
        let mine = this.#bySession.get(session);
        if (!mine) this.#bySession.set(session, mine = new Set());
        mine.add(reg);
        session.send(new RegisteredMessage({ requestId: msg.requestId, registration: reg.id }));
        // Advanced profile "Registration Meta API": on_register follows on_create.
        if (created) {
          this.#meta(MetaUri.REGISTRATION_ON_CREATE, [session.id, registrationDetails(reg)]);
        }
        this.#meta(MetaUri.REGISTRATION_ON_REGISTER, [session.id, reg.id]);
      },
    );
  }

  /** Handles UNREGISTER. */
  unregister(session: RouterSession, msg: UnregisterMessage): void {
    const reg = this.#byId.get(msg.registration);
    const callee = reg?.callees.find((c) => c.session === session);
    if (!reg || !callee) {
      session.send(
        new ErrorMessage({
          requestType: MessageType.UNREGISTER,
          requestId: msg.requestId,
          error: ErrorUri.NO_SUCH_REGISTRATION,
        }),
      );
      return;
    }
    this.#detach(reg, callee);
    session.send(new UnregisteredMessage({ requestId: msg.requestId }));
    this.#afterDetach(session, reg, false);
  }

  /**
   * Revokes a registration for all its callees (advanced profile
   * "Registration Revocation": UNREGISTERED with request ID 0, sent to
   * callees that announced the feature).
   *
   * @returns Whether the registration existed.
   */
  revoke(registrationId: number, reason?: string): boolean {
    const reg = this.#byId.get(registrationId);
    if (!reg) return false;
    for (const c of [...reg.callees]) this.#revokeCallee(reg, c, reason);
    return true;
  }

  #revokeCallee(reg: RegistrationRecord, c: Callee, reason: string | undefined): void {
    this.#detach(reg, c);
    if (c.session.hasFeature("callee", "registration_revocation")) {
      c.session.send(
        new UnregisteredMessage({
          requestId: 0,
          details: { registration: reg.id, ...(reason ? { reason } : {}) },
        }),
      );
    }
    this.#afterDetach(c.session, reg, false);
  }

  #detach(reg: RegistrationRecord, c: Callee): void {
    const i = reg.callees.indexOf(c);
    if (i >= 0) {
      reg.callees.splice(i, 1);
      if (reg.next > i) reg.next--;
    }
    this.#bySession.get(c.session)?.delete(reg);
    if (reg.callees.length === 0) {
      this.#matcher.delete(reg.uri, reg.match);
      this.#byId.delete(reg.id);
    }
  }

  #afterDetach(session: RouterSession, reg: RegistrationRecord, silent: boolean): void {
    if (silent) return;
    // Advanced profile "Registration Meta API": on_delete MUST be preceded by on_unregister.
    this.#meta(MetaUri.REGISTRATION_ON_UNREGISTER, [session.id, reg.id]);
    if (reg.callees.length === 0) this.#meta(MetaUri.REGISTRATION_ON_DELETE, [session.id, reg.id]);
  }

  // -- CALL ----------------------------------------------------------------

  /** Handles CALL (basic profile "Calling and Invocations"). */
  call(caller: RouterSession, msg: CallMessage): void {
    const o = msg.options;
    const progress = o.progress === true;
    const pending = this.#byCaller.get(caller)?.get(msg.requestId);
    if (pending) {
      // Advanced profile "Progressive Call Invocations": later chunks carry
      // the same request ID and go to the same callee with the same
      // INVOCATION request ID; only `progress` of their options counts.
      if (!pending.streaming) {
        throw new ProtocolError(`CALL with request ID ${msg.requestId}, which is in use`);
      }
      if (!progress) pending.streaming = false;
      if (pending.killed) return;
      const details = progress ? { ...pending.details, progress: true } : pending.details;
      this.#sendInvocation(pending, details, msg.args, msg.kwargs);
      return;
    }
    if (progress && !caller.hasFeature("caller", "progressive_call_invocations")) {
      // Advanced profile "Progressive Call Invocations": MUST be treated as a protocol error.
      throw new ProtocolError(
        "CALL with progress, but the caller did not announce progressive_call_invocations",
      );
    }
    const ppt = isPayloadPassthru(o);
    if (ppt && !caller.hasFeature("caller", "payload_passthru_mode")) {
      // Advanced profile "Payload Passthru Mode": a protocol error.
      throw new ProtocolError("CALL with payload passthru, but the caller did not announce it");
    }
    const fail = (error: string, text: string): void =>
      void caller.send(
        new ErrorMessage({
          requestType: MessageType.CALL,
          requestId: msg.requestId,
          error,
          args: [text],
        }),
      );
    const timeout = o.timeout ?? 0;
    if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 0) {
      return fail(ErrorUri.INVALID_ARGUMENT, "option timeout must be a non-negative integer");
    }
    this.#realm.authorize(
      caller,
      msg.procedure,
      "call",
      o,
      MessageType.CALL,
      msg.requestId,
      (disclose) => {
        if (msg.procedure.startsWith("wamp.")) return this.#callMeta(caller, msg, progress);
        this.#route(caller, msg, progress, ppt, timeout, disclose, fail);
      },
    );
  }

  #callMeta(caller: RouterSession, msg: CallMessage, progress: boolean): void {
    const out = progress
      ? {
        error: ErrorUri.FEATURE_NOT_SUPPORTED,
        args: ["meta procedures take no progressive calls"],
      }
      : callMeta(this.#realm, caller, msg.procedure, msg.args, msg.kwargs);
    if ("error" in out) {
      caller.send(
        new ErrorMessage({
          requestType: MessageType.CALL,
          requestId: msg.requestId,
          error: out.error,
          args: out.args,
        }),
      );
    } else {
      caller.send(
        new ResultMessage({ requestId: msg.requestId, args: out.args, kwargs: out.kwargs }),
      );
    }
  }

  #route(
    caller: RouterSession,
    msg: CallMessage,
    progress: boolean,
    ppt: boolean,
    timeout: number,
    disclose: boolean | undefined,
    fail: (error: string, text: string) => void,
  ): void {
    const o = msg.options;
    const reg = this.#matcher.matchBest(msg.procedure);
    if (!reg) {
      return fail(ErrorUri.NO_SUCH_PROCEDURE, `no callee registered procedure "${msg.procedure}"`);
    }
    const callee = pick(reg);
    if (!callee) {
      return fail(
        ErrorUri.NO_AVAILABLE_CALLEE,
        `every callee of "${msg.procedure}" runs its maximum of concurrent invocations`,
      );
    }
    const cs = callee.session;
    // Advanced profile "Progressive Call Invocations": the callee must
    // support it and call canceling, else feature_not_supported.
    if (
      progress &&
      !(cs.hasFeature("callee", "progressive_call_invocations") &&
        cs.hasFeature("callee", "call_canceling"))
    ) {
      return fail(ErrorUri.FEATURE_NOT_SUPPORTED, "the callee does not accept progressive calls");
    }
    if (ppt && !cs.hasFeature("callee", "payload_passthru_mode")) {
      return fail(ErrorUri.FEATURE_NOT_SUPPORTED, "the callee does not support payload passthru");
    }
    const details: Record<string, unknown> = {};
    // Advanced profile "Pattern-based Registrations": the concrete procedure
    // goes in INVOCATION.Details.procedure.
    if (reg.match !== "exact") details.procedure = msg.procedure;
    // Advanced profile "Progressive Call Results": only when the caller asked
    // and the callee can send them.
    const receiveProgress = o.receive_progress === true &&
      cs.hasFeature("callee", "progressive_call_results");
    if (receiveProgress) details.receive_progress = true;
    // Advanced profile "Caller Identification".
    if (disclose ?? (o.disclose_me === true || callee.discloseCaller)) {
      details.caller = caller.id;
      details.caller_authid = caller.authid;
      details.caller_authrole = caller.authrole;
    }
    pptDetails(o, details);
    const call: PendingCall = {
      caller,
      callerRequestId: msg.requestId,
      callee,
      // Basic profile "Identifiers": INVOCATION request IDs are session
      // scope, counted per callee session.
      invocationId: cs.nextRequestId(),
      registration: reg.id,
      receiveProgress: o.receive_progress === true,
      details,
      streaming: progress,
      killed: false,
      timer: undefined,
    };
    callee.running++;
    let mine = this.#byCaller.get(caller);
    if (!mine) this.#byCaller.set(caller, mine = new Map());
    mine.set(call.callerRequestId, call);
    let theirs = this.#byCallee.get(cs);
    if (!theirs) this.#byCallee.set(cs, theirs = new Map());
    theirs.set(call.invocationId, call);
    if (timeout > 0) {
      // Advanced profile "Call Timeouts > Dealer-Initiated Timeouts".
      call.timer = this.#realm.scheduler.setTimer(() => this.#timeout(call), timeout);
    }
    this.#sendInvocation(
      call,
      progress ? { ...details, progress: true } : details,
      msg.args,
      msg.kwargs,
    );
  }

  #sendInvocation(
    call: PendingCall,
    details: WampDict,
    args: readonly unknown[],
    kwargs: WampDict,
  ): void {
    const failure = call.callee.session.send(
      new InvocationMessage({
        requestId: call.invocationId,
        registration: call.registration,
        details,
        args,
        kwargs,
      }),
    );
    // A closed callee is cleaned up by its close notice; other failures end the call.
    if (failure !== undefined && failure !== "closed") {
      this.#finish(call);
      this.#errorToCaller(call, failure, ["the invocation could not be delivered"]);
    }
  }

  #timeout(call: PendingCall): void {
    call.timer = undefined;
    if (!this.#isPending(call)) return;
    this.#finish(call);
    // The cancel mode is implicitly killnowait if the callee supports
    // canceling, else skip; the caller gets wamp.error.timeout.
    this.#interrupt(call, "killnowait", ErrorUri.TIMEOUT);
    this.#errorToCaller(call, ErrorUri.TIMEOUT, ["the call timed out"]);
  }

  /** Handles CANCEL (advanced profile "Call Canceling"). */
  cancel(caller: RouterSession, msg: CancelMessage): void {
    const call = this.#byCaller.get(caller)?.get(msg.requestId);
    if (!call) return; // finished already: nothing to cancel
    let mode: CancelMode = msg.options.mode ?? "killnowait";
    // "If the callee does not support call canceling, then behavior is skip."
    if (!call.callee.session.hasFeature("callee", "call_canceling")) mode = "skip";
    if (mode === "kill") {
      // kill: INTERRUPT now, the ERROR (or RESULT) when the callee answers.
      if (call.killed) return;
      call.killed = true;
      call.streaming = false;
      this.#interrupt(call, "kill", ErrorUri.CANCELED);
      return;
    }
    this.#finish(call);
    if (mode === "killnowait") this.#interrupt(call, "killnowait", ErrorUri.CANCELED);
    this.#errorToCaller(call, ErrorUri.CANCELED, ["the call was canceled"]);
  }

  // -- YIELD / ERROR from callees -------------------------------------------

  /** Handles YIELD (basic profile "Calling and Invocations"). */
  yieldResult(callee: RouterSession, msg: YieldMessage): void {
    const o = msg.options;
    const ppt = isPayloadPassthru(o);
    if (ppt && !callee.hasFeature("callee", "payload_passthru_mode")) {
      throw new ProtocolError("YIELD with payload passthru, but the callee did not announce it");
    }
    const call = this.#byCallee.get(callee)?.get(msg.requestId);
    if (!call) return; // canceled, timed out, or the caller left: discarded
    if (ppt && !call.caller.hasFeature("caller", "payload_passthru_mode")) {
      // Advanced profile "Payload Passthru Mode": an application error to the callee.
      callee.send(
        new ErrorMessage({
          requestType: MessageType.INVOCATION,
          requestId: msg.requestId,
          error: ErrorUri.FEATURE_NOT_SUPPORTED,
          args: ["the caller does not support payload passthru"],
        }),
      );
      this.#finish(call);
      this.#errorToCaller(call, ErrorUri.FEATURE_NOT_SUPPORTED, [
        "the result used payload passthru, which the caller does not support",
      ]);
      return;
    }
    const details: Record<string, unknown> = {};
    pptDetails(o, details);
    if (o.progress === true) {
      // Advanced profile "Progressive Call Results": only to callers that asked.
      if (!call.receiveProgress) return;
      details.progress = true;
    } else {
      this.#finish(call);
    }
    const failure = call.caller.send(
      new ResultMessage({
        requestId: call.callerRequestId,
        details,
        args: msg.args,
        kwargs: msg.kwargs,
      }),
    );
    if (failure !== undefined && failure !== "closed") {
      if (o.progress === true) {
        // The invocation still runs: stop it.
        this.#finish(call);
        this.#interrupt(call, "killnowait", failure);
      }
      this.#errorToCaller(call, failure, ["the result could not be delivered"]);
    }
  }

  /** Handles an ERROR answering an INVOCATION. */
  invocationError(callee: RouterSession, msg: ErrorMessage): void {
    const call = this.#byCallee.get(callee)?.get(msg.requestId);
    if (!call) return;
    this.#finish(call);
    call.caller.send(
      new ErrorMessage({
        requestType: MessageType.CALL,
        requestId: call.callerRequestId,
        details: msg.details,
        error: msg.error,
        args: msg.args,
        kwargs: msg.kwargs,
      }),
    );
  }

  /**
   * Cleans up after a leaving session: calls it made are interrupted at the
   * callees (mode killnowait), calls pending on it fail with
   * `wamp.error.canceled`, and its registrations go.
   */
  sessionLeft(session: RouterSession, silent: boolean): void {
    const asCaller = this.#byCaller.get(session);
    if (asCaller) {
      for (const call of [...asCaller.values()]) {
        this.#finish(call);
        // Advanced profile "Progressive Call Invocations > Cancellation": the
        // caller is gone, so INTERRUPT with killnowait.
        this.#interrupt(call, "killnowait", ErrorUri.CANCELED);
      }
      this.#byCaller.delete(session);
    }
    const asCallee = this.#byCallee.get(session);
    if (asCallee) {
      for (const call of [...asCallee.values()]) {
        this.#finish(call);
        this.#errorToCaller(call, ErrorUri.CANCELED, ["the callee left"]);
      }
      this.#byCallee.delete(session);
    }
    const mine = this.#bySession.get(session);
    if (mine) {
      for (const reg of [...mine]) {
        const c = reg.callees.find((x) => x.session === session);
        if (c) {
          this.#detach(reg, c);
          this.#afterDetach(session, reg, silent);
        }
      }
      this.#bySession.delete(session);
    }
  }

  // -- helpers ---------------------------------------------------------------

  #isPending(call: PendingCall): boolean {
    return this.#byCallee.get(call.callee.session)?.get(call.invocationId) === call;
  }

  #finish(call: PendingCall): void {
    if (!this.#isPending(call)) return;
    this.#byCaller.get(call.caller)?.delete(call.callerRequestId);
    this.#byCallee.get(call.callee.session)?.delete(call.invocationId);
    call.callee.running--;
    if (call.timer !== undefined) {
      this.#realm.scheduler.clearTimer(call.timer);
      call.timer = undefined;
    }
  }

  #interrupt(call: PendingCall, mode: CancelMode, reason: string): void {
    const cs = call.callee.session;
    if (!cs.hasFeature("callee", "call_canceling")) return;
    cs.send(new InterruptMessage({ requestId: call.invocationId, options: { mode, reason } }));
  }

  #errorToCaller(call: PendingCall, error: string, args: unknown[]): void {
    call.caller.send(
      new ErrorMessage({
        requestType: MessageType.CALL,
        requestId: call.callerRequestId,
        error,
        args,
      }),
    );
  }

  #meta(topic: string, args: readonly unknown[]): void {
    this.#realm.broker.publishMeta(topic, args);
  }
}

/** The `RegistrationDetails` dict of the registration meta API. */
export function registrationDetails(reg: Registration): WampDict {
  return { id: reg.id, created: reg.created, uri: reg.uri, match: reg.match, invoke: reg.invoke };
}

function available(c: Callee): boolean {
  return c.concurrency === 0 || c.running < c.concurrency;
}

/**
 * Picks the callee per the invocation policy (advanced profile "Shared
 * Registration"), skipping callees at their concurrency limit.
 */
function pick(reg: RegistrationRecord): Callee | undefined {
  const cs = reg.callees;
  const n = cs.length;
  switch (reg.invoke) {
    case "single":
      return available(cs[0]!) ? cs[0] : undefined;
    case "first":
      for (let i = 0; i < n; i++) if (available(cs[i]!)) return cs[i];
      return undefined;
    case "last":
      for (let i = n - 1; i >= 0; i--) if (available(cs[i]!)) return cs[i];
      return undefined;
    case "roundrobin":
      for (let k = 0; k < n; k++) {
        const i = (reg.next + k) % n;
        if (available(cs[i]!)) {
          reg.next = (i + 1) % n;
          return cs[i];
        }
      }
      return undefined;
    case "random": {
      const start = Math.floor(Math.random() * n);
      for (let k = 0; k < n; k++) {
        const c = cs[(start + k) % n]!;
        if (available(c)) return c;
      }
      return undefined;
    }
  }
}
