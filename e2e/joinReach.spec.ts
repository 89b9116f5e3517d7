// The join URL on the projector must open on students' devices: a localhost URL is flagged, and the instructor can
// switch the URL and its QR code to this computer's LAN address.
import { networkInterfaces } from "node:os";
import { lanAddresses } from "../server/joinReach.ts";
import { blockingViolations } from "./axe.ts";
import { expect, test } from "./fixtures.ts";
import { HostPage } from "./pages/HostPage.ts";
import { StudentPage } from "./pages/StudentPage.ts";

test.describe("a server listening on every interface", () => {
  test.use({ serverEnv: { HOST: "0.0.0.0" } });

  test("warns about a localhost join URL and switches the URL and QR code to a LAN address that works", async ({
    openPage,
    server,
  }) => {
    const [lan] = lanAddresses("0.0.0.0", networkInterfaces());
    test.skip(lan === undefined, "this machine has no LAN IPv4 address to offer");
    const host = new HostPage(await openPage());
    // The fixture's pages open the server at 127.0.0.1, as an instructor at http://localhost:3000 would.
    const code = await host.createSession("textbook-line", { epochs: 20 });
    await expect(host.joinUrl).toHaveText(`${server.url}/play/${code}`);
    const warning = host.page.getByTestId("join-reach-warning");
    await expect(warning).toContainText("Students cannot open this address");
    expect(await blockingViolations(host.page)).toEqual([]);

    const port = new URL(server.url).port;
    const lanUrl = `http://${lan}:${port}/play/${code}`;
    await host.page.getByRole("button", { name: `Use ${lan}:${port}` }).click();
    await expect(host.joinUrl).toHaveText(lanUrl);
    await expect(host.page.getByTestId("join-qr")).toHaveAttribute("alt", `QR code that opens ${lanUrl}`);
    await expect(warning).toHaveCount(0);

    // A student's browser opens the LAN URL and joins.
    const student = new StudentPage(await openPage());
    await student.page.goto(lanUrl);
    await student.page.getByTestId("join-name").fill("Lan");
    await student.page.getByTestId("join-submit").click();
    await student.expectJoined(code, "Lan");
    await expect(host.rosterRow("Lan")).toBeVisible();

    await host.page.getByTestId("join-use-local").click();
    await expect(host.joinUrl).toHaveText(`${server.url}/play/${code}`);
  });
});

test("a server bound to loopback says students cannot reach it and how to fix that", async ({ openPage }) => {
  const host = new HostPage(await openPage());
  await host.createSession("textbook-line", { epochs: 20 });
  const warning = host.page.getByTestId("join-reach-warning");
  await expect(warning).toContainText("The server found no network address students could reach it at");
  await expect(warning).toContainText("PUBLIC_URL");
  await expect(host.page.getByTestId("join-use-lan")).toHaveCount(0);
});
