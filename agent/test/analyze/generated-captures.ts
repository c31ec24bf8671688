import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedCapture {
  file: string;
  /** null: benign. */
  family: string | null;
  spoofed: boolean | null;
  botnet: boolean | null;
  kind: string;
  pps: number;
  packets: number;
}

const GENERATOR = join(import.meta.dirname, "generator", "gen_attacks.py");

/** A Python 3 with scapy: Debian's python3-scapy lives beside /usr/bin/python3. */
export function pythonWithScapy(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import scapy"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** Runs the scapy generator into `dir` and returns its manifest. */
export function generateCaptures(
  dir: string,
  perFamily: number,
  seed = "levee",
  extra = false,
): GeneratedCapture[] {
  const python = pythonWithScapy();
  if (!python)
    throw new Error("python3 with scapy is needed for the generated captures: apt-get install python3-scapy");
  const args = ["-B", GENERATOR, dir, "--per-family", String(perFamily), "--seed", seed];
  execFileSync(python, extra ? [...args, "--extra"] : args, {
    stdio: "inherit",
  });
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as GeneratedCapture[];
}
