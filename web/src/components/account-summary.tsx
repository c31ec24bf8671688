import Link from "next/link";
import { LogoutButton } from "@/components/forms/logout-button";
import type { Viewer } from "@/lib/graphql/documents";
import { Card } from "./card";

/** `viewer` is undefined when the API could not say (unreachable), null when signed out. */
export function AccountSummary({ viewer }: Readonly<{ viewer: Viewer | null | undefined }>) {
  if (viewer === undefined) {
    return (
      <Card title="Account">
        <p className="text-muted">Sign-in status is unavailable until the API is reachable.</p>
      </Card>
    );
  }
  if (viewer === null) {
    return (
      <Card title="Account">
        <p className="mb-4 text-muted">You are not signed in.</p>
        <Link
          href="/login"
          className="rounded-theme bg-primary px-4 py-2 text-sm font-medium text-background"
        >
          Sign in
        </Link>
      </Card>
    );
  }
  return (
    <Card title="Account">
      <p>
        Signed in as <span className="font-medium">{viewer.name}</span>{" "}
        <span className="text-muted">({viewer.email})</span>
      </p>
      {viewer.memberships.length === 0 ? (
        <p className="mt-3 text-sm text-muted">You are not a member of any workspace yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-muted/20">
          {viewer.memberships.map(({ role, workspace }) => (
            <li key={workspace.id} className="flex items-baseline justify-between py-2">
              <span>
                {workspace.name} <span className="font-mono text-sm text-muted">{workspace.slug}</span>
              </span>
              <span className="text-sm capitalize text-accent">{role.toLowerCase()}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-4">
        <LogoutButton />
      </div>
    </Card>
  );
}
