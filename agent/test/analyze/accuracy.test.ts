import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzeCapture } from "../../src/analyze/capture-analysis.ts";
import { type GeneratedCapture, generateCaptures } from "./generated-captures.ts";

const PER_FAMILY = 20;
const BENIGN = "BENIGN";

interface Outcome {
  capture: GeneratedCapture;
  family: string;
  spoofed: boolean;
  botnet: boolean;
}

let dir = "";
const outcomes: Outcome[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "levee-generated-"));
  for (const capture of generateCaptures(dir, PER_FAMILY)) {
    const { classification: c } = await analyzeCapture(join(dir, capture.file));
    outcomes.push({ capture, family: c.family ?? BENIGN, spoofed: c.spoofed, botnet: c.botnet });
  }
  console.log(confusionTable());
});
after(async () => rm(dir, { recursive: true, force: true }));

function confusionTable(): string {
  const expected = [...new Set(outcomes.map((o) => o.capture.family ?? BENIGN))];
  const lines = [`family${" ".repeat(20)}correct  confused with`];
  for (const family of expected) {
    const rows = outcomes.filter((o) => (o.capture.family ?? BENIGN) === family);
    const wrong = new Map<string, number>();
    for (const o of rows) if (o.family !== family) wrong.set(o.family, (wrong.get(o.family) ?? 0) + 1);
    const correct = rows.length - [...wrong.values()].reduce((a, b) => a + b, 0);
    const confused = [...wrong].map(([f, n]) => `${f}×${n}`).join(", ");
    lines.push(`${family.padEnd(26)}${`${correct}/${rows.length}`.padStart(7)}  ${confused}`);
  }
  const spoofing = outcomes.filter((o) => o.capture.spoofed !== null);
  const botnets = outcomes.filter((o) => o.capture.botnet !== null);
  const right = (rows: Outcome[], pick: (o: Outcome) => boolean, truth: (o: Outcome) => boolean | null) =>
    `${rows.filter((o) => pick(o) === truth(o)).length}/${rows.length}`;
  lines.push(
    `spoofed vs real sources ${right(
      spoofing,
      (o) => o.spoofed,
      (o) => o.capture.spoofed,
    )}`,
  );
  lines.push(
    `botnet or not           ${right(
      botnets,
      (o) => o.botnet,
      (o) => o.capture.botnet,
    )}`,
  );
  return lines.join("\n");
}

describe("classification of generated captures (scapy, varied rates, sources, TTLs and link types)", () => {
  it(`writes at least ${PER_FAMILY} captures per family, benign ones included`, () => {
    const families = new Set(outcomes.map((o) => o.capture.family ?? BENIGN));
    assert.equal(families.size, 16);
    for (const family of families) {
      assert.ok(outcomes.filter((o) => (o.capture.family ?? BENIGN) === family).length >= PER_FAMILY);
    }
  });

  it("names the family of at least 95 % of the captures of every family", () => {
    for (const family of new Set(outcomes.map((o) => o.capture.family ?? BENIGN))) {
      const rows = outcomes.filter((o) => (o.capture.family ?? BENIGN) === family);
      const misses = rows.filter((o) => o.family !== family);
      const accuracy = 1 - misses.length / rows.length;
      const detail = misses.map((o) => `${o.capture.file} (${o.capture.kind}) → ${o.family}`).join("; ");
      assert.ok(accuracy >= 0.95, `${family}: ${Math.round(accuracy * 100)}% — ${detail}`);
    }
  });

  it("tells spoofed sources from real ones, and finds the botnets", () => {
    const labelled = outcomes.filter((o) => o.capture.spoofed !== null);
    const spoofMisses = labelled.filter((o) => o.spoofed !== o.capture.spoofed);
    assert.ok(labelled.some((o) => o.capture.spoofed) && labelled.some((o) => !o.capture.spoofed));
    assert.ok(
      spoofMisses.length <= labelled.length * 0.05,
      spoofMisses.map((o) => o.capture.file).join(", "),
    );
    const botnets = outcomes.filter((o) => o.capture.botnet !== null);
    const botnetMisses = botnets.filter((o) => o.botnet !== o.capture.botnet);
    assert.ok(botnets.some((o) => o.capture.botnet));
    assert.ok(
      botnetMisses.length <= botnets.length * 0.05,
      botnetMisses.map((o) => o.capture.file).join(", "),
    );
  });

  it("finds no attack in any benign capture", () => {
    const benign = outcomes.filter((o) => o.capture.family === null);
    assert.deepEqual(
      benign.filter((o) => o.family !== BENIGN).map((o) => `${o.capture.file} → ${o.family}`),
      [],
    );
  });
});
