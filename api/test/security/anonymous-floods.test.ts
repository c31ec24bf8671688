// Anonymous floods (bench:abuse's anonymous kinds), replayed against a real API: a caller with no
// credential asking again and again for what needs one is held as a refused one is, and readers
// of a public status page share one computation of it.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { UNAUTHENTICATED_AT_ONCE } from "../../src/http/repeated-unauthenticated.ts";
import { incidentRef } from "../../src/status-pages/public-view.ts";
import { createTenant, mutateOk, rawId, type Tenant } from "../fixtures.ts";
import { useTestApi } from "../harness.ts";

const PAGE = `query($slug: String!) { statusPage(slug: $slug) { title generatedAt nodes { name state } } }`;
const INCIDENT = `query($slug: String!, $ref: String!) { statusPageIncident(slug: $slug, ref: $ref) {
  title incident { ref startedAt } updates { kind at } } }`;
const HOLD_MS = 1000;

describe("anonymous floods", () => {
  // A page answer kept a minute here (a second by default), so readers share it however slow the machine.
  const api = useTestApi("pglite", { STATUS_PAGE_CACHE_MS: "60000", RATE_LIMIT_HOLD_MS: String(HOLD_MS) });
  let tenant: Tenant;
  const publish = (title: string) =>
    mutateOk(
      api,
      tenant.owner,
      "updateStatusPage",
      {
        workspaceId: tenant.workspaceId,
        enabled: true,
        public: true,
        title,
        nodes: [{ nodeId: tenant.nodeId, displayName: "Web" }],
      },
      "... on StatusPagePayload { statusPage { title } }",
    );

  before(async () => {
    tenant = await createTenant(api, "floods");
    await publish("Acme status");
  });

  it("readers of a public status page share one computation of it; a change to the page is seen at once", async () => {
    const cache = api.server.services.publicReads;
    const before = cache.computations;
    // Variables the query does not declare make no new answer: a flood cannot mint keys with them.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.gql(PAGE, { slug: tenant.slug, junk: i })),
    );
    for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.errors));
    assert.equal(cache.computations - before, 1, "10 readers, one computation");
    assert.equal(new Set(answers.map((a) => a.data.statusPage.generatedAt)).size, 1);
    assert.equal(answers[0]?.data.statusPage.title, "Acme status");
    // The page reads nothing of its caller: a signed-in reader shares the same answer.
    const signedIn = await api.gql(PAGE, { slug: tenant.slug }, tenant.owner);
    assert.equal(signedIn.data.statusPage.generatedAt, answers[0]?.data.statusPage.generatedAt);
    assert.equal(cache.computations - before, 1);

    // Made private: the kept answer goes with the change, the page is gone for everyone at once.
    await mutateOk(
      api,
      tenant.owner,
      "updateStatusPage",
      { workspaceId: tenant.workspaceId, enabled: true, public: false, title: "Acme status", nodes: [] },
      "... on StatusPagePayload { statusPage { title } }",
    );
    assert.equal((await api.gql(PAGE, { slug: tenant.slug })).data.statusPage, null);
    await publish("Acme status, renamed");
    assert.equal((await api.gql(PAGE, { slug: tenant.slug })).data.statusPage.title, "Acme status, renamed");
  });

  it("readers of an incident's page share one computation of it; a page made private takes it away at once", async () => {
    const cache = api.server.services.publicReads;
    const page = (isPublic: boolean) =>
      mutateOk(
        api,
        tenant.owner,
        "updateStatusPage",
        {
          workspaceId: tenant.workspaceId,
          enabled: true,
          public: isPublic,
          title: "Acme status",
          nodes: [{ nodeId: tenant.agent.nodeId, displayName: "Edge" }],
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
    await page(true);
    const variables = { slug: tenant.slug, ref: incidentRef(rawId(tenant.incidentId)) };
    const before = cache.computations;
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.gql(INCIDENT, variables)));
    for (const answer of answers) assert.equal(answer.data?.statusPageIncident?.title, "Acme status");
    assert.equal(cache.computations - before, 1, "10 readers, one computation");
    await page(false);
    assert.equal((await api.gql(INCIDENT, variables)).data.statusPageIncident, null);
    await publish("Acme status");
  });

  it("the web app's read (statusPageLock beside statusPage) is shared too; a protected page's answer is kept per proof, never for a reader without it", async () => {
    const cache = api.server.services.publicReads;
    // As web/src/lib/graphql/operations/status-page.ts asks: the page and its lock in one document.
    const WEB_PAGE = `query($slug: String!, $access: String) {
      statusPage(slug: $slug, access: $access) { title generatedAt } statusPageLock(slug: $slug) { title } }`;
    const read = (access?: string) => api.gql(WEB_PAGE, { slug: tenant.slug, access });
    let before = cache.computations;
    const answers = await Promise.all(Array.from({ length: 10 }, () => read()));
    for (const answer of answers) assert.equal(answer.data?.statusPage?.title, "Acme status");
    assert.equal(cache.computations - before, 1, "10 readers, one computation");

    const protect = (accessPassword: string | null) =>
      mutateOk(
        api,
        tenant.owner,
        "updateStatusPage",
        {
          workspaceId: tenant.workspaceId,
          enabled: true,
          public: true,
          title: "Acme status",
          accessPassword,
          nodes: [{ nodeId: tenant.nodeId, displayName: "Web" }],
        },
        "... on StatusPagePayload { statusPage { passwordProtected } }",
      );
    try {
      // A password set: the kept open answer goes with the change.
      await protect("open sesame 1");
      assert.deepEqual((await read()).data, { statusPage: null, statusPageLock: { title: "Acme status" } });
      const unlocked = await mutateOk(
        api,
        {},
        "unlockStatusPage",
        { slug: tenant.slug, password: "open sesame 1" },
        "... on UnlockStatusPagePayload { access }",
      );
      const access = String(unlocked.access);
      before = cache.computations;
      const opened = await Promise.all(Array.from({ length: 5 }, () => read(access)));
      for (const answer of opened) assert.equal(answer.data?.statusPage?.title, "Acme status");
      assert.equal(cache.computations - before, 1, "5 readers with one proof, one computation");
      // The answer kept for the proof is not a reader's without it, nor with another value.
      assert.equal((await read()).data?.statusPage, null);
      assert.equal((await read(`${access}x`)).data?.statusPage, null);
    } finally {
      await protect(null);
    }
  });

  it("a change announced by another instance forgets the kept answers here", async () => {
    const cache = api.server.services.publicReads;
    await api.gql(PAGE, { slug: tenant.slug });
    assert.ok(cache.size > 0);
    api.server.services.pubsub.publish("statusPagesChanged", { workspaceId: tenant.workspaceId });
    // Delivered through the subscription, a turn or two later: waited for, with a generous bound.
    const deadline = Date.now() + 10_000;
    while (cache.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(cache.size, 0);
  });

  it(`past ${UNAUTHENTICATED_AT_ONCE} UNAUTHENTICATED answers, a caller without a credential is held as a refused one is`, async () => {
    const ask = () => api.gql(`{ nodes(ids: ["${tenant.nodeId}"]) { id } }`);
    for (let i = 0; i < UNAUTHENTICATED_AT_ONCE; i++) {
      const answer = await ask();
      assert.equal(answer.status, 401);
      assert.equal(answer.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
    }
    const started = performance.now();
    const held = await ask();
    const waited = performance.now() - started;
    assert.equal(held.status, 401);
    assert.equal(held.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
    // Timers never fire early: a held answer comes a hold after it was decided, at the earliest.
    assert.ok(waited >= HOLD_MS - 50, `answered after ${waited.toFixed(0)} ms`);
    // What needs no credential is still answered (the public page; the hold is not a ban).
    assert.equal((await api.gql(PAGE, { slug: tenant.slug })).status, 200);
  });
});
