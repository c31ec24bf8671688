import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultGateways, protectedFromHost } from "./host-facts.ts";

describe("host facts", () => {
  it("reads IPv4 default gateways from /proc/net/route, lowest metric first", () => {
    const route = [
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
      "eth1\t00000000\t0101A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0",
      "eth0\t00000000\t010011AC\t0003\t0\t0\t100\t00000000\t0\t0\t0",
      "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
    ].join("\n");
    assert.deepEqual(defaultGateways(route), ["172.17.0.1", "192.168.1.1"]);
  });
  it("protects the host's addresses, gateways, the API and the safelist (valid entries only)", () => {
    const list = protectedFromHost(
      { managementAddresses: ["fe80::1"], gateways: ["10.0.0.1"], apiAddresses: ["127.0.0.1"] },
      ["bad;", "192.0.2.0/24"],
    );
    assert.deepEqual(
      list.map((p) => p.prefix),
      ["fe80::1", "10.0.0.1", "127.0.0.1", "192.0.2.0/24"],
    );
  });
});
