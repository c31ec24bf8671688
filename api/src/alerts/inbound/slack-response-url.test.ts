import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { slackResponseUrlProblem } from "./slack-response-url.ts";

const SLACK = ["hooks.slack.com"];
const url = "https://hooks.slack.com/actions/T0MJR11A4/271015213315/Z4vsXEj7YnVKDTMUd6V1e2Hy";

describe("Slack response_url", () => {
  it("takes Slack's own https://hooks.slack.com/actions/… URL", () => {
    assert.equal(slackResponseUrlProblem(url, SLACK, false), undefined);
    assert.equal(slackResponseUrlProblem(url.replace("hooks.", "HOOKS."), SLACK, false), undefined);
  });
  it("refuses another host, scheme, port, path, credentials or junk", () => {
    const refused = [
      "https://hooks.slack.com.evil.example/actions/T0/1/x",
      "https://evil.example/actions/T0/1/x",
      "https://169.254.169.254/actions/T0/1/x",
      "http://hooks.slack.com/actions/T0/1/x",
      "https://hooks.slack.com:8443/actions/T0/1/x",
      "https://hooks.slack.com/services/T0/B0/x",
      "https://hooks.slack.com/actions/../services/x",
      "https://hooks.slack.com/actions/T0/1/x?redirect=1",
      "https://user:pw@hooks.slack.com/actions/T0/1/x",
      "ftp://hooks.slack.com/actions/T0/1/x",
      "not a url",
      `${url}/${"a".repeat(2100)}`,
    ];
    for (const value of refused)
      assert.notEqual(slackResponseUrlProblem(value, SLACK, false), undefined, value);
  });
  it("takes a listed loopback receiver over http only where private targets are allowed (tests, labs)", () => {
    const local = "http://127.0.0.1:4412/actions/T0/1/x";
    assert.equal(slackResponseUrlProblem(local, ["127.0.0.1:4412"], true), undefined);
    assert.match(slackResponseUrlProblem(local, ["127.0.0.1:4412"], false) ?? "", /https/);
    assert.match(slackResponseUrlProblem(local, SLACK, true) ?? "", /not Slack's/);
    assert.match(
      slackResponseUrlProblem(local.replace("4412", "4413"), ["127.0.0.1:4412"], true) ?? "",
      /not Slack's/,
    );
  });
});
