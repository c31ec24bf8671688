"use client";

import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useEffect, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonPrimary, buttonSecondary, inputClass } from "@/components/ui/styles";
import { LOGO_ACCEPT, logoFileProblem } from "@/lib/branding/logo-upload";
import { runMutation, runUpload } from "@/lib/graphql/client-fetch";
import {
  UpdateWorkspaceBrandingMutation,
  UploadWorkspaceLogoMutation,
} from "@/lib/graphql/operations/branding";
import { fieldMessage } from "@/lib/graphql/outcome";

/**
 * The workspace's logo from a file (PNG, JPEG, WebP or GIF; the API checks type, size and dimensions):
 * a preview of the chosen file before it is sent, then the logo every page of the workspace shows.
 * Remove clears the workspace's own logo, which inherits again.
 */
export function LogoUpload({
  workspaceId,
  ownLogo,
  shownLogo,
  inheritsFrom,
  canEdit,
}: Readonly<{
  workspaceId: string;
  /** The workspace's own logo setting (null: inherited). */
  ownLogo: string | null;
  /** What its pages show now, inherited or not. */
  shownLogo: string;
  inheritsFrom: string;
  canEdit: boolean;
}>) {
  const router = useRouter();
  const state = useFormState();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setFile(chosen);
    const problem = chosen && logoFileProblem(chosen);
    state.invalid(problem ? [{ path: "file", message: problem }] : []);
  }

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Kept now: the event's currentTarget is gone once the upload has been awaited.
    const form = event.currentTarget;
    if (!file) return state.invalid([{ path: "file", message: "Choose a file first." }]);
    const problem = logoFileProblem(file);
    if (problem) return state.invalid([{ path: "file", message: problem }]);
    state.begin();
    const outcome = await runUpload(
      UploadWorkspaceLogoMutation,
      { input: { workspaceId } },
      file,
      (d) => d.uploadWorkspaceLogo,
    );
    if (!outcome.ok) return state.fail(outcome, ["file"]);
    setFile(null);
    form.reset();
    state.succeed("Uploaded. Pages of this workspace now show it.");
    router.refresh();
  }

  async function remove() {
    state.begin();
    const outcome = await runMutation(
      UpdateWorkspaceBrandingMutation,
      { input: { workspaceId, branding: { logo: null } } },
      (d) => d.updateWorkspaceBranding,
    );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(`Removed. The logo is inherited from ${inheritsFrom} again.`);
    router.refresh();
  }

  const problem = fieldMessage(state.fields, "file");
  return (
    <Card title="Logo file">
      <div className="mb-4 flex items-center gap-4">
        <div className="flex h-16 min-w-16 items-center justify-center rounded border border-muted/20 bg-background p-2">
          {/* biome-ignore lint/performance/noImgElement: a blob: preview or the workspace's own logo URL */}
          <img
            src={preview ?? shownLogo}
            alt={preview ? "Preview of the chosen logo" : "Current logo"}
            className="h-12 w-auto max-w-48 object-contain"
            data-testid="logo-preview"
          />
        </div>
        <p className="text-sm text-muted">
          {preview
            ? "Preview of the chosen file (not saved yet)."
            : ownLogo
              ? "This workspace's own logo (also the favicon)."
              : `Inherited from ${inheritsFrom}.`}
        </p>
      </div>
      {canEdit && (
        <form onSubmit={upload} className="flex flex-col gap-3" noValidate>
          <div className="flex flex-col gap-1.5">
            <label htmlFor="field-logo-file" className="text-sm font-medium">
              Upload a logo
            </label>
            <input
              id="field-logo-file"
              name="file"
              type="file"
              accept={LOGO_ACCEPT}
              onChange={choose}
              className={inputClass}
              aria-invalid={problem ? true : undefined}
              aria-describedby="field-logo-file-hint"
            />
            <span id="field-logo-file-hint" className="text-xs text-muted">
              PNG, JPEG, WebP or GIF, at most 256 KiB and 2048×2048 pixels (SVG is not accepted: export it as
              PNG). Kept by this deployment and served from its own address, custom domains included.
            </span>
            {problem && <span className="text-xs text-danger">{problem}</span>}
          </div>
          {state.error && !problem && <ErrorMessage>{state.error}</ErrorMessage>}
          {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
          <div className="flex gap-2">
            <button type="submit" disabled={state.busy || !file} className={buttonPrimary}>
              {state.busy ? "Working…" : "Upload logo"}
            </button>
            {ownLogo && (
              <button type="button" onClick={remove} disabled={state.busy} className={buttonSecondary}>
                Remove logo
              </button>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
