"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, inputClass, labelClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateWorkspaceMutation } from "@/lib/graphql/operations/workspace";
import { fieldMessage } from "@/lib/graphql/outcome";
import { isValidSlug, SLUG_PATTERN, slugFromName } from "@/lib/workspaces/slug";
import { useFormState } from "./use-form-state";

/** Creates a workspace (or, with a parent chosen, a customer workspace of an MSP) and opens it. */
export function WorkspaceForm({
  parents,
}: Readonly<{ parents: ReadonlyArray<{ id: string; name: string }> }>) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const state = useFormState();
  const shownSlug = slugEdited ? slug : slugFromName(name);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parentWorkspaceId = String(new FormData(event.currentTarget).get("parent") ?? "") || null;
    if (!isValidSlug(shownSlug)) {
      return state.invalid([{ path: "slug", message: "1–48 lower-case letters, digits or inner hyphens" }]);
    }
    state.begin();
    const input = { name: name.trim(), slug: shownSlug, parentWorkspaceId };
    const outcome = await runMutation(CreateWorkspaceMutation, { input }, (data) => data.createWorkspace);
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(null, true);
    router.push(`/w/${outcome.value.workspace.slug}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      <Field
        label="Workspace name"
        name="name"
        required
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldMessage(state.fields, "name")}
      />
      <Field
        label="URL name"
        name="slug"
        required
        pattern={SLUG_PATTERN}
        maxLength={48}
        value={shownSlug}
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.target.value);
        }}
        hint={`Your dashboard lives at /w/${shownSlug || "…"}`}
        error={fieldMessage(state.fields, "slug")}
      />
      {parents.length > 0 && (
        <label className={labelClass}>
          Customer of (MSP)
          <select name="parent" className={inputClass} defaultValue="">
            <option value="">None: a workspace of its own</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      <button type="submit" disabled={state.busy} className={buttonPrimary}>
        {state.busy ? "Creating…" : "Create workspace"}
      </button>
    </form>
  );
}
