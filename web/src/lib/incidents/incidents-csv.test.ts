import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvCell, incidentsCsv } from "./incidents-csv";

describe("incidentsCsv", () => {
  it("writes a header and one CRLF line per incident", () => {
    const csv = incidentsCsv([
      {
        id: "SW5jaWRlbnQ6MQ==",
        status: "RESOLVED",
        severity: "HIGH",
        startedAt: "2026-01-01T00:00:00.000Z",
        endedAt: "2026-01-01T00:05:00.000Z",
        durationSeconds: 300,
        peakPps: 123456.7,
        peakBps: 9.9e8,
        triggerMetrics: ["PPS", "UDP_PPS"],
        node: { name: "edge, eu-1" },
        classification: { family: "UDP_FLOOD", confidence: 92 },
      },
    ]);
    const lines = csv.split("\r\n");
    assert.equal(lines[0]?.startsWith("id,node,status,severity,family"), true);
    assert.equal(
      lines[1],
      'SW5jaWRlbnQ6MQ==,"edge, eu-1",RESOLVED,HIGH,UDP_FLOOD,92,2026-01-01T00:00:00.000Z,2026-01-01T00:05:00.000Z,300,123457,990000000,PPS UDP_PPS',
    );
    assert.equal(lines[2], "");
  });

  it("quotes quotes and defuses spreadsheet formulas", () => {
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    assert.equal(csvCell(null), "");
  });
});
