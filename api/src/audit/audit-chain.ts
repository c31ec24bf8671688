import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** What an audit entry says; the hash covers exactly these fields. */
export interface AuditContent {
  chain: string;
  seq: number;
  workspaceId: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  ip: string | null;
  createdAt: Date;
}

export interface ChainedEntry extends AuditContent {
  id: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fields an entry's hash covers, in the order they are listed (canonicalJson sorts them anyway). */
const HASHED_FIELDS = [
  "chain",
  "seq",
  "workspaceId",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "targetType",
  "targetId",
  "summary",
  "ip",
  "createdAt",
] as const satisfies readonly (keyof AuditContent)[];

/** sha256(previous hash ‖ canonical entry), hex. */
export function entryHash(prevHash: string, content: AuditContent): string {
  const canonical = canonicalJson(Object.fromEntries(HASHED_FIELDS.map((field) => [field, content[field]])));
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}

export type BrokenReason = "sequence-gap" | "prev-hash-mismatch" | "hash-mismatch";

export interface ChainVerdict {
  valid: boolean;
  checked: number;
  brokenAt?: { id: string; seq: number; reason: BrokenReason };
}

/** Walks entries in seq order (possibly in pages: pass the previous page's verdict tail). */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: ChainVerdict["brokenAt"];

  /** Returns false once a break is found (stop feeding). */
  feed(entries: ChainedEntry[]): boolean {
    for (const entry of entries) {
      if (this.broken) return false;
      const reason: BrokenReason | undefined =
        entry.seq !== this.expectedSeq
          ? "sequence-gap"
          : entry.prevHash !== this.prevHash
            ? "prev-hash-mismatch"
            : entry.hash !== entryHash(entry.prevHash, entry)
              ? "hash-mismatch"
              : undefined;
      if (reason) {
        this.broken = { id: entry.id, seq: entry.seq, reason };
        return false;
      }
      this.checked++;
      this.expectedSeq = entry.seq + 1;
      this.prevHash = entry.hash;
    }
    return true;
  }

  verdict(): ChainVerdict {
    return { valid: !this.broken, checked: this.checked, ...(this.broken ? { brokenAt: this.broken } : {}) };
  }
}
