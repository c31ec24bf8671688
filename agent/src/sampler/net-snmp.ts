/**
 * Host-wide inbound packet counters by protocol, from /proc/net/snmp (IPv4, and TCP for both
 * families) and /proc/net/snmp6 (IPv6 IP, UDP and ICMP). Missing values count as 0.
 */
export interface ProtocolCounters {
  ipIn: number;
  tcpIn: number;
  udpIn: number;
  icmpIn: number;
}

export interface SnmpParse {
  tables: Map<string, Map<string, number>>;
  malformed: string[];
}

/** /proc/net/snmp: pairs of lines `Proto: Name Name …` then `Proto: 1 2 …`. */
export function parseSnmp(text: string): SnmpParse {
  const tables = new Map<string, Map<string, number>>();
  const malformed: string[] = [];
  let header: string[] | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const [proto, ...fields] = (lines[i] as string).trim().split(/\s+/);
    if (!proto) continue;
    const isHeader = fields.length > 0 && !/^-?\d+$/.test(fields[0] as string);
    if (isHeader) {
      if (header) malformed.push(`line ${i}: ${header[0]} header without values`);
      header = [proto, ...fields];
      continue;
    }
    if (!header || header[0] !== proto || header.length !== fields.length + 1) {
      malformed.push(`line ${i + 1}: ${proto} values do not match the header before them`);
      header = undefined;
      continue;
    }
    const table = new Map<string, number>();
    fields.forEach((value, k) => {
      const n = Number(value);
      if (Number.isFinite(n)) table.set(header?.[k + 1] as string, n);
    });
    tables.set(proto.replace(/:$/, ""), table);
    header = undefined;
  }
  if (header) malformed.push(`${header[0]} header without values at the end`);
  return { tables, malformed };
}

/** /proc/net/snmp6: one `Name value` per line. */
export function parseSnmp6(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [name, value] = line.trim().split(/\s+/);
    if (name && value && /^\d+$/.test(value)) values.set(name, Number(value));
  }
  return values;
}

/**
 * Inbound packets: IP datagrams received, TCP segments, UDP datagrams (delivered, to closed ports
 * and in error: a flood at a closed port still counts), ICMP messages.
 */
export function protocolCounters(snmp: SnmpParse, snmp6: Map<string, number> | undefined): ProtocolCounters {
  const v = (proto: string, name: string) => snmp.tables.get(proto)?.get(name) ?? 0;
  const v6 = (name: string) => snmp6?.get(name) ?? 0;
  const udp = (proto: string) => v(proto, "InDatagrams") + v(proto, "NoPorts") + v(proto, "InErrors");
  return {
    ipIn: v("Ip", "InReceives") + v6("Ip6InReceives"),
    tcpIn: v("Tcp", "InSegs"),
    udpIn: udp("Udp") + udp("UdpLite") + v6("Udp6InDatagrams") + v6("Udp6NoPorts") + v6("Udp6InErrors"),
    icmpIn: v("Icmp", "InMsgs") + v6("Icmp6InMsgs"),
  };
}
