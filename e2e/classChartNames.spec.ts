// Whose line is whose on the class chart: hovering or keyboard-focusing a line names the student and their loss,
// the best three runs carry their names at their line ends, and while the instructor hides names the chart shows
// aliases and no real name reaches the dashboard's page.
import type { Locator, Page } from "@playwright/test";
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

/** Four students and their learning rates: four different losses after 100 epochs. */
const CLASS = [
  ["Zelda", 0.05],
  ["Quentin", 0.03],
  ["Xavier", 0.01],
  ["Yusuf", 0.002],
] as const;
const NAMES = CLASS.map(([name]) => name);

/** Moves the mouse onto a point of the student's line, `along` of the way from its start. */
async function hoverLine(page: Page, chart: Locator, name: string, along: number): Promise<void> {
  const hit = chart.locator(`[data-testid="run-hit"][data-run-name="${name}"]`);
  const point = await hit.evaluate((path, at) => {
    const line = path as SVGPathElement;
    const local = line.getPointAtLength(line.getTotalLength() * at);
    const screen = new DOMPoint(local.x, local.y).matrixTransform(line.getScreenCTM()!);
    return { x: screen.x, y: screen.y };
  }, along);
  await page.mouse.move(point.x, point.y);
}

test("the class chart names each student's line on hover and focus, labels the best three, and hides names when asked", async ({
  openPage,
  snap,
}) => {
  // Four students' runs, the dashboard, the projector and axe on three views.
  test.slow();
  const host = new HostPage(await openPage());
  const code = await host.startSession("textbook-line", { epochs: 100 });
  const students: StudentPage[] = [];
  for (const [name, lr] of CLASS) {
    const student = await StudentPage.joined(await openPage(), code, name);
    await student.runVerified(lr);
    students.push(student);
  }

  const chart = host.classChart;
  await expect(chart).toHaveAttribute("aria-label", /4 leading runs shown/);
  // The best three, as the leaderboard ranks them, carry their names at their line ends; the fourth does not.
  await expect(host.leaderboardRows).toHaveCount(4);
  const ranked = (await host.leaderboardRows.allInnerTexts()).map((text) => NAMES.find((name) => text.includes(name)));
  expect(new Set(ranked).size).toBe(4);
  const labels = chart.getByTestId("run-label");
  await expect(labels).toHaveText(ranked.slice(0, 3) as string[]);
  await expect(chart).toHaveAttribute(
    "aria-label",
    new RegExp(`named at their line ends: ${ranked.slice(0, 3).join(", ")}`),
  );
  const last = ranked[3]!;

  // Hovering the fourth line names its student and where their loss ends.
  const tip = chart.getByTestId("run-tip");
  await hoverLine(host.page, chart, last, 0.6);
  await expect(tip).toHaveText(new RegExp(`^${last}: \\d+\\.\\d+ at epoch 99$`));
  await expect(chart.getByTestId("active-run-line")).toHaveCount(1);
  await snap(host.page, "hover");
  await host.page.mouse.move(5, 5);
  await expect(tip).toHaveCount(0);

  // One tab stop for the whole chart; from there the arrows walk the lines in rank order, said aloud.
  const explore = host.page.getByTestId("class-chart-explore");
  const announcement = host.page.getByTestId("class-chart-announcement");
  const focusable = await chart.evaluate(
    (figure) =>
      [...figure.querySelectorAll<HTMLElement | SVGElement>("*")].filter((element) => element.tabIndex >= 0).length,
  );
  expect(focusable).toBe(1);
  await explore.focus();
  await expect(announcement).toHaveText(
    new RegExp(`^${ranked[0]}: loss \\d+\\.\\d+ at epoch 99 \\(SGD, learning rate`),
  );
  await expect(tip).toContainText(`${ranked[0]}:`);
  await explore.press("ArrowRight");
  await expect(announcement).toContainText(`${ranked[1]}: loss`);
  await explore.press("End");
  await expect(announcement).toContainText(`${last}: loss`);
  await expect(tip).toContainText(`${last}:`);
  await explore.press("ArrowRight");
  await expect(announcement).toContainText(`${ranked[0]}: loss`);
  expect(await blockingViolations(host.page)).toEqual([]);
  await explore.press("Escape");
  await expect(tip).toHaveCount(0);

  // A student's own class chart names the others' lines too.
  const zelda = students[0]!;
  await expect(zelda.page.getByTestId("class-chart").getByTestId("run-label")).toHaveText(
    ranked.slice(0, 3) as string[],
  );
  expect(await blockingViolations(zelda.page)).toEqual([]);

  // Names hidden: from here on no real name reaches the dashboard, and every chart shows aliases.
  const received: string[] = [];
  host.page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => received.push(String(payload))));
  await host.press("host-anonymize");
  await expect(labels.first()).toHaveText(/^Student \d$/);
  await expect(labels).toHaveText([/^Student \d$/, /^Student \d$/, /^Student \d$/]);
  await hoverLine(
    host.page,
    chart,
    (await chart.locator('[data-testid="run-hit"]').first().getAttribute("data-run-name")) ?? "",
    0.6,
  );
  await expect(tip).toHaveText(/^Student \d: /);
  await expect(zelda.page.getByTestId("class-chart").getByTestId("run-label")).toHaveText([
    /^Student \d$/,
    /^Student \d$/,
    /^Student \d$/,
  ]);
  // A reload brings everything afresh over the socket: still no real name.
  await host.page.reload();
  await expect(labels).toHaveText([/^Student \d$/, /^Student \d$/, /^Student \d$/]);
  await host.page.getByTestId("present").click();
  const projector = host.page.getByTestId("presentation");
  await expect(projector.getByTestId("run-label")).toHaveText([/^Student \d$/, /^Student \d$/, /^Student \d$/]);
  await snap(host.page, "hidden-names-projector");
  expect(await blockingViolations(host.page)).toEqual([]);
  const html = await host.page.content();
  expect(received.length).toBeGreaterThan(0);
  for (const name of NAMES) {
    expect(html).not.toContain(name);
    for (const frame of received) expect(frame).not.toContain(name);
  }
});
