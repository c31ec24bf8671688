// npm run bench:web — the dashboard's budget, measured in Chromium against a real API and the built web app:
//   1. JavaScript shipped for the node page (compressed and raw), beside the sign-in page in the same run;
//   2. first contentful paint of the workspace overview (median of BENCH_WEB_LOADS loads), beside sign-in;
//   3. JS heap of the node page while it draws live per-second traffic for BENCH_WEB_MINUTES (default 10),
//      measured after a forced GC each minute. Bound: the heap after the first minute grows < 2 MiB;
//   4. a burst: first over-threshold sample sent → the node page shows "Under attack" (target 2 s).
import { type Browser, chromium, type Page } from "playwright-core";
import { AgentSimulator } from "../e2e/support/agent-simulator.ts";
import { startPlatform, waitFor } from "../e2e/support/platform.ts";

const MINUTES = Number(process.env.BENCH_WEB_MINUTES ?? 10);
const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 5);
const HEAP_GROWTH_BOUND = 2 * 1024 * 1024;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

async function scriptBytes(page: Page, path: string) {
  await page.goto(path, { waitUntil: "networkidle" });
  return page.evaluate(() => {
    const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = entries.filter((e) => e.initiatorType === "script" || e.name.endsWith(".js"));
    return {
      files: scripts.length,
      transferred: scripts.reduce((n, e) => n + e.encodedBodySize, 0),
      raw: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
    };
  });
}

async function firstPaint(
  browser: Browser,
  cookie: { name: string; value: string; url: string }[],
  url: string,
) {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    await context.addCookies(cookie);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const found = performance.getEntriesByName("first-contentful-paint")[0];
          if (found) return resolve(found.startTime);
          new PerformanceObserver((list) => resolve(list.getEntries()[0]?.startTime ?? -1)).observe({
            type: "paint",
            buffered: true,
          });
        }),
    );
    times.push(fcp);
    await context.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? -1;
}

const platform = await startPlatform();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
let agent: AgentSimulator | undefined;
try {
  const web = platform.webUrl;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Sign up and create a workspace through the UI, then enrol a synthetic agent.
  await page.goto(`${web}/signup`);
  await page.getByLabel("Your name").fill("Bench");
  await page.getByLabel("Email").fill("bench@example.com");
  await page.getByLabel("Password", { exact: true }).fill("tidal-gate-keeps-floods-out");
  await page.getByLabel("Repeat the password").fill("tidal-gate-keeps-floods-out");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${web}/new`);
  await page.getByLabel("Workspace name").fill("Bench");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(`${web}/w/bench`);
  await page.goto(`${web}/w/bench/setup/enroll`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.locator("pre code").first().innerText()).trim();
  agent = await AgentSimulator.enrol(platform.apiUrl, token, "bench-node");
  agent.start();
  await waitFor("samples", async () => (agent?.sent ?? 0) >= 3);
  const nodePath = `${web}/w/bench/nodes/${encodeURIComponent(agent.nodeId)}`;

  const login = await scriptBytes(await (await browser.newContext()).newPage(), `${web}/login`);
  const node = await scriptBytes(page, nodePath);
  console.log("JavaScript shipped (sum of script resources)");
  console.log(
    `  sign-in page  ${String(login.files).padStart(3)} files  ${kib(login.transferred).padStart(10)} compressed  ${kib(login.raw).padStart(10)} raw`,
  );
  console.log(
    `  node page     ${String(node.files).padStart(3)} files  ${kib(node.transferred).padStart(10)} compressed  ${kib(node.raw).padStart(10)} raw`,
  );

  const cookies = (await context.cookies()).map((c) => ({ name: c.name, value: c.value, url: web }));
  const loginFcp = await firstPaint(browser, [], `${web}/login`);
  const overviewFcp = await firstPaint(browser, cookies, `${web}/w/bench`);
  console.log(`First contentful paint (median of ${LOADS} cold loads)`);
  console.log(`  sign-in page  ${loginFcp.toFixed(0)} ms`);
  console.log(`  overview      ${overviewFcp.toFixed(0)} ms`);

  await page.goto(nodePath);
  await page.locator('[data-live="live"]').waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
  };
  const chart = page.getByTestId("rate-chart");
  const start = await heap();
  console.log(`Node page heap while live (${MINUTES} min at 1 sample/s; after GC)`);
  console.log(`  0 min  ${mib(start)}`);
  const samples: number[] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    await page.waitForTimeout(60_000);
    const value = await heap();
    samples.push(value);
    console.log(`  ${minute} min  ${mib(value)}  (${await chart.getAttribute("data-points")} points drawn)`);
  }
  const reference = samples[0] ?? start;
  const growth = (samples.at(-1) ?? start) - reference;
  console.log(`  growth after the first minute: ${mib(growth)} (bound ${mib(HEAP_GROWTH_BOUND)})`);
  const underAttack = page.getByTestId("node-state").locator('[data-health="UNDER_ATTACK"]');
  const sentAt = await agent.burst(120_000);
  await underAttack.waitFor({ timeout: 30_000 });
  const latency = Date.now() - sentAt;
  console.log(`Burst → "Under attack" on the open node page: ${latency} ms (target 2000 ms)`);
  if (agent.error) throw agent.error;
  if (MINUTES >= 2 && growth > HEAP_GROWTH_BOUND) {
    console.error("FAIL: the node page's heap grows beyond its bound");
    process.exitCode = 1;
  }
} finally {
  agent?.stop();
  await browser.close();
  await platform.stop();
}
