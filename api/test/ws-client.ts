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
  let ended: () => void;
  /** The server ended the stream (complete), or it failed. */
  const completed = new Promise<void>((resolve) => {
    ended = resolve;
  });
  client.subscribe(
    { query, variables },
    {
      next: (value) => events.push(value),
      error: (error) => {
        errors.push(error);
        ended();
      },
      complete: () => ended(),
    },
  );
  return {
    events,
    errors,
    connected,
    closed,
    completed,
    async waitFor(count: number, timeoutMs = 15_000) {
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

/**
 * One subscription (id "1") on a bare graphql-transport-ws socket, for tests that need the socket
 * itself (stop it reading, terminate it, send `complete` by hand). Resolves once the connection is
 * acknowledged and the subscribe frame sent; each `next` payload goes to `onNext`.
 */
export async function rawSubscription(
  url: string,
  authorization: string,
  subscription: { query: string; variables: Record<string, unknown> },
  onNext: (payload: any) => void = () => {},
) {
  const socket = new WebSocket(url, "graphql-transport-ws");
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const acked = new Promise<void>((resolve, reject) => {
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === "connection_ack") resolve();
      if (message.type === "next") onNext(message.payload);
      if (message.type === "error") reject(new Error(JSON.stringify(message.payload)));
    });
    socket.on("error", reject);
  });
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization } }));
  await acked;
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: subscription }));
  return { socket, closed };
}

/** How many graphql-ws subscriptions the server at `base` streams now (its /metrics gauge). */
export async function activeSubscriptions(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("levee_graphql_subscriptions_active "));
  return Number(line?.split(" ")[1] ?? 0);
}

/**
 * Waits until the server at `base` streams at least `count` graphql-ws subscriptions: an event
 * published before a subscription is live would be missed, and a fixed sleep is too short on a
 * loaded machine.
 */
export async function subscriptionsLive(base: string, count: number, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while ((await activeSubscriptions(base)) < count) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`${count} subscription(s) not live within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
