import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACTION_TYPES } from "./catalog.ts";
import { exampleParams } from "./examples.ts";
import { parseIntent } from "./intent.ts";

// Every parameter of every action type, attacked: each leaf of the example (and each element of
// a list) is replaced by hostile values, and the intent must be refused. So must the envelope
// fields (id, type, slot) and unknown keys.

const SHELL = [
  "1.2.3.4; rm -rf /",
  "$(reboot)",
  "`id`",
  "1.2.3.4 && halt",
  "a|b",
  "x > /etc/passwd",
  "'quoted'",
  '"dq"',
];
const NEWLINES = ["1.2.3.4\nflush ruleset", "eth0\r\n", "\u0000", "192.0.2.1\u2028"];
const NFT_SYNTAX = [
  "192.0.2.1 } ; flush ruleset ; {",
  "192.0.2.1, 0.0.0.0/0",
  "@levee",
  "{ }",
  'eth0"; flush ruleset',
];
const OPTIONS = ["-j ACCEPT", "--help", "-F", "-", "--", "-eth0"];
const OVERSIZED = ["9".repeat(100_000), `${"a".repeat(16)}`, "1".repeat(40)];
const WRONG_TYPES: unknown[] = [null, true, {}, [], -1, 1.5, 1e15, "80"];
const HOSTILE: unknown[] = [
  ...SHELL,
  ...NEWLINES,
  ...NFT_SYNTAX,
  ...OPTIONS,
  ...OVERSIZED,
  ...WRONG_TYPES,
  "",
  " ",
];

type Path = (string | number)[];

function leaves(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function replaced(source: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(source);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1) as string | number] = value;
  return copy;
}

const valid = (params: unknown) => parseIntent({ id: "abc123xyz", type: "X", slot: 1, params });
const check = (type: string, params: unknown, envelope: Record<string, unknown> = {}) =>
  parseIntent({ id: "abc123xyz", type, slot: 1, params, ...envelope });

describe("injection attempts in every parameter are refused", () => {
  const examples = exampleParams("eth0");
  for (const type of ACTION_TYPES) {
    const example = examples[type] as Record<string, unknown>;
    it(type, () => {
      assert.ok(check(type, example).ok, "the example itself is valid");
      let attempts = 0;
      for (const path of leaves(example)) {
        const original = path.reduce<any>((node, key) => node[key], example);
        for (const value of HOSTILE) {
          // A hostile value of the same type and still in range can be legitimate (a number
          // within limits); those are the schema's business, not an injection.
          if (typeof value === "boolean" && typeof original === "boolean") continue;
          if (value === "80" && typeof original !== "number") continue;
          if (
            typeof original === "number" &&
            typeof value === "number" &&
            value >= 1 &&
            value <= 10_000 &&
            Number.isInteger(value)
          )
            continue;
          const result = check(type, replaced(example, path, value));
          attempts++;
          assert.equal(
            result.ok,
            false,
            `${type}.${path.join(".")} accepted ${JSON.stringify(value)?.slice(0, 60)}`,
          );
        }
      }
      // Unknown keys (prototype pollution, smuggled options) are refused too.
      for (const key of ["__proto__x", "extra", "argv", "constructor"])
        assert.equal(check(type, { ...example, [key]: "1" }).ok, false, `${type} accepted key ${key}`);
      assert.ok(attempts >= (leaves(example).length > 0 ? HOSTILE.length - 8 : 0));
    });
  }

  it("wrong families: mixed lists where one family is required, IPv6 where only IPv4 applies", () => {
    assert.equal(check("IPT_DROP_SOURCES", { sources: ["192.0.2.1", "2001:db8::1"] }).ok, false);
    assert.equal(check("IPSET_DROP_SOURCES", { sources: ["2001:db8::/32", "192.0.2.0/24"] }).ok, false);
    assert.equal(check("IPT_DROP_FRAGMENTS", { family: "ipv6" }).ok, false);
    assert.equal(check("NFT_DROP_FRAGMENTS", { family: "ipv5" }).ok, false);
    assert.equal(
      check("TC_POLICE_SOURCE", { device: "eth0", source: "192.0.2.1/33", rateBitsPerSecond: 8000 }).ok,
      false,
    );
    assert.equal(check("BLACKHOLE_ROUTE", { prefix: "2001:db8::/129" }).ok, false);
    assert.equal(check("BLACKHOLE_ROUTE", { prefix: "192.0.2.1/24" }).ok, false, "host bits set");
    assert.equal(check("SYSCTL_SET", { key: "kernel.core_pattern", value: 1 }).ok, false, "not allow-listed");
    assert.equal(
      check("NFT_DROP_PROTOCOL", { protocol: "icmp", dport: 53 }).ok,
      false,
      "a port needs tcp/udp",
    );
    assert.equal(
      check("IPT_HASHLIMIT_PER_SOURCE", { rate: { perSecond: 5 }, dport: 53 }).ok,
      false,
      "a port needs a protocol",
    );
    assert.equal(check("SYSCTL_SET", { key: "net.ipv4.tcp_syncookies", value: 3 }).ok, false, "out of range");
  });

  it("the envelope: id, type and slot are checked before the parameters", () => {
    const params = examples.NFT_DROP_PROTOCOL;
    for (const id of ["ABC123", "abc 12", "abc;12", "-abc12", "abc123xyz12345", "../abc", ""])
      assert.equal(check("NFT_DROP_PROTOCOL", params, { id }).ok, false, `id ${id}`);
    for (const slot of [0, -1, 1.5, 16_384, "1"])
      assert.equal(check("NFT_DROP_PROTOCOL", params, { slot }).ok, false, `slot ${slot}`);
    assert.equal(check("nft_drop_protocol; reboot", params).ok, false);
    assert.equal(check("NFT_DROP_PROTOCOL", params, { command: "nft flush ruleset" }).ok, false);
    assert.equal(valid(params).ok, false);
  });
});
