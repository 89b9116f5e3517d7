// An instructor deletes a past session from its review page: two clicks, and nothing of it can be read again.
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";

test("the review page deletes an ended session for good, after a second click", async ({ openPage, server }) => {
  const host = new HostPage(await openPage());
  await host.startSession("textbook-line", { epochs: 200 });
  await host.end();
  const sessionId = await host.openResults();

  const page = host.page;
  const key = await page.evaluate(() => window.localStorage.getItem("downhill:instructorKey"));
  const read = () =>
    page.request.get(`${server.url}/api/sessions/${sessionId}`, { headers: { authorization: `Bearer ${key}` } });
  await page.getByTestId("delete-session").click();
  // The first click only asks: the session is still there.
  expect((await read()).status()).toBe(200);
  await page.getByTestId("delete-confirm").click();
  await expect(page.getByTestId("session-deleted")).toContainText("deleted");
  expect((await read()).status()).toBe(404);
  await page.reload();
  await expect(page.getByText("Could not load the results")).toBeVisible();
});
