import { type DocumentNode, Kind } from "graphql";
import { isHotOperation } from "./compiled-operations.ts";

/** Texts kept: an agent version sends one report document; a few versions run at once. */
const KEEP = 16;

/**
 * The agent's report documents (reportTelemetry alone at the root, compiled-operations.ts),
 * parsed and validated once per text. An agent's socket sends the same text every second; its
 * next operations skip the parse and validation plugins (yoga's caches, armor's limits, pricing
 * of a new document) — ~3 % of a report's CPU, with the garbage of their hooks — and get the
 * same DocumentNode yoga's parser cache would hand back. The text is compared whole: only a
 * document that already passed every check, unchanged to the byte, skips them; anything else
 * (another document, a changed character) is parsed and validated as before. Execution, and
 * every check there (credential, rate, pricing, budget, metrics, error codes), is unchanged.
 */
export class PersistedOperations {
  private readonly documents = new Map<string, DocumentNode>();
  private readonly fields: ReadonlySet<string>;

  constructor(fields: readonly string[]) {
    this.fields = new Set(fields);
  }

  /** The document of a text that passed before (undefined: parse and validate it). */
  known(text: unknown): DocumentNode | undefined {
    return typeof text === "string" ? this.documents.get(text) : undefined;
  }

  /** Keeps a text that parsed and validated, when its one operation is a hot one. */
  learn(text: string, document: DocumentNode): void {
    const [only, ...more] = document.definitions;
    if (more.length > 0 || only?.kind !== Kind.OPERATION_DEFINITION || !isHotOperation(only, this.fields))
      return;
    if (this.documents.size >= KEEP) this.documents.delete(this.documents.keys().next().value as string);
    this.documents.set(text, document);
  }
}
