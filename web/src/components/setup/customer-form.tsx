"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, inputClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { CreateCustomerWorkspaceMutation } from "@/lib/graphql/operations/branding";
import { fieldMessage } from "@/lib/graphql/outcome";
import { CUSTOMER_CONFLICT_FIELD, CUSTOMER_FORM_FIELDS } from "@/lib/workspaces/customer-refusal";
import { SLUG_PATTERN, slugFromName } from "@/lib/workspaces/slug";

/** MSP: a customer workspace with its own URL name, look and status page, created in one step. */
export function CustomerForm({
  parentWorkspaceId,
  themes,
}: Readonly<{ parentWorkspaceId: string; themes: ReadonlyArray<{ name: string }> }>) {
  const router = useRouter();
  const state = useFormState();
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim() || null;
    state.begin();
    const outcome = await runMutation(
      CreateCustomerWorkspaceMutation,
      {
        input: {
          parentWorkspaceId,
          name: String(form.get("name") ?? "").trim(),
          slug,
          statusPage: form.get("statusPage") === "on",
          branding: { theme: value("customerTheme"), productName: value("customerProduct") },
        },
      },
      (d) => d.createCustomerWorkspace,
    );
    if (!outcome.ok) return state.fail(outcome, CUSTOMER_FORM_FIELDS, CUSTOMER_CONFLICT_FIELD);
    state.succeed(null, true);
    router.push(`/w/${outcome.value.workspace.slug}`);
  }

  return (
    <Card title="New customer workspace">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field
          label="Customer name"
          name="name"
          required
          maxLength={100}
          onChange={(e) => !slugTouched && setSlug(slugFromName(e.currentTarget.value))}
          error={fieldMessage(state.fields, "name")}
        />
        <Field
          label="Customer URL name"
          name="slug"
          required
          pattern={SLUG_PATTERN}
          value={slug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.currentTarget.value);
          }}
          hint="Also its status page address: /s/<name>."
          error={fieldMessage(state.fields, "slug")}
        />
        <div className="flex flex-col gap-1.5">
          <label htmlFor="field-customerTheme" className="text-sm font-medium">
            Customer theme
          </label>
          <select id="field-customerTheme" name="customerTheme" defaultValue="" className={inputClass}>
            <option value="">Same as this workspace</option>
            {themes.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Customer product name"
          name="customerProduct"
          maxLength={60}
          hint="Empty: this workspace's product name carries over."
          error={fieldMessage(state.fields, "productName")}
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="statusPage" defaultChecked /> Turn on its public status page
        </label>
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
          {state.busy ? "Creating…" : "Create customer"}
        </button>
      </form>
    </Card>
  );
}
