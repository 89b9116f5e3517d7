// A student who reloads the page in the middle of a run gets the same run back: same attempt, same epochs,
// and a result the server verifies.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { speedLabel, type Speed } from "../app/play/pacing.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

/** The run checkpoint this page keeps in localStorage (app/lib/storage.ts), or null. */
async function checkpoint(page: Page, code: string): Promise<{ epoch: number; stored: number } | null> {
  return page.evaluate((key) => {
    const json = window.localStorage.getItem(key);
    if (!json) return null;
    const value = JSON.parse(json) as { snapshot: { epoch: number } | null; outbox: { ackedEpochs: number } };
    return { epoch: value.snapshot?.epoch ?? -1, stored: value.outbox.ackedEpochs };
  }, `downhill:run:${code}`);
}

test("a page reloaded while its run is paused resumes the same run at the same epoch and it verifies", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 200 });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  const ben = await StudentPage.joined(await openPage(), code, "Ben");

  // Only the result matters here: both run at full speed (Ada's speed goes through the reload with her run).
  await ada.setSpeed("max");
  await ben.setSpeed("max");

  // Ada steps her run to epoch 10 and waits until the server and her checkpoint both hold all 10 epochs.
  await ada.setLearningRate(0.02);
  await ada.stepButton.click();
  await ada.expectRunPhase("paused");
  for (let epoch = 2; epoch <= 10; epoch++) await ada.stepButton.click();
  await expect(ada.progress).toContainText("epoch 10 of 200 · 10 sent");
  await expect.poll(() => checkpoint(ada.page, code)).toEqual({ epoch: 10, stored: 10 });
  await expect(ada.attemptsLeft).toHaveText("4 of 5");

  await ada.page.reload();
  await ada.expectJoined(code, "Ada");
  await ada.expectRunPhase("paused");
  await expect(ada.progress).toContainText("epoch 10 of 200 · 10 sent");
  await expect(ada.pauseButton).toHaveText("Resume");
  await expect(ada.attemptsLeft).toHaveText("4 of 5");
  // The settings shown are the resumed run's, not the page's defaults.
  await expect(ada.page.getByTestId("lr-input")).toHaveValue("0.02");
  await expect(ada.speedSlider).toHaveAttribute("aria-valuetext", speedLabel("max"));
  await snap(ada.page, "student-reloaded-paused");

  await ada.pauseButton.click();
  const resumedLoss = await ada.expectVerified();
  await expect(ada.attemptsLeft).toHaveText("4 of 5");
  await expect(host.rosterRow("Ada")).toContainText("verified");
  await expect(host.rosterRow("Ada").locator("td.num").first()).toHaveText("1");

  // The same settings without a reload land on the very same loss: the resumed run lost and repeated nothing.
  await ben.run(0.02);
  expect(await ben.expectVerified()).toBe(resumedLoss);
  await snap(ada.page, "student-resumed-verified");
});

/**
 * A short run made long by its pace: 200 epochs at 20 a second take ten seconds, so the reload lands in the middle
 * of the run on any machine, and the server replays it in an instant however loaded the machine is.
 */
const EPOCHS = 200;
const SLOW: Speed = 20;

test("a page reloaded while its run is descending picks the run up at its speed and the server verifies it", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: EPOCHS });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");

  await ada.setSpeed(SLOW);
  await ada.run(0.02);
  await ada.expectRunPhase("running");
  // Reload as soon as the checkpoint holds a snapshot past epoch 0.
  await expect.poll(async () => (await checkpoint(ada.page, code))?.epoch ?? -1).toBeGreaterThan(0);
  const before = await checkpoint(ada.page, code);

  await ada.page.reload();
  await ada.expectJoined(code, "Ada");
  // The page goes on from its checkpoint, not from epoch 0, at the speed chosen before the reload, and spends no
  // new attempt.
  await ada.expectRunPhase("running");
  const resumedAt = await ada.shownEpoch();
  expect(resumedAt).toBeGreaterThanOrEqual(before!.epoch);
  await expect(ada.speedSlider).toHaveAttribute("aria-valuetext", speedLabel(SLOW));
  await expect(ada.attemptsLeft).toHaveText("4 of 5");
  await snap(ada.page, "student-resumed-running");
  const loss = await ada.expectVerified();
  expect(loss).toBeGreaterThan(0);
  expect(before!.epoch).toBeGreaterThan(0);
  expect(before!.epoch).toBeLessThan(EPOCHS);
  await expect(host.rosterRow("Ada")).toContainText("verified");
  await expect(host.rosterRow("Ada").locator("td.num").first()).toHaveText("1");
  await expect(host.leaderboardRow("Ada")).toBeVisible();
});
