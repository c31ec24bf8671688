import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One process at a time sends test traffic through the host's side of a veth pair. The agent's
 * protocol and socket rates are the host namespace's (/proc/net/snmp: every veth's host end is
 * in it), so a flood one suite sends shows in the rates another suite's agent judges: CI saw an
 * ICMP flood's incident stay open past its end while another lab flooded, a second incident open,
 * and the capture go to that one. Suites that flood, capture or judge traffic hold this for as
 * long as their traffic flows (`node --test` runs each file in a process of its own).
 *
 * A directory is the lock (mkdir is atomic); it names its holder's pid, and a holder that died
 * without releasing it is taken over. Re-entrant within a process.
 */
// A fixed path, not tmpdir(): processes with different TMPDIRs must still share it.
const LOCK = "/tmp/levee-test-traffic.lock";
const WAIT_MS = 15 * 60_000;
let held = 0;

export async function holdHostTraffic(): Promise<() => void> {
  if (held === 0) await acquire();
  held++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held--;
    // Only our own: a lock taken over meanwhile (we were thought dead) is someone else's now.
    if (held === 0 && ownerPid() === process.pid) rmSync(LOCK, { recursive: true, force: true });
  };
}

async function acquire(): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (holderGone()) rmSync(LOCK, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`${LOCK} still held after ${WAIT_MS / 60_000} min`);
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function ownerPid(): number | undefined {
  try {
    return Number(readFileSync(join(LOCK, "pid"), "utf8"));
  } catch {
    return undefined;
  }
}

/** The holder's process is gone (a pid file not written yet counts as held: mkdir came first). */
function holderGone(): boolean {
  const pid = ownerPid();
  if (!pid || !(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
