import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACTION_DEFINITIONS, ACTION_TYPES } from "./catalog.ts";
import { exampleParams } from "./examples.ts";
import { parseIntent, renderIntent } from "./intent.ts";
import { PROGRAMS } from "./plan.ts";

const examples = exampleParams("eth0");
const intent = (type: string, params: unknown) => ({ id: "abc123xyz", type, slot: 3, params });

/** A token a renderer emits: no whitespace, quotes only around a device name, `;` only alone. */
const SAFE_TOKEN = /^(;|"[A-Za-z0-9_.-]+"|[A-Za-z0-9_.:/@{}(),|&=!<>+-]+)$/;

describe("action catalog", () => {
  it("has at least 24 action types across every backend, each with an example", () => {
    assert.ok(ACTION_TYPES.length >= 24, `only ${ACTION_TYPES.length}`);
    const backends = new Set([...ACTION_DEFINITIONS.values()].map((d) => d.backend));
    assert.deepEqual([...backends].sort(), [
      "ipset",
      "iptables",
      "nftables",
      "nftables-netdev",
      "route",
      "sysctl",
      "tc",
    ]);
    assert.deepEqual(Object.keys(examples).sort(), [...ACTION_TYPES].sort());
  });

  for (const type of ACTION_TYPES) {
    it(`${type}: renders argv of known programs with safe tokens, undo and checks`, () => {
      const parsed = parseIntent(intent(type, examples[type]));
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
      const plan = renderIntent(parsed.definition, parsed.intent, "1");
      assert.ok(plan.apply.length > 0 && plan.undo.length > 0 && plan.checks.length > 0);
      for (const command of [...plan.apply, ...plan.undo, ...plan.checks, ...plan.counters]) {
        assert.ok((PROGRAMS as readonly string[]).includes(command.argv[0]), command.argv[0]);
        for (const token of command.argv.slice(1))
          assert.match(token, SAFE_TOKEN, `${type}: ${command.argv.join(" ")}`);
      }
      // Rendering is pure: the same intent always gives the same argv.
      assert.deepEqual(renderIntent(parsed.definition, parsed.intent, "1"), plan);
    });
  }

  it("renders exact argv (nft source drop, iptables hashlimit, tc police)", () => {
    const nft = parseIntent(intent("NFT_DROP_SOURCES", { sources: ["192.0.2.10", "2001:DB8::7"] }));
    assert.ok(nft.ok);
    const plan = renderIntent(nft.definition, nft.intent);
    assert.deepEqual(
      plan.apply.map((c) => c.argv.join(" ")),
      [
        "nft add table inet levee",
        "nft add set inet levee s4_abc123xyz { type ipv4_addr ; flags interval ; }",
        "nft add element inet levee s4_abc123xyz { 192.0.2.10/32 }",
        "nft add set inet levee s6_abc123xyz { type ipv6_addr ; flags interval ; }",
        "nft add element inet levee s6_abc123xyz { 2001:db8::7/128 }",
        "nft add chain inet levee a_abc123xyz { type filter hook prerouting priority -300 ; policy accept ; }",
        "nft add rule inet levee a_abc123xyz ip saddr @s4_abc123xyz counter drop",
        "nft add rule inet levee a_abc123xyz ip6 saddr @s6_abc123xyz counter drop",
      ],
    );
    assert.deepEqual(
      plan.undo.map((c) => c.argv.join(" ")),
      [
        "nft delete chain inet levee a_abc123xyz",
        "nft delete set inet levee s4_abc123xyz",
        "nft delete set inet levee s6_abc123xyz",
      ],
    );
    const ipt = parseIntent(
      intent("IPT_HASHLIMIT_PER_SOURCE", { rate: { perSecond: 50 }, protocol: "udp", dport: 53 }),
    );
    assert.ok(ipt.ok);
    assert.deepEqual(renderIntent(ipt.definition, ipt.intent).apply[1]?.argv, [
      "iptables",
      "-w",
      "-t",
      "filter",
      "-A",
      "LEVEE-abc123xyz",
      "-p",
      "17",
      "--dport",
      "53",
      "-m",
      "hashlimit",
      "--hashlimit-above",
      "50/sec",
      "--hashlimit-burst",
      "5",
      "--hashlimit-mode",
      "srcip",
      "--hashlimit-name",
      "lvabc123xyz",
      "-j",
      "DROP",
    ]);
    const tc = parseIntent(
      intent("TC_POLICE_SOURCE", { device: "eth0", source: "192.0.2.0/24", rateBitsPerSecond: 8000 }),
    );
    assert.ok(tc.ok);
    assert.deepEqual(renderIntent(tc.definition, tc.intent).undo[0]?.argv, [
      "tc",
      "filter",
      "del",
      "dev",
      "eth0",
      "parent",
      "ffff:",
      "protocol",
      "ip",
      "prio",
      "49155",
    ]);
  });

  it("sysctl undo restores the value read before apply", () => {
    const parsed = parseIntent(intent("SYSCTL_SET", { key: "net.ipv4.tcp_syncookies", value: 2 }));
    assert.ok(parsed.ok);
    assert.deepEqual(renderIntent(parsed.definition, parsed.intent, "1").undo[0]?.argv, [
      "sysctl",
      "-w",
      "net.ipv4.tcp_syncookies=1",
    ]);
  });
});
