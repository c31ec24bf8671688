#!/usr/bin/env node
// One test run (node:test, files in processes of their own, two at a time) over every *.test.ts of
// the given packages (all when none given), so one summary counts unit, integration and e2e suites
// together; beside it the files in WAITING, one at a time, with a summary of their own printed after
// the first's; then the files in ALONE, in a run of their own with its own summary. A failure in any
// fails the command; the last line names all three.
// Usage: node scripts/run-tests.mjs [api|web|agent|packages|scripts ...] [--filter substring]
import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const filterAt = args.indexOf("--filter");
const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
const packages = args.length > 0 ? args : ["scripts", "packages", "api", "agent", "web"];
const skip = new Set(["node_modules", ".next", "generated", ".turbo", ".levee"]);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

/**
 * Files that measure how long a start takes (the figure an issue sets a target for), run after the
 * others, one at a time: beside another file's API, agents and databases on 2 cores, they measure
 * the neighbours (a restart printed 6–7 s in CI there, 4.4–5.0 s alone at load 3–8). They still assert only a ceiling.
 */
const ALONE = new Set(["scripts/e2e/start-embedded.test.ts"]);

/**
 * Files that mostly wait: outages held, Redis stalled, processes killed and started again (December 6,
 * alone on an idle machine: recovery 108 s for 45 s of CPU, redis-stall 48 s for 6 s,
 * incident-event-killed-process 33 s for 7 s, job-queue-stall 32 s for 2 s). In one of the two
 * slots each left a core mostly idle for its whole length (~220 s of the slots' time here, ~400 s
 * on CI's slower machines), so they run one at a time in a third run beside the two slots.
 */
const WAITING = new Set([
  "scripts/faults/recovery.test.ts",
  "api/test/redis-stall.test.ts",
  "api/test/incident-event-killed-process.test.ts",
  "api/test/job-queue-stall.test.ts",
]);

/**
 * The longest files (CI, December 5: 50–245 s each, against seconds for most), started first so the
 * run does not end with one of them alone on a core while the other slot has nothing left. Until
 * December 5 `node --test` sorted them back into name order: the fault suites (mostly waiting on
 * outages and rollups) then ran last, and CI's final ~4 minutes kept the cores 6–30 % busy.
 */
const LONGEST_FIRST = [
  "scripts/e2e/dashboard.test.ts",
  "scripts/faults/capture-faults.test.ts",
  "scripts/e2e/account.test.ts",
  "scripts/e2e/branding.test.ts",
  "scripts/e2e/status-page.test.ts",
  "api/test/restart-process.test.ts",
  "agent/test/e2e-floods.test.ts",
  "scripts/e2e/live-equals-offline.test.ts",
  "api/test/alerts.test.ts",
];
const rank = (file) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);

const files = packages
  .flatMap((pkg) => collect(join(root, pkg), []))
  .map((file) => relative(root, file))
  .filter((file) => !filter || file.includes(filter))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (files.length === 0) {
  console.error(`no test files found in ${packages.join(", ")}${filter ? ` matching ${filter}` : ""}`);
  process.exit(1);
}

/** Where scripts/test-files.mjs appends each failing test, to be named again on the last lines. */
const failuresDir = mkdtempSync(join(tmpdir(), "levee-test-failures-"));
const failuresFile = join(failuresDir, "failures.jsonl");

const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(
    `TEST_CONCURRENCY must be a whole number of files at a time, 1 or more (got "${process.env.TEST_CONCURRENCY}")`,
  );
  process.exit(2);
}

/** The test runs under way, to be stopped with this process. */
const children = new Set();

/**
 * One run of `run`'s files in the order given (scripts/test-files.mjs: `node --test` would sort
 * them by name, so the longest files, put first here, ran last). `output`: a file descriptor for
 * its TAP instead of this process's stdout.
 * @param {string[]} run @param {number} concurrency @param {number | "inherit"} [output]
 * @returns {Promise<number>} the exit status
 */
function test(run, concurrency, output = "inherit") {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "scripts", "test-files.mjs"), ...run.map((file) => join(root, file))],
    {
      cwd: root,
      stdio: ["ignore", output, output],
      env: {
        ...process.env,
        NODE_ENV: "test",
        TEST_CONCURRENCY: String(concurrency),
        TEST_FAILURES_FILE: failuresFile,
      },
    },
  );
  children.add(child);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`npm test: could not start the test run: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code ?? 1);
    });
  });
}

// With one file at a time asked for, the waiting files take their turn in it like any other.
const waitingFiles = concurrency > 1 ? files.filter((file) => WAITING.has(file)) : [];
const togetherFiles = files.filter((file) => !ALONE.has(file) && !waitingFiles.includes(file));
const aloneFiles = files.filter((file) => ALONE.has(file));

// The waiting files, one at a time beside the slots; their TAP is kept apart and printed after the
// others', so the two runs' lines never interleave. Stopped (Ctrl-C, CI's time limit), what they
// printed so far is printed too: a stuck stall or outage shows where it stopped.
const waitingOutput = join(failuresDir, "waiting.tap");
const waitingFd = openSync(waitingOutput, "w");
const printWaiting = () => process.stdout.write(readFileSync(waitingOutput));
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    printWaiting();
    rmSync(failuresDir, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  });

/** @type {{ name: string; status: Promise<number> }[]} */
const runs = [];
if (waitingFiles.length > 0)
  runs.push({ name: "the waiting files beside them", status: test(waitingFiles, 1, waitingFd) });
if (togetherFiles.length > 0)
  runs.unshift({ name: "the files together", status: test(togetherFiles, concurrency) });
const statuses = await Promise.all(runs.map((r) => r.status));
closeSync(waitingFd);
printWaiting();
if (aloneFiles.length > 0) {
  runs.push({ name: "the files run alone", status: test(aloneFiles, 1) });
  statuses.push(await (runs.at(-1)?.status ?? 0));
}
const failures = existsSync(failuresFile)
  ? readFileSync(failuresFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(failuresDir, { recursive: true, force: true });
for (const { file, name, message } of failures)
  process.stdout.write(`# npm test: not ok: ${file} › ${name}: ${message}\n`);
if (runs.length > 1)
  process.stdout.write(
    `# npm test: ${runs.map((r, i) => `${r.name} ${statuses[i] === 0 ? "passed" : "FAILED"}`).join(", ")}\n`,
  );
process.exit(statuses.find((status) => status !== 0) ?? 0);
