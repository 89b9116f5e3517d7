// Starts the real Downhill server (built pages, Socket.IO, API) as a child process on a free port with a fresh
// SQLite file, so a test can kill it with SIGKILL and start it again on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../server/test/freePort.ts";

export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = "";

  private constructor(
    readonly port: number,
    readonly databaseUrl: string,
  ) {}

  static async start(): Promise<ServerProcess> {
    const directory = mkdtempSync(join(tmpdir(), "downhill-e2e-"));
    const server = new ServerProcess(await freePort(), `file:${join(directory, "downhill.db")}`);
    await server.launch();
    return server;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts the process and resolves once it logs that it is listening. */
  async launch(): Promise<void> {
    this.output = "";
    // node --import tsx, not npx tsx: a signal must reach the server itself, not a wrapper process.
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: {
        ...process.env,
        PORT: String(this.port),
        DATABASE_URL: this.databaseUrl,
        NODE_ENV: "production",
        PAGES: "on",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** SIGKILL: no flush, no goodbye, exactly like a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    this.child = null;
  }

  logs(): string {
    return this.output;
  }
}
