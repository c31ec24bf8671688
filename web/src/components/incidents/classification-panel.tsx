import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { tableBoxClass, tableClass, tdClass, thClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatBps, formatPps, si } from "@/lib/format/units";
import { familyLabel } from "@/lib/incidents/families";

interface Classification {
  family?: string | null;
  detail?: string | null;
  confidence: number;
  summary: string;
  evidence: readonly string[];
  spoofed: boolean;
  spoofingScore: number;
  botnet: boolean;
  distinctSources: number;
  packetsPerSecond: number;
  bitsPerSecond: number;
  vectors: ReadonlyArray<{
    family: string;
    detail?: string | null;
    confidence: number;
    packetsShare: number;
  }>;
  topSources: ReadonlyArray<{
    ip: string;
    country?: string | null;
    asn?: number | null;
    asOrg?: string | null;
    knownBad: boolean;
    lists: ReadonlyArray<{ list: string; category: string }>;
    packets: number;
    share: number;
  }>;
}

/** The table shows the heaviest sources; the API keeps up to 32. */
const TOP_SOURCES_SHOWN = 12;

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

export function ClassificationPanel({
  classification: c,
  resolved = false,
}: Readonly<{ classification: Classification | null | undefined; resolved?: boolean }>) {
  if (!c) {
    return (
      <Card title="Classification">
        {resolved ? (
          // Summaries come only while an incident is open: none will arrive for this one now.
          <EmptyState title="Not classified">
            No packet summaries arrived while this incident was open (the agent had capture off, or it could
            not capture), so it was not classified.
          </EmptyState>
        ) : (
          <EmptyState title="Not classified yet">
            The classification appears once the agent's packet summaries arrive (the agent captures while an
            incident is open).
          </EmptyState>
        )}
      </Card>
    );
  }
  return (
    <>
      <Card title="Classification">
        <div className="flex flex-wrap items-baseline gap-3" data-testid="classification">
          <p className="text-2xl font-semibold">{familyLabel(c.family)}</p>
          <p className="text-sm text-muted">{c.confidence}% confidence</p>
          {c.detail && <p className="text-sm text-muted">{c.detail}</p>}
        </div>
        <p className="mt-3">{c.summary}</p>
        <div className="mt-4 flex flex-wrap gap-2 text-xs font-semibold">
          <span
            className={`rounded-full border px-2.5 py-1 ${c.spoofed ? "border-danger/40 bg-danger/10 text-danger" : "border-muted/30 text-muted"}`}
          >
            {c.spoofed ? `Spoofed sources (score ${c.spoofingScore})` : "Sources not spoofed"}
          </span>
          <span
            className={`rounded-full border px-2.5 py-1 ${c.botnet ? "border-danger/40 bg-danger/10 text-danger" : "border-muted/30 text-muted"}`}
          >
            {c.botnet ? "Botnet" : "No botnet pattern"}
          </span>
          <span className="rounded-full border border-muted/30 px-2.5 py-1 text-muted">
            ≥ {si(c.distinctSources, "")} distinct sources
          </span>
          <span className="rounded-full border border-muted/30 px-2.5 py-1 text-muted">
            {formatPps(c.packetsPerSecond)} · {formatBps(c.bitsPerSecond)} captured
          </span>
        </div>
        <h3 className="mt-5 text-sm font-semibold">Evidence</h3>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {c.evidence.map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
        </ul>
        {c.vectors.length > 0 && (
          <>
            <h3 className="mt-5 text-sm font-semibold">Vectors</h3>
            <ul className="mt-2 grid gap-2 sm:grid-cols-2">
              {c.vectors.map((v) => (
                <li
                  key={`${v.family}-${v.detail ?? ""}`}
                  className="rounded-theme border border-muted/20 p-3 text-sm"
                >
                  <p className="font-medium">{familyLabel(v.family)}</p>
                  <p className="text-muted">
                    {percent(v.packetsShare)} of the traffic · {v.confidence}% confidence
                    {v.detail ? ` · ${v.detail}` : ""}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <Card title="Top sources">
        {c.topSources.length === 0 ? (
          <EmptyState title="No sources captured" />
        ) : (
          <div className={tableBoxClass}>
            <table className={tableClass}>
              <TableHead columns={["Address", "Country", "Network", "Reputation", "Share"]} />
              <tbody>
                {c.topSources.slice(0, TOP_SOURCES_SHOWN).map((s) => (
                  <tr key={s.ip}>
                    <td className={`${tdClass} font-mono text-xs`}>{s.ip}</td>
                    <td className={tdClass}>{s.country ?? "–"}</td>
                    <td className={tdClass}>{s.asn ? `AS${s.asn}${s.asOrg ? ` ${s.asOrg}` : ""}` : "–"}</td>
                    <td className={tdClass}>
                      {s.knownBad ? (
                        <span className="font-medium text-danger">
                          Listed: {s.lists.map((l) => `${l.list} (${l.category})`).join(", ")}
                        </span>
                      ) : (
                        <span className="text-muted">Not listed</span>
                      )}
                    </td>
                    <td className={`${tdClass} tabular-nums`}>{percent(s.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {c.topSources.length > TOP_SOURCES_SHOWN && (
              <p className="mt-2 text-xs text-muted">
                {c.topSources.length - TOP_SOURCES_SHOWN} smaller top sources not shown.
              </p>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
