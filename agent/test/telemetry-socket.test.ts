import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { TelemetrySample } from "../src/sampler/sample.ts";
import { enrollAgent, reportTelemetry } from "../src/transport/agent-api.ts";
import { ApiError, GraphQLClient } from "../src/transport/graphql-client.ts";
import { ApiProcess } from "./support/api-process.ts";

/** HTTP requests the API has answered on /graphql (its own counter): the socket adds none. */
async function graphqlHttpRequests(api: ApiProcess): Promise<number> {
  const text = await fetch(`${api.url}/metrics`).then((r) => r.text());
  return text
    .split("\n")
    .filter((line) => line.startsWith("levee_http_requests_total{") && line.includes('route="/graphql"'))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

let clock = Date.now() - 60_000;
const sample = (): TelemetrySample => {
  clock += 1000;
  return {
    ts: new Date(clock).toISOString(),
    interface: "eth0",
    rxPps: 100,
    rxBps: 800_000,
    txPps: 50,
    txBps: 400_000,
    tcpPps: 70,
    udpPps: 25,
    icmpPps: 1,
    otherPps: 4,
    synRecv: 0,
    tcpEstablished: 3,
    tcpTotal: 5,
  } as TelemetrySample;
};

describe("telemetry over the persistent graphql-ws socket", () => {
  let api: ApiProcess;
  let cookie = "";
  let agentKey = "";
  let nodeId = "";
  const refused: string[] = [];
  const client = (apiUrl: string) =>
    new GraphQLClient({
      apiUrl,
      agentKey,
      timeoutMs: 10_000,
      userAgent: "levee-agent/test",
      socket: true,
      onSocketRefused: (reason) => refused.push(reason),
    });

  before(async () => {
    api = await ApiProcess.create();
    await api.start();
    const minted = await api.enrollmentToken();
    cookie = minted.cookie;
    const enrolled = await enrollAgent(
      new GraphQLClient({ apiUrl: api.url, timeoutMs: 10_000, userAgent: "levee-agent/test" }),
      { token: minted.token, hostname: "socket-host", agentVersion: "0.1.0" },
    );
    agentKey = enrolled.agentKey;
    nodeId = enrolled.node.id;
  });
  after(async () => {
    await api?.destroy();
  });

  it("stores every sample over one socket, without an HTTP request per sample", async () => {
    const agent = client(api.url);
    await reportTelemetry(agent, [sample()]); // connects (and loads the node's state)
    const before = await graphqlHttpRequests(api);
    for (let i = 0; i < 5; i++) assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
    assert.equal(await graphqlHttpRequests(api), before, "no telemetry went over HTTP");
    assert.deepEqual(refused, []);
    const [row] = await api.query<{ n: number }>("select count(*)::int as n from traffic_sample");
    assert.equal(row?.n, 6);
    agent.close();
  });

  it("falls back to HTTP when the socket is refused (a proxy without WebSocket support)", async () => {
    // Forwards POSTs to the API and, having no upgrade handler, drops every WebSocket upgrade.
    const target = new URL(api.url);
    const proxy = createServer((req, res) => {
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const agent = client(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
      assert.equal(refused.length, 1, "the refusal is told once");
      assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1, "and HTTP is used after it");
      assert.equal(refused.length, 1, "the socket is not retried at once");
      agent.close();
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("a key revoked while its socket is open is refused on the next sample", async () => {
    const agent = client(api.url);
    assert.equal((await reportTelemetry(agent, [sample()])).accepted, 1);
    const deleted = await api.gql(
      `mutation($input: DeleteNodeInput!) { deleteNode(input: $input) { __typename ... on Error { message } } }`,
      { input: { nodeId } },
      { cookie },
    );
    assert.equal(
      deleted.body.data?.deleteNode?.__typename,
      "DeleteNodePayload",
      JSON.stringify(deleted.body),
    );
    await assert.rejects(
      () => reportTelemetry(agent, [sample()]),
      (error: unknown) => error instanceof ApiError && error.kind === "unauthenticated",
    );
    agent.close();
  });
});
