-- An optional access password for a status page: an enabled public page that has one shows visitors a
-- password form until they enter it (api/src/status-pages/page-access.ts). Stored as the users'
-- password hash (scrypt$N$r$p$salt$hash), never returned; a visitor's proof is sealed with
-- LEVEE_SECRET_KEY over the page and this hash, so a new or cleared password ends every proof given.
ALTER TABLE "status_page" ADD COLUMN "access_password_hash" TEXT;
