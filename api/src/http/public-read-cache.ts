import { type DocumentNode, type ExecutionResult, getOperationAST, Kind } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * How long an anonymous read of a public page is answered from memory by default
 * (STATUS_PAGE_CACHE_MS). A public status page is
 * what customers reload while an attack is on: one of 100 nodes cost ~18 ms of CPU (four queries,
 * 30 days of uptime per node, ~3,000 objects executed and serialised), so 4 connections reading it
 * flat out took most of a core and tripled an ordinary query's latency (bench:abuse,
 * BENCH_KINDS=status-page). Held for a second, the page is computed at most once a second per
 * process and document; what it shows is no staler than that (its uptime tiers refresh every 30 s
 * and 5 minutes; `generatedAt` says when it was computed).
 */
export const PUBLIC_READ_TTL_MS = 1_000;
/** Answers kept at once (each a page of at most 100 nodes, ~100 KB): oldest forgotten first. */
const MAX_ENTRIES = 256;

interface Entry {
  /** Settled with the answer once computed; undefined when it could not be kept (errors). */
  answer: Promise<ExecutionResult | undefined>;
  /** When the answer stops being served; Infinity while it is being computed. */
  until: number;
}

/**
 * The answer with a `stringify` of its own that serialises it once (yoga serialises a result with
 * its `stringify` when it has one): a page of 100 nodes is ~175 KB of JSON, ~1 ms a reader.
 */
function serialisedOnce(result: ExecutionResult): ExecutionResult {
  const answer = { ...result };
  let body: string | undefined;
  Object.defineProperty(answer, "stringify", {
    enumerable: false,
    value: (value: unknown) => {
      if (value !== answer) return JSON.stringify(value);
      body ??= JSON.stringify(value);
      return body;
    },
  });
  return answer;
}

/**
 * Anonymous reads whose every root field is one of `fields` (the public status page) share one
 * answer per document, operation and variables for `ttlMs`, and readers arriving while it is
 * computed wait for it rather than computing it again. Only for callers with no credential: what
 * such a caller may read is the same for everyone, so nobody is shown what another caller could
 * see and they could not. An answer with errors is not kept. The rate limits, pricing and metrics
 * still see every request (the plugin comes after them). A change to a page forgets every answer
 * (`forget`: at once in the process that made it, on the others when the change is announced).
 */
export class PublicReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;

  constructor(
    private readonly ttlMs = PUBLIC_READ_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Every kept answer is computed again by its next reader. */
  forget(): void {
    this.entries.clear();
  }

  plugin(fields: readonly string[]): Plugin {
    const names = new Set(fields);
    return {
      onExecute: async ({ args, executeFn, setExecuteFn, setResultAndStopExecution }) => {
        const principal = (args.contextValue as { principal?: { kind?: string } } | undefined)?.principal;
        if (this.ttlMs <= 0 || principal?.kind !== "anonymous") return;
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        if (operation?.operation !== "query") return;
        const onlyPublic = operation.selectionSet.selections.every(
          (selection) =>
            selection.kind === Kind.FIELD && names.has(selection.name.value) && !selection.directives?.length,
        );
        if (!onlyPublic) return;
        const key = this.keyOf(args.document, args.operationName, args.variableValues);
        const known = this.entries.get(key);
        if (known && known.until > this.now()) {
          const answer = await known.answer;
          if (answer) return setResultAndStopExecution(answer);
          // Computed with errors by another reader: this one runs on its own, as if nothing were kept.
          return;
        }
        const entry = this.computing(key);
        // The execute function is wrapped, not onExecuteDone used: envelop skips onExecuteDone when
        // execution rejects, and readers waiting for this answer would wait for ever.
        setExecuteFn(async (executeArgs) => {
          try {
            const result = (await executeFn(executeArgs)) as ExecutionResult;
            if (!("data" in result) || result.errors?.length) {
              entry.settle(undefined);
              return result;
            }
            const answer = serialisedOnce(result);
            entry.settle(answer);
            return answer;
          } catch (error) {
            entry.settle(undefined);
            throw error;
          }
        });
      },
    };
  }

  /** A new entry for `key`, kept while computed; `settle` keeps its answer for ttlMs, or drops it. */
  private computing(key: string): { settle(answer: ExecutionResult | undefined): void } {
    let resolve: (answer: ExecutionResult | undefined) => void = () => {};
    const entry: Entry = { answer: new Promise((r) => (resolve = r)), until: Number.POSITIVE_INFINITY };
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
    return {
      settle: (answer) => {
        if (answer) entry.until = this.now() + this.ttlMs;
        else if (this.entries.get(key) === entry) this.entries.delete(key);
        resolve(answer);
      },
    };
  }

  private keyOf(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: unknown,
  ): string {
    let id = this.documentIds.get(document);
    if (id === undefined) {
      id = this.nextDocumentId++;
      this.documentIds.set(document, id);
    }
    return `${id}\u0000${operationName ?? ""}\u0000${JSON.stringify(variables ?? {})}`;
  }
}
