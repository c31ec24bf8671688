import assert from "node:assert/strict";
import { test } from "node:test";
import { labelField, POLICY_FAMILIES, readPolicyForm, SEVERITIES, stepField } from "./policy-form";

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};
const base: [string, string][] = [
  ["name", " Page the NOC "],
  ["position", "2"],
  ["repeat", "1"],
  ["repeatAfterSeconds", "600"],
];

test("severities are the schema's, lowest first; families are the classifier's list the API checks", () => {
  assert.deepEqual(SEVERITIES, ["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
  assert.ok(POLICY_FAMILIES.includes("UDP_FLOOD") && POLICY_FAMILIES.includes("MULTI_VECTOR"));
  assert.equal(new Set(POLICY_FAMILIES).size, POLICY_FAMILIES.length);
});

test("reads matchers, label rows and steps in the form's order (rows named by key, not position)", () => {
  const form = formOf([
    ...base,
    ["sharedWithCustomers", "on"],
    ["severities", "HIGH"],
    ["severities", "CRITICAL"],
    ["families", "UDP_FLOOD"],
    [labelField("k7", "key"), " role "],
    [labelField("k7", "value"), "edge"],
    [labelField("k5", "key"), "maintenance"],
    [labelField("k5", "value"), ""],
    [labelField("k2", "key"), ""],
    [labelField("k2", "value"), ""],
    [stepField("s9", "channelIds"), "ch-a"],
    [stepField("s9", "channelIds"), "ch-b"],
    [stepField("s9", "delaySeconds"), "0"],
    [stepField("s3", "channelIds"), "ch-c"],
    [stepField("s3", "delaySeconds"), "300"],
  ]);
  const { draft, problems } = readPolicyForm(form, { steps: ["s9", "s3"], labels: ["k7", "k2", "k5"] });
  assert.deepEqual(problems, []);
  assert.deepEqual(draft, {
    name: "Page the NOC",
    position: 2,
    sharedWithCustomers: true,
    severities: ["HIGH", "CRITICAL"],
    families: ["UDP_FLOOD"],
    nodeLabels: [
      { key: "role", value: "edge" },
      { key: "maintenance", value: "" },
    ],
    steps: [
      { channelIds: ["ch-a", "ch-b"], delaySeconds: 0 },
      { channelIds: ["ch-c"], delaySeconds: 300 },
    ],
    repeat: 1,
    repeatAfterSeconds: 600,
  });
});

test("no matchers and a step without channels go to the API as they are (it decides)", () => {
  const form = formOf([...base, [stepField("a", "delaySeconds"), "0"]]);
  const { draft } = readPolicyForm(form, { steps: ["a"], labels: [] });
  assert.deepEqual(draft?.severities, []);
  assert.deepEqual(draft?.families, []);
  assert.deepEqual(draft?.steps, [{ channelIds: [], delaySeconds: 0 }]);
  assert.equal(draft?.sharedWithCustomers, false);
});

test("numbers that are not whole and label keys no node can have are named by the API's paths, all at once", () => {
  const form = formOf([
    ["name", "x"],
    ["position", "-1"],
    ["repeat", "1.5"],
    ["repeatAfterSeconds", ""],
    [labelField("a", "key"), ""],
    [labelField("a", "value"), ""],
    [labelField("b", "key"), "Site"],
    [labelField("b", "value"), "fra1"],
    [labelField("c", "key"), ""],
    [labelField("c", "value"), "lonely value"],
    [labelField("d", "key"), "maintenance"],
    [labelField("d", "value"), ""],
    [stepField("x", "delaySeconds"), "0"],
    [stepField("y", "delaySeconds"), "5 min"],
  ]);
  const { draft, problems } = readPolicyForm(form, { steps: ["x", "y"], labels: ["a", "b", "c", "d"] });
  assert.equal(draft, null);
  assert.deepEqual(
    problems.map((p) => p.path),
    [
      "position",
      "repeat",
      "repeatAfterSeconds",
      "nodeLabels.1.key",
      "nodeLabels.2.key",
      "steps.1.delaySeconds",
    ],
  );
});
