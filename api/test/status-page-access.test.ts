// A password-protected status page: the password is set and cleared by the page's editors (stored as
// a slow hash, never returned, audited without it); visitors see only the lock (slug, title) until
// unlockStatusPage gives them a proof, which every public field then takes as `access`; a new or
// cleared password opens no earlier proof; attempts are rate-limited per client address. The feed
// link's token (statusPage's `feedToken`): read by editors only, kept sealed and as a digest, voided
// by a new link, a new password or none, audited without it, and a wrong one counted as an attempt.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { UNLOCKS_PER_ADDRESS, UNLOCKS_PER_PAGE } from "../src/services.ts";
import { incidentRef } from "../src/status-pages/public-view.ts";
import { engines } from "./databases.ts";
import { addMember, createTenant, errorCode, mutate, rawId, type Tenant } from "./fixtures.ts";
import type { Caller } from "./harness.ts";
import { useTestApi } from "./harness.ts";

const PAGE = `query($slug: String!, $access: String) { statusPage(slug: $slug, access: $access) {
  title passwordProtected nodes { name } notices { message } incidents { ref nodeName updates { kind status message } } } }`;
const INCIDENT = `query($slug: String!, $ref: String!, $access: String) {
  statusPageIncident(slug: $slug, ref: $ref, access: $access) { title incident { ref } updates { kind } } }`;
const LOCK = "query($slug: String!) { statusPageLock(slug: $slug) { slug title } }";
const SETTINGS = "... on StatusPagePayload { statusPage { passwordProtected } }";
const UNLOCK =
  "... on UnlockStatusPagePayload { access expiresAt } ... on ValidationError { fieldErrors { path message } }";

/**
 * The unlock budgets are what these suites count. The general per-second request limit (60 per
 * caller) is off: in-process requests all count as one caller (`ip:unknown`), and a loop of a
 * page's 51 unlock attempts or voided feed polls, then the call under test, crossed it when the
 * machine ran them within a second (CI: the unlock refused "Too many requests; retry in 1s").
 */
const UNLOCK_BUDGETS_ONLY = { RATE_LIMIT_PER_SECOND: "0" };

for (const engine of engines) {
  describe(`password-protected status pages (${engine})`, () => {
    const api = useTestApi(engine, UNLOCK_BUDGETS_ONLY);
    let tenant: Tenant;
    let ref: string;

    before(async () => {
      tenant = await createTenant(api, `pw${engine}`);
      ref = incidentRef(rawId(tenant.incidentId));
    });

    const publish = (overrides: Record<string, unknown> = {}, caller = tenant.owner) =>
      mutate(
        api,
        caller,
        "updateStatusPage",
        {
          workspaceId: tenant.workspaceId,
          enabled: true,
          public: true,
          title: "Acme customers",
          allowSubscriptions: true,
          nodes: [{ nodeId: tenant.agent.nodeId, displayName: "Edge Paris" }],
          ...overrides,
        },
        `${SETTINGS} ... on ValidationError { fieldErrors { path message } }`,
      );
    const page = (access?: string) => api.gql(PAGE, { slug: tenant.slug, access });
    const incident = (access?: string) => api.gql(INCIDENT, { slug: tenant.slug, ref, access });
    const unlock = (password: string, slug = tenant.slug) =>
      mutate(api, {}, "unlockStatusPage", { slug, password }, UNLOCK);
    const subscribe = (access?: string) =>
      mutate(api, {}, "subscribeToStatusPage", { slug: tenant.slug, email: "visitor@example.com", access });

    it("is set by editors only, never returned, and audited without the password", async () => {
      const readonly = await addMember(
        api,
        tenant.owner,
        tenant.workspaceId,
        `pw${engine}-reader@example.com`,
        "READONLY",
      );
      assert.equal(errorCode(await publish({ accessPassword: "open sesame 1" }, readonly)), "FORBIDDEN");
      const short = await publish({ accessPassword: "short" });
      assert.equal(short.payload?.fieldErrors?.[0]?.path, "input.accessPassword");
      const saved = await publish({ accessPassword: "open sesame 1" });
      assert.equal(saved.payload?.statusPage?.passwordProtected, true, JSON.stringify(saved));
      // Absent: unchanged.
      assert.equal((await publish()).payload?.statusPage?.passwordProtected, true);
      const { prisma } = api.server.services.database;
      const stored = await prisma.statusPage.findUniqueOrThrow({
        where: { workspaceId: rawId(tenant.workspaceId) },
      });
      assert.match(stored.accessPasswordHash ?? "", /^scrypt\$/);
      const audits = await prisma.auditLog.findMany({
        where: { action: "status-page.update", workspaceId: rawId(tenant.workspaceId) },
      });
      const text = JSON.stringify(audits);
      assert.ok(!text.includes("open sesame"), "no password in the audit log");
      assert.ok(!text.includes(stored.accessPasswordHash ?? "-"), "no hash in the audit log");
      assert.ok(text.includes('"accessPasswordChanged":true'));
      assert.ok(text.includes('"passwordProtected":true'));
    });

    it("shows no data without the proof: the lock only (slug, title)", async () => {
      assert.deepEqual((await page()).data, { statusPage: null });
      assert.deepEqual((await page("lv1.forged.proof.value")).data, { statusPage: null });
      assert.deepEqual((await incident()).data, { statusPageIncident: null });
      assert.deepEqual((await api.gql(LOCK, { slug: tenant.slug })).data, {
        statusPageLock: { slug: tenant.slug, title: "Acme customers" },
      });
      assert.equal(errorCode(await subscribe()), "NOT_FOUND");
      assert.equal(errorCode(await subscribe("lv1.forged.proof.value")), "NOT_FOUND");
      // Any other page has no lock: unknown alike.
      assert.deepEqual((await api.gql(LOCK, { slug: "no-such-page" })).data, { statusPageLock: null });
    });

    it("refuses a wrong password and gives the right one a proof every public field takes", async () => {
      const wrong = await unlock("open sesame 2");
      assert.equal(wrong.payload?.__typename, "ValidationError");
      assert.equal(wrong.payload?.fieldErrors?.[0]?.path, "input.password");
      assert.equal(errorCode(await unlock("whatever", "no-such-page")), "NOT_FOUND");
      const right = await unlock("open sesame 1");
      const access = right.payload?.access as string;
      assert.ok(access, JSON.stringify(right));
      assert.ok(new Date(right.payload?.expiresAt).getTime() > Date.now() + 29 * 86_400_000);
      const shown = (await page(access)).data.statusPage;
      assert.equal(shown.title, "Acme customers");
      assert.equal(shown.passwordProtected, true);
      assert.deepEqual(shown.nodes, [{ name: "Edge Paris" }]);
      assert.equal(shown.incidents[0]?.ref, ref);
      assert.equal((await incident(access)).data.statusPageIncident?.incident.ref, ref);
      // Past the page's check: this suite has no mail server, so the next check answers.
      assert.equal(errorCode(await subscribe(access)), "UNAVAILABLE");
    });

    it("opens no earlier proof once the password changes or is cleared", async () => {
      const before = (await unlock("open sesame 1")).payload?.access as string;
      await publish({ accessPassword: "open sesame 2" });
      assert.deepEqual((await page(before)).data, { statusPage: null });
      assert.deepEqual((await incident(before)).data, { statusPageIncident: null });
      assert.equal(errorCode(await subscribe(before)), "NOT_FOUND");
      const after = (await unlock("open sesame 2")).payload?.access as string;
      assert.equal((await page(after)).data.statusPage?.title, "Acme customers");
      // Cleared: the page is public again, the lock gone, and an old proof is not needed.
      const cleared = await publish({ accessPassword: null });
      assert.equal(cleared.payload?.statusPage?.passwordProtected, false);
      assert.equal((await page()).data.statusPage?.passwordProtected, false);
      assert.deepEqual((await api.gql(LOCK, { slug: tenant.slug })).data, { statusPageLock: null });
      assert.equal(errorCode(await unlock("open sesame 2")), "NOT_FOUND");
      // Set again with the same password: a new salt, so the proof of before the clearing is dead.
      await publish({ accessPassword: "open sesame 2" });
      assert.deepEqual((await page(after)).data, { statusPage: null });
      // A private page stays a 404 whatever its password.
      await publish({ public: false });
      assert.deepEqual((await api.gql(LOCK, { slug: tenant.slug })).data, { statusPageLock: null });
      assert.equal(errorCode(await unlock("open sesame 2")), "NOT_FOUND");
    });

    it("lists the operator's updates with each incident, never their author", async () => {
      await publish({ accessPassword: null });
      const posted = await mutate(
        api,
        tenant.owner,
        "postIncidentUpdate",
        {
          incidentId: tenant.incidentId,
          notify: false,
          status: "MITIGATING",
          message: "Scrubbing upstream.",
        },
        "... on IncidentUpdatePayload { update { id } }",
      );
      assert.ok(posted.payload?.update?.id, JSON.stringify(posted));
      const listed = (await page()).data.statusPage.incidents.find((i: { ref: string }) => i.ref === ref);
      assert.deepEqual(listed.updates, [
        { kind: "UPDATE", status: "MITIGATING", message: "Scrubbing upstream." },
      ]);
    });

    it(`refuses password attempts past ${UNLOCKS_PER_ADDRESS} per client address (HTTP) and ${UNLOCKS_PER_PAGE} per page`, async () => {
      await publish({ accessPassword: "open sesame 3" });
      const { port } = await api.server.listen(0, "127.0.0.1");
      const overHttp = async (password: string) => {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `mutation($input: UnlockStatusPageInput!) { unlockStatusPage(input: $input) { __typename ... on Error { code } } }`,
            variables: { input: { slug: tenant.slug, password } },
          }),
        });
        const body = (await response.json()) as {
          data?: { unlockStatusPage: { __typename: string; code?: string } };
          errors?: { extensions?: { code?: string } }[];
        };
        return body.data?.unlockStatusPage?.code ?? body.errors?.[0]?.extensions?.code;
      };
      const codes: (string | undefined)[] = [];
      for (let i = 0; i <= UNLOCKS_PER_ADDRESS; i++) codes.push(await overHttp(`guess number ${i}`));
      assert.deepEqual(codes, [...Array(UNLOCKS_PER_ADDRESS).fill("BAD_USER_INPUT"), "RATE_LIMITED"]);
      // Even the right password waits out the window.
      assert.equal(await overHttp("open sesame 3"), "RATE_LIMITED");
      // Per page, whatever the address (in-process requests carry none): every attempt counted.
      const perPage: (string | undefined)[] = [];
      for (let i = 0; i < UNLOCKS_PER_PAGE && perPage.at(-1) !== "RATE_LIMITED"; i++)
        perPage.push(errorCode(await unlock(`page guess ${i}`)));
      assert.equal(perPage.at(-1), "RATE_LIMITED", JSON.stringify(perPage));
      const refused = await unlock("open sesame 3");
      assert.equal(errorCode(refused), "RATE_LIMITED");
      assert.equal(refused.payload?.access, undefined);
    });
  });

  describe(`a password-protected page's feed link (${engine})`, () => {
    // No shared public answers: a reader polling every few seconds asks the resolver each time, as
    // here one poll right after another must (the default 500 ms would answer the repeats itself).
    const api = useTestApi(engine, { ...UNLOCK_BUDGETS_ONLY, STATUS_PAGE_CACHE_MS: "0" });
    let tenant: Tenant;
    let reader: Caller;
    const FEED = `query($slug: String!, $feedToken: String) {
      statusPage(slug: $slug, feedToken: $feedToken) { title incidents { ref } } }`;
    const TOKEN = "query($slug: String!) { workspace(slug: $slug) { statusPage { feedToken } } }";

    before(async () => {
      tenant = await createTenant(api, `feed${engine}`);
      reader = await addMember(
        api,
        tenant.owner,
        tenant.workspaceId,
        `feed${engine}-r@example.com`,
        "READONLY",
      );
    });
    const publish = (overrides: Record<string, unknown> = {}) =>
      mutate(
        api,
        tenant.owner,
        "updateStatusPage",
        {
          workspaceId: tenant.workspaceId,
          enabled: true,
          public: true,
          title: "Feed customers",
          nodes: [{ nodeId: tenant.agent.nodeId, displayName: "Edge Paris" }],
          ...overrides,
        },
        SETTINGS,
      );
    const feed = (feedToken?: string) => api.gql(FEED, { slug: tenant.slug, feedToken });
    const tokenAs = async (caller: Caller) => api.gql(TOKEN, { slug: tenant.slug }, caller);
    const token = async () => (await tokenAs(tenant.owner)).data.workspace.statusPage.feedToken as string;
    const renew = (caller: Caller = tenant.owner) =>
      mutate(
        api,
        caller,
        "renewStatusPageFeedToken",
        { workspaceId: tenant.workspaceId },
        "... on StatusPagePayload { statusPage { feedToken } } ... on ValidationError { fieldErrors { path } }",
      );
    const row = () =>
      api.server.services.database.prisma.statusPage.findUniqueOrThrow({
        where: { workspaceId: rawId(tenant.workspaceId) },
      });

    it("comes with a password, opens statusPage, is read by editors only and never kept in plain text", async () => {
      await publish();
      assert.equal((await token()) ?? null, null, "no password: the feed is public, no link");
      await publish({ accessPassword: "feed sesame 1" });
      const first = await token();
      assert.match(first, /^[A-Za-z0-9_-]{43}$/);
      const shown = (await feed(first)).data.statusPage;
      assert.equal(shown?.title, "Feed customers");
      assert.equal(shown?.incidents.length, 1);
      assert.deepEqual((await feed()).data, { statusPage: null });
      assert.deepEqual((await feed(`${first.slice(0, -1)}${first.endsWith("A") ? "B" : "A"}`)).data, {
        statusPage: null,
      });
      // A reader of the workspace may not read it (it opens the page as the password does).
      const asReader = await tokenAs(reader);
      assert.equal(asReader.errors?.[0]?.extensions?.code, "FORBIDDEN", JSON.stringify(asReader));
      assert.equal(errorCode(await renew(reader)), "FORBIDDEN");
      const stored = await row();
      const everything = JSON.stringify(stored);
      assert.ok(!everything.includes(first), "the token is not in the table");
      assert.match(stored.feedTokenHash ?? "", /^[0-9a-f]{64}$/);
      assert.match(stored.feedTokenSealed ?? "", /^lv1\./);
      // The feed token opens the page's data only through statusPage (status.json and the feed).
      const incident = await api.gql(
        "query($slug: String!, $ref: String!, $access: String) { statusPageIncident(slug: $slug, ref: $ref, access: $access) { title } }",
        { slug: tenant.slug, ref: incidentRef(rawId(tenant.incidentId)), access: first },
      );
      assert.deepEqual(incident.data, { statusPageIncident: null });
    });

    it("is voided by a new link, a new password or none, and audited without the token", async () => {
      const first = await token();
      const renewed = await renew();
      const second = renewed.payload?.statusPage?.feedToken as string;
      assert.ok(second && second !== first, JSON.stringify(renewed));
      assert.deepEqual((await feed(first)).data, { statusPage: null }, "the old link is void");
      assert.equal((await feed(second)).data.statusPage?.title, "Feed customers");
      // A new password: a new link, the old one void.
      await publish({ accessPassword: "feed sesame 2" });
      const third = await token();
      assert.ok(third && third !== second);
      assert.deepEqual((await feed(second)).data, { statusPage: null });
      assert.equal((await feed(third)).data.statusPage?.title, "Feed customers");
      // No password: no link, and the columns emptied; set again, a link the earlier one is not.
      await publish({ accessPassword: null });
      assert.equal((await token()) ?? null, null);
      const cleared = await row();
      assert.equal(cleared.feedTokenHash, null);
      assert.equal(cleared.feedTokenSealed, null);
      const noPassword = await renew();
      assert.equal(noPassword.payload?.fieldErrors?.[0]?.path, "input.workspaceId");
      await publish({ accessPassword: "feed sesame 2" });
      const fourth = await token();
      assert.ok(fourth && fourth !== third);
      assert.deepEqual((await feed(third)).data, { statusPage: null });
      const audits = await api.server.services.database.prisma.auditLog.findMany({
        where: { workspaceId: rawId(tenant.workspaceId) },
      });
      assert.ok(audits.some((a) => a.action === "status-page.feed-link.renew"));
      const text = JSON.stringify(audits);
      const { feedTokenHash, feedTokenSealed } = await row();
      for (const secret of [first, second, third, fourth, feedTokenHash, feedTokenSealed])
        assert.ok(!text.includes(secret ?? "-"), "no token, digest or sealed token in the audit log");
    });

    it(`counts a wrong token as an unlock attempt: RATE_LIMITED past ${UNLOCKS_PER_ADDRESS} per client address (HTTP)`, async () => {
      const right = await token();
      const { port } = await api.server.listen(0, "127.0.0.1");
      const overHttp = async (feedToken: string) => {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: FEED, variables: { slug: tenant.slug, feedToken } }),
        });
        const body = (await response.json()) as {
          data?: { statusPage: { title: string } | null };
          errors?: { extensions?: { code?: string } }[];
        };
        return body.errors?.[0]?.extensions?.code ?? body.data?.statusPage?.title ?? "null";
      };
      // The right token, however often, counts nothing.
      for (let i = 0; i < UNLOCKS_PER_ADDRESS + 2; i++) assert.equal(await overHttp(right), "Feed customers");
      const codes: string[] = [];
      for (let i = 0; i <= UNLOCKS_PER_ADDRESS; i++)
        codes.push(await overHttp(`${"x".repeat(40)}${String(i).padStart(3, "0")}`));
      assert.deepEqual(codes, [...Array(UNLOCKS_PER_ADDRESS).fill("null"), "RATE_LIMITED"]);
      // The same count as the password's: the address's unlock attempts are used up too.
      const unlock = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation($input: UnlockStatusPageInput!) { unlockStatusPage(input: $input) { __typename ... on Error { code } } }`,
          variables: { input: { slug: tenant.slug, password: "feed sesame 2" } },
        }),
      });
      const unlocked = (await unlock.json()) as { data?: { unlockStatusPage?: { code?: string } } };
      assert.equal(unlocked.data?.unlockStatusPage?.code, "RATE_LIMITED");
    });

    it("a voided link still polled does not lock the page's visitors out of the password", async () => {
      // A renewed link (say, after it leaked) goes on being polled by every reader that had it: a
      // status.json integration polling every 10 s is 90 requests in 15 minutes. The token is 32
      // random bytes, no guess of it nor of the password; counted in the page's own unlock budget,
      // those readers, from their own addresses, used it up and every visitor's right password
      // was refused RATE_LIMITED for as long as they polled.
      const old = await token();
      await renew();
      // In-process requests carry no address: only a per-page count could refuse these.
      for (let i = 0; i <= UNLOCKS_PER_PAGE; i++)
        assert.equal((await feed(old)).data?.statusPage ?? null, null);
      const unlocked = await mutate(
        api,
        {},
        "unlockStatusPage",
        { slug: tenant.slug, password: "feed sesame 2" },
        UNLOCK,
      );
      assert.equal(unlocked.payload?.code, undefined, JSON.stringify(unlocked));
      assert.ok(unlocked.payload?.access, JSON.stringify(unlocked));
    });
  });
}
