"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { StateBadge } from "@/components/mitigation/state-badge";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, linkClass, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import { WithdrawMitigationMutation } from "@/lib/graphql/operations/network";

export interface NetworkRule {
  id: string;
  level: string;
  state: string;
  rule: string;
  manual: boolean;
  incidentIds: readonly string[];
  announcedAt?: string | null;
  expiresAt: string;
  withdrawnAt?: string | null;
  withdrawReason?: string | null;
  lastError?: string | null;
}

/** Every FlowSpec, RTBH and scrubbing rule with its state; held rules can be withdrawn by hand. */
export function NetworkRuleTable({
  slug,
  rules,
  canManage,
}: Readonly<{ slug: string; rules: readonly NetworkRule[]; canManage: boolean }>) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  if (rules.length === 0)
    return (
      <EmptyState title="No rules announced">
        Rules appear here when an incident escalates past the node's firewall, or when one is announced by
        hand.
      </EmptyState>
    );

  async function withdraw(rule: NetworkRule) {
    if (!window.confirm(`Withdraw “${rule.rule}” from every speaker and provider?`)) return;
    const outcome = await runMutation(
      WithdrawMitigationMutation,
      { input: { ruleId: rule.id } },
      (d) => d.withdrawMitigation,
    );
    if (!outcome.ok) return setMessage(outcome.message);
    setMessage(
      outcome.value.failures.length ? `Withdrawn with failures: ${outcome.value.failures.join("; ")}` : null,
    );
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      {message && <ErrorMessage>{message}</ErrorMessage>}
      <div className={tableBoxClass}>
        <table className={tableClass} data-testid="network-rules">
          <TableHead columns={["Rule", "Level", "State", "Announced", "Expires", "Source", ""]} />
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-network-rule={r.id}>
                <td className={`${tdClass} font-mono text-xs`}>
                  {r.rule}
                  {r.lastError && (
                    <span className="block font-sans text-danger">Last call failed: {r.lastError}</span>
                  )}
                  {r.withdrawReason && <span className="block font-sans text-muted">{r.withdrawReason}</span>}
                </td>
                <td className={tdClass}>{r.level.replace("_", " ").toLowerCase()}</td>
                <td className={tdClass}>
                  <StateBadge state={r.state} />
                </td>
                <td className={tdClass}>{r.announcedAt ? formatTime(r.announcedAt) : "—"}</td>
                <td className={tdClass}>
                  {r.state === "WITHDRAWN"
                    ? `withdrawn ${r.withdrawnAt ? formatTime(r.withdrawnAt) : ""}`
                    : formatTime(r.expiresAt)}
                </td>
                <td className={tdClass}>
                  {r.manual
                    ? "By hand"
                    : r.incidentIds.map((id, i) => (
                        <Link
                          key={id}
                          href={`/w/${slug}/incidents/${encodeURIComponent(id)}`}
                          className={`${linkClass} mr-2`}
                        >
                          Incident {i + 1}
                        </Link>
                      ))}
                </td>
                <td className={`${tdClass} text-right`}>
                  {canManage && r.state !== "WITHDRAWN" && (
                    <button type="button" className={buttonDanger} onClick={() => withdraw(r)}>
                      Withdraw<span className="sr-only"> {r.rule}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
