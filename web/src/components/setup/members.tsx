"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import {
  buttonDanger,
  buttonPrimary,
  inputClass,
  labelClass,
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

const ROLES: readonly Role[] = ["OWNER", "ADMIN", "ANALYST", "READONLY"];
// READONLY reads "Read-only", as the page's own headings say.
const roleLabel = (role: string) =>
  role === "READONLY" ? "Read-only" : role.charAt(0) + role.slice(1).toLowerCase();

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
}: Readonly<{
  workspaceId: string;
  viewerId: string;
  members: readonly Member[];
  invitations: readonly Invitation[];
  canManage: boolean;
}>) {
  const router = useRouter();
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
    if (!window.confirm(`Remove ${member.user.name} from this workspace?`)) return;
    setError(null);
    const outcome = await runMutation(
      RemoveMemberMutation,
      { input: { membershipId: member.id } },
      (d) => d.removeMember,
    );
    if (!outcome.ok) return setError(outcome.message);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-6">
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <Card title="Members">
        <div className="overflow-x-auto">
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
                    {canManage ? (
                      <select
                        aria-label={`Role of ${m.user.name}`}
                        value={m.role}
                        onChange={(e) => changeRole(m.id, e.target.value as Role)}
                        className={`${inputClass} w-auto py-1`}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleLabel(m.role)
                    )}
                  </td>
                  <td className={`${tdClass} whitespace-nowrap`}>{formatTime(m.createdAt)}</td>
                  <td className={tdClass}>
                    {canManage && m.user.id !== viewerId && (
                      <button type="button" onClick={() => remove(m)} className={buttonDanger}>
                        Remove
                      </button>
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
            <label className={labelClass}>
              Role
              <select name="role" defaultValue="ANALYST" className={inputClass}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </select>
            </label>
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
                    {i.email} · {roleLabel(i.role)}
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
