"use client";

import { useRouter } from "next/navigation";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonSecondary } from "@/components/ui/styles";
import { formatTime } from "@/lib/format/units";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { Role } from "@/lib/graphql/generated/graphql";
import { AcknowledgeIncidentMutation } from "@/lib/graphql/operations/incidents";
import { ACKNOWLEDGE_EFFECT, acknowledgeView } from "@/lib/incidents/acknowledge";

/** "Acknowledged <time>", or the Acknowledge button for a role that may (the page refreshes after). */
export function AcknowledgeIncident({
  incidentId,
  acknowledgedAt,
  acknowledgedBy,
  open,
  role,
}: Readonly<{
  incidentId: string;
  acknowledgedAt: string | null | undefined;
  /** The member's or key's name (null when it no longer exists). */
  acknowledgedBy: string | null | undefined;
  open: boolean;
  role: Role | null | undefined;
}>) {
  const router = useRouter();
  const state = useFormState();
  const view = acknowledgeView(role, { acknowledgedAt, acknowledgedBy, open });

  if (view.kind === "acknowledged") {
    return (
      <p className="text-sm text-muted" data-testid="incident-acknowledged">
        Acknowledged {formatTime(view.at)}
        {view.by && ` by ${view.by}`}
      </p>
    );
  }
  if (view.kind === "none") return null;

  async function acknowledge() {
    state.begin();
    const outcome = await runMutation(
      AcknowledgeIncidentMutation,
      { input: { incidentId } },
      (d) => d.acknowledgeIncident,
    );
    if (!outcome.ok) return state.fail(outcome);
    // Stays busy until the refreshed page shows "Acknowledged".
    state.succeed(null, true);
    router.refresh();
  }

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-3">
        <p className="text-sm text-muted">{ACKNOWLEDGE_EFFECT}</p>
        <button type="button" disabled={state.busy} className={buttonSecondary} onClick={acknowledge}>
          {state.busy ? "Acknowledging…" : "Acknowledge"}
        </button>
      </div>
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
    </div>
  );
}
