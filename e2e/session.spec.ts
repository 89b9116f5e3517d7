// A whole class session in real browsers: an instructor and three students, each in their own browser context.
import { readFile } from "node:fs/promises";
import { docsScreenshot, expect, PHONE, PROJECTOR, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

// Join links at the address students use, as a deployed server gives them: the README's picture of the dashboard
// shows no warning about a localhost link (e2e/joinReach.spec.ts covers that warning).
test.use({ serverEnv: { PUBLIC_URL: "https://downhill.example.edu" } });

/** A shorter budget than the preset's 1000 epochs keeps the curves readable in the screenshots. */
const EPOCHS = 200;
const STEPPED_EPOCHS = 40;

test("a class plays a whole session: join, race, diverge, pause, kick, end, reveal and export", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage({ viewport: PROJECTOR }));
  await host.openBuilder("textbook-line");
  await snap(host.page, "builder");
  await host.setEpochs(EPOCHS);
  const code = await host.create();
  await expect(host.joinUrl).toContainText(`/play/${code}`);
  await host.expectStatus("Waiting to start");

  // Ada follows the link on the projector; Ben and Cy type the code on the home page.
  const ada = await StudentPage.joined(await openPage(), code, "Ada");
  const ben = new StudentPage(await openPage());
  await ben.page.goto("/");
  await snap(ben.page, "home");
  await ben.joinFromHome(code, "Ben");
  const cy = new StudentPage(await openPage());
  await cy.joinFromHome(code, "Cy");

  await expect(host.rosterRows).toHaveCount(3);
  await expect(host.count("students")).toHaveText("3");
  await ada.expectSession("lobby");
  await expect(ada.runButton).toBeDisabled();
  await snap(ada.page, "student-lobby");

  await host.start();
  for (const student of [ada, ben, cy]) await student.expectSession("running");
  // This test needs results, not the pace of a descent (e2e/speed.spec.ts watches that). Cy's run diverges
  // within a few epochs at any speed.
  for (const student of [ada, ben]) await student.setSpeed("max");

  // Each verified run reaches the projector's leaderboard and class chart as it lands.
  await ada.run(0.01);
  const adaLoss = await ada.expectVerified();
  await expect(host.leaderboardRows).toHaveCount(1);
  await expect(host.leaderboardRow("Ada")).toBeVisible();
  await expect(host.classChart).toHaveAttribute("aria-label", /1 leading runs? shown/);

  await ben.run(0.05);
  const benLoss = await ben.expectVerified();
  expect(benLoss).toBeLessThan(adaLoss);
  await expect(host.leaderboardRows).toHaveCount(2);
  await expect(host.leaderboardRows.first()).toContainText("Ben");
  await expect(host.classChart).toHaveAttribute("aria-label", /2 leading runs shown/);
  await expect(ben.rank).toContainText("ranked 1 of 2");

  // lr = 1.0 overshoots the valley: the loss explodes, and the diagnosis says at which epoch.
  await cy.run(1.0);
  await cy.expectRunPhase("diverged");
  await expect(cy.diagnosis).toHaveAttribute("data-verdict", "diverged");
  await expect(cy.diagnosis).toContainText(/exploded at epoch \d+/);
  const divergedAt = /exploded at epoch (\d+)/.exec((await cy.diagnosis.textContent()) ?? "")?.[1];
  expect(Number(divergedAt)).toBeGreaterThan(0);
  await expect(host.problemRuns).toContainText("Cy");
  await expect(host.problemRuns).toContainText(`diverged at epoch ${divergedAt}`);
  await expect(host.count("diverged")).toHaveText("1");
  await expect(host.leaderboardRows).toHaveCount(2);
  await expect(host.lrScatter).toHaveAttribute("aria-label", /2 finished runs, 1 diverged/);

  await snap(host.page, "dashboard-running");
  await snap(ada.page, "student-verified");
  await snap(cy.page, "student-diverged");
  await docsScreenshot(host.page, "host-dashboard");

  // Ada's second run, stepped epoch by epoch, is under way when her page is photographed.
  await ada.setLearningRate(0.005);
  await ada.stepButton.click();
  await ada.expectRunPhase("paused");
  for (let epoch = 2; epoch <= STEPPED_EPOCHS; epoch++) await ada.stepButton.click();
  await expect(ada.progress).toContainText(`epoch ${STEPPED_EPOCHS} of ${EPOCHS}`);
  await snap(ada.page, "student-mid-run");
  await docsScreenshot(ada.page, "student-page", { fullPage: true });
  await ada.page.setViewportSize(PHONE);
  await ada.page.getByRole("heading", { name: "Your run" }).evaluate((heading) => heading.scrollIntoView());
  await docsScreenshot(ada.page, "student-page-phone");
  await snap(ada.page, "student-phone");

  // The instructor pauses: every page says so and nobody can start a run; resume lets them again.
  await host.pause();
  for (const student of [ada, ben, cy]) await student.expectSession("paused");
  await expect(ben.runButton).toBeDisabled();
  await expect(ada.stepButton).toBeDisabled();
  await host.resume();
  for (const student of [ada, ben, cy]) await student.expectSession("running");
  await expect(ben.runButton).toBeEnabled();
  await expect(ada.pauseButton).toHaveText("Resume");
  await ada.pauseButton.click();
  await ada.expectVerified();

  // Ben starts another run one step at a time, then resets it: the server closes it as unfinished.
  await ben.setLearningRate(0.02);
  await ben.stepButton.click();
  await ben.expectRunPhase("paused");
  await ben.resetButton.click();
  await expect(host.rosterRow("Ben")).toContainText("unfinished");

  await host.kick("Cy");
  await expect(cy.kickedMessage).toBeVisible();
  await expect(cy.runButton).toHaveCount(0);
  await expect(host.count("students")).toHaveText("2");

  await host.end();
  for (const student of [ada, ben]) await student.expectSession("ended");
  await expect(ada.runButton).toBeDisabled();
  await host.reveal();
  await expect(host.leaderboardRows.first()).toContainText("Ben");
  await snap(host.page, "dashboard-ended");

  const sessionId = await host.openResults();
  expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  const runRows = host.page.getByTestId("results-run-row");
  await expect(runRows).toHaveCount(5);
  await expect(runRows.filter({ hasText: "unfinished" })).toContainText("Ben");
  await expect(runRows.filter({ hasText: "Cy" })).toContainText("diverged");
  await snap(host.page, "results");

  const [download] = await Promise.all([
    host.page.waitForEvent("download"),
    host.page.getByTestId("download-csv").click(),
  ]);
  expect(download.suggestedFilename()).toBe(`downhill-${code}-runs.csv`);
  const path = await download.path();
  const lines = (await readFile(path, "utf8")).trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^run_id,student,attempt,optimizer,learning_rate,batch_size,epochs,/);
  expect(lines).toHaveLength(6);
  const rows = lines.slice(1).map((line) => line.split(","));
  const header = lines[0]!.split(",");
  const column = (name: string) => header.indexOf(name);
  const byStudent = (name: string) => rows.filter((row) => row[column("student")] === name);
  expect(byStudent("Ada").map((row) => row[column("status")])).toEqual(["verified", "verified"]);
  expect(byStudent("Ben").map((row) => [row[column("learning_rate")], row[column("status")]])).toEqual([
    ["0.05", "verified"],
    ["0.02", "unfinished"],
  ]);
  expect(byStudent("Cy").map((row) => [row[column("status")], row[column("diverged_at_epoch")]])).toEqual([
    ["diverged", divergedAt],
  ]);

  await host.page.goto("/sessions");
  await expect(host.page.getByTestId("session-row")).toHaveCount(1);
  await snap(host.page, "sessions");
});
