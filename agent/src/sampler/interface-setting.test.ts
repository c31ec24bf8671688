import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideInterface, followedToSave } from "./interface-setting.ts";

const host = new Set(["lo", "eth0", "eth1"]);

describe("decideInterface", () => {
  it("follows the node's setting to an interface the host has, and to auto", () => {
    assert.deepEqual(
      decideInterface({
        setting: "eth1",
        current: "eth0",
        pinned: false,
        configured: "auto",
        hostInterfaces: host,
      }),
      {
        use: "eth1",
        problem: undefined,
      },
    );
    assert.deepEqual(
      decideInterface({
        setting: "auto",
        current: "eth0",
        pinned: false,
        configured: "auto",
        hostInterfaces: host,
      }),
      {
        use: "auto",
        problem: undefined,
      },
    );
  });

  it("a setting of auto means the agent.json value: an upgraded node (auto) stays on the interface its config names", () => {
    assert.deepEqual(
      decideInterface({
        setting: "auto",
        current: "eth1",
        pinned: false,
        configured: "eth1",
        hostInterfaces: host,
      }),
      { use: "eth1", problem: undefined },
    );
    // Back to auto after following eth0: the configured eth1 again.
    assert.deepEqual(
      decideInterface({
        setting: "auto",
        current: "eth0",
        pinned: false,
        configured: "eth1",
        hostInterfaces: host,
      }),
      { use: "eth1", problem: undefined },
    );
  });

  it("keeps sampling what it samples when the setting names an interface the host lacks, and says why", () => {
    assert.deepEqual(
      decideInterface({
        setting: "eth9",
        current: "eth0",
        pinned: false,
        configured: "auto",
        hostInterfaces: host,
      }),
      {
        use: "eth0",
        problem: "eth9 does not exist on this host",
      },
    );
  });

  it("ignores the setting while the local value pins it, and when the API does not say", () => {
    for (const input of [
      { setting: "eth1", current: "eth0", pinned: true },
      { setting: undefined, current: "eth0", pinned: false },
    ])
      assert.deepEqual(decideInterface({ ...input, configured: "auto", hostInterfaces: host }), {
        use: "eth0",
        problem: undefined,
      });
  });

  it("an unchanged setting needs nothing, even for an interface gone from the host (the sampler reports 0 until it returns)", () => {
    assert.deepEqual(
      decideInterface({
        setting: "eth7",
        current: "eth7",
        pinned: false,
        configured: "auto",
        hostInterfaces: host,
      }),
      {
        use: "eth7",
        problem: undefined,
      },
    );
  });
});

describe("followedToSave", () => {
  const save = (
    setting: string | undefined,
    configured: string,
    { pinned = false, current = "eth0", saved }: { pinned?: boolean; current?: string; saved?: string } = {},
  ) =>
    followedToSave(
      { setting, configured, pinned, saved },
      decideInterface({ setting, current, configured, pinned, hostInterfaces: host }),
    );

  it("writes a named setting the agent follows when agent.json's followedInterface says otherwise", () => {
    assert.equal(save("eth1", "eth0"), "eth1");
    assert.equal(save("eth1", "auto"), "eth1");
    assert.equal(save("eth1", "auto", { saved: "lo" }), "eth1");
    // Followed already (this run switched at an earlier answer, whose write failed): tried again.
    assert.equal(save("eth1", "eth0", { current: "eth1" }), "eth1");
  });

  it("removes it (null) for auto, and for the name `interface` says, once one was written", () => {
    // Named eth1 was followed and written; back to auto: the enrolled `interface` again, after a restart too.
    assert.equal(save("auto", "eth0", { current: "eth1", saved: "eth1" }), null);
    assert.equal(save("auto", "auto", { current: "eth1", saved: "eth1" }), null);
    assert.equal(save("eth0", "eth0", { current: "eth1", saved: "eth1" }), null);
  });

  it("writes nothing when pinned, for a setting not followed, when the API does not say, or when agent.json says it", () => {
    assert.equal(
      save("eth1", "eth0", { pinned: true }),
      undefined,
      "pinned by --interface / LEVEE_AGENT_INTERFACE",
    );
    assert.equal(save("auto", "eth0"), undefined, "auto with nothing followed written");
    assert.equal(save("eth9", "eth0"), undefined, "not on the host: not followed");
    assert.equal(save(undefined, "eth0", { saved: "eth1" }), undefined, "an API that does not say");
    assert.equal(
      save("eth1", "eth0", { current: "eth1", saved: "eth1" }),
      undefined,
      "agent.json says it already",
    );
    assert.equal(save("eth0", "eth0"), undefined, "the enrolled interface, nothing followed written");
  });
});
