// The real server (`server/main.ts`) as a child process, for everything that must kill it or run it beside other
// processes: the restart tests, the cluster tests, the browser tests and the benchmarks. Only Node built-ins, like
// freePort.ts, so all of them can import it.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** How a process ended: its exit code, or the name of the signal that ended it. */
export type ExitStatus = number | NodeJS.Signals;

export interface ServerProcessOptions {
  readonly databaseUrl: string;
  /** Serve the Next.js pages too (PAGES=on, from the production build `next build` left in .next). */
  readonly pages?: boolean;
  /**
   * Environment over the defaults (HOST=127.0.0.1, NODE_ENV=production), e.g. BROADCAST_INTERVAL_MS or REDIS_URL.
   * PORT, DATABASE_URL and LOG_LEVEL are this module's: it reads the port from the "listening" line.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Its own process group, so that kill() and stop() reach whatever the server starts, and Ctrl-C does not. */
  readonly detached?: boolean;
  /** Keep only the last this many lines in `lines` (a long benchmark); every line when absent. */
  readonly keepLines?: number;
  /** Sees every line of stdout and stderr as it arrives. */
  readonly onLine?: (line: string) => void;
  /** The checkout whose server/main.ts runs (a benchmark comparing trees); this one when absent. */
  readonly root?: string;
}

interface Launch {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  status: ExitStatus | null;
}

/** One server, on one port and one database, across restarts. */
export class ServerProcess {
  /** Its stdout and stderr lines, every launch's, oldest first (only the last `keepLines` when that is set). */
  readonly lines: string[] = [];
  private port = 0;
  private launch: Launch | null = null;

  private constructor(private readonly options: ServerProcessOptions) {}

  /** Starts the server on a port it picks, and resolves once it logs "listening". */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const server = new ServerProcess(options);
    await server.run();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.current.child.pid!;
  }

  get running(): boolean {
    return this.current.status === null;
  }

  /** Resolves once the current launch has exited and its output has been read. */
  get exited(): Promise<ExitStatus> {
    return this.current.exited;
  }

  /** Starts it again, once it has exited, on the same port and database; resolves once it logs "listening". */
  async restart(): Promise<void> {
    if (this.running) throw new Error("the server is still running: kill() or stop() it first");
    await this.run();
  }

  /** SIGKILL: no shutdown, no final commit, exactly like a crash. Resolves once it has exited. */
  kill(): Promise<ExitStatus> {
    this.signal("SIGKILL");
    return this.exited;
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<ExitStatus> {
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private get current(): Launch {
    if (!this.launch) throw new Error("the server has not been started");
    return this.launch;
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    if (!this.options.detached) {
      this.current.child.kill(signal);
      return;
    }
    try {
      process.kill(-this.pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  private keep(line: string): void {
    this.lines.push(line);
    const { keepLines } = this.options;
    if (keepLines !== undefined && this.lines.length > keepLines) this.lines.splice(0, this.lines.length - keepLines);
    this.options.onLine?.(line);
  }

  private async run(): Promise<void> {
    // node --import tsx, not the tsx CLI: the CLI runs the server in a child process of its own, and a SIGKILL
    // aimed at the CLI would leave that server running.
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: this.options.root ?? REPO_ROOT,
      detached: this.options.detached === true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        PAGES: this.options.pages ? "on" : "off",
        ...this.options.env,
        PORT: String(this.port),
        DATABASE_URL: this.options.databaseUrl,
        LOG_LEVEL: "info",
      },
    });
    // "close", not "exit": it comes after the last line has been read.
    const launch: Launch = {
      child,
      status: null,
      exited: new Promise((resolve) =>
        child.once("close", (code, signal) => {
          launch.status = code ?? signal!;
          resolve(launch.status);
        }),
      ),
    };
    this.launch = launch;
    // A failed spawn (a missing root) closes with a negative code; its reason goes into the log shown.
    child.once("error", (error) => this.keep(`could not start the server: ${error.message}`));
    const listening = new Promise<number>((resolve) => {
      const onLine = (line: string) => {
        this.keep(line);
        const entry = parseLogLine(line);
        if (entry?.msg === "listening" && typeof entry.url === "string") resolve(Number(new URL(entry.url).port));
      };
      readLines(child.stdout, onLine);
      readLines(child.stderr, onLine);
    });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">(
      (resolve) => (timer = setTimeout(() => resolve("timeout"), READY_TIMEOUT_MS)),
    );
    const outcome = await Promise.race([listening, launch.exited.then((status) => ({ status })), timedOut]);
    clearTimeout(timer);
    if (typeof outcome === "number") {
      this.port = outcome;
      return;
    }
    const log = this.lines.join("\n");
    if (outcome !== "timeout") throw new Error(`the server exited (${outcome.status}) before listening:\n${log}`);
    await this.kill();
    throw new Error(`the server did not log "listening" within ${READY_TIMEOUT_MS} ms:\n${log}`);
  }
}

/** A structured log line as an object, or null when the line is not JSON. */
export function parseLogLine(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Calls `onLine` with every non-blank line of the stream, a line split across chunks as one. */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = "";
  const emit = (line: string) => {
    if (line.trim() !== "") onLine(line);
  };
  stream.setEncoding("utf8");
  stream.on("data", (data: string) => {
    buffered += data;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    parts.forEach(emit);
  });
  stream.on("end", () => emit(buffered));
}
