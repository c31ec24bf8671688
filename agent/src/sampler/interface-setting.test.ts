import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideInterface } from "./interface-setting.ts";

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
