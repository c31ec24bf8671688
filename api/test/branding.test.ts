import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { recheckVerifiedDomains } from "../src/branding/custom-domain.service.ts";
import { verificationRecordName, verificationRecordValue } from "../src/branding/custom-host.ts";
import { encodeGlobalID } from "../src/global-id.ts";
import { startSmtp, waitFor } from "./alert-receivers.ts";
import { addMember, invite, mutate, mutateOk } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { TxtDnsServer } from "./support/txt-dns-server.ts";

/**
 * White label per workspace, custom domains and the MSP customer flow on the embedded engine, with a
 * real DNS server on loopback answering the verification TXT look-ups (LEVEE_DNS_SERVERS) and a real
 * SMTP server receiving the e-mails of a white-labelled workspace.
 */
let dns: TxtDnsServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
before(async () => {
  dns = await TxtDnsServer.start();
  smtp = await startSmtp();
  Object.assign(env, {
    LEVEE_DNS_SERVERS: dns.address,
    SMTP_URL: smtp.url,
    // The operator's own sending address; the display name is replaced per workspace.
    SMTP_FROM: "Platform <alerts@mail.harbor-ops.net>",
    PUBLIC_WEB_URL: "https://levee.example.net",
    ALLOWED_ORIGINS: "https://levee.example.net",
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
  });
});
after(async () => {
  await dns.close();
  await smtp.close();
});

const BRANDING =
  "branding { theme productName logo favicon scheme light { primary accent } dark { accent } }";
const WS = `... on WorkspacePayload { workspace { id slug ${BRANDING} brandingSettings { theme accent logo productName } } }`;
const DOMAIN = "... on CustomDomainPayload { customDomain { id host status txtName txtValue lastError } }";

describe("white label and custom domains", { timeout: 120_000 }, () => {
  const api = useTestApi("pglite", env);
  let owner: Caller;
  let msp: string;
  let other: Caller;
  let otherWs: string;

  before(async () => {
    owner = await api.signup("msp-owner@example.com", "MSP Owner");
    msp = await createWorkspace(api, owner, "harbor-msp");
    other = await api.signup("other@example.com", "Other");
    otherWs = await createWorkspace(api, other, "other-co");
  });

  const branding = async (caller: Caller, slug: string) =>
    (await api.gql(`query($slug: String!) { workspace(slug: $slug) { ${BRANDING} } }`, { slug }, caller)).data
      .workspace.branding;

  it("starts from the deployment default (LEVEE_THEME)", async () => {
    const b = await branding(owner, "harbor-msp");
    assert.equal(b.theme, "default");
    assert.equal(b.productName, "Levee");
    assert.equal(b.scheme, "SYSTEM");
  });

  it("sets theme, accent, logo and name with workspace:update, validating each", async () => {
    const bad = await mutate(api, owner, "updateWorkspaceBranding", {
      workspaceId: msp,
      branding: { theme: "nope", accent: "teal", logo: "javascript:alert(1)", productName: "<b>x</b>" },
    });
    assert.equal(bad.payload?.code, "BAD_USER_INPUT", JSON.stringify(bad));
    for (const field of ["theme", "accent", "logo", "productName"])
      assert.match(bad.payload?.message, new RegExp(`input\\.${field}`));
    const ok = await mutateOk(
      api,
      owner,
      "updateWorkspaceBranding",
      { workspaceId: msp, branding: { theme: "harbor", productName: "Harbor Shield", accent: "#c2410c" } },
      WS,
    );
    assert.equal(ok.workspace.branding.productName, "Harbor Shield");
    assert.equal(ok.workspace.branding.logo, "/brands/harbor.svg");
    assert.equal(ok.workspace.branding.light.accent, "#c2410c");
    assert.deepEqual(ok.workspace.brandingSettings, {
      theme: "harbor",
      accent: "#c2410c",
      logo: null,
      productName: "Harbor Shield",
    });
    // A READONLY member reads it but may not change it; another tenant cannot see the workspace at all.
    const reader = await addMember(api, owner, msp, "reader@example.com", "READONLY");
    assert.equal((await branding(reader, "harbor-msp")).productName, "Harbor Shield");
    const refused = await mutate(api, reader, "updateWorkspaceBranding", {
      workspaceId: msp,
      branding: { productName: "x" },
    });
    assert.equal(refused.payload?.code, "FORBIDDEN");
    const foreign = await mutate(api, other, "updateWorkspaceBranding", {
      workspaceId: msp,
      branding: { productName: "x" },
    });
    assert.equal(foreign.payload?.code, "NOT_FOUND");
  });

  it("creates a customer in one flow that inherits the MSP's branding unless it overrides it", async () => {
    const plain = await mutateOk(
      api,
      owner,
      "createCustomerWorkspace",
      { parentWorkspaceId: msp, name: "Acme", slug: "acme-cust", statusPage: true },
      WS,
    );
    assert.equal(plain.workspace.branding.theme, "harbor");
    assert.equal(plain.workspace.branding.productName, "Harbor Shield");
    const own = await mutateOk(
      api,
      owner,
      "createCustomerWorkspace",
      {
        parentWorkspaceId: msp,
        name: "Bolt",
        slug: "bolt-cust",
        branding: { theme: "midnight", productName: "Bolt Status" },
      },
      WS,
    );
    assert.equal(own.workspace.branding.theme, "midnight");
    assert.equal(own.workspace.branding.productName, "Bolt Status");
    assert.equal(own.workspace.branding.light.accent, "#c2410c", "the MSP's accent still carries");
    // One transaction: a bad theme leaves no workspace behind, a taken slug is refused.
    const bad = await mutate(api, owner, "createCustomerWorkspace", {
      parentWorkspaceId: msp,
      name: "Half",
      slug: "half-made",
      branding: { theme: "nope" },
    });
    assert.equal(bad.payload?.code, "BAD_USER_INPUT");
    const again = await mutate(api, owner, "createCustomerWorkspace", {
      parentWorkspaceId: msp,
      name: "Half",
      slug: "half-made",
    });
    assert.equal(again.payload?.__typename, "WorkspacePayload", JSON.stringify(again));
    const taken = await mutate(api, owner, "createCustomerWorkspace", {
      parentWorkspaceId: msp,
      name: "X",
      slug: "acme-cust",
    });
    assert.equal(taken.payload?.code, "CONFLICT");
    const foreign = await mutate(api, other, "createCustomerWorkspace", {
      parentWorkspaceId: msp,
      name: "X",
      slug: "x-in-msp",
    });
    assert.equal(foreign.payload?.code, "NOT_FOUND");
  });

  it("publishes the customer's status page in the same flow: live at /s/<slug> to anyone", async () => {
    const page = `query($slug: String!) { statusPage(slug: $slug) { slug title banner nodes { name } } }`;
    const live = (await api.gql(page, { slug: "acme-cust" })).data.statusPage;
    assert.deepEqual(live, { slug: "acme-cust", title: "Acme", banner: "OPERATIONAL", nodes: [] });
    const settings = await api.gql(
      `query($slug: String!) { workspace(slug: $slug) { statusPage { enabled public path } } }`,
      { slug: "acme-cust" },
      owner,
    );
    assert.deepEqual(settings.data.workspace.statusPage, {
      enabled: true,
      public: true,
      path: "/s/acme-cust",
    });
    // Without statusPage: true the customer has no page: the same null as an unknown slug.
    assert.deepEqual((await api.gql(page, { slug: "bolt-cust" })).data, { statusPage: null });
    assert.deepEqual((await api.gql(page, { slug: "no-such-ws" })).data, { statusPage: null });
  });

  it("answers branding by slug publicly only where a status page is public, else the default", async () => {
    const q = `query($slug: String) { publicBranding(slug: $slug) { theme productName logo } }`;
    const look = async (slug?: string) => (await api.gql(q, slug ? { slug } : {})).data.publicBranding;
    const def = await look();
    assert.deepEqual(def, { theme: "default", productName: "Levee", logo: "/levee-logo.svg" });
    // acme-cust's page is public (the customer flow published it): its workspace's look, inherited.
    const acmeLook = await look("acme-cust");
    assert.equal(acmeLook.theme, "harbor");
    assert.equal(acmeLook.productName, "Harbor Shield");
    // No page, an unknown slug, and (below) a private or unpublished page: one answer, the default.
    assert.deepEqual(await look("bolt-cust"), def);
    assert.deepEqual(await look("no-such-ws"), def);
    const acme = (await api.gql(`{ workspace(slug: "acme-cust") { id } }`, {}, owner)).data.workspace.id;
    const setPage = (enabled: boolean, isPublic: boolean) =>
      mutateOk(
        api,
        owner,
        "updateStatusPage",
        { workspaceId: acme, enabled, public: isPublic, title: "Acme", nodes: [] },
        "... on StatusPagePayload { statusPage { enabled public } }",
      );
    await setPage(true, false);
    assert.deepEqual(await look("acme-cust"), def, "a private page");
    await setPage(false, true);
    assert.deepEqual(await look("acme-cust"), def, "an unpublished page");
    await setPage(true, true);
    assert.equal((await look("acme-cust")).productName, "Harbor Shield", "public again");
  });

  it("verifies a custom domain by its own TXT token only, then routes the host to the workspace", async () => {
    for (const bad of [
      "192.0.2.7",
      "localhost",
      "levee.example.net",
      "x.levee.example.net",
      "https://a.com/x",
      "a..com",
    ]) {
      const refused = await mutate(api, owner, "addCustomDomain", { workspaceId: msp, host: bad });
      assert.equal(refused.payload?.code, "BAD_USER_INPUT", `${bad}: ${JSON.stringify(refused.payload)}`);
    }
    const idn = await mutateOk(
      api,
      owner,
      "addCustomDomain",
      { workspaceId: msp, host: "Status.Bücher.de" },
      DOMAIN,
    );
    assert.equal(idn.customDomain.host, "status.xn--bcher-kva.de");

    const mine = (
      await mutateOk(
        api,
        owner,
        "addCustomDomain",
        { workspaceId: msp, host: "status.harbor-shield.net" },
        DOMAIN,
      )
    ).customDomain;
    assert.equal(mine.status, "PENDING");
    assert.equal(mine.txtName, "_domain-verify.status.harbor-shield.net");
    // Another workspace claims the same host: its own token, which must never verify the MSP's claim.
    const theirs = (
      await mutateOk(
        api,
        other,
        "addCustomDomain",
        { workspaceId: otherWs, host: "status.harbor-shield.net" },
        DOMAIN,
      )
    ).customDomain;
    assert.notEqual(theirs.txtValue, mine.txtValue);

    const verify = (caller: Caller, id: string) =>
      mutateOk(api, caller, "verifyCustomDomain", { customDomainId: id }, DOMAIN);
    assert.match((await verify(owner, mine.id)).customDomain.lastError, /No TXT record/);
    dns.set(mine.txtName, [theirs.txtValue]);
    const wrong = (await verify(owner, mine.id)).customDomain;
    assert.equal(wrong.status, "PENDING");
    assert.match(wrong.lastError, /does not hold this domain's token/);
    assert.ok(dns.asked.includes("_domain-verify.status.harbor-shield.net"), "asked the real DNS server");

    const route = `query($host: String!) { customDomainRoute(host: $host) { slug branding { productName } } }`;
    assert.equal(
      (await api.gql(route, { host: "status.harbor-shield.net" })).data.customDomainRoute,
      null,
      "pending: not routed",
    );

    dns.set(mine.txtName, ["v=spf1 -all", theirs.txtValue, mine.txtValue]);
    assert.equal((await verify(owner, mine.id)).customDomain.status, "VERIFIED");
    const routed = (await api.gql(route, { host: "STATUS.harbor-shield.net" })).data.customDomainRoute;
    assert.deepEqual(routed, { slug: "harbor-msp", branding: { productName: "Harbor Shield" } });
    assert.equal((await api.gql(route, { host: "unknown.example.org" })).data.customDomainRoute, null);

    // Now the other workspace's claim cannot verify even with its own record: the host is taken.
    dns.set(mine.txtName, [theirs.txtValue]);
    const blocked = await mutate(api, other, "verifyCustomDomain", { customDomainId: theirs.id });
    assert.equal(blocked.payload?.code, "CONFLICT", JSON.stringify(blocked));
    const taken = await mutate(api, other, "addCustomDomain", {
      workspaceId: otherWs,
      host: "status.harbor-shield.net",
    });
    assert.equal(taken.payload?.code, "CONFLICT");
    // Nor can it verify, remove or see the MSP's domain.
    for (const field of ["verifyCustomDomain", "removeCustomDomain"]) {
      const result = await mutate(api, other, field, { customDomainId: mine.id });
      assert.equal(result.payload?.code, "NOT_FOUND", field);
    }
    const listed = await api.gql(
      `{ workspace(slug: "harbor-msp") { customDomains { host status } } }`,
      {},
      owner,
    );
    assert.deepEqual(
      listed.data.workspace.customDomains.map((d: { host: string }) => d.host),
      ["status.xn--bcher-kva.de", "status.harbor-shield.net"],
    );
  });

  it("sends a white-labelled workspace's e-mails without naming Levee", async () => {
    const token = await invite(api, owner, msp, "newcomer@example.com", "ANALYST");
    const invitation = await waitFor("the invitation e-mail", () =>
      smtp.mails.find((m) => m.to.includes("newcomer@example.com")),
    );
    assert.ok(invitation.raw.includes(token));
    const channel = await mutateOk(
      api,
      owner,
      "createAlertChannel",
      { workspaceId: msp, kind: "EMAIL", name: "noc", settings: { emails: ["noc@example.com"] } },
      "... on AlertChannelPayload { channel { id } }",
    );
    await mutateOk(api, owner, "testAlertChannel", { channelId: channel.channel.id }, "__typename");
    const alert = await waitFor("the alert e-mail", () =>
      smtp.mails.find((m) => m.to.includes("noc@example.com")),
    );
    for (const mail of [invitation, alert]) {
      const decoded = mail.raw.replace(/=\r?\n/g, "");
      assert.doesNotMatch(decoded, /levee/i, decoded);
      assert.match(decoded, /^From: Harbor Shield <alerts@/m);
      assert.match(decoded, /https:\/\/status\.harbor-shield\.net/, "links go to the verified custom domain");
    }
    assert.match(invitation.raw, /Subject: .*on Harbor Shield/);
    assert.match(alert.raw, /Subject: \[LOW\] Test alert from Harbor Shield/);
  });

  it("re-checks a verified domain daily and un-verifies it after 3 failed checks in a row", async () => {
    const { services } = api.server;
    const { prisma } = services.database;
    const host = "status.harbor-shield.net";
    const stored = await prisma.customDomain.findFirstOrThrow({
      where: { workspace: { slug: "harbor-msp" }, host },
    });
    assert.equal(stored.status, "VERIFIED");
    const [name, value] = [verificationRecordName(host), verificationRecordValue(stored.token)];
    const start = (stored.lastCheckedAt ?? new Date()).getTime();
    const day = (n: number) => new Date(start + n * 24 * 3_600_000 + 60_000);
    const route = async () =>
      (await api.gql(`query($host: String!) { customDomainRoute(host: $host) { slug } }`, { host })).data
        .customDomainRoute;
    const state = () =>
      prisma.customDomain.findUniqueOrThrow({
        where: { id: stored.id },
        select: { status: true, failedChecks: true, lastError: true },
      });

    dns.set(name, [value]);
    assert.deepEqual(await recheckVerifiedDomains(services, new Date(start + 3_600_000)), {
      checked: 0,
      unverified: 0,
    });
    const asked = dns.asked.length;
    assert.deepEqual(await recheckVerifiedDomains(services, day(1)), { checked: 1, unverified: 0 });
    assert.equal(dns.asked.length, asked + 1, "looked up on the real DNS server");
    // Record gone: a failure counted, the page still served.
    dns.set(name, []);
    await recheckVerifiedDomains(services, day(2));
    assert.deepEqual(await state(), {
      status: "VERIFIED",
      failedChecks: 1,
      lastError: `No TXT record at ${name} yet (DNS changes can take a few minutes)`,
    });
    assert.deepEqual(await route(), { slug: "harbor-msp" });
    // Back the next day: the count starts again ("in a row").
    dns.set(name, ["v=spf1 -all", value]);
    await recheckVerifiedDomains(services, day(3));
    assert.equal((await state()).failedChecks, 0);
    // Another tenant's token is no better than none; the third failure in a row un-verifies.
    dns.set(name, ["domain-verify=someone-else"]);
    await recheckVerifiedDomains(services, day(4));
    await recheckVerifiedDomains(services, day(5));
    assert.equal((await state()).status, "VERIFIED");
    assert.deepEqual(await recheckVerifiedDomains(services, day(6)), { checked: 1, unverified: 1 });
    const after = await state();
    assert.equal(after.status, "PENDING");
    assert.match(
      after.lastError ?? "",
      /does not hold this domain's token; un-verified after 3 daily checks/,
    );
    assert.equal(await route(), null, "no longer routed");
    const audit = await prisma.auditLog.findFirst({
      where: { action: "custom-domain.unverify", workspaceId: stored.workspaceId },
      select: { actorType: true, targetId: true },
    });
    assert.deepEqual(audit, { actorType: "SYSTEM", targetId: stored.id });
    // A PENDING domain is no longer swept; verifying again by hand works as before.
    assert.deepEqual(await recheckVerifiedDomains(services, day(8)), { checked: 0, unverified: 0 });
    dns.set(name, [value]);
    const again = await mutateOk(
      api,
      owner,
      "verifyCustomDomain",
      { customDomainId: encodeGlobalID("CustomDomain", stored.id) },
      DOMAIN,
    );
    assert.equal(again.customDomain.status, "VERIFIED");
    assert.equal((await state()).failedChecks, 0);
  });
});

describe("white label config", () => {
  it("a theme file failing the schema stops the API with its path (exit-78 ConfigError)", async () => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { loadConfig, ConfigError, repoRoot } = await import("../src/config.ts");
    const dir = mkdtempSync(join(tmpdir(), "levee-themes-"));
    try {
      writeFileSync(join(dir, "default.json"), readFileSync(join(repoRoot, "themes", "default.json")));
      writeFileSync(join(dir, "acme.json"), JSON.stringify({ name: "Acme" }));
      assert.throws(
        () => loadConfig({ LEVEE_THEMES_DIR: dir, LEVEE_SECRET_KEY: randomBytes(32).toString("hex") }),
        (error: Error) => error instanceof ConfigError && error.message.includes(join(dir, "acme.json")),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
