import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePorts, readAnnounceForm } from "./announce-form";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

describe("manual announcement form", () => {
  it("parses ports and ranges, and names what is not one", () => {
    assert.deepEqual(parsePorts("53, 123 1000-2000"), [
      { from: 53, to: 53 },
      { from: 123, to: 123 },
      { from: 1000, to: 2000 },
    ]);
    assert.equal(parsePorts("70000"), '"70000" is not a port or range (0–65535)');
    assert.equal(parsePorts("20-10"), '"20-10" is not a port or range (0–65535)');
    assert.equal(parsePorts("53;rm"), '"53;rm" is not a port or range (0–65535)');
  });

  it("reads a FlowSpec discard of UDP from amplifier ports", () => {
    const { input, problems } = readAnnounceForm(
      form({
        kind: "FLOWSPEC",
        destination: "203.0.113.10/32",
        ttlSeconds: "600",
        protocols: "17",
        sourcePorts: "53,123",
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(input, {
      kind: "FLOWSPEC",
      destination: "203.0.113.10/32",
      ttlSeconds: 600,
      escalated: false,
      protocols: [17],
      sourcePorts: [
        { from: 53, to: 53 },
        { from: 123, to: 123 },
      ],
      rateBytesPerSecond: 0,
    });
  });

  it("keeps only the fields of the chosen kind and checks communities", () => {
    const rtbh = readAnnounceForm(
      form({
        kind: "RTBH",
        destination: "203.0.113.10",
        ttlSeconds: "3600",
        protocols: "999",
        communities: "64500:1",
      }),
    );
    assert.deepEqual(rtbh.input?.communities, ["64500:1"]);
    assert.equal(rtbh.input?.protocols, undefined);
    const bad = readAnnounceForm(
      form({ kind: "RTBH", destination: "", ttlSeconds: "30", communities: "no-export!" }),
    );
    assert.deepEqual(
      bad.problems.map((p) => p.path),
      ["destination", "ttlSeconds", "communities"],
    );
  });
});
