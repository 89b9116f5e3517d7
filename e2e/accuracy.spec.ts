// "Classification shows accuracy": the student's report and the leaderboard show the training accuracy beside the
// loss; after the reveal the review page puts each student's training and test figures, and a run's training and
// test curves, side by side.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

const PERCENT = /^\d{1,3}\.\d%$/;

test("a classification run shows its training accuracy, and the review page shows test accuracy only after the reveal", async ({
  openPage,
  snap,
}) => {
  test.slow();
  const host = new HostPage(await openPage());
  await host.openBuilder("moons-mlp");
  await host.setEpochs(100);
  const code = await host.create();
  await host.start();

  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  await ada.runVerified(0.1);
  const accuracy = ada.page.getByTestId("run-accuracy");
  await expect(accuracy).toHaveText(PERCENT);
  const board = ada.page.getByTestId("leaderboard");
  await expect(board.getByRole("columnheader", { name: "Accuracy" })).toBeVisible();
  await expect(board.getByTestId("leaderboard-row").first()).toContainText((await accuracy.textContent()) ?? "");
  expect(await blockingViolations(ada.page)).toEqual([]);
  // The projector's dashboard board shows it too.
  await expect(host.page.getByTestId("leaderboard").getByRole("columnheader", { name: "Accuracy" })).toBeVisible();

  await host.end();
  await host.openResults();
  // Before the reveal the review page has training figures only.
  await expect(host.page.getByRole("columnheader", { name: "Train accuracy" })).toBeVisible();
  await expect(host.page.getByRole("columnheader", { name: "Test accuracy" })).toHaveCount(0);
  await expect(host.page.getByTestId("train-test-table")).toHaveCount(0);
  await expect(host.page.getByTestId("train-test-curves")).toHaveCount(0);

  await host.page.goto(`/host/${code}`);
  await host.expectStatus("Ended");
  await host.reveal();
  await host.openResults();
  const table = host.page.getByTestId("train-test-table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Training split" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Test split" })).toBeVisible();
  const row = table.getByTestId("train-test-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Ada");
  await expect(row.getByTestId("train-accuracy")).toHaveText((await accuracy.textContent()) ?? "");
  await expect(row.getByTestId("test-accuracy")).toHaveText(PERCENT);
  // Beside the table, Ada's training and test curves side by side: 100 epochs each, the test one the server's own.
  const curves = host.page.getByTestId("train-test-curves");
  await expect(curves.getByRole("combobox", { name: "Run shown" })).toContainText("Ada, attempt 1");
  const LOSSES = /^[\d.e+-]+ at epoch 0, [\d.e+-]+ at epoch 99$/;
  await expect(curves.getByTestId("train-curve-summary")).toHaveText(LOSSES);
  await expect(curves.getByTestId("test-curve-summary")).toHaveText(LOSSES);
  const trainBox = (await curves.getByTestId("train-curve").boundingBox())!;
  const testBox = (await curves.getByTestId("test-curve").boundingBox())!;
  expect(testBox.x).toBeGreaterThan(trainBox.x + trainBox.width / 2);
  expect(testBox.y).toBeCloseTo(trainBox.y, 0);
  await expect(curves.getByTestId("test-curve").locator("path.recharts-curve")).toHaveCount(1);
  await snap(host.page, "results-train-test");
  expect(await blockingViolations(host.page)).toEqual([]);
});
