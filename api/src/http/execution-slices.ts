import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";

/**
 * The longest an execution marked with `sliceExecution` runs its resolvers without letting the
 * event loop take other work. A page of 200 nodes with their detection state resolves ~3,000
 * fields synchronously (~50 ms on a busy machine): an ordinary request arriving meanwhile waited
 * for all of it, and a flood of such pages stood in front of every other caller's requests.
 */
export const SLICE_MS = 4;

const sliceOf = Symbol("execution slice");
type Slice = { since: number; pause?: Promise<void> };
type Sliced = { [sliceOf]?: Slice };

/** Marks the execution of `context` to be run in slices of SLICE_MS (operation-limits.ts: priced ones). */
export function sliceExecution(context: object): void {
  (context as Sliced)[sliceOf] = { since: performance.now() };
}

const wrapped = new WeakSet<GraphQLFieldResolver<unknown, unknown>>();

/**
 * Wraps every field's resolver (in place; once) so that an execution marked by `sliceExecution`
 * yields to the event loop (setImmediate: pending I/O first, another caller's request among it)
 * once it has run SLICE_MS since it last did. Once one field decides to yield, every field called
 * before the pause is over waits for it too, so the rest of the execution continues in the next
 * turn of the loop, not beside the pause. Unmarked executions (the cheap ones) call the resolver
 * as before. Subscriptions' event streams are not touched: only `resolve`.
 */
export function sliceResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, unknown>;
      if (wrapped.has(resolve)) continue;
      const sliced: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const slice = (context as Sliced | undefined)?.[sliceOf];
        if (!slice) return resolve(source, args, context, info);
        if (!slice.pause && performance.now() - slice.since < SLICE_MS)
          return resolve(source, args, context, info);
        slice.pause ??= new Promise<void>((resume) => setImmediate(resume)).then(() => {
          slice.pause = undefined;
          slice.since = performance.now();
        });
        return slice.pause.then(() => sliced(source, args, context, info));
      };
      wrapped.add(sliced);
      field.resolve = sliced;
    }
  }
  return schema;
}
