-- Public status pages: one per workspace, addressed by the workspace slug at /s/<slug>.
-- The page's nodes (with display names and order) and its scheduled-maintenance notices are
-- chosen in the dashboard. Uptime bars read node_status_1d, which exists on both engines
-- (continuous aggregate on TimescaleDB, plain table kept by the rollup jobs otherwise).
-- Plain SQL: PGlite+TimescaleDB and PostgreSQL alike.

CREATE TABLE "status_page" (
    "workspace_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "status_page_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "status_page" ADD CONSTRAINT "status_page_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "status_page_node" (
    "workspace_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "status_page_node_pkey" PRIMARY KEY ("workspace_id", "node_id")
);
CREATE INDEX "status_page_node_node_id_idx" ON "status_page_node"("node_id");
ALTER TABLE "status_page_node" ADD CONSTRAINT "status_page_node_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "status_page"("workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "status_page_node" ADD CONSTRAINT "status_page_node_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "status_page_notice" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "status_page_notice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "status_page_notice_window" CHECK ("ends_at" > "starts_at")
);
CREATE INDEX "status_page_notice_workspace_id_ends_at_idx" ON "status_page_notice"("workspace_id", "ends_at");
ALTER TABLE "status_page_notice" ADD CONSTRAINT "status_page_notice_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "status_page"("workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;
