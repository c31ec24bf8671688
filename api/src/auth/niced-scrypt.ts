import { scrypt } from "node:crypto";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";

export type ScryptOptions = { N: number; r: number; p: number; maxmem: number };

/**
 * The nice value of the thread that hashes passwords. The scheduler then gives it a core only
 * as far as the event loop (nice 0) leaves one free: on a busy two-core machine a guess's 130 ms
 * of hashing stretches, instead of every request waiting behind it. Sign-ins are rare next to
 * queries; a slower one under load is the cheaper cost.
 */
export const HASHING_NICE = 10;

// A script, not a module file: the API also runs from a bundle, which has no file to point a
// Worker at. Linux lets a thread renice itself by its thread id (/proc/thread-self).
const SOURCE = `
const { parentPort } = require("node:worker_threads");
const { scryptSync } = require("node:crypto");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(tid, ${HASHING_NICE});
} catch {}
parentPort.on("message", ({ id, password, salt, keylen, options }) => {
  try {
    parentPort.postMessage({ id, hash: scryptSync(password, salt, keylen, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

const onPool = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
) => Promise<Buffer>;

type Answer = { id: number; hash?: Uint8Array; error?: string };

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(hash: Buffer): void; reject(error: Error): void }>();

function hashingThread(): Worker {
  if (worker) return worker;
  const started = new Worker(SOURCE, { eval: true });
  started.on("message", ({ id, hash, error }: Answer) => {
    const entry = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) started.unref();
    if (!entry) return;
    if (hash) entry.resolve(Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength));
    else entry.reject(new Error(error ?? "scrypt failed"));
  });
  // A thread gone (killed, out of memory) fails what it held; the next hash starts another.
  const gone = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  started.on("error", gone);
  started.on("exit", () => gone(new Error("password hashing thread exited")));
  // Kept alive only while a hash is awaited (unref after the listeners: a listener refs it again).
  started.unref();
  worker = started;
  return started;
}

/** scrypt on a thread of its own at HASHING_NICE; on libuv's pool if no thread can be started. */
export function nicedScrypt(
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  let thread: Worker;
  try {
    thread = hashingThread();
  } catch {
    return onPool(password, salt, keylen, options);
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.ref();
    thread.postMessage({ id, password, salt, keylen, options });
  });
}
