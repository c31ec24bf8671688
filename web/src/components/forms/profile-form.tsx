"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { checkProfileName, PROFILE_NAME_MAX } from "@/lib/account/profile-name";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UpdateProfileMutation } from "@/lib/graphql/operations/session";
import { fieldMessage } from "@/lib/graphql/outcome";
import { useFormState } from "./use-form-state";

/** The signed-in user's display name (updateProfile): what members, invitations and updates show. */
export function ProfileForm({ name }: Readonly<{ name: string }>) {
  const router = useRouter();
  const state = useFormState();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("name") ?? "");
    const problems = checkProfileName(value);
    if (problems.length > 0) return state.invalid(problems);
    state.begin();
    const outcome = await runMutation(
      UpdateProfileMutation,
      { input: { name: value.trim() } },
      (data) => data.updateProfile,
    );
    if (!outcome.ok) return state.fail(outcome, ["name"]);
    state.succeed("Name saved.");
    // The page's header shows the name too.
    router.refresh();
  }

  return (
    <Card title="Profile">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Profile" noValidate>
        <Field
          label="Display name"
          name="name"
          defaultValue={name}
          maxLength={PROFILE_NAME_MAX}
          autoComplete="name"
          required
          hint="Shown to the members of your workspaces and in the invitations you send."
          error={fieldMessage(state.fields, "name")}
        />
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
          {state.busy ? "Saving…" : "Save name"}
        </button>
      </form>
    </Card>
  );
}
