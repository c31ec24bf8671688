#!/usr/bin/env node
// Runs the test files given, in the order given, `TEST_CONCURRENCY` (default 2) at a time, each in a
// process of its own, and reports TAP on stdout with one summary; exits 1 when any test failed.
// `node --test FILE…` sorts its files by name, whatever order they come in (Node 20), so the longest
// files, which scripts/run-tests.mjs puts first, ran last instead; the run() API keeps the order.
// Started with `--import tsx`: each file's process gets the parent's execArgv, so the loader too.
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
const stream = run({ files, concurrency });
stream.on("test:fail", (data) => {
  if (!data.todo) process.exitCode = 1; // a failing todo test does not fail a run
});
stream.compose(tap).pipe(process.stdout);
