import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  callbackUrlOf,
  opsGenieAction,
  pagerDutyAction,
  reporterOf,
  SLACK_ACK_ACTION,
  slackAction,
} from "./callback-payload.ts";

const INCIDENT = "0b6d6f1e-8a55-4d3c-9a51-1f1f1f1f1f1f";

describe("PagerDuty v3 payloads", () => {
  const event = (event_type: string, data: object = { incident_key: INCIDENT }) =>
    JSON.stringify({
      event: { event_type, agent: { id: "PLH1HKV", summary: "Jane Doe", type: "user_reference" }, data },
    });
  it("acknowledged and resolved incidents acknowledge the incident named by incident_key", () => {
    for (const type of ["incident.acknowledged", "incident.resolved"])
      assert.deepEqual(pagerDutyAction(event(type)), {
        kind: "acknowledge",
        incidentKey: INCIDENT,
        reporter: "Jane Doe (PLH1HKV)",
      });
  });
  it("other events and incidents without a key are ignored; junk is malformed", () => {
    assert.equal(pagerDutyAction(event("incident.triggered")).kind, "ignore");
    assert.equal(pagerDutyAction(event("pagey.ping")).kind, "ignore");
    assert.equal(pagerDutyAction(event("incident.acknowledged", {})).kind, "ignore");
    assert.equal(pagerDutyAction("{").kind, "malformed");
    assert.equal(pagerDutyAction('{"event":[]}').kind, "malformed");
  });
});

describe("Slack block_actions payloads", () => {
  const form = (payload: object) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const click = (action_id: string) => ({
    type: "block_actions",
    user: { id: "U024BE7LH", username: "jane", name: "jane" },
    actions: [{ action_id, value: INCIDENT, type: "button" }],
  });
  it("the Acknowledge button acknowledges its value's incident, by the clicking user", () => {
    assert.deepEqual(slackAction(form(click(SLACK_ACK_ACTION))), {
      kind: "acknowledge",
      incidentKey: INCIDENT,
      reporter: "jane (U024BE7LH)",
    });
  });
  it("carries the click's response_url, where the message can be replaced", () => {
    const url = "https://hooks.slack.com/actions/T0/1/x";
    const action = slackAction(form({ ...click(SLACK_ACK_ACTION), response_url: url }));
    assert.equal(action.kind === "acknowledge" && action.responseUrl, url);
  });
  it("another button, another payload type is ignored; no payload is malformed", () => {
    assert.equal(slackAction(form(click("open"))).kind, "ignore");
    assert.equal(slackAction(form({ type: "view_submission" })).kind, "ignore");
    assert.equal(slackAction("text=hello").kind, "malformed");
  });
});

describe("OpsGenie outgoing webhook payloads", () => {
  const body = (action: string, alert: object = { alias: INCIDENT, username: "jane@example.com" }) =>
    JSON.stringify({ action, alert, source: { name: "", type: "web" }, integrationType: "Webhook" });
  it("Acknowledge and Close acknowledge the alert's alias, by the user's e-mail", () => {
    for (const action of ["Acknowledge", "Close"])
      assert.deepEqual(opsGenieAction(body(action)), {
        kind: "acknowledge",
        incidentKey: INCIDENT,
        reporter: "jane@example.com",
      });
  });
  it("other actions and alerts without an alias are ignored; junk is malformed", () => {
    assert.equal(opsGenieAction(body("Create")).kind, "ignore");
    assert.equal(opsGenieAction(body("Acknowledge", { username: "x" })).kind, "ignore");
    assert.equal(opsGenieAction('{"action":"Acknowledge"}').kind, "malformed");
  });
});

describe("callbackUrlOf", () => {
  it("names the provider of the kind on the web origin; other kinds have none", () => {
    assert.equal(
      callbackUrlOf("https://levee.example/", "PAGERDUTY", INCIDENT),
      `https://levee.example/hooks/alerts/${INCIDENT}/pagerduty`,
    );
    assert.equal(
      callbackUrlOf("https://levee.example", "SLACK", "c"),
      "https://levee.example/hooks/alerts/c/slack",
    );
    assert.equal(callbackUrlOf("https://levee.example", "TEAMS", "c"), undefined);
  });
});

describe("reporterOf", () => {
  it("keeps one printable line of at most 200 characters", () => {
    assert.equal(reporterOf("a\nb", "c"), "a b (c)");
    assert.equal(reporterOf(), "unknown user");
    assert.equal(reporterOf("x".repeat(300)).length, 200);
  });
});
