import { before } from "node:test";
import type { TestApi } from "../harness.ts";

/**
 * Opens the suite's API on a free loopback port before its tests (graphql-ws needs a real socket,
 * not yoga's fetch), and returns where to reach it; filled in by the time the first test runs.
 */
export function listenForSockets(api: TestApi): { ws: string; base: string } {
  const endpoint = { ws: "", base: "" };
  before(async () => {
    const { port } = await api.server.listen(0, "127.0.0.1");
    endpoint.ws = `ws://127.0.0.1:${port}/graphql`;
    endpoint.base = `http://127.0.0.1:${port}`;
  });
  return endpoint;
}
