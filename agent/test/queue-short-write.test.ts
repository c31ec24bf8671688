import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { silentLogger } from "../src/log.ts";
import { DurableQueue } from "../src/transport/durable-queue.ts";

// A disk that fills part-way through a record takes what fits and reports it only by the count
// write() returns; the error comes with the next write. A file size cap (RLIMIT_FSIZE) does the
// same, and unlike a full tmpfs needs no mount: prlimit caps the child's segment file at 2,048
// bytes, so the tenth ~200-byte record is cut short. Before the count was checked, that fragment
// stayed in the segment and swallowed the record written after it (two lost instead of one).
const CAP = 2048;

describe("queue journal: a short write", () => {
  const dir = mkdtempSync(join(tmpdir(), "levee-short-write-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is a failed write: the segment keeps whole records only, and only the cut record is memory-only", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "agent/test/support/short-write-driver.ts"], {
      env: { ...process.env, QUEUE_DIR: dir, RECORDS: "14" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    let heard = () => {};
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      heard();
    });
    const saw = (text: string) =>
      new Promise<void>((resolve, reject) => {
        heard = () => output.includes(text) && resolve();
        child.once("exit", (code) => reject(new Error(`driver exited ${code} before "${text}": ${output}`)));
        heard();
      });
    await saw("ready");
    execFileSync("prlimit", ["--pid", String(child.pid), `--fsize=${CAP}:${CAP}`]);
    child.stdin.write("go\n");
    await saw("done");
    child.kill();
    assert.match(output, /depth 14\n/, "every record still held for delivery");
    const errors = output.split("\n").filter((l) => l.includes("cannot write the queue journal"));
    assert.equal(errors.length, 1, output);
    assert.match(errors[0] ?? "", /EFBIG/, "the cause, from writing the rest of the record");

    for (const name of readdirSync(dir).filter((f) => f.startsWith("seg-")))
      for (const line of readFileSync(join(dir, name), "utf8").split("\n").filter(Boolean))
        assert.doesNotThrow(() => JSON.parse(line), `a whole record in ${name}: ${line.slice(0, 40)}…`);
    const back = new DurableQueue<{ n: number }>(dir, { capacity: 1000, logger: silentLogger });
    const kept = back.peek(100).events.map((e) => e.n);
    back.close();
    // Nine records fill the first segment below the cap; the tenth is cut short and dropped from the
    // journal; the next segments start empty and take one record each up to the cap again.
    assert.equal(kept.includes(10), false, "the cut record is the one kept only in memory");
    assert.deepEqual(
      kept.filter((n) => n < 10),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.ok(kept.includes(11), `the record after the cut one is journaled (kept: ${kept.join(",")})`);
  });
});
