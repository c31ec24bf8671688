import { Worker } from "node:worker_threads";

export interface ScryptOptions {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

/**
 * The nice value of the thread that hashes passwords. A hash is ~130 ms of a core: 30 sign-in
 * guesses (what one address may try per 15 minutes) took a core for 4 s, and on libuv's pool the
 * hashing thread competed as an equal with the event loop answering everyone else — an ordinary
 * query then took 10× as long. At nice 10 the scheduler gives the event loop (nice 0) about ten
 * times the hashing thread's share while both want a core; an idle core still hashes at full
 * speed. Each hash costs the same work, so guessing gets no cheaper; under contention sign-ins
 * wait longer instead of everyone else.
 */
export const HASHING_NICE = 10;

/**
 * The worker's code, plain CommonJS (an eval worker: no file to find next to a bundle). On Linux
 * a thread's nice value is its own (setpriority on its thread id), so only this thread yields.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(tid, ${HASHING_NICE});
} catch {
  // Not Linux: hashed at the process's priority.
}
parentPort.on("message", ({ id, password, salt, keylen, options }) => {
  try {
    const hash = scryptSync(password, Buffer.from(salt), keylen, options);
    parentPort.postMessage({ id, hash });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});
`;

type Pending = { resolve: (hash: Buffer) => void; reject: (error: Error) => void };

/**
 * scrypt on one thread of its own at a lower priority (HASHING_NICE), started on first use and
 * started again if it dies. One hash at a time: callers queue (credentials.ts bounds the queue).
 */
export function createPasswordHasher() {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    worker = undefined;
  };
  const start = () => {
    // execArgv empty: the code is plain CommonJS and needs none of the parent's loaders (tsx, --import).
    const started = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    // Idle, it must not keep the process alive; a hash waited for keeps it referenced (below).
    started.unref();
    started.on("message", ({ id, hash, error }: { id: number; hash?: Uint8Array; error?: string }) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) started.unref();
      if (!waiting) return;
      if (hash) waiting.resolve(Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength));
      else waiting.reject(new Error(error ?? "password hashing failed"));
    });
    started.on("error", (error) => {
      if (worker === started) failAll(error);
    });
    started.on("exit", (code) => {
      if (worker === started) failAll(new Error(`password hashing thread exited (${code})`));
    });
    return started;
  };
  return {
    scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
      worker ??= start();
      const id = nextId++;
      const hashing = worker;
      hashing.ref();
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        hashing.postMessage({ id, password, salt, keylen, options });
      });
    },
  };
}
