// The network mitigation event log: history from the audit chain (every speaker or provider call is an
// entry, `mitigation.announce` / `mitigation.withdraw`, with the rule, the target and any error) merged with
// live `networkMitigationEvents`, newest first, without duplicates. Pure, for node:test.

export interface NetworkEvent {
  key: string;
  kind: "ANNOUNCED" | "WITHDRAWN" | "FAILED";
  target: string;
  detail: string;
  at: string;
}

interface AuditEntry {
  id: string;
  action: string;
  createdAt: string;
  summary: unknown;
}

export function eventFromAudit(entry: AuditEntry): NetworkEvent {
  const summary = (entry.summary ?? {}) as { rule?: unknown; target?: unknown; error?: unknown };
  const error = typeof summary.error === "string" && summary.error ? summary.error : null;
  return {
    key: entry.id,
    kind: error ? "FAILED" : entry.action === "mitigation.announce" ? "ANNOUNCED" : "WITHDRAWN",
    target: typeof summary.target === "string" ? summary.target : "",
    detail: error ?? (typeof summary.rule === "string" ? summary.rule : ""),
    at: entry.createdAt,
  };
}

/** Live events first seen here, then history; the same call (kind, target, detail, second) appears once. */
export function mergeEvents(
  live: readonly NetworkEvent[],
  history: readonly NetworkEvent[],
  limit = 200,
): NetworkEvent[] {
  const seen = new Set<string>();
  const out: NetworkEvent[] = [];
  for (const e of [...live, ...history].sort((a, b) => b.at.localeCompare(a.at))) {
    const id = `${e.kind}|${e.target}|${e.detail}|${e.at.slice(0, 19)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}
