/**
 * Publish and subscribe messages: PUBLISH, PUBLISHED, SUBSCRIBE, SUBSCRIBED,
 * UNSUBSCRIBE, UNSUBSCRIBED and EVENT (basic profile "Messages > Publish &
 * Subscribe").
 *
 * @module
 */
import { MessageType } from "./codes.ts";
import {
  argsOrEmpty,
  checkHead,
  checkRevocation,
  dictOrEmpty,
  readPayload,
} from "./messages_base.ts";
import type {
  EventDetails,
  PublishOptions,
  SubscribeOptions,
  UnsubscribedDetails,
  WampDict,
} from "./types.ts";
import {
  checkDict,
  checkId,
  checkLength,
  checkUri,
  matchPolicy,
  type ParseOptions,
  payloadTail,
} from "./validate.ts";

/**
 * Fields of a {@linkcode PublishMessage}.
 *
 * @example Building a PUBLISH
 * ```ts
 * import { PublishMessage, type PublishInit } from "@autobahn/autobahn/wamp";
 *
 * const init: PublishInit = { requestId: 1, topic: "com.myapp.hello", args: ["Hello"] };
 * const wire = JSON.stringify(new PublishMessage(init).marshal());
 * if (wire !== '[16,1,{},"com.myapp.hello",["Hello"]]') throw new Error(wire);
 * ```
 */
export interface PublishInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The topic URI. */
  topic: string;
  /** Publication options (wire form). Default `{}`. */
  options?: PublishOptions;
  /** Positional event payload. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword event payload. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]`
 * (basic profile "PUBLISH").
 *
 * @example
 * ```ts
 * import { PublishMessage } from "@autobahn/autobahn/wamp";
 * new PublishMessage({ requestId: 1, topic: "com.myapp.hello", args: ["Hi"] }).marshal();
 * // [16, 1, {}, "com.myapp.hello", ["Hi"]]
 * ```
 */
export class PublishMessage {
  /** The message type code, 16. */
  readonly type: typeof MessageType.PUBLISH = MessageType.PUBLISH;
  /** The request ID. */
  readonly requestId: number;
  /** Publication options (wire form). */
  readonly options: PublishOptions;
  /** The topic URI. */
  readonly topic: string;
  /** Positional event payload (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword event payload (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates a PUBLISH message. */
  constructor(init: PublishInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
    this.topic = init.topic;
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates a PUBLISH message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): PublishMessage {
    const N = "PUBLISH";
    checkHead(N, arr, MessageType.PUBLISH);
    checkLength(N, arr, 4, 6);
    const requestId = checkId(N, "request ID", arr[1]);
    const opts = checkDict(N, "options", arr[2]);
    const topic = checkUri(N, "topic", arr[3], options);
    const { args, kwargs } = readPayload(N, arr, 4);
    return new PublishMessage({ requestId, options: opts, topic, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.PUBLISH,
      this.requestId,
      this.options,
      this.topic,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}

/**
 * Fields of a {@linkcode PublishedMessage}.
 *
 * @example Building a PUBLISHED
 * ```ts
 * import { PublishedMessage, type PublishedInit } from "@autobahn/autobahn/wamp";
 *
 * const init: PublishedInit = { requestId: 1, publication: 4429313566 };
 * const wire = JSON.stringify(new PublishedMessage(init).marshal());
 * if (wire !== '[17,1,4429313566]') throw new Error(wire);
 * ```
 */
export interface PublishedInit {
  /** The ID of the PUBLISH request. */
  requestId: number;
  /** The publication ID (global scope). */
  publication: number;
}

/**
 * `[PUBLISHED, PUBLISH.Request|id, Publication|id]` (basic profile "PUBLISHED").
 *
 * @example
 * ```ts
 * import { PublishedMessage } from "@autobahn/autobahn/wamp";
 * PublishedMessage.parse([17, 239714735, 4429313566]).publication; // 4429313566
 * ```
 */
export class PublishedMessage {
  /** The message type code, 17. */
  readonly type: typeof MessageType.PUBLISHED = MessageType.PUBLISHED;
  /** The ID of the PUBLISH request. */
  readonly requestId: number;
  /** The publication ID. */
  readonly publication: number;

  /** Creates a PUBLISHED message. */
  constructor(init: PublishedInit) {
    this.requestId = init.requestId;
    this.publication = init.publication;
  }

  /** Parses and validates a PUBLISHED message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): PublishedMessage {
    const N = "PUBLISHED";
    checkHead(N, arr, MessageType.PUBLISHED);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const publication = checkId(N, "publication ID", arr[2]);
    return new PublishedMessage({ requestId, publication });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.PUBLISHED, this.requestId, this.publication];
  }
}

/**
 * Fields of a {@linkcode SubscribeMessage}.
 *
 * @example Building a prefix SUBSCRIBE
 * ```ts
 * import { SubscribeMessage, type SubscribeInit } from "@autobahn/autobahn/wamp";
 *
 * const init: SubscribeInit = { requestId: 2, topic: "com.myapp.", options: { match: "prefix" } };
 * const wire = JSON.stringify(new SubscribeMessage(init).marshal());
 * if (wire !== '[32,2,{"match":"prefix"},"com.myapp."]') throw new Error(wire);
 * ```
 */
export interface SubscribeInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The topic URI or pattern. */
  topic: string;
  /** Subscription options (wire form). Default `{}`. */
  options?: SubscribeOptions;
}

/**
 * `[SUBSCRIBE, Request|id, Options|dict, Topic|uri]` (basic profile
 * "SUBSCRIBE"). With `options.match` of `prefix` or `wildcard` the topic may
 * have empty components (advanced profile "Pattern-based Subscription").
 *
 * @example
 * ```ts
 * import { SubscribeMessage } from "@autobahn/autobahn/wamp";
 * SubscribeMessage.parse([32, 1, { match: "wildcard" }, "com.myapp..update"]).topic;
 * // "com.myapp..update"
 * ```
 */
export class SubscribeMessage {
  /** The message type code, 32. */
  readonly type: typeof MessageType.SUBSCRIBE = MessageType.SUBSCRIBE;
  /** The request ID. */
  readonly requestId: number;
  /** Subscription options (wire form). */
  readonly options: SubscribeOptions;
  /** The topic URI or pattern. */
  readonly topic: string;

  /** Creates a SUBSCRIBE message. */
  constructor(init: SubscribeInit) {
    this.requestId = init.requestId;
    this.options = dictOrEmpty(init.options);
    this.topic = init.topic;
  }

  /** Parses and validates a SUBSCRIBE message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], options: ParseOptions = {}): SubscribeMessage {
    const N = "SUBSCRIBE";
    checkHead(N, arr, MessageType.SUBSCRIBE);
    checkLength(N, arr, 4, 4);
    const requestId = checkId(N, "request ID", arr[1]);
    const opts = checkDict(N, "options", arr[2]);
    const topic = checkUri(N, "topic", arr[3], options, matchPolicy(N, opts));
    return new SubscribeMessage({ requestId, options: opts, topic });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.SUBSCRIBE, this.requestId, this.options, this.topic];
  }
}

/**
 * Fields of a {@linkcode SubscribedMessage}.
 *
 * @example Building a SUBSCRIBED
 * ```ts
 * import { SubscribedMessage, type SubscribedInit } from "@autobahn/autobahn/wamp";
 *
 * const init: SubscribedInit = { requestId: 2, subscription: 5512315355 };
 * const wire = JSON.stringify(new SubscribedMessage(init).marshal());
 * if (wire !== '[33,2,5512315355]') throw new Error(wire);
 * ```
 */
export interface SubscribedInit {
  /** The ID of the SUBSCRIBE request. */
  requestId: number;
  /** The subscription ID (router scope). */
  subscription: number;
}

/**
 * `[SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]` (basic profile "SUBSCRIBED").
 *
 * @example
 * ```ts
 * import { SubscribedMessage } from "@autobahn/autobahn/wamp";
 * SubscribedMessage.parse([33, 713845233, 5512315355]).subscription; // 5512315355
 * ```
 */
export class SubscribedMessage {
  /** The message type code, 33. */
  readonly type: typeof MessageType.SUBSCRIBED = MessageType.SUBSCRIBED;
  /** The ID of the SUBSCRIBE request. */
  readonly requestId: number;
  /** The subscription ID. */
  readonly subscription: number;

  /** Creates a SUBSCRIBED message. */
  constructor(init: SubscribedInit) {
    this.requestId = init.requestId;
    this.subscription = init.subscription;
  }

  /** Parses and validates a SUBSCRIBED message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): SubscribedMessage {
    const N = "SUBSCRIBED";
    checkHead(N, arr, MessageType.SUBSCRIBED);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const subscription = checkId(N, "subscription ID", arr[2]);
    return new SubscribedMessage({ requestId, subscription });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.SUBSCRIBED, this.requestId, this.subscription];
  }
}

/**
 * Fields of an {@linkcode UnsubscribeMessage}.
 *
 * @example Building an UNSUBSCRIBE
 * ```ts
 * import { UnsubscribeMessage, type UnsubscribeInit } from "@autobahn/autobahn/wamp";
 *
 * const init: UnsubscribeInit = { requestId: 3, subscription: 5512315355 };
 * const wire = JSON.stringify(new UnsubscribeMessage(init).marshal());
 * if (wire !== '[34,3,5512315355]') throw new Error(wire);
 * ```
 */
export interface UnsubscribeInit {
  /** The request ID (session scope). */
  requestId: number;
  /** The subscription ID to end. */
  subscription: number;
}

/**
 * `[UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]` (basic profile "UNSUBSCRIBE").
 *
 * @example
 * ```ts
 * import { UnsubscribeMessage } from "@autobahn/autobahn/wamp";
 * new UnsubscribeMessage({ requestId: 2, subscription: 5512315355 }).marshal();
 * // [34, 2, 5512315355]
 * ```
 */
export class UnsubscribeMessage {
  /** The message type code, 34. */
  readonly type: typeof MessageType.UNSUBSCRIBE = MessageType.UNSUBSCRIBE;
  /** The request ID. */
  readonly requestId: number;
  /** The subscription ID to end. */
  readonly subscription: number;

  /** Creates an UNSUBSCRIBE message. */
  constructor(init: UnsubscribeInit) {
    this.requestId = init.requestId;
    this.subscription = init.subscription;
  }

  /** Parses and validates an UNSUBSCRIBE message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): UnsubscribeMessage {
    const N = "UNSUBSCRIBE";
    checkHead(N, arr, MessageType.UNSUBSCRIBE);
    checkLength(N, arr, 3, 3);
    const requestId = checkId(N, "request ID", arr[1]);
    const subscription = checkId(N, "subscription ID", arr[2]);
    return new UnsubscribeMessage({ requestId, subscription });
  }

  /** Returns the wire array. */
  marshal(): unknown[] {
    return [MessageType.UNSUBSCRIBE, this.requestId, this.subscription];
  }
}

/**
 * Fields of an {@linkcode UnsubscribedMessage}.
 *
 * @example Building a revocation
 * ```ts
 * import { UnsubscribedMessage, type UnsubscribedInit } from "@autobahn/autobahn/wamp";
 *
 * const init: UnsubscribedInit = { requestId: 0, details: { subscription: 5512315355 } };
 * const wire = JSON.stringify(new UnsubscribedMessage(init).marshal());
 * if (wire !== '[35,0,{"subscription":5512315355}]') throw new Error(wire);
 * ```
 */
export interface UnsubscribedInit {
  /** The ID of the UNSUBSCRIBE request, or 0 for a broker-initiated revocation. */
  requestId: number;
  /** Revocation details (`subscription`, `reason`). Default `{}`. */
  details?: UnsubscribedDetails;
}

/**
 * `[UNSUBSCRIBED, UNSUBSCRIBE.Request|id]` (basic profile "UNSUBSCRIBED"), or
 * `[UNSUBSCRIBED, 0, Details|dict]` when the broker revokes a subscription
 * (advanced profile "Subscription Revocation").
 *
 * @example
 * ```ts
 * import { UnsubscribedMessage } from "@autobahn/autobahn/wamp";
 * const m = UnsubscribedMessage.parse([35, 0, { subscription: 1293722, reason: "gone" }]);
 * m.isRevocation; // true
 * ```
 */
export class UnsubscribedMessage {
  /** The message type code, 35. */
  readonly type: typeof MessageType.UNSUBSCRIBED = MessageType.UNSUBSCRIBED;
  /** The ID of the UNSUBSCRIBE request, or 0 for a revocation. */
  readonly requestId: number;
  /** Revocation details (empty when absent). */
  readonly details: UnsubscribedDetails;

  /** Creates an UNSUBSCRIBED message. */
  constructor(init: UnsubscribedInit) {
    this.requestId = init.requestId;
    this.details = dictOrEmpty(init.details);
  }

  /** Whether the broker revoked the subscription (request ID 0). */
  get isRevocation(): boolean {
    return this.requestId === 0;
  }

  /** Parses and validates an UNSUBSCRIBED message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): UnsubscribedMessage {
    const N = "UNSUBSCRIBED";
    checkHead(N, arr, MessageType.UNSUBSCRIBED);
    checkLength(N, arr, 2, 3);
    // Advanced profile "Subscription Revocation": request ID 0 only with details.
    const requestId = checkId(N, "request ID", arr[1], arr.length === 3);
    const details = arr.length === 3 ? checkDict(N, "details", arr[2]) : {};
    checkRevocation(N, details, "subscription", requestId);
    return new UnsubscribedMessage({ requestId, details });
  }

  /** Returns the wire array; empty details are omitted. */
  marshal(): unknown[] {
    return this.requestId !== 0 && Object.keys(this.details).length === 0
      ? [MessageType.UNSUBSCRIBED, this.requestId]
      : [MessageType.UNSUBSCRIBED, this.requestId, this.details];
  }
}

/**
 * Fields of an {@linkcode EventMessage}.
 *
 * @example Building an EVENT
 * ```ts
 * import { EventMessage, type EventInit } from "@autobahn/autobahn/wamp";
 *
 * const init: EventInit = { subscription: 5512315355, publication: 4429313566, args: ["Hello"] };
 * const wire = JSON.stringify(new EventMessage(init).marshal());
 * if (wire !== '[36,5512315355,4429313566,{},["Hello"]]') throw new Error(wire);
 * ```
 */
export interface EventInit {
  /** The subscription ID the event is delivered under. */
  subscription: number;
  /** The publication ID (global scope). */
  publication: number;
  /** Event details. Default `{}`. */
  details?: EventDetails;
  /** Positional event payload. Default `[]`. */
  args?: readonly unknown[];
  /** Keyword event payload. Default `{}`. */
  kwargs?: WampDict;
}

/**
 * `[EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict,
 * PUBLISH.Arguments|list, PUBLISH.ArgumentsKw|dict]` (basic profile "EVENT").
 *
 * @example
 * ```ts
 * import { EventMessage } from "@autobahn/autobahn/wamp";
 * EventMessage.parse([36, 5512315355, 4429313566, {}, ["Hello, world!"]]).args;
 * // ["Hello, world!"]
 * ```
 */
export class EventMessage {
  /** The message type code, 36. */
  readonly type: typeof MessageType.EVENT = MessageType.EVENT;
  /** The subscription ID. */
  readonly subscription: number;
  /** The publication ID. */
  readonly publication: number;
  /** Event details. */
  readonly details: EventDetails;
  /** Positional event payload (empty when absent). */
  readonly args: readonly unknown[];
  /** Keyword event payload (empty when absent). */
  readonly kwargs: WampDict;

  /** Creates an EVENT message. */
  constructor(init: EventInit) {
    this.subscription = init.subscription;
    this.publication = init.publication;
    this.details = dictOrEmpty(init.details);
    this.args = argsOrEmpty(init.args);
    this.kwargs = dictOrEmpty(init.kwargs);
  }

  /** Parses and validates an EVENT message array; throws `ProtocolError`. */
  static parse(arr: readonly unknown[], _options: ParseOptions = {}): EventMessage {
    const N = "EVENT";
    checkHead(N, arr, MessageType.EVENT);
    checkLength(N, arr, 4, 6);
    const subscription = checkId(N, "subscription ID", arr[1]);
    const publication = checkId(N, "publication ID", arr[2]);
    const details = checkDict(N, "details", arr[3]);
    const { args, kwargs } = readPayload(N, arr, 4);
    return new EventMessage({ subscription, publication, details, args, kwargs });
  }

  /** Returns the wire array; empty `args`/`kwargs` are omitted. */
  marshal(): unknown[] {
    return [
      MessageType.EVENT,
      this.subscription,
      this.publication,
      this.details,
      ...payloadTail(this.args, this.kwargs),
    ];
  }
}
