// "Beat PyTorch's defaults": the dashboard's class chart and the student's own loss chart draw the runs of
// torch.optim's defaults on the session's training rows as three labelled, dashed ghosts beside the floor.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

const LABELS = [
  "PyTorch default: SGD, lr 0.01",
  "PyTorch default: SGD + momentum 0.9, lr 0.01",
  "PyTorch default: Adam, lr 0.001 (its default)",
];

test("the dashboard and a student's own chart show PyTorch's three defaults as labelled ghosts", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 100 });

  const ada = await StudentPage.joined(await openPage(), code, "Ada");

  for (const label of LABELS) {
    await expect(host.classChart.getByText(label, { exact: true })).toBeVisible();
    await expect(ada.ownChart.getByText(label, { exact: true })).toBeVisible();
  }
  for (const id of ["sgd", "sgd-momentum", "adam"]) {
    await expect(host.classChart.getByTestId(`reference-${id}`)).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
    await expect(ada.ownChart.locator(`.reference-line--${id} path`).first()).toHaveAttribute("stroke-dasharray", /\d/);
  }
  // In words too: where each default ended, for a screen reader.
  await expect(host.classChart).toHaveAttribute(
    "aria-label",
    /PyTorch default: Adam, lr 0\.001 \(its default\) ends at/,
  );
  await expect(ada.ownChart).toContainText("PyTorch default: SGD, lr 0.01 ends at");

  await snap(host.page, "references-dashboard");
  await snap(ada.page, "references-student");
  for (const page of [host.page, ada.page]) expect(await blockingViolations(page)).toEqual([]);
});
