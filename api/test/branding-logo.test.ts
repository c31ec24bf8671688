import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { engines } from "./databases.ts";
import { addMember, createIntegrationKey, mutate, mutateOk } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { gifHeader, jpegHeader, pngBytes, webpHeader } from "./support/logo-image.test-data.ts";

const UPLOAD = `mutation($input: UploadWorkspaceLogoInput!, $file: File!) {
  uploadWorkspaceLogo(input: $input, file: $file) {
    __typename ... on WorkspacePayload { workspace { id branding { logo favicon } brandingSettings { logo } } }
    ... on Error { code message } ... on ValidationError { fieldErrors { path message } } } }`;
const LOGO = "query($h: String!) { brandingLogo(sha256: $h) { sha256 contentType base64 width height } }";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Logo uploads (white label) on both engines: the GraphQL multipart request a browser sends through the
 * HTTP router (its upload gate and body limits), the checks of the file, the stored bytes served by hash,
 * inheritance by an MSP's customer, replacing and clearing.
 */
for (const engine of engines) {
  describe(`workspace logo upload (${engine})`, { timeout: 120_000 }, () => {
    const api = useTestApi(engine);
    let base: string;

    /** The multipart request, over real HTTP (the router's gate runs), as the dashboard sends it. */
    async function upload(
      caller: Caller,
      workspaceId: string,
      bytes: Uint8Array,
      options: { csrf?: boolean; name?: string; type?: string } = {},
    ) {
      const form = new FormData();
      form.set(
        "operations",
        JSON.stringify({ query: UPLOAD, variables: { input: { workspaceId }, file: null } }),
      );
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: options.type ?? "image/png" });
      form.set("0", blob, options.name ?? "logo.png");
      const headers: Record<string, string> = {};
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.cookie) headers.cookie = `levee_session=${caller.cookie}`;
      if (options.csrf !== false) headers["x-levee-upload"] = "1";
      const response = await fetch(`${base}/graphql`, { method: "POST", headers, body: form });
      const body = (await response.json()) as Record<string, any>;
      return { status: response.status, body, payload: body.data?.uploadWorkspaceLogo };
    }

    const settingsOf = async (caller: Caller, slug: string) =>
      (
        await api.gql(
          "query($s: String!) { workspace(slug: $s) { branding { logo favicon } brandingSettings { logo } } }",
          { s: slug },
          caller,
        )
      ).data.workspace;

    test("upload, refusals, serving by hash, inheritance, replacing and clearing", async () => {
      base = `http://127.0.0.1:${(await api.server.listen(0, "127.0.0.1")).port}`;
      const owner = await api.signup(`logo-owner-${engine}@example.com`);
      const msp = await createWorkspace(api, owner, `logo-msp-${engine}`);
      const png = pngBytes(240, 60);

      // A PNG: stored, the branding points at it by hash (logo and favicon), the file is served back.
      const ok = await upload(owner, msp, png);
      assert.equal(ok.payload?.__typename, "WorkspacePayload", JSON.stringify(ok.body));
      const path = `/branding/logo/${sha256(png)}`;
      assert.deepEqual(ok.payload.workspace.branding, { logo: path, favicon: path });
      assert.equal(ok.payload.workspace.brandingSettings.logo, path);
      const served = (await api.gql(LOGO, { h: sha256(png) })).data.brandingLogo;
      assert.deepEqual(
        { ...served, base64: undefined },
        { sha256: sha256(png), contentType: "image/png", width: 240, height: 60, base64: undefined },
      );
      assert.deepEqual(new Uint8Array(Buffer.from(served.base64, "base64")), png);
      assert.equal((await api.gql(LOGO, { h: "0".repeat(64) })).data.brandingLogo, null);
      assert.equal((await api.gql(LOGO, { h: "../etc/passwd" })).data.brandingLogo, null);

      // Audited with what was uploaded, never the bytes.
      const { prisma } = api.server.services.database;
      const entry = await prisma.auditLog.findFirst({
        where: { action: "workspace.logo" },
        orderBy: { createdAt: "desc" },
      });
      const summary = JSON.stringify(entry?.summary);
      assert.match(summary, new RegExp(sha256(png)));
      assert.match(summary, /"sizeBytes":\d+/);
      assert.match(summary, /image\/png/);
      assert.doesNotMatch(
        summary,
        new RegExp(Buffer.from(png).toString("base64").slice(0, 40).replace(/[+/]/g, ".")),
      );

      // Each accepted type, read from the bytes whatever the name and type the browser claims.
      for (const [bytes, type] of [
        [jpegHeader(800, 200), "image/jpeg"],
        [gifHeader(64, 64), "image/gif"],
        [webpHeader(512, 128), "image/webp"],
      ] as const) {
        const other = await upload(owner, msp, bytes, { name: "logo.png", type: "image/png" });
        assert.equal(other.payload?.__typename, "WorkspacePayload", JSON.stringify(other.body));
        const row = (await api.gql(LOGO, { h: sha256(bytes) })).data.brandingLogo;
        assert.equal(row.contentType, type);
      }
      // Replacing: the last one only is kept, the first hash serves nothing any more.
      assert.equal((await api.gql(LOGO, { h: sha256(png) })).data.brandingLogo, null);
      assert.equal(
        await prisma.workspaceLogo.count({ where: { workspace: { slug: `logo-msp-${engine}` } } }),
        1,
      );

      // Refusals with the reason on `file`: SVG (use PNG), not an image, too large, too many pixels.
      const refusals: [Uint8Array, RegExp][] = [
        [
          new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          /SVG.*PNG/,
        ],
        [new TextEncoder().encode("just text"), /not a PNG, JPEG, WebP or GIF/],
        [new Uint8Array(256 * 1024 + 1), /at most 256 KiB/],
        [pngBytes(2049, 10), /2049×10 pixels; a logo may be at most 2048×2048/],
        [jpegHeader(100, 5000), /at most 2048×2048/],
        [webpHeader(3000, 3000), /at most 2048×2048/],
      ];
      for (const [bytes, message] of refusals) {
        const refused = await upload(owner, msp, bytes);
        assert.equal(refused.payload?.__typename, "ValidationError", JSON.stringify(refused.body));
        assert.equal(refused.payload.fieldErrors[0].path, "file");
        assert.match(refused.payload.fieldErrors[0].message, message);
      }
      // A body past the logo limit is refused before it is read (413), as a capture's is past its own.
      const huge = await upload(owner, msp, new Uint8Array(400 * 1024));
      assert.equal(huge.status, 413);

      // Credentials: a session needs the upload header (no form can send it); anonymous is 401; a
      // READONLY member and another tenant are refused; API keys (no scope changes a look) get 403.
      const noCsrf = await upload(owner, msp, png, { csrf: false });
      assert.equal(noCsrf.status, 403);
      assert.match(noCsrf.body.errors[0].message, /x-levee-upload/);
      assert.equal((await upload({}, msp, png)).status, 401);
      const reader = await addMember(api, owner, msp, `logo-reader-${engine}@example.com`, "READONLY");
      assert.equal((await upload(reader, msp, png)).payload?.code, "FORBIDDEN");
      const stranger = await api.signup(`logo-stranger-${engine}@example.com`);
      await createWorkspace(api, stranger, `logo-stranger-${engine}`);
      assert.equal((await upload(stranger, msp, png)).payload?.code, "NOT_FOUND");
      const key = await createIntegrationKey(api, owner, msp, ["workspace:read"]);
      assert.equal((await upload({ token: key.token }, msp, png)).status, 403);
      const again = await upload(owner, msp, png);
      assert.equal(again.payload.workspace.branding.logo, path);

      // A customer of the MSP inherits the uploaded logo until it uploads its own.
      const customer = await mutateOk(
        api,
        owner,
        "createCustomerWorkspace",
        { parentWorkspaceId: msp, name: "Logo Customer", slug: `logo-cust-${engine}`, statusPage: true },
        "... on WorkspacePayload { workspace { id branding { logo } } }",
      );
      assert.equal(customer.workspace.branding.logo, path);
      const own = pngBytes(32, 32, 0xc2410c);
      const mine = await upload(owner, customer.workspace.id, own);
      assert.equal(mine.payload.workspace.branding.logo, `/branding/logo/${sha256(own)}`);
      // Its public status page shows it too (publicBranding, what /s/<slug> and custom domains read).
      const pub = await api.gql("query($s: String) { publicBranding(slug: $s) { logo } }", {
        s: `logo-cust-${engine}`,
      });
      assert.equal(pub.data.publicBranding.logo, `/branding/logo/${sha256(own)}`);

      // Clearing through updateWorkspaceBranding: the bytes go, the customer inherits the MSP's again.
      await mutateOk(
        api,
        owner,
        "updateWorkspaceBranding",
        { workspaceId: customer.workspace.id, branding: { logo: null } },
        "... on WorkspacePayload { workspace { id } }",
      );
      assert.equal((await settingsOf(owner, `logo-cust-${engine}`)).branding.logo, path);
      assert.equal((await api.gql(LOGO, { h: sha256(own) })).data.brandingLogo, null);
      // Replacing it with a hosted logo drops the MSP's upload as well.
      await mutateOk(
        api,
        owner,
        "updateWorkspaceBranding",
        { workspaceId: msp, branding: { logo: "https://cdn.example.net/logo.png" } },
        "... on WorkspacePayload { workspace { id } }",
      );
      assert.equal((await api.gql(LOGO, { h: sha256(png) })).data.brandingLogo, null);
      assert.equal(
        (await settingsOf(owner, `logo-cust-${engine}`)).branding.logo,
        "https://cdn.example.net/logo.png",
      );
      const refusedClear = await mutate(api, reader, "updateWorkspaceBranding", {
        workspaceId: msp,
        branding: { logo: null },
      });
      assert.equal(refusedClear.payload?.code, "FORBIDDEN");
    });
  });
}
