import { setImmediate as nextTurn } from "node:timers/promises";
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";

/**
 * The longest an operation's execution runs before it lets other work in, in ms. Short next to
 * an ordinary query's own time (a few ms), so one arriving behind a page of 200 nodes (~36 ms of
 * a core to build) or the most expensive query allowed is read, run and answered between their
 * slices instead of after them.
 */
export const SLICE_MS = 4;
/** A gap between two resolver calls longer than this was spent waiting (SQL), not running, in ms. */
const PAUSE_MS = 1;

/**
 * Cuts each operation's execution into slices of at most `sliceMs` of running: every field's
 * resolver is wrapped, and the time between one call and the next (when under PAUSE_MS: time
 * waiting for SQL or for other work is not counted) adds up per operation (its context). Once it
 * passes `sliceMs`, the fields called wait for the next turn of the event loop (setImmediate,
 * after pending I/O); in that turn they go on until the next slice is spent, and so on. Without
 * it a large result is built in one stretch of promise callbacks (microtasks), which pending I/O
 * never interrupts: every request arriving meanwhile, however small, waits for the whole of it.
 * Each operation waits for turns of its own: a small query never queues behind the fields of a
 * large one. Fields are wrapped in place; the schema is returned for chaining.
 */
export function sliceExecution(schema: GraphQLSchema, sliceMs = SLICE_MS): GraphQLSchema {
  const slices = new WeakMap<object, { spent: number; last: number; turn?: Promise<void> }>();
  const sliced = (
    resolve: GraphQLFieldResolver<unknown, unknown>,
  ): GraphQLFieldResolver<unknown, unknown> => {
    const run: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
      if (typeof context !== "object" || context === null) return resolve(source, args, context, info);
      const now = performance.now();
      let slice = slices.get(context);
      if (!slice) {
        slice = { spent: 0, last: now };
        slices.set(context, slice);
      }
      const gap = now - slice.last;
      slice.last = now;
      if (!slice.turn) {
        if (gap <= PAUSE_MS) slice.spent += gap;
        if (slice.spent < sliceMs) return resolve(source, args, context, info);
      }
      const current = slice;
      current.turn ??= nextTurn().then(() => {
        current.spent = 0;
        current.last = performance.now();
        current.turn = undefined;
      });
      // Once the turn came, checked again: those that waited for it go on only until its slice ends.
      return current.turn.then(() => run(source, args, context, info));
    };
    return run;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields()))
      field.resolve = sliced(field.resolve ?? defaultFieldResolver);
  }
  return schema;
}
