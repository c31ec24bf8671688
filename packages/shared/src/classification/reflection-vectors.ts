import type { SignatureName } from "./capture-summary.ts";
import { REFLECTION_PORTS } from "./families.ts";
import { count, percent } from "./format.ts";
import type { TrafficProfile } from "./traffic-profile.ts";
import type { VectorCandidate } from "./vectors.ts";

/** Reflection services with a signature of their own besides the source port. */
const SIGNED_PORTS = new Map<number, SignatureName>([
  [389, "CLDAP_RESPONSE"],
  [19, "CHARGEN_RESPONSE"],
  [161, "SNMP_RESPONSE"],
]);
const NOT_REFLECTION = new Set([53, 80, 123, 443, 1900, 11211]);

/** DNS, NTP, memcached, SSDP and other UDP reflection vectors (responses from a service port). */
export function reflectionVectors(t: TrafficProfile): VectorCandidate[] {
  const out: VectorCandidate[] = [];
  const dns = t.signature("DNS_RESPONSE");
  if (dns > 0) {
    const any = t.signature("DNS_ANY_RESPONSE");
    const evidence = [`${percent(t.share(dns))} of packets are DNS responses from source port 53`];
    if (any > 0) evidence.push(`${percent(any / dns)} of the DNS responses answer ANY queries`);
    if (t.summary.fragments > 0)
      evidence.push(`${count(t.summary.fragments)} IP fragments: answers too large for one packet`);
    out.push({
      family: "DNS_AMPLIFICATION",
      packets: dns,
      evidence,
      signed: any > 0 || t.summary.fragments > 0,
    });
  }
  const ntp = t.signature("NTP_RESPONSE");
  if (ntp > 0) {
    const monlist = t.signature("NTP_MONLIST_RESPONSE");
    const evidence = [`${percent(t.share(ntp))} of packets are NTP responses from source port 123`];
    if (monlist > 0) evidence.push(`${count(monlist)} are mode-7 monlist (MON_GETLIST) responses`);
    out.push({ family: "NTP_AMPLIFICATION", packets: ntp, evidence, signed: monlist > 0 });
  }
  const memcached = Math.max(t.signature("MEMCACHED_VALUE_RESPONSE"), t.sourcePort("UDP", 11211));
  if (memcached > 0) {
    const values = t.signature("MEMCACHED_VALUE_RESPONSE");
    const evidence = [`${percent(t.share(memcached))} of packets come from memcached's UDP port 11211`];
    if (values > 0) evidence.push(`${count(values)} carry memcached VALUE responses`);
    out.push({ family: "MEMCACHED_AMPLIFICATION", packets: memcached, evidence, signed: values > 0 });
  }
  const ssdp = t.signature("SSDP_REPLY");
  if (ssdp > 0) {
    const evidence = [
      `${percent(t.share(ssdp))} of packets are SSDP "HTTP/1.1 200" replies from source port 1900`,
    ];
    out.push({ family: "SSDP_AMPLIFICATION", packets: ssdp, evidence, signed: true });
  }
  const other = otherReflection(t);
  if (other) out.push(other);
  return out;
}

function otherReflection(t: TrafficProfile): VectorCandidate | undefined {
  const services: { name: string; port: number; packets: number; signed: boolean }[] = [];
  for (const entry of t.summary.topSourcePorts) {
    if (entry.protocol !== "UDP" || NOT_REFLECTION.has(entry.port)) continue;
    const known = REFLECTION_PORTS.get(entry.port);
    // Unknown low ports count when one of them carries a large share from many sources.
    const lowPortFromMany =
      entry.port < 1024 && t.share(entry.packets) >= 0.2 && t.summary.distinctSources >= 20;
    if (!known && !lowPortFromMany) continue;
    const signature = SIGNED_PORTS.get(entry.port);
    const signed = signature ? t.signature(signature) : 0;
    services.push({
      name: known ?? "UDP service",
      port: entry.port,
      packets: Math.max(entry.packets, signed),
      signed: signed > 0,
    });
  }
  for (const [port, signature] of SIGNED_PORTS) {
    const signed = t.signature(signature);
    if (signed > 0 && !services.some((s) => s.port === port)) {
      services.push({ name: REFLECTION_PORTS.get(port) ?? signature, port, packets: signed, signed: true });
    }
  }
  const relevant = services.filter((s) => t.share(s.packets) >= 0.05).sort((a, b) => b.packets - a.packets);
  if (relevant.length === 0) return undefined;
  const packets = relevant.reduce((sum, s) => sum + s.packets, 0);
  const detail = relevant.map((s) => `${s.name} (udp/${s.port})`).join(", ");
  const evidence = relevant.map(
    (s) => `${percent(t.share(s.packets))} of packets are ${s.name} responses from source port ${s.port}`,
  );
  const ports = relevant.map((s) => s.port);
  return {
    family: "REFLECTION_OTHER",
    packets,
    detail,
    evidence,
    signed: relevant.some((s) => s.signed),
    ports,
  };
}
