// Predict, then run: a student predicts before each run, reads their own prediction against the result in the run
// report, and the review page sets the class's predictions against their results.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a student predicts divergence past the edge of stability and below it; the report and the review page say which held", async ({
  openPage,
}) => {
  test.slow();
  const host = new HostPage(await openPage());
  // 300 epochs: lr 0.05 converges on the textbook line and lr 0.086 explodes (at epoch 135).
  await host.createSession("textbook-line", { epochs: 300 });
  await host.start();
  const code = (await host.joinCode.textContent())?.trim() ?? "";

  const ada = new StudentPage(await openPage());
  await ada.joinByUrl(code, "Ada");
  await ada.setSpeed("max");
  const predict = ada.page.getByLabel("Your prediction for this run (optional)");
  const own = ada.page.getByTestId("own-prediction");

  await predict.selectOption({ label: "it diverges" });
  await ada.run(0.086);
  await ada.expectRunPhase("diverged", 30_000);
  await expect(own).toHaveText("You predicted: it diverges. It held.");
  await expect(own).toHaveAttribute("data-held", "true");
  expect(await blockingViolations(ada.page)).toEqual([]);

  await ada.resetButton.click();
  await predict.selectOption({ label: "it diverges" });
  await ada.run(0.05);
  await ada.expectVerified();
  await expect(own).toHaveText("You predicted: it diverges. It did not hold.");

  await host.end();
  await host.openResults();
  const rows = host.page.getByTestId("prediction-row");
  await expect(rows).toHaveCount(2);
  // Sorted by learning rate: the converged run first.
  await expect(rows.nth(0)).toContainText("it diverges");
  await expect(rows.nth(0)).toContainText("did not hold");
  await expect(rows.nth(1)).toContainText("diverged");
  await expect(rows.nth(1)).toContainText("held");
  await expect(host.page.getByTestId("predictions-summary")).toHaveText("1 of 2 predictions with a result held.");
  expect(await blockingViolations(host.page)).toEqual([]);
});
