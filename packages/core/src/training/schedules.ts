import { cos, powInt } from "../math/portable.ts";

/** Learning-rate schedules, stepped once per epoch, in the closed forms of torch.optim.lr_scheduler. */
export const SCHEDULE_KINDS = ["constant", "step", "exponential", "cosine"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** A schedule is plain data, so it travels on the wire and sits in a run configuration. */
export type Schedule =
  | { readonly kind: "constant" }
  | { readonly kind: "step"; readonly stepSize: number; readonly gamma: number }
  | { readonly kind: "exponential"; readonly gamma: number }
  | { readonly kind: "cosine"; readonly minLr: number };

/**
 * The learning rate used throughout epoch `epoch` (0-based) of a run of `totalEpochs` epochs starting from `baseLr`:
 * constant lr; step lr * gamma^floor(epoch / stepSize) (StepLR); exponential lr * gamma^epoch (ExponentialLR);
 * cosine minLr + (lr - minLr) * (1 + cos(pi * epoch / totalEpochs)) / 2 (CosineAnnealingLR with T_max = totalEpochs).
 */
export function learningRateAt(schedule: Schedule, baseLr: number, epoch: number, totalEpochs: number): number {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new Error(`invalid epoch ${epoch}, expected an integer >= 0`);
  }
  switch (schedule.kind) {
    case "constant":
      return baseLr;
    case "step":
      if (!Number.isInteger(schedule.stepSize) || schedule.stepSize < 1) {
        throw new Error(`invalid step schedule: stepSize ${schedule.stepSize}, expected an integer >= 1`);
      }
      return baseLr * powInt(schedule.gamma, Math.floor(epoch / schedule.stepSize));
    case "exponential":
      return baseLr * powInt(schedule.gamma, epoch);
    case "cosine":
      if (!Number.isInteger(totalEpochs) || totalEpochs < 1) {
        throw new Error(`invalid cosine schedule: totalEpochs ${totalEpochs}, expected an integer >= 1`);
      }
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + cos((Math.PI * epoch) / totalEpochs))) / 2;
  }
}
