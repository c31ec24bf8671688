// The workspace named in the URL, loaded once per request and shared by the layout and its pages. Unknown
// slugs and other tenants' workspaces are both NOT_FOUND at the API, so both render the same 404.
import { cache } from "react";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { WorkspaceShellQuery } from "@/lib/graphql/operations/workspace";

export const loadWorkspace = cache(async (slug: string) => {
  const data = await load(WorkspaceShellQuery, { slug });
  if (!data.me) return redirectToSignIn();
  return { ...data, me: data.me };
});
