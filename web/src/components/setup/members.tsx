"use client";

import { outranks, ROLES, roleName } from "@levee/shared/auth/permissions";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  inputClass,
  tableBoxClass,
  tableClass,
  tdClass,
  thClass,
} from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { Role } from "@/lib/graphql/generated/graphql";
import {
  ChangeMemberRoleMutation,
  InviteMemberMutation,
  RemoveMemberMutation,
} from "@/lib/graphql/operations/setup";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";
import { CodeBlock } from "./copy-button";

/** The roles a viewer may grant or change: none above their own (the API refuses those). */
const grantable = (viewerRole: Role | null): readonly Role[] =>
  viewerRole ? ROLES.filter((role) => !outranks(role, viewerRole)) : [];

interface Member {
  id: string;
  role: Role;
  createdAt: string;
  user: { id: string; name: string; email: string };
}
interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
}

export function Members({
  workspaceId,
  viewerId,
  members,
  invitations,
  canManage,
  viewerRole,
}: Readonly<{
  workspaceId: string;
  viewerId: string;
  members: readonly Member[];
  invitations: readonly Invitation[];
  canManage: boolean;
  /** The viewer's role here (inherited from an MSP workspace too): they manage only roles up to it. */
  viewerRole: Role | null;
}>) {
  const router = useRouter();
  const roles = grantable(viewerRole);
  // A workspace keeps at least one OWNER (the API refuses the last one's leaving or demotion).
  const lastOwner = (member: Member) =>
    member.role === "OWNER" && members.filter((m) => m.role === "OWNER").length === 1;
  /** A member whose role the viewer may change and whom they may remove: not above their own. */
  const manageable = (member: Member) =>
    canManage && viewerRole !== null && !outranks(member.role, viewerRole);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<readonly FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<{ email: string; link: string } | null>(null);

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      workspaceId,
      email: String(form.get("email") ?? "").trim(),
      role: String(form.get("role")) as Role,
    };
    setBusy(true);
    setError(null);
    const outcome = await runMutation(InviteMemberMutation, { input }, (d) => d.inviteMember);
    setBusy(false);
    if (!outcome.ok) {
      setFields(outcome.fieldErrors);
      return setError(outcome.message);
    }
    setFields([]);
    setInvite({
      email: input.email,
      link: `${window.location.origin}/signup?invite=${encodeURIComponent(outcome.value.token)}`,
    });
    router.refresh();
  }

  async function changeRole(membershipId: string, role: Role) {
    setError(null);
    const outcome = await runMutation(
      ChangeMemberRoleMutation,
      { input: { membershipId, role } },
      (d) => d.changeMemberRole,
    );
    if (!outcome.ok) setError(outcome.message);
    router.refresh();
  }

  async function remove(member: Member) {
    const self = member.user.id === viewerId;
    const question = self
      ? "Leave this workspace? Your membership here ends at once; an owner or admin can invite you again."
      : `Remove ${member.user.name} from this workspace?`;
    if (!window.confirm(question)) return;
    setError(null);
    const outcome = await runMutation(
      RemoveMemberMutation,
      { input: { membershipId: member.id } },
      (d) => d.removeMember,
    );
    if (!outcome.ok) return setError(outcome.message);
    // Gone from the workspace: its pages are NOT_FOUND now, so go where the viewer still belongs.
    if (self) return router.push("/");
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <Card title="Members">
        <div className={tableBoxClass}>
          <table className={tableClass}>
            <TableHead columns={["Name", "Email", "Role", "Since", ""]} />
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td className={`${tdClass} font-medium`}>
                    {m.user.name}
                    {m.user.id === viewerId && <span className="ml-1 text-xs text-muted">(you)</span>}
                  </td>
                  <td className={tdClass}>{m.user.email}</td>
                  <td className={tdClass}>
                    {manageable(m) ? (
                      <select
                        aria-label={`Role of ${m.user.name}`}
                        value={m.role}
                        onChange={(e) => changeRole(m.id, e.target.value as Role)}
                        className={`${inputClass} w-auto py-1`}
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {roleName(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleName(m.role)
                    )}
                  </td>
                  <td className={`${tdClass} whitespace-nowrap`}>{formatTime(m.createdAt)}</td>
                  <td className={tdClass}>
                    {m.user.id === viewerId ? (
                      lastOwner(m) ? (
                        <span className="text-xs text-muted">
                          Last owner: make someone else owner to leave
                        </span>
                      ) : (
                        <button type="button" onClick={() => remove(m)} className={buttonSecondary}>
                          Leave
                        </button>
                      )
                    ) : (
                      manageable(m) && (
                        <button type="button" onClick={() => remove(m)} className={buttonDanger}>
                          Remove
                        </button>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {canManage && (
        <Card title="Invite someone">
          <form onSubmit={onInvite} className="grid items-end gap-3 sm:grid-cols-[2fr_1fr_auto]">
            <Field label="Email" name="email" type="email" required error={fieldMessage(fields, "email")} />
            {/* A <label for>, not one wrapping the select: a wrapping label's name took the options' text. */}
            <SelectField label="Role" name="role" id="invite-role" defaultValue="ANALYST">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </SelectField>
            <button type="submit" disabled={busy} className={buttonPrimary}>
              {busy ? "Inviting…" : "Invite"}
            </button>
          </form>
          {invite && (
            <div className="mt-4 flex flex-col gap-2">
              <p className="text-sm">Send this link to {invite.email} (valid 7 days, shown once):</p>
              <CodeBlock label="Invitation link" code={invite.link} />
            </div>
          )}
          <h3 className="mb-2 mt-6 text-sm font-semibold">Pending invitations</h3>
          {invitations.length === 0 ? (
            <EmptyState title="No pending invitations" />
          ) : (
            <ul className="divide-y divide-muted/15 text-sm">
              {invitations.map((i) => (
                <li key={i.id} className="flex justify-between py-2">
                  <span>
                    {i.email} · {roleName(i.role)}
                  </span>
                  <span className="text-muted">expires {formatTime(i.expiresAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
