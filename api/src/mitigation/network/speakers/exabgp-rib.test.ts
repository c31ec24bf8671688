import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validIntent } from "../intent.ts";
import { intentSignature } from "../rule-signature.ts";
import { exabgpRibSignatures } from "./exabgp-rib.ts";

// Lines as ExaBGP 4.2.21 answered `show adj-rib out extensive` for the four intents below.
const N =
  "neighbor 10.77.56.2 local-ip 10.77.56.1 local-as 65001 peer-as 65002 router-id 10.77.56.1 family-allowed in-open";
const LINES = [
  `${N} ipv4 unicast 203.0.113.7/32 next-hop 192.0.2.1 community [ 65001:42 blackhole no-export ] large-community 65001:1:2`,
  `${N} ipv4 unicast 203.0.113.8/32 next-hop 192.0.2.1 community [ blackhole no-export ]`,
  `${N} ipv4 flow flow destination-ipv4 203.0.113.5/32 source-ipv4 198.51.100.0/24 protocol [ =tcp =udp ] destination-port [ =80 >=1000&<=2000 ] tcp-flags [ =syn&=ack ] packet-length [ >=0&<=64 ] fragment [ is-fragment first-fragment ] extended-community rate-limit:125000`,
  `${N} ipv4 flow flow destination-ipv4 203.0.113.6/32 protocol =udp source-port =53 extended-community rate-limit:0`,
];
const INTENTS = [
  validIntent({
    kind: "FLOWSPEC",
    match: {
      destination: "203.0.113.5",
      source: "198.51.100.0/24",
      protocols: [6, 17],
      destinationPorts: [
        { from: 80, to: 80 },
        { from: 1000, to: 2000 },
      ],
      tcpFlags: ["SYN", "ACK"],
      packetLengths: [{ from: 0, to: 64 }],
      fragments: ["IS_FRAGMENT", "FIRST_FRAGMENT"],
    },
    rateBytesPerSecond: 125000,
  }),
  validIntent({
    kind: "FLOWSPEC",
    match: { destination: "203.0.113.6", protocols: [17], sourcePorts: [{ from: 53, to: 53 }] },
    rateBytesPerSecond: 0,
  }),
  validIntent({
    kind: "RTBH",
    prefix: "203.0.113.7",
    nextHop: undefined as never,
    communities: ["65001:42", "65001:1:2"],
  }),
  validIntent({ kind: "RTBH", prefix: "203.0.113.8", nextHop: undefined as never, communities: [] }),
];

describe("ExaBGP adj-rib-out read back", () => {
  it("reads every route Levee sends as the signature of its intent", () => {
    const signatures = exabgpRibSignatures([...LINES, "done"]);
    assert.deepEqual([...signatures].sort(), INTENTS.map((i) => intentSignature(i) as string).sort());
  });

  it("a changed action or community is a different rule; an unreadable route matches nothing", () => {
    const [flow, rtbh] = [LINES[3] as string, LINES[1] as string];
    const changed = exabgpRibSignatures([
      flow.replace("rate-limit:0", "rate-limit:125000"),
      rtbh.replace("[ blackhole no-export ]", "[ blackhole ]"),
      `${N} ipv4 flow flow destination-ipv4 203.0.113.9/32 icmp-type =8 extended-community rate-limit:0`,
    ]);
    for (const intent of INTENTS) assert.ok(!changed.has(intentSignature(intent) as string));
    assert.ok([...changed].some((s) => s.startsWith("unknown (component icmp-type)")));
  });
});
