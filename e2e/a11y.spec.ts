// axe on every page, each in the state a class sees it: no violation of impact "serious" or "critical".
import type { Page } from "@playwright/test";
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("every page has no serious or critical axe violations", async ({ openPage, snap }) => {
  const found: string[] = [];
  const check = async (page: Page, name: string) => {
    await snap(page, name);
    const violations = await blockingViolations(page);
    if (violations.length > 0) found.push(`${name} (${page.url()}):\n${violations.join("\n")}`);
  };

  const host = new HostPage(await openPage());
  await host.page.goto("/");
  await expect(host.page.getByTestId("join-submit")).toBeVisible();
  await check(host.page, "home");

  await host.openBuilder("textbook-line");
  await check(host.page, "builder");

  const code = await host.create();
  await host.start();
  const visitor = await openPage();
  await visitor.goto(`/play/${code}`);
  await expect(visitor.getByTestId("join-name")).toBeVisible();
  await check(visitor, "play-join");
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  const ben = await StudentPage.joined(await openPage(), code, "Ben");
  await ada.runVerified(0.01);
  await ben.run(1.0);
  await ben.expectRunPhase("diverged");
  await expect(host.leaderboardRows).toHaveCount(1);
  await expect(host.problemRuns).toContainText("Ben");
  await check(host.page, "dashboard");
  await check(ada.page, "student-verified");
  await check(ben.page, "student-diverged");

  await host.end();
  await check(host.page, "dashboard-ended");
  await host.openResults();
  await expect(host.page.getByTestId("results-run-row")).toHaveCount(2);
  await check(host.page, "results");

  await host.page.goto("/sessions");
  await expect(host.page.getByTestId("session-row")).toHaveCount(1);
  await check(host.page, "sessions");

  expect(found.join("\n\n")).toBe("");
});
