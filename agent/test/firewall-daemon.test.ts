import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MitigationLab, until } from "./support/mitigation-lab.ts";
import { netnsUnavailable } from "./support/netns.ts";
import { snapshot } from "./support/netns-pair.ts";

// The whole path with real parts: a flood from a peer namespace opens an incident in a real
// API process, a THRESHOLD rule creates an action, the reportTelemetry answer carries it to
// levee-agent running in the victim namespace, nft drops the flood; when the flood stops the
// incident resolves, the agent undoes the action and the victim's rules are exactly as before.

const skip = netnsUnavailable();
const PORT = 9999;

describe("levee-agent mitigates a flood end to end (API process, agent in a namespace)", { skip }, () => {
  let lab: MitigationLab;
  let before_: string;
  before(async () => {
    lab = new MitigationLab(PORT);
    before_ = snapshot(lab.pair);
    await lab.start();
  });
  after(async () => {
    await lab?.destroy();
  });

  it("drops the flood after OPENED, records it, and undoes it on resolution", async () => {
    const { api, pair } = lab;
    await until(
      async () => ((await api.query("SELECT 1 FROM traffic_sample LIMIT 1")).length > 0 ? true : undefined),
      "first sample",
    );
    pair.flood(PORT, 3000);
    const incident = await until(
      async () => (await api.query<{ id: string }>("SELECT id FROM incident WHERE status = 'OPEN'"))[0],
      "OPENED",
    );
    const action = await until(
      async () =>
        (
          await api.query<{ id: string }>("SELECT id FROM mitigation_action WHERE incident_id = $1", [
            incident.id,
          ])
        )[0],
      "the rule to fire",
    );
    await until(() => (lab.dropped(action.id) > 1000 ? true : undefined), "the flood to be dropped");
    pair.stopFloods();
    await until(
      async () =>
        (await api.query("SELECT 1 FROM mitigation_action WHERE id = $1 AND state = 'UNDONE'", [action.id]))
          .length > 0
          ? true
          : undefined,
      "undo after resolution",
    );
    const events = await api.query<{
      kind: string;
      commands: { argv: string[]; exitCode: number }[];
      packets: number | null;
    }>("SELECT kind, commands, packets FROM mitigation_event WHERE action_id = $1 ORDER BY created_at", [
      action.id,
    ]);
    assert.deepEqual(
      events.map((e) => e.kind),
      ["REQUESTED", "APPLIED", "UNDO_REQUESTED", "UNDONE"],
    );
    const applied = events[1];
    assert.ok(applied?.commands.every((c) => c.exitCode === 0) && applied.commands.length >= 3);
    assert.ok((events[3]?.packets ?? 0) > 1000, `final counters: ${events[3]?.packets}`);
    const audit = await api.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq",
      [action.id],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["mitigation.trigger", "mitigation.applied", "mitigation.undo", "mitigation.undone"],
    );
    assert.equal(snapshot(pair), before_, "the victim's rules are exactly as before");
  });
});
