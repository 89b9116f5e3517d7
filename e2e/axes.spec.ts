// Axis numbers on the student's own plots: the data plot, the decision regions of a classification and the loss
// surface each carry ticks labelled in plain notation, left to right and bottom to top, inside the figure and
// apart from one another.
import { blockingViolations } from "./axe.ts";
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

/** Digits with an optional decimal part and a minus sign: never "1e-5", never a hyphen for minus. */
const PLAIN = /^\u2212?\d+(\.\d+)?$/;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The tick labels of one axis of a plot, with where each sits on the page. */
async function ticks(plot: Locator, axis: "x" | "y"): Promise<{ label: string; box: Box }[]> {
  const texts = await plot.getByTestId(`${axis}-ticks`).locator("text").all();
  const out: { label: string; box: Box }[] = [];
  for (const text of texts) out.push({ label: (await text.textContent()) ?? "", box: (await text.boundingBox())! });
  return out;
}

/** Checks the rule on one plot and returns its labels: plain numbers, in order, in the figure, not overlapping. */
async function expectReadableAxes(plot: Locator): Promise<{ x: string[]; y: string[] }> {
  const figure = (await plot.boundingBox())!;
  const x = await ticks(plot, "x");
  const y = await ticks(plot, "y");
  for (const [axis, list] of [
    ["x", x],
    ["y", y],
  ] as const) {
    expect(list.length, `${axis} ticks`).toBeGreaterThanOrEqual(3);
    const values = list.map(({ label }) => Number(label.replace("\u2212", "-")));
    expect(values, `${axis} ticks increase`).toEqual([...values].sort((a, b) => a - b));
    for (const { label, box } of list) {
      expect(label).toMatch(PLAIN);
      expect(box.x).toBeGreaterThanOrEqual(figure.x - 1);
      expect(box.x + box.width).toBeLessThanOrEqual(figure.x + figure.width + 1);
      expect(box.y + box.height).toBeLessThanOrEqual(figure.y + figure.height + 1);
    }
  }
  // x labels run left to right without touching; y labels bottom to top.
  for (let i = 1; i < x.length; i++) expect(x[i]!.box.x).toBeGreaterThan(x[i - 1]!.box.x + x[i - 1]!.box.width);
  for (let i = 1; i < y.length; i++) expect(y[i]!.box.y + y[i]!.box.height).toBeLessThanOrEqual(y[i - 1]!.box.y + 1);
  return { x: x.map((tick) => tick.label), y: y.map((tick) => tick.label) };
}

test("the data plot, the decision regions and the loss surface carry plain-notation axis numbers", async ({
  openPage,
  snap,
}) => {
  // Two sessions, two students and axe on both pages: more than the default budget on a busy machine.
  test.slow();
  const host = new HostPage(await openPage());
  const line = await host.startSession("textbook-line", { epochs: 100 });

  const ada = await StudentPage.joined(await openPage(), line, "Ada");
  const data = ada.page.getByTestId("data-plot");
  const surface = ada.page.getByTestId("loss-surface");
  await expect(data.getByTestId("x-ticks").locator("text").first()).toBeVisible();
  // The textbook's five points: x from 1 to 5, y = 2x from 2 to 10.
  expect(await expectReadableAxes(data)).toEqual({ x: ["1", "2", "3", "4", "5"], y: ["2", "4", "6", "8", "10"] });
  // The surface spans (0, 0) and the best fit (w = 2, b = 0) with a margin: w from -1.2 to 3.2, b from -1.2 to 1.2.
  expect(await expectReadableAxes(surface)).toEqual({
    x: ["\u22121", "0", "1", "2", "3"],
    y: ["\u22121.0", "\u22120.5", "0.0", "0.5", "1.0"],
  });
  await expect(surface.getByRole("img")).toHaveAttribute("aria-label", /w \(weight\) from \u22121 to 3, b \(bias\)/);
  await expect(data.getByRole("img")).toHaveAttribute("aria-label", /x from 1 to 5, y from 2 to 10/);

  // The axes stay while the model moves.
  await ada.runVerified(0.05);
  expect((await expectReadableAxes(surface)).x).toEqual(["\u22121", "0", "1", "2", "3"]);
  await snap(ada.page, "regression");
  expect(await blockingViolations(ada.page)).toEqual([]);

  // A classification: two features on the axes of the decision regions, drawn before any run.
  const moons = await host.createSession("moons-mlp", { epochs: 50 });
  const ben = await StudentPage.joined(await openPage(), moons, "Ben");
  const regions = ben.page.getByTestId("data-plot");
  await expect(regions.getByTestId("x-ticks").locator("text").first()).toBeVisible();
  await expectReadableAxes(regions);
  await expect(ben.page.getByTestId("loss-surface")).toHaveCount(0);
  await snap(ben.page, "classification");
  expect(await blockingViolations(ben.page)).toEqual([]);
});
