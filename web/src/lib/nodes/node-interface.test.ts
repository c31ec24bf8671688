import assert from "node:assert/strict";
import { test } from "node:test";
import { interfaceField, interfaceSummary, type NodeInterfaceFacts } from "./node-interface";

const node = (facts: Partial<NodeInterfaceFacts>): NodeInterfaceFacts => ({
  interface: "auto",
  sampledInterface: null,
  interfaceProblem: null,
  interfacePinned: false,
  ...facts,
});

test("the header names the interface the agent samples, and the setting when it differs", () => {
  assert.equal(interfaceSummary(node({ interface: "lv-v", sampledInterface: "lv-v" })), "interface lv-v");
  assert.equal(interfaceSummary(node({ sampledInterface: "eth0" })), "interface eth0 (auto)");
  assert.equal(
    interfaceSummary(node({ interface: "eth1", sampledInterface: "eth0" })),
    "interface eth0 · switching to eth1…",
  );
  assert.equal(
    interfaceSummary(
      node({
        interface: "eth9",
        sampledInterface: "eth0",
        interfaceProblem: "eth9 does not exist on this host",
      }),
    ),
    "interface eth0 · eth9 does not exist on this host",
  );
  assert.equal(
    interfaceSummary(node({ interface: "eth1", sampledInterface: "lv-v", interfacePinned: true })),
    "interface lv-v (pinned by the agent's config)",
  );
  assert.equal(
    interfaceSummary(node({ interface: "eth1" })),
    "interface eth1 (not reported by the agent yet)",
  );
});

test("the Interface field is read-only while the agent pins it, and says where to change it", () => {
  assert.equal(interfaceField(node({ sampledInterface: "eth0" })).editable, true);
  const pinned = interfaceField(node({ sampledInterface: "eth0", interfacePinned: true }));
  assert.equal(pinned.editable, false);
  assert.match(pinned.hint, /LEVEE_AGENT_INTERFACE/);
});
