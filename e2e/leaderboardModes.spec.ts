// Leaderboard modes: the instructor chooses in the builder what students see of the ranking. In "own percentile"
// mode a student's page shows their own share of the class and no one else's name; the dashboard still shows all.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("in own-percentile mode a student sees their top percent and no other student; the host sees the board", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  await host.setEpochs(30);
  const modes = host.page.getByTestId("leaderboard-mode");
  await modes.getByLabel("Only the top few, and each their own rank").check();
  await expect(modes.getByLabel("Students on the board")).toHaveValue("5");
  expect(await blockingViolations(host.page)).toEqual([]);
  await modes.getByLabel(/Only their own percentile/).check();
  await expect(modes.getByLabel("Students on the board")).toHaveCount(0);
  const code = await host.create();
  await host.start();

  const zelda = await StudentPage.joined(await openPage(), code, "Zelda");
  const quentin = await StudentPage.joined(await openPage(), code, "Quentin");
  for (const [student, lr] of [
    [quentin, 0.05],
    [zelda, 0.01],
  ] as const) {
    await student.runVerified(lr);
  }

  await expect(host.leaderboardRows).toHaveCount(2);
  await expect(host.leaderboardRow("Quentin")).toContainText("1");
  await expect(host.leaderboardRow("Zelda")).toBeVisible();

  await expect(quentin.page.getByTestId("my-rank")).toContainText("Your best run is in the top 50% of the class");
  await expect(zelda.page.getByTestId("my-rank")).toContainText("Your best run is in the top 100% of the class");
  for (const [student, other] of [
    [zelda, "Quentin"],
    [quentin, "Zelda"],
  ] as const) {
    await expect(student.page.getByTestId("leaderboard")).toHaveCount(0);
    await expect(student.page.locator("main")).not.toContainText(other);
  }
  await snap(zelda.page, "percentile-student");
  expect(await blockingViolations(zelda.page)).toEqual([]);

  // The projector is read by the whole room: it shows what students see.
  await host.page.getByTestId("present").click();
  await expect(host.page.getByTestId("presentation-board-hidden")).toContainText(
    "Each student sees only their own percentile: 2 ranked so far.",
  );
  await expect(host.page.getByTestId("presentation")).not.toContainText("Zelda");
});
