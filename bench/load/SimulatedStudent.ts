// One simulated student: a pacer around the headless client (@downhill/client's StudentClient), which joins,
// joins again after every reconnection, starts runs and streams them exactly once. The student only decides
// when the next batch of its honest curve is due (`rate` batches a second, the next one after the last was
// acknowledged), finishes the run once the curve is streamed and starts the next; it counts what the client
// sent and heard through the client's call observer.
import { isCallOf, StudentClient, type ObservedCall, type RunStream, type StreamEnd } from "@downhill/client";
import type { AckOf, PayloadOf } from "@downhill/core";
import { randomUUID } from "node:crypto";
import type { HonestCurve } from "./curves.ts";
import type { WorkerCounters } from "./messages.ts";
import type { SampleLog } from "./SampleLog.ts";
import { wallNow } from "./wallClock.ts";

/** Wait before trying run:start again after it went unanswered. */
const START_RETRY_MS = 1_000;

export interface StudentContext {
  readonly code: string;
  readonly rate: number;
  readonly batchEpochs: number;
  readonly curves: readonly HonestCurve[];
  readonly counters: WorkerCounters;
  readonly samples: SampleLog;
  readonly parser: unknown;
  /** True while the streaming window is open. */
  readonly streaming: () => boolean;
}

interface ActiveRun {
  readonly stream: RunStream;
  readonly attempt: number;
  readonly curve: HonestCurve;
  readonly tally: MutableTally;
  /** Epochs handed to the stream so far. */
  appended: number;
}

export interface MutableTally {
  readonly runId: string;
  readonly studentIndex: number;
  ackedEpochs: number;
  sentEpochs: number;
  ackedBatches: number;
}

export class SimulatedStudent {
  readonly tallies: MutableTally[] = [];
  studentId = "";
  /** When the first progress ack after the last rejoin arrived (0 before any rejoin). */
  resyncedAt = 0;
  /** Epochs the server had acknowledged but no longer held at a rejoin (a lost write). */
  lostEpochs = 0;
  private client: StudentClient | null = null;
  private connecting: Promise<StudentClient> | null = null;
  /** Joined on the current connection. */
  private joined = false;
  private everJoined = false;
  private resyncPending = false;
  private stopped = false;
  private starting = false;
  private run: ActiveRun | null = null;
  private runsStarted = 0;
  private nextDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Calls sent and not yet answered, by call id: the sample of a progress batch, null for other events. */
  private readonly inFlight = new Map<number, number | null>();

  constructor(
    readonly index: number,
    private readonly url: string,
    private readonly context: StudentContext,
  ) {}

  get connected(): boolean {
    return this.joined && this.client !== null && this.client.socket.connected;
  }

  get idle(): boolean {
    return this.inFlight.size === 0 && !this.starting;
  }

  /** Connects, joins and starts a first run; resolves false when the join failed or timed out. */
  async start(timeoutMs: number): Promise<boolean> {
    const connecting = StudentClient.connect({
      url: this.url,
      code: this.context.code,
      name: `bench-${this.index}`,
      socket: { parser: this.context.parser },
      onJoin: (ack) => this.onJoin(ack),
      onCall: (call) => this.observe(call),
    });
    this.connecting = connecting.then(({ client }) => client);
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      connecting,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!first?.ack.ok || this.stopped) return false;
    this.client = first.client;
    this.client.socket.on("disconnect", () => {
      this.joined = false;
      this.context.counters.disconnects++;
    });
    await this.startRun();
    return this.run !== null;
  }

  /** Opens the streaming window for this student: its first batch goes out at `firstAt`. */
  go(firstAt: number): void {
    this.nextDueAt = firstAt;
    this.pump();
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    void this.connecting?.then((client) => client.close());
  }

  /** Every join, first or again; the client has already handed a rejoin's runs to its streams. */
  private onJoin(ack: AckOf<"student:join">): void {
    // A refusal is counted by `observe`.
    if (!ack.ok) return;
    this.studentId = ack.studentId;
    this.joined = true;
    if (this.everJoined) this.onRejoin(ack.runs);
    this.everJoined = true;
    this.pump();
  }

  /** Notes any acknowledged epoch of the current run that the server no longer holds. */
  private onRejoin(runs: Extract<AckOf<"student:join">, { ok: true }>["runs"]): void {
    this.context.counters.rejoins++;
    this.resyncPending = true;
    const run = this.run;
    if (!run) return;
    const stored = runs.find((candidate) => candidate.runId === run.stream.runId)?.epochsStored ?? 0;
    if (stored < run.tally.ackedEpochs) this.lostEpochs += run.tally.ackedEpochs - stored;
    run.tally.ackedEpochs = Math.max(run.tally.ackedEpochs, stored);
  }

  /** Hands the stream its next batch once it is due and the last one was acknowledged. */
  private pump(): void {
    if (this.stopped || !this.client || !this.context.streaming()) return;
    const run = this.run;
    if (!run) {
      void this.startRun();
      return;
    }
    const { losses, params } = run.curve;
    if (run.appended >= losses.length) {
      if (!run.stream.completed) run.stream.complete(params);
      return;
    }
    // The last batch still waits for its acknowledgement: the stream's onStored pumps again.
    if (run.stream.epochsStored < run.appended) return;
    const now = wallNow();
    if (now < this.nextDueAt) {
      this.pumpAfter(this.nextDueAt - now);
      return;
    }
    this.nextDueAt = now + 1000 / this.context.rate;
    const from = run.appended;
    run.appended = Math.min(from + this.context.batchEpochs, losses.length);
    run.stream.append(from, losses.slice(from, run.appended), { flush: true });
  }

  private pumpAfter(ms: number): void {
    this.timer ??= setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(0, ms),
    );
  }

  private async startRun(): Promise<void> {
    const client = this.client;
    if (!client || this.starting || this.run) return;
    const { curves, counters } = this.context;
    const curve = curves[(this.index + this.runsStarted) % curves.length]!;
    this.starting = true;
    const started = await client.startRun(randomUUID(), curve.config, { onStored: () => this.pump() });
    this.starting = false;
    if (!started.ok) {
      // Unanswered (a dropped connection, a timeout): try again; refused: this student is done.
      if (started.error.code === "internal") this.pumpAfter(START_RETRY_MS);
      else this.stopped = true;
      return;
    }
    this.runsStarted++;
    counters.runsStarted++;
    const { stream } = started;
    const tally: MutableTally = {
      runId: stream.runId,
      studentIndex: this.index,
      ackedEpochs: 0,
      sentEpochs: 0,
      ackedBatches: 0,
    };
    this.tallies.push(tally);
    const run: ActiveRun = { stream, attempt: started.ack.run.attempt, curve, tally, appended: 0 };
    this.run = run;
    void stream.ended.then((end) => this.onEnded(run, end));
    this.pump();
  }

  private onEnded(run: ActiveRun, end: StreamEnd): void {
    const { counters } = this.context;
    if (this.run === run) this.run = null;
    if (end.kind === "verdict") {
      counters.runsFinished++;
      if (end.verdict.status === "verified") counters.verified++;
      if (end.verdict.status === "rejected") counters.rejected++;
    } else if (end.code !== null) {
      // Kicked, forbidden, or the session is over: this student is done.
      this.stopped = true;
    }
    // Verified, or forgotten by the server: the next run.
    this.pump();
  }

  /** Counts the client's calls: progress batches sent and acknowledged, refusals, timeouts. */
  private observe(call: ObservedCall): void {
    const { counters, samples } = this.context;
    switch (call.phase) {
      case "send":
        this.inFlight.set(call.id, isCallOf(call, "run:progress") ? this.progressSent(call.payload) : null);
        return;
      case "ack": {
        const sample = this.inFlight.get(call.id) ?? null;
        this.inFlight.delete(call.id);
        if (!call.ack.ok) {
          const { code } = call.ack.error;
          if (code === "missing_batches") counters.missingBatches++;
          else counters.errors[code] = (counters.errors[code] ?? 0) + 1;
          return;
        }
        if (isCallOf(call, "run:progress") && call.ack.ok) {
          const ackAt = wallNow();
          if (sample !== null) samples.acked(sample, ackAt);
          counters.acked++;
          const tally = this.tallyOf(call.payload.runId);
          if (tally) {
            tally.ackedBatches++;
            tally.ackedEpochs = Math.max(tally.ackedEpochs, call.ack.epochsStored);
          }
          if (this.resyncPending) {
            this.resyncPending = false;
            this.resyncedAt = ackAt;
          }
        }
        return;
      }
      case "timeout":
        counters.timeouts++;
        this.inFlight.delete(call.id);
        return;
      case "disconnected":
        this.inFlight.delete(call.id);
    }
  }

  /** Counts a progress batch going out and records its sample; returns the sample's handle. */
  private progressSent(batch: PayloadOf<"run:progress">): number {
    this.context.counters.sent++;
    const epochsAfter = batch.fromEpoch + batch.losses.length;
    const tally = this.tallyOf(batch.runId);
    if (tally) tally.sentEpochs = Math.max(tally.sentEpochs, epochsAfter);
    const attempt = this.run?.stream.runId === batch.runId ? this.run.attempt : 0;
    return this.context.samples.add(this.index, attempt, epochsAfter, wallNow());
  }

  private tallyOf(runId: string): MutableTally | undefined {
    return this.run?.tally.runId === runId ? this.run.tally : this.tallies.find((tally) => tally.runId === runId);
  }
}
