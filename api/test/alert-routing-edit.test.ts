import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encodeGlobalID } from "../src/global-id.ts";
import { Receivers, waitFor } from "./alert-receivers.ts";
import { engines } from "./databases.ts";
import {
  addMember,
  createEnrollmentToken,
  createNode,
  enrollAgent,
  errorCode,
  mutate,
  mutateOk,
  rawId,
} from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * Escalation policies and maintenance windows changed in place (updateEscalationPolicy,
 * updateMaintenanceWindow): the change routes and suppresses the incidents that come after it,
 * a refused change leaves the row as it was, every change is audited, and only the workspace's
 * OWNER/ADMIN may make one (tenant-isolation.test.ts covers other workspaces' credentials).
 */
const receivers = new Receivers();
before(() => receivers.start());
after(() => receivers.close());

const WINDOW =
  "... on MaintenanceWindowPayload { window { id name nodeId startsAt endsAt weekly timeZone } }";
const POLICY = `... on EscalationPolicyPayload { policy { id name position sharedWithCustomers severities families
  nodeLabels { key value } steps { channelIds delaySeconds } repeat repeatAfterSeconds } }`;
const FIELD_ERRORS = "... on ValidationError { fieldErrors { path message } }";
const pathsOf = (result: { payload?: Record<string, any> | null }) =>
  (result.payload?.fieldErrors as { path: string }[] | undefined)?.map((f) => f.path).sort();
const hour = 3_600_000;

for (const engine of engines)
  describe(`alert routing changed in place (${engine})`, () => {
    const api = useTestApi(engine, {
      ALERTS_ALLOW_PRIVATE_TARGETS: "true",
      ALERTS_RETRY_BASE_MS: "100",
      // Many changes from one owner in a few seconds; rate limits have their own tests.
      RATE_LIMIT_PER_SECOND: "0",
      RATE_LIMIT_PER_MINUTE: "1000000",
    });
    let owner: Caller;
    before(async () => {
      owner = await api.signup("routing-owner@example.com");
    });

    async function discord(ws: string, name: string) {
      const created = await mutateOk(
        api,
        owner,
        "createAlertChannel",
        {
          workspaceId: ws,
          kind: "DISCORD",
          name,
          settings: { url: `${receivers.base}/${engine}/${name}/hook` },
        },
        "... on AlertChannelPayload { channel { id } }",
      );
      return created.channel.id as string;
    }

    /** A new node of the workspace sending one flood second: its incident's raw id. */
    async function flood(ws: string, host: string) {
      const token = await createEnrollmentToken(api, owner, ws);
      const agent = { token: (await enrollAgent(api, token, host)).token };
      const payload = await report(api, agent, [sample(Date.now() - 60_000, 60_000)]);
      return rawId(payload.detection.incidentId as string);
    }

    const deliveriesOf = (incidentId: string) =>
      api.server.services.database.prisma.alertDelivery.findMany({
        where: { incidentId },
        include: { channel: true },
        orderBy: { step: "asc" },
      });

    const auditOf = (action: string, targetId: string) =>
      api.server.services.database.prisma.auditLog.findMany({ where: { action, targetId } });

    it("a window ended now stops suppressing; a refused change keeps the window as it was", async () => {
      const ws = await createWorkspace(api, owner, "window-edit");
      await discord(ws, "ops-window");
      const now = Date.now();
      const created = await mutateOk(
        api,
        owner,
        "createMaintenanceWindow",
        {
          workspaceId: ws,
          name: "patching",
          startsAt: new Date(now - hour).toISOString(),
          endsAt: new Date(now + hour).toISOString(),
        },
        WINDOW,
      );
      const windowId = created.window.id as string;
      const muted = await flood(ws, "window-1");
      const suppressed = await waitFor("the suppressed delivery", async () => (await deliveriesOf(muted))[0]);
      assert.equal(suppressed.status, "SUPPRESSED");

      // Refused: ends before it starts, and a zone that does not exist. Nothing changes.
      const refused = await mutate(
        api,
        owner,
        "updateMaintenanceWindow",
        { windowId, endsAt: new Date(now - 2 * hour).toISOString(), timeZone: "Nowhere/Land" },
        "... on ValidationError { fieldErrors { path message } }",
      );
      assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(refused));
      assert.deepEqual(
        (refused.payload?.fieldErrors as { path: string }[] | undefined)?.map((f) => f.path).sort(),
        ["input.endsAt", "input.timeZone"],
      );
      const stored = await api.server.services.database.prisma.maintenanceWindow.findUniqueOrThrow({
        where: { id: rawId(windowId) },
      });
      assert.equal(stored.endsAt.getTime(), new Date(created.window.endsAt).getTime());
      assert.equal(stored.timeZone, "UTC");

      // Renamed and ended (two seconds ago): the same window, the next incident is delivered.
      const endedAt = new Date(Date.now() - 2_000).toISOString();
      const ended = await mutateOk(
        api,
        owner,
        "updateMaintenanceWindow",
        { windowId, name: "patching (ended early)", endsAt: endedAt },
        WINDOW,
      );
      assert.deepEqual(
        { ...ended.window, endsAt: new Date(ended.window.endsAt).toISOString() },
        { ...created.window, name: "patching (ended early)", endsAt: endedAt },
      );
      const heard = await flood(ws, "window-2");
      const sent = await waitFor("the delivery after the window", async () => {
        const row = (await deliveriesOf(heard))[0];
        return row?.status === "SENT" ? row : undefined;
      });
      assert.equal(sent.channel.name, "ops-window");
      assert.equal(
        receivers.on(`/${engine}/ops-window/`).length,
        1,
        "only the incident after the window was sent",
      );

      const [entry, ...more] = await auditOf("maintenance-window.update", rawId(windowId));
      assert.equal(more.length, 0, "the refused change wrote no entry");
      const summary = entry?.summary as { before: { name: string }; after: { name: string; endsAt: string } };
      assert.equal(summary.before.name, "patching");
      assert.equal(summary.after.name, "patching (ended early)");
      assert.equal(new Date(summary.after.endsAt).toISOString(), endedAt);
    });

    it("a window moves between one node and the whole workspace; another workspace's node is not found", async () => {
      const ws = await createWorkspace(api, owner, "window-scope");
      const other = await createWorkspace(api, owner, "window-other");
      const [mine, theirs] = [
        await createNode(api, owner, ws, "edge-1"),
        await createNode(api, owner, other, "edge-9"),
      ];
      const { window } = await mutateOk(
        api,
        owner,
        "createMaintenanceWindow",
        {
          workspaceId: ws,
          name: "one node",
          startsAt: "2030-01-01T00:00:00Z",
          endsAt: "2030-01-01T02:00:00Z",
        },
        WINDOW,
      );
      const change = (input: Record<string, unknown>) =>
        mutate(api, owner, "updateMaintenanceWindow", { windowId: window.id, ...input }, WINDOW);
      assert.equal((await change({ nodeId: mine })).payload?.window.nodeId, mine);
      // Left out: the node stays.
      assert.equal((await change({ weekly: true, timeZone: "Europe/Zurich" })).payload?.window.nodeId, mine);
      assert.equal(errorCode(await change({ nodeId: theirs })), "NOT_FOUND");
      assert.equal((await change({ nodeId: null })).payload?.window.nodeId, null);
      await change({ nodeId: mine });
      // Empty, as create takes it: the whole workspace.
      assert.equal((await change({ nodeId: "" })).payload?.window.nodeId, null);
      // A weekly window lasts less than a week, however it is reached.
      const week = await change({ endsAt: "2030-01-09T00:00:00Z" });
      assert.equal(week.payload?.__typename, "ValidationError");
    });

    it("a policy's new steps route the next incident; planned steps keep the old plan; a refusal changes nothing", async () => {
      const ws = await createWorkspace(api, owner, "policy-edit");
      const other = await createWorkspace(api, owner, "policy-other");
      const [first, later, second, foreign] = [
        await discord(ws, "first-line"),
        await discord(ws, "later-line"),
        await discord(ws, "second-line"),
        await discord(other, "foreign-line"),
      ];
      const { policy } = await mutateOk(
        api,
        owner,
        "createEscalationPolicy",
        {
          workspaceId: ws,
          name: "everything",
          nodeLabels: [{ key: "role", value: "edge" }],
          steps: [
            { channelIds: [first], delaySeconds: 0 },
            { channelIds: [later], delaySeconds: 3_600 },
          ],
          repeatAfterSeconds: 600,
        },
        POLICY,
      );
      // Labels do not match the nodes below: the policy routes nothing until they are emptied.
      const unrouted = await mutateOk(
        api,
        owner,
        "updateEscalationPolicy",
        { policyId: policy.id, nodeLabels: [] },
        POLICY,
      );
      assert.deepEqual(unrouted.policy, { ...policy, nodeLabels: [] });
      const before = await flood(ws, "policy-1");
      await waitFor("the first incident's first step sent", async () =>
        (await deliveriesOf(before)).find((d) => d.status === "SENT"),
      );

      const refused = await mutate(
        api,
        owner,
        "updateEscalationPolicy",
        {
          policyId: policy.id,
          families: ["NOT_A_FAMILY"],
          steps: [{ channelIds: [foreign], delaySeconds: 0 }],
        },
        FIELD_ERRORS,
      );
      assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(refused));
      assert.deepEqual(pathsOf(refused), ["input.families", "input.steps.0.channelIds"]);

      // null and left out keep a field; the list given replaces the steps.
      const changed = await mutateOk(
        api,
        owner,
        "updateEscalationPolicy",
        {
          policyId: policy.id,
          name: null,
          families: null,
          steps: [{ channelIds: [second], delaySeconds: 0 }],
        },
        POLICY,
      );
      assert.deepEqual(changed.policy, {
        ...policy,
        nodeLabels: [],
        steps: [{ channelIds: [second], delaySeconds: 0 }],
      });
      const afterChange = await flood(ws, "policy-2");
      await waitFor("the second incident sent", async () =>
        (await deliveriesOf(afterChange)).find((d) => d.status === "SENT"),
      );
      assert.deepEqual(
        (await deliveriesOf(afterChange)).map((d) => d.channel.name),
        ["second-line"],
        "the new steps, not the old",
      );
      // The first incident's second step, an hour out, still names the channel it was planned with.
      assert.deepEqual(
        (await deliveriesOf(before)).map((d) => [d.channel.name, d.status]),
        [
          ["first-line", "SENT"],
          ["later-line", "PENDING"],
        ],
        "an incident planned before the change keeps its plan",
      );
      const entries = await auditOf("escalation-policy.update", rawId(policy.id));
      assert.equal(entries.length, 2, "two changes, two entries; the refusal none");
      const names = entries.map((e) => (e.summary as { after: { steps: unknown[] } }).after.steps.length);
      assert.deepEqual(names.sort(), [1, 2]);

      // Nothing to change: no entry. Nor for the policy's own steps and name sent back as read
      // (stored steps come back from jsonb with their keys in another order).
      await mutateOk(api, owner, "updateEscalationPolicy", { policyId: policy.id, position: 0 }, POLICY);
      await mutateOk(
        api,
        owner,
        "updateEscalationPolicy",
        { policyId: policy.id, name: changed.policy.name, steps: changed.policy.steps, nodeLabels: [] },
        POLICY,
      );
      assert.equal((await auditOf("escalation-policy.update", rawId(policy.id))).length, 2);
    });

    it("a weekly window saved before the local-clock rule can still be renamed; changing its times is checked", async () => {
      const ws = await createWorkspace(api, owner, "window-legacy");
      // 02:00 summer time to 02:00 winter time in Berlin (the night of October 25, 2026): an hour
      // of real time, nothing on the clock. Refused today; written as an older release saved it.
      const legacy = await api.server.services.database.prisma.maintenanceWindow.create({
        data: {
          workspaceId: rawId(ws),
          name: "night swap",
          startsAt: new Date("2026-10-25T00:00:00Z"),
          endsAt: new Date("2026-10-25T01:00:00Z"),
          weekly: true,
          timeZone: "Europe/Berlin",
        },
      });
      const windowId = encodeGlobalID("MaintenanceWindow", legacy.id);
      await mutateOk(
        api,
        owner,
        "updateMaintenanceWindow",
        { windowId, name: "night swap (legacy)" },
        WINDOW,
      );
      const stored = await api.server.services.database.prisma.maintenanceWindow.findUniqueOrThrow({
        where: { id: legacy.id },
      });
      assert.equal(stored.name, "night swap (legacy)");
      assert.equal(stored.endsAt.getTime(), legacy.endsAt.getTime());
      // A change of its times is checked by today's rule, on the field sent.
      const refused = await mutate(
        api,
        owner,
        "updateMaintenanceWindow",
        { windowId, endsAt: "2026-10-25T01:00:00Z", startsAt: "2026-10-25T00:00:00.001Z" },
        FIELD_ERRORS,
      );
      assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(refused));
      assert.deepEqual(pathsOf(refused), ["input.endsAt"]);
    });

    it("a policy's name stays unique; a channel deleted since does not refuse other changes", async () => {
      const ws = await createWorkspace(api, owner, "policy-names");
      const [kept, gone] = [await discord(ws, "kept-line"), await discord(ws, "gone-line")];
      const create = (name: string) =>
        mutateOk(
          api,
          owner,
          "createEscalationPolicy",
          {
            workspaceId: ws,
            name,
            steps: [
              { channelIds: [kept], delaySeconds: 0 },
              { channelIds: [gone], delaySeconds: 60 },
            ],
          },
          POLICY,
        );
      const [{ policy: one }, { policy: two }] = [await create("one"), await create("two")];
      const clash = await mutate(api, owner, "updateEscalationPolicy", { policyId: two.id, name: " one " });
      assert.equal(clash.payload?.__typename, "ConflictError");
      assert.match(clash.payload?.message, /An escalation policy named "one" already exists/);
      const again = await mutate(api, owner, "createEscalationPolicy", {
        workspaceId: ws,
        name: "two",
        steps: [{ channelIds: [kept], delaySeconds: 0 }],
      });
      assert.match(again.payload?.message, /An escalation policy named "two" already exists/);

      await mutateOk(
        api,
        owner,
        "deleteAlertChannel",
        { channelId: gone },
        "... on DeleteAlertChannelPayload { deletedChannelId }",
      );
      const moved = await mutateOk(
        api,
        owner,
        "updateEscalationPolicy",
        { policyId: one.id, position: 5 },
        POLICY,
      );
      assert.equal(moved.policy.position, 5);
      // Steps sent are checked whole: the deleted channel is named there.
      const resent = await mutate(
        api,
        owner,
        "updateEscalationPolicy",
        { policyId: one.id, steps: one.steps },
        FIELD_ERRORS,
      );
      assert.deepEqual(pathsOf(resent), ["input.steps.1.channelIds"]);
    });

    it("a policy shared with customers names only shared channels", async () => {
      const msp = await createWorkspace(api, owner, "policy-msp");
      const own = await discord(msp, "msp-only");
      const shared = await mutateOk(
        api,
        owner,
        "createAlertChannel",
        {
          workspaceId: msp,
          kind: "DISCORD",
          name: "msp-shared",
          sharedWithCustomers: true,
          settings: { url: `${receivers.base}/${engine}/msp-shared/hook` },
        },
        "... on AlertChannelPayload { channel { id } }",
      );
      const created = await mutate(
        api,
        owner,
        "createEscalationPolicy",
        {
          workspaceId: msp,
          name: "for all",
          sharedWithCustomers: true,
          steps: [{ channelIds: [own], delaySeconds: 0 }],
        },
        FIELD_ERRORS,
      );
      assert.deepEqual(pathsOf(created), ["input.steps.0.channelIds"]);
      assert.match(JSON.stringify(created.payload), /not shared: \\"msp-only\\"/);
      const { policy } = await mutateOk(
        api,
        owner,
        "createEscalationPolicy",
        { workspaceId: msp, name: "msp", steps: [{ channelIds: [own], delaySeconds: 0 }] },
        POLICY,
      );
      // Sharing it, without sending steps, checks the steps it has.
      const sharing = await mutate(
        api,
        owner,
        "updateEscalationPolicy",
        { policyId: policy.id, sharedWithCustomers: true },
        FIELD_ERRORS,
      );
      assert.deepEqual(pathsOf(sharing), ["input.steps.0.channelIds"]);
      const ok = await mutateOk(
        api,
        owner,
        "updateEscalationPolicy",
        {
          policyId: policy.id,
          sharedWithCustomers: true,
          steps: [{ channelIds: [shared.channel.id], delaySeconds: 0 }],
        },
        POLICY,
      );
      assert.equal(ok.policy.sharedWithCustomers, true);
      // The channel it names cannot be un-shared under it.
      const unshare = await mutate(
        api,
        owner,
        "updateAlertChannel",
        { channelId: shared.channel.id, sharedWithCustomers: false },
        FIELD_ERRORS,
      );
      assert.deepEqual(pathsOf(unshare), ["input.sharedWithCustomers"]);
      assert.match(JSON.stringify(unshare.payload), /named by \\"msp\\"/);
    });

    it("sharing a policy and un-sharing its channel at once: never both (a shared policy naming an unshared channel)", async () => {
      const ws = await createWorkspace(api, owner, "share-race");
      for (let i = 0; i < 6; i++) {
        const channel = await mutateOk(
          api,
          owner,
          "createAlertChannel",
          {
            workspaceId: ws,
            kind: "DISCORD",
            name: `race-${i}`,
            sharedWithCustomers: true,
            settings: { url: `${receivers.base}/${engine}/race-${i}/hook` },
          },
          "... on AlertChannelPayload { channel { id } }",
        );
        const channelId = channel.channel.id as string;
        const { policy } = await mutateOk(
          api,
          owner,
          "createEscalationPolicy",
          { workspaceId: ws, name: `race-${i}`, steps: [{ channelIds: [channelId], delaySeconds: 0 }] },
          POLICY,
        );
        await Promise.all([
          mutate(
            api,
            owner,
            "updateEscalationPolicy",
            { policyId: policy.id, sharedWithCustomers: true },
            POLICY,
          ),
          mutate(api, owner, "updateAlertChannel", { channelId, sharedWithCustomers: false }, FIELD_ERRORS),
        ]);
        const db = api.server.services.database.prisma;
        const [storedPolicy, storedChannel] = await Promise.all([
          db.escalationPolicy.findUniqueOrThrow({ where: { id: rawId(policy.id) } }),
          db.alertChannel.findUniqueOrThrow({ where: { id: rawId(channelId) } }),
        ]);
        assert.ok(
          !(storedPolicy.sharedWithCustomers && !storedChannel.sharedWithCustomers),
          `round ${i}: the shared policy names a channel no longer shared`,
        );
      }
    });

    it("two changes at once both hold; a change racing a delete is NOT_FOUND, never an internal error", async () => {
      const ws = await createWorkspace(api, owner, "window-race");
      const node = await createNode(api, owner, ws, "race-1");
      const create = async (name: string) =>
        (
          await mutateOk(
            api,
            owner,
            "createMaintenanceWindow",
            { workspaceId: ws, name, startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-01-01T02:00:00Z" },
            WINDOW,
          )
        ).window.id as string;
      const windowId = await create("w");
      const change = (input: Record<string, unknown>) =>
        mutate(api, owner, "updateMaintenanceWindow", { windowId, ...input }, WINDOW);
      await Promise.all([change({ name: "renamed" }), change({ nodeId: node })]);
      const stored = await api.server.services.database.prisma.maintenanceWindow.findUniqueOrThrow({
        where: { id: rawId(windowId) },
      });
      assert.deepEqual([stored.name, stored.nodeId], ["renamed", rawId(node)]);
      const befores = (await auditOf("maintenance-window.update", rawId(windowId))).map(
        (e) => (e.summary as { before: { name: string; nodeId: string | null } }).before,
      );
      assert.equal(befores.length, 2);
      assert.ok(
        befores.some((b) => b.name === "renamed" || b.nodeId !== null),
        `the second change saw the first: ${JSON.stringify(befores)}`,
      );

      for (let i = 0; i < 5; i++) {
        const doomed = await create(`doomed-${i}`);
        const [updated] = await Promise.all([
          mutate(api, owner, "updateMaintenanceWindow", { windowId: doomed, name: "late" }, WINDOW),
          mutate(api, owner, "deleteMaintenanceWindow", { windowId: doomed }),
        ]);
        assert.ok(
          updated.payload?.__typename === "MaintenanceWindowPayload" || errorCode(updated) === "NOT_FOUND",
          JSON.stringify(updated),
        );
      }
    });

    it("only OWNER and ADMIN change them", async () => {
      const ws = await createWorkspace(api, owner, "routing-roles");
      const channel = await discord(ws, "roles-line");
      const { policy } = await mutateOk(
        api,
        owner,
        "createEscalationPolicy",
        { workspaceId: ws, name: "p", steps: [{ channelIds: [channel], delaySeconds: 0 }] },
        POLICY,
      );
      const { window } = await mutateOk(
        api,
        owner,
        "createMaintenanceWindow",
        { workspaceId: ws, name: "w", startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-01-02T00:00:00Z" },
        WINDOW,
      );
      const analyst = await addMember(api, owner, ws, "routing-analyst@example.com", "ANALYST");
      const admin = await addMember(api, owner, ws, "routing-admin@example.com", "ADMIN");
      const outsider = await api.signup("routing-outsider@example.com");
      const tries = (caller: Caller) => [
        mutate(api, caller, "updateEscalationPolicy", { policyId: policy.id, name: "mine" }),
        mutate(api, caller, "updateMaintenanceWindow", { windowId: window.id, name: "mine" }),
      ];
      assert.deepEqual((await Promise.all(tries(analyst))).map(errorCode), ["FORBIDDEN", "FORBIDDEN"]);
      assert.deepEqual((await Promise.all(tries(outsider))).map(errorCode), ["NOT_FOUND", "NOT_FOUND"]);
      assert.deepEqual(
        (await Promise.all(tries(admin))).map((r) => r.payload?.__typename),
        ["EscalationPolicyPayload", "MaintenanceWindowPayload"],
      );
    });
  });
