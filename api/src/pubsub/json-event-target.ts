import type { PubSubEventTarget } from "graphql-yoga";

/** An event target for any topic map; listeners only ever read `event.detail`. */
export type AnyPubSubEventTarget = PubSubEventTarget<Record<string, [unknown]>>;

/** What a payload looks like after a trip through Redis (undefined travels as null). */
export function jsonRoundTrip(payload: unknown): unknown {
  return payload === undefined ? null : JSON.parse(JSON.stringify(payload));
}

/**
 * In-memory event target that hands listeners a JSON round-tripped copy of each payload, exactly as the
 * Redis target does, so a Date or Prisma object published in embedded mode breaks here too, not only
 * once the API runs against Redis.
 */
export function createJsonEventTarget(): AnyPubSubEventTarget {
  const target = new EventTarget();
  return {
    addEventListener: (type, callback, options) =>
      target.addEventListener(type, callback as EventListener, options),
    removeEventListener: (type, callback, options) =>
      target.removeEventListener(type, callback as EventListener, options),
    dispatchEvent: (event) =>
      target.dispatchEvent(new CustomEvent(event.type, { detail: jsonRoundTrip(event.detail) })),
  };
}
