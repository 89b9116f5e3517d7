// The Downhill server with its pages (PAGES=on, the production build in .next) as a child process of the bench,
// in its own process group with a fresh SQLite file; bench/load's ServerProcess serves no pages.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../server/test/freePort.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const LOG_TAIL_LINES = 40;

/** True when `next build` has left a production build to serve. */
export function hasProductionBuild(): boolean {
  return existsSync(join(REPO_ROOT, ".next", "BUILD_ID"));
}

export class PagesServer {
  readonly tail: string[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > LOG_TAIL_LINES) this.tail.shift();
      }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.once("exit", () => (this.exited = true));
  }

  /** Starts `node --import tsx server/main.ts` and resolves once /api/health answers. */
  static async start(databaseUrl: string): Promise<PagesServer> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PAGES: "on",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
      },
    });
    const server = new PagesServer(child, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (server.exited) throw new Error(`the server exited while starting:\n${server.tail.join("\n")}`);
      try {
        if ((await fetch(`${server.url}/api/health`)).ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.kill();
    throw new Error(`the server did not answer /api/health within ${READY_TIMEOUT_MS} ms:\n${server.tail.join("\n")}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** SIGKILL to the server's process group. */
  kill(): void {
    if (this.exited) return;
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
