import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import { ActionTable } from "@/components/mitigation/action-table";
import { MitigationHistory } from "@/components/mitigation/mitigation-history";
import { MitigationLive } from "@/components/mitigation/mitigation-live";
import { RuleEditor } from "@/components/mitigation/rule-editor";
import { RuleTable } from "@/components/mitigation/rule-table";
import { SafelistEditor } from "@/components/mitigation/safelist-editor";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { load } from "@/lib/graphql/load";
import {
  MitigationActionsQuery,
  MitigationPageQuery,
  MitigationRulesQuery,
  MitigationSafelistQuery,
} from "@/lib/graphql/operations/mitigation";
import { loadNodeNames } from "@/lib/nodes/load-node-names";

export const metadata: Metadata = { title: "Firewall mitigation" };

export default async function MitigationPage({
  params,
}: Readonly<{ params: Promise<{ workspace: string }> }>) {
  const { workspace: slug } = await params;
  const { workspace, mitigationActionTypes } = await load(MitigationPageQuery, { slug });
  const [{ mitigationRules }, { mitigationActions }, { mitigationSafelist }] = await Promise.all([
    load(MitigationRulesQuery, { workspaceId: workspace.id }),
    load(MitigationActionsQuery, { workspaceId: workspace.id }),
    load(MitigationSafelistQuery, { workspaceId: workspace.id }),
  ]);
  // The rules' and actions' nodes named by id: a workspace's list of nodes may run to thousands.
  const names = await loadNodeNames([
    ...mitigationRules.flatMap((r) => (r.nodeId ? [r.nodeId] : [])),
    ...mitigationActions.map((a) => a.nodeId),
  ]);
  const nodeNames = Object.fromEntries(names);
  const canManage = roleCan(workspace.viewerRole, "mitigation:manage");
  const nodeName = (id: string) => names.get(id) ?? "a removed node";
  // The history: every step of the latest 200 actions, newest first.
  const events = mitigationActions
    .flatMap((a) => a.events.map((e, i) => ({ ...e, key: `${a.id}-${i}`, action: a })))
    .sort((x, y) => y.at.localeCompare(x.at))
    .slice(0, 300);
  return (
    <>
      <MitigationLive workspaceId={workspace.id} />
      <PageHeader
        title="Firewall mitigation"
        subtitle="Typed firewall actions the agents apply on their own hosts, in Levee's own tables, and undo when the incident ends."
      />
      <div className="flex flex-col gap-6">
        <Card title="Rules">
          <RuleTable
            workspaceId={workspace.id}
            rules={mitigationRules}
            nodeNames={nodeNames}
            actionTypes={mitigationActionTypes}
            canManage={canManage}
          />
        </Card>
        {canManage && (
          <Card title="New rule">
            <RuleEditor
              workspaceId={workspace.id}
              nodeNames={nodeNames}
              actionTypes={mitigationActionTypes}
            />
          </Card>
        )}
        <Card title="Safelist">
          <SafelistEditor workspaceId={workspace.id} prefixes={mitigationSafelist} canManage={canManage} />
        </Card>
        <Card title="Applied actions">
          <ActionTable slug={slug} actions={mitigationActions} nodeNames={nodeNames} canManage={canManage} />
        </Card>
        <Card title="Action history">
          <MitigationHistory
            events={events}
            empty="Nothing has been applied or undone yet"
            describe={(e) => {
              const { action } = e as (typeof events)[number];
              return `${action.actionType} on ${nodeName(action.nodeId)}`;
            }}
          />
        </Card>
      </div>
    </>
  );
}
