-- How many times a send of this delivery was started (written just before the request goes out).
-- "attempts" counts claims, and a claim does not always send: a process can die after claiming a
-- step and before recording that it skipped it, and the step's next claim then counted as a
-- second try, so the incident's resolution went to a channel no trigger had reached. Whether a
-- trigger may have reached a channel is now judged by this count.
ALTER TABLE "alert_delivery" ADD COLUMN "sends" INTEGER NOT NULL DEFAULT 0;

-- Rows written before: every claim of a row still on its way, sent or failed may have sent; of a
-- row skipped or suppressed, every claim but its last (the one that skipped).
UPDATE "alert_delivery"
   SET "sends" = CASE WHEN "status" IN ('SKIPPED', 'SUPPRESSED') THEN GREATEST("attempts" - 1, 0) ELSE "attempts" END
 WHERE "attempts" > 0;
