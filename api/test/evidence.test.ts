import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deleteExpiredEvidence } from "../src/evidence/evidence.jobs.ts";
import { signedDownloadPath } from "../src/evidence/signed-url.ts";
import { evidenceSigningKey } from "../src/evidence/signing-key.ts";
import { engines } from "./databases.ts";
import { createEnrollmentToken, createIntegrationKey, enrollAgent, mutateOk } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { pcapBytes } from "./support/pcap-file.test-data.ts";
import { report, sample } from "./telemetry-client.ts";

const UPLOAD = `mutation($input: UploadIncidentCaptureInput!, $file: File!) {
  uploadIncidentCapture(input: $input, file: $file) {
    __typename ... on IncidentCapturePayload { capture { id packets preBufferPackets sizeBytes sha256 } }
    ... on Error { code message } } }`;

for (const engine of engines) {
  describe(`incident evidence (${engine})`, () => {
    const api = useTestApi(engine);

    /** The GraphQL multipart request an agent sends (operations, map, file). */
    async function upload(token: string, input: Record<string, unknown>, bytes: Uint8Array) {
      const form = new FormData();
      form.set("operations", JSON.stringify({ query: UPLOAD, variables: { input, file: null } }));
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set(
        "0",
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/vnd.tcpdump.pcap" }),
        "incident.pcap",
      );
      const response = await api.server.yoga.fetch("http://levee.test/graphql", {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await response.json()) as { data?: { uploadIncidentCapture: Record<string, any> } };
      return body.data?.uploadIncidentCapture ?? (body as Record<string, any>);
    }

    test("an agent uploads its incident's pcap; a signed link downloads it for 15 minutes", async () => {
      const base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
      const owner: Caller = await api.signup(`evidence-${engine}@example.com`);
      const workspaceId = await createWorkspace(api, owner, `evidence-${engine}`);
      const agent = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "pcap-1");
      const other = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), "pcap-2");
      const flood = await report(api, { token: agent.token }, [sample(Date.now() - 1000, 90_000)]);
      const incidentId = flood.detection.incidentId as string;
      const bytes = pcapBytes([60, 60, 1514, 60]);

      const stored = await upload(agent.token, { incidentId, preBufferPackets: 2, packets: 4 }, bytes);
      assert.equal(stored.__typename, "IncidentCapturePayload", JSON.stringify(stored));
      assert.deepEqual(
        { ...stored.capture, id: undefined, sha256: undefined },
        { id: undefined, sha256: undefined, packets: 4, preBufferPackets: 2, sizeBytes: bytes.length },
      );
      const again = await upload(agent.token, { incidentId, preBufferPackets: 2, packets: 4 }, bytes);
      assert.equal(again.capture.id, stored.capture.id, "a retried upload is the same capture");

      // Refusals: another node's agent, a lying packet count, something that is not pcap, a user.
      const foreign = await upload(other.token, { incidentId, preBufferPackets: 0, packets: 4 }, bytes);
      assert.equal(foreign.__typename, "NotFoundError");
      const lying = await upload(agent.token, { incidentId, preBufferPackets: 0, packets: 5 }, bytes);
      assert.match(lying.message, /holds 4/);
      const junk = await upload(
        agent.token,
        { incidentId, preBufferPackets: 0, packets: 1 },
        new Uint8Array(100),
      );
      assert.equal(junk.__typename, "ValidationError");
      const truncated = await upload(
        agent.token,
        { incidentId, preBufferPackets: 0, packets: 4 },
        bytes.slice(0, -3),
      );
      assert.match(truncated.message, /truncated/);
      const asUser = await upload(
        owner.cookie as string,
        { incidentId, preBufferPackets: 0, packets: 4 },
        bytes,
      );
      assert.notEqual(asUser.__typename, "IncidentCapturePayload");
      // Over HTTP, a multipart body without a credential is refused before it is read (and a session
      // needs the upload header: branding-logo.test.ts).
      const form = new FormData();
      form.set("operations", "{}");
      const anonymous = await fetch(`${base}/graphql`, { method: "POST", body: form });
      assert.equal(anonymous.status, 401);
      const refusal = (await anonymous.json()) as { errors: { extensions: { code: string } }[] };
      assert.equal(refusal.errors[0]?.extensions.code, "UNAUTHENTICATED");
      // A valid key of another kind is refused as the wrong kind of credential: 403, not 401.
      const readKey = await createIntegrationKey(api, owner, workspaceId, ["incident:read"]);
      const withKey = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${readKey.token}` },
        body: form,
      });
      assert.equal(withKey.status, 403);
      const forbidden = (await withKey.json()) as { errors: { extensions: { code: string } }[] };
      assert.equal(forbidden.errors[0]?.extensions.code, "FORBIDDEN");

      const read = await api.gql(
        `query($id: ID!) { node(id: $id) { ... on Incident { pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt } captures { id } } } }`,
        { id: incidentId },
        owner,
      );
      const pcap = read.data.node.pcap;
      assert.equal(read.data.node.captures.length, 1);
      assert.equal(pcap.packets, 4);
      const days = (Date.parse(pcap.expiresAt) - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7, "kept 7 days by default");
      const download = await fetch(`${base}${pcap.downloadUrl}`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get("content-type"), "application/vnd.tcpdump.pcap");
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);

      const tampered = pcap.downloadUrl.replace(
        /expires=(\d+)/,
        (_: string, e: string) => `expires=${Number(e) + 60}`,
      );
      assert.equal((await fetch(`${base}${tampered}`)).status, 403);
      const key = await evidenceSigningKey(api.server.services);
      const expired = signedDownloadPath(stored.capture.id, key, Date.now() - 16 * 60_000);
      assert.equal((await fetch(`${base}${expired}`)).status, 410);

      // Retention: one day for this workspace; a sweep two days on removes file and row.
      await mutateOk(
        api,
        owner,
        "updateWorkspace",
        { workspaceId, evidenceRetentionDays: 1 },
        "... on WorkspacePayload { workspace { evidenceRetentionDays } }",
      );
      const removed = await deleteExpiredEvidence(api.server.services, new Date(Date.now() + 2 * 86_400_000));
      assert.equal(removed, 1);
      assert.equal((await fetch(`${base}${pcap.downloadUrl}`)).status, 404);
      assert.deepEqual(await api.server.services.evidence.list(), []);
    });
  });
}
