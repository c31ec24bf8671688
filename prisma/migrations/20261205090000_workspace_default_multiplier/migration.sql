-- The multiplier a workspace's new nodes start with. setWorkspaceDetectionMultiplier sets it with
-- every node's, so a node enrolled after "4× for the whole workspace" starts at 4, not at the
-- column default of node.detection_multiplier (3). Range as the API's (1.5–20).
ALTER TABLE "workspace" ADD COLUMN "detection_multiplier" DOUBLE PRECISION NOT NULL DEFAULT 3;
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_detection_multiplier_range"
  CHECK ("detection_multiplier" >= 1.5 AND "detection_multiplier" <= 20);
-- A workspace whose nodes all share one multiplier (set for the whole workspace before this
-- column existed, as the Settings page did) starts new nodes at it, rather than at 3.
UPDATE "workspace" w SET "detection_multiplier" = n.m
  FROM (SELECT "workspace_id", min("detection_multiplier") AS m FROM "node"
         GROUP BY "workspace_id" HAVING min("detection_multiplier") = max("detection_multiplier")) n
 WHERE w."id" = n."workspace_id" AND n.m BETWEEN 1.5 AND 20;
