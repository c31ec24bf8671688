// One's account and role in a real browser (Chromium via playwright-core) against a real API and the built web
// app: sign up → the account page from the sidebar → a wrong current password and unrepeated new passwords
// refused on their fields (what was typed kept) → the change, a second browser's session signed out by it →
// sign out: the old password no longer signs in, the new one does. Then an ANALYST invited through the
// Members page sees only the controls the API lets an ANALYST use, and leaves the workspace; an ADMIN of
// the MSP workspace is offered its customer workspace (an inherited role) as a parent on New workspace.
// Sign-in, sign-up, the account page, New workspace and the forgot-password pages fit a 390 px phone. Last,
// "Forgot your password?": the link mailed (a real SMTP server on loopback) sets a new password, and sign-in
// says so.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { readable, startSmtp } from "../../api/test/alert-receivers.ts";
import { axeProblems, WORKSPACE_PAGES, widerThanScreen } from "./support/pages.ts";
import { type Platform, startPlatform, waitFor } from "./support/platform.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EMAIL = "grace@example.com";
const OLD_PASSWORD = "tidal-gate-keeps-floods-out";
const NEW_PASSWORD = "storm-drains-carry-the-surge";
const RESET_PASSWORD = "levees-hold-the-spring-tide";

describe("account page and roles: change password, an ANALYST's controls, leave (Chromium, real API and web app)", {
  timeout: 300_000,
}, () => {
  let platform: Platform;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let page: Page;
  const url = (path: string) => `${platform.webUrl}${path}`;
  const form = () => page.getByRole("form", { name: "Change password" });

  async function signIn(password: string) {
    await page.goto(url("/login"));
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  before(async () => {
    smtp = await startSmtp();
    platform = await startPlatform({
      SMTP_URL: smtp.url,
      SMTP_FROM: "Levee <accounts@levee.example>",
      // On PostgreSQL the key is the operator's to set; the reset job seals the address with it.
      LEVEE_SECRET_KEY: randomBytes(32).toString("hex"),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
    await smtp?.close();
  });

  it("signs up and opens the account page from the sidebar", async () => {
    await page.goto(url("/signup"));
    await page.getByLabel("Your name").fill("Grace Operator");
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password", { exact: true }).fill(OLD_PASSWORD);
    await page.getByLabel("Repeat the password").fill(OLD_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(url("/new"));
    await page.getByLabel("Workspace name").fill("Grace Edge");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/w\/grace-edge$/);
    await page.getByRole("link", { name: "Account" }).click();
    await page.waitForURL(url("/account"));
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    assert.equal(
      await form().getByLabel("Current password").getAttribute("autocomplete"),
      "current-password",
    );
    assert.equal(
      await form().getByLabel("New password", { exact: true }).getAttribute("autocomplete"),
      "new-password",
    );
    assert.deepEqual(await axeProblems(page, "account"), []);
  });

  it("renames the user: an empty name refused on its field, a new one saved and shown", async () => {
    const profile = page.getByRole("form", { name: "Profile" });
    const name = profile.getByLabel("Display name");
    assert.equal(await name.inputValue(), "Grace Operator");
    await name.fill("   ");
    await profile.getByRole("button", { name: "Save name" }).click();
    await profile.getByText("must not be empty").waitFor();
    await name.fill("Grace Hopper");
    await profile.getByRole("button", { name: "Save name" }).click();
    await profile.getByText("Name saved.").waitFor();
    await page.getByText(`Grace Hopper · ${EMAIL}`).waitFor();
    // Back to the name the later steps look for in the members' tables.
    await name.fill("Grace Operator");
    await profile.getByRole("button", { name: "Save name" }).click();
    await page.getByText(`Grace Operator · ${EMAIL}`).waitFor();
  });

  it("refuses a wrong current password and unrepeated new passwords, each on its field", async () => {
    await form().getByLabel("Current password").fill("not-my-password-at-all");
    await form().getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await form().getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await form().getByRole("button", { name: "Change password" }).click();
    await page.locator("#field-currentPassword-error", { hasText: "Current password is wrong" }).waitFor();
    assert.equal(
      await form().getByLabel("New password", { exact: true }).inputValue(),
      NEW_PASSWORD,
      "input kept",
    );

    await form().getByLabel("Current password").fill(OLD_PASSWORD);
    await form().getByLabel("Repeat the new password").fill(`${NEW_PASSWORD}!`);
    await form().getByRole("button", { name: "Change password" }).click();
    await page.locator("#field-confirm-error", { hasText: "The two new passwords differ" }).waitFor();
    assert.equal(await page.locator("#field-currentPassword-error").count(), 0);
  });

  it("changes the password and signs out the user's other session", async () => {
    // A second browser signed in as the same user: its session ends with the change.
    const other = await (await browser.newContext()).newPage();
    await other.goto(url("/login"));
    await other.getByLabel("Email").fill(EMAIL);
    await other.getByLabel("Password").fill(OLD_PASSWORD);
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.waitForURL(/\/w\/grace-edge$/);

    await form().getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await form().getByRole("button", { name: "Change password" }).click();
    await form().getByRole("status").filter({ hasText: "1 other session was signed out" }).waitFor();
    assert.equal(await form().getByLabel("Current password").inputValue(), "", "the form is cleared");

    await other.goto(url("/account"));
    await other.waitForURL(/\/login/);
    await other.context().close();
  });

  it("signs out; the old password no longer signs in, the new one does", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(url("/login"));
    await signIn(OLD_PASSWORD);
    await page.getByText("E-mail or password is wrong").waitFor();
    await signIn(NEW_PASSWORD);
    await page.waitForURL(/\/w\/grace-edge$/);
  });

  /** The OWNER invites `email` as `role` through the Members page: the link shown once. */
  async function inviteLink(email: string, role: "ADMIN" | "ANALYST" | "READONLY"): Promise<string> {
    await page.goto(url("/w/grace-edge/settings/members"));
    const invite = page.locator("section", { has: page.getByRole("heading", { name: "Invite someone" }) });
    // Every role is offered to an OWNER (read once the form is there: allTextContents does not wait).
    const options = invite.getByLabel("Role").locator("option");
    await options.first().waitFor({ state: "attached" });
    const roleOptions = await options.allTextContents();
    assert.deepEqual(roleOptions, ["Owner", "Admin", "Analyst", "Read-only"]);
    await invite.getByLabel("Email").fill(email);
    await invite.getByLabel("Role").selectOption(role);
    await invite.getByRole("button", { name: "Invite" }).click();
    const code = page.locator("pre code", { hasText: "/signup?invite=" });
    await page.getByText(`Send this link to ${email}`).waitFor();
    const link = (await code.textContent())?.trim() ?? "";
    assert.match(link, /\/signup\?invite=/);
    return link;
  }

  /** The OWNER invites `email` as `role`; they sign up in a browser of their own. */
  async function inviteAndJoin(
    name: string,
    email: string,
    role: "ADMIN" | "ANALYST" | "READONLY",
  ): Promise<Page> {
    const link = await inviteLink(email, role);
    const joined = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await joined.goto(link);
    await joined.getByLabel("Your name").fill(name);
    await joined.getByLabel("Email").fill(email);
    await joined.getByLabel("Password", { exact: true }).fill("members-read-the-floods");
    await joined.getByLabel("Repeat the password").fill("members-read-the-floods");
    await joined.getByRole("button", { name: "Create account" }).click();
    await joined.waitForURL(/\/w\/grace-edge$/);
    return joined;
  }

  /** The Members page's table as `member` sees it, once it lists the workspace's OWNER. */
  async function membersTable(member: Page) {
    await member.goto(url("/w/grace-edge/settings/members"));
    const table = member.locator("section", {
      has: member.getByRole("heading", { name: "Members", exact: true }),
    });
    await table.getByRole("cell", { name: "Grace Operator" }).waitFor();
    return table;
  }

  /** Every page of the sidebar renders for `member` (its heading, not the error page). */
  async function everyPageRenders(member: Page) {
    for (const [path, heading] of WORKSPACE_PAGES) {
      await member.goto(url(`/w/grace-edge${path}`));
      await member
        .getByRole("heading", { level: 1, name: heading, exact: true })
        .waitFor({ timeout: 15_000 })
        .catch(async (error) => {
          const body = (await member.locator("main").textContent())?.slice(0, 600);
          throw new Error(`${path || "/"} did not render for this role: ${error}\npage: ${body}`);
        });
    }
  }

  it("a READONLY member sees every page of the workspace, without the controls of other roles", async () => {
    const reader = await inviteAndJoin("Rui Reader", "rui@example.com", "READONLY");
    await everyPageRenders(reader);
    // API keys need apikey:read (ANALYST and up): not in the sidebar, and the page says so.
    assert.equal(await reader.getByRole("link", { name: "API keys" }).count(), 0);
    await reader.goto(url("/w/grace-edge/settings/api-keys"));
    await reader.getByText("Your role does not see API keys").waitFor();
    const members = await membersTable(reader);
    assert.equal(await members.getByRole("combobox").count(), 0);
    assert.equal(await reader.getByRole("heading", { name: "Invite someone" }).count(), 0);
    // The status page's settings (workspace:update) are shown, disabled, with who may change them.
    await reader.goto(url("/w/grace-edge/settings/status-page"));
    await reader.getByText("Admins and owners change the status page").waitFor();
    assert.equal(await reader.getByRole("button", { name: "Save status page" }).count(), 0);
    await reader.context().close();
  });

  it("an invited ANALYST is offered only what the API lets an ANALYST do, and leaves the workspace", async () => {
    const analyst = await inviteAndJoin("Ada Analyst", "ada@example.com", "ANALYST");
    await everyPageRenders(analyst);

    // No enrolment (enrollment:manage): no button, and the enrol page says whom to ask.
    await analyst.goto(url("/w/grace-edge/nodes"));
    await analyst.getByText("Once an owner or admin enrols the agent").waitFor();
    assert.equal(await analyst.getByRole("link", { name: "Enrol an agent" }).count(), 0);
    await analyst.goto(url("/w/grace-edge/setup/enroll"));
    await analyst.getByText("Owners and admins of this workspace create enrolment tokens").waitFor();
    assert.equal(await analyst.getByRole("button", { name: "Create token" }).count(), 0);
    // No firewall rules (mitigation:manage), the page itself readable.
    await analyst.goto(url("/w/grace-edge/mitigation"));
    await analyst.getByRole("heading", { name: "Firewall mitigation" }).waitFor();
    assert.equal(await analyst.getByText("New rule", { exact: true }).count(), 0);
    // The workspace multiplier (node:update) is offered, up to 10 without detection:override.
    await analyst.goto(url("/w/grace-edge/settings"));
    assert.equal(await analyst.getByLabel("Multiplier").getAttribute("max"), "10");
    // Members: no role to change and no one to remove (member:manage), but Leave on the own row.
    const members = await membersTable(analyst);
    assert.equal(await members.getByRole("combobox").count(), 0);
    assert.equal(await members.getByRole("button", { name: "Remove" }).count(), 0);
    analyst.once("dialog", (dialog) => void dialog.accept());
    await members.getByRole("button", { name: "Leave" }).click();
    // Gone: the workspace is NOT_FOUND to Ada now, who has no other and is asked to create one.
    await analyst.waitForURL(url("/new"));
    await analyst.context().close();

    await page.reload();
    await page.getByRole("cell", { name: "Grace Operator" }).waitFor();
    assert.equal(await page.getByRole("cell", { name: "Ada Analyst" }).count(), 0, "Ada left");
    await page.getByRole("cell", { name: "Rui Reader" }).waitFor();
    // Grace is the workspace's only OWNER: no Leave for her (the API would refuse it).
    await page.getByText("Last owner: make someone else owner to leave").waitFor();
    // The workspace's time zone (seasonal baselines' local hour): typed as any case, kept as named.
    await page.goto(url("/w/grace-edge/settings"));
    const zone = page.getByLabel("Time zone");
    assert.equal(await zone.inputValue(), "UTC");
    await zone.fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.getByText("Not a time zone this browser knows").waitFor();
    await zone.fill("europe/berlin");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.getByText("Saved.").waitFor();
    await page.reload();
    assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/Berlin");
  });
  it("an existing user accepts an invitation: signs in from the link, then joins with that account", async () => {
    // Ada left above and has an account: before, the link offered only a sign-up form she could not use.
    const link = await inviteLink("ada@example.com", "ANALYST");
    const ada = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await ada.goto(link);
    await ada.getByRole("link", { name: "Sign in to accept the invitation" }).click();
    await ada.waitForURL(/\/login\?next=/);
    await ada.getByLabel("Email").fill("ada@example.com");
    await ada.getByLabel("Password").fill("members-read-the-floods");
    await ada.getByRole("button", { name: "Sign in" }).click();
    // Back on the link, signed in: joined with the account she has.
    await ada.waitForURL(/\/signup\?invite=/);
    await ada.getByText("You are signed in as ada@example.com").waitFor();
    await ada.getByRole("button", { name: "Accept invitation" }).click();
    await ada.waitForURL(/\/w\/grace-edge$/);
    // The link is spent: opened again it says so rather than failing quietly.
    await ada.goto(link);
    await ada.getByRole("button", { name: "Accept invitation" }).click();
    await ada.getByText("This invitation is no longer valid").waitFor();
    await ada.context().close();
    await page.goto(url("/w/grace-edge/settings/members"));
    await page.getByRole("cell", { name: "Ada Analyst" }).waitFor();
  });
  it("offers an MSP workspace's ADMIN its customer workspaces as parents on New workspace (inherited role)", async () => {
    // Grace (OWNER of Grace Edge) creates a customer workspace under it from New workspace.
    await page.goto(url("/new"));
    await page.getByLabel("Workspace name").fill("Grace Customer");
    const parent = page.getByLabel("Customer of (MSP)");
    assert.deepEqual(await parent.locator("option").allTextContents(), [
      "None: a workspace of its own",
      "Grace Edge",
    ]);
    await parent.selectOption({ label: "Grace Edge" });
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/w\/grace-customer$/);

    // Max is ADMIN of Grace Edge only: of Grace Customer by inheritance, no membership of its own there.
    const admin = await inviteAndJoin("Max Admin", "max@example.com", "ADMIN");
    await admin.goto(url("/new"));
    const parents = admin.getByLabel("Customer of (MSP)");
    await parents.locator("option").first().waitFor({ state: "attached" });
    assert.deepEqual((await parents.locator("option").allTextContents()).sort(), [
      "Grace Customer",
      "Grace Edge",
      "None: a workspace of its own",
    ]);
    await admin.getByLabel("Workspace name").fill("Grace Customer Site");
    await parents.selectOption({ label: "Grace Customer" });
    await admin.getByRole("button", { name: "Create workspace" }).click();
    await admin.waitForURL(/\/w\/grace-customer-site$/);
    await admin.context().close();
  });
  it("fits sign-in, sign-up, the account page, New workspace and the forgot-password pages in a phone's width (390 px)", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const wider: string[] = [];
    const check = async (path: string, heading: string) => {
      const response = await phone.goto(url(path));
      assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
      await phone.getByRole("heading", { level: 1, name: heading }).waitFor();
      const overflow = await widerThanScreen(phone);
      if (overflow) wider.push(`${path}: ${overflow}`);
    };
    try {
      await check("/signup", "Create your account");
      await check("/login", "Sign in");
      await phone.getByLabel("Email").fill(EMAIL);
      await phone.getByLabel("Password").fill(NEW_PASSWORD);
      await phone.getByRole("button", { name: "Sign in" }).click();
      await phone.waitForURL(/\/w\//);
      await check("/account", "Your account");
      await check("/new", "New workspace");
      await check("/forgot-password", "Forgot your password?");
      await check("/reset-password?token=not-a-real-token", "Choose a new password");
    } finally {
      await phone.context().close();
    }
    assert.deepEqual(wider, [], wider.join("\n"));
  });

  it("Forgot your password?: the mailed link sets a new password; sign-in says so and takes it", async () => {
    const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    try {
      await visitor.goto(url("/login"));
      await visitor.getByRole("link", { name: "Forgot your password?" }).click();
      await visitor.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
      assert.deepEqual(await axeProblems(visitor, "forgot-password"), []);
      await visitor.getByLabel("Email").fill(EMAIL);
      await visitor.getByRole("button", { name: "Send the link" }).click();
      await visitor.getByText("If an account uses this address").waitFor();
      const mail = await waitFor("the reset e-mail", async () =>
        smtp.mails.find((m) => m.to.includes(EMAIL)),
      );
      const link = /http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec(
        readable(mail),
      )?.[0];
      assert.ok(link, readable(mail));
      const page = await visitor.goto(link);
      // The token is in the address: no request from this page names it to anyone, even this origin.
      assert.equal(page?.headers()["referrer-policy"], "no-referrer");
      await visitor.getByLabel("New password", { exact: true }).fill(RESET_PASSWORD);
      await visitor.getByLabel("Repeat the new password").fill(RESET_PASSWORD);
      await visitor.getByRole("button", { name: "Set the new password" }).click();
      await visitor.waitForURL(/\/login\?reset=done$/);
      await visitor.getByText("Your password was changed").waitFor();
      await visitor.getByLabel("Email").fill(EMAIL);
      await visitor.getByLabel("Password", { exact: true }).fill(RESET_PASSWORD);
      await visitor.getByRole("button", { name: "Sign in" }).click();
      await visitor.waitForURL(/\/w\//);
    } finally {
      await visitor.context().close();
    }
  });
});
