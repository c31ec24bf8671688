/**
 * The attackers of bench:abuse, in a process of their own (forked by abuse-bench.ts): their
 * answers are read and counted here, so the client measuring the ordinary query never waits for
 * its own event loop to get through them. Each kind runs BENCH_ATTACKERS connections flat out,
 * held back only by what the API's limits do to them:
 * - anonymous: nodes(ids:) with 100 ids, the most an operation may name (this address's rate);
 * - status-page: the public status page of 100 nodes, read anonymously (this address's rate);
 * - max-cost: the most expensive query under GRAPHQL_MAX_COST, with key A (the heavy gate);
 * - graphql-ws: sockets with key A, each keeping WS_IN_FLIGHT operations outstanding: the heaviest
 *   query under the heavy threshold (a page of 200 nodes with their detection state), so the
 *   socket's operations and key A's HTTP requests share one rate limit and one cost budget;
 * - login guesses: 30 aliased sign-ins per request over ten accounts (the per-account and
 *   per-address sign-in throttles, and this address's rate).
 * Messages: {start} starts every flood, {stop} stops them and is answered {stopped, answered}
 * once every request and operation in flight has been answered.
 */
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { postRaw } from "./bench-api.ts";

export interface AttackPlan {
  base: string;
  attackers: number;
  keyA: string;
  anonymousBody: string;
  statusPageBody: string;
  heavyBody: string;
  ungatedQuery: string;
  /** The floods to run (ATTACK_KINDS; abuse-bench.ts reads them from BENCH_KINDS). */
  kinds: AttackKind[];
}

export const ATTACK_KINDS = ["anonymous", "status-page", "max-cost", "login", "graphql-ws"] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

const WS_IN_FLIGHT = 16;
const GUESSES_PER_REQUEST = 30;

type Answer = { status: number; text: string };

/** A refused connection is an answer too (status 0): attackers count it and go on. */
function send(base: string, body: string, token?: string): Promise<Answer> {
  return postRaw(base, body, token).catch((error: Error) => ({ status: 0, text: error.message }));
}

/** What an answer was: the HTTP status, or the first error code when there is one. */
function outcome({ status, text }: Answer): string {
  const code = /"code":"([A-Z_]+)"/.exec(text)?.[1];
  return code ? `${status} ${code}` : String(status);
}

function loginGuesses(round: number): string {
  const aliases = Array.from(
    { length: GUESSES_PER_REQUEST },
    (_, i) =>
      `g${i}: login(input: { email: "victim${i % 10}@example.com", password: "guess-${round}-${i}" }) { __typename ... on Error { code } }`,
  );
  return JSON.stringify({ query: `mutation { ${aliases.join(" ")} }` });
}

function run(plan: AttackPlan) {
  const kinds = new Set(plan.kinds);
  const answered = new Map<string, number>();
  const count = (kind: string, what: string) => {
    const key = `${kind}: ${what}`;
    answered.set(key, (answered.get(key) ?? 0) + 1);
  };
  let running = false;
  let inFlight = 0;
  let whenIdle: (() => void) | undefined;
  const track = async (work: Promise<void>) => {
    inFlight++;
    try {
      await work;
    } finally {
      inFlight--;
      if (inFlight === 0) whenIdle?.();
    }
  };

  const httpFlood = async (kind: string, body: () => string, token?: string) => {
    while (running) await track(send(plan.base, body(), token).then((a) => count(kind, outcome(a))));
  };

  let guessRound = 0;
  const sockets: Client[] = Array.from({ length: kinds.has("graphql-ws") ? plan.attackers : 0 }, () =>
    createClient({
      url: `${plan.base.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${plan.keyA}` },
      retryAttempts: 1_000,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
      lazy: false,
      on: { closed: (event) => count("graphql-ws", `socket closed ${(event as { code: number }).code}`) },
    }),
  );
  const wsOperation = (client: Client) =>
    new Promise<string>((resolve) => {
      let result = "complete";
      client.subscribe(
        { query: plan.ungatedQuery },
        {
          next: (value) => {
            const code = (value.errors?.[0]?.extensions as { code?: string } | undefined)?.code;
            result = code ?? "data";
          },
          error: (error) => {
            result = Array.isArray(error)
              ? ((error[0]?.extensions as { code?: string } | undefined)?.code ?? "error")
              : "error";
            resolve(result);
          },
          complete: () => resolve(result),
        },
      );
    });
  const wsFlood = async (client: Client) => {
    // WS_IN_FLIGHT operations outstanding on the socket at all times: sent without waiting for answers.
    const lane = async () => {
      while (running) await track(wsOperation(client).then((result) => count("graphql-ws", result)));
    };
    await Promise.all(Array.from({ length: WS_IN_FLIGHT }, lane));
  };

  process.on("message", (message: { type: string }) => {
    if (message.type === "start") {
      running = true;
      answered.clear();
      for (let i = 0; i < plan.attackers; i++) {
        if (kinds.has("anonymous")) void httpFlood("anonymous nodes(ids: 100)", () => plan.anonymousBody);
        if (kinds.has("status-page")) void httpFlood("status page (100 nodes)", () => plan.statusPageBody);
        if (kinds.has("max-cost")) void httpFlood("max-cost", () => plan.heavyBody, plan.keyA);
        if (kinds.has("login")) void httpFlood("login guesses", () => loginGuesses(guessRound++));
        if (kinds.has("graphql-ws")) void wsFlood(sockets[i] as Client);
      }
    } else if (message.type === "stop") {
      running = false;
      const report = () => process.send?.({ type: "stopped", answered: Object.fromEntries(answered) });
      if (inFlight === 0) report();
      else whenIdle = report;
    } else if (message.type === "exit") {
      for (const client of sockets) void client.dispose();
      setTimeout(() => process.exit(0), 100);
    }
  });
}

process.once("message", (plan: AttackPlan) => {
  run(plan);
  process.send?.({ type: "ready" });
});
// Never outlive the benchmark.
process.on("disconnect", () => process.exit(0));
