import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";

/**
 * A listener on the agent's side of a flood lab's veth (`hostIp`), with the given backlog, and a
 * rule in the attacker's namespace `ns` that drops the SYN-ACKs it gets back: no RST answers them,
 * so each SYN stays half-open on the listener as a forged source's would. With a backlog of 511
 * SYN_RECV climbs; with a handful the queue is full at once and the kernel answers with cookies.
 */
export async function halfOpenListener(ns: string, hostIp: string, backlog: number): Promise<Server> {
  const nft = (...args: string[]) => execFileSync("ip", ["netns", "exec", ns, "nft", ...args]);
  nft("add", "table", "inet", "levee_test");
  nft("add", "chain", "inet", "levee_test", "in", "{ type filter hook input priority 0 ; }");
  nft("add", "rule", "inet", "levee_test", "in", "tcp", "flags", "&", "(syn|ack)", "==", "(syn|ack)", "drop");
  const listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen({ host: hostIp, port: 0, backlog }, resolve));
  return listener;
}
