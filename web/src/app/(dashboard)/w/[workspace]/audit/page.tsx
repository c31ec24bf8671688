import type { Metadata } from "next";
import Link from "next/link";
import { VerifyChain } from "@/components/setup/verify-chain";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { PageHeader } from "@/components/ui/page-header";
import {
  buttonPrimary,
  inputClass,
  labelClass,
  linkClass,
  tableBoxClass,
  tableClass,
  tdClass,
  thClass,
} from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatTime } from "@/lib/format/units";
import { load } from "@/lib/graphql/load";
import { AuditLogQuery } from "@/lib/graphql/operations/setup";
import { loadWorkspace } from "@/lib/workspaces/current-workspace";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  params,
  searchParams,
}: Readonly<{
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ action?: string; after?: string }>;
}>) {
  const [{ workspace: slug }, { action = "", after }] = await Promise.all([params, searchParams]);
  const { workspace } = await loadWorkspace(slug);
  const actionFilter = /^[a-z.:-]{1,60}$/.test(action) ? action : "";
  const { auditLog } = await load(AuditLogQuery, {
    workspaceId: workspace.id,
    first: 50,
    after: after ?? null,
    action: actionFilter || null,
  });
  const base = `/w/${slug}/audit`;
  const next = auditLog.pageInfo.hasNextPage ? auditLog.pageInfo.endCursor : null;
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change, in a hash chain: each entry's hash covers the one before it."
        actions={<VerifyChain workspaceId={workspace.id} />}
      />
      <Card>
        <form action={base} method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <label className={labelClass}>
            Action starts with
            <input
              name="action"
              defaultValue={actionFilter}
              placeholder="node."
              className={inputClass}
              pattern="[a-z.:\-]{1,60}"
            />
          </label>
          <button type="submit" className={buttonPrimary}>
            Filter
          </button>
        </form>
        {auditLog.edges.length === 0 ? (
          <EmptyState title="No entries" />
        ) : (
          <div className={tableBoxClass}>
            <table className={tableClass}>
              <TableHead columns={["#", "When", "Action", "Actor", "Target", "From", "Hash"]} />
              <tbody>
                {auditLog.edges.map(({ node: e }) => (
                  <tr key={e.id}>
                    <td className={`${tdClass} tabular-nums text-muted`}>{e.seq}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatTime(e.createdAt)}</td>
                    <td className={`${tdClass} font-mono text-xs`}>{e.action}</td>
                    <td className={tdClass}>
                      {e.actor.label} <span className="text-xs text-muted">{e.actor.type.toLowerCase()}</span>
                    </td>
                    <td className={tdClass}>{e.targetType ?? "–"}</td>
                    <td className={`${tdClass} font-mono text-xs`}>{e.ip ?? "–"}</td>
                    <td className={`${tdClass} font-mono text-xs text-muted`} title={e.hash}>
                      {e.hash.slice(0, 12)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-4 flex gap-4 text-sm">
          {after && (
            <Link
              href={`${base}?${new URLSearchParams(actionFilter ? { action: actionFilter } : {})}`}
              className={linkClass}
            >
              ← Newest
            </Link>
          )}
          {next && (
            <Link
              href={`${base}?${new URLSearchParams({ ...(actionFilter ? { action: actionFilter } : {}), after: next })}`}
              className={linkClass}
            >
              Older →
            </Link>
          )}
        </div>
      </Card>
    </>
  );
}
