import { sourceKeyOfText } from "../packets/summary-parts.ts";
import { analysisJson, analysisText } from "./analysis-report.ts";
import { analyzeCapture } from "./capture-analysis.ts";

const USAGE = `usage: levee-agent analyze FILE.pcap [--json] [--threshold-pps N] [--threshold-mbps N] [--speedup N]
       [--own-address IP]...

Runs levee-agent's feature extraction and the attack classifier over a pcap or pcapng file
and prints the attack family, confidence, spoofing, botnet, sources, vectors and evidence.
Seconds at or above the threshold (default 1000 pps or 200 Mbit/s) are classified together;
with none, the whole file is, and usually shows no attack. --speedup N analyses the capture
as if replayed N times faster. --own-address names the capturing node's address (repeatable):
its own packets (RST, SYN-ACK, ICMP answers) are set aside, as the live agent does.`;

export interface AnalyzeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: AnalyzeIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/** `levee-agent analyze …`: returns the exit code (0 analysed, 1 unreadable file, 2 usage). */
export async function runAnalyze(argv: string[], io: AnalyzeIo = processIo): Promise<number> {
  const parsed = parseArgs(argv);
  if ("error" in parsed) {
    io.stderr(parsed.error ? `levee-agent analyze: ${parsed.error}\n\n${USAGE}` : USAGE);
    return parsed.error ? 2 : 0;
  }
  try {
    const analysis = await analyzeCapture(parsed.file, {
      thresholdPps: parsed.thresholdPps,
      thresholdBps: parsed.thresholdMbps === undefined ? undefined : parsed.thresholdMbps * 1e6,
      speedup: parsed.speedup,
      ownAddresses: parsed.ownAddresses,
    });
    io.stdout(parsed.json ? JSON.stringify(analysisJson(analysis), null, 2) : analysisText(analysis));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`levee-agent analyze: ${message}`);
    return 1;
  }
}

type Parsed =
  | {
      file: string;
      json: boolean;
      thresholdPps?: number;
      thresholdMbps?: number;
      speedup?: number;
      ownAddresses: string[];
    }
  | { error: string | null };

function parseArgs(argv: string[]): Parsed {
  let file: string | undefined;
  let json = false;
  let thresholdPps: number | undefined;
  let thresholdMbps: number | undefined;
  let speedup: number | undefined;
  const ownAddresses: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { error: null };
    if (arg === "--json") json = true;
    else if (arg === "--own-address") {
      const value = argv[++i] ?? "";
      if (sourceKeyOfText(value) === undefined)
        return { error: `--own-address needs an IP address, not "${value}"` };
      ownAddresses.push(value);
    } else if (arg === "--threshold-pps" || arg === "--threshold-mbps" || arg === "--speedup") {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value <= 0) return { error: `${arg} needs a positive number` };
      if (arg === "--threshold-pps") thresholdPps = value;
      else if (arg === "--threshold-mbps") thresholdMbps = value;
      else speedup = value;
    } else if (arg.startsWith("-")) return { error: `unknown option ${arg}` };
    else if (file) return { error: "one capture file at a time" };
    else file = arg;
  }
  if (!file) return { error: "no capture file given" };
  return { file, json, thresholdPps, thresholdMbps, speedup, ownAddresses };
}
