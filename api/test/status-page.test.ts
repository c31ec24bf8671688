// Public status pages: the contract anyone may read (statusPage(slug)) shows the page and nothing
// else; private, disabled and unknown pages answer alike; the dashboard side follows permissions.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type GraphQLObjectType, getNamedType, isEnumType, isObjectType, isScalarType } from "graphql";
import { publicTypeNames } from "../src/auth/node-guard.ts";
import { schema } from "../src/schema.ts";
import { MAX_UPDATES_PER_INCIDENT } from "../src/status-pages/incident-update.service.ts";
import { refreshRollups } from "../src/telemetry/rollups.ts";
import { engines } from "./databases.ts";
import { addMember, createTenant, errorCode, mutate, mutateOk, rawId, type Tenant } from "./fixtures.ts";
import { useTestApi } from "./harness.ts";

/** Every field reachable from the public root field, as Type.field: exactly what the page shows. */
const PUBLIC_FIELDS = [
  "PublicStatusPage.slug",
  "PublicStatusPage.title",
  "PublicStatusPage.description",
  "PublicStatusPage.subscribable",
  "PublicStatusPage.passwordProtected",
  "PublicStatusPage.banner",
  "PublicStatusPage.generatedAt",
  "PublicStatusPage.nodes",
  "PublicStatusPage.notices",
  "PublicStatusPage.incidents",
  "PublicStatusNode.name",
  "PublicStatusNode.state",
  "PublicStatusNode.uptimePercent",
  "PublicStatusNode.days",
  "PublicUptimeDay.day",
  "PublicUptimeDay.uptimePercent",
  "PublicUptimeDay.incidents",
  "PublicStatusIncident.ref",
  "PublicStatusIncident.nodeName",
  "PublicStatusIncident.family",
  "PublicStatusIncident.peakPps",
  "PublicStatusIncident.peakBps",
  "PublicStatusIncident.startedAt",
  "PublicStatusIncident.endedAt",
  "PublicStatusIncident.durationSeconds",
  "PublicStatusIncident.updates",
  "PublicMaintenanceNotice.startsAt",
  "PublicMaintenanceNotice.endsAt",
  "PublicMaintenanceNotice.message",
  "PublicMaintenanceNotice.active",
  "PublicMaintenanceNotice.postedAt",
  "PublicIncidentPage.slug",
  "PublicIncidentPage.title",
  "PublicIncidentPage.incident",
  "PublicIncidentPage.updates",
  "PublicIncidentUpdate.kind",
  "PublicIncidentUpdate.at",
  "PublicIncidentUpdate.status",
  "PublicIncidentUpdate.message",
  "PublicIncidentUpdate.editedAt",
  "PublicStatusPageLock.slug",
  "PublicStatusPageLock.title",
].sort();

const PAGE = `query($slug: String!) { statusPage(slug: $slug) { slug title description banner generatedAt
  nodes { name state uptimePercent days { day uptimePercent incidents } }
  notices { startsAt endsAt message active postedAt }
  incidents { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds } } }`;

const INCIDENT = `query($slug: String!, $ref: String!) { statusPageIncident(slug: $slug, ref: $ref) {
  slug title updates { kind at }
  incident { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds } } }`;

const SETTINGS =
  "... on StatusPagePayload { statusPage { enabled public path nodes { nodeId displayName } } }";

describe("status page public contract (schema)", () => {
  it("reaches exactly the fields the page shows, all through declared public types", () => {
    const roots = schema.getQueryType()?.getFields();
    const page = roots?.statusPage;
    const incident = roots?.statusPageIncident;
    const lock = roots?.statusPageLock;
    assert.ok(page && incident && lock, "Query.statusPage, statusPageIncident and statusPageLock exist");
    // feedToken: a protected page's feed link (status.json and the feed), instead of a proof.
    assert.deepEqual(page.args.map((a) => a.name).sort(), ["access", "feedToken", "slug"]);
    assert.deepEqual(incident.args.map((a) => a.name).sort(), ["access", "ref", "slug"]);
    assert.deepEqual(
      lock.args.map((a) => a.name),
      ["slug"],
    );
    const seen = new Set<string>();
    const fields: string[] = [];
    const walk = (type: GraphQLObjectType) => {
      if (seen.has(type.name)) return;
      seen.add(type.name);
      assert.ok(publicTypeNames().has(type.name), `${type.name} is reachable but not declared public`);
      for (const field of Object.values(type.getFields())) {
        fields.push(`${type.name}.${field.name}`);
        assert.deepEqual(field.args, [], `${type.name}.${field.name} takes no arguments`);
        const named = getNamedType(field.type);
        if (isObjectType(named)) walk(named);
        else assert.ok(isScalarType(named) || isEnumType(named), `${type.name}.${field.name}: ${named.name}`);
      }
    };
    walk(getNamedType(page.type) as GraphQLObjectType);
    walk(getNamedType(incident.type) as GraphQLObjectType);
    walk(getNamedType(lock.type) as GraphQLObjectType);
    assert.deepEqual(fields.sort(), PUBLIC_FIELDS);
    assert.deepEqual(
      [...seen].sort(),
      [...publicTypeNames().keys()].sort(),
      "no declared public type unused",
    );
  });
});

for (const engine of engines) {
  describe(`status pages (${engine})`, () => {
    const api = useTestApi(engine);
    let tenant: Tenant;
    let other: Tenant;
    const anonymous = (slug: string) => api.gql(PAGE, { slug });

    before(async () => {
      tenant = await createTenant(api, `sp${engine}`);
      other = await createTenant(api, `spo${engine}`);
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
          title: "Acme status",
          description: "Edge network",
          nodes: [
            { nodeId: tenant.agent.nodeId, displayName: "Edge Paris" },
            { nodeId: tenant.nodeId, displayName: "Web" },
          ],
          ...overrides,
        },
        SETTINGS,
      );

    it("is private until published, and private, disabled and unknown pages answer alike", async () => {
      const before = await anonymous(tenant.slug);
      assert.deepEqual(before.data, { statusPage: null });
      assert.equal(before.errors, undefined);
      const saved = await publish({ public: false });
      assert.equal(saved.payload?.statusPage.path, `/s/${tenant.slug}`);
      const privatePage = await anonymous(tenant.slug);
      await publish({ enabled: false });
      const disabled = await anonymous(tenant.slug);
      const unknown = await anonymous("no-such-workspace");
      for (const result of [privatePage, disabled, unknown]) {
        assert.equal(result.status, 200);
        assert.deepEqual(
          { data: result.data, errors: result.errors },
          { data: { statusPage: null }, errors: undefined },
        );
      }
    });

    it("shows banner, pills, 30 uptime days and the incident with family, never addresses or ids", async () => {
      const saved = await publish();
      assert.equal(saved.payload?.statusPage?.enabled, true, JSON.stringify(saved.errors ?? saved.payload));
      const now = new Date();
      await refreshRollups(api.server.services.database, new Date(now.getTime() - 3_600_000), now);
      const result = await anonymous(tenant.slug);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const page = result.data.statusPage;
      assert.equal(page.title, "Acme status");
      assert.equal(page.banner, "UNDER_ATTACK");
      assert.deepEqual(
        page.nodes.map((n: { name: string; state: string }) => [n.name, n.state]),
        [
          ["Edge Paris", "UNDER_ATTACK"],
          ["Web", "OFFLINE"],
        ],
      );
      const days = page.nodes[0].days;
      assert.equal(days.length, 30);
      // The last bar is the page's today; the flood's bar is its own start day (they differ when
      // the suite runs across 00:00 UTC).
      assert.equal(days.at(-1).day, String(page.generatedAt).slice(0, 10));
      const floodDay = days.find(
        (d: { day: string }) => d.day === String(page.incidents[0]?.startedAt).slice(0, 10),
      );
      assert.equal(floodDay?.incidents, 1, JSON.stringify(days.slice(-2)));
      assert.ok(floodDay.uptimePercent > 0, JSON.stringify(floodDay));
      assert.equal(page.incidents.length, 1);
      assert.equal(page.incidents[0].nodeName, "Edge Paris");
      assert.equal(page.incidents[0].endedAt, null);
      assert.match(page.incidents[0].ref, /^[0-9a-f]{16}$/);
      // Nothing internal: no hostname, node name, ids of any kind, interface or address.
      const text = JSON.stringify(result.data);
      const secrets = [
        `sp${engine}-agent-1`,
        `sp${engine}-web-1`,
        rawId(tenant.workspaceId),
        rawId(tenant.agent.nodeId),
        rawId(tenant.nodeId),
        rawId(tenant.incidentId),
        tenant.workspaceId,
        tenant.incidentId,
        "eth0",
      ];
      for (const secret of secrets) assert.ok(!text.includes(secret), `the page leaks ${secret}`);
      assert.doesNotMatch(text, /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/, "no IPv4 address");
    });

    it("gives each listed incident a page of its own, and none to another page's, an unlisted or an old one", async () => {
      await publish();
      const shown = (await anonymous(tenant.slug)).data.statusPage.incidents[0];
      const incidentOf = (slug: string, ref: string) => api.gql(INCIDENT, { slug, ref });
      const found = await incidentOf(tenant.slug, shown.ref);
      assert.equal(found.errors, undefined, JSON.stringify(found.errors));
      assert.deepEqual(found.data.statusPageIncident, {
        slug: tenant.slug,
        title: "Acme status",
        incident: { ...shown, durationSeconds: found.data.statusPageIncident.incident.durationSeconds },
        updates: [{ kind: "DETECTED", at: shown.startedAt }],
      });
      const text = JSON.stringify(found.data);
      for (const secret of [
        `sp${engine}-agent-1`,
        rawId(tenant.incidentId),
        rawId(tenant.agent.nodeId),
        "eth0",
      ])
        assert.ok(!text.includes(secret), `the incident page leaks ${secret}`);

      // Resolved: the timeline says when.
      const prisma = api.server.services.database.prisma;
      const id = rawId(tenant.incidentId);
      const stored = await prisma.incident.findUniqueOrThrow({ where: { id } });
      const endedAt = new Date(stored.startedAt.getTime() + 90_000);
      await prisma.incident.update({ where: { id }, data: { endedAt, status: "RESOLVED" } });
      // Written behind the API's back: its public answers kept for half a second are forgotten.
      api.server.services.publicReads.forget();
      const resolved = (await incidentOf(tenant.slug, shown.ref)).data.statusPageIncident;
      assert.deepEqual(resolved.updates, [
        { kind: "DETECTED", at: shown.startedAt },
        { kind: "RESOLVED", at: endedAt.toISOString() },
      ]);
      assert.equal(resolved.incident.durationSeconds, 90);

      // Another page's incident, an unknown reference, a node the page no longer lists, a private
      // or disabled page, an incident older than the history: all null, like an unknown page.
      await mutateOk(
        api,
        other.owner,
        "updateStatusPage",
        {
          workspaceId: other.workspaceId,
          enabled: true,
          public: true,
          title: "Other",
          nodes: [{ nodeId: other.agent.nodeId, displayName: "Other edge" }],
        },
        SETTINGS,
      );
      const otherRef = (await anonymous(other.slug)).data.statusPage.incidents[0].ref;
      assert.match(otherRef, /^[0-9a-f]{16}$/);
      assert.ok((await incidentOf(other.slug, otherRef)).data.statusPageIncident, "the other page's own");
      const absent = async (why: string, slug: string, ref: string) => {
        const result = await incidentOf(slug, ref);
        assert.deepEqual(
          { data: result.data, errors: result.errors },
          { data: { statusPageIncident: null }, errors: undefined },
          why,
        );
      };
      await absent("another page's incident", tenant.slug, otherRef);
      await absent("this page's incident on another page", other.slug, shown.ref);
      await absent("an unknown reference", tenant.slug, "0123456789abcdef");
      await absent("an unknown page", "no-such-workspace", shown.ref);
      await publish({ nodes: [{ nodeId: tenant.nodeId, displayName: "Web" }] });
      await absent("a node the page does not list", tenant.slug, shown.ref);
      await publish({ public: false });
      await absent("a private page", tenant.slug, shown.ref);
      await publish({ enabled: false });
      await absent("a disabled page", tenant.slug, shown.ref);
      await publish();
      assert.ok((await incidentOf(tenant.slug, shown.ref)).data.statusPageIncident, "published again");
      const old = new Date(Date.now() - 8 * 86_400_000);
      await prisma.incident.update({
        where: { id },
        data: { startedAt: old, endedAt: new Date(old.getTime() + 90_000) },
      });
      api.server.services.publicReads.forget();
      await absent("an incident older than the history", tenant.slug, shown.ref);
      await prisma.incident.update({
        where: { id },
        data: { startedAt: stored.startedAt, endedAt: null, status: stored.status },
      });
      api.server.services.publicReads.forget();

      for (const [ref, reason] of [
        ["", /incident reference/],
        ["0123456789ABCDEF", /incident reference/],
        ["0123456789abcdef0", /incident reference/],
      ] as const) {
        const result = await incidentOf(tenant.slug, ref);
        assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", ref);
        assert.match(result.errors?.[0]?.message ?? "", reason);
      }
      const badSlug = await incidentOf("Acme", shown.ref);
      assert.equal(badSlug.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    });

    it("shows the operator's incident updates on a listed incident's page, posted and deleted by editors only", async () => {
      await publish();
      const ref = (await anonymous(tenant.slug)).data.statusPage.incidents[0].ref;
      const publicUpdates = async () => {
        api.server.services.publicReads.forget();
        const result = await api.gql(
          `query($slug: String!, $ref: String!) { statusPageIncident(slug: $slug, ref: $ref) {
            updates { kind at status message } } }`,
          { slug: tenant.slug, ref },
        );
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        return result.data.statusPageIncident?.updates ?? null;
      };
      const UPDATE =
        "... on IncidentUpdatePayload { update { id status message createdAt authorName } incident { id } } ... on ValidationError { fieldErrors { path message } }";
      const post = (input: Record<string, unknown>, caller = tenant.owner) =>
        mutate(
          api,
          caller,
          "postIncidentUpdate",
          { incidentId: tenant.incidentId, notify: false, ...input },
          UPDATE,
        );

      const first = await post({ status: "INVESTIGATING", message: "  We see a UDP flood on the edge.\n" });
      assert.equal(first.payload?.__typename, "IncidentUpdatePayload", JSON.stringify(first));
      const posted = first.payload?.update;
      assert.deepEqual(
        { status: posted.status, message: posted.message, authorName: posted.authorName },
        {
          status: "INVESTIGATING",
          message: "We see a UDP flood on the edge.",
          authorName: `sp${engine} owner`,
        },
      );
      assert.equal(first.payload?.incident.id, tenant.incidentId);
      const second = (await post({ status: "MITIGATING", message: "Filtering at the upstream." })).payload
        ?.update;
      const shown = await publicUpdates();
      assert.deepEqual(
        shown.map((u: { kind: string; status: string | null; message: string | null }) => [
          u.kind,
          u.status,
          u.message,
        ]),
        [
          ["DETECTED", null, null],
          ["UPDATE", "INVESTIGATING", "We see a UDP flood on the edge."],
          ["UPDATE", "MITIGATING", "Filtering at the upstream."],
        ],
      );
      assert.equal(shown[1].at, posted.createdAt);
      // Never who wrote it, on the public side.
      assert.ok(!JSON.stringify(shown).includes(`sp${engine} owner`));

      // The dashboard: the incident's updates, oldest first, and where the page shows them.
      const DASHBOARD = `query($id: ID!) { node(id: $id) { ... on Incident {
        statusPagePath publicUpdates { id status message authorName } } } }`;
      const dashboard = async (caller = tenant.owner) =>
        await api.gql(DASHBOARD, { id: tenant.incidentId }, caller);
      const own = (await dashboard()).data.node;
      assert.equal(own.statusPagePath, `/s/${tenant.slug}/incidents/${ref}`);
      assert.deepEqual(
        own.publicUpdates.map((u: { id: string }) => u.id),
        [posted.id, second.id],
      );
      const reader = await addMember(
        api,
        tenant.owner,
        tenant.workspaceId,
        `sp-upd-ro-${engine}@example.com`,
        "READONLY",
      );
      assert.equal((await dashboard(reader)).data.node.publicUpdates.length, 2, "readers see them");
      assert.equal(errorCode(await dashboard(other.owner)), "NOT_FOUND");

      // Validation, roles, other tenants.
      for (const message of ["", "   \n ", "x".repeat(2001)]) {
        const refused = await post({ status: "MONITORING", message });
        assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(refused));
        assert.equal(refused.payload?.fieldErrors?.[0]?.path, "input.message");
      }
      assert.equal(
        (await post({ status: "MONITORING", message: "x".repeat(2000) })).payload?.__typename,
        "IncidentUpdatePayload",
      );
      const badStatus = await post({ status: "RESOLVED", message: "done" });
      assert.ok(badStatus.errors?.length, "RESOLVED is the detector's, not an update's");
      for (const [who, caller, code] of [
        ["an analyst", tenant.member, "FORBIDDEN"],
        ["a reader", reader, "FORBIDDEN"],
        ["another tenant", other.owner, "NOT_FOUND"],
      ] as const) {
        assert.equal(errorCode(await post({ status: "MONITORING", message: "pwned" }, caller)), code, who);
        assert.equal(
          errorCode(await mutate(api, caller, "deleteIncidentUpdate", { updateId: posted.id })),
          code,
          who,
        );
      }
      const unknown = await post({ status: "MONITORING", message: "x", incidentId: other.incidentId });
      assert.equal(errorCode(unknown), "NOT_FOUND", "another tenant's incident from one's own session");

      // Visibility: what the page does not list has no public updates; the dashboard still shows them.
      await publish({ nodes: [{ nodeId: tenant.nodeId, displayName: "Web" }] });
      assert.equal(await publicUpdates(), null, "a node the page does not list");
      assert.equal((await dashboard()).data.node.statusPagePath, null);
      await publish({ public: false });
      assert.equal(await publicUpdates(), null, "a private page");
      assert.equal((await dashboard()).data.node.publicUpdates.length, 3);
      await publish();

      // At most MAX_UPDATES_PER_INCIDENT an incident (filled up straight in the table).
      const db = api.server.services.database.prisma;
      const held = await db.incidentPublicUpdate.count({ where: { incidentId: rawId(tenant.incidentId) } });
      await db.incidentPublicUpdate.createMany({
        data: Array.from({ length: MAX_UPDATES_PER_INCIDENT - held }, (_, i) => ({
          workspaceId: rawId(tenant.workspaceId),
          incidentId: rawId(tenant.incidentId),
          status: "MONITORING" as const,
          message: `filler ${i}`,
        })),
      });
      const full = await post({ status: "MONITORING", message: "one too many" });
      assert.equal(full.payload?.__typename, "ValidationError", JSON.stringify(full));
      assert.equal(full.payload?.fieldErrors?.[0]?.path, "input.incidentId");
      await db.incidentPublicUpdate.deleteMany({ where: { message: { startsWith: "filler " } } });

      // Deleted: gone from the page; both changes audited.
      await mutateOk(
        api,
        tenant.owner,
        "deleteIncidentUpdate",
        { updateId: posted.id },
        "... on IncidentUpdatePayload { incident { id } }",
      );
      const after = await publicUpdates();
      assert.deepEqual(
        after.map((u: { status: string | null }) => u.status),
        [null, "MITIGATING", "MONITORING"],
      );
      const again = await mutate(api, tenant.owner, "deleteIncidentUpdate", { updateId: posted.id });
      assert.equal(errorCode(again), "NOT_FOUND");
      const prisma = api.server.services.database.prisma;
      const chain = `ws:${rawId(tenant.workspaceId)}`;
      assert.equal(
        await prisma.auditLog.count({ where: { chain, action: "status-page.incident-update.add" } }),
        3,
      );
      assert.equal(
        await prisma.auditLog.count({ where: { chain, action: "status-page.incident-update.delete" } }),
        1,
      );
      // The table refuses what the API would: an untrimmed or empty message.
      await assert.rejects(
        api.server.services.database.sql.query(
          `INSERT INTO incident_public_update (id, workspace_id, incident_id, status, message)
           VALUES (gen_random_uuid(), $1, $2, 'MONITORING', ' x')`,
          [rawId(tenant.workspaceId), rawId(tenant.incidentId)],
        ),
      );
      await prisma.incidentPublicUpdate.deleteMany({ where: { incidentId: rawId(tenant.incidentId) } });
    });

    it("edits an operator's update: editors only, validated as a post, shown as edited, audited", async () => {
      await publish();
      const ref = (await anonymous(tenant.slug)).data.statusPage.incidents[0].ref;
      const shown = async () => {
        api.server.services.publicReads.forget();
        const result = await api.gql(
          `query($slug: String!, $ref: String!) {
            statusPageIncident(slug: $slug, ref: $ref) { updates { kind at status message editedAt } }
            statusPage(slug: $slug) { incidents { ref updates { at status message editedAt } } } }`,
          { slug: tenant.slug, ref },
        );
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        const listed = result.data.statusPage.incidents.find((i: { ref: string }) => i.ref === ref);
        return { page: result.data.statusPageIncident.updates, json: listed.updates };
      };
      const EDIT =
        "... on IncidentUpdatePayload { update { id status message createdAt editedAt } } ... on ValidationError { fieldErrors { path message } }";
      const posted = (
        await mutateOk(
          api,
          tenant.owner,
          "postIncidentUpdate",
          {
            incidentId: tenant.incidentId,
            notify: false,
            status: "INVESTIGATING",
            message: "Lookng into it.",
          },
          "... on IncidentUpdatePayload { update { id createdAt editedAt } }",
        )
      ).update;
      assert.equal(posted.editedAt, null);
      const edit = (input: Record<string, unknown>, caller = tenant.owner) =>
        mutate(api, caller, "editIncidentUpdate", { updateId: posted.id, ...input }, EDIT);
      const reader = await addMember(
        api,
        tenant.owner,
        tenant.workspaceId,
        `edit${engine}@example.com`,
        "READONLY",
      );
      for (const [who, caller, code] of [
        ["an analyst", tenant.member, "FORBIDDEN"],
        ["a reader", reader, "FORBIDDEN"],
        ["another tenant", other.owner, "NOT_FOUND"],
      ] as const)
        assert.equal(errorCode(await edit({ status: "MONITORING", message: "pwned" }, caller)), code, who);
      for (const message of ["", "   ", "x".repeat(2001)]) {
        const refused = await edit({ status: "INVESTIGATING", message });
        assert.equal(refused.payload?.fieldErrors?.[0]?.path, "input.message", JSON.stringify(refused));
      }
      assert.ok((await edit({ status: "RESOLVED", message: "done" })).errors?.length);
      const saved = await edit({ status: "IDENTIFIED", message: "  Looking into it: a UDP flood.  " });
      const update = saved.payload?.update;
      assert.equal(update?.message, "Looking into it: a UDP flood.", JSON.stringify(saved));
      assert.equal(update?.status, "IDENTIFIED");
      assert.equal(update?.createdAt, posted.createdAt, "still dated when it was posted");
      assert.ok(update?.editedAt && update.editedAt >= posted.createdAt);
      const { page, json } = await shown();
      assert.deepEqual(
        page.filter((u: { kind: string }) => u.kind === "UPDATE"),
        [
          {
            kind: "UPDATE",
            at: posted.createdAt,
            status: "IDENTIFIED",
            message: "Looking into it: a UDP flood.",
            editedAt: update.editedAt,
          },
        ],
      );
      assert.deepEqual(json, [
        {
          at: posted.createdAt,
          status: "IDENTIFIED",
          message: "Looking into it: a UDP flood.",
          editedAt: update.editedAt,
        },
      ]);
      // Saved as it is: not edited again, not audited again.
      const same = await edit({ status: "IDENTIFIED", message: "Looking into it: a UDP flood." });
      assert.equal(same.payload?.update?.editedAt, update.editedAt);
      const prisma = api.server.services.database.prisma;
      const audits = await prisma.auditLog.findMany({
        where: { chain: `ws:${rawId(tenant.workspaceId)}`, action: "status-page.incident-update.edit" },
      });
      assert.equal(audits.length, 1);
      assert.deepEqual(audits[0]?.summary, {
        before: { status: "INVESTIGATING", message: "Lookng into it." },
        after: { status: "IDENTIFIED", message: "Looking into it: a UDP flood." },
      });
      await mutateOk(
        api,
        tenant.owner,
        "deleteIncidentUpdate",
        { updateId: posted.id },
        "... on IncidentUpdatePayload { incident { id } }",
      );
      assert.equal(errorCode(await edit({ status: "MONITORING", message: "gone" })), "NOT_FOUND");
    });

    it("shows maintenance notices until they end", async () => {
      const startsAt = new Date(Date.now() + 3_600_000).toISOString();
      const endsAt = new Date(Date.now() + 7_200_000).toISOString();
      const added = await mutateOk(
        api,
        tenant.owner,
        "addStatusPageNotice",
        { workspaceId: tenant.workspaceId, startsAt, endsAt, message: "Router upgrade" },
        "... on StatusPagePayload { statusPage { notices { id message } } }",
      );
      const notice = added.statusPage.notices[0];
      const postedBy = Date.now();
      let page = (await anonymous(tenant.slug)).data.statusPage;
      const { postedAt, ...shown } = page.notices[0];
      assert.deepEqual(page.notices.length, 1);
      assert.deepEqual(shown, { startsAt, endsAt, message: "Router upgrade", active: false });
      // Posted now, not when it starts (the feed dates the notice by it).
      assert.ok(Date.parse(postedAt) <= postedBy && Date.parse(postedAt) > postedBy - 60_000, postedAt);
      const backwards = await mutate(api, tenant.owner, "addStatusPageNotice", {
        workspaceId: tenant.workspaceId,
        startsAt: endsAt,
        endsAt: startsAt,
        message: "x",
      });
      assert.equal(errorCode(backwards), "BAD_USER_INPUT");
      const stranger = await mutate(api, other.owner, "deleteStatusPageNotice", { noticeId: notice.id });
      assert.equal(errorCode(stranger), "NOT_FOUND");
      await mutateOk(api, tenant.owner, "deleteStatusPageNotice", { noticeId: notice.id }, SETTINGS);
      page = (await anonymous(tenant.slug)).data.statusPage;
      assert.deepEqual(page.notices, []);
    });

    it("refuses malformed slugs with the reason, before any lookup", async () => {
      for (const [slug, reason] of [
        ["", /empty/],
        ["a".repeat(49), /at most 48/],
        ["xn--bcher-kva", /IDN/],
        ["bücher", /IDN/],
        ["Acme", /lower-case/],
        ["admin", /reserved/],
      ] as const) {
        const result = await anonymous(slug);
        assert.equal(result.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", slug);
        assert.match(result.errors?.[0]?.message ?? "", reason);
      }
    });

    it("lets only the workspace's editors change the page, with its own nodes", async () => {
      const reader = await addMember(
        api,
        tenant.owner,
        tenant.workspaceId,
        `sp-ro-${engine}@example.com`,
        "READONLY",
      );
      const read = await api.gql(
        "query($s: String!) { workspace(slug: $s) { statusPage { enabled title } } }",
        { s: tenant.slug },
        reader,
      );
      assert.equal(read.data.workspace.statusPage.enabled, true);
      assert.equal(errorCode(await publish({}, reader)), "FORBIDDEN");
      assert.equal(errorCode(await publish({}, other.owner)), "NOT_FOUND");
      const foreignNode = await publish({ nodes: [{ nodeId: other.nodeId, displayName: "x" }] });
      assert.equal(errorCode(foreignNode), "NOT_FOUND");
      const twice = await publish({
        nodes: [
          { nodeId: tenant.nodeId, displayName: "a" },
          { nodeId: tenant.nodeId, displayName: "b" },
        ],
      });
      assert.equal(errorCode(twice), "BAD_USER_INPUT");
      const foreign = await api.gql(
        "query($s: String!) { workspace(slug: $s) { statusPage { enabled } } }",
        { s: tenant.slug },
        other.owner,
      );
      assert.equal(foreign.errors?.[0]?.extensions?.code, "NOT_FOUND");
      const audit = await api.server.services.database.prisma.auditLog.count({
        where: { chain: `ws:${rawId(tenant.workspaceId)}`, action: "status-page.update" },
      });
      assert.ok(audit >= 3, `audited updates: ${audit}`);
    });
  });
}
