import { type HttpReply, HttpUnreachable, httpPost } from "./http-post.ts";
import { SocketChannel, SocketUnavailable, socketUrlOf } from "./socket-channel.ts";

/**
 * Minimal GraphQL-over-HTTP client for the agent key (node:http with keep-alive connections). Every failure becomes an ApiError whose `kind` says what to do:
 * retry later (unreachable, rate-limited), stop pushing (unauthenticated), or give up on this
 * request (rejected, protocol).
 */
export type ApiErrorKind =
  | "unreachable"
  | "unauthenticated"
  | "rate-limited"
  | "too-large"
  | "rejected"
  | "protocol";

/** Codes that refuse the request itself: sending it again cannot succeed. Any other failure is retried. */
const REFUSALS = new Set(["BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "CONFLICT", "PAYLOAD_TOO_LARGE"]);

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly code?: string,
    /** The API answered and failed on its side (HTTP 5xx, UNAVAILABLE), as against not answering. */
    readonly answered = false,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get retryable(): boolean {
    return this.kind === "unreachable" || this.kind === "rate-limited" || this.kind === "protocol";
  }
}

export interface ClientOptions {
  apiUrl: string;
  agentKey?: string | undefined;
  timeoutMs: number;
  userAgent: string;
  /** Each answer's HTTP Date (epoch ms): the API's clock, for the sample clock. */
  onServerTime?: (serverMs: number) => void;
  /** Push `requestOverSocket` operations over one graphql-ws connection (HTTP when refused). */
  socket?: boolean;
  /** Told when the socket is refused and HTTP is used instead (for a log line). */
  onSocketRefused?: (reason: string) => void;
}

/** After the socket was refused, HTTP is used this long before the socket is tried again. */
const SOCKET_RETRY_MS = 60_000;

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

export class GraphQLClient {
  readonly endpoint: string;
  private channel: SocketChannel | undefined;
  private socketRefusedUntil = 0;

  constructor(private readonly options: ClientOptions) {
    this.endpoint = new URL(
      "graphql",
      options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`,
    ).href;
  }

  setKey(agentKey: string): void {
    this.options.agentKey = agentKey;
    this.channel?.close(); // the socket was authenticated with the old key
    this.channel = undefined;
  }

  /** Closes the persistent socket, if one is open. */
  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  /**
   * Like `request`, but over the persistent socket when `socket` is on. Only for idempotent
   * operations: one whose answer was lost with a dropped socket (or a timeout) is sent again at
   * once over HTTP; if that fails too the caller keeps it and retries. A refused socket (a proxy
   * without WebSocket support) means HTTP for SOCKET_RETRY_MS.
   */
  async requestOverSocket(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    if (!this.options.socket || Date.now() < this.socketRefusedUntil) return this.request(query, variables);
    this.channel ??= new SocketChannel({
      url: socketUrlOf(this.endpoint),
      authorization: () => (this.options.agentKey ? `Bearer ${this.options.agentKey}` : undefined),
      userAgent: this.options.userAgent,
      timeoutMs: this.options.timeoutMs,
      onServerTime: this.options.onServerTime,
    });
    let reply: Awaited<ReturnType<SocketChannel["request"]>>;
    try {
      reply = await this.channel.request(query, variables);
    } catch (error) {
      if (!(error instanceof SocketUnavailable)) throw error;
      if (error.reason === "unauthenticated")
        throw new ApiError("unauthenticated", `the API refused the agent key (${error.message})`);
      // Down or shutting down: HTTP to the same address would fail too; the batch stays queued.
      if (error.reason === "unreachable")
        throw new ApiError("unreachable", `${this.endpoint} unreachable over the socket: ${error.message}`);
      if (error.reason === "refused") {
        this.socketRefusedUntil = Date.now() + SOCKET_RETRY_MS;
        this.options.onSocketRefused?.(error.message);
      }
      return this.request(query, variables);
    }
    try {
      return this.interpret(200, reply, "the socket");
    } catch (error) {
      // A key refused mid-connection: the next connection authenticates again (maybe with a new key).
      if (error instanceof ApiError && error.kind === "unauthenticated") this.close();
      throw error;
    }
  }

  /** Runs one operation with JSON variables; returns `data`. */
  request(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.send(JSON.stringify({ query, variables }), { "content-type": "application/json" });
  }

  /**
   * graphql-multipart-request-spec: `operations` (query + variables with null at the file),
   * `map` (part name → variable path), then the file part.
   */
  upload(
    query: string,
    variables: Record<string, unknown>,
    file: { variable: string; blob: Blob; name: string },
  ) {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query, variables: { ...variables, [file.variable]: null } }));
    form.set("map", JSON.stringify({ "0": [`variables.${file.variable}`] }));
    form.set("0", file.blob, file.name);
    return this.send(form, { "graphql-require-preflight": "1" });
  }

  private async send(body: string | FormData, headers: Record<string, string>) {
    const all: Record<string, string> = { ...headers, "user-agent": this.options.userAgent };
    if (this.options.agentKey) all.authorization = `Bearer ${this.options.agentKey}`;
    let reply: HttpReply;
    try {
      reply =
        typeof body === "string"
          ? await httpPost(new URL(this.endpoint), all, body, this.options.timeoutMs)
          : await this.fetchMultipart(body, all);
    } catch (error) {
      throw new ApiError("unreachable", `${this.endpoint} unreachable: ${(error as Error).message}`);
    }
    const { status, text } = reply;
    if (reply.date) this.options.onServerTime?.(Date.parse(reply.date));
    const retryAfter = Number(reply.retryAfter);
    if (status === 413) throw new ApiError("too-large", `request too large for ${this.endpoint} (HTTP 413)`);
    if (status === 429)
      throw new ApiError(
        "rate-limited",
        "rate limited by the API",
        (Number.isFinite(retryAfter) ? retryAfter : 5) * 1000,
      );
    if (status >= 500)
      throw new ApiError(
        "unreachable",
        `${this.endpoint} answered HTTP ${status}`,
        undefined,
        undefined,
        true,
      );
    let json: GraphQLResponse;
    try {
      json = JSON.parse(text) as GraphQLResponse;
    } catch {
      throw new ApiError(
        "protocol",
        `${this.endpoint} is not a Levee API (HTTP ${status}, ${reply.contentType})`,
      );
    }
    return this.interpret(status, json, `HTTP ${status}`);
  }

  /** Maps a GraphQL answer (HTTP or socket) to its data, or to an ApiError saying what to do. */
  private interpret(status: number, json: GraphQLResponse, via: string): Record<string, unknown> {
    const first = json.errors?.[0];
    const code = first?.extensions?.code;
    if (status === 401 || code === "UNAUTHENTICATED")
      throw new ApiError(
        "unauthenticated",
        first?.message ?? "the API refused the agent key",
        undefined,
        "UNAUTHENTICATED",
      );
    if (code === "RATE_LIMITED")
      throw new ApiError(
        "rate-limited",
        first?.message ?? "rate limited",
        (first?.extensions?.retryAfterSeconds ?? 5) * 1000,
      );
    if (first && !json.data) {
      // Only a refusal of what we sent drops it; a server-side failure is retried.
      const kind =
        code === "GRAPHQL_VALIDATION_FAILED"
          ? "protocol"
          : code && REFUSALS.has(code)
            ? "rejected"
            : "unreachable";
      throw new ApiError(
        kind,
        `${this.endpoint}: ${json.errors?.map((e) => e.message).join("; ")}`,
        undefined,
        code,
        kind === "unreachable",
      );
    }
    if (!json.data) throw new ApiError("protocol", `${this.endpoint} returned no data (${via})`);
    return json.data;
  }

  /** Uploads are rare: only they load fetch (undici), which costs memory the daemon otherwise saves. */
  private async fetchMultipart(form: FormData, headers: Record<string, string>): Promise<HttpReply> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: "POST",
        headers,
        body: form,
        signal: AbortSignal.timeout(Math.max(this.options.timeoutMs, 120_000)),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new HttpUnreachable(cause?.code ?? (error as Error).message);
    }
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "no content type",
      retryAfter: response.headers.get("retry-after") ?? undefined,
      date: response.headers.get("date") ?? undefined,
      text: await response.text().catch(() => ""),
    };
  }
}

/** A mutation result union member: a payload, or an `Error` with `code` and `message`. */
export function unwrapPayload<T>(value: unknown, payloadType: string, field: string): T {
  const result = value as {
    __typename?: string;
    code?: string;
    message?: string;
    retryAfterSeconds?: number;
  };
  if (result?.__typename === payloadType) return result as T;
  const message = `${field}: ${result?.message ?? "unexpected answer"}${result?.code ? ` (${result.code})` : ""}`;
  if (result?.code === "UNAUTHENTICATED")
    throw new ApiError("unauthenticated", message, undefined, result.code);
  if (result?.code === "RATE_LIMITED")
    throw new ApiError("rate-limited", message, (result.retryAfterSeconds ?? 5) * 1000, result.code);
  // UNAVAILABLE: the API stored nothing (its database failed); the same request is retried.
  if (!result?.code || !REFUSALS.has(result.code))
    throw new ApiError("unreachable", message, undefined, result?.code, true);
  throw new ApiError("rejected", message, undefined, result?.code);
}
