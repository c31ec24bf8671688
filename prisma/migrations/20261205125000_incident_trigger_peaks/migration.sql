-- The peak of each metric that triggered an incident, with its threshold on that second:
-- [{"metric": "TCP_PPS", "peak": 145000, "thresholdAtPeak": 8000}, ...]. peak_pps and peak_bps are
-- the sampled interface's; an incident triggered by host-wide TCP packets/s or by half-open
-- connections showed those (tens of packets/s) as its size. Written with the other peaks (the same
-- UPDATE of the incident's progress), so the per-second path gains no statement. Incidents stored
-- before keep '[]': they show their interface peaks as before.
-- Plain SQL: PGlite+TimescaleDB and PostgreSQL alike (a constant default adds the column without a
-- table rewrite).
ALTER TABLE "incident" ADD COLUMN "trigger_peaks" JSONB NOT NULL DEFAULT '[]';

-- levee_open_incident (20261201190000_incident_event_outbox) with the trigger peaks, so an OPENED
-- incident has them from its first second. Its own body, not a call of the 16-argument one and an
-- UPDATE after it: one row version, as before. The 14- and 16-argument functions stay for API
-- processes not yet upgraded during a rolling restart (their incidents start with '[]' and get their
-- peaks with their next progress write); a later migration must drop them once none can be running.
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
  p_event_at TIMESTAMPTZ,
  p_trigger_peaks JSONB
) RETURNS UUID
LANGUAGE plpgsql VOLATILE AS $open$
DECLARE
  v_attack_id UUID;
BEGIN
  -- The key lockWorkspaceIncidents (incident.store.ts) takes.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_workspace_id::text, 7));
  SELECT id INTO v_attack_id FROM attack
    WHERE workspace_id = p_workspace_id AND ended_at IS NULL
    ORDER BY started_at DESC LIMIT 1;
  IF v_attack_id IS NULL THEN
    v_attack_id := p_new_attack_id;
    INSERT INTO attack (id, workspace_id, started_at) VALUES (v_attack_id, p_workspace_id, p_started_at);
  END IF;
  INSERT INTO incident (
    id, workspace_id, node_id, attack_id, severity, started_at, last_attack_at, peak_pps, peak_bps,
    peak_ratio, quiet_since, trigger_metrics, trigger_peaks, thresholds, timeline, updated_at
  ) VALUES (
    p_id, p_workspace_id, p_node_id, v_attack_id, p_severity, p_started_at, p_last_attack_at,
    p_peak_pps, p_peak_bps, p_peak_ratio, p_quiet_since, p_trigger_metrics, p_trigger_peaks,
    p_thresholds, p_timeline, now()
  );
  INSERT INTO incident_event_outbox (id, kind, incident_id, node_id, workspace_id, at)
    VALUES (p_event_id, 'OPENED', p_id, p_node_id, p_workspace_id, p_event_at);
  RETURN v_attack_id;
END
$open$;
