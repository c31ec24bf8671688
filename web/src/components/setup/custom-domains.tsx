"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { CopyButton } from "@/components/setup/copy-button";
import { Card } from "@/components/ui/card";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonDanger, buttonPrimary, buttonSecondary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import {
  AddCustomDomainMutation,
  RemoveCustomDomainMutation,
  VerifyCustomDomainMutation,
} from "@/lib/graphql/operations/branding";
import { fieldMessage } from "@/lib/graphql/outcome";

export interface CustomDomainRow {
  id: string;
  host: string;
  status: "PENDING" | "VERIFIED";
  txtName: string;
  txtValue: string;
  lastError?: string | null;
}

/**
 * Add a host, then the DNS and TLS steps to finish it, and a Verify button that checks the TXT record
 * now; a verified host says what it serves, its DNS records folded away as reference.
 */
export function CustomDomains({
  workspaceId,
  domains,
  canEdit,
}: Readonly<{ workspaceId: string; domains: readonly CustomDomainRow[]; canEdit: boolean }>) {
  const router = useRouter();
  const add = useFormState();
  const [rowMessage, setRowMessage] = useState<Record<string, string>>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Held now: React clears currentTarget once the handler awaits.
    const form = event.currentTarget;
    const host = String(new FormData(form).get("host") ?? "").trim();
    add.begin();
    const outcome = await runMutation(
      AddCustomDomainMutation,
      { input: { workspaceId, host } },
      (d) => d.addCustomDomain,
    );
    if (!outcome.ok) return add.fail(outcome, ["host"], "host");
    add.succeed(`Added ${outcome.value.customDomain.host}: finish the steps below.`);
    form.reset(); // a second press would add it again (CONFLICT)
    router.refresh();
  }

  async function verify(id: string) {
    const outcome = await runMutation(
      VerifyCustomDomainMutation,
      { input: { customDomainId: id } },
      (d) => d.verifyCustomDomain,
    );
    const message = !outcome.ok
      ? outcome.message
      : outcome.value.customDomain.status === "VERIFIED"
        ? "Verified."
        : (outcome.value.customDomain.lastError ?? "Not verified yet.");
    setRowMessage((m) => ({ ...m, [id]: message }));
    router.refresh();
  }

  async function remove(id: string) {
    await runMutation(
      RemoveCustomDomainMutation,
      { input: { customDomainId: id } },
      (d) => d.removeCustomDomain,
    );
    router.refresh();
  }

  return (
    <Card title="Custom domains">
      <p className="mb-4 text-sm text-muted">
        Serve this workspace's sign-in, dashboard and status page on a host of your own. The host's{" "}
        <code>/</code> is the status page.
      </p>
      {canEdit && (
        <form onSubmit={submit} className="mb-6 flex flex-col gap-3" noValidate>
          <Field
            label="Host"
            name="host"
            placeholder="status.example.com"
            required
            hint="No scheme or path; international names are accepted."
            error={fieldMessage(add.fields, "host")}
          />
          {add.error && <ErrorMessage>{add.error}</ErrorMessage>}
          {add.done && <SuccessMessage>{add.done}</SuccessMessage>}
          <button type="submit" disabled={add.busy} className={`${buttonPrimary} self-start`}>
            {add.busy ? "Adding…" : "Add domain"}
          </button>
        </form>
      )}
      {domains.length === 0 ? (
        <p className="text-sm text-muted">No custom domains yet.</p>
      ) : (
        <ul className="flex flex-col gap-5">
          {domains.map((d) => (
            <li key={d.id} data-domain={d.host} className="rounded-theme border border-muted/20 p-4">
              <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                <p className="font-mono text-sm font-semibold">{d.host}</p>
                <span
                  data-testid="domain-status"
                  className={`text-xs font-semibold uppercase ${d.status === "VERIFIED" ? "text-success" : "text-warning"}`}
                >
                  {d.status === "VERIFIED" ? "Verified" : "Pending"}
                </span>
              </div>
              {d.status === "VERIFIED" ? (
                <>
                  <p className="text-sm" data-testid="domain-verified">
                    <code>{d.host}</code> serves this workspace's sign-in, dashboard and status page. Keep its
                    DNS records in place: your reverse proxy renews its TLS certificate on demand.
                  </p>
                  {/* The records only as reference (to check them, or move DNS): no step is left to do. */}
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer text-muted">DNS records</summary>
                    <ul className="mt-2 flex list-disc flex-col gap-2 pl-5">
                      <li>
                        TXT <code className="break-all">{d.txtName}</code> with the value{" "}
                        <code className="break-all">{d.txtValue}</code>
                      </li>
                      <li>
                        <code>{d.host}</code> pointing at this service (a CNAME to its host name, or A/AAAA
                        records to its addresses)
                      </li>
                    </ul>
                  </details>
                </>
              ) : (
                <ol className="flex list-decimal flex-col gap-2 pl-5 text-sm">
                  <li>
                    DNS: add a TXT record <code className="break-all">{d.txtName}</code> with the value{" "}
                    <code className="break-all">{d.txtValue}</code> <CopyButton text={d.txtValue} />
                  </li>
                  <li>
                    DNS: point <code>{d.host}</code> at this service (a CNAME to its host name, or A/AAAA
                    records to its addresses).
                  </li>
                  <li>
                    TLS: your reverse proxy obtains a certificate for the host on demand once it is verified
                    (the operator's guide shows a Caddy configuration); nothing to upload.
                  </li>
                  <li>Press Verify once the TXT record is published (DNS changes can take a few minutes).</li>
                </ol>
              )}
              {/* The stored error of the last check, unless this tab's check just said it (once). */}
              {d.lastError && !rowMessage[d.id] && (
                <p className="mt-2 text-xs text-danger">
                  {d.status === "VERIFIED"
                    ? `The last daily check failed (it stays verified unless the checks keep failing): ${d.lastError}`
                    : d.lastError}
                </p>
              )}
              {rowMessage[d.id] && (
                <p className="mt-2 text-xs text-muted" role="status">
                  {rowMessage[d.id]}
                </p>
              )}
              {canEdit && (
                <div className="mt-3 flex gap-2">
                  {/* Verified needs no press; the daily re-check's failure (lastError) offers one again. */}
                  {(d.status !== "VERIFIED" || d.lastError) && (
                    <button type="button" className={buttonSecondary} onClick={() => verify(d.id)}>
                      Verify
                    </button>
                  )}
                  <button type="button" className={buttonDanger} onClick={() => remove(d.id)}>
                    Remove
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
