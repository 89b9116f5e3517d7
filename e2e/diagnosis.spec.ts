// "See why it failed, and what to try": the builder shows the data's edge of stability, each student's run report
// gives the server's diagnosis (also after a reload), and the projector groups the class by diagnosis, draws the
// diverged run clipped at the top with a ✕, and marks the edge on the learning-rate scatter.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a diverged and a converged student: each sees why, and the instructor sees the class grouped", async ({
  openPage,
  snap,
}) => {
  // Two runs, a reload and axe on four views, in three browsers: more than the default budget on a busy machine.
  test.slow();
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  // On the source text's five points the edge is 2 / (12 + √136) ≈ 0.0845.
  await expect(host.page.getByTestId("edge-of-stability-value")).toHaveText("0.0845");
  await expect(host.page.getByTestId("edge-of-stability")).toContainText("students can find it");
  expect(await blockingViolations(host.page)).toEqual([]);
  // 300 epochs are enough for lr 0.05 to converge and for lr 0.086 to explode (at epoch 135).
  await host.setEpochs(300);
  const code = await host.create();
  await host.start();

  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  const ben = await StudentPage.joined(await openPage(), code, "Ben");
  for (const student of [ada, ben]) await student.setSpeed("max");

  await ada.run(0.05);
  await ada.expectVerified();
  await expect(ada.diagnosis).toHaveAttribute("data-verdict", "converged");
  await expect(ada.diagnosis).toContainText("Converged");
  await expect(ada.diagnosis).toContainText("Try this:");

  // Just past the edge: the parameters bounce ever wider across the valley until the loss explodes at epoch 135.
  await ben.run(0.086);
  await ben.expectRunPhase("diverged", 30_000);
  await expect(ben.diagnosis).toHaveAttribute("data-verdict", "diverged");
  await expect(ben.diagnosis).toContainText("Try this: Try a learning rate below 0.0845");
  await expect(ben.diagnosis).toContainText("the loss exploded at epoch 135");
  // One explanation: no older divergence message beside the diagnosis.
  await expect(ben.page.getByTestId("divergence-message")).toHaveCount(0);

  const groups = host.page.getByTestId("diagnosis-groups");
  await expect(groups.getByTestId("diagnosis-count-diverged")).toHaveText("1");
  await expect(groups.getByTestId("diagnosis-count-converged")).toHaveText("1");
  await expect(groups.getByTestId("diagnosis-count-too-slow")).toHaveText("0");

  await expect(host.classChart).toHaveAttribute("aria-label", /1 diverged run drawn until the loss left the chart/);
  await expect(host.classChart.getByTestId("diverged-marks")).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  await expect(host.lrScatter).toHaveAttribute("aria-label", /edge of stability at learning rate 0\.0845/);
  await expect(host.lrScatter.getByTestId("edge-of-stability-line")).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  // Students see the diverged run on their class chart too.
  await expect(ada.page.getByTestId("class-chart")).toHaveAttribute("aria-label", /1 diverged run drawn/);

  // A reload keeps the finished run's diagnosis on screen.
  await ben.page.reload();
  await expect(ben.diagnosis).toHaveAttribute("data-verdict", "diverged");

  await snap(host.page, "dashboard");
  await snap(ben.page, "student-diverged");
  await snap(ada.page, "student-converged");
  for (const page of [host.page, ada.page, ben.page]) expect(await blockingViolations(page)).toEqual([]);
});
