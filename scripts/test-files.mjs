#!/usr/bin/env node
// Runs the test files given, in the order given, `TEST_CONCURRENCY` (default 2) at a time, each in a
// process of its own, and reports TAP on stdout with one summary; exits 1 when any test failed.
// `node --test FILE…` sorts its files by name, whatever order they come in (Node 20), so the longest
// files, which scripts/run-tests.mjs puts first, ran last instead; the run() API keeps the order.
// Started with `--import tsx`: each file's process gets the parent's execArgv, so the loader too.
// With `TEST_FAILURES_FILE` set, each failing test (not the suites around it) is appended there as a
// line of JSON, so scripts/run-tests.mjs can name them again at the very end of a long run: CI
// keeps only the tail of the output, where a `not ok` 20 minutes up is out of sight.
import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import { run } from "node:test";
import { tap } from "node:test/reporters";

const files = process.argv.slice(2);
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(
    `TEST_CONCURRENCY must be a whole number of files at a time, 1 or more (got "${process.env.TEST_CONCURRENCY}")`,
  );
  process.exit(2);
}
// TEST_FILE_TIMES: how many of the longest files to name after the summary (15 by default, "all").
const timesAsked = process.env.TEST_FILE_TIMES ?? "15";
const timesShown = timesAsked === "all" ? Number.POSITIVE_INFINITY : Number(timesAsked);
if (!(timesShown >= 0) || (timesAsked !== "all" && !Number.isInteger(timesShown))) {
  console.error(`TEST_FILE_TIMES must be a whole number of files, 0 or more, or "all" (got "${timesAsked}")`);
  process.exit(2);
}
const stream = run({ files, concurrency });

/**
 * Each file's time in its top-level tests, to print the longest after the summary: which files hold
 * CI's 30 minutes is read from there (scripts/run-tests.mjs starts the longest first).
 */
const fileMs = new Map();
const countFileTime = (data) => {
  if (data.nesting !== 0 || !data.file) return;
  const file = relative(process.cwd(), data.file);
  fileMs.set(file, (fileMs.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
};
stream.on("test:pass", countFileTime);
const failuresFile = process.env.TEST_FAILURES_FILE;
stream.on("test:fail", (data) => {
  countFileTime(data);
  if (data.todo) return; // a failing todo test does not fail a run
  process.exitCode = 1;
  if (!failuresFile || data.details?.type === "suite") return;
  const error = data.details?.error;
  const message = String(error?.cause?.message ?? error?.message ?? error ?? "").split("\n")[0];
  const file = data.file ? relative(process.cwd(), data.file) : "";
  appendFileSync(
    failuresFile,
    `${JSON.stringify({ file, name: data.name, message: message.slice(0, 300) })}\n`,
  );
});
const report = stream.compose(tap);
report.pipe(process.stdout, { end: false });
report.on("end", () => {
  const longest = [...fileMs].sort((a, b) => b[1] - a[1]).slice(0, timesShown);
  for (const [file, ms] of longest) process.stdout.write(`# file time ${(ms / 1000).toFixed(1)} s ${file}\n`);
});
