// CPU and memory of a process, read from Linux's /proc: CPU% of one core (150 = one and a half cores) and RSS.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let clockTicks: number | null = null;

/** Kernel clock ticks per second (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User plus system CPU time the process has used, in milliseconds; null when it is gone. */
export function cpuMillis(pid: number): number | null {
  return statCpuMillis(`/proc/${pid}/stat`);
}

/**
 * The same for its main thread alone (whose thread id is the pid): the event loop's share, without worker threads
 * and V8's helper threads.
 */
export function mainThreadCpuMillis(pid: number): number | null {
  return statCpuMillis(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMillis(path: string): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    // The command name is in parentheses and may hold spaces: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Resident set size in megabytes; null when the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface ProcSample {
  readonly at: number;
  /** CPU% of one core since the previous sample. */
  readonly cpuPercent: number;
  readonly rssMb: number;
}

/** Samples a set of processes every second; the pids may change (a restarted server). */
export class ProcSampler {
  readonly samples: ProcSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private last = new Map<number, { at: number; cpu: number }>();

  constructor(private readonly pids: () => readonly number[]) {}

  start(): void {
    this.sample();
    this.timer ??= setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Mean CPU% and largest RSS over samples taken in [from, to]; nulls when there are none. */
  summary(from: number, to: number): { cpuPercent: number | null; cpuMaxPercent: number | null; rssMb: number | null } {
    const inside = this.samples.filter((sample) => sample.at >= from && sample.at <= to);
    if (inside.length === 0) return { cpuPercent: null, cpuMaxPercent: null, rssMb: null };
    const cpu = inside.map((sample) => sample.cpuPercent);
    return {
      cpuPercent: cpu.reduce((a, b) => a + b, 0) / cpu.length,
      cpuMaxPercent: Math.max(...cpu),
      rssMb: Math.max(...inside.map((sample) => sample.rssMb)),
    };
  }

  private sample(): void {
    const at = Date.now();
    let cpuPercent = 0;
    let rss = 0;
    let seen = 0;
    const next = new Map<number, { at: number; cpu: number }>();
    for (const pid of this.pids()) {
      const cpu = cpuMillis(pid);
      const memory = rssMb(pid);
      if (cpu === null || memory === null) continue;
      seen++;
      rss += memory;
      const previous = this.last.get(pid);
      if (previous && at > previous.at) cpuPercent += ((cpu - previous.cpu) / (at - previous.at)) * 100;
      next.set(pid, { at, cpu });
    }
    const hadPrevious = [...next.keys()].some((pid) => this.last.has(pid));
    this.last = next;
    if (seen > 0 && hadPrevious) this.samples.push({ at, cpuPercent, rssMb: rss });
  }
}

/** Busy and total CPU time of the whole machine so far (all cores), in clock ticks, from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}
