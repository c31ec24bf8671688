import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseNetDev } from "./net-dev.ts";
import { defaultRouteInterface } from "./net-route.ts";
import { parseSnmp, parseSnmp6, protocolCounters } from "./net-snmp.ts";
import { countTcpStates, emptyTcpStates, isLoopbackSocket, offHostSockets } from "./net-tcp.ts";

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
    // 127.0.0.1:80 ↔ 127.0.0.1:50000 is the one loopback socket of the IPv4 file.
    const loopback4 = { synRecv: 0, established: 1, total: 1 };
    assert.deepEqual(v4.states, { synRecv: 2, established: 1, total: 5, loopback: loopback4 });
    assert.equal(v4.malformed, 1);
    const both = countTcpStates(fixture("net-tcp6.txt"), v4.states);
    // Every socket of the IPv6 file is on ::1.
    const loopback = { synRecv: 1, established: 2, total: 4 };
    assert.deepEqual(both.states, { synRecv: 3, established: 2, total: 8, loopback });
    assert.deepEqual(offHostSockets(both.states), { synRecv: 2, established: 0, total: 4 });
    assert.deepEqual(countTcpStates("").states, emptyTcpStates());
  });

  it("tells loopback sockets by their addresses, in either byte order the kernel prints", () => {
    const le = (local: string, remote: string) => isLoopbackSocket(local, remote, true);
    const be = (local: string, remote: string) => isLoopbackSocket(local, remote, false);
    assert.equal(le("0100007F:0050", "0100007F:C350"), true, "127.0.0.1 (x86)");
    assert.equal(be("7F000001:0050", "7F000001:C350"), true, "127.0.0.1 (big-endian)");
    assert.equal(le("0200007F:0050", "00000000:0000"), true, "127.0.0.2 listening");
    assert.equal(le("0200A8C0:0050", "0A00A8C0:D431"), false, "192.168.0.2 ← 192.168.0.10");
    assert.equal(be("0200A8C0:0050", "0A00A8C0:D431"), false, "not 127/8 in the other order either");
    assert.equal(le("7F000001:0050", "00000000:0000"), false, "1.0.0.127 on x86 is not loopback");
    assert.equal(le("0200A8C0:1F90", "0200A8C0:C000"), true, "to the host's own address (over lo)");
    assert.equal(le("00000000:0050", "00000000:0000"), false, "listening on every address");
    const v6 = (word3: string) => `000000000000000000000000${word3}:0050`;
    assert.equal(le(v6("01000000"), v6("01000000")), true, "::1 (x86)");
    assert.equal(be(v6("00000001"), v6("00000001")), true, "::1 (big-endian)");
    const mapped = "0000000000000000FFFF00000100007F:0050";
    assert.equal(le(mapped, "0000000000000000FFFF00000A00A8C0:D431"), true, "::ffff:127.0.0.1");
    assert.equal(le("0000000000000000FFFF00000200A8C0:0050", "0000000000000000FFFF00000A00A8C0:D431"), false);
    assert.equal(
      le("B80D0120000000000000000001000000:0050", "00000000000000000000000000000000:0000"),
      false,
      "2001:db8::1",
    );
  });
});
