import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/** A graphql-ws client that collects events of one subscription. */
export function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  connectionParams: Record<string, unknown>,
) {
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
  });
  const events: any[] = [];
  const errors: unknown[] = [];
  let ready: () => void;
  const connected = new Promise<void>((resolve) => {
    ready = resolve;
  });
  client.on("connected", () => ready());
  const closed = new Promise<{ code: number }>((resolve) =>
    client.on("closed", (event) => resolve(event as { code: number })),
  );
  client.subscribe(
    { query, variables },
    { next: (value) => events.push(value), error: (error) => errors.push(error), complete: () => {} },
  );
  return {
    events,
    errors,
    connected,
    closed,
    async waitFor(count: number, timeoutMs = 5000) {
      const started = Date.now();
      while (events.length < count && errors.length === 0) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`waited ${timeoutMs} ms for ${count} events, got ${events.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return events;
    },
    /** Starts another operation on the same socket; resolves with its first error or event, or after 3 s. */
    another(query: string, variables: Record<string, unknown>) {
      return new Promise<{ error?: unknown; event?: unknown; timedOut?: boolean }>((resolve) => {
        setTimeout(() => resolve({ timedOut: true }), 3000).unref();
        client.subscribe(
          { query, variables },
          {
            next: (event) => resolve({ event }),
            error: (error) => resolve({ error }),
            complete: () => resolve({}),
          },
        );
      });
    },
    dispose: () => client.dispose(),
  };
}
