import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ExecutionArgs, type ExecutionResult, execute, parse } from "graphql";
import type { GraphQLContext } from "../context.ts";
import { schema } from "../schema.ts";
import { CompiledOperations, compiledOperationsPlugin } from "./compiled-operations.ts";

/** levee-agent's telemetry document (agent/src/transport/agent-api.ts), as it sends it. */
const REPORT = `mutation Report($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  __typename ... on ReportTelemetryPayload { accepted duplicates rejected { index path message }
    detection { state incidentId captureRequested thresholds { metric threshold elevatedAt source } }
    mitigation { id type slot params permanent expiresAt } }
  ... on Error { code message } } }`;

type ExecuteFn = (args: ExecutionArgs) => unknown;

/** The execute function the plugin puts in place for these arguments, if any. */
function compiledExecute(args: ExecutionArgs): ExecuteFn | undefined {
  let chosen: ExecuteFn | undefined;
  const onExecute = compiledOperationsPlugin(["reportTelemetry"]).onExecute as (hook: unknown) => void;
  onExecute({
    args,
    setExecuteFn: (fn: ExecuteFn) => {
      chosen = fn;
    },
    executeFn: execute,
  });
  return chosen;
}

/** Both ways, each with a context of its own (Pothos caches per context object). */
async function bothWays(document: string, variables: unknown, principal: unknown) {
  const args = () => ({
    schema,
    document: parsed,
    variableValues: variables as Record<string, unknown>,
    contextValue: { principal } as unknown as GraphQLContext,
  });
  const parsed = parse(document);
  const compiled = compiledExecute(args());
  assert.ok(compiled, "the agent's document runs compiled");
  const viaCompiled = JSON.parse(JSON.stringify(await compiled(args()))) as ExecutionResult;
  const viaGraphql = JSON.parse(JSON.stringify(await execute(args()))) as ExecutionResult;
  return { viaCompiled, viaGraphql };
}

const sample = {
  ts: "2026-01-01T00:00:00.000Z",
  interface: "eth0",
  rxPps: 1,
  rxBps: 1,
  txPps: 1,
  txBps: 1,
  tcpPps: 1,
  udpPps: 0,
  icmpPps: 0,
  otherPps: 0,
  synRecv: 0,
  tcpEstablished: 1,
  tcpTotal: 1,
};
const agent = {
  kind: "agent",
  apiKeyId: "k",
  workspaceId: "w",
  nodeId: "n",
  label: "agent",
  expiresAt: null,
};

describe("compiled agent operations answer as graphql-js does", () => {
  const cases: [string, unknown, unknown][] = [
    ["samples missing", {}, agent],
    ["samples null", { samples: null }, agent],
    ["a sample without ts", { samples: [{ ...sample, ts: undefined }] }, agent],
    ["a ts that is no date", { samples: [{ ...sample, ts: "yesterday" }] }, agent],
    ["a rate that is a string", { samples: [{ ...sample, rxPps: "many" }] }, agent],
    ["an int that is a float", { samples: [{ ...sample, synRecv: 1.5 }] }, agent],
    ["an unknown field", { samples: [{ ...sample, color: "red" }] }, agent],
    ["an int past 32 bits", { samples: [{ ...sample, tcpTotal: 2 ** 31 }] }, agent],
    ["a null in the list", { samples: [sample, null] }, agent],
    [
      "socket counts not read, listen-queue rates given",
      { samples: [{ ...sample, synRecv: null, tcpEstablished: null, tcpTotal: null, syncookiesSent: 12.5 }] },
      agent,
    ],
    ["a listen-queue rate that is a string", { samples: [{ ...sample, listenDrops: "some" }] }, agent],
    ["a DateTime with an offset", { samples: [{ ...sample, ts: "2026-01-01T01:00:00+01:00" }] }, agent],
    ["one sample, not a list", { samples: { ...sample, rxPps: "x" } }, agent],
    ["too many samples (refused by the resolver)", { samples: Array(2001).fill(sample) }, agent],
  ];
  for (const [name, variables, principal] of cases) {
    it(name, async () => {
      const { viaCompiled, viaGraphql } = await bothWays(REPORT, variables, principal);
      assert.deepEqual(viaCompiled, viaGraphql);
    });
  }

  it("callers other than agents never reach the compiler", () => {
    for (const principal of [
      { kind: "anonymous", problem: "No credential" },
      { kind: "user", userId: "u" },
    ])
      assert.equal(
        compiledExecute({ schema, document: parse(REPORT), contextValue: { principal } }),
        undefined,
      );
  });

  it("other documents run the ordinary way", () => {
    const args = (document: string) => ({
      schema,
      document: parse(document),
      contextValue: { principal: agent },
    });
    // Aliased copies of the agent's field: each would make the compile as costly again.
    assert.equal(
      compiledExecute(
        args(
          "mutation M($s: [TelemetrySampleInput!]!) { a: reportTelemetry(samples: $s) { __typename } b: reportTelemetry(samples: $s) { __typename } }",
        ),
      ),
      undefined,
    );
    assert.equal(compiledExecute(args("query { __typename }")), undefined);
    assert.equal(
      compiledExecute(
        args(
          'mutation M($s: [TelemetrySampleInput!]!) { reportTelemetry(samples: $s) { __typename } enrollAgent(input: { token: "t", hostname: "h", agentVersion: "1" }) { __typename } }',
        ),
      ),
      undefined,
    );
  });

  it("operation names the document does not have are not kept (the client chooses them)", () => {
    const operations = new CompiledOperations(["reportTelemetry"]);
    const document = parse(REPORT);
    assert.ok(operations.compiledFor({ schema, document, operationName: "Report" }));
    for (let i = 0; i < 1_000; i++)
      assert.equal(operations.compiledFor({ schema, document, operationName: `Not${i}` }), null);
    assert.equal(operations.keptFor(document), 1);
  });
});
