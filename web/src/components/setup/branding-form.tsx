"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary, inputClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { UpdateWorkspaceBrandingMutation } from "@/lib/graphql/operations/branding";
import { fieldMessage } from "@/lib/graphql/outcome";

export interface BrandingChoice {
  theme: string | null;
  accent: string | null;
  logo: string | null;
  productName: string | null;
}

/** A workspace's own look; empty fields inherit (MSP parent, then the deployment default). */
export function BrandingForm({
  workspaceId,
  settings,
  themes,
  inheritsFrom,
  canEdit,
}: Readonly<{
  workspaceId: string;
  settings: BrandingChoice;
  themes: ReadonlyArray<{ name: string }>;
  inheritsFrom: string;
  canEdit: boolean;
}>) {
  const router = useRouter();
  const state = useFormState();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim() || null;
    state.begin();
    const outcome = await runMutation(
      UpdateWorkspaceBrandingMutation,
      {
        input: {
          workspaceId,
          branding: {
            theme: value("theme"),
            accent: value("accent"),
            logo: value("logo"),
            productName: value("productName"),
          },
        },
      },
      (d) => d.updateWorkspaceBranding,
    );
    if (!outcome.ok) return state.fail(outcome, ["theme", "productName", "accent", "logo"]);
    state.succeed("Saved. Pages of this workspace now wear it.");
    router.refresh();
  }

  return (
    <Card title="Look">
      <p className="mb-4 text-sm text-muted">
        Empty fields are inherited from {inheritsFrom}. With a product name and logo of your own, the
        dashboard, status page, e-mails and page titles of this workspace name only you.
      </p>
      {/* Keyed on the saved settings: after an upload or a removal elsewhere, the fields show what is stored. */}
      <form key={JSON.stringify(settings)} onSubmit={save} className="flex flex-col gap-4" noValidate>
        <div className="flex flex-col gap-1.5">
          <label htmlFor="field-theme" className="text-sm font-medium">
            Theme
          </label>
          <select
            id="field-theme"
            name="theme"
            defaultValue={settings.theme ?? ""}
            disabled={!canEdit}
            className={inputClass}
          >
            <option value="">Inherit</option>
            {themes.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
          {fieldMessage(state.fields, "theme") && (
            <span className="text-xs text-danger">{fieldMessage(state.fields, "theme")}</span>
          )}
        </div>
        <Field
          label="Product name"
          name="productName"
          maxLength={60}
          defaultValue={settings.productName ?? ""}
          disabled={!canEdit}
          hint="Replaces the theme's name in headers, titles and e-mails."
          error={fieldMessage(state.fields, "productName")}
        />
        <Field
          label="Accent colour"
          name="accent"
          placeholder="#c2410c"
          defaultValue={settings.accent ?? ""}
          disabled={!canEdit}
          hint="Hex; replaces the theme's accent (secondary highlights: notices, badges, the bits/s line of charts) in light and dark. Buttons, links and focus rings keep the theme's primary colour."
          error={fieldMessage(state.fields, "accent")}
        />
        <Field
          label="Logo"
          name="logo"
          placeholder="https://cdn.example.com/logo.svg"
          defaultValue={settings.logo ?? ""}
          disabled={!canEdit}
          hint="Upload an image in the Logo file card, or give an https:// URL of one; empty, the theme's logo. It is the favicon too."
          error={fieldMessage(state.fields, "logo")}
        />
        {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
        {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
        {canEdit && (
          <button type="submit" disabled={state.busy} className={`${buttonPrimary} self-start`}>
            {state.busy ? "Saving…" : "Save look"}
          </button>
        )}
      </form>
    </Card>
  );
}
