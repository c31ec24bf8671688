/**
 * The benchmarks' own graphql-ws client (protocol graphql-transport-ws): one TCP socket per
 * node, the upgrade and frames written by hand. It sends what the agent's SocketChannel sends,
 * byte for byte in what the API reads (the same upgrade headers, connection_init with the key,
 * `subscribe` frames of the same query and variables, masked as RFC 6455 asks of a client), so
 * the API does the same work for it. What it leaves out is the client's own machinery: the `ws`
 * library's events and streams, a 60 s timer per request, the JSON of the whole frame rebuilt
 * each time. On two cores shared by the API, PostgreSQL and the load generator, the generator's
 * CPU is CPU the API does not get (bench:ingest prints it as "load generator CPU"). Measured
 * against the floor responder: ~23 % less of it a call than the agent's client; a write and a
 * read system call per call are most of what is left. BENCH_CLIENT=agent drives the agent's own
 * SocketChannel instead.
 */
import { randomFillSync } from "node:crypto";
import { connect, type Socket } from "node:net";
import type { SocketReply as Reply } from "../../agent/src/transport/socket-channel.ts";

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  sentAt: number;
}

/** A request unanswered this long fails, and its socket is dropped (the agent's timeout). */
const TIMEOUT_MS = 60_000;
const open = new Set<LeanSocket>();
let sweeper: NodeJS.Timeout | undefined;

/** One timer for every socket's timeouts, not one per request. */
function sweep() {
  const now = performance.now();
  for (const socket of open) socket.expire(now);
  if (open.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/** Random mask keys, drawn 4 KiB at a time (4 bytes a frame). */
const maskPool = Buffer.alloc(4096);
let maskAt = maskPool.length;
function nextMask(): Buffer {
  if (maskAt + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  maskAt += 4;
  return maskPool.subarray(maskAt - 4, maskAt);
}

/** A client frame: FIN, the opcode, the masked payload. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + 4 + length);
  frame[0] = 0x80 | opcode;
  if (head === 2) frame[1] = 0x80 | length;
  else if (head === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = nextMask();
  mask.copy(frame, head);
  const at = head + 4;
  for (let i = 0; i < length; i++) frame[at + i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return frame;
}

export class LeanSocket {
  private socket: Socket | undefined;
  /** The socket being opened (until its connection_ack): close() ends it too. */
  private connecting: Socket | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;
  /** The subscribe frame's text after the id, up to the variables (the query is the same each time). */
  private readonly prefixes = new Map<string, string>();

  constructor(private readonly options: { url: string; authorization: string; userAgent: string }) {}

  /** Runs one operation, connecting first if needed; resolves with the `next` payload (or `error`). */
  async request(query: string, variables: Record<string, unknown>): Promise<Reply> {
    await this.connect();
    const socket = this.socket;
    if (!socket) throw new Error("socket closed");
    const id = String(this.nextId++);
    let prefix = this.prefixes.get(query);
    if (prefix === undefined) {
      prefix = `","type":"subscribe","payload":{"query":${JSON.stringify(query)},"variables":`;
      this.prefixes.set(query, prefix);
    }
    const text = `{"id":"${id}${prefix}${JSON.stringify(variables)}}}`;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, sentAt: performance.now() });
      socket.write(clientFrame(0x1, Buffer.from(text)));
    });
  }

  close(): void {
    this.closed = true;
    this.connecting?.destroy(new Error("socket closed by the bench"));
    this.fail(this.socket, new Error("socket closed by the bench"));
  }

  /** Fails the socket when its oldest request is past the timeout (called by the sweep). */
  expire(now: number): void {
    const oldest = this.pending.values().next().value;
    if (oldest && now - oldest.sentAt > TIMEOUT_MS)
      this.fail(this.socket, new Error(`no answer within ${TIMEOUT_MS} ms`));
  }

  private connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("socket closed"));
    this.ready ??= this.open().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /**
   * Opens one connection: the upgrade, connection_init, its ack. Its bytes are buffered here, per
   * connection, so nothing a refused one left is read by the next.
   */
  private open(): Promise<void> {
    const url = new URL(this.options.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
      this.connecting = socket;
      let buffered: Buffer = Buffer.alloc(0);
      let upgraded = false;
      let settled = false;
      const timer = setTimeout(
        () => finish(new Error(`no connection_ack within ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      );
      /** Before the ack: the open fails or succeeds, once. After it: the socket's failure. */
      const finish = (error?: Error) => {
        if (settled) {
          if (error) this.fail(socket, error);
          return;
        }
        settled = true;
        clearTimeout(timer);
        if (this.connecting === socket) this.connecting = undefined;
        if (!error && this.closed) error = new Error("socket closed by the bench");
        if (error) {
          socket.destroy();
          reject(error);
          return;
        }
        this.socket = socket;
        open.add(this);
        sweeper ??= setInterval(sweep, 5_000).unref();
        resolve();
      };
      socket.on("connect", () => {
        const key = randomFillSync(Buffer.alloc(16)).toString("base64");
        socket.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n` +
            `User-Agent: ${this.options.userAgent}\r\nAuthorization: ${this.options.authorization}\r\n\r\n`,
        );
      });
      socket.on("data", (chunk: Buffer) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        if (!upgraded) {
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) return;
          const status = buffered.subarray(0, buffered.indexOf("\r\n")).toString();
          if (!/^HTTP\/1\.1 101 /.test(status)) return finish(new Error(`upgrade refused (${status})`));
          upgraded = true;
          buffered = buffered.subarray(end + 4);
          const init = { type: "connection_init", payload: { authorization: this.options.authorization } };
          socket.write(clientFrame(0x1, Buffer.from(JSON.stringify(init))));
        }
        buffered = this.readFrames(socket, buffered, (type) => {
          if (type === "connection_ack") finish();
        });
      });
      socket.on("error", (error) => finish(error));
      socket.on("close", () => finish(new Error("socket closed")));
    });
  }

  /**
   * Reads every whole frame of `buffered` (text messages, pings, the close frame); returns what
   * is left of an unfinished one.
   */
  private readFrames(
    socket: Socket,
    buffered: Buffer,
    onControl: (type: string | undefined) => void,
  ): Buffer {
    let buf = buffered;
    for (;;) {
      if (buf.length < 2) break;
      const opcode = (buf[0] as number) & 0x0f;
      let length = (buf[1] as number) & 0x7f;
      let at = 2;
      if (length === 126) {
        if (buf.length < 4) break;
        length = buf.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (buf.length < 10) break;
        length = Number(buf.readBigUInt64BE(2));
        at = 10;
      }
      if (buf.length < at + length) break;
      const payload = buf.subarray(at, at + length);
      buf = buf.subarray(at + length);
      // The server sends each message in one frame (the `ws` library does not fragment).
      if (opcode === 0x1) this.message(socket, payload, onControl);
      else if (opcode === 0x9) socket.write(clientFrame(0xa, Buffer.from(payload)));
      else if (opcode === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        socket.destroy(new Error(`socket closed (${code})`));
        return Buffer.alloc(0);
      }
    }
    return buf;
  }

  private message(socket: Socket, payload: Buffer, onControl: (type: string | undefined) => void) {
    let message: { id?: string; type?: string; payload?: unknown };
    try {
      message = JSON.parse(payload.toString());
    } catch {
      return; // not JSON: ignored, as the agent does
    }
    if (message.id === undefined) {
      if (message.type === "ping") socket.write(clientFrame(0x1, Buffer.from('{"type":"pong"}')));
      else onControl(message.type);
      return;
    }
    if (socket !== this.socket) return;
    if (message.type !== "next" && message.type !== "error") return; // `complete` after `next`
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    pending.resolve(
      message.type === "next"
        ? (message.payload as Reply)
        : { data: null, errors: message.payload as Reply["errors"] },
    );
  }

  /**
   * Fails every request in flight on `socket` and drops it (the next request opens another). A
   * socket that is no longer this one's (a late event of one already dropped) changes nothing.
   */
  private fail(socket: Socket | undefined, error: Error): void {
    if (!socket || socket !== this.socket) return;
    this.socket = undefined;
    this.ready = undefined;
    open.delete(this);
    socket.destroy();
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}
