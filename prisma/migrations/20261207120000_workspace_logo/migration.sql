-- A workspace's uploaded logo (white label): the bytes themselves, kept in the database so every API
-- instance and both engines serve them without shared storage. One per workspace (an upload replaces it,
-- clearing the branding's logo deletes it). The type was read from the file's magic bytes and the
-- dimensions from its header by the API (api/src/branding/logo-image.ts); the branding's logo points at
-- it by content, `/branding/logo/<sha256>`, so a new upload is a new URL and the old one can be cached
-- for ever. The CHECKs keep the table honest whoever writes.
CREATE TABLE "workspace_logo" (
    "workspace_id" UUID NOT NULL,
    "content_type" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "workspace_logo_pkey" PRIMARY KEY ("workspace_id"),
    CONSTRAINT "workspace_logo_content_type"
      CHECK ("content_type" IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
    CONSTRAINT "workspace_logo_size" CHECK ("size_bytes" = octet_length("bytes") AND "size_bytes" > 0),
    CONSTRAINT "workspace_logo_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "workspace_logo_sha256_idx" ON "workspace_logo"("sha256");
ALTER TABLE "workspace_logo" ADD CONSTRAINT "workspace_logo_workspace_id_fkey"
  FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
