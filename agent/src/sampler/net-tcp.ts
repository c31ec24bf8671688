import { endianness } from "node:os";

/** Socket counts from /proc/net/tcp and /proc/net/tcp6 (state column `st`, hex). */
export interface TcpCounts {
  synRecv: number;
  established: number;
  total: number;
}

/** All sockets, and of them those that never leave the host (`loopback`). */
export interface TcpStates extends TcpCounts {
  /**
   * Sockets bound to a loopback address (their peer is then loopback too), or whose peer is the
   * socket's own address (a connection to the host's own public address goes over `lo` too): an
   * application's pool of connections to its local database, or an agent's to a local API, which
   * no one outside opens.
   */
  loopback: TcpCounts;
}

export const emptyTcpStates = (): TcpStates => ({
  synRecv: 0,
  established: 0,
  total: 0,
  loopback: { synRecv: 0, established: 0, total: 0 },
});

/** The counts without the loopback sockets. */
export function offHostSockets(states: TcpStates): TcpCounts {
  const { loopback } = states;
  return {
    synRecv: states.synRecv - loopback.synRecv,
    established: states.established - loopback.established,
    total: states.total - loopback.total,
  };
}

const ESTABLISHED = "01";
const SYN_RECV = "03";

/**
 * Counts sockets by state. Each data line is `sl: local remote st …`; lines whose state is not
 * two hex digits are skipped (and counted in `malformed`). Works line by line without splitting
 * the whole text, since a SYN flood can make the file large.
 */
export function countTcpStates(text: string, into: TcpStates = emptyTcpStates()) {
  let malformed = 0;
  let start = text.indexOf("\n") + 1; // skip the header
  while (start > 0 && start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    const [, local, remote, state] = line.split(/\s+/, 4);
    if (!state || !/^[0-9A-Fa-f]{2}$/.test(state)) {
      malformed++;
      continue;
    }
    const counts: TcpCounts[] = isLoopbackSocket(local ?? "", remote ?? "") ? [into, into.loopback] : [into];
    for (const c of counts) {
      c.total++;
      if (state === ESTABLISHED) c.established++;
      else if (state === SYN_RECV) c.synRecv++;
    }
  }
  return { states: into, malformed };
}

/** The kernel prints each 32-bit word of an address as a number in the host's byte order. */
const LITTLE_ENDIAN = endianness() === "LE";

/**
 * `local` and `remote` as /proc/net/tcp{,6} print them (`0100007F:0050`): loopback when the
 * local address is 127/8, ::1 or ::ffff:127/104, or the peer is the socket's own address.
 */
export function isLoopbackSocket(local: string, remote: string, littleEndian = LITTLE_ENDIAN): boolean {
  const localHex = local.slice(0, local.indexOf(":"));
  const remoteHex = remote.slice(0, remote.indexOf(":"));
  if (localHex === remoteHex && !/^0+$/.test(localHex)) return true;
  const bytes = addressBytes(localHex, littleEndian) ?? [];
  if (bytes.length === 4) return bytes[0] === 127;
  if (bytes.length !== 16) return false;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && bytes[15] === 1) return true;
  return zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
}

/** The address's bytes in network order (undefined when it is not 8 or 32 hex digits). */
function addressBytes(hex: string, littleEndian: boolean): number[] | undefined {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes));
  }
  return bytes;
}
