// Playwright fixtures: every test gets its own real server (fresh SQLite file, its own port) and a way to open
// pages in separate browser contexts, the way an instructor and each student use their own browser.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { ServerProcess } from "../server/test/serverProcess.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
/** Screenshots of every page a test visits (ignored by git). */
export const SCREENSHOTS = join(HERE, "screenshots");
/** The README's screenshots (committed). */
export const DOCS_SCREENSHOTS = join(HERE, "..", "docs", "screenshots");
/** Only a run that asks for it (`DOCS_SCREENSHOTS=1`, `npm run screenshots`) rewrites the committed pictures. */
const REFRESH_DOCS = process.env.DOCS_SCREENSHOTS === "1";

export const LAPTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export const PROJECTOR = { width: 1920, height: 1080 } as const;

export interface Fixtures {
  /** Environment for the server over the test defaults, e.g. `test.use({ serverEnv: { HOST: "0.0.0.0" } })`. */
  serverEnv: Readonly<Record<string, string>>;
  /** The real Downhill server (built pages, fresh SQLite file) this test talks to; stopped when the test ends. */
  server: ServerProcess;
  /** Opens a page in a fresh browser context (its own localStorage and socket), closed when the test ends. */
  openPage: (options?: BrowserContextOptions) => Promise<Page>;
  /** Saves a PNG of the page into e2e/screenshots/, named after the test file and `name`. */
  snap: (page: Page, name: string) => Promise<void>;
}

async function newPage(browser: Browser, baseURL: string, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, ...options, baseURL });
  const page = await context.newPage();
  // Kick and End ask "are you sure?": the instructor always is.
  page.on("dialog", (dialog) => void dialog.accept());
  return page;
}

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use, testInfo) => {
    const directory = mkdtempSync(join(tmpdir(), "downhill-e2e-"));
    const server = await ServerProcess.start({
      databaseUrl: `file:${join(directory, "downhill.db")}`,
      pages: true,
      env: serverEnv,
    });
    try {
      await use(server);
    } finally {
      // A graceful stop, or SIGKILL when it takes longer than ten seconds.
      await server.stop(10_000);
      rmSync(directory, { recursive: true, force: true });
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("server.log", { body: server.lines.join("\n"), contentType: "text/plain" });
      }
    }
  },

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  openPage: async ({ browser, server }, use) => {
    const pages: Page[] = [];
    await use(async (options = {}) => {
      const page = await newPage(browser, server.url, options);
      pages.push(page);
      return page;
    });
    await Promise.all(pages.map((page) => page.context().close()));
  },

  // eslint-disable-next-line no-empty-pattern -- as above: this fixture needs no other.
  snap: async ({}, use, testInfo) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const prefix = testInfo.file
      .split(/[\\/]/)
      .pop()!
      .replace(/\.spec\.ts$/, "");
    await use(async (page, name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${prefix}-${name}.png`), fullPage: true });
    });
  },
});

/**
 * Saves one of the README's screenshots, the viewport unless `fullPage`: to docs/screenshots/NAME.png when
 * DOCS_SCREENSHOTS=1, otherwise to e2e/screenshots/docs-NAME.png, so an ordinary test run leaves git clean.
 */
export async function docsScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const path = REFRESH_DOCS ? join(DOCS_SCREENSHOTS, `${name}.png`) : join(SCREENSHOTS, `docs-${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: options.fullPage === true });
}

export { expect };
