-- Opening an incident in one round trip (issue 14: flood onset → OPENED). It was a Prisma
-- interactive transaction of five or six round trips (BEGIN, workspace lock, find the ongoing
-- attack, maybe start one, insert, COMMIT), all before OPENED could be published: tens of
-- milliseconds on a loaded host. The same steps, in the same order, now run in one call.
--
-- Each statement of a VOLATILE plpgsql function takes a fresh snapshot (READ COMMITTED), so the
-- ongoing attack is looked up after the workspace lock is held, as before: two nodes flooded at
-- the same instant still join one attack. A second open incident for the node (another API
-- instance opened it a moment ago) fails on incident_one_open_per_node as before, and nothing
-- of the call is kept. Returns the attack the incident joined.
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
  p_thresholds JSONB
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
    peak_ratio, quiet_since, trigger_metrics, thresholds, timeline, updated_at
  ) VALUES (
    p_id, p_workspace_id, p_node_id, v_attack_id, p_severity, p_started_at, p_last_attack_at,
    p_peak_pps, p_peak_bps, p_peak_ratio, p_quiet_since, p_trigger_metrics, p_thresholds, p_timeline,
    now()
  );
  RETURN v_attack_id;
END
$open$;
