-- Subscriptions to some nodes of a status page only (an MSP's page lists many servers, and each
-- customer follows theirs). A subscriber with chosen_nodes gets the mailings about the nodes in
-- status_page_subscriber_node, and the page-wide ones (maintenance notices); one without gets
-- everything, as before. The choice names nodes, not page entries: a page's entries are rewritten
-- on every save, and a node taken off the page and put back is followed again. A deleted node
-- leaves the choice with it (cascade); chosen_nodes stays set, so a subscriber whose every node is
-- gone never becomes a whole-page one (it keeps the page-wide notices, and the dashboard shows it
-- without nodes).
ALTER TABLE "status_page_subscriber" ADD COLUMN "chosen_nodes" BOOLEAN NOT NULL DEFAULT false;
-- The choice its pending confirmation link applies (empty: the whole page, as a choice of nodes
-- names one at least), read only with a confirmation token set: a new address's first choice, or a
-- confirmed one's change.
ALTER TABLE "status_page_subscriber" ADD COLUMN "requested_node_ids" UUID[] NOT NULL DEFAULT '{}';

CREATE TABLE "status_page_subscriber_node" (
    "subscriber_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    CONSTRAINT "status_page_subscriber_node_pkey" PRIMARY KEY ("subscriber_id", "node_id")
);
CREATE INDEX "status_page_subscriber_node_node_id_idx" ON "status_page_subscriber_node"("node_id");
ALTER TABLE "status_page_subscriber_node" ADD CONSTRAINT "status_page_subscriber_node_subscriber_id_fkey"
  FOREIGN KEY ("subscriber_id") REFERENCES "status_page_subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "status_page_subscriber_node" ADD CONSTRAINT "status_page_subscriber_node_node_id_fkey"
  FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The node whose subscribers a mailing is for (NULL: every subscriber of the page): an incident's
-- opening or resolution, a digest, and an operator's update of an incident. Not node_id, which an
-- operator's update leaves NULL so it does not count against the flapping node's e-mails an hour.
ALTER TABLE "status_page_mailing" ADD COLUMN "audience_node_id" UUID;
UPDATE "status_page_mailing" SET "audience_node_id" = "node_id" WHERE "node_id" IS NOT NULL;
UPDATE "status_page_mailing" m SET "audience_node_id" = i."node_id"
  FROM "incident_public_update" u JOIN "incident" i ON i."id" = u."incident_id"
 WHERE m."key" = 'update:' || u."id"::text AND m."finished_at" IS NULL;
