-- Incident events that must reach their consumers (alerting, mitigation) at least once (issue 21).
-- An incident transition used to commit its row and only then queue its incidents.event job: a
-- process killed in between lost the event, and the embedded queue keeps waiting jobs in memory
-- only. Each transition now writes its event here in the same transaction as the state change;
-- the event job deletes the row once its consumers ran (a job whose attempts ran out leaves it for
-- another round later, failed_rounds; after the last round it is parked, due_at = infinity, for a
-- retry by hand), and the relay (incidents.relay-events) queues again any row still here at due_at,
-- under the row's id, so a job the queue still holds is not queued twice.
-- Plain SQL: PGlite+TimescaleDB and PostgreSQL alike.

CREATE TABLE "incident_event_outbox" (
    "id" UUID NOT NULL,
    -- The order events were written in (two events of one node in one millisecond keep it).
    "seq" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('OPENED', 'UPDATED', 'RESOLVED')),
    "incident_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    -- When the relay looks at the row next: a few seconds after it was written (the writer queues
    -- it itself at once; RELAY_AFTER_MS), then a while after each relay. The database's clock, not
    -- a process's: the processes' clocks differ.
    "due_at" TIMESTAMPTZ(3) NOT NULL DEFAULT (now() + interval '5 seconds'),
    -- Rounds of job attempts that ran out: the row is kept (due again later) until a few did.
    "failed_rounds" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "incident_event_outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "incident_event_outbox_due_at_idx" ON "incident_event_outbox"("due_at");
-- An event's handler first runs the incident's earlier events still here (in order).
CREATE INDEX "incident_event_outbox_incident_id_seq_idx" ON "incident_event_outbox"("incident_id", "seq");

-- levee_open_incident (20261130150000_open_incident_in_one_call) with the OPENED event written in
-- the same call, so opening stays one round trip. An overload: the 14-argument function stays for
-- API processes not yet upgraded during a rolling restart; a later migration must drop it (and fold
-- its body into this one) once no such process can be running.
CREATE OR REPLACE FUNCTION levee_open_incident(
  p_id UUID,
  p_workspace_id UUID,
  p_node_id UUID,
  p_new_attack_id UUID,
  p_started_at TIMESTAMPTZ,
  p_severity "Severity",
  p_last_attack_at TIMESTAMPTZ,
  p_peak_pps DOUBLE PRECISION,
  p_peak_bps DOUBLE PRECISION,
  p_peak_ratio DOUBLE PRECISION,
  p_quiet_since TIMESTAMPTZ,
  p_trigger_metrics "TrafficMetric"[],
  p_timeline JSONB,
  p_thresholds JSONB,
  p_event_id UUID,
  p_event_at TIMESTAMPTZ
) RETURNS UUID
LANGUAGE plpgsql VOLATILE AS $open$
DECLARE
  v_attack_id UUID;
BEGIN
  v_attack_id := levee_open_incident(
    p_id, p_workspace_id, p_node_id, p_new_attack_id, p_started_at, p_severity, p_last_attack_at,
    p_peak_pps, p_peak_bps, p_peak_ratio, p_quiet_since, p_trigger_metrics, p_timeline, p_thresholds
  );
  INSERT INTO incident_event_outbox (id, kind, incident_id, node_id, workspace_id, at)
    VALUES (p_event_id, 'OPENED', p_id, p_node_id, p_workspace_id, p_event_at);
  RETURN v_attack_id;
END
$open$;
