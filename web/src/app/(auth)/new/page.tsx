import { roleCan } from "@levee/shared/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { WorkspaceForm } from "@/components/forms/workspace-form";
import { linkClass } from "@/components/ui/styles";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { ViewerQuery } from "@/lib/graphql/operations/session";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const { me } = await load(ViewerQuery);
  if (!me) return redirectToSignIn();
  const parents = me.memberships
    .filter((m) => roleCan(m.role, "workspace:create-child"))
    .map((m) => ({ id: m.workspace.id, name: m.workspace.name }));
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
