import assert from "node:assert/strict";
import { test } from "node:test";
import { DELETED_CHANNEL_MESSAGE, policyEdit, type StoredPolicy } from "./policy-edit";
import type { PolicyDraft } from "./policy-form";

const stored: StoredPolicy = {
  id: "p1",
  name: "Critical floods",
  position: 0,
  sharedWithCustomers: false,
  severities: ["HIGH", "CRITICAL"],
  families: ["UDP_FLOOD"],
  nodeLabels: [{ key: "role", value: "edge" }],
  steps: [
    { channelIds: ["ch-b", "ch-a"], delaySeconds: 0 },
    { channelIds: ["ch-gone"], delaySeconds: 300 },
  ],
  repeat: 0,
  repeatAfterSeconds: 300,
};
/** The form read back as it was filled in: the stored values, boxes ticked in the form's order. */
const unchanged = (): PolicyDraft => ({
  name: "Critical floods",
  position: 0,
  sharedWithCustomers: false,
  severities: ["CRITICAL", "HIGH"],
  families: ["UDP_FLOOD"],
  nodeLabels: [{ key: "role", value: "edge" }],
  steps: [
    { channelIds: ["ch-a", "ch-b"], delaySeconds: 0 },
    { channelIds: ["ch-gone"], delaySeconds: 300 },
  ],
  repeat: 0,
  repeatAfterSeconds: 300,
});
const channels = ["ch-a", "ch-b", "ch-c"];

test("nothing changed (boxes in another order included): nothing to send", () => {
  assert.deepEqual(policyEdit(stored, unchanged(), channels), { input: null, problems: [] });
});

test("only what changed is sent; untouched steps are left out even when they name a deleted channel", () => {
  const draft = {
    ...unchanged(),
    name: "Floods",
    position: 3,
    severities: ["CRITICAL"],
    nodeLabels: [],
    repeat: 2,
  };
  assert.deepEqual(policyEdit(stored, draft, channels), {
    input: {
      policyId: "p1",
      name: "Floods",
      position: 3,
      severities: ["CRITICAL"],
      nodeLabels: [],
      repeat: 2,
    },
    problems: [],
  });
  const families = { ...unchanged(), families: [], repeatAfterSeconds: 60, sharedWithCustomers: false };
  assert.deepEqual(policyEdit(stored, families, channels).input, {
    policyId: "p1",
    families: [],
    repeatAfterSeconds: 60,
  });
});

test("touched steps are sent whole, once no step names a deleted channel", () => {
  const draft = unchanged();
  draft.steps = [
    { channelIds: ["ch-a", "ch-b"], delaySeconds: 60 },
    { channelIds: ["ch-gone"], delaySeconds: 300 },
  ];
  assert.deepEqual(policyEdit(stored, draft, channels), {
    input: null,
    problems: [{ path: "steps.1.channelIds", message: DELETED_CHANNEL_MESSAGE }],
  });
  draft.steps = [
    { channelIds: ["ch-a", "ch-b"], delaySeconds: 60 },
    { channelIds: ["ch-c"], delaySeconds: 300 },
  ];
  assert.deepEqual(policyEdit(stored, draft, channels), {
    input: { policyId: "p1", steps: draft.steps },
    problems: [],
  });
  // The deleted channel's step removed: the rest replaces every step.
  draft.steps = [{ channelIds: ["ch-b", "ch-a"], delaySeconds: 0 }];
  assert.deepEqual(policyEdit(stored, draft, channels).input, { policyId: "p1", steps: draft.steps });
});

test("a step added, or its order changed, is a change of steps", () => {
  const added = unchanged();
  added.steps = [
    ...stored.steps.map((s) => ({ ...s, channelIds: [...s.channelIds] })),
    { channelIds: [], delaySeconds: 300 },
  ];
  assert.equal(policyEdit(stored, added, [...channels, "ch-gone"]).input?.steps?.length, 3);
  const swapped = unchanged();
  swapped.steps = [...swapped.steps].reverse();
  assert.ok(policyEdit(stored, swapped, [...channels, "ch-gone"]).input?.steps);
  // A label renamed, or the labels' order changed, is sent too.
  const labels = { ...unchanged(), nodeLabels: [{ key: "role", value: "core" }] };
  assert.deepEqual(policyEdit(stored, labels, channels).input?.nodeLabels, [{ key: "role", value: "core" }]);
});

test("becoming shared checks the steps as the API does: a deleted channel in them must go first", () => {
  const shared = { ...unchanged(), sharedWithCustomers: true };
  assert.deepEqual(policyEdit(stored, shared, channels).problems, [
    { path: "steps.1.channelIds", message: DELETED_CHANNEL_MESSAGE },
  ]);
  const fine = { ...stored, steps: [stored.steps[0] ?? { channelIds: [], delaySeconds: 0 }] };
  assert.deepEqual(
    policyEdit(fine, { ...shared, steps: [{ channelIds: ["ch-a", "ch-b"], delaySeconds: 0 }] }, channels),
    {
      input: { policyId: "p1", sharedWithCustomers: true },
      problems: [],
    },
  );
  // Already shared and left so: steps untouched are not checked.
  const wasShared = { ...stored, sharedWithCustomers: true };
  assert.deepEqual(policyEdit(wasShared, { ...shared, name: "x" }, channels), {
    input: { policyId: "p1", name: "x" },
    problems: [],
  });
});
