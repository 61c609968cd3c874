/**
 * Internal helpers shared by the message classes.
 *
 * @module
 */
import { checkArgs, checkId, checkKwargs, fail } from "./validate.ts";
import type { WampDict } from "./types.ts";

/** Checks that `arr` is an array whose first element is `code`; used by each `parse`. */
export function checkHead(name: string, arr: unknown, code: number): readonly unknown[] {
  if (!Array.isArray(arr)) fail(name, "message must be a list");
  const got = arr[0];
  if (got !== code) {
    fail(name, `message type must be ${code}, got ${typeof got === "number" ? got : typeof got}`);
  }
  return arr;
}

/** The `Arguments|list` and `ArgumentsKw|dict` elements of a message, absent ones made empty. */
export interface Payload {
  /** Positional arguments (empty when absent). */
  args: readonly unknown[];
  /** Keyword arguments (empty when absent). */
  kwargs: WampDict;
}

const EMPTY_ARGS: readonly unknown[] = Object.freeze([]);
const EMPTY_KWARGS: WampDict = Object.freeze({});

/** Reads the optional trailing payload starting at `index`. */
export function readPayload(name: string, arr: readonly unknown[], index: number): Payload {
  return {
    args: arr.length > index ? checkArgs(name, arr[index]) : EMPTY_ARGS,
    kwargs: arr.length > index + 1 ? checkKwargs(name, arr[index + 1]) : EMPTY_KWARGS,
  };
}

/** Default for an absent args list in a constructor. */
export function argsOrEmpty(args: readonly unknown[] | undefined): readonly unknown[] {
  return args ?? EMPTY_ARGS;
}

/** Default for an absent dict in a constructor. */
export function dictOrEmpty<T extends WampDict>(dict: T | undefined): T {
  return dict ?? (EMPTY_KWARGS as T);
}

/**
 * Checks the details of UNSUBSCRIBED/UNREGISTERED (advanced profile
 * "Subscription Revocation", "Registration Revocation"): `<key>` MUST be a
 * previously issued ID, required when the request ID is 0; `reason` MAY be a
 * string.
 */
export function checkRevocation(
  name: string,
  details: WampDict,
  key: "subscription" | "registration",
  requestId: number,
): void {
  const id = details[key];
  if (id !== undefined) checkId(name, `details.${key}`, id);
  else if (requestId === 0) fail(name, `a revocation must carry details.${key}`);
  const reason = details["reason"];
  if (reason !== undefined && typeof reason !== "string") {
    fail(name, "details.reason must be a string");
  }
}
