"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { NodePicker } from "@/components/nodes/node-picker";
import { EmptyState, ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonDanger, buttonSecondary, tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatDuration } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  DeleteMitigationRuleMutation,
  RunMitigationMutation,
  UpdateMitigationRuleMutation,
} from "@/lib/graphql/operations/mitigation";
import { familyLabel } from "@/lib/incidents/families";
import { type ActionType, RuleEditor, type RuleValues } from "./rule-editor";

function triggerText(rule: RuleValues): string {
  if (rule.trigger === "SEVERITY") return `Severity ≥ ${rule.minSeverity?.toLowerCase()}`;
  if (rule.trigger === "FAMILY") return familyLabel(rule.family);
  if (rule.trigger === "MANUAL") return "By hand";
  return "Threshold crossed";
}

/** The workspace's rules, each editable in place, enabled or disabled, or deleted (with a confirmation). */
export function RuleTable({
  workspaceId,
  rules,
  nodeNames,
  actionTypes,
  canManage,
}: Readonly<{
  workspaceId: string;
  rules: readonly RuleValues[];
  /** The rules' nodes' names, read by id. */
  nodeNames: Readonly<Record<string, string>>;
  actionTypes: readonly ActionType[];
  canManage: boolean;
}>) {
  const router = useRouter();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The node chosen to run each every-node rule on, with its name. */
  const [runOn, setRunOn] = useState<Record<string, { id: string; name: string }>>({});
  const nodeName = (id?: string | null) =>
    id
      ? (nodeNames[id] ?? Object.values(runOn).find((n) => n.id === id)?.name ?? "a removed node")
      : "Every node";
  const title = (type: string) => actionTypes.find((t) => t.type === type)?.title ?? type;

  async function remove(rule: RuleValues) {
    if (
      !window.confirm(
        `Delete the rule “${rule.name}”? Actions it already applied stay until their TTL or undo.`,
      )
    )
      return;
    const outcome = await runMutation(
      DeleteMitigationRuleMutation,
      { input: { ruleId: rule.id } },
      (d) => d.deleteMitigationRule,
    );
    if (!outcome.ok) return setError(outcome.message);
    setError(null);
    router.refresh();
  }

  /** By hand: the rule's action on its node (or the one chosen), now, with the rule's lifetime. */
  async function run(rule: RuleValues) {
    const nodeId = rule.nodeId ?? runOn[rule.id]?.id;
    if (!nodeId) return setError(`Choose the node to run “${rule.name}” on.`);
    const outcome = await runMutation(
      RunMitigationMutation,
      {
        input: {
          nodeId,
          actionType: rule.actionType,
          params: rule.params,
          ttlSeconds: rule.ttlSeconds,
          permanent: rule.permanent,
        },
      },
      (d) => d.runMitigation,
    );
    if (!outcome.ok) {
      setNotice(null);
      return setError(
        `${outcome.message}${outcome.fieldErrors.length ? ` (${outcome.fieldErrors.map((f) => f.message).join("; ")})` : ""}`,
      );
    }
    setError(null);
    setNotice(`Requested on ${nodeName(nodeId)}: the agent applies it with its next exchange.`);
    router.refresh();
  }

  async function toggle(rule: RuleValues) {
    const outcome = await runMutation(
      UpdateMitigationRuleMutation,
      { input: { ruleId: rule.id, enabled: !rule.enabled } },
      (d) => d.updateMitigationRule,
    );
    if (!outcome.ok) return setError(outcome.message);
    setError(null);
    router.refresh();
  }

  if (rules.length === 0)
    return (
      <EmptyState title="No rules yet">
        A rule applies a firewall action on the attacked node when an incident matches its trigger; one saved
        or enabled during an attack applies to the open incidents it matches at once.
      </EmptyState>
    );
  return (
    <div className="flex flex-col gap-3">
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {notice && <SuccessMessage>{notice}</SuccessMessage>}
      <div className={tableBoxClass}>
        <table className={tableClass}>
          <TableHead columns={["Rule", "Node", "Action", "Trigger", "Lifetime", "State", ""]} />
          <tbody>
            {rules.map((rule) => (
              <Fragment key={rule.id}>
                <tr data-rule={rule.name}>
                  <td className={`${tdClass} font-medium`}>{rule.name}</td>
                  <td className={tdClass}>{nodeName(rule.nodeId)}</td>
                  <td className={tdClass}>
                    {title(rule.actionType)}
                    <span className="block font-mono text-xs text-muted">{rule.actionType}</span>
                  </td>
                  <td className={tdClass}>{triggerText(rule)}</td>
                  <td className={tdClass}>
                    {rule.permanent ? "Permanent" : formatDuration(rule.ttlSeconds, { exact: true })}
                  </td>
                  <td className={tdClass}>{rule.enabled ? "Enabled" : "Disabled"}</td>
                  <td className={`${tdClass} whitespace-nowrap text-right`}>
                    {canManage && (
                      <span className="inline-flex gap-2">
                        <button
                          type="button"
                          className={buttonSecondary}
                          aria-expanded={editing === rule.id}
                          onClick={() => setEditing(editing === rule.id ? null : rule.id)}
                        >
                          Edit<span className="sr-only"> {rule.name}</span>
                        </button>
                        {!rule.nodeId && (
                          <span className="inline-block w-48 text-left">
                            <NodePicker
                              workspaceId={workspaceId}
                              label={`Node to run ${rule.name} on`}
                              labelHidden
                              value={runOn[rule.id]?.id ?? ""}
                              onChange={(node) => {
                                const { [rule.id]: _, ...rest } = runOn;
                                setRunOn(node ? { ...rest, [rule.id]: node } : rest);
                              }}
                            />
                          </span>
                        )}
                        <button type="button" className={buttonSecondary} onClick={() => run(rule)}>
                          Run now<span className="sr-only"> {rule.name}</span>
                        </button>
                        <button type="button" className={buttonSecondary} onClick={() => toggle(rule)}>
                          {rule.enabled ? "Disable" : "Enable"}
                          <span className="sr-only"> {rule.name}</span>
                        </button>
                        <button type="button" className={buttonDanger} onClick={() => remove(rule)}>
                          Delete<span className="sr-only"> {rule.name}</span>
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
                {editing === rule.id && (
                  <tr>
                    <td colSpan={7} className={tdClass}>
                      <RuleEditor
                        workspaceId={workspaceId}
                        nodeNames={nodeNames}
                        actionTypes={actionTypes}
                        rule={rule}
                        onDone={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
