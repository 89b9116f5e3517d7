// The bench's result: one JSON object (--json) or a readable table.
import type { FloodResult } from "./flooder.ts";

type Ms = number | null;

export interface Report {
  readonly students: number;
  readonly joined: number;
  /** Students connected and joined when the streaming window closed. */
  readonly connected: number;
  /** Time for every student to connect, join and start a first run. */
  readonly joinMs: number;
  /** Send of a progress batch -> first host roster:update showing it. */
  readonly p50Ms: Ms;
  readonly p95Ms: Ms;
  readonly p99Ms: Ms;
  readonly maxMs: Ms;
  readonly latencySamples: number;
  /** Acked batches that no roster update reflected. */
  readonly unmatched: number;
  /** Send of a progress batch -> its ack. */
  readonly ackP50Ms: Ms;
  readonly ackP99Ms: Ms;
  readonly sent: number;
  readonly acked: number;
  /** Acked batches not stored. */
  readonly lost: number;
  /** Runs storing more epochs than were sent. */
  readonly duplicated: number;
  /** Runs whose stored curve differs from the one streamed. */
  readonly corruptedRuns: number;
  /** Error acks other than missing_batches, and by code. */
  readonly errors: number;
  readonly errorCodes: Readonly<Record<string, number>>;
  readonly timeouts: number;
  readonly missingBatches: number;
  readonly runsStarted: number;
  readonly runsFinished: number;
  readonly verified: number;
  readonly rejected: number;
  readonly storedEpochs: number;
  /** Mean CPU% of one core over the window (150 = 1.5 cores), its largest one-second value, and the largest RSS. */
  readonly serverCpuPercent: number | null;
  readonly serverCpuMaxPercent: number | null;
  readonly serverRssMb: number | null;
  /** p99 of GET /api/health round trips during the window: the server's event loop as a client feels it. */
  readonly healthP99Ms: Ms;
  /** The generator's own CPU% (all its processes) over the window. */
  readonly generatorCpuPercent: number | null;
  /** Broadcast megabytes per second the students received (and skipped without parsing). */
  readonly broadcastMbPerSecond: number | null;
  /**
   * What one connected student costs per second of streaming: the servers' CPU milliseconds and the broadcast bytes
   * the student receives (the capacity table in the README is built from these).
   */
  readonly perStudentSecond: { readonly serverCpuMs: number | null; readonly bytesToStudent: number } | null;
  readonly rosterUpdates: number;
  readonly serverWarnings: Readonly<Record<string, number>> | null;
  readonly chaos: {
    /** SIGKILL -> the restarted server answers /api/health. p99BeforeMs covers batches sent up to 1 s before the kill. */
    readonly restartMs: number;
    readonly resynced: number;
    readonly notResynced: number;
    /** SIGKILL -> the last student re-joined and had a progress batch acked; null if some never did. */
    readonly reconnectedWithinMs: Ms;
    readonly lostOnRejoinEpochs: number;
    readonly p99BeforeMs: Ms;
    readonly p99AfterMs: Ms;
  } | null;
  readonly flood:
    | (FloodResult & {
        readonly p99WithoutMs: Ms;
        readonly p99WithMs: Ms;
        readonly ackP99WithoutMs: Ms;
        readonly ackP99WithMs: Ms;
        /** An honest student's acknowledgement p95 before and during the flood (target: at most twice). */
        readonly ackP95WithoutMs: Ms;
        readonly ackP95WithMs: Ms;
        /** The server's CPU (% of one core) before and during the flood: what the flood cost it. */
        readonly serverCpuWithoutPercent: number | null;
        readonly serverCpuWithPercent: number | null;
      })
    | null;
  readonly machine: {
    readonly cpuModel: string;
    readonly cores: number;
    readonly memoryGb: number | null;
    readonly node: string;
    /** The whole machine's CPU use over the window (server, generator and anything else running). */
    readonly busyCpuPercent: number | null;
    readonly loadAverage1m: readonly (number | null)[];
  };
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly note: string;
}

function ms(value: Ms): string {
  return value === null ? "-" : `${value.toFixed(1)} ms`;
}

function row(label: string, value: string | number | null): string {
  return `  ${label.padEnd(34)} ${value ?? "-"}\n`;
}

export function formatReport(report: Report): string {
  const p = report.parameters;
  let out = `Downhill load bench: ${report.students} students, ${String(p.rate)} batches/s each, ${String(p.duration)} s\n`;
  out += `  (${report.note}; ${report.machine.cpuModel}, node ${report.machine.node})\n\n`;
  out += row("joined / connected at the end", `${report.joined} / ${report.connected} (join ramp ${report.joinMs} ms)`);
  out += row("batch -> host roster p50/p95/p99", `${ms(report.p50Ms)} / ${ms(report.p95Ms)} / ${ms(report.p99Ms)}`);
  out += row("  max, samples, unmatched", `${ms(report.maxMs)}, ${report.latencySamples}, ${report.unmatched}`);
  out += row("batch -> ack p50/p99", `${ms(report.ackP50Ms)} / ${ms(report.ackP99Ms)}`);
  out += row("sent / acked batches", `${report.sent} / ${report.acked}`);
  out += row("lost / duplicated / corrupted", `${report.lost} / ${report.duplicated} / ${report.corruptedRuns}`);
  out += row("errors (by code), timeouts", `${report.errors} ${JSON.stringify(report.errorCodes)}, ${report.timeouts}`);
  out += row("missing_batches resends", report.missingBatches);
  out += row(
    "runs started / finished (verified)",
    `${report.runsStarted} / ${report.runsFinished} (${report.verified})`,
  );
  out += row(
    "server CPU mean / max, RSS",
    `${report.serverCpuPercent ?? "-"}% / ${report.serverCpuMaxPercent ?? "-"}%, ${report.serverRssMb ?? "-"} MB`,
  );
  out += row("server /api/health p99", ms(report.healthP99Ms));
  out += row("generator CPU", `${report.generatorCpuPercent ?? "-"}%`);
  out += row(
    "machine CPU busy, load average",
    `${report.machine.busyCpuPercent ?? "-"}% of ${report.machine.cores * 100}%, ${report.machine.loadAverage1m.join(" -> ")}`,
  );
  out += row("broadcasts to students", `${report.broadcastMbPerSecond ?? "-"} MB/s`);
  out += row(
    "per student per second",
    report.perStudentSecond
      ? `server CPU ${report.perStudentSecond.serverCpuMs ?? "-"} ms, ${report.perStudentSecond.bytesToStudent} bytes to the student`
      : "-",
  );
  out += row("host roster updates", report.rosterUpdates);
  if (report.chaos) {
    const c = report.chaos;
    out += "\n  chaos: restart\n";
    out += row("server back after", `${c.restartMs.toFixed(0)} ms`);
    out += row(
      "all students resynchronised after",
      `${ms(c.reconnectedWithinMs)} (${c.resynced} did, ${c.notResynced} did not)`,
    );
    out += row("roster p99 before / after", `${ms(c.p99BeforeMs)} / ${ms(c.p99AfterMs)}`);
    out += row("acked epochs missing at rejoin", c.lostOnRejoinEpochs);
  }
  if (report.flood) {
    const f = report.flood;
    out += `\n  flood: ${f.kind}, ${f.sent} events\n`;
    out += row("flooder acks", JSON.stringify(f.acks));
    out += row(
      "flooder disconnected after",
      f.disconnectedAfterMs === null ? "never" : `${f.disconnectedAfterMs.toFixed(0)} ms (${f.disconnectReason})`,
    );
    out += row("roster p99 without / with flood", `${ms(f.p99WithoutMs)} / ${ms(f.p99WithMs)}`);
    out += row("ack p95 without / with flood", `${ms(f.ackP95WithoutMs)} / ${ms(f.ackP95WithMs)}`);
    if (f.ackP95WithoutMs !== null && f.ackP95WithMs !== null) {
      const ratio = f.ackP95WithMs / f.ackP95WithoutMs;
      out += row("ack p95 with / without (target ≤ 2)", `${ratio.toFixed(2)}: ${ratio <= 2 ? "met" : "not met"}`);
    }
    out += row("ack p99 without / with flood", `${ms(f.ackP99WithoutMs)} / ${ms(f.ackP99WithMs)}`);
    out += row(
      "server CPU without / with flood",
      `${f.serverCpuWithoutPercent ?? "-"}% / ${f.serverCpuWithPercent ?? "-"}%`,
    );
    if (f.connections !== undefined) {
      out += row("flood connections / cut by the server", `${f.connections} / ${f.serverDisconnects ?? 0}`);
    }
  }
  if (report.serverWarnings && Object.keys(report.serverWarnings).length > 0) {
    out += `\n  server warnings: ${JSON.stringify(report.serverWarnings)}\n`;
  }
  return out;
}
