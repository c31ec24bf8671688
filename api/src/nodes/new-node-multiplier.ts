import type { Tx } from "../audit/audit-recorder.ts";
import { NotFoundError } from "../errors.ts";

/**
 * The detection multiplier a node created in this transaction starts with: its workspace's, read
 * under a share of the workspace's row. setWorkspaceDetectionMultiplier takes that row's lock
 * before its UPDATE of the nodes, so a node created meanwhile is either committed first (and that
 * UPDATE sets it with the rest) or reads the new value: none is left at the old one.
 */
export async function newNodeMultiplier(tx: Tx, workspaceId: string): Promise<number> {
  const [workspace] = await tx.$queryRaw<{ multiplier: number }[]>`
    SELECT detection_multiplier AS multiplier FROM workspace WHERE id = ${workspaceId}::uuid FOR SHARE`;
  if (!workspace) throw new NotFoundError("workspace");
  return workspace.multiplier;
}
