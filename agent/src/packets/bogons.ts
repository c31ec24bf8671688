/**
 * Bogon and martian source addresses: space that never appears as a genuine source on the
 * Internet (RFC 6890 special-purpose blocks, private and shared space, multicast, class E).
 * Private space counts too, since inbound Internet traffic never carries it; an agent that
 * watches an internal network should declare it as owned in the API instead.
 */
export function isBogonV4(address: number): boolean {
  const a = address >>> 24;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return true;
  const b = (address >>> 16) & 0xff;
  const c = (address >>> 8) & 0xff;
  switch (a) {
    case 100:
      return b >= 64 && b < 128; // 100.64.0.0/10 shared address space
    case 169:
      return b === 254; // link local
    case 172:
      return b >= 16 && b < 32;
    case 192:
      return b === 168 || (b === 0 && (c === 0 || c === 2)); // 192.0.0.0/24, TEST-NET-1
    case 198:
      return b === 18 || b === 19 || (b === 51 && c === 100); // benchmarking, TEST-NET-2
    case 203:
      return b === 0 && c === 113; // TEST-NET-3
    default:
      return false;
  }
}

/** IPv6 sources outside global unicast 2000::/3, plus documentation 2001:db8::/32 and 3fff::/20. */
export function isBogonV6(buf: Uint8Array, o: number): boolean {
  const first = buf[o] as number;
  if ((first & 0xe0) !== 0x20) return true;
  const second = buf[o + 1] as number;
  if (first === 0x20 && second === 0x01 && buf[o + 2] === 0x0d && buf[o + 3] === 0xb8) return true;
  return first === 0x3f && second === 0xff && ((buf[o + 2] as number) & 0xf0) === 0;
}
