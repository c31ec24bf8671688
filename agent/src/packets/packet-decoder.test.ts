import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ethernet, Flags, icmp, ipv4, ipv6, linuxSll, tcp, udp } from "../../test/analyze/pcap-builder.ts";
import { LinkType } from "./link-types.ts";
import { Decode, DecodedPacket, decodePacket, IpProto } from "./packet-decoder.ts";

const packet = new DecodedPacket();
const decode = (data: Uint8Array, linkType: number = LinkType.ETHERNET) =>
  decodePacket(data, 0, data.length, linkType, packet);
const udpV4 = ipv4({ src: "203.0.113.7", ttl: 51, protocol: 17 }, udp(53, 40000, new Uint8Array(20)));

describe("decodePacket", () => {
  it("decodes IPv4/UDP behind Ethernet, VLAN and QinQ tags", () => {
    for (const vlans of [[], [100], [100, 200]]) {
      assert.equal(decode(ethernet(udpV4, vlans)), Decode.OK);
      assert.equal(packet.srcV4, 0xcb007107);
      assert.equal(packet.ttl, 51);
      assert.equal(packet.protocol, IpProto.UDP);
      assert.equal(packet.srcPort, 53);
      assert.equal(packet.dstPort, 40000);
      assert.equal(packet.payloadLength, 20);
    }
  });

  it("decodes Linux cooked (SLL, SLL2), raw IP and BSD loopback link types", () => {
    assert.equal(decode(linuxSll(udpV4, 1), LinkType.LINUX_SLL), Decode.OK);
    assert.equal(decode(linuxSll(udpV4, 2), LinkType.LINUX_SLL2), Decode.OK);
    assert.equal(decode(udpV4, LinkType.RAW), Decode.OK);
    assert.equal(decode(udpV4, LinkType.IPV4), Decode.OK);
    assert.equal(decode(new Uint8Array([2, 0, 0, 0, ...udpV4]), LinkType.NULL), Decode.OK);
    assert.equal(packet.srcPort, 53);
  });

  it("reads TCP flags and the payload after options", () => {
    const segment = tcp(1234, 80, Flags.PSH | Flags.ACK, new Uint8Array(10), new Uint8Array([1, 1, 1, 1]));
    assert.equal(decode(ethernet(ipv4({ src: "192.0.2.1", protocol: 6 }, segment))), Decode.OK);
    assert.equal(packet.tcpFlags, 0x18);
    assert.equal(packet.payloadLength, 10);
  });

  it("decodes IPv6 through extension headers, including a fragment header", () => {
    const hopByHop = new Uint8Array([IpProto.UDP, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(
      decode(ethernet(ipv6("2001:db8::7", 0, new Uint8Array([...hopByHop, ...udp(123, 9)])))),
      Decode.OK,
    );
    assert.equal(packet.ipVersion, 6);
    assert.equal(packet.ttl, 64);
    assert.equal(packet.srcPort, 123);
    const fragment = new Uint8Array([IpProto.UDP, 0, 0, 8, 0, 0, 0, 42]); // offset 1 (8 bytes), id 42
    assert.equal(
      decode(ethernet(ipv6("2001:db8::7", 44, new Uint8Array([...fragment, 1, 2, 3, 4])))),
      Decode.OK,
    );
    assert.equal(packet.fragment, true);
    assert.equal(packet.firstFragment, false);
    assert.equal(packet.hasPorts, false);
  });

  it("marks IPv4 fragments; only the first carries ports", () => {
    decode(ethernet(ipv4({ src: "192.0.2.1", protocol: 17, id: 7, moreFragments: true }, udp(53, 1))));
    assert.deepEqual([packet.fragment, packet.firstFragment, packet.hasPorts], [true, true, true]);
    decode(
      ethernet(ipv4({ src: "192.0.2.1", protocol: 17, id: 7, fragmentOffset: 185 }, new Uint8Array(100))),
    );
    assert.deepEqual(
      [packet.fragment, packet.firstFragment, packet.hasPorts, packet.fragmentId],
      [true, false, false, 7],
    );
  });

  it("reports non-IP, truncated and unsupported frames instead of throwing", () => {
    const arp = new Uint8Array(42);
    arp[12] = 0x08;
    arp[13] = 0x06;
    assert.equal(decode(arp), Decode.NOT_IP);
    assert.equal(decode(ethernet(udpV4).subarray(0, 20)), Decode.TRUNCATED);
    assert.equal(decode(new Uint8Array(5)), Decode.TRUNCATED);
    assert.equal(decode(udpV4, 147), Decode.UNSUPPORTED_LINK);
    const badVersion = ethernet(udpV4);
    badVersion[14] = 0x35;
    assert.equal(decode(badVersion), Decode.TRUNCATED);
  });

  it("keeps ports from a header cut short by the snapshot length", () => {
    const data = ethernet(ipv4({ src: "192.0.2.1", protocol: 6 }, tcp(1, 2, Flags.SYN)));
    assert.equal(decodePacket(data, 0, 14 + 20 + 6, LinkType.ETHERNET, packet), Decode.OK);
    assert.equal(packet.hasPorts, true);
    assert.equal(packet.tcpFlags, -1);
    assert.equal(decode(ethernet(ipv4({ src: "192.0.2.1", protocol: 1 }, icmp(8)))), Decode.OK);
    assert.equal(packet.protocol, IpProto.ICMP);
  });
});
