// Screenshots (light and dark) and axe-core checks of dashboard pages, for the e2e suite.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { root } from "./platform.ts";

export const screenshotDir = join(root, "web", "test", "screenshots");

/** Every page of a workspace's sidebar, under `/w/<slug>`, with the heading it renders. */
export const WORKSPACE_PAGES: readonly (readonly [path: string, heading: string])[] = [
  ["", "Overview"],
  ["/nodes", "Nodes"],
  ["/incidents", "Incidents"],
  ["/alerts", "Alerts"],
  ["/mitigation", "Firewall mitigation"],
  ["/network", "Network mitigation"],
  ["/setup/enroll", "Enrol an agent"],
  ["/settings/api-keys", "API keys"],
  ["/settings/members", "Members and roles"],
  ["/settings/status-page", "Status page"],
  ["/settings", "Settings"],
  ["/settings/branding", "Branding and domains"],
  ["/audit", "Audit log"],
];

export interface AxeProblem {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical axe-core violations of the page as it is now. */
export async function axeProblems(page: Page, name: string): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
}

/** Full-page screenshots in both schemes, plus the axe findings of each. */
export async function captureBothSchemes(page: Page, name: string): Promise<AxeProblem[]> {
  mkdirSync(screenshotDir, { recursive: true });
  const problems: AxeProblem[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150); // let the charts' next frame draw in the new colours
    await page.screenshot({ path: join(screenshotDir, `${name}-${scheme}.png`), fullPage: true });
    problems.push(...(await axeProblems(page, `${name} (${scheme})`)));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}
