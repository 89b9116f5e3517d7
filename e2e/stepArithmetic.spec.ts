// Step shows the arithmetic: on the source text's worked example (x = 2, y = 10, y = w x from w = 1, lr 0.1), one
// Step shows the prediction 2, the loss 64, the gradient -32 and new w = 1 - 0.1 x (-32) = 4.2, as text a screen
// reader reads; the next Step goes on from 4.2.
import { blockingViolations } from "./axe.ts";
import { docsScreenshot, expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a student steps once on the worked example and reads gradient -32 and new w = 4.2, then steps on from 4.2", async ({
  openPage,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("worked-example");
  await host.start();
  const ada = new StudentPage(await openPage());
  await ada.joinByUrl(code, "Ada");

  await ada.stepButton.click();
  await ada.expectRunPhase("paused");
  const arithmetic = ada.page.getByRole("region", { name: "The arithmetic of epoch 1" });
  await expect(arithmetic).toBeVisible();
  await expect(arithmetic).toContainText("ŷ = w × x");
  await expect(arithmetic).toContainText("x = 2, y = 10: ŷ = 2");
  await expect(arithmetic.getByTestId("step-loss")).toHaveText("64");
  await expect(arithmetic.getByTestId("step-gradient-w")).toHaveText("-32");
  await expect(arithmetic.getByTestId("step-update-w")).toHaveText(
    "new w = old w - lr × gradient = 1 - 0.1 × (-32) = 4.2",
  );
  // The run report says which parameters its loss was measured at: w = 1, before the update to 4.2.
  await expect(ada.page.getByTestId("shown-loss-label")).toHaveText("Loss at the start of epoch 1 (before its update)");
  await expect(ada.page.getByTestId("shown-loss")).toHaveText("64.00");
  expect(await blockingViolations(ada.page)).toEqual([]);
  await arithmetic.evaluate((card) => card.scrollIntoView({ block: "center" }));
  await docsScreenshot(ada.page, "step-arithmetic");

  // The second step starts where the first ended: y_pred = 4.2 x 2 = 8.4, gradient -2 x 2 x (10 - 8.4) = -6.4.
  await ada.stepButton.click();
  const second = ada.page.getByRole("region", { name: "The arithmetic of epoch 2" });
  await expect(second.getByTestId("step-update-w")).toContainText("= 4.2 - 0.1 × (-6.4) = 4.84");
  await expect(second).toContainText("ŷ = 8.4");
});
