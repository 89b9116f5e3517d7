// Another round with the same class, in real browsers: the instructor sets round 2's challenge on the ended
// dashboard, the student's page switches to it without a new code, and the review page keeps each round.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("the instructor opens round 2 for the class in the room; the review page keeps round 1", async ({ openPage }) => {
  // Two whole rounds with a verified run each, and two axe scans: more than one round's default.
  test.setTimeout(240_000);
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  await host.setEpochs(40);
  const code = await host.create();
  const ada = new StudentPage(await openPage());
  await ada.joinByUrl(code, "Ada");
  await host.start();
  await ada.expectSession("running");
  await ada.setSpeed("max");
  await ada.run(0.05);
  await ada.expectVerified();
  await expect(ada.attemptsLeft).toContainText("4 of 5");
  await host.end();

  // The ended dashboard offers another round, with the builder's own form.
  await host.page.getByTestId("next-round-toggle").click();
  await host.setEpochs(30);
  expect(await blockingViolations(host.page)).toEqual([]);
  await host.page.getByTestId("open-round").click();
  await host.expectStatus("Waiting to start");
  await expect(host.page.getByRole("heading", { level: 1 })).toContainText("round 2");
  await expect(host.joinCode).toHaveText(code);
  await expect(host.rosterRows).toHaveCount(1);

  // Ada's page follows by itself: round 2's rules, every attempt back, the last round's run gone.
  await ada.expectSession("lobby");
  await expect(ada.page.getByText("30 per run")).toBeVisible();
  await expect(ada.attemptsLeft).toContainText("5 of 5");
  await expect(ada.runStatus).toHaveText("ready");
  await expect(ada.runLoss).toHaveCount(0);
  await host.start();
  await ada.expectSession("running");
  await ada.run(0.05);
  await ada.expectVerified();
  await host.end();

  // The review keeps each round: round 2 by default, round 1 a press away.
  await host.openResults();
  const picker = host.page.getByTestId("round-picker");
  await expect(picker.getByRole("button", { name: "Round 2" })).toHaveAttribute("aria-pressed", "true");
  await expect(host.page.getByRole("heading", { name: "All runs (1)" })).toBeVisible();
  expect(await blockingViolations(host.page)).toEqual([]);
  await picker.getByRole("button", { name: "Round 1" }).click();
  await expect(picker.getByRole("button", { name: "Round 1" })).toHaveAttribute("aria-pressed", "true");
  await expect(host.page.locator(".summary__item", { hasText: "Epochs per run" })).toContainText("40");
  await expect(host.page.getByRole("heading", { name: "All runs (1)" })).toBeVisible();
});
