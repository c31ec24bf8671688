import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lines, readNetworkSettings, settingsProblem } from "./network-settings";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries({
    maxActiveRules: "100",
    announcementsPerMinute: "20",
    ...fields,
  }))
    data.set(key, value);
  return data;
};

describe("network mitigation settings form", () => {
  it("splits lists by line or comma", () => {
    assert.deepEqual(lines(" 203.0.113.0/24\n\n198.51.100.7, 2001:db8::/48 "), [
      "203.0.113.0/24",
      "198.51.100.7",
      "2001:db8::/48",
    ]);
  });

  it("reads speakers, providers and write-only credentials by provider name", () => {
    const { draft, problems } = readNetworkSettings(
      form({
        prefixes: "203.0.113.0/24",
        speakers: '[{"name":"edge","kind":"GOBGP","endpoint":"127.0.0.1:50051"}]',
        providers:
          '[{"name":"cf","kind":"CLOUDFLARE","settings":{"accountId":"a1"}},{"name":"hook","kind":"WEBHOOK","settings":{}}]',
        credentials: '{"cf":{"apiToken":"secret"}}',
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(draft?.speakers, [
      { name: "edge", kind: "GOBGP", endpoint: "127.0.0.1:50051", control: null },
    ]);
    assert.deepEqual(draft?.providers[0]?.credentials, { apiToken: "secret" });
    // No credentials typed: null, which the API reads as "keep the stored ones".
    assert.equal(draft?.providers[1]?.credentials, null);
    assert.equal(draft?.policy, null);
  });

  it("refuses credentials inside the readable provider list, or for a provider that does not exist", () => {
    const inline = readNetworkSettings(
      form({ providers: '[{"name":"cf","kind":"CLOUDFLARE","settings":{},"credentials":{"apiToken":"x"}}]' }),
    );
    assert.match(inline.problems[0]?.message ?? "", /write-only/);
    const stray = readNetworkSettings(form({ providers: "[]", credentials: '{"nope":{}}' }));
    assert.deepEqual(stray.problems, [{ path: "credentials", message: 'No provider is named "nope"' }]);
  });

  it("GoBGP TLS: a server name in the speaker JSON, the CA PEM pasted for a speaker by name (or the only GoBGP one)", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    const speakers =
      '[{"name":"edge","kind":"GOBGP","endpoint":"unix:///run/gobgpd.sock","tls":{"serverName":"gobgpd.example"}},' +
      '{"name":"bird","kind":"BIRD","endpoint":"/etc/bird/levee.conf","control":"/run/bird.ctl"}]';
    const kept = readNetworkSettings(form({ speakers }));
    assert.deepEqual(kept.problems, []);
    // No PEM typed: only the server name goes, and the API keeps the stored CA.
    assert.deepEqual(kept.draft?.speakers[0]?.tls, { serverName: "gobgpd.example" });
    assert.equal(kept.draft?.speakers[1]?.tls, undefined);
    const given = readNetworkSettings(form({ speakers, tlsCaCertificate: `\n${pem}\n` }));
    assert.deepEqual(given.draft?.speakers[0]?.tls, { serverName: "gobgpd.example", caCertificate: pem });
    const named = readNetworkSettings(
      form({
        speakers: speakers.replace(',"tls":{"serverName":"gobgpd.example"}', ""),
        tlsSpeaker: "edge",
        tlsCaCertificate: pem,
      }),
    );
    assert.deepEqual(named.draft?.speakers[0]?.tls, { serverName: null, caCertificate: pem });
    assert.deepEqual(
      readNetworkSettings(form({ speakers, tlsSpeaker: "bird", tlsCaCertificate: pem })).problems,
      [{ path: "tlsSpeaker", message: "TLS applies to GoBGP speakers only" }],
    );
    assert.deepEqual(
      readNetworkSettings(form({ speakers, tlsSpeaker: "nope", tlsCaCertificate: pem })).problems,
      [{ path: "tlsSpeaker", message: 'No speaker is named "nope"' }],
    );
    assert.match(
      readNetworkSettings(form({ speakers: '[{"name":"e","kind":"GOBGP","endpoint":"x","tls":true}]' }))
        .problems[0]?.message ?? "",
      /"tls" is an object/,
    );
  });

  it("names bad JSON, unknown kinds and out-of-range limits by field", () => {
    const { draft, problems } = readNetworkSettings(
      form({
        speakers: '[{"name":"x","kind":"QUAGGA","endpoint":"e"}]',
        policy: "{maxLevel",
        maxActiveRules: "0",
        announcementsPerMinute: "1.5",
      }),
    );
    assert.equal(draft, null);
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      "announcementsPerMinute",
      "maxActiveRules",
      "policy",
      "speakers",
    ]);
  });

  it("maps the API's nested paths to the form field", () => {
    const problems = [{ path: "input.speakers.0.endpoint", message: "is not on the operator's list" }];
    assert.equal(settingsProblem(problems, "speakers"), "0.endpoint: is not on the operator's list");
    assert.equal(settingsProblem(problems, "providers"), undefined);
    assert.equal(settingsProblem([{ path: "policy", message: "A JSON object" }], "policy"), "A JSON object");
  });
});
