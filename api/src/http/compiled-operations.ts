import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";

/**
 * Whether an operation runs precompiled: every root selection is one of these fields (no
 * fragments or directives at the root), so only the documents named here take the compiled path.
 */
export function isHotOperation(operation: OperationDefinitionNode, fields: ReadonlySet<string>): boolean {
  if (operation.operation === "subscription") return false;
  // One root field, as the agent sends it: a document of many aliased copies would make each
  // compile as costly as the copies, and only one kind of caller needs the fast path.
  const [only, ...more] = operation.selectionSet.selections;
  return (
    more.length === 0 && only?.kind === Kind.FIELD && fields.has(only.name.value) && !only.directives?.length
  );
}

/** Only agents (node keys) run the hot path: anyone else's document never reaches the compiler. */
function fromAgent(contextValue: unknown): boolean {
  return (contextValue as { principal?: { kind?: string } } | undefined)?.principal?.kind === "agent";
}

type Compiled = { schema: GraphQLSchema; byOperation: Map<string | undefined, CompiledQuery | null> };

/**
 * graphql-jit compilations of the hot operations (those of `fields`, isHotOperation), kept beside
 * the parsed document (the parser's cache, and persisted-operations.ts, hand back the same object
 * for the same text). Null for an operation that is not hot or does not compile.
 */
export class CompiledOperations {
  private readonly names: ReadonlySet<string>;
  private readonly compiled = new WeakMap<DocumentNode, Compiled>();

  constructor(fields: readonly string[]) {
    this.names = new Set(fields);
  }

  isHot(args: Pick<ExecutionArgs, "document" | "operationName">): boolean {
    const operation = getOperationAST(args.document, args.operationName ?? undefined);
    return !!operation && isHotOperation(operation, this.names);
  }

  compiledFor(args: Pick<ExecutionArgs, "schema" | "document" | "operationName">): CompiledQuery | null {
    const name = args.operationName ?? undefined;
    let entry = this.compiled.get(args.document);
    if (entry?.schema !== args.schema) {
      entry = { schema: args.schema, byOperation: new Map() };
      this.compiled.set(args.document, entry);
    }
    const known = entry.byOperation.get(name);
    if (known !== undefined) return known;
    const operation = getOperationAST(args.document, name);
    // A name the document has no operation for is not kept: it is the client's choice, and one
    // entry per name it sends would grow without bound on a document kept for the process's life.
    if (!operation) return null;
    let query: CompiledQuery | null = null;
    if (isHotOperation(operation, this.names)) {
      const result = compileQuery(args.schema, args.document, name);
      query = isCompiledQuery(result) ? result : null;
    }
    entry.byOperation.set(name, query);
    return query;
  }

  /** How many operation names of `document` are kept (at most its operations, and the unnamed one). */
  keptFor(document: DocumentNode): number {
    return this.compiled.get(document)?.byOperation.size ?? 0;
  }
}

/**
 * Runs the operations of the hot path (the agent's reportTelemetry, ~every second per node)
 * through a graphql-jit compilation of their document (CompiledOperations). Variable coercion and
 * execution are then generated code instead of graphql-js walking the AST and the input types
 * on every call (~12 % of a single-sample call's CPU with the garbage it made). The resolvers,
 * the other plugins' onExecute (pricing, turns, metrics, error codes) and the result are those
 * of the ordinary execution; a document that does not compile, and variables that do not
 * coerce, run the ordinary way (compiled-operations.test.ts compares both answers).
 *
 * Must come before plugins that wrap the execute function (operation-limits.ts), so they wrap this one.
 */
export function compiledOperationsPlugin(fields: readonly string[] | CompiledOperations): Plugin {
  const operations = fields instanceof CompiledOperations ? fields : new CompiledOperations(fields);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!fromAgent(args.contextValue) || !operations.isHot(args)) return;
      // Compiled lazily, inside the execute function: operation-limits.ts wraps this one, so a
      // document its pricing, budget or turns refuse never costs a compile.
      setExecuteFn(async (run) => {
        const query = operations.compiledFor(run);
        if (!query) return executeFn(run);
        const result = await query.query(run.rootValue, run.contextValue, run.variableValues);
        // Variables that did not coerce (no resolver ran): graphql-jit words those errors its
        // own way, so the ordinary execution answers them as it always has.
        return "data" in result ? result : executeFn(run);
      });
    },
  };
}
