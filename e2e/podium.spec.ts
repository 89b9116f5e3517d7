// The podium crowns a final ranking only: the end of a training-scored round, the reveal of a test-scored one.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

const podiumOf = (page: Page) => page.getByRole("list", { name: "Podium" });

test("a test-scored round shows no podium before the reveal, on the projector or on a student's page", async ({
  openPage,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("cars", { epochs: 40 });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  await ada.runVerified(0.01);
  await expect(host.leaderboardRow("Ada")).toBeVisible();

  await host.end();
  await ada.expectSession("ended");
  // The board still ranks training loss, which is not this round's score: nobody is crowned on it.
  await expect(host.page.getByTestId("leaderboard")).toContainText("Training loss");
  await expect(podiumOf(host.page)).toHaveCount(0);
  await expect(podiumOf(ada.page)).toHaveCount(0);

  await host.reveal();
  await expect(host.page.getByTestId("leaderboard")).toContainText("Hidden test split");
  await expect(podiumOf(host.page)).toContainText("Ada");
  await expect(podiumOf(ada.page)).toContainText("Ada");
});

test("a training-scored round crowns its podium when it ends, on both pages", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 30 });
  const ben = await StudentPage.joined(await openPage(), code, "Ben");
  await ben.runVerified(0.05);
  await expect(podiumOf(host.page)).toHaveCount(0);

  await host.end();
  await expect(podiumOf(host.page)).toContainText("Ben");
  await expect(podiumOf(ben.page)).toContainText("Ben");
});
