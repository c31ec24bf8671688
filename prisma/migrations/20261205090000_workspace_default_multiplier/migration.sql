-- The multiplier a workspace's new nodes start with. setWorkspaceDetectionMultiplier sets it with
-- every node's, so a node enrolled after "4× for the whole workspace" starts at 4, not at the
-- column default of node.detection_multiplier (3). Range as the API's (1.5–20).
ALTER TABLE "workspace" ADD COLUMN "detection_multiplier" DOUBLE PRECISION NOT NULL DEFAULT 3;
ALTER TABLE "workspace" ADD CONSTRAINT "workspace_detection_multiplier_range"
  CHECK ("detection_multiplier" >= 1.5 AND "detection_multiplier" <= 20);
