// The one live connection of a browser tab: graphql-ws over ws(s)://<web origin>/graphql, which web/server.ts
// pipes to the API, so the HTTP-only session cookie authenticates it. Lazy (opens with the first subscription,
// closes 3 s after the last), reconnects forever with back-off, and tells the UI whether it is live.
import { type Client, createClient } from "graphql-ws";
import type { Operation } from "@/lib/graphql/request";
import { retryDelayMs } from "./backoff";

export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting";

let client: Client | undefined;
let status: LiveStatus = "idle";
let active = 0;
const listeners = new Set<() => void>();

function setStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
}

function liveUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

function getClient(): Client {
  client ??= createClient({
    url: liveUrl,
    lazy: true,
    lazyCloseTimeout: 3_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt))),
    on: {
      connecting: (isRetry) => setStatus(isRetry ? "reconnecting" : "connecting"),
      connected: () => setStatus("live"),
      closed: () => setStatus(active > 0 ? "reconnecting" : "idle"),
    },
  });
  return client;
}

export function liveStatus(): LiveStatus {
  return status;
}

export function onLiveStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface SubscriptionHandlers<TData> {
  next: (data: TData) => void;
  error?: (message: string) => void;
}

/** Starts a subscription; returns the function that ends it. */
export function subscribe<TData, TVariables extends Record<string, unknown>>(
  document: Operation<TData, TVariables>,
  variables: TVariables,
  handlers: SubscriptionHandlers<TData>,
): () => void {
  active++;
  const stop = getClient().subscribe<TData, TVariables>(
    { query: document.toString(), variables },
    {
      next: (result) => {
        if (result.data) handlers.next(result.data as TData);
        if (result.errors?.length) handlers.error?.(result.errors.map((e) => e.message).join("; "));
      },
      error: (error) => {
        const message = Array.isArray(error)
          ? error.map((e: { message: string }) => e.message).join("; ")
          : error instanceof Error
            ? error.message
            : "The live connection was refused.";
        handlers.error?.(message);
      },
      complete: () => {},
    },
  );
  return () => {
    active--;
    stop();
  };
}
