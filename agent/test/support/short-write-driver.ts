// A child process for the short-write suite: opens the agent's durable queue in QUEUE_DIR, says
// "ready", and on a line of input appends RECORDS events of ~200 bytes, then prints the JSON lines
// its logger wrote and "done". The suite caps this process's file size (prlimit --pid) between the
// two, so an append runs into the cap part-way through its record: a real short write. SIGXFSZ,
// whose default ends the process, is ignored, as a daemon on a quota-limited disk would want.
import { createInterface } from "node:readline";
import { createLogger } from "../../src/log.ts";
import { DurableQueue } from "../../src/transport/durable-queue.ts";

process.on("SIGXFSZ", () => {});
const logged: string[] = [];
const logger = createLogger({ level: "info", write: (line) => void logged.push(line.trim()) });
const queue = new DurableQueue<{ n: number; pad: string }>(process.env.QUEUE_DIR as string, {
  capacity: 1000,
  logger,
});
process.stdout.write("ready\n");
const input = createInterface({ input: process.stdin });
input.once("line", () => {
  for (let n = 1; n <= Number(process.env.RECORDS); n++) queue.append({ n, pad: "x".repeat(180) });
  for (const line of logged) process.stdout.write(`${line}\n`);
  process.stdout.write(`depth ${queue.depth}\ndone\n`);
  input.close();
});
