// One run's conversation with the server after run:start: its losses go out through an Outbox, one batch in
// flight at a time and in order, each resent until acknowledged, then run:finish fetches the verdict. A dropped
// connection or a refused batch costs a resend after the next join, never a gap or a duplicate. Who computes the
// losses (a Web Worker, a recorded curve, a test) and who owns the socket are the caller's business.
import type { AckOf, ClientEvent, ErrorBody, ErrorCode, OwnRunView, PayloadOf, RunFinished } from "@downhill/core";
import { Outbox, type OutboxState } from "./Outbox.ts";

/**
 * Sends one event and resolves with its acknowledgement; a lost connection or a timeout resolves with an error
 * ack (code "internal" or "timeout"), never rejects.
 */
export type CallFn = <E extends ClientEvent>(event: E, payload: PayloadOf<E>, timeoutMs?: number) => Promise<AckOf<E>>;

/** How a stream ended: with the server's verdict, or stopped with the refusal that stopped it. */
export type StreamEnd =
  | { readonly kind: "verdict"; readonly verdict: RunFinished }
  | { readonly kind: "stopped"; readonly code: ErrorCode | null; readonly message: string };

export interface RunStreamOptions {
  readonly runId: string;
  readonly call: CallFn;
  /** What was already produced and acknowledged (a restored checkpoint); empty when absent. */
  readonly outbox?: Outbox;
  /**
   * The server and this client disagree on where the stream stands: join again and hand the join's runs to
   * `onRejoined`.
   */
  readonly requestRejoin: () => void;
  /** The server acknowledged more epochs. */
  readonly onStored?: (epochsStored: number) => void;
  readonly onEnd?: (end: StreamEnd) => void;
  /** Wait before trying again after a timeout or a passing refusal. */
  readonly retryMs?: number;
  /** How long run:finish may take: the server replays the whole run. */
  readonly finishTimeoutMs?: number;
  /** Milliseconds on any monotonic clock, for sealing batches. */
  readonly now?: () => number;
}

const RETRY_MS = 1_000;
const FINISH_TIMEOUT_MS = 30_000;

/** The end a refusal puts to a stream for good; null for a refusal that a rejoin or another try may mend. */
function stoppedBy(error: ErrorBody): StreamEnd | null {
  switch (error.code) {
    case "session_ended":
      return { kind: "stopped", code: "session_ended", message: "The session ended before this run was verified." };
    case "kicked":
    case "forbidden":
    case "not_found":
      return { kind: "stopped", code: error.code, message: error.message };
    default:
      return null;
  }
}

export class RunStream {
  readonly runId: string;
  /** Resolves once the stream ended, with its verdict or the reason it stopped. */
  readonly ended: Promise<StreamEnd>;
  private readonly outbox: Outbox;
  private finalParams: readonly number[] | null = null;
  private latestParams: readonly number[] | null = null;
  private online = true;
  private sending = false;
  private finishing = false;
  /** Bumped on every disconnect and rejoin: an answer to an older request is ignored. */
  private link = 0;
  private end: StreamEnd | null = null;
  private resolveEnded: (end: StreamEnd) => void = () => {};
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RunStreamOptions) {
    this.runId = options.runId;
    this.outbox = options.outbox ?? new Outbox();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** Epochs the server confirmed storing. */
  get epochsStored(): number {
    return this.outbox.epochsStored;
  }

  /** Every loss recorded so far, epoch by epoch. */
  get losses(): readonly (number | null)[] {
    return this.outbox.state().losses;
  }

  /** The outbox as a checkpoint keeps it. */
  get outboxState(): OutboxState {
    return this.outbox.state();
  }

  /** True once the run's last loss was recorded (`complete`). */
  get completed(): boolean {
    return this.finalParams !== null;
  }

  /** The verdict or the reason it stopped; null while it goes on. */
  get result(): StreamEnd | null {
    return this.end;
  }

  /**
   * Records the losses of epochs fromEpoch, fromEpoch + 1, ... and sends them when a batch is due (`flush`: now).
   * `params` are the parameters after them, sent with run:finish should the server close the run meanwhile.
   */
  append(
    fromEpoch: number,
    losses: readonly (number | null)[],
    options: { params?: readonly number[] | null; flush?: boolean } = {},
  ): void {
    if (this.end) return;
    const now = this.now();
    this.outbox.append(fromEpoch, losses, now);
    if (options.params) this.latestParams = options.params;
    if (options.flush) this.outbox.seal(now, true);
    void this.pump();
  }

  /** The run is over: seal what waits, send it, then ask for the verdict with these final parameters. */
  complete(params: readonly number[]): void {
    if (this.end) return;
    this.finalParams = params;
    this.outbox.seal(this.now(), true);
    void this.pump();
  }

  /** Seals batches that have waited long enough and sends them; call it now and then (the page does every 200 ms). */
  tick(): void {
    if (this.end) return;
    this.outbox.seal(this.now(), this.finalParams !== null);
    void this.pump();
  }

  /** The socket dropped: keep every unacknowledged batch until the rejoin. */
  onDisconnect(): void {
    this.online = false;
    this.link++;
    this.sending = false;
    this.finishing = false;
  }

  /** Joined again: align the outbox with what the server stored, then resend the rest. */
  onRejoined(runs: readonly OwnRunView[]): void {
    if (this.end) return;
    this.online = true;
    this.link++;
    this.cancelRetry();
    this.sending = false;
    this.finishing = false;
    const server = runs.find((run) => run.runId === this.runId);
    if (!server) {
      this.stop(null, "The server no longer knows this run.");
      return;
    }
    if (server.status !== "running") {
      // Verified before the connection dropped: fetch the verdict again.
      void this.finish();
      return;
    }
    this.outbox.resync(server.nextSeq, server.epochsStored);
    this.options.onStored?.(this.outbox.epochsStored);
    void this.pump();
  }

  /** Abandons the run on the server (its attempt stays spent); resolves with the cancel's acknowledgement. */
  async cancel(): Promise<AckOf<"run:cancel">> {
    const ack = await this.options.call("run:cancel", { runId: this.runId });
    if (ack.ok) this.settle({ kind: "verdict", verdict: ack });
    return ack;
  }

  /** Stops sending; the server keeps what it stored. */
  stop(code: ErrorCode | null, message: string): void {
    this.settle({ kind: "stopped", code, message });
  }

  private settle(end: StreamEnd): void {
    if (this.end) return;
    this.end = end;
    this.cancelRetry();
    this.options.onEnd?.(end);
    this.resolveEnded(end);
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  private retry(action: () => Promise<void>): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void action();
    }, this.options.retryMs ?? RETRY_MS);
  }

  /** Sends the oldest unacknowledged batch, one at a time, in order; finishes once all are stored. */
  private async pump(): Promise<void> {
    if (this.end || !this.online || this.sending || this.finishing || this.retryTimer) return;
    const head = this.outbox.head;
    if (!head) {
      if (this.finalParams !== null && this.outbox.drained) await this.finish();
      return;
    }
    this.sending = true;
    const link = this.link;
    const ack = await this.options.call("run:progress", { runId: this.runId, ...head, losses: [...head.losses] });
    if (link !== this.link || this.end) return;
    this.sending = false;
    if (ack.ok) {
      this.outbox.acknowledge(ack.nextSeq, ack.epochsStored);
      this.options.onStored?.(this.outbox.epochsStored);
      void this.pump();
      return;
    }
    const stopped = stoppedBy(ack.error);
    if (stopped) {
      this.settle(stopped);
      return;
    }
    switch (ack.error.code) {
      case "missing_batches":
      case "invalid_payload":
        // The server and this client disagree on where the stream stands: ask it by joining again.
        this.online = false;
        this.options.requestRejoin();
        return;
      case "run_closed":
        void this.finish();
        return;
      default:
        // A timeout, a session moving servers (`unavailable`) or a not-yet-joined socket: try again shortly.
        this.retry(() => this.pump());
    }
  }

  /** Asks the server for its verdict; the run is replayed there and compared with what was streamed. */
  private async finish(): Promise<void> {
    if (this.end || this.finishing) return;
    this.finishing = true;
    const link = this.link;
    const params = this.finalParams ?? this.latestParams ?? [0];
    const ack = await this.options.call(
      "run:finish",
      { runId: this.runId, params: [...params] },
      this.options.finishTimeoutMs ?? FINISH_TIMEOUT_MS,
    );
    if (link !== this.link || this.end) return;
    this.finishing = false;
    if (ack.ok) {
      this.settle({ kind: "verdict", verdict: ack });
      return;
    }
    const stopped = stoppedBy(ack.error);
    if (stopped) this.settle(stopped);
    else if (ack.error.code === "missing_batches") {
      this.online = false;
      this.options.requestRejoin();
    } else this.retry(() => this.finish());
  }
}
