// Subscriptions to some nodes of a status page, on both engines with a real SMTP server: a visitor
// picks nodes by the names the page shows (anything else is BAD_USER_INPUT, after the checks that
// keep a hidden page hidden); the confirmation says what it subscribes to; incidents, their
// operator updates and digests about other nodes are not mailed to them, maintenance notices are;
// subscribing again changes the choice only through a new confirmation link (the answer the same
// as for an unknown address); a node taken off the page stops and resumes with it, and one
// deleted leaves a subscriber with no node, who keeps the page-wide notices and shows so in the
// dashboard (never turned into a whole-page subscriber). "Nothing was sent" is read once every
// mailing of the page has finished (each subscriber claimed and tried), not after a wait.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { readable, startSmtp, tokenIn, waitFor } from "./alert-receivers.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, enrollAgent, errorCode, mutate, mutateOk, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
before(async () => {
  smtp = await startSmtp();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_TIMEOUT_MS: "8000",
    PUBLIC_WEB_URL: "https://levee.example",
    SMTP_URL: smtp.url,
    SMTP_FROM: "Levee <alerts@levee.example>",
    STATUS_NODE_MAILS_PER_HOUR: "100",
  });
});
after(() => smtp.close());
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
const subjectsTo = (address: string) =>
  mailsTo(address).map((m) => /Subject: (.*)/.exec(readable(m))?.[1] ?? "");

const SUBSCRIBE =
  "... on SubscribeToStatusPagePayload { accepted } ... on ValidationError { fieldErrors { path message } }";
const SUBSCRIBERS = `query($s: String!) { workspace(slug: $s) { statusPage {
  subscribers(first: 100) { nodes { email confirmed wholePage nodes } } } } }`;

for (const engine of engines)
  describe(`status page subscriptions to some nodes (${engine})`, () => {
    const api = useTestApi(engine, env);
    const slug = `msp-${engine}`;
    const title = `MSP ${engine}`;
    let owner: Caller;
    let workspaceId: string;
    const agents: Record<"paris" | "lyon" | "acme", Caller & { nodeId: string }> = {} as never;
    const PARIS = `paris-fan-${engine}@example.com`;
    const WHOLE = `whole-${engine}@example.com`;
    const LISTED = [
      { key: "paris", displayName: "Edge Paris" },
      { key: "lyon", displayName: "Edge Lyon" },
      { key: "acme", displayName: "ACME web" },
    ] as const;

    const publish = (entries: readonly { key: keyof typeof agents; displayName: string }[] = LISTED) =>
      mutateOk(
        api,
        owner,
        "updateStatusPage",
        {
          workspaceId,
          enabled: true,
          public: true,
          title,
          allowSubscriptions: true,
          nodes: entries.map((e) => ({ nodeId: agents[e.key].nodeId, displayName: e.displayName })),
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
    const subscribe = (email: string, nodes?: string[]) =>
      mutate(api, {}, "subscribeToStatusPage", { slug, email, ...(nodes ? { nodes } : {}) }, SUBSCRIBE);
    const confirm = (token: string) =>
      mutateOk(
        api,
        {},
        "confirmStatusPageSubscription",
        { token },
        "... on ConfirmStatusPageSubscriptionPayload { slug }",
      );
    /** Subscribes and confirms through the e-mail's link; the e-mail's text. */
    async function subscribed(email: string, nodes?: string[]) {
      const before = mailsTo(email).length;
      assert.equal((await subscribe(email, nodes)).payload?.__typename, "SubscribeToStatusPagePayload");
      const mail = await waitFor(`${email}'s confirmation`, () => mailsTo(email)[before]);
      const token = tokenIn(mail, `s/${slug}/confirm`);
      assert.ok(token, readable(mail));
      await confirm(token);
      return readable(mail);
    }
    const subscribers = async () => {
      const result = await api.gql(SUBSCRIBERS, { s: slug }, owner);
      return Object.fromEntries(
        (
          result.data.workspace.statusPage.subscribers.nodes as {
            email: string;
            wholePage: boolean;
            nodes: string[];
          }[]
        )
          .filter((s) => !s.email.startsWith("sentinel"))
          .map((s) => [s.email, { wholePage: s.wholePage, nodes: s.nodes }]),
      );
    };
    /** Every incident event handled and every mailing of the page sent (or given up). */
    async function allSent() {
      const { sql } = api.server.services.database;
      await waitFor("every mailing sent", async () => {
        const outbox = await sql.query("SELECT 1 FROM incident_event_outbox");
        const open = await sql.query("SELECT 1 FROM status_page_mailing WHERE finished_at IS NULL");
        return outbox.length === 0 && open.length === 0;
      });
    }
    let sentinels = 0;
    /** Every subscription request so far handled: a page's requests go in order, so a new address's confirmation says so. */
    async function requestsHandled() {
      const sentinel = `sentinel-${engine}-${++sentinels}@example.com`;
      await subscribe(sentinel);
      await waitFor(`${sentinel}'s confirmation`, () => mailsTo(sentinel)[0]);
    }
    /** An incident opened and resolved `offsetSeconds` ago (a node's later one from a smaller offset). */
    async function incident(agent: Caller, offsetSeconds = 60) {
      const start = Date.now() - offsetSeconds * 1000;
      const payload = await report(api, agent, [sample(start, 60_000)]);
      const id = rawId(payload.detection.incidentId as string);
      await report(
        api,
        agent,
        Array.from({ length: 31 }, (_, i) => sample(start + (i + 1) * 1000, 100)),
      );
      await allSent();
      return id;
    }

    /** A maintenance notice for the hour after next (page-wide: every subscriber gets it). */
    async function notice(message: string) {
      await mutateOk(
        api,
        owner,
        "addStatusPageNotice",
        {
          workspaceId,
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          message,
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
    }

    before(async () => {
      owner = await api.signup(`msp-owner-${engine}@example.com`);
      workspaceId = await createWorkspace(api, owner, slug);
      for (const key of ["paris", "lyon", "acme"] as const) {
        const enrolled = await enrollAgent(
          api,
          await createEnrollmentToken(api, owner, workspaceId),
          `${key}-host.internal`,
        );
        agents[key] = { token: enrolled.token, nodeId: enrolled.nodeId };
      }
      await publish();
    });

    it("takes only names the page shows, after the checks that keep a hidden page hidden", async () => {
      for (const [nodes, path, message] of [
        [["Edge Paris", "paris-host.internal"], "input.nodes.1", "is not a node this status page shows"],
        [[encodeGlobalID("MonitoredNode", "00000000-0000-0000-0000-000000000000")], "input.nodes.0", null],
        [[" "], "input.nodes.0", "must not be empty"],
        [Array.from({ length: 101 }, () => "Edge Paris"), "input.nodes", "at most 100 nodes"],
      ] as const) {
        const result = await subscribe(`picky-${engine}@example.com`, [...nodes]);
        assert.equal(result.payload?.__typename, "ValidationError", JSON.stringify(result));
        assert.equal(result.payload.fieldErrors[0].path, path);
        if (message) assert.equal(result.payload.fieldErrors[0].message, message);
      }
      assert.equal(errorCode(await subscribe("picky@example.com", ["Edge Paris"])), undefined);
      // Another page's slug that does not exist: NOT_FOUND before the names are looked at.
      const unknown = await mutate(
        api,
        {},
        "subscribeToStatusPage",
        { slug: "no-such-msp", email: "x@example.com", nodes: ["Nope"] },
        SUBSCRIBE,
      );
      assert.equal(errorCode(unknown), "NOT_FOUND");
    });

    it("confirms a choice of nodes, saying which, and lists it for the owner", async () => {
      const text = await subscribed(PARIS, ["Edge Paris"]);
      assert.match(text, /Subject: Confirm your subscription to/);
      assert.match(text, /about Edge Paris, and its page-wide maintenance notices/);
      assert.doesNotMatch(text, /paris-host|internal/);
      await subscribed(WHOLE);
      const list = await subscribers();
      assert.deepEqual(list[PARIS], { wholePage: false, nodes: ["Edge Paris"] });
      assert.deepEqual(list[WHOLE], { wholePage: true, nodes: [] });
      // A pending one: what its link asks for.
      assert.deepEqual(list["picky@example.com"], { wholePage: false, nodes: ["Edge Paris"] });
    });

    it("mails an incident and its operator's update only to those following its node, a notice to all", async () => {
      const lyon = await incident(agents.lyon);
      const paris = await incident(agents.paris, 120);
      await mutateOk(
        api,
        owner,
        "postIncidentUpdate",
        {
          incidentId: encodeGlobalID("Incident", lyon),
          status: "MITIGATING",
          message: "Lyon filtered upstream.",
          notify: true,
        },
        "... on IncidentUpdatePayload { update { id } }",
      );
      await notice("Core router upgrade");
      await allSent();
      const [p, w] = [subjectsTo(PARIS), subjectsTo(WHOLE)];
      assert.deepEqual(
        w.filter((s) => !s.startsWith("Confirm")),
        [
          `[${title}] Edge Lyon: under attack`,
          `[${title}] Edge Lyon: resolved`,
          `[${title}] Edge Paris: under attack`,
          `[${title}] Edge Paris: resolved`,
          `[${title}] Edge Lyon: Mitigating`,
          w.find((s) => s.includes("Scheduled maintenance")),
        ],
      );
      assert.deepEqual(
        p.filter((s) => !s.startsWith("Confirm")),
        [
          `[${title}] Edge Paris: under attack`,
          `[${title}] Edge Paris: resolved`,
          w.find((s) => s.includes("Scheduled maintenance")),
        ],
      );
      // Not even claimed: a delivery row for the Lyon mailings would say it was decided per copy.
      const { sql } = api.server.services.database;
      const claimed = await sql.query<{ key: string }>(
        `SELECT m.key FROM status_page_delivery d JOIN status_page_mailing m ON m.id = d.mailing_id
           JOIN status_page_subscriber s ON s.id = d.subscriber_id WHERE s.email = $1 ORDER BY m.seq`,
        [PARIS],
      );
      assert.ok(!claimed.some((c) => c.key.startsWith(`incident:${lyon}`)));
      assert.ok(claimed.some((c) => c.key === `incident:${paris}:OPENED`));
    });

    it("sends a flapping node's digest only to those following it", async () => {
      const { config, database } = api.server.services;
      // One e-mail about a node an hour: ACME's opening goes, its resolution is held and sent at once
      // as the digest of one event (the node calm), a mailing keyed digest:<held>.
      config.statusNodeMailsPerHour = 1;
      try {
        await incident(agents.acme);
      } finally {
        config.statusNodeMailsPerHour = 100;
      }
      const [digest] = await database.sql.query<{ id: string }>(
        "SELECT id FROM status_page_mailing WHERE key LIKE 'digest:%'",
      );
      assert.ok(digest, "the resolution went out as a digest");
      const got = await database.sql.query<{ email: string }>(
        `SELECT s.email FROM status_page_delivery d JOIN status_page_subscriber s ON s.id = d.subscriber_id
          WHERE d.mailing_id = $1`,
        [digest.id],
      );
      assert.deepEqual(
        got.map((g) => g.email),
        [WHOLE],
      );
      assert.ok(subjectsTo(WHOLE).includes(`[${title}] ACME web: resolved`));
      assert.ok(!subjectsTo(PARIS).some((s) => s.includes("ACME web")));
    });

    it("changes the choice only through a new confirmation link, answering as for an unknown address", async () => {
      const known = await subscribe(PARIS, ["Edge Lyon", "ACME web"]);
      const unknown = await subscribe(`newcomer-${engine}@example.com`, ["Edge Lyon", "ACME web"]);
      assert.deepEqual(known.payload, unknown.payload);
      const mail = await waitFor("the change's confirmation", () =>
        mailsTo(PARIS).find((m) => /Confirm the change/.test(readable(m))),
      );
      const text = readable(mail);
      assert.match(text, /from now on, updates of the status page .* about Edge Lyon and ACME web/);
      // Until the link is opened, it follows what it followed.
      assert.deepEqual((await subscribers())[PARIS], { wholePage: false, nodes: ["Edge Paris"] });
      // The same choice again, as the one it has: no e-mail (a new link only for a change).
      await subscribe(WHOLE);
      await requestsHandled();
      assert.equal(mailsTo(WHOLE).filter((m) => /Confirm/.test(readable(m))).length, 1);
      const token = tokenIn(mail, `s/${slug}/confirm`);
      assert.ok(token);
      await confirm(token);
      assert.deepEqual((await subscribers())[PARIS], { wholePage: false, nodes: ["Edge Lyon", "ACME web"] });
      // Still confirmed since its first confirmation; the link used once.
      const again = await mutate(
        api,
        {},
        "confirmStatusPageSubscription",
        { token },
        "... on ValidationError { fieldErrors { path } }",
      );
      assert.equal(again.payload?.__typename, "ValidationError");
    });

    it("follows a node taken off the page again when it is put back; a deleted one leaves it with page-wide notices only", async () => {
      await publish(LISTED.filter((e) => e.key !== "lyon"));
      assert.deepEqual((await subscribers())[PARIS], { wholePage: false, nodes: ["ACME web"] });
      await publish();
      assert.deepEqual((await subscribers())[PARIS], { wholePage: false, nodes: ["Edge Lyon", "ACME web"] });
      for (const key of ["lyon", "acme"] as const) {
        const deleted = await api.gql(
          "mutation($n: ID!) { deleteNode(input: { nodeId: $n }) { __typename } }",
          { n: agents[key].nodeId },
          owner,
        );
        assert.equal(deleted.data?.deleteNode?.__typename, "DeleteNodePayload", JSON.stringify(deleted));
      }
      // Every chosen node gone: not a whole-page subscriber, and the dashboard shows it with none.
      assert.deepEqual((await subscribers())[PARIS], { wholePage: false, nodes: [] });
      const before = subjectsTo(PARIS).length;
      await incident(agents.paris, 50);
      await notice("Second upgrade");
      await allSent();
      assert.deepEqual(
        subjectsTo(PARIS)
          .slice(before)
          .map((s) => s.replace(/ \d{4}-.*/, "")),
        [`[${title}] Scheduled maintenance`],
      );
      assert.ok(subjectsTo(WHOLE).includes(`[${title}] Edge Paris: under attack`));
      // Asking for the whole page now is a change (not what it has), confirmed by link as any.
      await subscribe(PARIS);
      const mail = await waitFor("the whole page's confirmation", () =>
        mailsTo(PARIS).find((m) => /every update of the status page/.test(readable(m))),
      );
      const token = tokenIn(mail, `s/${slug}/confirm`);
      assert.ok(token);
      await confirm(token);
      assert.deepEqual((await subscribers())[PARIS], { wholePage: true, nodes: [] });
    });
  });
