-- Room on each page for the row's next version: an agent's key (last_used_at) and its node (status,
-- last_seen_at, detection_state) are updated in place of columns no index covers, which PostgreSQL
-- can do without touching any index (a HOT update) only when the new version fits on the same page.
-- Rows written at 100 % fill moved to another page on their first update, with an entry in each
-- index (five on api_key): a fleet reconnecting after an outage did that for every key and node.
-- Applies to pages written from now on; a table rewrite (VACUUM FULL) applies it to existing ones.
ALTER TABLE "api_key" SET (fillfactor = 50);
ALTER TABLE "node" SET (fillfactor = 50);
