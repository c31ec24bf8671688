"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { matchLines, repeatLine, stepLines } from "@/lib/alerts/policy-summary";
import { runMutation } from "@/lib/graphql/client-fetch";
import { DeleteEscalationPolicyMutation } from "@/lib/graphql/operations/alert-routing";
import { EscalationPolicyForm } from "./escalation-policy-form";
import type { ChannelChoice } from "./escalation-step-rows";

interface Policy {
  id: string;
  name: string;
  position: number;
  sharedWithCustomers: boolean;
  severities: readonly string[];
  families: readonly string[];
  nodeLabels: readonly { key: string; value: string }[];
  steps: readonly { channelIds: readonly string[]; delaySeconds: number }[];
  repeat: number;
  repeatAfterSeconds: number;
}

const Lines = ({ lines }: Readonly<{ lines: readonly string[] }>) => (
  <ul className="flex flex-col gap-0.5">
    {lines.map((line) => (
      <li key={line}>{line}</li>
    ))}
  </ul>
);

/**
 * The workspace's escalation policies in the order they are tried (what each matches, its steps by channel
 * name, its repeats), delete per policy, and the form to add one. Only owners and admins change them.
 */
export function EscalationPolicies({
  workspaceId,
  policies,
  channels,
  canManage,
}: Readonly<{
  workspaceId: string;
  policies: readonly Policy[];
  channels: readonly ChannelChoice[];
  canManage: boolean;
}>) {
  const router = useRouter();
  const [rowError, setRowError] = useState<string | null>(null);
  /** Policies whose deletion is on its way: their buttons wait. */
  const [changing, setChanging] = useState<ReadonlySet<string>>(new Set());
  const changeStarts = (id: string) => setChanging((ids) => new Set(ids).add(id));
  const changeEnds = (id: string) =>
    setChanging((ids) => {
      const left = new Set(ids);
      left.delete(id);
      return left;
    });
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name;

  async function remove(policy: Policy) {
    if (
      !window.confirm(
        `Delete the escalation policy “${policy.name}”? Incidents that open from now on go to the next policy that matches, or to every enabled channel.`,
      )
    )
      return;
    setRowError(null);
    changeStarts(policy.id);
    const outcome = await runMutation(
      DeleteEscalationPolicyMutation,
      { input: { policyId: policy.id } },
      (d) => d.deleteEscalationPolicy,
    );
    changeEnds(policy.id);
    if (!outcome.ok) return setRowError(`${policy.name}: ${outcome.message}`);
    router.refresh();
  }

  const nextPosition = policies.reduce((max, p) => Math.max(max, p.position + 1), 0);
  return (
    <div className="flex flex-col gap-6">
      <Card title="Escalation policies">
        {policies.length === 0 ? (
          <EmptyState title="No escalation policies">
            Without one, an incident is announced on every enabled channel at once.
            {canManage
              ? " Add one below to page in steps."
              : " An owner or admin of this workspace adds them."}
          </EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-muted">
              Tried in this order: the first that matches an incident routes its alerts; with none matching,
              every enabled channel is told at once.
              {canManage &&
                " A policy is not edited in place here: to change one, delete it and create it again."}
            </p>
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <TableHead columns={["Position", "Policy", "Matches", "Steps", "Repeats", ""]} />
                <tbody>
                  {policies.map((p) => (
                    <tr key={p.id} data-testid="escalation-policy" data-policy={p.name}>
                      <td className={`${tdClass} tabular-nums`}>{p.position}</td>
                      <td className={tdClass}>
                        <span className="font-medium">{p.name}</span>
                        {p.sharedWithCustomers && (
                          <span className="block text-xs text-muted">Shared with customers</span>
                        )}
                      </td>
                      <td className={`${tdClass} text-xs`}>
                        <Lines lines={matchLines(p)} />
                      </td>
                      <td className={`${tdClass} text-xs`}>
                        <Lines lines={stepLines(p, channelName)} />
                      </td>
                      <td className={`${tdClass} text-xs`}>{repeatLine(p)}</td>
                      <td className={tdClass}>
                        {canManage && (
                          <button
                            type="button"
                            className={buttonDanger}
                            disabled={changing.has(p.id)}
                            onClick={() => remove(p)}
                          >
                            Delete
                            <span className="sr-only"> {p.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {rowError && (
          <div className="mt-3">
            <ErrorMessage>{rowError}</ErrorMessage>
          </div>
        )}
      </Card>
      {canManage && (
        <EscalationPolicyForm workspaceId={workspaceId} channels={channels} nextPosition={nextPosition} />
      )}
    </div>
  );
}
