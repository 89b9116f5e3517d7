// One run's outgoing loss stream, delivered exactly once. Losses are sealed into numbered batches
// (seq 0, 1, 2, ... each starting where the previous ended); a batch leaves the outbox only when the server
// acknowledges it, so a lost connection, a refused batch or a page reload costs a resend, never a gap or a
// duplicate. The server ignores a batch it already stored and refuses one that skips ahead.
import { MAX_PROGRESS_BATCH } from "@downhill/core";

export interface ProgressBatch {
  readonly seq: number;
  readonly fromEpoch: number;
  readonly losses: readonly (number | null)[];
}

/** What a checkpoint keeps of an outbox. */
export interface OutboxState {
  /** Every loss the run has produced so far, epoch by epoch. */
  readonly losses: readonly (number | null)[];
  /** The batch the server expects next, and the epoch it starts at. */
  readonly ackedSeq: number;
  readonly ackedEpochs: number;
  readonly batches: readonly ProgressBatch[];
}

/** Seal a batch once this many epochs wait, or once the oldest has waited SEAL_AFTER_MS. */
export const SEAL_EPOCHS = 50;
export const SEAL_AFTER_MS = 200;

export class Outbox {
  private readonly losses: (number | null)[];
  private ackedSeq: number;
  private ackedEpochs: number;
  private batches: ProgressBatch[];
  private firstWaitingAt: number | null = null;

  constructor(state?: OutboxState) {
    this.losses = state ? [...state.losses] : [];
    this.ackedSeq = state?.ackedSeq ?? 0;
    this.ackedEpochs = state?.ackedEpochs ?? 0;
    this.batches = state ? [...state.batches] : [];
  }

  /** Epochs the server has confirmed storing. */
  get epochsStored(): number {
    return this.ackedEpochs;
  }

  /** Epochs produced locally. */
  get epochs(): number {
    return this.losses.length;
  }

  /** The oldest unacknowledged batch: the one to send next. */
  get head(): ProgressBatch | null {
    return this.batches[0] ?? null;
  }

  /** True when the server has every loss produced so far. */
  get drained(): boolean {
    return this.ackedEpochs >= this.losses.length;
  }

  state(): OutboxState {
    return { losses: [...this.losses], ackedSeq: this.ackedSeq, ackedEpochs: this.ackedEpochs, batches: this.batches };
  }

  /**
   * Records the losses of epochs fromEpoch, fromEpoch + 1, ... A restored run may replay epochs it already had;
   * those are skipped, since the run is deterministic.
   */
  append(fromEpoch: number, losses: readonly (number | null)[], now: number): void {
    for (let i = 0; i < losses.length; i++) {
      const epoch = fromEpoch + i;
      if (epoch < this.losses.length) continue;
      if (epoch > this.losses.length)
        throw new Error(`loss of epoch ${epoch} arrived before epoch ${this.losses.length}`);
      this.losses.push(losses[i] ?? null);
    }
    if (this.firstWaitingAt === null && this.sealedEpochs() < this.losses.length) this.firstWaitingAt = now;
  }

  /** Seals the waiting losses into batches when enough wait or they have waited long enough (always when `final`). */
  seal(now: number, final = false): void {
    let from = this.sealedEpochs();
    const waiting = this.losses.length - from;
    if (waiting <= 0) return;
    const due =
      final || waiting >= SEAL_EPOCHS || (this.firstWaitingAt !== null && now - this.firstWaitingAt >= SEAL_AFTER_MS);
    if (!due) return;
    while (from < this.losses.length) {
      const to = Math.min(from + MAX_PROGRESS_BATCH, this.losses.length);
      this.batches.push({ seq: this.nextSeq(), fromEpoch: from, losses: this.losses.slice(from, to) });
      from = to;
    }
    this.firstWaitingAt = null;
  }

  /** The server stored everything before `nextSeq` / `epochsStored`: drop those batches. */
  acknowledge(nextSeq: number, epochsStored: number): void {
    if (nextSeq < this.ackedSeq) return;
    this.ackedSeq = nextSeq;
    this.ackedEpochs = epochsStored;
    this.batches = this.batches.filter((batch) => batch.seq >= nextSeq);
    const head = this.batches[0];
    if (head && head.fromEpoch !== epochsStored) this.rebuild();
  }

  /**
   * Aligns the outbox with what the server reports having (after a rejoin or a refused batch): batches are cut
   * afresh from the server's next epoch, numbered from its next sequence number.
   */
  resync(nextSeq: number, epochsStored: number): void {
    this.ackedSeq = nextSeq;
    this.ackedEpochs = epochsStored;
    this.rebuild();
  }

  private rebuild(): void {
    this.batches = [];
    this.firstWaitingAt = null;
    let from = this.ackedEpochs;
    while (from < this.losses.length) {
      const to = Math.min(from + MAX_PROGRESS_BATCH, this.losses.length);
      this.batches.push({ seq: this.nextSeq(), fromEpoch: from, losses: this.losses.slice(from, to) });
      from = to;
    }
  }

  private sealedEpochs(): number {
    const last = this.batches[this.batches.length - 1];
    return last ? last.fromEpoch + last.losses.length : Math.max(this.ackedEpochs, 0);
  }

  private nextSeq(): number {
    const last = this.batches[this.batches.length - 1];
    return last ? last.seq + 1 : this.ackedSeq;
  }
}
