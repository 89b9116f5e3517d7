// "Your attempts side by side": a student's earlier runs of the session lie faintly under the current one on their
// own chart, each named in its key, and a reload keeps them (they come from the server's own-run views).
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a student's earlier attempts are drawn under the current run, named in the key, and survive a reload", async ({
  openPage,
  snap,
}) => {
  test.slow();
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 100 });

  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  await ada.setSpeed("max");
  const legend = ada.ownChart.locator(".chart-legend");
  const attemptLines = ada.ownChart.locator(".attempt-line");
  // The key's entries for earlier attempts: "attempt N" alone, where the current run reads "attempt N (this run)".
  const earlierKeys = legend.locator("li", { hasText: /^attempt \d+$/ });

  await ada.run(0.01);
  await ada.expectVerified();
  // A first run has nothing earlier to show.
  await expect(attemptLines).toHaveCount(0);
  await expect(legend).toContainText("attempt 1 (this run)");
  await expect(earlierKeys).toHaveCount(0);

  await ada.run(0.05);
  await ada.expectVerified();
  await expect(legend).toContainText("attempt 2 (this run)");
  await expect(earlierKeys).toHaveText(["attempt 1"]);
  await expect(attemptLines).toHaveCount(1);
  await expect(ada.ownChart.locator(".attempt-line path")).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  await expect(ada.ownChart.locator("figcaption")).toContainText("Your earlier attempts: attempt 1 ended at");

  await ada.run(0.08);
  await ada.expectVerified();
  await expect(legend).toContainText("attempt 3 (this run)");
  await expect(earlierKeys).toHaveText(["attempt 1", "attempt 2"]);
  await expect(attemptLines).toHaveCount(2);

  // The server's own-run views bring them back after a reload.
  await ada.page.reload();
  await ada.expectRunPhase("verified");
  await expect(legend).toContainText("attempt 3 (this run)");
  await expect(earlierKeys).toHaveText(["attempt 1", "attempt 2"]);
  await expect(attemptLines).toHaveCount(2);

  await snap(ada.page, "student-attempts");
  expect(await blockingViolations(ada.page)).toEqual([]);
});
