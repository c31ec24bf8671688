/** Socket counts from /proc/net/tcp and /proc/net/tcp6 (state column `st`, hex). */
export interface TcpStates {
  synRecv: number;
  established: number;
  total: number;
}

const ESTABLISHED = "01";
const SYN_RECV = "03";

/**
 * Counts sockets by state. Each data line is `sl: local remote st …`; lines whose state is not
 * two hex digits are skipped (and counted in `malformed`). Works line by line without splitting
 * the whole text, since a SYN flood can make the file large.
 */
export function countTcpStates(text: string, into: TcpStates = { synRecv: 0, established: 0, total: 0 }) {
  let malformed = 0;
  let start = text.indexOf("\n") + 1; // skip the header
  while (start > 0 && start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "") continue;
    const state = line.split(/\s+/, 4)[3];
    if (!state || !/^[0-9A-Fa-f]{2}$/.test(state)) {
      malformed++;
      continue;
    }
    into.total++;
    if (state === ESTABLISHED) into.established++;
    else if (state === SYN_RECV) into.synRecv++;
  }
  return { states: into, malformed };
}
