import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { WorkspaceForm } from "@/components/forms/workspace-form";
import { linkClass } from "@/components/ui/styles";
import type { NewWorkspaceParentsQuery as ParentsPage, Role } from "@/lib/graphql/generated/graphql";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { ViewerQuery } from "@/lib/graphql/operations/session";
import { NewWorkspaceParentsQuery } from "@/lib/graphql/operations/workspace";

export const metadata: Metadata = { title: "New workspace" };

// Pages of 100 read for the parent list (the first 1,000 workspaces the viewer sees, by id). Those
// the viewer is a direct member of are offered whatever their place; under any other past them, a
// customer is created from that workspace's Branding and domains page (New customer workspace).
const MAX_PARENT_PAGES = 10;

type Parent = { id: string; name: string };

/**
 * Every workspace the viewer may create a customer workspace under, directly or by inheritance
 * (a role in an MSP workspace reaches its customers and theirs), by name.
 */
async function creatableParents(memberships: ReadonlyArray<{ role: Role; workspace: Parent }>) {
  const parents = new Map<string, Parent>();
  for (const { role, workspace } of memberships)
    if (roleCan(role, "workspace:create-child"))
      parents.set(workspace.id, { id: workspace.id, name: workspace.name });
  let after: string | null = null;
  for (let page = 0; page < MAX_PARENT_PAGES; page++) {
    const { workspaces }: ParentsPage = await load(NewWorkspaceParentsQuery, { after });
    for (const { node } of workspaces.edges)
      if (roleCan(node.viewerRole, "workspace:create-child"))
        parents.set(node.id, { id: node.id, name: node.name });
    if (!workspaces.pageInfo.hasNextPage) break;
    after = workspaces.pageInfo.endCursor ?? null;
  }
  return [...parents.values()].sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export default async function NewWorkspacePage() {
  const { me } = await load(ViewerQuery);
  if (!me) return redirectToSignIn();
  const parents = await creatableParents(me.memberships);
  // Someone who already has a workspace can leave without creating one.
  const first = me.memberships[0]?.workspace;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">New workspace</h1>
      <p className="mb-6 text-sm text-muted">
        A workspace holds nodes, incidents, keys and members. MSPs create one per customer under their own.
      </p>
      <WorkspaceForm parents={parents} />
      {first && (
        <p className="mt-4 text-sm">
          <Link href={`/w/${first.slug}`} className={linkClass}>
            Cancel, back to {first.name}
          </Link>
        </p>
      )}
    </>
  );
}
