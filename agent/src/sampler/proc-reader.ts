import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type NetDevParse, parseNetDev } from "./net-dev.ts";
import { type ListenQueueCounters, parseListenQueue } from "./net-netstat.ts";
import { defaultRouteInterface } from "./net-route.ts";
import { type ProtocolCounters, parseSnmp, parseSnmp6, protocolCounters } from "./net-snmp.ts";
import { countTcpStates, emptyTcpStates, type TcpStates } from "./net-tcp.ts";

/** One read of every /proc file the sampler uses; a file that failed leaves its part undefined. */
export interface ProcSnapshot {
  /** Monotonic ms (performance.now(), or the caller's clock) when the read started. */
  at: number;
  netDev?: NetDevParse | undefined;
  defaultInterface?: string | undefined;
  protocols?: ProtocolCounters | undefined;
  tcp?: TcpStates | undefined;
  /** Whether /proc/net/tcp{,6} were asked for (`tcp` is undefined when they could not be read). */
  tcpScanned?: boolean;
  /** TcpExt listen-queue counters (/proc/net/netstat); undefined when not read. */
  listenQueue?: ListenQueueCounters | undefined;
  /** file → problem (unreadable, malformed lines), for the caller to log once. */
  problems: Map<string, string>;
}

const OPTIONAL = new Set(["net/snmp6", "net/tcp6"]); // absent when IPv6 is disabled

/**
 * Reads the files. `withTcp` false skips /proc/net/tcp{,6}: the kernel walks its whole socket hash
 * to produce them (milliseconds even on an idle host), so the sampler scans them less often when
 * calm. As a function it decides after /proc/net/netstat was read, from its counters (undefined
 * when not read), so a listener's backlog filling up can have the tables scanned in the same read.
 */
export async function readProc(
  procRoot: string,
  withRoute: boolean,
  withTcp: boolean | ((listenQueue: ListenQueueCounters | undefined) => boolean) = true,
  monotonic: () => number = () => performance.now(),
): Promise<ProcSnapshot> {
  await Promise.resolve();
  const at = monotonic();
  const problems = new Map<string, string>();
  // Synchronous on purpose: /proc files are generated in memory, so a read takes microseconds,
  // far less than a round trip through libuv's thread pool.
  const read = (file: string) => {
    try {
      return readFileSync(join(procRoot, file), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (!(OPTIONAL.has(file) && code === "ENOENT")) problems.set(file, `cannot read: ${code}`);
      return undefined;
    }
  };
  const [dev, route, snmp, snmp6, netstat] = [
    read("net/dev"),
    withRoute ? read("net/route") : undefined,
    read("net/snmp"),
    read("net/snmp6"),
    read("net/netstat"),
  ];
  const listenQueue = netstat === undefined ? undefined : parseListenQueue(netstat);
  const scan = typeof withTcp === "function" ? withTcp(listenQueue) : withTcp;
  const [tcp, tcp6] = scan ? [read("net/tcp"), read("net/tcp6")] : [];
  const snapshot = parseCounters(at, { dev, snmp, snmp6 }, problems);
  snapshot.tcpScanned = scan;
  if (netstat !== undefined) {
    snapshot.listenQueue = listenQueue;
    if (!listenQueue) problems.set("net/netstat", "malformed: no TcpExt table");
  }
  if (route !== undefined) snapshot.defaultInterface = defaultRouteInterface(route);
  if (tcp !== undefined || tcp6 !== undefined) {
    const states: TcpStates = emptyTcpStates();
    let malformed = 0;
    for (const text of [tcp, tcp6])
      if (text !== undefined) malformed += countTcpStates(text, states).malformed;
    if (malformed > 0) problems.set("net/tcp", `${malformed} malformed socket lines skipped`);
    snapshot.tcp = states;
  }
  return snapshot;
}

/** The texts of the counter files (net/dev, net/snmp, net/snmp6) as one read took them. */
export interface CounterTexts {
  dev?: string | undefined;
  snmp?: string | undefined;
  snmp6?: string | undefined;
}

/** The counters part of a snapshot (interfaces and protocols), parsed from the files' texts. */
export function parseCounters(
  at: number,
  texts: CounterTexts,
  problems = new Map<string, string>(),
): ProcSnapshot {
  const snapshot: ProcSnapshot = { at, problems };
  const { dev, snmp, snmp6 } = texts;
  if (dev !== undefined) {
    snapshot.netDev = parseNetDev(dev);
    if (snapshot.netDev.malformed.length > 0)
      problems.set("net/dev", `malformed: ${snapshot.netDev.malformed.join("; ")}`);
  }
  if (snmp !== undefined) {
    const parsed = parseSnmp(snmp);
    if (parsed.malformed.length > 0) problems.set("net/snmp", `malformed: ${parsed.malformed.join("; ")}`);
    snapshot.protocols = protocolCounters(parsed, snmp6 === undefined ? undefined : parseSnmp6(snmp6));
  }
  return snapshot;
}
