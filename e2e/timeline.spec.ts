// The review page replays a past session in wall-clock time: a scrubber over its span, operated from the keyboard,
// shows the moment in words, the board as it stood then, the runs descending then with the epochs each had stored by
// then, and what had happened up to then.
// The class is played by real Socket.IO clients against the real server; the page is the real page in Chromium.
import type { Locator, Page } from "@playwright/test";
import type { ChallengeInput, SessionResults } from "@downhill/core";
import { call, expectOk } from "../server/test/clients.ts";
import { honestRun, newRunId, playRun, sendProgress } from "../server/test/honestRuns.ts";
import { createSession, joinStudent } from "../server/test/sessions.ts";
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";

const CHALLENGE: ChallengeInput = {
  title: "Over time",
  dataset: "seed-line",
  model: "linear",
  optimizers: ["sgd"],
  epochs: 30,
  attempts: 2,
};
const run = (lr: number) => honestRun(CHALLENGE, { optimizer: "sgd", lr, epochs: 30, batchSize: "full" });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The whole clock second of a time, as the timeline's slider counts them. */
const secondOfTime = (at: number) => Math.floor(at / 1000);
/** The clock time the page shows in UTC, 24-hour: "09:00:05". */
const utc = (at: number) => new Date(at).toISOString().slice(11, 19);

/** Presses "Next event" from the keyboard until the newest happening reads `text`. */
async function nextUntil(page: Page, text: string | RegExp): Promise<void> {
  const next = page.getByRole("button", { name: "Next event" });
  const newest = page.getByTestId("timeline-happening").first();
  for (let presses = 0; presses < 30; presses++) {
    if (presses > 0 || (await newest.count()) > 0) {
      const shown = (await newest.textContent()) ?? "";
      if (typeof text === "string" ? shown.includes(text) : text.test(shown)) return;
    }
    await next.focus();
    await page.keyboard.press("Enter");
  }
  throw new Error(`no happening reads ${String(text)}`);
}

test("the review page replays the session by the clock: the board, the runs descending and what happened at each moment, from the keyboard", async ({
  openPage,
  server,
  snap,
}) => {
  const host = await createSession(server.url, CHALLENGE);
  const { code, sessionId, instructorKey, shareToken } = host.created;
  const ada = await joinStudent(server.url, code, "Ada");
  const ben = await joinStudent(server.url, code, "Ben");
  // A lobby longer than a clock second, so its first moment reads "before the start".
  await pause(1_200);
  expectOk(await host.command({ type: "start" }));
  expect((await playRun(ada.socket, run(0.01))).status).toBe("verified");
  await pause(1_200);
  expect((await playRun(ben.socket, run(0.03))).status).toBe("verified");
  await pause(1_200);
  // Ada's second attempt descends for a few seconds before it is verified, ahead of Ben: its first batch of 10
  // epochs arrives over a second after its start, the other 20 over a second after that.
  const slow = run(0.05);
  const slowId = newRunId();
  expectOk(await call(ada.socket, "run:start", { runId: slowId, config: slow.config }));
  await pause(1_200);
  await sendProgress(ada.socket, slowId, slow.losses.slice(0, 10), 10);
  await pause(1_300);
  await sendProgress(ada.socket, slowId, slow.losses, 10, 1);
  expect(expectOk(await call(ada.socket, "run:finish", { runId: slowId, params: slow.params })).status).toBe(
    "verified",
  );
  await pause(1_200);
  expectOk(await host.command({ type: "end" }));

  const page = await openPage({ timezoneId: "UTC", locale: "en-GB" });
  await page.addInitScript((key) => window.localStorage.setItem("downhill:instructorKey", key), instructorKey);
  const api = await page.request.get(`/api/sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${instructorKey}` },
  });
  const results = (await api.json()) as SessionResults;
  const slowRun = results.runs.find((r) => r.runId === slowId)!;
  expect(slowRun.batches.map((batch) => batch.epochsStored)).toEqual([10, 20, 30]);
  /** What the timeline must say of the slow run at the moment its slider shows: the epochs stored by then. */
  const epochsAt = async (slider: Locator) => {
    const moment = (secondOfTime(results.session.createdAt) + Number(await slider.inputValue())) * 1000 + 999;
    const reached = Math.max(0, ...slowRun.batches.filter((b) => b.at! <= moment).map((b) => b.epochsStored));
    return reached === 0 ? "(no epoch stored yet)" : `(${reached} of 30 epochs stored)`;
  };

  await page.goto(`/sessions/${sessionId}`);
  const panel = page.getByRole("region", { name: "The session over time" });
  const moment = panel.getByTestId("timeline-moment");
  const standings = panel.getByTestId("timeline-standing");
  const happenings = panel.getByTestId("timeline-happening");

  // It opens at the last moment: the final board, Ada's second attempt ahead of Ben.
  await expect(moment).toHaveText(`${utc(results.session.endedAt!)} (at the end)`);
  await expect(standings).toHaveCount(2);
  await expect(standings.nth(0)).toContainText("Ada");
  await expect(standings.nth(0)).toContainText("2"); // attempt 2
  await expect(standings.nth(1)).toContainText("Ben");
  await expect(happenings.first()).toContainText("The round ended: ended by the host");

  // Home on the slider: the session's first moment, before the round, with nobody on the board.
  const slider = panel.getByRole("slider", { name: "Moment" });
  await slider.focus();
  await page.keyboard.press("Home");
  await expect(moment).toHaveText(new RegExp(`^${utc(results.session.createdAt)} \\(\\d+ s before the start\\)$`));
  await expect(slider).toHaveAttribute("aria-valuetext", /before the start/);
  await expect(panel).toContainText("No verified run yet.");
  // The "created" event is stored a few milliseconds after the session's creation time, rarely in the next second.
  if ((await happenings.count()) === 0) await panel.getByRole("button", { name: "Next event" }).click();
  await expect(happenings.last()).toContainText("The session was created");

  // Next event, from the keyboard, to Ada's first verification: she alone is on the board, 1st.
  await nextUntil(page, "Ada's attempt 1 verified");
  await expect(happenings.first()).toContainText(/Ada's attempt 1 verified: loss [\d.e-]+, now 1st/);
  await expect(standings).toHaveCount(1);
  await expect(standings.first()).toContainText("Ada");

  // Ben's better run puts him first, Ada second.
  await nextUntil(page, "Ben's attempt 1 verified");
  await expect(happenings.first()).toContainText("now 1st");
  await expect(standings.nth(0)).toContainText("Ben");
  await expect(standings.nth(1)).toContainText("Ada");

  // Ada's second attempt, descending for a while; the board is unchanged until it is verified.
  await nextUntil(page, "Ada started attempt 2");
  await expect(moment).toHaveText(new RegExp(`^${utc(slowRun.startedAt)} \\(\\d+ s in\\)$`));
  const descending = panel.getByTestId("timeline-descending");
  await expect(descending).toHaveCount(1);
  await expect(descending).toContainText(`Ada, attempt 2: SGD, lr 0.05, since ${utc(slowRun.startedAt)}`);
  // At its start no batch had arrived yet.
  await expect(descending.getByTestId("timeline-epochs")).toHaveText("(no epoch stored yet)");
  // One second later on the slider, by the arrow key: still descending.
  await slider.focus();
  await page.keyboard.press("ArrowRight");
  await expect(moment).not.toHaveText(new RegExp(`^${utc(slowRun.startedAt)}`));
  await expect(descending).toHaveCount(1);
  await expect(descending.getByTestId("timeline-epochs")).toHaveText(await epochsAt(slider));
  await expect(standings.nth(0)).toContainText("Ben");
  expect(await blockingViolations(page)).toEqual([]);
  await snap(page, "descending");

  // Second by second until it is verified: each moment shows the epochs stored by then, the first batch's 10 alone
  // for at least one second (the batches arrived more than a second apart).
  const shown: string[] = [];
  for (let presses = 0; presses < 10 && (await descending.count()) > 0; presses++) {
    const expected = await epochsAt(slider);
    await expect(descending.getByTestId("timeline-epochs")).toHaveText(expected);
    shown.push(expected);
    await slider.focus();
    await page.keyboard.press("ArrowRight");
  }
  expect(shown).toContain("(10 of 30 epochs stored)");
  await nextUntil(page, "Ada's attempt 2 verified");
  await expect(descending).toHaveCount(0);
  await expect(panel).toContainText("No run was descending.");
  await expect(standings.nth(0)).toContainText("Ada");

  // Play from the start moves the moment forward by itself; Pause stops it.
  await slider.focus();
  await page.keyboard.press("Home");
  const play = panel.getByRole("button", { name: "Play" });
  await play.focus();
  await page.keyboard.press("Enter");
  const pauseButton = panel.getByRole("button", { name: "Pause" });
  await expect(pauseButton).toBeFocused();
  await expect(moment).not.toContainText("before the start", { timeout: 20_000 });
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("button", { name: "Play" })).toBeVisible();
  const stopped = await moment.textContent();
  await pause(600);
  await expect(moment).toHaveText(stopped ?? "");
  expect(await blockingViolations(page)).toEqual([]);

  // Through the read-only link with names hidden, the timeline names no one.
  expectOk(await host.command({ type: "anonymize", on: true }));
  const shared = await openPage({ timezoneId: "UTC", locale: "en-GB" });
  await shared.goto(`/sessions/${sessionId}?share=${shareToken}`);
  const sharedPanel = shared.getByRole("region", { name: "The session over time" });
  await expect(sharedPanel.getByTestId("timeline-happening").first()).toBeVisible();
  await expect(sharedPanel).toContainText("Student 1");
  await expect(sharedPanel).not.toContainText("Ada");
  await expect(sharedPanel).not.toContainText("Ben");
  for (const socket of [host.socket, ada.socket, ben.socket]) socket.disconnect();
});
