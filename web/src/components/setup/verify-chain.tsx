"use client";

import { useState } from "react";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonSecondary } from "@/components/ui/styles";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { VerifyAuditChainQuery } from "@/lib/graphql/operations/setup";

/** Re-computes every hash of the workspace's chain on the server and reports the first broken link. */
export function VerifyChain({ workspaceId }: Readonly<{ workspaceId: string }>) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function verify() {
    setBusy(true);
    setResult(null);
    try {
      const { data, errors } = await clientFetch(VerifyAuditChainQuery, { workspaceId });
      const report = data?.verifyAuditChain;
      if (!report) throw new Error(errors[0]?.message ?? "No report");
      setResult(
        report.valid
          ? { ok: true, text: `Chain intact: ${report.entriesChecked} entries verified.` }
          : {
              ok: false,
              text: `Chain broken at entry #${report.firstBrokenLink?.seq} (${report.firstBrokenLink?.reason}) after ${report.entriesChecked} entries.`,
            },
      );
    } catch (error) {
      setResult({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <button type="button" onClick={verify} disabled={busy} className={buttonSecondary}>
        {busy ? "Verifying…" : "Verify chain"}
      </button>
      {result &&
        (result.ok ? (
          <SuccessMessage>{result.text}</SuccessMessage>
        ) : (
          <ErrorMessage>{result.text}</ErrorMessage>
        ))}
    </div>
  );
}
