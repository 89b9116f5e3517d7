// How fast the student's descent runs: epochs per second, chosen on the page. Pacing only decides when the
// worker takes the next engine step, never what the step computes, so a run ends the same at every speed.

/** The speeds the student can pick, slowest first; "max" runs epochs as fast as the machine goes. */
export const SPEEDS = [1, 5, 20, 50, 200, "max"] as const;
export type Speed = (typeof SPEEDS)[number];

/** A 200-epoch run takes four seconds: slow enough to watch the loss fall, quick enough not to wait for. */
export const DEFAULT_SPEED: Speed = 50;

/** The speed `value` names, or null when it is none of SPEEDS (a checkpoint from another version, say). */
export function parseSpeed(value: unknown): Speed | null {
  return SPEEDS.find((speed) => speed === value) ?? null;
}

/** The speed in words, for the control and screen readers. */
export function speedLabel(speed: Speed): string {
  if (speed === "max") return "as fast as it goes";
  return speed === 1 ? "1 epoch per second" : `${speed} epochs per second`;
}

/**
 * How many epochs are due `elapsedMs` after pacing started at `speed`: the first at once, then one every
 * 1000 / speed milliseconds. Infinite at "max".
 */
export function epochsDue(elapsedMs: number, speed: Speed): number {
  if (speed === "max") return Infinity;
  return Math.floor((Math.max(0, elapsedMs) * speed) / 1000) + 1;
}

/**
 * Counts epochs against the clock from an origin (a start, a resume, a change of speed). Restarting the origin
 * after a pause means a resumed run does not rush to make up the paused time.
 */
export class Pacer {
  private originMs = 0;
  private originEpoch = 0;

  constructor(
    private pace: Speed,
    nowMs: number,
    epoch: number,
  ) {
    this.restart(nowMs, epoch);
  }

  get speed(): Speed {
    return this.pace;
  }

  /** Counts from `epoch` at `nowMs`: the next epoch is due at once. */
  restart(nowMs: number, epoch: number): void {
    this.originMs = nowMs;
    this.originEpoch = epoch;
  }

  /** Runs at `speed` from now on. */
  setSpeed(speed: Speed, nowMs: number, epoch: number): void {
    this.pace = speed;
    this.restart(nowMs, epoch);
  }

  /** How many more epochs are due at `nowMs` with `epoch` epochs done. */
  due(nowMs: number, epoch: number): number {
    return Math.max(0, epochsDue(nowMs - this.originMs, this.pace) - (epoch - this.originEpoch));
  }

  /** Whole milliseconds until the next epoch is due with `epoch` epochs done; 0 when one is due now. */
  waitMs(nowMs: number, epoch: number): number {
    if (this.pace === "max" || this.due(nowMs, epoch) > 0) return 0;
    const nextAt = this.originMs + ((epoch - this.originEpoch) * 1000) / this.pace;
    return Math.max(1, Math.ceil(nextAt - nowMs));
  }
}
