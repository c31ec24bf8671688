import { setImmediate as nextTurn } from "node:timers/promises";
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";

/**
 * The longest GraphQL execution holds the event loop before it lets other work in, in ms. Short
 * next to an ordinary query's own time (a few ms), so one arriving behind a page of 200 nodes
 * (~36 ms of a core to build) or the most expensive query allowed is read, run and answered
 * between their slices instead of after them.
 */
export const SLICE_MS = 4;

/**
 * Cuts execution into slices of at most `sliceMs`: every field's resolver is wrapped, and one
 * called once the event loop's current stretch of work has run `sliceMs` waits for the next turn
 * (setImmediate, after pending I/O), as does every field called meanwhile; in that turn they go
 * on until its slice is spent, and so on. Without it a large result is built in one stretch of
 * promise callbacks (microtasks), which pending I/O never interrupts: every request arriving
 * meanwhile, however small, waits for the whole of it. The stretch is the process's, not an
 * operation's: a query that mostly waits for SQL (an ordinary one) starts fresh stretches and
 * never yields, and several large ones running together yield to each other and to I/O alike.
 * Fields are wrapped in place; the schema is returned for chaining.
 */
export function sliceExecution(schema: GraphQLSchema, sliceMs = SLICE_MS): GraphQLSchema {
  /** When the work the event loop is running now began (cleared at its next check phase). */
  let stretch: number | undefined;
  /** The next turn those past the slice wait for, shared. */
  let turn: Promise<void> | undefined;
  const stretchBegan = (now: number) => {
    if (stretch === undefined) {
      stretch = now;
      setImmediate(() => {
        stretch = undefined;
      });
    }
    return stretch;
  };
  const sliced = (
    resolve: GraphQLFieldResolver<unknown, unknown>,
  ): GraphQLFieldResolver<unknown, unknown> => {
    const run: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
      const now = performance.now();
      if (!turn && now - stretchBegan(now) < sliceMs) return resolve(source, args, context, info);
      turn ??= nextTurn().then(() => {
        turn = undefined;
      });
      // Once the turn came, checked again: those that waited for it go on only until its slice ends.
      return turn.then(() => run(source, args, context, info));
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
