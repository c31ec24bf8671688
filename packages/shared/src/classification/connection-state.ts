import type { SocketCounts } from "../telemetry/traffic-rates.ts";
import { count } from "./format.ts";

export type { SocketCounts };

/** An incident's peak socket counts and the detector's thresholds for them (SYN_RECV, TCP_ESTABLISHED, TCP_SOCKETS). */
export interface ConnectionContext {
  peaks: SocketCounts;
  thresholds: Partial<SocketCounts>;
  /** Highest SYN cookies sent/s of the window (TcpExt SyncookiesSent); absent when not read. */
  syncookiesPeak?: number | undefined;
  /** The detector's SYN_COOKIES threshold (cookies sent/s), when known. */
  syncookiesThreshold?: number | undefined;
}

/**
 * SYN cookies/s from which they name a SYN flood on their own: a busy server with a small backlog
 * sends the odd cookie in ordinary bursts (the same order as SYN_RECV's floor of 100). Below it,
 * cookies name one only when the capture is mostly SYNs, or when they crossed the node's own
 * SYN_COOKIES threshold (set by hand under it). It is also that metric's default floor.
 */
export const SYNCOOKIE_FLOOD_RATE = 100;

export interface ConnectionVerdict {
  /** Set when the socket table names the attack on its own (a SYN flood held in SYN_RECV). */
  synFlood?: { detail: string; confidence: number };
  /** One line per connection metric over its threshold. */
  evidence: string[];
}

/**
 * What the socket table says about an attack the packet rates may not show. A SYN flood that
 * the kernel answers with SYN cookies, or one aimed at a listener's backlog, piles up half-open
 * connections (SYN_RECV) at a few hundred packets/s — far under any packet threshold — and
 * that pile is the signature itself: an ordinary server holds a few dozen (connection rate ×
 * round trip). Established connections or sockets over their thresholds are named in the
 * evidence (connections that complete and stay open: exhaustion), but no family covers them
 * yet. `synShare`: the share of the attack traffic that is SYN packets, when a capture was
 * summarised. Pure.
 */
export function judgeConnections(
  context: ConnectionContext,
  synShare: number | undefined,
): ConnectionVerdict {
  const { peaks, thresholds } = context;
  const over = (metric: keyof SocketCounts) => {
    const limit = thresholds[metric];
    return limit !== undefined && limit > 0 && peaks[metric] > limit ? limit : undefined;
  };
  const evidence: string[] = [];
  const verdict: ConnectionVerdict = { evidence };
  const synLimit = over("synRecv");
  if (synLimit !== undefined) {
    evidence.push(
      `${count(peaks.synRecv)} half-open connections (SYN_RECV) at the peak, threshold ${count(synLimit)}: handshakes that are never completed fill the listen queues`,
    );
    // The socket table alone is strong evidence; SYN packets in the capture confirm it.
    const confidence = Math.max(60, Math.min(100, Math.round(100 * (synShare ?? 0))));
    verdict.synFlood = {
      detail: "half-open connections piling up in SYN_RECV",
      confidence,
    };
  }
  // The kernel sends SYN cookies only once a listener's SYN queue is full: during an incident that
  // is the SYN flood itself, even when SYN_RECV stays low (cookies keep the queue from growing).
  const cookies = context.syncookiesPeak ?? 0;
  if (cookies > 0) {
    const limit = context.syncookiesThreshold;
    const crossed = limit !== undefined && limit > 0 && cookies > limit;
    evidence.push(
      `${count(cookies)} SYN cookies sent/s at the peak${crossed ? `, threshold ${count(limit)}` : ""}: a listen queue's SYN backlog was full and the kernel answered SYNs with cookies`,
    );
    if (cookies >= SYNCOOKIE_FLOOD_RATE || crossed || (synShare ?? 0) >= 0.5)
      verdict.synFlood ??= {
        detail: "SYN backlog full: the kernel answering with SYN cookies",
        confidence: Math.max(60, Math.min(100, Math.round(100 * (synShare ?? 0)))),
      };
  }
  const establishedLimit = over("tcpEstablished");
  if (establishedLimit !== undefined)
    evidence.push(
      `${count(peaks.tcpEstablished)} established TCP connections at the peak, threshold ${count(establishedLimit)}: connections that complete and stay open (exhaustion)`,
    );
  const totalLimit = over("tcpTotal");
  if (totalLimit !== undefined)
    evidence.push(`${count(peaks.tcpTotal)} TCP sockets at the peak, threshold ${count(totalLimit)}`);
  return verdict;
}
