// Joining as a class does it: typos in the code and the nickname, a locked session, a kick that has to stick.
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test("a kicked student stays out: a reload or a new name from the same browser meets the kick", async ({
  openPage,
}) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("textbook-line", { epochs: 20 });
  // The dashboard says what a kick and a lock do, as they do it.
  await expect(host.page.getByTestId("kick-lock-hint")).toContainText(
    "the browser they joined from cannot join again, but another browser could join under a new name",
  );
  const cy = await StudentPage.joined(await openPage(), code, "Cy");
  await expect(host.rosterRows).toHaveCount(1);

  await host.kick("Cy");
  await expect(host.page.getByTestId("kick-status")).toContainText("Their browser cannot join again");
  await expect(cy.kickedMessage).toContainText("this browser cannot join it again");

  await cy.page.reload();
  await expect(cy.kickedMessage).toBeVisible();
  await expect(cy.page.getByTestId("join-name")).toHaveCount(0);

  // The home page's form, with another name: the browser still holds its token, and the server refuses it.
  await cy.page.goto("/");
  await cy.page.getByTestId("join-code").fill(code);
  await cy.page.getByTestId("join-name").fill("Not Cy");
  await cy.page.getByTestId("join-submit").click();
  await cy.page.waitForURL(new RegExp(`/play/${code}`));
  await expect(cy.kickedMessage).toBeVisible();
  await expect(cy.page.getByText("Playing as")).toHaveCount(0);
  await expect(host.count("students")).toHaveText("0");
  await expect(host.rosterRows).toHaveCount(1);
});

test("after the instructor unlocks, Try again keeps the typed nickname and joins", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("textbook-line", { epochs: 20 });
  await host.press("host-lock");
  await expect(host.status).toContainText("joining locked");

  const dee = new StudentPage(await openPage());
  await dee.page.goto(`/play/${code}`);
  await dee.page.getByTestId("join-name").fill("Dee");
  await dee.page.getByTestId("join-submit").click();
  await expect(dee.page.getByTestId("join-error")).toContainText("locked");
  const tryAgain = dee.page.getByRole("button", { name: "Try again" });
  await expect(tryAgain).toBeVisible();
  await expect(dee.page.getByTestId("join-name")).toHaveValue("Dee");

  await host.press("host-lock");
  await expect(host.status).not.toContainText("joining locked");
  await tryAgain.click();
  await dee.expectJoined(code, "Dee");
  await expect(dee.page.getByTestId("join-error")).toHaveCount(0);
  await expect(host.rosterRow("Dee")).toBeVisible();
});

test("a nickname of spaces says why it is refused, beside the field, and sends nothing", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("textbook-line", { epochs: 20 });
  const student = await openPage();
  await student.goto(`/play/${code}`);
  const name = student.getByTestId("join-name");
  await name.fill("   ");
  await student.getByTestId("join-submit").click();

  const problem = student.getByTestId("join-name-problem");
  await expect(problem).toHaveText("A name of spaces only is blank; type a letter, digit or symbol.");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAttribute("aria-describedby", (await problem.getAttribute("id"))!);
  await expect(name).toBeFocused();
  expect(await blockingViolations(student)).toEqual([]);

  // Typing clears the problem; a real name joins.
  await name.fill("  Eve  ");
  await expect(problem).toHaveCount(0);
  await student.getByTestId("join-submit").click();
  await new StudentPage(student).expectJoined(code, "Eve");
  await expect(host.rosterRows).toHaveCount(1);
});

test("a mistyped join code offers a field to type another, and keeps the nickname", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("textbook-line", { epochs: 20 });
  const fay = new StudentPage(await openPage());
  // A code of the right shape that no session has: the server says so.
  const wrong = code === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ";
  await fay.page.goto(`/play/${wrong}?name=Fay`);
  await expect(fay.page.getByTestId("join-error")).toContainText("No session has this code");
  const codeField = fay.page.getByTestId("join-code");
  await expect(codeField).toHaveValue(wrong);
  await expect(fay.page.getByTestId("join-name")).toHaveValue("Fay");
  expect(await blockingViolations(fay.page)).toEqual([]);

  // Not even the shape of a code: the form says what a code looks like before anything is sent.
  await codeField.fill("AB1");
  await fay.page.getByRole("button", { name: "Try again" }).click();
  await expect(fay.page.getByTestId("join-code-problem")).toHaveText(
    "A join code is 6 letters and digits, as shown on the projector.",
  );
  await expect(codeField).toBeFocused();

  await codeField.fill(code.toLowerCase());
  await fay.page.getByRole("button", { name: "Try again" }).click();
  await fay.page.waitForURL(new RegExp(`/play/${code}\\?name=Fay$`));
  await fay.expectJoined(code, "Fay");
  await expect(host.rosterRow("Fay")).toBeVisible();
});

test("an address with no join code in it says so and offers the code field", async ({ openPage }) => {
  const student = await openPage();
  await student.goto("/play/abc");
  await expect(student.getByTestId("join-error")).toHaveText(
    "ABC is not a join code: a code is 6 letters and digits. Type the one on the projector.",
  );
  await expect(student.getByTestId("join-code")).toHaveValue("ABC");
});
