import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ValidationError } from "../errors.ts";
import { labelsFromJson, labelsToJson, parseNodeFields } from "./node-input.ts";

describe("parseNodeFields", () => {
  it("normalises prefixes and keeps valid settings", () => {
    const fields = parseNodeFields({
      name: "fra-edge-01",
      interface: "eth0",
      labels: [{ key: "region", value: "fra" }],
      ownedPrefixes: ["203.0.113.5", "2001:DB8::/48", "203.0.113.5/32"],
    });
    assert.deepEqual(fields.ownedPrefixes, ["203.0.113.5/32", "2001:db8::/48"]);
    assert.equal(fields.interface, "eth0");
  });

  it("reports every bad field with its input path", () => {
    assert.throws(
      () =>
        parseNodeFields({
          name: "-bad name",
          interface: "eth0; reboot",
          labels: [{ key: "Region", value: "x" }],
          ownedPrefixes: ["10.0.0.1/8", "nope"],
        }),
      (error: ValidationError) => {
        const paths = error.fieldErrors.map((e) => e.path).sort();
        assert.deepEqual(paths, [
          "input.interface",
          "input.labels.0.key",
          "input.name",
          "input.ownedPrefixes.0",
          "input.ownedPrefixes.1",
        ]);
        assert.match(error.message, /host bits set; the network is 10\.0\.0\.0\/8/);
        return true;
      },
    );
  });

  it("rejects duplicate label keys", () => {
    assert.throws(
      () =>
        parseNodeFields({
          labels: [
            { key: "a", value: "1" },
            { key: "a", value: "2" },
          ],
        }),
      /unique/,
    );
  });

  it("round-trips labels through JSON storage", () => {
    const labels = [
      { key: "b", value: "2" },
      { key: "a", value: "1" },
    ];
    assert.deepEqual(labelsFromJson(labelsToJson(labels)), [
      { key: "a", value: "1" },
      { key: "b", value: "2" },
    ]);
  });
});
