-- An incident event's consumers run in exactly one process at a time. A later event's job runs its
-- incident's earlier events still waiting first (their job died with a process): two processes
-- handling two later events of one incident each ran the same earlier one, so its consumers ran
-- twice. Whoever runs an event now claims its row first (running_until, the database's clock); a
-- claim lapses on its own when its process dies mid-run, so the row is never stuck. running_by names
-- the run holding the claim: its renewal, release or postponement touches its own claim only.
ALTER TABLE "incident_event_outbox" ADD COLUMN "running_until" TIMESTAMPTZ(3);
ALTER TABLE "incident_event_outbox" ADD COLUMN "running_by" UUID;
