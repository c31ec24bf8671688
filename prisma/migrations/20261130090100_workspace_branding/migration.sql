-- White label per workspace and custom domains (issue 18 items 3–5). Each branding column is an
-- override: NULL inherits from the MSP parent, then the deployment default (LEVEE_THEME).
-- A host may be pending in several workspaces (no one can squat a name by adding it), but only one
-- workspace can hold it verified: the partial unique index decides a race.

CREATE TABLE "workspace_branding" (
    "workspace_id" UUID NOT NULL,
    "theme" TEXT,
    "accent" TEXT,
    "logo" TEXT,
    "product_name" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "workspace_branding_pkey" PRIMARY KEY ("workspace_id")
);
ALTER TABLE "workspace_branding" ADD CONSTRAINT "workspace_branding_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "custom_domain" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "verified_at" TIMESTAMPTZ(3),
    "last_checked_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "custom_domain_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "custom_domain_workspace_id_host_key" ON "custom_domain"("workspace_id", "host");
CREATE INDEX "custom_domain_host_idx" ON "custom_domain"("host");
CREATE UNIQUE INDEX "custom_domain_verified_host_key" ON "custom_domain"("host") WHERE "status" = 'VERIFIED';
ALTER TABLE "custom_domain" ADD CONSTRAINT "custom_domain_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
