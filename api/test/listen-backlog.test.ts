import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { useTestApi } from "./harness.ts";

/** Connections opened while the API's event loop is busy: more than Node's default backlog (511). */
const CONNECTIONS = 700;

/**
 * A fleet reconnecting after a restart connects while the API is busy with the first arrivals.
 * The kernel completes those handshakes for the API up to its listen backlog; past Node's
 * default of 511 they were dropped and the agents waited for their SYN retries (1, 3, 7 s).
 */
describe("the API's listen backlog takes a reconnecting fleet while it is busy", () => {
  const api = useTestApi("pglite");
  // Not Linux (no /proc): 0, and the case is skipped.
  const somaxconn = (() => {
    try {
      return Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
    } catch {
      return 0;
    }
  })();

  it(`completes ${CONNECTIONS} connections made while its event loop does not accept`, {
    skip: somaxconn < CONNECTIONS && `net.core.somaxconn is ${somaxconn || "unknown (no /proc: not Linux)"}`,
  }, async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    // Counts connections the kernel completed; the worker runs while this thread is blocked.
    const connected = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { connect } = require("node:net");
       const { workerData: { port, count, connected } } = require("node:worker_threads");
       const sockets = [];
       for (let i = 0; i < count; i++) {
         const socket = connect(port, "127.0.0.1", () => {
           if (Atomics.add(connected, 0, 1) + 1 === count) Atomics.notify(connected, 0);
         });
         socket.on("error", () => {});
         sockets.push(socket);
       }`,
      { eval: true, workerData: { port, count: CONNECTIONS, connected } },
    );
    // This thread (the API's event loop) accepts nothing until every connection completed, or
    // the wait gives up: with a backlog of 511 the rest never complete while it is blocked.
    const deadline = Date.now() + 15_000;
    while (Atomics.load(connected, 0) < CONNECTIONS && Date.now() < deadline)
      Atomics.wait(connected, 0, Atomics.load(connected, 0), deadline - Date.now());
    const completed = Atomics.load(connected, 0);
    await worker.terminate();
    assert.equal(completed, CONNECTIONS);
  });
});
