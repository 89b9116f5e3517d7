// The Downhill server as a child process of the bench: PAGES=off, its own SQLite file, a fixed port, so that it
// can be killed and started again on the same database and port.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 40;

export interface ServerOptions {
  readonly port: number;
  readonly databaseUrl: string;
  /** The checkout to run server/main.ts from; this repository when absent. */
  readonly root?: string;
  /** Extra environment variables, e.g. BROADCAST_INTERVAL_MS. */
  readonly env: Readonly<Record<string, string>>;
}

export class ServerProcess {
  /** The last lines the server wrote, shown when something goes wrong. */
  readonly tail: string[] = [];
  /** Warning and error lines seen, by message. */
  readonly warnings = new Map<string, number>();
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
        const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
        if (msg) this.warnings.set(msg, (this.warnings.get(msg) ?? 0) + 1);
      }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.once("exit", () => (this.exited = true));
  }

  /** Starts `node --import tsx server/main.ts` and resolves once /api/health answers. */
  static async start(options: ServerOptions): Promise<ServerProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: options.root ?? REPO_ROOT,
      // Its own process group, so that a kill reaches the whole tree and nothing else.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...options.env,
        PAGES: "off",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(options.port),
        DATABASE_URL: options.databaseUrl,
      },
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${options.port}`);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (server.exited) throw new Error(`the server exited while starting:\n${server.tail.join("\n")}`);
      try {
        const response = await fetch(`${server.url}/api/health`);
        if (response.ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
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

  /** SIGKILL to the server's process group: no shutdown, no final commit. */
  kill(): void {
    if (this.exited) return;
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    try {
      process.kill(-this.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
