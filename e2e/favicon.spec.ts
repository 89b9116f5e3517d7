// Every page names its icon, and the icon is served: a tab of Downhill is recognisable among twenty.
import { expect, test } from "./fixtures.ts";

test("every page links the favicon, and the server serves it as SVG", async ({ openPage, request }) => {
  const page = await openPage();
  for (const path of ["/", "/host", "/sessions", "/play/ABCDEF"]) {
    await page.goto(path);
    const icon = page.locator('head link[rel="icon"]');
    await expect(icon, path).toHaveAttribute("type", "image/svg+xml");
    const href = await icon.getAttribute("href");
    const response = await request.get(href!);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"]).toContain("image/svg+xml");
    expect(await response.text()).toContain("<svg");
  }
});
