// The local node's live traffic as the dashboard gets it: a `trafficUpdated` subscription over
// graphql-ws with the session cookie, on the API or through the web origin. Shared by the e2e
// start test and `npm run bench:recovery` (which prints the restart time).
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const TRAFFIC = `subscription($nodeId: ID!) { trafficUpdated(nodeId: $nodeId) { nodeId rxPps } }`;

/**
 * Resolves with the first traffic update of `nodeId` over `wsUrl` (…/graphql). The socket is
 * retried until the server answers (it may still be starting); rejects only after `timeoutMs`.
 */
export async function firstTrafficUpdate(
  wsUrl: string,
  cookie: string,
  nodeId: string,
  timeoutMs = 120_000,
): Promise<{ nodeId: string; rxPps: number }> {
  // The session cookie travels with the upgrade request, as a browser's does.
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const client = createClient({
    url: wsUrl,
    webSocketImpl: CookieSocket,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Quick, even retries: this waits for a server that is starting, not one under strain.
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 100)),
    shouldRetry: () => true,
  });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no traffic update on ${wsUrl} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      client.subscribe(
        { query: TRAFFIC, variables: { nodeId } },
        {
          next: (value) => {
            const update = (value.data as { trafficUpdated?: { nodeId: string; rxPps: number } } | undefined)
              ?.trafficUpdated;
            if (update) {
              clearTimeout(timer);
              resolve(update);
            } else if (value.errors) {
              clearTimeout(timer);
              reject(new Error(JSON.stringify(value.errors)));
            }
          },
          error: (error) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
          },
          complete: () => {},
        },
      );
    });
  } finally {
    await client.dispose();
  }
}
