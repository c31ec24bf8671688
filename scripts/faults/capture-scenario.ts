import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, waitFor } from "../../agent/test/support/api-process.ts";
import { VethPair } from "../../agent/test/support/netns.ts";
import { holdHostTraffic } from "../../agent/test/support/traffic-lock.ts";
import { SmallDisk } from "./support/small-disk.ts";
import { Stack } from "./support/stack.ts";

/** Every file under `dir`, relative paths (the evidence store keeps `<workspace>/<id>.pcap`). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith(".filler"))
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/**
 * Packet evidence through faults, on a veth pair with a UDP flood from the peer namespace: the
 * agent is killed -9 while capturing the incident, then EVIDENCE_DIR (a small tmpfs) fills up
 * before the captures are uploaded, and the agent is killed -9 again while it retries the
 * upload; then the disk gets room. Returns what the API and the agent ended with.
 */
export async function captureFaults() {
  const releaseTraffic = await holdHostTraffic(); // its flood and its agent's rates: see traffic-lock.ts
  const veth = new VethPair();
  const disk = new SmallDisk("16m");
  let flood: ChildProcess | undefined;
  try {
    const stack = await Stack.start(
      {
        env: {
          DETECTION_FLOOR_PPS: "2000",
          DETECTION_FLOOR_UDP_PPS: "1500",
          // The machine's socket counts (other suites' connections) must not hold the incident open.
          DETECTION_FLOOR_TCP_ESTABLISHED: "10000000",
          DETECTION_FLOOR_TCP_SOCKETS: "10000000",
          DETECTION_QUIET_SECONDS: "3",
        },
      },
      {
        interface: veth.host,
        sampleIntervalMs: 500,
        detection: { quietSamples: 4 },
        capture: { ringPackets: 200 },
      },
      {},
      { evidenceDir: disk.dir },
    );
    try {
      const { agent } = stack;
      const captureOn = () =>
        waitFor(() => agent.logs().includes("packet capture on"), 30_000, "capture to start");
      const capturing = () =>
        waitFor(
          async () => {
            const capture = (await agent.status()).daemon?.capture;
            return capture?.capturing && capture.incidentId;
          },
          60_000,
          "an incident capture",
        );
      await captureOn();
      flood = spawn(...veth.udpSender(9999, 0, "flood", 5000), { cwd: repoRoot, stdio: "ignore" });
      await capturing();
      await agent.kill("SIGKILL"); // mid-capture
      agent.start();
      await captureOn();
      await capturing();
      disk.fill();
      flood.kill("SIGKILL");
      flood = undefined;
      await waitFor(
        () => agent.logs().includes("incident capture not uploaded"),
        90_000,
        "an upload refused by the full evidence disk",
      );
      const refusedLog = agent.logs();
      const pendingBeforeKill = (await agent.status()).capturesPending ?? 0;
      await agent.kill("SIGKILL"); // while retrying the upload
      agent.start();
      await captureOn();
      disk.free();
      await stack.recover("EVIDENCE_DIR full, agent killed twice");
      await waitFor(
        async () => (await agent.status()).capturesPending === 0,
        120_000,
        "every capture uploaded",
      );
      const captures = await stack.api.query<{ packets: number; storage_key: string }>(
        "select packets, storage_key from incident_capture",
      );
      const incidentRows = await stack.api.query<{ status: string }>("select status from incident");
      const result = await stack.finish("agent killed -9 capturing and uploading; evidence disk full");
      return {
        ...result,
        refusedLog,
        pendingBeforeKill,
        captures,
        incidentRows,
        evidenceFiles: filesUnder(disk.dir),
        apiLogs: stack.api.logs(),
      };
    } finally {
      await stack.destroy();
    }
  } finally {
    flood?.kill("SIGKILL");
    veth.destroy();
    releaseTraffic();
    disk.destroy();
  }
}
