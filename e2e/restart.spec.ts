// The server crashes (SIGKILL) and comes back on the same database in the middle of a session: the open pages
// reconnect by themselves, the dashboard re-attaches, the student re-joins and finishes the run it had started.
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("after a SIGKILL and a restart the dashboard and the student page recover and the run verifies", async ({
  server,
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 200 });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  const ben = new StudentPage(await openPage());
  await ben.joinFromHome(code, "Ben");
  // Only the results matter here: both descend at full speed.
  await ada.setSpeed("max");
  const benLoss = await ben.runVerified(0.05);
  await expect(host.leaderboardRows).toHaveCount(1);

  // Ada's run is 30 epochs in, all of them stored by the server, when the server dies.
  await ada.setLearningRate(0.02);
  await ada.stepButton.click();
  await ada.expectRunPhase("paused");
  for (let epoch = 2; epoch <= 30; epoch++) await ada.stepButton.click();
  await expect(ada.progress).toContainText("epoch 30 of 200 · 30 sent");

  await server.kill();
  await expect(host.status).toContainText("reconnecting");
  await expect(ada.page.getByText("Connection lost: reconnecting")).toBeVisible();
  await snap(host.page, "dashboard-offline");
  await snap(ada.page, "student-offline");

  await server.restart();
  await expect(host.status).not.toContainText("reconnecting", { timeout: 30_000 });
  await host.expectStatus("Running");
  await expect(host.leaderboardRow("Ben")).toBeVisible();
  await expect(host.rosterRows).toHaveCount(2);
  await expect(ada.page.getByText("Connection lost: reconnecting")).toHaveCount(0, { timeout: 30_000 });
  await ada.expectSession("running");
  await expect(ada.progress).toContainText("epoch 30 of 200 · 30 sent");
  await snap(host.page, "dashboard-recovered");

  // The interrupted run carries on and verifies, and the server still takes new runs.
  await expect(ada.pauseButton).toHaveText("Resume");
  await ada.pauseButton.click();
  await ada.expectVerified();
  await expect(ada.attemptsLeft).toHaveText("4 of 5");
  await ben.run(0.05);
  expect(await ben.expectVerified()).toBe(benLoss);
  await expect(ben.attemptsLeft).toHaveText("3 of 5");
  await expect(host.leaderboardRows).toHaveCount(2);
  await expect(host.count("verified")).toHaveText("3");
  await snap(ada.page, "student-recovered");
});
