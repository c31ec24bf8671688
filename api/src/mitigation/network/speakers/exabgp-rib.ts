import { communityNumber } from "../community.ts";
import { flowComponents } from "../flowspec-nlri.ts";
import type { FlowMatch, FragmentType, PortRange, TcpFlag } from "../intent.ts";
import { ruleSignature } from "../rule-signature.ts";

/**
 * ExaBGP's answer to `show adj-rib out extensive` (what it sends its peers), read back as rule
 * signatures for reconciliation. Pure. One line per route and neighbor, e.g.
 *   neighbor 10.0.0.2 … ipv4 flow flow destination-ipv4 203.0.113.5/32 protocol =udp source-port =53 extended-community rate-limit:0
 *   neighbor 10.0.0.2 … ipv4 unicast 203.0.113.7/32 next-hop 192.0.2.1 community [ 65001:42 blackhole no-export ]
 * A route this parser cannot read comes back as an "unknown" signature, never as a match: the
 * intended rule is then announced again, which is harmless (the same route replaces itself).
 */
const PROTOCOLS: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51 };
const FRAGMENTS: Record<string, FragmentType> = {
  "dont-fragment": "DONT_FRAGMENT",
  "is-fragment": "IS_FRAGMENT",
  "first-fragment": "FIRST_FRAGMENT",
  "last-fragment": "LAST_FRAGMENT",
};
const FLAGS = new Set<TcpFlag>(["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"]);

/** Splits "key value key [ a b ] …" into [key, values] pairs. */
function fields(text: string): [string, string[]][] {
  const tokens = text.trim().split(/\s+/);
  const out: [string, string[]][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i] as string;
    if (tokens[i + 1] === "[") {
      const end = tokens.indexOf("]", i + 2);
      if (end < 0) throw new Error("unclosed list");
      out.push([key, tokens.slice(i + 2, end)]);
      i = end;
    } else {
      out.push([key, tokens[i + 1] === undefined ? [] : [tokens[i + 1] as string]]);
      i++;
    }
  }
  return out;
}

/** "=80", ">=1000&<=2000" → ranges (the only forms Levee sends). */
function ranges(values: string[]): PortRange[] {
  return values.map((v) => {
    const eq = /^=(\d+)$/.exec(v);
    if (eq) return { from: Number(eq[1]), to: Number(eq[1]) };
    const between = /^>=(\d+)&<=(\d+)$/.exec(v);
    if (between) return { from: Number(between[1]), to: Number(between[2]) };
    throw new Error(`operator ${v}`);
  });
}

function flowSignature(text: string): string {
  const match: Partial<FlowMatch> = {};
  let rate: number | undefined;
  const prefix = (value: string) => value.replace(/^(.+\/\d+)\/0$/, "$1"); // IPv6: prefix/length/offset
  for (const [key, values] of fields(text)) {
    if (key === "destination-ipv4" || key === "destination-ipv6") match.destination = prefix(values[0] ?? "");
    else if (key === "source-ipv4" || key === "source-ipv6") match.source = prefix(values[0] ?? "");
    else if (key === "protocol" || key === "next-header")
      match.protocols = values.map((v) => {
        const name = v.replace(/^=/, "");
        const n = PROTOCOLS[name] ?? (/^\d+$/.test(name) ? Number(name) : undefined);
        if (n === undefined) throw new Error(`protocol ${v}`);
        return n;
      });
    else if (key === "destination-port") match.destinationPorts = ranges(values);
    else if (key === "source-port") match.sourcePorts = ranges(values);
    else if (key === "packet-length") match.packetLengths = ranges(values);
    else if (key === "tcp-flags")
      match.tcpFlags = values.flatMap((v) =>
        v.split("&").map((f) => {
          const flag = f.replace(/^=/, "").toUpperCase() as TcpFlag;
          if (!FLAGS.has(flag)) throw new Error(`tcp flag ${f}`);
          return flag;
        }),
      );
    else if (key === "fragment")
      match.fragments = values.map((v) => {
        const fragment = FRAGMENTS[v.replace(/^=/, "")];
        if (!fragment) throw new Error(`fragment ${v}`);
        return fragment;
      });
    else if (key === "extended-community")
      for (const v of values) {
        const limit = /^rate-limit:(\d+(?:\.\d+)?)$/.exec(v);
        if (limit) rate = Number(limit[1]);
      }
    else throw new Error(`component ${key}`);
  }
  if (!match.destination) throw new Error("no destination");
  return ruleSignature({
    kind: "FLOWSPEC",
    components: flowComponents(match as FlowMatch),
    rateBytesPerSecond: rate,
  });
}

function unicastSignature(text: string): string {
  const [prefix = "", ...tail] = text.trim().split(/\s+/);
  const communities = (fields(tail.join(" ")).find(([key]) => key === "community")?.[1] ?? []).map((c) => {
    const n = communityNumber(c === "blackhole" ? "65535:666" : c);
    if (n === undefined) throw new Error(`community ${c}`);
    return n;
  });
  return ruleSignature({ kind: "RTBH", prefix, communities });
}

/** Signatures of the routes in an adj-rib-out listing (one per route, whatever the neighbor). */
export function exabgpRibSignatures(lines: string[]): Set<string> {
  const out = new Set<string>();
  for (const line of lines) {
    const route = /\bipv[46] (flow flow|unicast) (.*)$/.exec(line);
    if (!route) continue;
    try {
      out.add(
        route[1] === "unicast" ? unicastSignature(route[2] as string) : flowSignature(route[2] as string),
      );
    } catch (error) {
      out.add(`unknown (${(error as Error).message}) ${route[2]}`);
    }
  }
  return out;
}
