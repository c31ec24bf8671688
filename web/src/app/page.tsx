import { redirect } from "next/navigation";
import { load, redirectToSignIn } from "@/lib/graphql/load";
import { ViewerQuery } from "@/lib/graphql/operations/session";

/** `/` opens the viewer's first workspace, or asks for a first one. */
export default async function HomePage() {
  const { me } = await load(ViewerQuery);
  if (!me) return redirectToSignIn();
  const first = me.memberships[0]?.workspace;
  redirect(first ? `/w/${first.slug}` : "/new");
}
