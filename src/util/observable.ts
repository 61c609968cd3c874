/**
 * Typed events with possibly-async listeners: the TypeScript counterpart of
 * Autobahn|Python's `ObservableMixin` (`on`, `off`, `fire`). `fire` calls
 * every listener in order and resolves once all of them finished, which is
 * what lets a component's `ready` event follow the last `join` handler.
 *
 * @module
 */

/**
 * An event map: event name → listener argument tuple.
 *
 * @example Declaring events and their arguments
 * ```ts
 * import { type EventMap, Observable } from "@autobahn/autobahn/util";
 *
 * interface DoorEvents extends EventMap {
 *   open: [by: string];
 *   close: [];
 * }
 * const door = new Observable<DoorEvents>(["open", "close"]);
 * let opener = "";
 * door.on("open", (by) => { opener = by; });
 * await door.fire("open", "alice");
 * if (opener !== "alice") throw new Error("listener not called");
 * ```
 */
export type EventMap = { [event: string]: readonly unknown[] };

/**
 * A listener of `Args`; may return a promise.
 *
 * @example An async listener
 * ```ts
 * import { type Listener, Observable } from "@autobahn/autobahn/util";
 *
 * const events = new Observable<{ saved: [id: number] }>();
 * const saved: number[] = [];
 * const onSaved: Listener<[id: number]> = async (id) => {
 *   await Promise.resolve();
 *   saved.push(id);
 * };
 * events.on("saved", onSaved);
 * await events.fire("saved", 7); // resolves after the listener finished
 * if (saved[0] !== 7) throw new Error("fire did not wait");
 * ```
 */
export type Listener<Args extends readonly unknown[]> = (...args: Args) => unknown;

/**
 * A set of typed events.
 *
 * @example
 * ```ts
 * import { Observable } from "@autobahn/autobahn/util";
 * const events = new Observable<{ tick: [n: number] }>(["tick"]);
 * events.on("tick", (n) => console.log("tick", n));
 * await events.fire("tick", 1);
 * ```
 */
export class Observable<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Listener<readonly unknown[]>[]>();
  readonly #valid: ReadonlySet<keyof E> | undefined;

  /**
   * Creates the event set.
   *
   * @param validEvents When given, `on`/`fire` of any other name throws.
   */
  constructor(validEvents?: readonly (keyof E)[]) {
    this.#valid = validEvents ? new Set(validEvents) : undefined;
  }

  #check(event: keyof E): void {
    if (this.#valid && !this.#valid.has(event)) {
      throw new TypeError(
        `Unknown event "${String(event)}": expected one of ${
          [...this.#valid].map(String).join(", ")
        }`,
      );
    }
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    this.#check(event);
    if (typeof listener !== "function") {
      throw new TypeError(`Cannot listen to "${String(event)}": listener must be a function`);
    }
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as Listener<readonly unknown[]>);
    this.#listeners.set(event, list);
    return () => this.off(event, listener);
  }

  /** Adds a listener that is removed after its first call. */
  once<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const off = this.on(
      event,
      ((...args: E[K]) => {
        off();
        return listener(...args);
      }) as Listener<E[K]>,
    );
    return off;
  }

  /**
   * Removes `listener` from `event`; without a listener every listener of
   * `event`; without arguments every listener.
   */
  off<K extends keyof E>(event?: K, listener?: Listener<E[K]>): void {
    if (event === undefined) {
      this.#listeners.clear();
      return;
    }
    if (listener === undefined) {
      this.#listeners.delete(event);
      return;
    }
    const list = this.#listeners.get(event);
    const i = list?.indexOf(listener as Listener<readonly unknown[]>) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof E): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls every listener of `event` in order (each awaited before the next),
   * resolving with their results; the first failure rejects.
   */
  async fire<K extends keyof E>(event: K, ...args: E[K]): Promise<unknown[]> {
    this.#check(event);
    const list = [...(this.#listeners.get(event) ?? [])];
    const results: unknown[] = [];
    for (const fn of list) results.push(await fn(...args));
    return results;
  }
}
