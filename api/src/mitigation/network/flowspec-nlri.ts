import type { FlowMatch, FragmentType, PortRange, TcpFlag } from "./intent.ts";

/**
 * FlowSpec NLRI components (RFC 8955 §4.2.2, RFC 8956 for IPv6) as speakers carry them: a
 * prefix component or a list of (operator, value) items. Operators are the RFC's bytes without
 * the length bits, which the speaker sets from the value: numeric = e(0x80) a(0x40) lt(4) gt(2)
 * eq(1); bitmask = e a not(2) match(1).
 */
export type FlowComponent =
  | { type: 1 | 2; prefix: string; prefixLength: number }
  | { type: number; items: { op: number; value: number }[] };

export const COMPONENT = {
  destination: 1,
  source: 2,
  protocol: 3,
  destinationPort: 5,
  sourcePort: 6,
  tcpFlags: 9,
  packetLength: 10,
  fragment: 12,
} as const;

const END = 0x80;
const AND = 0x40;
const LT = 0x04;
const GT = 0x02;
const EQ = 0x01;
const MATCH = 0x01;

export const TCP_FLAG_BITS: Record<TcpFlag, number> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
};
export const FRAGMENT_BITS: Record<FragmentType, number> = {
  DONT_FRAGMENT: 0x01,
  IS_FRAGMENT: 0x02,
  FIRST_FRAGMENT: 0x04,
  LAST_FRAGMENT: 0x08,
};

const withEnd = (items: { op: number; value: number }[]) =>
  items.map((item, i) => (i === items.length - 1 ? { ...item, op: item.op | END } : item));

/** Ranges ORed: each is "= v" or ">= from AND <= to". */
function numeric(ranges: PortRange[]): { op: number; value: number }[] {
  return withEnd(
    ranges.flatMap((r) =>
      r.from === r.to
        ? [{ op: EQ, value: r.from }]
        : [
            { op: GT | EQ, value: r.from },
            { op: AND | LT | EQ, value: r.to },
          ],
    ),
  );
}

const prefixComponent = (type: 1 | 2, text: string): FlowComponent => {
  const [prefix = "", length = "0"] = text.split("/");
  return { type, prefix, prefixLength: Number(length) };
};

/** Components in ascending type order, as the RFC requires. */
export function flowComponents(match: FlowMatch): FlowComponent[] {
  const out: FlowComponent[] = [prefixComponent(1, match.destination)];
  if (match.source) out.push(prefixComponent(2, match.source));
  if (match.protocols)
    out.push({ type: 3, items: numeric(match.protocols.map((p) => ({ from: p, to: p }))) });
  if (match.destinationPorts) out.push({ type: 5, items: numeric(match.destinationPorts) });
  if (match.sourcePorts) out.push({ type: 6, items: numeric(match.sourcePorts) });
  if (match.tcpFlags) {
    const mask = match.tcpFlags.reduce((acc, flag) => acc | TCP_FLAG_BITS[flag], 0);
    out.push({ type: 9, items: [{ op: END | MATCH, value: mask }] });
  }
  if (match.packetLengths) out.push({ type: 10, items: numeric(match.packetLengths) });
  if (match.fragments)
    out.push({ type: 12, items: withEnd(match.fragments.map((f) => ({ op: 0, value: FRAGMENT_BITS[f] }))) });
  return out;
}

/** Comparable text of a component list (ignores the length bits a speaker may add to operators). */
export function componentSignature(components: FlowComponent[]): string {
  return [...components]
    .sort((a, b) => a.type - b.type)
    .map((c) =>
      "prefix" in c
        ? `${c.type}:${c.prefix}/${c.prefixLength}`
        : `${c.type}:${c.items.map((i) => `${i.op & 0xcf}=${i.value}`).join(",")}`,
    )
    .join(" ");
}
