import type { Metadata } from "next";
import { WorkspaceForm } from "@/components/forms/workspace-form";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { ViewerQuery } from "@/lib/graphql/operations/session";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const { me } = await load(ViewerQuery);
  if (!me) return redirectToSignIn();
  const parents = me.memberships
    .filter((m) => m.role === "OWNER" || m.role === "ADMIN")
    .map((m) => ({ id: m.workspace.id, name: m.workspace.name }));
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">New workspace</h1>
      <p className="mb-6 text-sm text-muted">
        A workspace holds nodes, incidents, keys and members. MSPs create one per customer under their own.
      </p>
      <WorkspaceForm parents={parents} />
    </>
  );
}
