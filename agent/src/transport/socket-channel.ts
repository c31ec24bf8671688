import WebSocket from "ws";

/**
 * One persistent graphql-ws connection (protocol graphql-transport-ws) to the API, used for
 * the agent's per-second reportTelemetry: the key is checked once per connection instead of
 * once per HTTP request, and no request/response headers are parsed per sample. It carries
 * only idempotent operations: one whose answer is lost with a dropped socket counts as unsent
 * and is sent again (the API stores a sample once per node and second).
 */
export interface SocketReply {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

/**
 * Why the socket could not carry an operation. `refused`: something answered but would not
 * speak graphql-ws (a proxy without WebSocket support): use HTTP for a while. `unreachable`:
 * nothing listens, or the API is shutting down (503): HTTP would fare no better, retry later.
 * `dropped` / `timeout`: the operation may or may not have been stored; it is sent again.
 */
export class SocketUnavailable extends Error {
  constructor(
    readonly reason: "refused" | "unreachable" | "unauthenticated" | "dropped" | "timeout",
    message: string,
  ) {
    super(message);
    this.name = "SocketUnavailable";
  }
}

/** graphql-ws close codes the server uses when the credential is refused. */
const AUTH_CLOSE = new Set([4401, 4403]);
/** Errors of the TCP connect itself: no API listens there (yet). */
const UNREACHABLE_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN"]);
/** Upgrade answers meaning "not now" rather than "no WebSocket here" (503: the API is shutting down). */
const UNAVAILABLE_STATUS = new Set([502, 503, 504]);
/** Closes before connection_ack that mean the server is going away, not that it refused the protocol. */
const GOING_AWAY_CLOSE = new Set([1001, 1006, 1012, 1013]);

interface Pending {
  resolve: (reply: SocketReply) => void;
  reject: (error: SocketUnavailable) => void;
  timer: NodeJS.Timeout;
}

export class SocketChannel {
  private socket: WebSocket | undefined;
  private ready: Promise<WebSocket> | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly options: {
      /** ws:// or wss:// URL of /graphql. */
      url: string;
      authorization: () => string | undefined;
      userAgent: string;
      timeoutMs: number;
      /** The API's clock from connection_ack (epoch ms). */
      onServerTime?: (serverMs: number) => void;
    },
  ) {}

  /** Runs one operation on the socket, connecting first if needed. */
  async request(query: string, variables: Record<string, unknown>): Promise<SocketReply> {
    const socket = await this.connect();
    const id = String(this.nextId++);
    return new Promise<SocketReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new SocketUnavailable("timeout", `no answer on the socket within ${this.options.timeoutMs} ms`),
        );
        this.drop(); // a socket that stopped answering is not trusted with the next sample
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
    });
  }

  /** Closes the socket; operations in flight fail as dropped. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  private connect(): Promise<WebSocket> {
    if (this.closed) return Promise.reject(new SocketUnavailable("dropped", "socket channel closed"));
    this.ready ??= this.open().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private open(): Promise<WebSocket> {
    const { url, timeoutMs, userAgent } = this.options;
    return new Promise((resolve, reject) => {
      // The key also rides on the upgrade (it is checked in connection_init): a balancer in
      // front of several API processes hashes on it, so this socket lands on the process the
      // agent's HTTP calls reach (deploy/haproxy.cfg).
      const authorization = this.options.authorization();
      const socket = new WebSocket(url, "graphql-transport-ws", {
        headers: { "user-agent": userAgent, ...(authorization && { authorization }) },
        handshakeTimeout: timeoutMs,
      });
      let acked = false;
      const fail = (error: SocketUnavailable) => {
        clearTimeout(ackTimer);
        if (!acked) reject(error);
        this.failAll(error);
        if (this.socket === socket) {
          this.socket = undefined;
          this.ready = undefined;
        }
      };
      const ackTimer = setTimeout(() => {
        fail(new SocketUnavailable("refused", `no connection_ack within ${timeoutMs} ms`));
        socket.terminate();
      }, timeoutMs);
      socket.on("open", () => {
        const authorization = this.options.authorization();
        socket.send(
          JSON.stringify({ type: "connection_init", payload: authorization ? { authorization } : {} }),
        );
      });
      // Nothing listening (API down or restarting) is unreachable; a connection reset during the
      // upgrade (a proxy or server without WebSocket support drops it) is a refusal.
      socket.on("error", (error) => {
        const code = (error as NodeJS.ErrnoException).code ?? "";
        fail(new SocketUnavailable(UNREACHABLE_ERRORS.has(code) ? "unreachable" : "refused", error.message));
      });
      socket.on("unexpected-response", (_request, response) => {
        const status = response.statusCode ?? 0;
        const reason = UNAVAILABLE_STATUS.has(status) ? "unreachable" : "refused";
        fail(new SocketUnavailable(reason, `upgrade refused (HTTP ${status})`));
        socket.terminate();
      });
      socket.on("close", (code, reason) => {
        const why = `socket closed (${code}${reason.length ? ` ${reason.toString()}` : ""})`;
        fail(
          AUTH_CLOSE.has(code)
            ? new SocketUnavailable("unauthenticated", why)
            : acked
              ? new SocketUnavailable("dropped", why)
              : new SocketUnavailable(GOING_AWAY_CLOSE.has(code) ? "unreachable" : "refused", why),
        );
      });
      socket.on("message", (data) => {
        let message: { id?: string; type?: string; payload?: unknown };
        try {
          message = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (message.type === "connection_ack") {
          acked = true;
          clearTimeout(ackTimer);
          this.socket = socket;
          const serverTime = (message.payload as { serverTime?: unknown } | undefined)?.serverTime;
          if (typeof serverTime === "number") this.options.onServerTime?.(serverTime);
          resolve(socket);
        } else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else if (message.id) this.answer(message.id, message.type, message.payload);
      });
    });
  }

  /** `next` carries the result; `error` the operation's refusal (validation, rate limit, credential). */
  private answer(id: string, type: string | undefined, payload: unknown): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    if (type !== "next" && type !== "error") return; // `complete` after `next`: already answered
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(
      type === "next" ? (payload as SocketReply) : { data: null, errors: payload as SocketReply["errors"] },
    );
  }

  private failAll(error: SocketUnavailable): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.ready = undefined;
    this.failAll(new SocketUnavailable("dropped", "socket closed by the agent"));
    socket?.terminate();
  }
}

/** http(s)://host/graphql → ws(s)://host/graphql. */
export function socketUrlOf(endpoint: string): string {
  const url = new URL(endpoint);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
