// The instructor's side: the challenge builder at /host and the live dashboard at /host/CODE.
import { expect, type Locator, type Page } from "@playwright/test";

export type SessionStatusLabel = "Waiting to start" | "Running" | "Paused" | "Ended";

export class HostPage {
  constructor(readonly page: Page) {}

  /** Opens the challenge builder and picks a preset. */
  async openBuilder(preset: string): Promise<void> {
    await this.page.goto("/host");
    const button = this.page.getByTestId(`preset-${preset}`);
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
  }

  /** Chooses "Your own CSV" and uploads `text` as a file named `name`; waits for the builder's summary of it. */
  async uploadCsv(name: string, text: string): Promise<void> {
    await this.page.getByRole("radio", { name: /Your own CSV/ }).check();
    await this.page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
    await expect(this.page.getByTestId("csv-status")).toContainText("rows; predicting");
  }

  /** The server's refusal, when creating a session failed. */
  get serverError(): Locator {
    return this.page.getByTestId("server-error");
  }

  /** Sets the epoch budget of every run (shorter runs keep a test quick). */
  async setEpochs(epochs: number): Promise<void> {
    const field = this.page.getByLabel("Epoch budget (every run)");
    await field.fill(String(epochs));
    await expect(field).toHaveValue(String(epochs));
  }

  /** Gives the network these hidden layers, e.g. [16, 16]: adds or removes layers, then sets each one's units. */
  async setHiddenLayers(units: readonly number[]): Promise<void> {
    const layers = this.page.getByLabel(/^Layer \d+$/);
    while ((await layers.count()) < units.length) await this.page.getByRole("button", { name: "Add a layer" }).click();
    while ((await layers.count()) > units.length) {
      await this.page.getByRole("button", { name: "Remove the last layer" }).click();
    }
    for (const [index, count] of units.entries()) {
      const field = this.page.getByLabel(`Layer ${index + 1}`, { exact: true });
      await field.fill(String(count));
      await expect(field).toHaveValue(String(count));
    }
  }

  /** Moves the generated dataset's "Rows" slider to its largest size. */
  async useLargestDataset(): Promise<void> {
    const slider = this.page.locator("#dataset-size");
    await slider.focus();
    await slider.press("End");
    await expect(slider).toHaveValue(await slider.getAttribute("max").then((max) => max ?? ""));
  }

  /** Submits the builder and waits for the live dashboard; returns the join code it shows. */
  async create(): Promise<string> {
    await this.page.getByTestId("create-session").click();
    await this.page.waitForURL(/\/host\/[A-Z0-9]+$/);
    await expect(this.joinCode).toBeVisible();
    const code = (await this.joinCode.textContent())?.trim() ?? "";
    expect(code).toMatch(/^[A-Z0-9]+$/);
    expect(this.page.url()).toContain(`/host/${code}`);
    return code;
  }

  /** Creates a session from a builder preset, with another epoch budget when asked; returns its join code. */
  async createSession(preset: string, options: { epochs?: number } = {}): Promise<string> {
    await this.openBuilder(preset);
    if (options.epochs !== undefined) await this.setEpochs(options.epochs);
    return this.create();
  }

  /** Creates a session from a builder preset (as createSession) and starts it; returns its join code. */
  async startSession(preset: string, options: { epochs?: number } = {}): Promise<string> {
    const code = await this.createSession(preset, options);
    await this.start();
    return code;
  }

  get joinCode(): Locator {
    return this.page.getByTestId("join-code");
  }

  get joinUrl(): Locator {
    return this.page.getByTestId("join-url");
  }

  get status(): Locator {
    return this.page.getByTestId("session-status");
  }

  get leaderboardRows(): Locator {
    return this.page.getByTestId("leaderboard-row");
  }

  get rosterRows(): Locator {
    return this.page.getByTestId("roster-row");
  }

  get classChart(): Locator {
    return this.page.getByTestId("class-chart");
  }

  get lrScatter(): Locator {
    return this.page.getByTestId("lr-scatter");
  }

  get problemRuns(): Locator {
    return this.page.getByTestId("problem-runs");
  }

  count(label: "students" | "connected" | "running" | "verified" | "diverged" | "rejected"): Locator {
    return this.page.getByTestId(`count-${label}`);
  }

  rosterRow(name: string): Locator {
    return this.rosterRows.filter({ has: this.page.getByRole("rowheader", { name }) });
  }

  leaderboardRow(name: string): Locator {
    return this.leaderboardRows.filter({ hasText: name });
  }

  async expectStatus(label: SessionStatusLabel): Promise<void> {
    await expect(this.status).toContainText(label);
  }

  /** Presses a host control once it is enabled. */
  async press(testId: string): Promise<void> {
    const button = this.page.getByTestId(testId);
    await expect(button).toBeEnabled();
    await button.click();
  }

  async start(): Promise<void> {
    await this.press("host-start");
    await this.expectStatus("Running");
  }

  async pause(): Promise<void> {
    await this.press("host-pause");
    await this.expectStatus("Paused");
  }

  async resume(): Promise<void> {
    await this.press("host-resume");
    await this.expectStatus("Running");
  }

  /** Ends the round (the confirm dialog is accepted by the fixture). */
  async end(): Promise<void> {
    await this.press("host-end");
    await this.expectStatus("Ended");
  }

  async reveal(): Promise<void> {
    await this.press("host-reveal");
    await expect(this.page.getByTestId("host-reveal")).toHaveText("Revealed");
  }

  /** Removes a student by nickname; the roster marks them removed. */
  async kick(name: string): Promise<void> {
    const row = this.rosterRow(name);
    const studentId = await row.getAttribute("data-student-id");
    expect(studentId).toBeTruthy();
    await this.press(`kick-${studentId}`);
    await expect(this.page.getByTestId("kick-status")).toContainText(`${name} was removed.`);
    await expect(row).toContainText("removed");
  }

  /** Follows the "Open the full results" link of an ended session; returns the session id. */
  async openResults(): Promise<string> {
    await this.page.getByTestId("results-link").click();
    await this.page.waitForURL(/\/sessions\/[^/?]+$/);
    return this.page.url().split("/sessions/")[1]!;
  }
}
