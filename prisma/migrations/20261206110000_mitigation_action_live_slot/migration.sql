-- One tc slot per live action of a node. Two firings on one node (a rule saved during an attack
-- and the detector's event job, or two API processes) each read the free slots before either
-- inserted, and could both take the same one: two actions on one tc priority, where undoing one
-- deletes the other's filter. Firings now pick the slot under a per-node lock
-- (api/src/mitigation/firewall/mitigation.store.ts, claimSlot); this index makes the database
-- refuse a shared slot whatever the writer.

-- Databases that met the race hold such pairs. Per node and slot the first live action keeps it
-- (one the agent should have in place before one being undone, then the oldest); the others
-- become FAILED with a message and an event saying why. The agent takes them back (they are no
-- longer wanted); its repair puts back the kept one if that undo removed its filter too.
WITH ranked AS (
  SELECT "id",
         row_number() OVER (
           PARTITION BY "node_id", "slot"
           ORDER BY ("state" = 'UNDO_PENDING'), "created_at", "id"
         ) AS "rank"
    FROM "mitigation_action"
   WHERE "state" IN ('PENDING', 'ACTIVE', 'UNDO_PENDING')
), failed AS (
  UPDATE "mitigation_action" AS a
     SET "state" = 'FAILED',
         "message" = 'shared tc slot ' || a."slot" || ' with another action of this node (two firings at once); taken back, run it again'
    FROM ranked
   WHERE ranked."id" = a."id" AND ranked."rank" > 1
  RETURNING a."id", a."workspace_id", a."incident_id", a."message"
)
-- The event's id from the action's (md5 as a uuid): gen_random_uuid() needs PostgreSQL 13.
INSERT INTO "mitigation_event" ("id", "action_id", "workspace_id", "incident_id", "kind", "message")
SELECT md5('mitigation-live-slot:' || "id")::uuid, "id", "workspace_id", "incident_id", 'FAILED', "message" FROM failed;

CREATE UNIQUE INDEX "mitigation_action_live_slot_key" ON "mitigation_action"("node_id", "slot")
  WHERE "state" IN ('PENDING', 'ACTIVE', 'UNDO_PENDING');
