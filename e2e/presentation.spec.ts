// The projector's presentation mode: the join code and QR code fill the screen, names appear as students join (and
// follow the hide-names setting), and the running view fits the classroom's 1280x720 and 1024x768 projectors with
// no sideways scrolling, numbers written out plainly; full screen on request.
import type { Page } from "@playwright/test";
import { blockingViolations } from "./axe.ts";
import { docsScreenshot, expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

const PROJECTORS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;

/** How far the page scrolls sideways, in CSS pixels (0 when it fits). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Checks the page at each projector size: nothing to scroll sideways, and axe finds nothing serious. */
async function expectFitsEveryProjector(page: Page): Promise<void> {
  for (const size of PROJECTORS) {
    await page.setViewportSize(size);
    await expect.poll(() => sidewaysOverflow(page), { message: `${size.width}x${size.height}` }).toBe(0);
    expect(await blockingViolations(page)).toEqual([]);
  }
}

test("presentation mode shows the join code and QR large, names as they join, and a race view that fits", async ({
  openPage,
  snap,
}) => {
  const host = new HostPage(await openPage({ viewport: PROJECTORS[0] }));
  const code = await host.createSession("textbook-line", { epochs: 40 });
  await host.page.getByTestId("present").click();

  const presentation = host.page.getByTestId("presentation");
  await expect(presentation.getByTestId("presentation-code")).toHaveText(code);
  const qr = presentation.getByTestId("presentation-qr");
  await expect(qr).toBeVisible();
  // Filling the screen: the code spans over a third of its width, the QR code over two fifths of its height.
  const codeBox = await presentation.getByTestId("presentation-code").boundingBox();
  const qrBox = await qr.boundingBox();
  expect(codeBox!.width).toBeGreaterThan(PROJECTORS[0].width / 3);
  expect(qrBox!.height).toBeGreaterThan((PROJECTORS[0].height * 2) / 5);
  await expect(presentation).toContainText("Names appear here as students join.");
  await expect(presentation.getByRole("heading", { level: 1 })).toBeFocused();

  const students: StudentPage[] = [];
  for (const name of ["Ada", "Ben", "Cleo"]) {
    const student = await StudentPage.joined(await openPage(), code, name);
    students.push(student);
  }
  const names = presentation.getByTestId("presentation-names").getByRole("listitem");
  await expect(names).toHaveText(["Ada", "Ben", "Cleo"]);
  await expect(presentation).toContainText("3 students joined");
  await docsScreenshot(host.page, "presentation-lobby");
  await expectFitsEveryProjector(host.page);

  // Hidden names stay hidden on the projector.
  await host.page.setViewportSize(PROJECTORS[0]);
  await host.page.getByTestId("presentation-exit").click();
  await host.press("host-anonymize");
  await host.page.getByTestId("present").click();
  await expect(names).toHaveText(["Student 1", "Student 2", "Student 3"]);
  await expect(presentation).not.toContainText("Cleo");

  await host.page.getByTestId("presentation-exit").click();
  await host.start();
  await host.page.getByTestId("present").click();
  await expect(presentation.getByTestId("presentation-join-strip")).toContainText(code);
  for (const [student, lr] of [
    [students[0]!, 0.05],
    [students[1]!, 0.03],
    [students[2]!, 0.08],
  ] as const) {
    await student.runVerified(lr);
  }

  const rows = presentation.getByTestId("presentation-board-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.getByRole("rowheader")).toContainText(["Student", "Student", "Student"]);
  await expect(presentation).not.toContainText("Cleo");
  // Plain notation where it fits: digits and one point, never "e-5".
  for (const loss of await rows.getByTestId("presentation-loss").all()) await expect(loss).toHaveText(/^\d+\.\d+$/);
  await expect(presentation.getByTestId("presentation-counts")).toContainText("verified3");
  await snap(host.page, "presentation-race");
  await expectFitsEveryProjector(host.page);

  // Names shown again for the README's picture.
  await host.page.setViewportSize(PROJECTORS[0]);
  await host.page.getByTestId("presentation-exit").click();
  await host.press("host-anonymize");
  await host.page.getByTestId("present").click();
  await expect(rows.filter({ hasText: "Cleo" })).toHaveCount(1);
  await docsScreenshot(host.page, "presentation-race");

  // Full screen on request, and back.
  const fullscreen = presentation.getByTestId("presentation-fullscreen");
  await fullscreen.click();
  await expect(fullscreen).toHaveText("Leave full screen");
  expect(await host.page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  await fullscreen.click();
  await expect(fullscreen).toHaveText("Full screen");
  expect(await host.page.evaluate(() => document.fullscreenElement === null)).toBe(true);

  // Back on the dashboard, the focus is where it was: on Present.
  await host.page.getByTestId("presentation-exit").click();
  await expect(host.joinCode).toHaveText(code);
  await expect(host.page.getByTestId("present")).toBeFocused();
});
