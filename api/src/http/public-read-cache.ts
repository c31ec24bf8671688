import {
  type DocumentNode,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Answers kept at once (each at most a page of 100 nodes: ~175 KB of JSON and its objects), oldest
 * forgotten first. Keys are the document and the variables it declares, so a reader cannot mint
 * new ones with variables the operation ignores: new keys come only from new slugs (an unknown one
 * answers null, one indexed look-up) or new documents (each parsed, validated and charged first).
 */
const MAX_ENTRIES = 256;
/**
 * A computation still unsettled after this long is not waited for any more: its readers would
 * otherwise wait as long as it does, and a new reader computes the page afresh.
 */
const COMPUTING_AT_MOST_MS = 10_000;

interface Entry {
  /** Settled with the answer once computed; undefined when it could not be kept (errors). */
  answer: Promise<ExecutionResult | undefined>;
  /** When the computation started (performance.now()). */
  startedAt: number;
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
 * Reads whose every root field is one of `fields` — fields whose answer is the same whoever asks
 * (the public status page: `statusPage(slug)` reads the slug and the database, nothing of the
 * caller, and status-page.test.ts holds what it reaches to the declared public types) — share one
 * answer per document, operation and declared variables for `ttlMs` from when it started being
 * computed, and readers arriving meanwhile wait for it rather than computing it again. An answer
 * with errors is not kept. The rate limits, pricing and metrics still see every request (the
 * plugin comes after them).
 *
 * Why: a public status page is what customers reload while an attack is on. One of 100 nodes cost
 * ~18 ms of CPU (four queries, 30 days of uptime per node, ~3,000 objects executed and
 * serialised), so 4 connections reading it flat out took most of a core and tripled an ordinary
 * query's latency (bench:abuse, BENCH_KINDS=status-page). Kept half a second by default
 * (STATUS_PAGE_CACHE_MS), it is computed at most twice a second per process; its uptime tiers
 * refresh every 30 s and 5 minutes, and `generatedAt` says when it was computed.
 *
 * A change to a page forgets every kept answer (`forget`): at once in the process that made it, on
 * the others when the change is announced (services.ts); nodes or workspaces deleted too.
 */
export class PublicReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  private started = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Answers computed so far (every one a reader could not share). */
  get computations(): number {
    return this.started;
  }

  /** Every kept answer is computed again by its next reader. */
  forget(): void {
    this.entries.clear();
  }

  plugin(fields: readonly string[]): Plugin {
    const names = new Set(fields);
    return {
      onExecute: async ({ args, executeFn, setExecuteFn, setResultAndStopExecution }) => {
        if (this.ttlMs <= 0) return;
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        if (operation?.operation !== "query") return;
        const onlyShared = operation.selectionSet.selections.every(
          (selection) =>
            selection.kind === Kind.FIELD && names.has(selection.name.value) && !selection.directives?.length,
        );
        if (!onlyShared) return;
        const key = this.keyOf(args.document, operation, args.variableValues);
        const known = this.entries.get(key);
        const now = this.now();
        if (known && known.until > now && now - known.startedAt < COMPUTING_AT_MOST_MS) {
          const answer = await known.answer;
          if (answer) return setResultAndStopExecution(answer);
          // Computed with errors by another reader: this one runs on its own, as if nothing were kept.
          return;
        }
        const entry = this.computing(key);
        // The execute function is wrapped, not onExecuteDone used: envelop skips onExecuteDone when
        // execution rejects, and readers waiting for this answer would wait for it in vain.
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

  /** A new entry for `key`, kept while computed; `settle` keeps its answer for ttlMs from its start, or drops it. */
  private computing(key: string): { settle(answer: ExecutionResult | undefined): void } {
    this.started++;
    let resolve: (answer: ExecutionResult | undefined) => void = () => {};
    const entry: Entry = {
      answer: new Promise((r) => (resolve = r)),
      startedAt: this.now(),
      until: Number.POSITIVE_INFINITY,
    };
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
    return {
      settle: (answer) => {
        // From its start: a reader's view is never older than ttlMs plus one computation.
        if (answer) entry.until = entry.startedAt + this.ttlMs;
        else if (this.entries.get(key) === entry) this.entries.delete(key);
        resolve(answer);
      },
    };
  }

  /** The document, the operation and the variables it declares (as sent): undeclared ones change nothing. */
  private keyOf(document: DocumentNode, operation: OperationDefinitionNode, variables: unknown): string {
    let id = this.documentIds.get(document);
    if (id === undefined) {
      id = this.nextDocumentId++;
      this.documentIds.set(document, id);
    }
    const sent = (variables ?? {}) as Record<string, unknown>;
    // Sent as null and not sent are told apart: a default applies only to the second.
    const declared = (operation.variableDefinitions ?? []).map((definition) => {
      const name = definition.variable.name.value;
      return name in sent ? [name, sent[name]] : [name];
    });
    return `${id}\u0000${operation.name?.value ?? ""}\u0000${JSON.stringify(declared)}`;
  }
}
