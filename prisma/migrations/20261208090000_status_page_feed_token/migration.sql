-- A password-protected status page's feed link (`?token=` on its status.json and Atom feed, for feed
-- readers, which cannot enter a password): the token's sha256, which a request is compared with, and
-- the token sealed with LEVEE_SECRET_KEY over the page and its password's hash, which its editors read
-- in the dashboard (api/src/status-pages/feed-token.ts). Never the token itself. Replaced when the
-- password changes or an editor asks for a new link, cleared when the password is removed.
ALTER TABLE "status_page" ADD COLUMN "feed_token_hash" TEXT;
ALTER TABLE "status_page" ADD COLUMN "feed_token_sealed" TEXT;
