/**
 * Builds packets and capture files byte by byte for tests and the benchmark: IPv4/IPv6
 * with TCP/UDP/ICMP/GRE, link layers (Ethernet, VLAN, SLL, SLL2, raw), classic pcap in
 * either byte order and resolution, and pcapng. Checksums are left zero (nothing checks them).
 */
export interface Ipv4Options {
  src: string;
  dst?: string;
  ttl?: number;
  protocol: number;
  id?: number;
  /** Fragment offset in 8-byte units and the more-fragments flag. */
  fragmentOffset?: number;
  moreFragments?: boolean;
}

export function ipv4(options: Ipv4Options, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x45;
  view.setUint16(2, out.length);
  view.setUint16(4, options.id ?? 1);
  view.setUint16(6, ((options.moreFragments ? 1 : 0) << 13) | (options.fragmentOffset ?? 0));
  out[8] = options.ttl ?? 64;
  out[9] = options.protocol;
  out.set(address4(options.src), 12);
  out.set(address4(options.dst ?? "198.51.100.10"), 16);
  out.set(payload, 20);
  return out;
}

export function ipv6(src: string, nextHeader: number, payload: Uint8Array, hopLimit = 64): Uint8Array {
  const out = new Uint8Array(40 + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x60;
  view.setUint16(4, payload.length);
  out[6] = nextHeader;
  out[7] = hopLimit;
  out.set(address6(src), 8);
  out.set(address6("2001:db8::1"), 24);
  out.set(payload, 40);
  return out;
}

export function udp(srcPort: number, dstPort: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  view.setUint16(4, out.length);
  out.set(payload, 8);
  return out;
}

export const Flags = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 } as const;

export function tcp(
  srcPort: number,
  dstPort: number,
  flags: number,
  payload = new Uint8Array(0),
  options = new Uint8Array(0),
) {
  const header = 20 + options.length;
  const out = new Uint8Array(header + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  out[12] = (header / 4) << 4;
  out[13] = flags;
  view.setUint16(14, 65535);
  out.set(options, 20);
  out.set(payload, header);
  return out;
}

export function icmp(type: number, payload = new Uint8Array(56)): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  out[0] = type;
  out.set(payload, 8);
  return out;
}

export function ethernet(ip: Uint8Array, vlans: number[] = []): Uint8Array {
  const version = (ip[0] as number) >> 4;
  const out = new Uint8Array(14 + vlans.length * 4 + ip.length);
  const view = new DataView(out.buffer);
  let o = 12;
  for (const vlan of vlans) {
    view.setUint16(o, 0x8100);
    view.setUint16(o + 2, vlan);
    o += 4;
  }
  view.setUint16(o, version === 6 ? 0x86dd : 0x0800);
  out.set(ip, o + 2);
  return out;
}

export function linuxSll(ip: Uint8Array, version: 1 | 2 = 1): Uint8Array {
  const header = version === 1 ? 16 : 20;
  const out = new Uint8Array(header + ip.length);
  const view = new DataView(out.buffer);
  view.setUint16(version === 1 ? 14 : 0, (ip[0] as number) >> 4 === 6 ? 0x86dd : 0x0800);
  out.set(ip, header);
  return out;
}

export const text = (value: string) => new TextEncoder().encode(value);

export function address4(value: string): Uint8Array {
  return Uint8Array.from(value.split(".").map(Number));
}

export function address6(value: string): Uint8Array {
  const [head = "", tail = ""] = value.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

export interface Frame {
  data: Uint8Array;
  ts: number;
  /** Original length on the wire (defaults to the data length). */
  wireLength?: number;
}

export function pcapFile(
  frames: Frame[],
  options: { linkType?: number; bigEndian?: boolean; nanosecond?: boolean; snaplen?: number } = {},
) {
  const le = !options.bigEndian;
  const size = 24 + frames.reduce((sum, f) => sum + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, le);
  view.setUint16(4, 2, le);
  view.setUint16(6, 4, le);
  view.setUint32(16, options.snaplen ?? 65535, le);
  view.setUint32(20, options.linkType ?? 1, le);
  let o = 24;
  for (const frame of frames) {
    const seconds = Math.floor(frame.ts);
    view.setUint32(o, seconds, le);
    view.setUint32(o + 4, Math.round((frame.ts - seconds) * (options.nanosecond ? 1e9 : 1e6)), le);
    view.setUint32(o + 8, frame.data.length, le);
    view.setUint32(o + 12, frame.wireLength ?? frame.data.length, le);
    out.set(frame.data, o + 16);
    o += 16 + frame.data.length;
  }
  return out;
}

/** pcapng: section header, one interface (with if_tsresol when given) and enhanced packet blocks. */
export function pcapngFile(
  frames: Frame[],
  options: { linkType?: number; bigEndian?: boolean; tsresol?: number } = {},
) {
  const le = !options.bigEndian;
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array) => {
    const padded = (body.length + 3) & ~3;
    const out = new Uint8Array(12 + padded);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, le);
    view.setUint32(4, out.length, le);
    out.set(body, 8);
    view.setUint32(out.length - 4, out.length, le);
    blocks.push(out);
  };
  const shb = new Uint8Array(16);
  new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d, le);
  new DataView(shb.buffer).setUint16(4, 1, le);
  new DataView(shb.buffer).setBigInt64(8, -1n, le);
  block(0x0a0d0d0a, shb);
  const idb = new Uint8Array(options.tsresol === undefined ? 8 : 20);
  const idbView = new DataView(idb.buffer);
  idbView.setUint16(0, options.linkType ?? 1, le);
  idbView.setUint32(4, 65535, le);
  if (options.tsresol !== undefined) {
    idbView.setUint16(8, 9, le);
    idbView.setUint16(10, 1, le);
    idb[12] = options.tsresol;
  }
  block(1, idb);
  const unitsPerSecond = options.tsresol === undefined ? 1e6 : 10 ** options.tsresol;
  for (const frame of frames) {
    const body = new Uint8Array(20 + frame.data.length);
    const view = new DataView(body.buffer);
    const units = BigInt(Math.round(frame.ts * unitsPerSecond));
    view.setUint32(4, Number(units >> 32n), le);
    view.setUint32(8, Number(units & 0xffffffffn), le);
    view.setUint32(12, frame.data.length, le);
    view.setUint32(16, frame.wireLength ?? frame.data.length, le);
    body.set(frame.data, 20);
    block(6, body);
  }
  const out = new Uint8Array(blocks.reduce((sum, b) => sum + b.length, 0));
  let o = 0;
  for (const b of blocks) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
