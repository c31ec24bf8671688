"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger, buttonSecondary, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import type { StoredPolicy as Policy } from "@/lib/alerts/policy-edit";
import { newPolicyValues } from "@/lib/alerts/policy-form";
import { matchLines, repeatLine, stepLines } from "@/lib/alerts/policy-summary";
import { runMutation } from "@/lib/graphql/client-fetch";
import { DeleteEscalationPolicyMutation } from "@/lib/graphql/operations/alert-routing";
import { EscalationPolicyForm } from "./escalation-policy-form";
import type { ChannelChoice } from "./escalation-step-rows";
import { useRowEdits } from "./use-row-edits";

const Lines = ({ lines }: Readonly<{ lines: readonly string[] }>) => (
  <ul className="flex flex-col gap-0.5">
    {lines.map((line) => (
      <li key={line}>{line}</li>
    ))}
  </ul>
);

/**
 * The workspace's escalation policies in the order they are tried (what each matches, its steps by channel
 * name, its repeats), an edit in place and delete per policy, and the form to add one. Only owners and
 * admins change them.
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
  /** What a row says last: that its edit was saved, or nothing changed (shown until the page is left). */
  const [notes, setNotes] = useState<Record<string, string>>({});
  /** The policy whose edit form is open (one at a time), and those with a change on its way. */
  const rows = useRowEdits(policies);
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name;

  async function remove(policy: Policy) {
    if (
      !window.confirm(
        `Delete the escalation policy “${policy.name}”? Incidents that open from now on go to the next policy that matches, or to every enabled channel.`,
      )
    )
      return;
    setRowError(null);
    rows.start(policy.id);
    const outcome = await runMutation(
      DeleteEscalationPolicyMutation,
      { input: { policyId: policy.id } },
      (d) => d.deleteEscalationPolicy,
    );
    // Deleted, the row stays disabled until the refresh takes it away (a second click would be NOT_FOUND).
    if (!outcome.ok) {
      rows.end(policy.id);
      return setRowError(`${policy.name}: ${outcome.message}`);
    }
    rows.settle(policy.id);
    router.refresh();
  }

  function edit(policy: Policy) {
    setRowError(null);
    rows.toggle(policy.id);
  }

  function saved(policy: Policy, note: string) {
    rows.close(policy.id);
    setNotes((n) => ({ ...n, [policy.id]: note }));
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
                " A change routes incidents that open after it; those already escalating keep their steps."}
            </p>
            <div className={tableBoxClass}>
              <table className={tableClass}>
                <TableHead columns={["Position", "Policy", "Matches", "Steps", "Repeats", ""]} />
                <tbody>
                  {policies.map((p) => {
                    const open = canManage && rows.isOpen(p.id);
                    return (
                      <Fragment key={p.id}>
                        <tr data-testid="escalation-policy" data-policy={p.name}>
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
                              <div className="flex flex-wrap items-center gap-2">
                                <button
                                  type="button"
                                  className={buttonSecondary}
                                  aria-expanded={open}
                                  disabled={rows.editWaits(p.id)}
                                  ref={rows.editButton(p.id)}
                                  onClick={() => edit(p)}
                                >
                                  Edit<span className="sr-only"> {p.name}</span>
                                </button>
                                <button
                                  type="button"
                                  className={buttonDanger}
                                  disabled={rows.waits(p.id)}
                                  onClick={() => remove(p)}
                                >
                                  Delete<span className="sr-only"> {p.name}</span>
                                </button>
                              </div>
                            )}
                            {/* Present from the start, so screen readers announce what comes into it. */}
                            <p role="status" className="mt-1 text-xs text-success">
                              {notes[p.id] ?? ""}
                            </p>
                          </td>
                        </tr>
                        {open && (
                          <tr>
                            <td colSpan={6} className={tdClass}>
                              <EscalationPolicyForm
                                channels={channels}
                                initial={p}
                                mode={{
                                  kind: "edit",
                                  policyId: p.id,
                                  onSaved: (note) => saved(p, note),
                                  onCancel: () => rows.close(p.id),
                                  onBusy: rows.formBusy(p.id),
                                }}
                              />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
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
        <EscalationPolicyForm
          channels={channels}
          initial={newPolicyValues(nextPosition)}
          mode={{ kind: "create", workspaceId }}
        />
      )}
    </div>
  );
}
