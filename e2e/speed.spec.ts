// The speed control paces a run in epochs per second and nothing else: a slow run, paused, stepped and sped up
// on the way, ends on the same verified loss as the same settings run at full speed.
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a run at one epoch a second keeps its pace, pauses, steps, speeds up mid-run and verifies on the loss of a run at max speed", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 200 });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");

  await ada.setSpeed(1);
  await ada.setLearningRate(0.03);
  const startedAt = Date.now();
  await ada.runButton.click();
  await expect.poll(() => ada.shownEpoch()).toBeGreaterThanOrEqual(3);
  // One epoch at once, then one a second: the third lands two seconds in at the earliest, however fast the machine.
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_000);
  await snap(ada.page, "student-slow");

  // Pause, Step and Resume work as at any speed: each Step is exactly one epoch.
  await ada.pauseButton.click();
  await ada.expectRunPhase("paused");
  const pausedAt = await ada.shownEpoch();
  await ada.stepButton.click();
  await expect(ada.progress).toContainText(`epoch ${pausedAt + 1} of 200`);
  await ada.stepButton.click();
  await expect(ada.progress).toContainText(`epoch ${pausedAt + 2} of 200`);
  await ada.pauseButton.click();
  await ada.expectRunPhase("running");

  // Full speed mid-run: the remaining epochs need no waiting.
  await ada.setSpeed("max");
  const slowLoss = await ada.expectVerified();

  // A second attempt with the same settings, all of it at max speed, lands on the very same loss.
  await ada.run(0.03);
  // The new attempt is counted (and shown) once the server has started it: only then wait for its verdict.
  await expect(ada.attemptsLeft).toHaveText("3 of 5");
  expect(await ada.expectVerified()).toBe(slowLoss);
  await expect(host.rosterRow("Ada").locator("td.num").first()).toHaveText("2");
});
