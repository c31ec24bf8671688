// Screenshots (light and dark), axe-core checks and the phone-width probe of dashboard pages, for the e2e suite.
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

/**
 * Run in the page: null when nothing is wider than the viewport, else the page's width and what sticks
 * out of it outside any box that scrolls or clips sideways. Text, not a function: tsx would wrap a
 * function's inner arrow functions in a helper the page does not have.
 */
const OVERFLOW_PROBE = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  // Whether the page's width is fine is scrollWidth's to say; the list of what sticks out is a
  // best-effort diagnosis. A box that scrolls or clips sideways holds what is inside it, except an
  // absolutely positioned element whose containing block is above that box (a screen-reader-only
  // label in a scrolled table widens the page): that one is held only by boxes from its containing
  // block (offsetParent: transforms and containment are not considered) up. A fixed element never
  // widens the page.
  const clipped = (element) => {
    const position = getComputedStyle(element).position;
    if (position === "fixed") return true;
    let from = position === "absolute" ? element.offsetParent : element.parentElement;
    for (let e = from; e; e = e.parentElement)
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX)) return true;
    return false;
  };
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > width + 1 && !clipped(e),
  );
  // The outermost of them: what makes the page wide, not everything inside it.
  const culprits = wide
    .filter((e) => !wide.some((outer) => outer !== e && outer.contains(e)))
    .slice(0, 4)
    .map((e) => "<" + e.tagName.toLowerCase() + ' class="' + (e.getAttribute("class") ?? "") + '"> ' +
      Math.round(e.getBoundingClientRect().right) + " px: " + (e.textContent ?? "").trim().slice(0, 60));
  return document.documentElement.scrollWidth + " px wide; " + culprits.join(" | ");
})()`;

/**
 * Null when `page` is no wider than its viewport; else its width and what sticks out (OVERFLOW_PROBE).
 * `before`: statements run first in the same task, so React cannot undo what they change before
 * the page is measured (a text set to its longest form).
 */
export function widerThanScreen(page: Page, before = ""): Promise<string | null> {
  return page.evaluate<string | null>(`(() => { ${before}; return ${OVERFLOW_PROBE}; })()`);
}

// Node cards (overview, Nodes) must stay inside their list, whatever the name: a grid column sized
// by its items' min-content grew with a long name ("edge-fra-1 · seen 4 min ago" pushed a card 21 px
// past its list at 390 px while the page stayed 390 px wide). The probe gives each card a long
// name first. A string, like OVERFLOW_PROBE.
const CARD_SPILL_PROBE = `(() => {
  const spill = [];
  for (const card of document.querySelectorAll("a[data-node]")) {
    const name = card.querySelector("p");
    if (name) name.textContent = "a-node-with-a-rather-long-name-" + "x".repeat(40);
    const list = card.closest("ul");
    if (!list) continue;
    const over = card.getBoundingClientRect().right - list.getBoundingClientRect().right;
    if (over > 1) spill.push(card.getAttribute("data-node") + " " + Math.round(over) + " px past its list");
  }
  return spill.length ? spill.join(" | ") : null;
})()`;

/** Null when every node card (given a long name) fits in its list; else which cards stick out and by how much. */
export function nodeCardsSpill(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(CARD_SPILL_PROBE);
}

export interface AxeProblem {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Serious and critical axe-core violations of the page as it is now.
 * Legacy mode runs axe.run in the page itself: the default (runPartial per frame, then finishRun)
 * opens a blank page in the context for every scan, and cross-origin frames, which only it
 * reaches, are none of ours (the app renders no iframe). `resultTypes: ["violations"]` keeps
 * every violating node and builds selectors for only one node of each passing, incomplete and
 * inapplicable rule, which the check never reads. Same violations, ~0.4 s a scan instead of
 * ~0.9 s (alerts page, idle machine); the dashboard file alone runs 38 scans.
 */
export async function axeProblems(page: Page, name: string): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .options({ resultTypes: ["violations"] })
    .setLegacyMode()
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

/**
 * Switches the page to `scheme` and waits until its charts are drawn in it. CSS follows at the next
 * frame (the screenshot's own); a uPlot chart (web/src/components/charts/uplot-chart.tsx) is
 * destroyed and created again from the theme's colours when the scheme changes, so each chart on
 * the page before the switch is marked, and the wait ends once as many unmarked charts are there.
 * It replaced a fixed 150 ms, twice a capture, which a loaded machine could also outrun.
 */
async function showScheme(page: Page, scheme: "light" | "dark"): Promise<void> {
  const charts = await page.evaluate<number | null>(`(() => {
    if (matchMedia("(prefers-color-scheme: dark)").matches === ${scheme === "dark"}) return null;
    const charts = document.querySelectorAll(".uplot");
    for (const chart of charts) chart.dataset.drawnInOldScheme = "";
    return charts.length;
  })()`);
  await page.emulateMedia({ colorScheme: scheme });
  if (!charts) return; // already in that scheme, or no chart to redraw
  // A function, not text: the page's CSP (no 'unsafe-eval') refuses a text predicate, which runs by eval.
  await page.waitForFunction(
    (count) => document.querySelectorAll(".uplot:not([data-drawn-in-old-scheme])").length >= count,
    charts,
  );
}

/** Full-page screenshots in both schemes, plus the axe findings of each. */
export async function captureBothSchemes(page: Page, name: string): Promise<AxeProblem[]> {
  mkdirSync(screenshotDir, { recursive: true });
  const problems: AxeProblem[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await showScheme(page, scheme);
    await page.screenshot({ path: join(screenshotDir, `${name}-${scheme}.png`), fullPage: true });
    problems.push(...(await axeProblems(page, `${name} (${scheme})`)));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return problems;
}
