// The student's side: joining (from the home page or a /play/CODE link) and running gradient descent.
import { expect, type Locator, type Page } from "@playwright/test";
import { SPEEDS, speedLabel, type Speed } from "../../app/play/pacing.ts";

export type RunPhase = "ready" | "starting" | "running" | "paused" | "verifying" | "verified" | "diverged" | "stopped";

export class StudentPage {
  constructor(readonly page: Page) {}

  /** A student on `page` who has joined session `code` as `name` through the join link. */
  static async joined(page: Page, code: string, name: string): Promise<StudentPage> {
    const student = new StudentPage(page);
    await student.joinByUrl(code, name);
    return student;
  }

  /** Opens the join link the projector shows and joins with a nickname. */
  async joinByUrl(code: string, name: string): Promise<void> {
    await this.page.goto(`/play/${code}`);
    await this.page.getByTestId("join-name").fill(name);
    await this.page.getByTestId("join-submit").click();
    await this.expectJoined(code, name);
  }

  /** Types the code and a nickname into the home page's form. */
  async joinFromHome(code: string, name: string): Promise<void> {
    await this.page.goto("/");
    await this.page.getByTestId("join-code").fill(code);
    await this.page.getByTestId("join-name").fill(name);
    await this.page.getByTestId("join-submit").click();
    await this.page.waitForURL(new RegExp(`/play/${code}`));
    await this.expectJoined(code, name);
  }

  async expectJoined(code: string, name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(code);
    await expect(this.page.getByText(`Playing as ${name}`)).toBeVisible();
    await expect(this.sessionStatus).toBeVisible();
  }

  get sessionStatus(): Locator {
    return this.page.getByTestId("session-status");
  }

  get runButton(): Locator {
    return this.page.getByTestId("run-button");
  }

  get pauseButton(): Locator {
    return this.page.getByTestId("pause-button");
  }

  get stepButton(): Locator {
    return this.page.getByTestId("step-button");
  }

  /** The speed slider, found by its label as a screen reader would. */
  get speedSlider(): Locator {
    return this.page.getByRole("slider", { name: "Speed" });
  }

  get resetButton(): Locator {
    return this.page.getByTestId("reset-button");
  }

  get runStatus(): Locator {
    return this.page.getByTestId("run-status");
  }

  get runLoss(): Locator {
    return this.page.getByTestId("run-loss");
  }

  /** The server's diagnosis of the run: its verdict in `data-verdict`, a sentence, "Try this" and what it saw. */
  get diagnosis(): Locator {
    return this.page.getByTestId("diagnosis");
  }

  get ownChart(): Locator {
    return this.page.getByTestId("own-chart");
  }

  get rank(): Locator {
    return this.page.getByTestId("my-rank");
  }

  get kickedMessage(): Locator {
    return this.page.getByTestId("kicked-message");
  }

  /** The "epoch N of M" text beside the run status while a run is under way. */
  get progress(): Locator {
    return this.page.locator(".descent-report__epoch");
  }

  get attemptsLeft(): Locator {
    return this.page.getByTestId("attempts-left");
  }

  async expectSession(status: "lobby" | "running" | "paused" | "ended"): Promise<void> {
    await expect(this.sessionStatus).toContainText(status);
  }

  async setLearningRate(lr: number): Promise<void> {
    const input = this.page.getByTestId("lr-input");
    await input.fill(String(lr));
    await expect(input).toHaveValue(String(lr));
  }

  /** Sets the speed (epochs per second, or "max") with the keyboard: End for max, else Home and arrow presses. */
  async setSpeed(speed: Speed): Promise<void> {
    // Each press focuses the slider first, as a keyboard user would have.
    if (speed === "max") await this.speedSlider.press("End");
    else {
      await this.speedSlider.press("Home");
      for (let step = 0; step < SPEEDS.indexOf(speed); step++) await this.speedSlider.press("ArrowRight");
    }
    await expect(this.speedSlider).toHaveAttribute("aria-valuetext", speedLabel(speed));
  }

  /** The epoch the page shows for the run under way ("epoch N of M"), or -1 when it shows none. */
  async shownEpoch(): Promise<number> {
    const text = (await this.progress.allTextContents()).join(" ");
    return Number(/epoch (\d+)/.exec(text)?.[1] ?? -1);
  }

  /** Sets the learning rate and presses Run once the round allows it. */
  async run(lr: number): Promise<void> {
    await this.setLearningRate(lr);
    await expect(this.runButton).toBeEnabled();
    await this.runButton.click();
  }

  /** Runs at full speed with learning rate `lr` until the server verifies it; returns the verified loss. */
  async runVerified(lr: number): Promise<number> {
    await this.setSpeed("max");
    await this.run(lr);
    return this.expectVerified();
  }

  async expectRunPhase(phase: RunPhase, timeout?: number): Promise<void> {
    await expect(this.runStatus).toHaveText(phase, timeout === undefined ? undefined : { timeout });
  }

  /** Waits for the server's verdict "verified" and returns the final training loss it shows. */
  async expectVerified(timeout = 30_000): Promise<number> {
    await this.expectRunPhase("verified", timeout);
    await expect(this.runLoss).toBeVisible();
    const loss = Number((await this.runLoss.textContent())?.trim());
    expect(Number.isFinite(loss)).toBe(true);
    return loss;
  }
}
