// The student's run controls from the keyboard: a pressed button keeps the focus while the run it started makes it
// unavailable, and a setting that cannot run says why beside its field.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("Step and Run keep the focus after they are pressed, so the keyboard can keep going", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 30 });
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  await ada.setLearningRate(0.01);

  // Step with no run starts one, paused after its first epoch; each press then takes one more.
  await ada.stepButton.focus();
  await ada.page.keyboard.press("Space");
  await ada.expectRunPhase("paused");
  await expect(ada.progress).toContainText("epoch 1 of 30");
  await expect(ada.stepButton).toBeFocused();
  await ada.page.keyboard.press("Space");
  await expect(ada.progress).toContainText("epoch 2 of 30");
  await ada.page.keyboard.press("Enter");
  await expect(ada.progress).toContainText("epoch 3 of 30");
  await expect(ada.stepButton).toBeFocused();

  // Reset from the keyboard: it stays focused although nothing is left to reset.
  await ada.resetButton.focus();
  await ada.page.keyboard.press("Space");
  await expect(ada.runStatus).toHaveText("ready");
  await expect(ada.resetButton).toBeFocused();
  await expect(ada.resetButton).toBeDisabled();

  // Run: unavailable while its run descends (30 epochs at 50 a second), yet still focused, and pressing it again
  // then starts nothing.
  await ada.runButton.focus();
  await ada.page.keyboard.press("Enter");
  await expect(ada.runButton).toBeDisabled();
  await expect(ada.runButton).toBeFocused();
  await ada.page.keyboard.press("Enter");
  await ada.expectVerified();
  await expect(ada.attemptsLeft).toHaveText("3 of 5");
  await expect(ada.runButton).toBeFocused();
  await ada.page.keyboard.press("Enter");
  await expect(ada.attemptsLeft).toHaveText("2 of 5");
  await ada.expectVerified();
  await expect(ada.runButton).toBeFocused();
  expect(await blockingViolations(ada.page)).toEqual([]);
});

test("a setting that cannot run says why in words, beside its field", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 30 });
  const ben = await StudentPage.joined(await openPage(), code, "Ben");

  const lr = ben.page.getByTestId("lr-input");
  await lr.fill("50");
  const problem = ben.page.getByTestId("config-problem");
  await expect(problem).toHaveText("Pick a learning rate from 1e-6 to 10.");
  await expect(lr).toHaveAttribute("aria-invalid", "true");
  await expect(lr).toHaveAttribute("aria-describedby", (await problem.getAttribute("id"))!);
  await expect(ben.runButton).toBeDisabled();
  await expect(ben.stepButton).toBeDisabled();

  await lr.fill("0.01");
  const seed = ben.page.getByTestId("seed-input");
  await seed.fill("1.5");
  await expect(problem).toHaveText("The seed is a whole number from 0 to 2147483647.");
  await expect(seed).toHaveAttribute("aria-invalid", "true");
  await expect(lr).not.toHaveAttribute("aria-invalid", "true");
  await expect(ben.page.locator("body")).not.toContainText(/Too (small|big)|expected|>=/);
  expect(await blockingViolations(ben.page)).toEqual([]);

  await seed.fill("7");
  await expect(problem).toHaveCount(0);
  await expect(ben.runButton).toBeEnabled();
  await expect(ben.stepButton).toBeEnabled();
});
