// One simulated student: joins, starts a run, streams its honest losses as progress batches at a fixed rate
// (one batch in flight, the next after its ack), finishes and starts again. After a reconnection it re-joins
// with its token and resumes from what the server says it stored.
import { PROTOCOL_VERSION, type AckOf, type ClientEvent, type PayloadOf, type ReplyOf } from "@downhill/core";
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { HonestCurve } from "./curves.ts";
import type { WorkerCounters } from "./messages.ts";
import type { SampleLog } from "./SampleLog.ts";
import { wallNow } from "./wallClock.ts";

const PROGRESS_TIMEOUT_MS = 15_000;
const FINISH_TIMEOUT_MS = 30_000;

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
  readonly id: string;
  readonly attempt: number;
  readonly curve: HonestCurve;
  seq: number;
  epoch: number;
  /** fromEpoch of each batch sequence number sent, to resend after a missing_batches refusal. */
  readonly fromEpochOf: number[];
  readonly tally: MutableTally;
}

export interface MutableTally {
  readonly runId: string;
  readonly studentIndex: number;
  ackedEpochs: number;
  sentEpochs: number;
  ackedBatches: number;
}

export class SimulatedStudent {
  readonly socket: Socket;
  readonly tallies: MutableTally[] = [];
  studentId = "";
  /** When the first progress ack after the last rejoin arrived (0 before any rejoin). */
  resyncedAt = 0;
  /** Epochs the server had acknowledged but no longer held at a rejoin (a lost write). */
  lostEpochs = 0;
  private token: string | null = null;
  private joined = false;
  private busy = false;
  private stopped = false;
  private resyncPending = false;
  private generation = 0;
  private run: ActiveRun | null = null;
  private runsStarted = 0;
  private nextDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private firstJoin: ((ok: boolean) => void) | null = null;

  constructor(
    readonly index: number,
    url: string,
    private readonly context: StudentContext,
  ) {
    this.socket = io(url, {
      transports: ["websocket"],
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
      parser: context.parser,
    });
    this.socket.on("connect", () => void this.onConnect());
    this.socket.on("disconnect", () => {
      this.generation++;
      this.joined = false;
      this.busy = false;
      this.context.counters.disconnects++;
    });
  }

  get connected(): boolean {
    return this.joined && this.socket.connected;
  }

  get idle(): boolean {
    return !this.busy;
  }

  /** Connects, joins and starts a first run; resolves false when the join failed or timed out. */
  start(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(false), timeoutMs);
      const settle = (ok: boolean) => {
        clearTimeout(timer);
        this.firstJoin = null;
        resolve(ok);
      };
      this.firstJoin = settle;
      this.socket.connect();
    });
  }

  /** Opens the streaming window for this student: its first batch goes out at `firstAt`. */
  go(firstAt: number): void {
    this.nextDueAt = firstAt;
    this.pump();
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket.close();
  }

  private async onConnect(): Promise<void> {
    const generation = this.generation;
    const rejoining = this.token !== null;
    const payload = {
      code: this.context.code,
      name: `bench-${this.index}`,
      protocolVersion: PROTOCOL_VERSION,
      ...(this.token ? { studentToken: this.token } : {}),
    };
    this.busy = true;
    const reply = await this.call("student:join", payload, generation, PROGRESS_TIMEOUT_MS);
    if (reply === null) {
      // A join whose ack timed out on a live socket is tried again; a dropped socket re-joins on reconnect.
      if (generation === this.generation && this.socket.connected && !this.stopped) void this.onConnect();
      return;
    }
    this.busy = false;
    if (!reply.ok) {
      this.countError(reply.error.code);
      this.firstJoin?.(false);
      return;
    }
    this.token = reply.studentToken;
    this.studentId = reply.studentId;
    if (rejoining) this.resync(reply);
    this.joined = true;
    if (!this.run) await this.startRun(generation);
    this.firstJoin?.(this.run !== null);
    this.pump();
  }

  /** Takes the server's word for what it stored of the current run, and notes any acknowledged epoch it lost. */
  private resync(reply: ReplyOf<"student:join">): void {
    this.context.counters.rejoins++;
    this.resyncPending = true;
    const run = this.run;
    if (!run) return;
    const own = reply.runs.find((candidate) => candidate.runId === run.id);
    const stored = own?.epochsStored ?? 0;
    if (stored < run.tally.ackedEpochs) this.lostEpochs += run.tally.ackedEpochs - stored;
    if (!own || own.status !== "running") {
      this.run = null;
      return;
    }
    run.seq = own.nextSeq;
    run.epoch = own.epochsStored;
    run.fromEpochOf[own.nextSeq] = own.epochsStored;
    run.tally.ackedEpochs = Math.max(run.tally.ackedEpochs, own.epochsStored);
  }

  private pump(): void {
    if (this.stopped || !this.joined || this.busy || !this.context.streaming()) return;
    if (!this.run) {
      void this.startRun(this.generation).then(() => this.pump());
      return;
    }
    const now = wallNow();
    if (now < this.nextDueAt) {
      this.timer ??= setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.max(0, this.nextDueAt - now),
      );
      return;
    }
    if (this.run.epoch >= this.run.curve.losses.length) void this.finish(this.run);
    else void this.sendBatch(this.run);
  }

  private async sendBatch(run: ActiveRun): Promise<void> {
    const { counters, samples, batchEpochs, rate } = this.context;
    const generation = this.generation;
    const from = run.epoch;
    const to = Math.min(from + batchEpochs, run.curve.losses.length);
    const seq = run.seq;
    run.fromEpochOf[seq] = from;
    this.busy = true;
    const sentAt = wallNow();
    this.nextDueAt = sentAt + 1000 / rate;
    const sample = samples.add(this.index, run.attempt, to, sentAt);
    counters.sent++;
    run.tally.sentEpochs = Math.max(run.tally.sentEpochs, to);
    const payload = { runId: run.id, seq, fromEpoch: from, losses: run.curve.losses.slice(from, to) };
    const reply = await this.call("run:progress", payload, generation, PROGRESS_TIMEOUT_MS);
    if (reply === null) return;
    this.busy = false;
    if (reply.ok) {
      const ackAt = wallNow();
      samples.acked(sample, ackAt);
      counters.acked++;
      run.tally.ackedBatches++;
      run.tally.ackedEpochs = Math.max(run.tally.ackedEpochs, reply.epochsStored);
      run.seq = reply.nextSeq;
      run.epoch = reply.epochsStored;
      if (this.resyncPending) {
        this.resyncPending = false;
        this.resyncedAt = ackAt;
      }
    } else if (reply.error.code === "missing_batches" && reply.error.expectedSeq !== undefined) {
      counters.missingBatches++;
      run.seq = reply.error.expectedSeq;
      run.epoch = run.fromEpochOf[run.seq] ?? run.epoch;
    } else {
      this.countError(reply.error.code);
      if (reply.error.code === "run_closed") this.run = null;
      else this.stopped = true;
    }
    this.pump();
  }

  private async finish(run: ActiveRun): Promise<void> {
    const { counters } = this.context;
    const generation = this.generation;
    this.busy = true;
    const payload = { runId: run.id, params: [...run.curve.params] };
    const reply = await this.call("run:finish", payload, generation, FINISH_TIMEOUT_MS);
    if (reply === null) return;
    this.busy = false;
    if (reply.ok) {
      counters.runsFinished++;
      if (reply.status === "verified") counters.verified++;
      if (reply.status === "rejected") counters.rejected++;
      this.run = null;
      await this.startRun(generation);
    } else if (reply.error.code === "missing_batches" && reply.error.expectedSeq !== undefined) {
      counters.missingBatches++;
      run.seq = reply.error.expectedSeq;
      run.epoch = run.fromEpochOf[run.seq] ?? 0;
    } else {
      this.countError(reply.error.code);
      this.stopped = true;
    }
    this.pump();
  }

  private async startRun(generation: number): Promise<void> {
    const { curves, counters } = this.context;
    const curve = curves[(this.index + this.runsStarted) % curves.length]!;
    const runId = randomUUID();
    this.busy = true;
    const reply = await this.call("run:start", { runId, config: curve.config }, generation, FINISH_TIMEOUT_MS);
    if (reply === null) return;
    this.busy = false;
    if (!reply.ok) {
      this.countError(reply.error.code);
      this.stopped = true;
      return;
    }
    this.runsStarted++;
    counters.runsStarted++;
    const tally: MutableTally = { runId, studentIndex: this.index, ackedEpochs: 0, sentEpochs: 0, ackedBatches: 0 };
    this.tallies.push(tally);
    this.run = {
      id: runId,
      attempt: reply.run.attempt,
      curve,
      seq: reply.run.nextSeq,
      epoch: reply.run.epochsStored,
      fromEpochOf: [],
      tally,
    };
  }

  /**
   * Sends one event and resolves with its acknowledgement; null when the socket dropped meanwhile (the
   * reconnection takes over) or the ack timed out (the caller's state is released so the next pump resends).
   */
  private call<E extends ClientEvent>(
    event: E,
    payload: PayloadOf<E>,
    generation: number,
    timeoutMs: number,
  ): Promise<AckOf<E> | null> {
    return new Promise((resolve) => {
      if (!this.socket.connected) {
        if (generation === this.generation) this.busy = false;
        resolve(null);
        return;
      }
      // The socket is untyped (it carries the bench's own parser); core's event table types the call instead.
      this.socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, reply: AckOf<E>) => {
        if (generation !== this.generation) return resolve(null);
        if (error) {
          this.context.counters.timeouts++;
          this.busy = false;
          resolve(null);
          setImmediate(() => this.pump());
          return;
        }
        resolve(reply);
      });
    });
  }

  private countError(code: string): void {
    const { errors } = this.context.counters;
    errors[code] = (errors[code] ?? 0) + 1;
  }
}
