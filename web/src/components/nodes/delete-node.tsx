"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/feedback";
import { buttonDanger } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { DeleteNodeMutation } from "@/lib/graphql/operations/nodes";

/**
 * What deleteNode does (api/src/nodes/node.service.ts): the agent's key is revoked in the same transaction,
 * the node's incidents, baselines, thresholds and the maintenance windows and status-page entries naming it
 * go with its row, and its stored traffic is purged afterwards by the telemetry purge job.
 */
export const DELETE_NODE_EFFECT =
  "Its agent's key is revoked at once, so the agent can no longer report; its incidents, baselines and " +
  "thresholds (and the maintenance windows and status-page entries naming it) are deleted with it, and its " +
  "stored traffic is purged in the background.";

/** Deletes the node after a confirmation, then goes to the node list. */
export function DeleteNode({ nodeId, name, slug }: Readonly<{ nodeId: string; name: string; slug: string }>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    if (!window.confirm(`Delete the node “${name}”? ${DELETE_NODE_EFFECT}`)) return;
    setError(null);
    setBusy(true);
    const outcome = await runMutation(DeleteNodeMutation, { input: { nodeId } }, (d) => d.deleteNode);
    if (!outcome.ok) {
      setBusy(false);
      return setError(outcome.message);
    }
    // Stays busy until the list shows: a second click would be NOT_FOUND.
    router.push(`/w/${slug}/nodes`);
  }

  return (
    <div className="flex flex-col gap-3 border-t border-muted/20 pt-5">
      <h3 className="text-sm font-medium">Delete this node</h3>
      <p className="text-sm text-muted">{DELETE_NODE_EFFECT}</p>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <button type="button" disabled={busy} className={`${buttonDanger} self-start`} onClick={remove}>
        {busy ? "Deleting…" : "Delete node"}
      </button>
    </div>
  );
}
