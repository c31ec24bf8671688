-- A node's raw samples are no longer deleted with it, by its deleting transaction: a node kept
-- for the default 30 days has ~2.6 million of them, which the cascade deleted in the same
-- transaction (3.1 s for one such node here), so deleting a workspace of two such nodes failed
-- after 6 s, past the 5 s an interactive transaction may take. Instead the deletion queues the
-- node in telemetry_purge (by a trigger, so every path that deletes nodes does, the workspace
-- cascade included) and the purge job deletes its rows in bounded batches (telemetry-purge.ts).
-- The foreign key also cost every stored sample a lookup of its node (27-42 % of a multi-row
-- INSERT's time here) and a share lock on the node's row, which the node's own status updates
-- then had to share.
ALTER TABLE "traffic_sample" DROP CONSTRAINT IF EXISTS "traffic_sample_node_id_fkey";

CREATE TABLE "telemetry_purge" (
    "node_id" UUID NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Raw samples up to here are deleted: the next run resumes after it.
    "purged_through" TIMESTAMPTZ(3),
    -- A pass left nothing; the node gets one more once its grace is over.
    "emptied_at" TIMESTAMPTZ(3),
    CONSTRAINT "telemetry_purge_pkey" PRIMARY KEY ("node_id")
);

CREATE FUNCTION "queue_telemetry_purge"() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  INSERT INTO telemetry_purge (node_id) VALUES (OLD.id) ON CONFLICT (node_id) DO NOTHING;
  RETURN OLD;
END
$body$;

CREATE TRIGGER "node_deleted_purge_telemetry" AFTER DELETE ON "node"
    FOR EACH ROW EXECUTE FUNCTION "queue_telemetry_purge"();
