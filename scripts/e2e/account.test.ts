// Changing one's password in a real browser (Chromium via playwright-core) against a real API and the built web
// app: sign up → the account page from the sidebar → a wrong current password and unrepeated new passwords
// refused on their fields (what was typed kept) → the change, a second browser's session signed out by it →
// sign out: the old password no longer signs in, the new one does.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { axeProblems } from "./support/pages.ts";
import { type Platform, startPlatform } from "./support/platform.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EMAIL = "grace@example.com";
const OLD_PASSWORD = "tidal-gate-keeps-floods-out";
const NEW_PASSWORD = "storm-drains-carry-the-surge";

describe("account page: change password (Chromium, real API and web app)", { timeout: 300_000 }, () => {
  let platform: Platform;
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
    platform = await startPlatform();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await platform?.stop();
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
});
