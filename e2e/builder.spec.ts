// The challenge builder as an instructor meets it: problems written for people beside their fields, an empty CSV
// that says so, a title that follows the chosen dataset until one is typed, and a start typed per parameter.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("each problem is written for people beside its field, and the form goes to the first one", async ({
  openPage,
}) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  const page = host.page;
  const time = page.getByLabel("Time limit (minutes)");
  await time.fill("0.1");
  const timeError = page.getByTestId("field-error-timeLimitSeconds");
  await expect(timeError).toHaveText("The time limit must be at least 30 seconds.");
  await expect(time).toHaveAttribute("aria-invalid", "true");
  await expect(time).toHaveAttribute("aria-describedby", "field-error-timeLimitSeconds");

  await page.getByLabel("SGD", { exact: true }).uncheck();
  await expect(page.getByTestId("field-error-optimizers")).toHaveText("Allow at least one optimizer.");
  await page.getByLabel("Title shown to the class").fill("");
  await expect(page.getByTestId("field-error-title")).toHaveText("Give the challenge a title.");

  await page.getByTestId("create-session").click();
  await expect(page.getByTestId("builder-errors")).toHaveText(
    "The challenge is not ready yet: fix the 3 fields marked above.",
  );
  await expect(page.getByLabel("Title shown to the class")).toBeFocused();
  // Nothing in zod's words anywhere on the page.
  await expect(page.locator("body")).not.toContainText(/Too small|expected number|>=/);
  expect(await blockingViolations(page)).toEqual([]);

  await page.getByLabel("Title shown to the class").fill("Fixed");
  await page.getByLabel("SGD", { exact: true }).check();
  await time.fill("2");
  await expect(page.getByTestId("builder-errors")).toHaveText("");
  await expect(page.locator(".field__error")).toHaveCount(0);
  await host.create();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fixed");
});

test("an empty CSV file says it is empty, and the CSV choice asks for one first", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  const page = host.page;
  await page.getByRole("radio", { name: /Your own CSV/ }).check();
  await expect(page.getByTestId("field-error-dataset")).toHaveText("Upload a CSV file or paste CSV text first.");

  await page
    .getByTestId("csv-file")
    .setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("") });
  await expect(page.getByTestId("csv-status")).toHaveText(
    "CSV error — the CSV is empty: it needs a header row naming the columns, then at least 2 rows of numbers",
  );
  expect(await blockingViolations(page)).toEqual([]);

  await page.getByTestId("csv-file").setInputFiles({
    name: "header.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("hours,score\n"),
  });
  await expect(page.getByTestId("csv-status")).toContainText("the CSV has a header row but no data");

  await page.getByLabel("Or paste CSV text").fill("hours,score\n1,50\n2,60\n3,70\n");
  await expect(page.getByTestId("csv-status")).toContainText("3 rows; predicting “score”");
  await expect(page.getByTestId("field-error-dataset")).toHaveCount(0);
});

test("the title follows the chosen dataset until the instructor types one", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  const page = host.page;
  const title = page.getByLabel("Title shown to the class");
  await expect(title).toHaveValue("The textbook line");

  await page.getByRole("radio", { name: /Two moons/ }).check();
  await expect(title).toHaveValue("Two moons");
  await page.getByRole("radio", { name: /Your own CSV/ }).check();
  await expect(title).toHaveValue("Your own data");
  await page.getByLabel("Or paste CSV text").fill("hours,score\n1,50\n2,60\n3,70\n");
  await expect(title).toHaveValue("Predicting score");

  await title.fill("Week 3: step sizes");
  await page.getByRole("radio", { name: /A noisy line/ }).check();
  await expect(title).toHaveValue("Week 3: step sizes");
  await host.create();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Week 3: step sizes");
});

test("the instructor types where every run starts; a value out of range is refused beside it, and students step from the typed w", async ({
  openPage,
}) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("worked-example");
  const page = host.page;
  const start = page.getByTestId("builder-start");
  await expect(page.getByLabel("Start every run from these values")).toBeChecked();
  const w = start.getByLabel("w", { exact: true });
  await expect(w).toHaveValue("1");

  await w.fill("2000000");
  const error = page.getByTestId("field-error-start");
  await expect(error).toHaveText("The starting parameters must be at most 1000000.");
  await expect(w).toHaveAttribute("aria-invalid", "true");
  await expect(start).toHaveAttribute("aria-describedby", "model-start-hint field-error-start");
  expect(await blockingViolations(page)).toEqual([]);

  await w.fill("2");
  await expect(error).toHaveCount(0);
  const code = await host.create();
  await host.start();
  const ada = new StudentPage(await openPage());
  await ada.joinByUrl(code, "Ada");
  await ada.stepButton.click();
  // From w = 2: ŷ = 4, gradient -2 × 2 × (10 - 4) = -24, new w = 2 - 0.1 × (-24) = 4.4.
  await expect(ada.page.getByTestId("step-update-w")).toContainText("= 2 - 0.1 × (-24) = 4.4");
});
