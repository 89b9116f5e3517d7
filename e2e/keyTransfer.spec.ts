// An instructor opens their past sessions on a second device by carrying the instructor key there: as the link
// the sessions page shows, or typed in groups of four. A key arriving in a link is offered, never taken silently.
import { expect, test } from "./fixtures.ts";
import { blockingViolations } from "./axe.ts";
import { HostPage } from "./pages/HostPage.ts";

test("the sessions page's key link opens the instructor's sessions in another browser", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  const code = await host.createSession("textbook-line", { epochs: 200 });
  await host.page.goto("/sessions");
  await expect(host.page.getByTestId("session-row")).toHaveCount(1);
  const link = await host.page.getByTestId("key-link").inputValue();
  const key = await host.page.evaluate(() => window.localStorage.getItem("downhill:instructorKey"));
  expect(link).toMatch(/\/sessions#key=/);
  await expect(host.page.getByTestId("key-grouped")).toHaveText(key!.replace(/(.{4})(?=.)/g, "$1 "));

  const laptop = await openPage();
  await laptop.goto(link);
  await expect(laptop.getByTestId("sessions-no-key")).toBeVisible();
  // The key is out of the address bar and waits in the form for a click.
  await expect.poll(() => new URL(laptop.url()).hash).toBe("");
  await expect(laptop.getByTestId("key-import")).toHaveValue(key!);
  expect(await laptop.evaluate(() => window.localStorage.getItem("downhill:instructorKey"))).toBeNull();
  expect(await blockingViolations(laptop)).toEqual([]);

  await laptop.getByTestId("key-import-submit").click();
  await expect(laptop.getByTestId("session-row")).toContainText(`code ${code}`);
  await expect(laptop.getByTestId("session-row")).toContainText("on the device that created it");
  expect(await laptop.evaluate(() => window.localStorage.getItem("downhill:instructorKey"))).toBe(key);
  expect(await blockingViolations(laptop)).toEqual([]);
});

test("a mistyped key is explained beside its field and does not replace the browser's key", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  await host.createSession("textbook-line", { epochs: 200 });
  const page = host.page;
  await page.goto("/sessions");
  const key = (await page.evaluate(() => window.localStorage.getItem("downhill:instructorKey")))!;

  await page.getByTestId("key-import").fill("not a key!");
  await page.getByTestId("key-import-submit").click();
  await expect(page.locator("#key-import-error")).toContainText("letters, digits");

  // Well formed, but no session belongs to it.
  await page.getByTestId("key-import").fill(`${key.slice(0, -4)}AAAA`);
  await page.getByTestId("key-import-submit").click();
  await expect(page.locator("#key-import-error")).toContainText("No sessions on this server belong to this key");
  expect(await page.evaluate(() => window.localStorage.getItem("downhill:instructorKey"))).toBe(key);
  await expect(page.getByTestId("session-row")).toHaveCount(1);
});
