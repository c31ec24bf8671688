import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseNetDev } from "./net-dev.ts";
import { defaultRouteInterface } from "./net-route.ts";
import { parseSnmp, parseSnmp6, protocolCounters } from "./net-snmp.ts";
import { countTcpStates } from "./net-tcp.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/proc/${name}`, import.meta.url), "utf8");

describe("/proc/net/dev", () => {
  it("reads packets and bytes per interface, including a name that touches a wide counter", () => {
    const { interfaces, malformed } = parseNetDev(fixture("net-dev.txt"));
    assert.deepEqual(malformed, []);
    assert.deepEqual([...interfaces.keys()], ["lo", "eth0", "bond0"]);
    assert.deepEqual(interfaces.get("eth0"), {
      rxBytes: 562084126,
      rxPackets: 13721,
      txBytes: 856405,
      txPackets: 8069,
    });
    assert.equal(interfaces.get("bond0")?.rxBytes, 12345678901234);
    assert.equal(interfaces.get("bond0")?.rxPackets, 98765432101);
  });

  it("skips and reports malformed lines, keeping the good ones", () => {
    const { interfaces, malformed } = parseNetDev(fixture("net-dev-malformed.txt"));
    assert.deepEqual([...interfaces.keys()], ["lo", "eth2"]);
    assert.equal(malformed.length, 3);
    assert.match(malformed[0] ?? "", /^line 4: eth0/);
    assert.deepEqual(parseNetDev("").interfaces.size, 0);
  });
});

describe("/proc/net/route", () => {
  it("picks the up default route with the lowest metric", () => {
    assert.equal(defaultRouteInterface(fixture("net-route.txt")), "eth0");
  });
  it("has no answer without a default route", () => {
    const onlyLocal = fixture("net-route.txt")
      .split("\n")
      .filter((l, i) => i === 0 || l.includes("00FFFFFF"))
      .join("\n");
    assert.equal(defaultRouteInterface(onlyLocal), undefined);
    assert.equal(defaultRouteInterface("garbage"), undefined);
  });
});

describe("/proc/net/snmp and snmp6", () => {
  it("sums inbound packets per protocol across IPv4 and IPv6", () => {
    const snmp = parseSnmp(fixture("net-snmp.txt"));
    assert.deepEqual(snmp.malformed, []);
    const v4 = protocolCounters(snmp, undefined);
    assert.deepEqual(v4, { ipIn: 14340, tcpIn: 14269, udpIn: 70, icmpIn: 1 });
    const six = parseSnmp6("Ip6InReceives 7\nUdp6InDatagrams 2\nUdp6NoPorts 1\nIcmp6InMsgs 3\nbroken\n");
    assert.deepEqual(protocolCounters(snmp, six), { ipIn: 14347, tcpIn: 14269, udpIn: 73, icmpIn: 4 });
  });

  it("reports a table whose header and values disagree, and keeps the rest", () => {
    const text = "Ip: InReceives Forwarding\nIp: 5\nTcp: InSegs\nTcp: 9\nUdp: InDatagrams\nUdp: 4\n";
    const parsed = parseSnmp(text);
    assert.equal(parsed.malformed.length, 1);
    assert.equal(parsed.tables.has("Ip"), false);
    assert.deepEqual(protocolCounters(parsed, undefined), { ipIn: 0, tcpIn: 9, udpIn: 4, icmpIn: 0 });
  });
});

describe("/proc/net/tcp and tcp6", () => {
  it("counts SYN_RECV, established and all sockets over both files, skipping bad lines", () => {
    const v4 = countTcpStates(fixture("net-tcp.txt"));
    assert.deepEqual(v4.states, { synRecv: 2, established: 1, total: 5 });
    assert.equal(v4.malformed, 1);
    const both = countTcpStates(fixture("net-tcp6.txt"), v4.states);
    assert.deepEqual(both.states, { synRecv: 3, established: 2, total: 8 });
    assert.deepEqual(countTcpStates("").states, { synRecv: 0, established: 0, total: 0 });
  });
});
