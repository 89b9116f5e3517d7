// An instructor's own data: the builder uploads a CSV file and creates the session over HTTP (POST /api/sessions),
// and a CSV the server refuses shows the server's own message, with the builder still there to fix it.
import type { SessionResults, SessionSummary } from "@downhill/core";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";

/** A table of `rows` rows: two features with many digits and a target, a little noisy, so the JSON is large. */
function csv(rows: number): string {
  const lines = ["hours,sleep,score"];
  for (let i = 0; i < rows; i++) {
    const hours = (i % 97) / 9.731;
    const sleep = 5 + ((i * 37) % 41) / 13.37;
    lines.push(`${hours},${sleep},${2 * hours + 0.5 * sleep + ((i * 7919) % 13) / 101.3}`);
  }
  return lines.join("\n");
}

test("the builder uploads a CSV larger than a socket message and creates a session from its rows", async ({
  openPage,
  server,
}) => {
  const host = new HostPage(await openPage());
  await host.openBuilder("textbook-line");
  const text = csv(3_000);
  await host.uploadCsv("grades.csv", text);
  await expect(host.page.getByTestId("csv-status")).toContainText(
    "3000 rows; predicting “score” from “hours”, “sleep”.",
  );
  await host.setEpochs(100);
  const code = await host.create();

  // The session the server stored carries every row of the file.
  const key = await host.page.evaluate(() => window.localStorage.getItem("downhill:instructorKey"));
  const auth = { headers: { authorization: `Bearer ${key}` } };
  const listed = (await (await host.page.request.get(`${server.url}/api/sessions`, auth)).json()) as {
    sessions: SessionSummary[];
  };
  expect(listed.sessions.map((session) => session.code)).toEqual([code]);
  const results = (await (
    await host.page.request.get(`${server.url}/api/sessions/${listed.sessions[0]!.id}`, auth)
  ).json()) as SessionResults;
  const { dataset } = results.session.challenge;
  const table = "csv" in dataset ? dataset.csv : undefined;
  expect(dataset.name).toBe("csv");
  expect(table?.featureNames).toEqual(["hours", "sleep"]);
  expect(table?.rows).toHaveLength(3_000);
  expect(table?.rows[1]).toEqual([1 / 9.731, 5 + 37 / 13.37]);
  // Larger than any socket message may be: it could only have come over HTTP.
  expect(JSON.stringify(table).length).toBeGreaterThan(64 * 1024);
});

test.describe("on a server that accepts at most 50,000 bytes", () => {
  test.use({ serverEnv: { CREATE_SESSION_MAX_BYTES: "50000" } });

  test("a CSV too large for the server shows the server's message, and the builder stays to fix it", async ({
    openPage,
  }) => {
    const host = new HostPage(await openPage());
    await host.openBuilder("textbook-line");
    await host.uploadCsv("too-big.csv", csv(2_000));
    await host.page.getByTestId("create-session").click();
    await expect(host.serverError).toContainText(
      "Could not create the session: the request body is larger than this server accepts (50,000 bytes): " +
        "use fewer rows, fewer columns or shorter numbers",
    );
    expect(new URL(host.page.url()).pathname).toBe("/host");

    // A smaller file goes through on the same page.
    await host.uploadCsv("small.csv", csv(200));
    await expect(host.page.getByTestId("create-session")).toBeEnabled();
    await host.create();
  });
});
