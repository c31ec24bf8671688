import assert from "node:assert/strict";
import { test } from "node:test";
import { placeRefusal } from "../graphql/refusal";
import {
  canDeleteNode,
  canUpdateNode,
  changedFields,
  labelField,
  labelProblem,
  labelsProblem,
  type NodeSettings,
  nodeSettingsEdit,
  prefixLines,
  prefixProblem,
  readNodeSettingsForm,
  readPrefixes,
  shownFields,
} from "./node-settings";

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};

const stored: NodeSettings = {
  name: "edge-1",
  interface: "auto",
  labels: [
    { key: "region", value: "eu" },
    { key: "role", value: "edge" },
  ],
  ownedPrefixes: ["192.0.2.0/24", "2001:db8::/32"],
};

test("prefixes are one a line: spaces trimmed, blank lines (and CRLF) left out; stored lists read back as typed", () => {
  assert.deepEqual(readPrefixes(" 192.0.2.0/24 \r\n\n2001:db8::/32\n  \n"), [
    "192.0.2.0/24",
    "2001:db8::/32",
  ]);
  assert.deepEqual(readPrefixes(""), []);
  assert.deepEqual(readPrefixes(prefixLines(stored.ownedPrefixes)), stored.ownedPrefixes);
});

test("reads the form: trimmed text, label rows in order by key, an empty row left out", () => {
  const { draft, labelRows, problems } = readNodeSettingsForm(
    formOf([
      ["name", " edge-2 "],
      ["interface", " eth0 "],
      [labelField("label3", "key"), " role "],
      [labelField("label3", "value"), " edge "],
      [labelField("label0", "key"), ""],
      [labelField("label0", "value"), ""],
      [labelField("label5", "key"), "tier"],
      [labelField("label5", "value"), ""],
      ["ownedPrefixes", "192.0.2.0/24\n\n198.51.100.7"],
    ]),
    ["label3", "label0", "label5"],
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(draft, {
    name: "edge-2",
    interface: "eth0",
    labels: [
      { key: "role", value: "edge" },
      { key: "tier", value: "" },
    ],
    ownedPrefixes: ["192.0.2.0/24", "198.51.100.7"],
  });
  assert.deepEqual(labelRows, ["label3", "label5"]);
});

test("a label key no node can have is refused by its place among the labels sent, as the API names it", () => {
  const { draft, labelRows, problems } = readNodeSettingsForm(
    formOf([
      ["name", "edge-1"],
      [labelField("a", "key"), ""],
      [labelField("a", "value"), ""],
      [labelField("b", "key"), "role"],
      [labelField("b", "value"), "edge"],
      [labelField("c", "key"), "Bad Key"],
      [labelField("c", "value"), "x"],
      [labelField("d", "key"), ""],
      [labelField("d", "value"), "orphan value"],
    ]),
    ["a", "b", "c", "d"],
  );
  assert.equal(draft, null);
  assert.deepEqual(
    problems.map((p) => p.path),
    ["labels.1.key", "labels.2.key"],
  );
  assert.deepEqual(labelRows, ["b", "c", "d"], "each label sent (or refused) with the row it came from");
});

test("an edit sends only what changed, and nothing at all when nothing did", () => {
  const same = { ...stored, labels: [...stored.labels].reverse() };
  assert.equal(nodeSettingsEdit("n1", stored, same), null, "labels in another order are the same labels");
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, name: "edge-9" }), {
    nodeId: "n1",
    name: "edge-9",
  });
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, interface: "eth1" }), {
    nodeId: "n1",
    interface: "eth1",
  });
  // Labels and prefixes are replaced whole: the whole new list is sent.
  const labels = [{ key: "role", value: "core" }];
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, labels }), { nodeId: "n1", labels });
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, labels: [] }), { nodeId: "n1", labels: [] });
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, ownedPrefixes: ["192.0.2.0/24"] }), {
    nodeId: "n1",
    ownedPrefixes: ["192.0.2.0/24"],
  });
  assert.deepEqual(nodeSettingsEdit("n1", stored, { ...stored, ownedPrefixes: [] }), {
    nodeId: "n1",
    ownedPrefixes: [],
  });
});

test("the success line names what changed", () => {
  assert.equal(changedFields({ nodeId: "n1", name: "x", labels: [] }), "name, labels");
  assert.equal(
    changedFields({ nodeId: "n1", interface: "eth0", ownedPrefixes: [] }),
    "interface, owned prefixes",
  );
});

test("the API's problems land on their fields: labels by place, each refused prefix named", () => {
  const problems = [
    { path: "input.labels.1.key", message: "must be lower-case, 1–63 characters" },
    { path: "input.labels", message: "label keys must be unique" },
    { path: "input.ownedPrefixes.1", message: "not a valid IPv4 or IPv6 prefix" },
    { path: "input.ownedPrefixes", message: "at most 256 prefixes" },
  ];
  assert.equal(labelProblem(problems, 1, "key"), "must be lower-case, 1–63 characters");
  assert.equal(labelProblem(problems, 0, "key"), undefined);
  assert.equal(labelProblem(problems, 1, "value"), undefined);
  assert.equal(labelsProblem(problems), "label keys must be unique");
  assert.equal(
    prefixProblem(problems, ["192.0.2.0/24", "300.1.1.1/8"]),
    "“300.1.1.1/8”: not a valid IPv4 or IPv6 prefix; at most 256 prefixes",
  );
  // The API's own message quotes the prefix (@levee/shared/network/cidr): not named twice.
  const quoted = '"300.1.1.1/8" is not an IP address or CIDR prefix';
  assert.equal(prefixProblem([{ path: "input.ownedPrefixes.0", message: quoted }], ["300.1.1.1/8"]), quoted);
  assert.equal(prefixProblem([{ path: "input.name", message: "taken" }], []), undefined);
  // Another list's field (the firewall safelist's `prefixes`), its items named the same way.
  const safelist = [{ path: "input.prefixes.1", message: "not a prefix" }];
  assert.equal(prefixProblem(safelist, ["192.0.2.1", "nope"], "prefixes"), "“nope”: not a prefix");
  assert.equal(prefixProblem(safelist, ["192.0.2.1", "nope"]), undefined);
});

test("the form's line names only what no field shows; a taken name is marked on the name", () => {
  const fields = shownFields(1, 2);
  const shown = placeRefusal(
    {
      code: "VALIDATION",
      message: "input.ownedPrefixes.1: bad",
      fieldErrors: [
        { path: "input.ownedPrefixes.1", message: "bad" },
        { path: "input.labels.0.value", message: "too long" },
      ],
    },
    fields,
  );
  assert.equal(shown.message, "Not saved: see the marked fields.");
  const unshown = placeRefusal(
    { code: "VALIDATION", message: "", fieldErrors: [{ path: "input.ownedPrefixes.5", message: "bad" }] },
    fields,
  );
  assert.equal(unshown.message, "Not saved: ownedPrefixes.5 bad.");
  const taken = placeRefusal(
    { code: "CONFLICT", message: 'A node named "edge-2" already exists in this workspace', fieldErrors: [] },
    fields,
  );
  assert.deepEqual(
    taken.fieldErrors.map((p) => p.path),
    ["name"],
  );
});

test("node:update is OWNER, ADMIN and ANALYST; node:delete OWNER and ADMIN (the API's roles)", () => {
  assert.deepEqual(
    (["OWNER", "ADMIN", "ANALYST", "READONLY", null] as const).map((r) => [
      canUpdateNode(r),
      canDeleteNode(r),
    ]),
    [
      [true, true],
      [true, true],
      [true, false],
      [false, false],
      [false, false],
    ],
  );
});
