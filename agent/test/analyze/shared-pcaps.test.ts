import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type AnalyzeOptions, analyzeCapture } from "../../src/analyze/capture-analysis.ts";

// Labelled public captures (see ../shared/pcaps/README.md and labels.csv); never copied into the repo.
const ROOT = join(import.meta.dirname, "..", "..", "..", "..", "shared", "pcaps");
const skip = existsSync(ROOT) ? false : `no labelled captures at ${ROOT}`;

interface Expectation {
  file: string;
  family: string | null;
  spoofed?: boolean;
  detail?: RegExp;
  options?: AnalyzeOptions;
}

const ATTACKS: Expectation[] = [
  { file: "syn_flood/pkt.TCP.synflood.spoofed.pcap", family: "SYN_FLOOD", spoofed: true },
  { file: "syn_flood/pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng", family: "SYN_FLOOD", spoofed: true },
  { file: "syn_flood/CIC-DDoS-2019-SynFlood.pcap", family: "SYN_FLOOD", spoofed: false },
  { file: "syn_flood/mtd_syn_flood_mixed.pcap", family: "SYN_FLOOD", spoofed: false },
  {
    file: "tcp_synack_reflection/amp.TCP.reflection.SYNACK.pcap",
    family: "ACK_FLOOD",
    spoofed: false,
    detail: /SYN-ACK reflection/,
  },
  {
    file: "dns_amplification/netlyzer_ddos_dns_reflection.pcap",
    family: "DNS_AMPLIFICATION",
    spoofed: false,
  },
  {
    file: "snmp_amplification/amp.UDP.snmp.src161.pcapng",
    family: "REFLECTION_OTHER",
    spoofed: false,
    detail: /SNMP/,
  },
  {
    file: "udp_amplification_other/amp.UDP.isakmp.pcap",
    family: "REFLECTION_OTHER",
    spoofed: false,
    detail: /4500/,
  },
  {
    file: "udp_amplification_other/amp.UDP.bacnet.IOT.37810.pcapng",
    family: "REFLECTION_OTHER",
    detail: /BACnet/,
  },
  // ~360 pps at its peak: an attack only for a detector set that low.
  {
    file: "dns_amplification/amp.dns.RRSIG.fragmented.pcap",
    family: "DNS_AMPLIFICATION",
    options: { thresholdPps: 100 },
  },
  { file: "dns_amplification/amp.dns.RRSIG.fragmented.pcap", family: null },
  { file: "synthetic_toy/mlqos_syn_flood.pcap", family: "SYN_FLOOD", options: { thresholdPps: 200 } },
  { file: "synthetic_toy/mlqos_udp_flood.pcap", family: "UDP_FLOOD", options: { thresholdPps: 200 } },
  { file: "synthetic_toy/mlqos_icmp_flood.pcap", family: "ICMP_FLOOD", options: { thresholdPps: 200 } },
  { file: "synthetic_toy/mlqos_ddos.pcap", family: "MULTI_VECTOR", options: { thresholdPps: 200 } },
];

// Not volumetric at their native rate: no attack (labels.csv: expected_detect_volumetric = no).
const QUIET = [
  "http_flood/CIC-DDoS-2019-WebDDoS.pcap",
  "ntp_amplification/ndpi_NTPv2_monlist_response.pcap",
  "scan_hard_negative/ndpi_synscan.pcap",
  "tcp_synack_reflection/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng",
  "syn_flood/ppa1e_dosattack.pcap",
];

const BENIGN = [
  "mtd_no_flood.pcap",
  "ndpi_1kxun.pcap",
  "ndpi_443-firefox.pcap",
  "ndpi_android.pcap",
  "ndpi_dns.pcap",
  "ndpi_googledns_android10.pcap",
  "ndpi_iphone.pcap",
  "ndpi_netflix.pcap",
  "ndpi_whatsapp_login_call.pcap",
  "ndpi_youtube_quic.pcap",
  "ppa3e_dns_recursivequery_server.pcapng",
  "ppa3e_http_espn.pcapng",
  "ppa3e_http_google.pcapng",
  "ppa3e_icmp_echo.pcapng",
  "zeek_bro.org.pcap",
  "zeek_dns53.pcap",
  "zeek_wikipedia.pcap",
].map((f) => `benign/${f}`);

describe("labelled public captures", { skip }, () => {
  for (const e of ATTACKS) {
    const label = `${e.file}${e.options ? ` (${JSON.stringify(e.options)})` : ""} → ${e.family}`;
    it(label, async () => {
      const { classification: c } = await analyzeCapture(join(ROOT, e.file), e.options);
      assert.equal(c.family, e.family, c.evidence.join("\n"));
      if (e.spoofed !== undefined) assert.equal(c.spoofed, e.spoofed, c.evidence.join("\n"));
      if (e.detail) assert.match(c.detail ?? "", e.detail);
      if (e.family) assert.ok(c.confidence >= 50 || e.options, `confidence ${c.confidence}`);
    });
  }

  it("finds no attack in low-rate attacks, the nmap scan and protocol samples at their native rate", async () => {
    for (const file of QUIET) {
      const { classification: c } = await analyzeCapture(join(ROOT, file));
      assert.equal(c.family, null, `${file}: ${c.evidence.join("; ")}`);
    }
  });

  it("finds no attack in benign traffic, even replayed 10× and 50× faster", async () => {
    for (const speedup of [1, 10, 50]) {
      for (const file of BENIGN) {
        const { classification: c } = await analyzeCapture(join(ROOT, file), { speedup });
        assert.equal(c.family, null, `${file} at ${speedup}×: ${c.evidence.join("; ")}`);
      }
    }
  });

  it("reads the monlist sample's signature and does not call the nmap scan's one host spoofed", async () => {
    const monlist = await analyzeCapture(join(ROOT, "ntp_amplification/ndpi_NTPv2_monlist_response.pcap"));
    assert.deepEqual(
      monlist.summary.signatures.map((s) => s.name),
      ["NTP_MONLIST_RESPONSE", "NTP_RESPONSE"],
    );
    const scan = await analyzeCapture(join(ROOT, "scan_hard_negative/ndpi_synscan.pcap"), {
      thresholdPps: 100,
    });
    assert.equal(scan.classification.spoofed, false);
  });
});
